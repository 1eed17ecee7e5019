"""Odd ids and path traversal in every route: 404 or 400, never a file or a 500.

Werkzeug merges doubled slashes with a redirect (``/doc//history`` ->
``/doc/history``); such a redirect stays on the site and ends in a 404.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.hardening.routes import get_rules, url_for_rule

# Already URL-encoded, as they arrive on the wire.
ODD_VALUES = [
    "..", "..%2F..%2Fsetup.cfg", "%2e%2e%2f%2e%2e%2fvocabulary", "..%5C..%5Cwindows",
    "a%2Fb", "%2F", "%00", "a%00b", "%ff", "%c0%ae%c0%ae", "%ed%a0%80", "x" * 5000,
    "%25", "%20", "-", "--output=%2Ftmp%2Fx", "HEAD~999", "%3Cscript%3E",
    "spotting-the-signs%2F..%2Fage-disputes", "CON", ".git", ".lock", "meta.json",
    "%2F%2Fevil.example", "%5C%5Cevil.example",
]
ARGUMENT_RULES = [(rule, name) for rule in get_rules(__import__("web").create_app(
    {"GUIDANCE_DIR": "/nonexistent", "INDEX_DIR": "/nonexistent"}))
    for name in sorted(rule.arguments)]  # sorted: xdist workers must agree


def get_final(client, path: str):
    """Follow on-site redirects only; fail on any that leaves the site."""
    response = client.get(path)
    for _ in range(5):
        if response.status_code not in (301, 302, 307, 308):
            break
        target = urlsplit(response.headers["Location"])
        assert target.netloc in ("", "localhost"), response.headers["Location"]
        assert not target.path.startswith(("//", "/\\")), target.path
        response = client.get(target.path)
    return response


def test_every_route_with_an_argument_is_covered():
    covered = {rule.endpoint for rule, _ in ARGUMENT_RULES}
    assert {"documents.show", "api.document", "static"} <= covered


@pytest.mark.parametrize(("rule", "name"), ARGUMENT_RULES,
                         ids=[f"{r.rule}:{n}" for r, n in ARGUMENT_RULES])
def test_odd_values_give_404_or_400(site_client, rule, name):
    for odd in ODD_VALUES:
        response = get_final(site_client, url_for_rule(rule, **{name: odd}))
        assert response.status_code in (400, 404), (odd, response.status_code)
        assert b"Traceback" not in response.data


@pytest.mark.parametrize("path", [
    "/static/../../setup.cfg", "/static/..%2F..%2Fsetup.cfg", "/static/%2e%2e/web/",
    "/doc/../guidance/vocabulary.yml", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
    "/api/documents/../../setup.cfg", "/static//etc/passwd", "/%2F%2Fevil.example/",
    "/\\evil.example/",
])
def test_traversal_reaches_no_file(site_client, path):
    response = get_final(site_client, path)
    assert response.status_code in (400, 404)
    assert b"[metadata]" not in response.data and b"root:" not in response.data


@pytest.mark.parametrize("query", [
    "from=%00", "from=..%2F..", "from=--output%3D%2Ftmp%2Fx", "from=%ff", "since=%ff",
    "since=9999-99-99", "since=" + "9" * 5000,
])
def test_odd_revisions_in_parameters_give_404_or_400(site_client, query):
    response = site_client.get(f"/doc/spotting-the-signs/changes?{query}")
    assert response.status_code in (400, 404), response.status_code
