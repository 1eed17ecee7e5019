"""Real servers on loopback: gunicorn with the production settings, and the
development server. Each records its logs where a test can read them."""

from __future__ import annotations

import socket
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.load import production_server


def get(url: str, timeout: float = 30) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def raw_request(port: int, line: bytes) -> bytes:
    """Send a request line as it is, however malformed; return the status line."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(line + b"\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        return sock.recv(200).split(b"\r\n", 1)[0]


@contextmanager
def gunicorn(guidance: Path, index_dir: Path, log_dir: Path, workers: int = 2):
    """gunicorn as ``make serve-prod`` runs it; yields the base URL."""
    with production_server(guidance, index_dir, log_dir, workers) as port:
        yield f"http://127.0.0.1:{port}"


@contextmanager
def development_server(app):
    """Werkzeug's development server (as ``flask run``) in a thread."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", server.server_port
    finally:
        server.shutdown()
        server.server_close()
