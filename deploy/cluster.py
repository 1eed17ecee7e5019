"""``make serve-cluster``: several replicas of the site behind nginx, on one machine.

Each replica is gunicorn with the production settings (``deploy/gunicorn.conf.py``)
on its own loopback port, all reading the same index folder: a ``kb index --full``
swaps a new generation in and every replica serves it on its next request.
nginx, Debian's, runs as the current user with ``deploy/nginx-site.conf``
rendered into a run folder (``.cluster/`` by default) that also holds its
temporary files, cache, logs, a self-signed certificate (made with openssl) and
each replica's drain file (``KB_DRAIN_FILE``: while it exists the replica
answers 503, and nginx asks another). The system's nginx service is never
touched. The test (``tests/cluster``) and the benchmark (``bench/cluster.py``)
start the same ``Cluster``.
"""

from __future__ import annotations

import argparse
import grp
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from kb import config as kb_config

DEPLOY = Path(__file__).resolve().parent
TEMPLATE = DEPLOY / "nginx-site.conf"
GUNICORN_CONFIG = DEPLOY / "gunicorn.conf.py"
GUNICORN = Path(sys.executable).with_name("gunicorn")
START_TIMEOUT = 180.0
# After one failed request nginx rests a replica this long, then tries it again.
FAIL_TIMEOUT = 5
# nginx's main file for a run as the current user: everything under the run folder.
MAIN = """\
{user}worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/logs/nginx.error.log crit;
events {{ worker_connections 1024; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    server_tokens off;
    client_body_temp_path {run}/temp/body;
    proxy_temp_path {run}/temp/proxy;
    fastcgi_temp_path {run}/temp/fastcgi;
    uwsgi_temp_path {run}/temp/uwsgi;
    scgi_temp_path {run}/temp/scgi;
    include {run}/site.conf;
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if not found:
        raise RuntimeError("nginx is missing: run 'bash deploy/ensure-nginx.sh'")
    return found


def status(url: str, timeout: float = 5.0) -> int:
    """The status of a GET (0 when nothing answered); certificates unchecked:
    the local run's is self-signed."""
    context = ssl._create_unverified_context()
    try:
        with urllib.request.urlopen(url, timeout=timeout, context=context) as answer:
            answer.read()
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


@dataclass
class Replica:
    """One gunicorn server (master and workers, in their own process group)."""

    number: int
    port: int
    run: Path
    env: dict[str, str]
    process: subprocess.Popen | None = None

    @property
    def drain_file(self) -> Path:
        return self.run / f"replica-{self.number}.drain"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**self.env, "KB_BIND": f"127.0.0.1:{self.port}",
               "KB_DRAIN_FILE": str(self.drain_file), "KB_PROXIES": "1"}
        log = open(self.run / "logs" / f"replica-{self.number}.log", "ab")  # noqa: SIM115
        with log:
            self.process = subprocess.Popen(
                [str(GUNICORN), "-c", str(GUNICORN_CONFIG)], env=env, stdout=log,
                stderr=subprocess.STDOUT, cwd=kb_config.REPO_ROOT,
                start_new_session=True)

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise RuntimeError(f"replica {self.number} stopped while starting: see "
                                   f"{self.run / 'logs'}/replica-{self.number}.log")
            if status(self.url + "/healthz") == 200:
                return
            time.sleep(0.2)
        raise RuntimeError(f"replica {self.number} did not answer in time")

    def kill(self) -> None:
        """kill -9 the whole server: master and every worker at once."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Cluster:
    """nginx on ``host:port`` (TLS) in front of ``replicas`` gunicorn servers."""

    run: Path
    guidance: Path
    index_dir: Path
    host: str = "127.0.0.1"
    port: int = 0
    replicas: int = 2
    trusted_hosts: str = ""
    workers: int | None = None
    settings: dict[str, str] = field(default_factory=dict)  # more KB_ settings
    members: list[Replica] = field(default_factory=list)
    nginx: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"https://{self.host}:{self.port}"

    def start(self) -> Cluster:
        self.port = self.port or free_port()
        for folder in ("logs", "cache", "temp"):
            (self.run / folder).mkdir(parents=True, exist_ok=True)
        hosts = self.trusted_hosts or f"localhost,127.0.0.1,{self.host}"
        env = {**os.environ, "KB_GUIDANCE_DIR": str(self.guidance),
               "KB_INDEX_DIR": str(self.index_dir), "KB_TRUSTED_HOSTS": hosts}
        if self.workers:
            env["KB_WORKERS"] = str(self.workers)
        env.update(self.settings)
        self.members = [Replica(n, free_port(), self.run, env)
                        for n in range(1, self.replicas + 1)]
        try:
            for replica in self.members:
                replica.drain_file.unlink(missing_ok=True)
                replica.start()
            for replica in self.members:
                replica.wait_ready()
            self._start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_nginx(self) -> None:
        certificate, key = self._certificate()
        servers = "\n    ".join(
            f"server 127.0.0.1:{r.port} max_fails=1 fail_timeout={FAIL_TIMEOUT}s;"
            for r in self.members)
        values = {"SERVER_NAME": "localhost", "HTTP_LISTEN": f"127.0.0.1:{free_port()}",
                  "HTTPS_LISTEN": f"{self.host}:{self.port}",
                  "CERTIFICATE": str(certificate), "CERTIFICATE_KEY": str(key),
                  "UPSTREAM_SERVERS": servers, "CACHE_DIR": str(self.run / "cache"),
                  "LOG_DIR": str(self.run / "logs")}
        site = TEMPLATE.read_text()
        for name, value in values.items():
            site = site.replace(f"@{name}@", value)
        (self.run / "site.conf").write_text(site)
        (self.run / "nginx.conf").write_text(MAIN.format(
            run=self.run, mime_types="/etc/nginx/mime.types", user=_user_line()))
        self.nginx = subprocess.Popen(
            [nginx_binary(), "-p", str(self.run), "-c", str(self.run / "nginx.conf"),
             "-g", "daemon off;"], stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.nginx.poll() is not None:
                raise RuntimeError("nginx stopped while starting: "
                                   + self.nginx.stderr.read().decode()[-2000:])
            if status(self.url + "/healthz") == 200:
                return
            time.sleep(0.1)
        raise RuntimeError("nginx did not answer in time")

    def _certificate(self) -> tuple[Path, Path]:
        """A self-signed certificate for this machine, made once."""
        certificate, key = self.run / "tls.crt", self.run / "tls.key"
        if not certificate.exists() or not key.exists():
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days",
                 "365", "-subj", "/CN=localhost", "-keyout", str(key), "-out",
                 str(certificate), "-addext",
                 f"subjectAltName=DNS:localhost,IP:127.0.0.1,IP:{_ip(self.host)}"],
                check=True, capture_output=True)
        return certificate, key

    def stop(self) -> None:
        if self.nginx and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)  # graceful: finish answers
            try:
                self.nginx.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait()
        if self.nginx and self.nginx.stderr:
            self.nginx.stderr.close()
        for replica in self.members:
            replica.stop()

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _ip(host: str) -> str:
    try:
        wildcard = host in ("0.0.0.0", "")
        return "127.0.0.1" if wildcard else socket.gethostbyname(host)
    except OSError:
        return "127.0.0.1"


def _user_line() -> str:
    """nginx started by root hands its workers to "nobody", who could not write
    the run folder: keep them as the current user (root only; others cannot
    switch user anyway)."""
    if os.geteuid() != 0:
        return ""
    user = pwd.getpwuid(os.geteuid()).pw_name
    return f"user {user} {grp.getgrgid(os.getegid()).gr_name};\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    parser.add_argument("--replicas", type=int,
                        default=int(os.environ.get("KB_REPLICAS", "2")))
    parser.add_argument("--run", type=Path, default=kb_config.REPO_ROOT / ".cluster")
    args = parser.parse_args(argv)
    guidance = kb_config.guidance_dir()
    cluster = Cluster(args.run.resolve(), guidance, kb_config.index_dir(guidance),
                      args.host, args.port, args.replicas,
                      os.environ.get("KB_TRUSTED_HOSTS", ""))
    with cluster:
        print(f"Serving {cluster.url}/ through nginx (self-signed certificate) with "
              f"{args.replicas} replicas: "
              + ", ".join(r.url for r in cluster.members), flush=True)
        print(f"Logs in {args.run}/logs. Drain replica N: touch "
              f"{args.run}/replica-N.drain. Press Ctrl-C to stop.", flush=True)
        try:
            signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
            while cluster.nginx and cluster.nginx.poll() is None:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
