"""The site under gunicorn with the production settings, as ``make serve-prod``."""

from __future__ import annotations

import http.client
import importlib.util
import json
import os
from urllib.parse import quote

import pytest

from tests.hardening.library import STABLE_QUERY
from tests.hardening.processes import REPO
from tests.hardening.servers import get, raw_request


def load_settings():
    spec = importlib.util.spec_from_file_location(
        "gunicorn_settings", REPO / "deploy" / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_settings_suit_production():
    settings = load_settings()
    assert settings.preload_app is False  # the index opens after the fork
    assert "KB_AUTO_REINDEX=0" in settings.raw_env
    cores = len(os.sched_getaffinity(0))
    assert settings.default_workers() == min(cores + 1, settings.MAX_WORKERS)
    assert 10 <= settings.timeout <= 60
    for atom in ("%(q)s", "%(r)s", "%(f)s", "{"):
        assert atom not in settings.access_log_format
    assert "%(U)s" in settings.access_log_format
    assert "KB_TRUSTED_HOSTS=localhost,127.0.0.1" in settings.raw_env or \
        os.environ.get("KB_TRUSTED_HOSTS")


def test_serves_searches_documents_and_health(production):
    url, _ = production
    status, body = get(f"{url}/api/search?q={STABLE_QUERY}")
    assert status == 200 and json.loads(body)["total"] == 5
    assert get(f"{url}/doc/spotting-the-signs")[0] == 200
    health = json.loads(get(f"{url}/healthz")[1])
    assert health["status"] == "ok" and health["index"]["documents"] == 5


def test_long_query_within_the_request_line_limit_is_cut_with_a_notice(production):
    url, _ = production
    status, body = get(f"{url}/search?q={quote(STABLE_QUERY + ' ' + 'x' * 3000)}")
    assert status == 200
    assert b"Your search was long, so we used only its first part." in body


def test_errors_show_no_debugger(production):
    url, _ = production
    status, body = get(f"{url}/no-such-page")
    assert status == 404
    assert b"Werkzeug" not in body and b"Traceback" not in body
    assert raw_request(int(url.rsplit(":", 1)[1]), b"GET /%ZZ HTTP/1.1").split()[1] \
        in (b"400", b"404")


@pytest.mark.parametrize("host", ["evil.example", "a" * 64 + ".localhost"])
def test_item10_untrusted_host_is_a_plain_400_in_production(production, host):
    """Issue 27, item 10: links would be built from any Host; a long label was an
    empty 500."""
    url, _ = production
    conn = http.client.HTTPConnection("127.0.0.1", int(url.rsplit(":", 1)[1]),
                                      timeout=30)
    conn.request("GET", "/api/search?q=referral", headers={"Host": host})
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    assert response.status == 400
    assert "does not answer to that host name" in body and host not in body
    assert response.getheader("Content-Security-Policy")
