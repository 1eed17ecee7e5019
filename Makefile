# Safeguarding Guidance Knowledge Base. Run `make help` for the targets.
# Every target sets up what it needs: `make serve` and `make test` work on a fresh clone.
# Content and index folders are not set here: `kb` and the site read KB_GUIDANCE_DIR
# and KB_INDEX_DIR, else find guidance/ from the current folder (README, "Settings").

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# Host names the site answers to (README, "Settings"): this machine and HOST.
# A phone on the same network needs the address it uses, e.g.
# `make serve HOST=0.0.0.0 KB_TRUSTED_HOSTS=192.168.1.20`.
KB_TRUSTED_HOSTS ?= localhost,127.0.0.1,$(HOST)
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup assets check index serve serve-prod serve-cluster cluster-bench test-cluster test lint hooks relevance bench screenshots clean lighthouse

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,prod]'
	touch $(STAMP)

setup: $(STAMP) assets ## Create .venv and install everything (quick when done)

ASSETS := web/static/govuk
VENDOR := web/static/vendor
ASSETS_STAMP := $(ASSETS)/.built
GOVUK_DIST := node_modules/govuk-frontend/dist/govuk
# Our own static files: a change to any of them fingerprints everything again.
STATIC_SOURCES := $(wildcard web/static/*.svg web/static/*/*.js web/static/*/*.mjs \
	web/static/*/*.css web/static/*/*.png)

assets: $(ASSETS_STAMP) ## Build the front-end assets into web/static, fingerprinted and compressed (needs npm)

$(ASSETS_STAMP): $(STAMP) package.json package-lock.json web/assets/site.scss $(STATIC_SOURCES)
	npm ci --no-audit --no-fund --omit=optional
	rm -rf $(ASSETS) $(VENDOR) && mkdir -p $(ASSETS) $(VENDOR)
	node_modules/.bin/sass --no-source-map --style=compressed --quiet-deps \
		--load-path=node_modules web/assets/site.scss $(ASSETS)/site.css
	cp $(GOVUK_DIST)/govuk-frontend.min.js $(ASSETS)/
	cp node_modules/minisearch/dist/umd/index.js $(VENDOR)/minisearch.js
	$(BIN)/flask --app web digest clean >/dev/null
	$(BIN)/flask --app web digest compile >/dev/null
	touch $@

check: $(STAMP) ## Check every document in guidance/ (kb check --strict)
	$(BIN)/kb check --strict

index: $(STAMP) ## Bring the search index up to date (incremental)
	$(BIN)/kb index

serve: setup index ## Serve the site on HOST:PORT (default 127.0.0.1:5000)
	KB_AUTO_REINDEX=1 KB_TRUSTED_HOSTS=$(KB_TRUSTED_HOSTS) \
		$(BIN)/flask --app web run --host $(HOST) --port $(PORT)

serve-prod: setup ## Serve with gunicorn as in production: a fresh full index, read-only
	$(BIN)/kb index --full
	KB_BIND=$(HOST):$(PORT) KB_TRUSTED_HOSTS=$(KB_TRUSTED_HOSTS) \
		$(BIN)/gunicorn -c deploy/gunicorn.conf.py

KB_REPLICAS ?= 2
serve-cluster: setup ## Serve through nginx (TLS, cache) on HOST:PORT with KB_REPLICAS gunicorn replicas
	bash deploy/ensure-nginx.sh
	$(BIN)/kb index --full
	HOST=$(HOST) PORT=$(PORT) KB_REPLICAS=$(KB_REPLICAS) KB_TRUSTED_HOSTS=$(KB_TRUSTED_HOSTS) \
		$(BIN)/python -m deploy.cluster

# A few browser flows through the cluster: search to a highlighted section, the
# chooser, citing a section (CI runs this after `make test`).
CLUSTER_FLOWS := highlighted_section or chooser_leads or citation_link
test-cluster: setup ## The cluster tests, and a few browser flows through nginx and 2 replicas
	bash deploy/ensure-nginx.sh
	bash tests/browser/ensure-chromium.sh
	$(BIN)/pytest tests/cluster -q
	KB_BROWSER_CLUSTER=1 $(BIN)/pytest tests/browser -q -k '$(CLUSTER_FLOWS)'

cluster-bench: $(STAMP) ## Faults under load through nginx and 2 replicas (kill -9, index swaps, a 503), 60 s
	bash deploy/ensure-nginx.sh
	$(BIN)/python -m bench.cluster

.PHONY: load
load: $(STAMP) ## Load test gunicorn on loopback: 32 clients, 60 s; fails on any error
	$(BIN)/python -m bench.load

test: setup ## Run the whole test suite, including kb check on guidance/
	$(BIN)/kb check --strict
	$(BIN)/pytest

hooks: $(STAMP) ## Optional: run kb check and ruff on changed files before each commit
	$(BIN)/pip install --quiet -e '.[hooks]'
	$(BIN)/pre-commit install

lint: $(STAMP) ## Lint the code with ruff
	$(BIN)/ruff check kbcli kb indexer web tests bench deploy

lighthouse: setup ## Lighthouse 12 (mobile) on five page types: prints scores, a benchmark not a test
	npm ci --prefix bench/lighthouse-npm --no-audit --no-fund
	bash tests/browser/ensure-chromium.sh
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python -m bench.lighthouse --runs 3

screenshots: setup ## Photograph each page (desktop and phone) into screenshots/
	bash tests/browser/ensure-chromium.sh
	$(BIN)/python -m tests.browser.screenshots

bench: $(STAMP) ## Measure build and search speed at 1x, 10x, 100x; write BENCHMARKS.md
	$(BIN)/python -m bench.run

relevance: $(STAMP) ## Print search relevance (MRR, success@1 and @3, nDCG@10), misspellings and provisions too
	$(BIN)/python -m bench.relevance tests/relevance/queries.yml tests/relevance/misspellings.yml \
		tests/relevance/provisions.yml

clean: ## Remove the virtualenv, the index and built assets
	-$(BIN)/flask --app web digest clean >/dev/null 2>&1
	rm -rf $(VENV) var web/static/govuk web/static/vendor node_modules
