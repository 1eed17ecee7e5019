"""Issue 27, item 11: gunicorn's own 400 and 414 never pass through the site, so
they carry none of its headers; the proxy in front adds them, with HSTS. The
example proxy configuration must send exactly the site's values."""

from __future__ import annotations

import re
import socket

from tests.hardening.processes import REPO
from tests.hardening.servers import raw_request
from web.security import HEADERS

NGINX = REPO / "deploy" / "nginx-site.conf"


def _gunicorn_answer(port: int, line: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(line + b"\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(4096):
            answer += chunk
    return answer


def test_gunicorns_own_refusals_lack_the_headers(production):
    """Why the proxy must add them: this is what gunicorn answers by itself."""
    port = int(production[0].rsplit(":", 1)[1])
    assert raw_request(port, b"GET /" + b"x" * 9000 + b" HTTP/1.1").split()[1] == b"414"
    answer = _gunicorn_answer(port, b"GET /search?q=a b HTTP/1.1")
    assert answer.split()[1] == b"400"
    assert b"Content-Security-Policy" not in answer


def _maps() -> dict[str, str]:
    """Upstream header name -> the value nginx adds when the site sent none."""
    text = NGINX.read_text()
    found = {}
    for upstream, body in re.findall(r"map \$upstream_http_(\w+) \$\w+ \{(.*?)\}",
                                     text, re.S):
        value = re.search(r'""\s+"([^"]*)";', body)
        assert value, upstream
        found[upstream] = value.group(1)
    return found


def test_proxy_adds_every_site_header_with_the_same_value():
    maps = _maps()
    for name, value in HEADERS.items():
        assert maps.get(name.lower().replace("-", "_")) == value, name


def test_proxy_adds_them_to_every_answer_with_hsts():
    text = NGINX.read_text()
    for variable in re.findall(r"map \$upstream_http_\w+ (\$\w+)", text):
        assert re.search(rf"add_header [\w-]+ \{variable} always;", text), variable
    hsts = re.search(r'add_header Strict-Transport-Security "max-age=(\d+)[^"]*" '
                     r"always;", text)
    assert hsts and int(hsts.group(1)) >= 31536000  # at least a year
    assert "$request " not in text and "$request_uri;" not in text.split(
        "log_format")[1].split(";")[0]  # the log keeps no query string
