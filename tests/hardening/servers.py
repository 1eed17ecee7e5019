"""Real servers on loopback: gunicorn with the production settings, and the
development server. Each records its logs where a test can read them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from tests.hardening.processes import REPO, wait_for

GUNICORN = Path(sys.executable).with_name("gunicorn")
CONFIG = REPO / "deploy" / "gunicorn.conf.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def _up(port: int) -> bool:
    try:
        return get(f"http://127.0.0.1:{port}/healthz", timeout=2)[0] == 200
    except OSError:
        return False


@contextmanager
def gunicorn(guidance: Path, index_dir: Path, log_dir: Path, workers: int = 2):
    """gunicorn with deploy/gunicorn.conf.py; yields the base URL."""
    port = free_port()
    env = {**os.environ, "KB_GUIDANCE_DIR": str(guidance),
           "KB_INDEX_DIR": str(index_dir), "KB_BIND": f"127.0.0.1:{port}",
           "KB_WORKERS": str(workers)}
    with open(log_dir / "access.log", "wb") as out, \
            open(log_dir / "error.log", "wb") as err:
        process = subprocess.Popen([str(GUNICORN), "-c", str(CONFIG)], env=env,
                                   stdout=out, stderr=err, cwd=REPO)
        try:
            assert wait_for(lambda: _up(port), 60, step=0.1), "gunicorn did not start"
            yield f"http://127.0.0.1:{port}"
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


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
