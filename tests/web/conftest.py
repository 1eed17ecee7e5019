"""Fixtures for the site: the real library with a real index built once per
session, and a small library written in tmp_path for cases the real one lacks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.build.builder import build_index
from web import create_app

REPO = Path(__file__).resolve().parents[2]
REAL_GUIDANCE = REPO / "guidance"

GLOSSARY = """\
terms:
  - term: NRM
    expansion: National Referral Mechanism
    definition: The UK framework for identifying victims of modern slavery.
    synonyms: [national referral mechanism]
"""

BEST_BETS = """\
best_bets:
  - queries: [emergency, call 999]
    sections: [key-contacts-and-helplines#emergency]
"""

CONTACTS = """\
---
id: key-contacts-and-helplines
title: Key contacts and helplines
type: contacts
summary: Who to call.
status: current
jurisdictions: [uk]
audiences: [social-care]
topics: [contacts]
reviewed: 2026-11-01
source:
  title: Contacts source
  publisher: Home Office
  url: https://www.gov.uk/example
  published: 2020-03
---

## If a child is in immediate danger {#emergency}

**Call 999** and ask for the police.

## Helplines {#helplines}

Phone the helpline on 0800 000 000.

## Other contacts {#other}

Not on the home page.
"""

NEW_NOTE = """\
---
id: new-note
title: New note
type: practice-note
summary: How to refer a child to the NRM, and what happens next.
status: current
jurisdictions: [england]
audiences: [social-care]
topics: [nrm]
reviewed: 2026-11-01
related: [old-note]
unverified:
  - The referral form changed in 2026.
---

Before any heading, a lead paragraph.

## Who can refer {#who-can-refer}

Only a first responder can refer to the NRM. The NRM is UK-wide.
See [the old note](old-note.md#steps) and [below](#after).

### After the referral {#after}

Wait for the decision. See [Steps in the old note](../practice-notes/old-note.md).
"""

OLD_NOTE = """\
---
id: old-note
title: Old note & <b>bold</b> title
type: practice-note
summary: The old way to refer.
status: superseded
superseded_by: new-note
jurisdictions: [england]
audiences: [police]
topics: [nrm]
reviewed: 2020-01-01
anchor_aliases:
  old-steps: steps
---

## Steps {#steps}

Refer within a week.
"""


def write_small_guidance(root: Path) -> Path:
    """vocabulary (the real one), a glossary, contacts and two practice notes."""
    notes = root / "practice-notes"
    notes.mkdir(parents=True)
    shutil.copy(REAL_GUIDANCE / "vocabulary.yml", root / "vocabulary.yml")
    (root / "glossary.yml").write_text(GLOSSARY, "utf-8")
    (root / "best-bets.yml").write_text(BEST_BETS, "utf-8")
    (root / "contacts").mkdir()
    (root / "contacts" / "key-contacts-and-helplines.md").write_text(CONTACTS, "utf-8")
    (notes / "new-note.md").write_text(NEW_NOTE, "utf-8")
    (notes / "old-note.md").write_text(OLD_NOTE, "utf-8")
    return root


def make_app(guidance: Path, index_dir: Path, **config):
    return create_app({"TESTING": True, "GUIDANCE_DIR": str(guidance),
                       "INDEX_DIR": str(index_dir), "AUTO_REINDEX": False, **config})


@pytest.fixture(scope="session")
def real_index(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("real-index")
    build_index(REAL_GUIDANCE, index_dir, full=True)
    return index_dir


@pytest.fixture(scope="session")
def app(real_index):
    return make_app(REAL_GUIDANCE, real_index)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def small_site(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("small")
    guidance = write_small_guidance(root / "guidance")
    build_index(guidance, root / "index", full=True)
    return guidance, root / "index"


@pytest.fixture(scope="session")
def small_app(small_site):
    return make_app(*small_site)


@pytest.fixture
def small_client(small_app):
    return small_app.test_client()
