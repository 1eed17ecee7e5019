"""gunicorn settings for the site in production (``make serve-prod``).

The README's "Production serving" section explains the choices; in short:
- workers: search is CPU-bound Python, and each worker keeps its own caches of
  decoded postings, so we run one per core plus one spare (at most MAX_WORKERS).
  More workers split the same searches between more caches: at 100x the
  library on 2 cores, 5 workers spent 45-57 ms of CPU a search page against
  28 ms for 2 and 34-37 ms for 3 (README, "Production serving"). The spare
  keeps one slow request (a history page waiting on git) from holding up the
  queue. Set KB_WORKERS to override.
- the index is opened in each worker after the fork, never before: no preload.
- the app only reads: the index is built beforehand and auto-reindex is off.
- no query string reaches any log: a search may hold a child's name.
- the site answers only to the host names in KB_TRUSTED_HOSTS (this machine
  when unset): set it to the public name, as links are built from the Host.
"""

from __future__ import annotations

import logging
import os
import re

from gunicorn import glogging

from web import LOCAL_HOSTS, trusted_hosts
from web.access_log import install

MAX_WORKERS = 12


def default_workers() -> int:
    """The cores this process may use (a container's share, not the host's) + 1."""
    return min(len(os.sched_getaffinity(0)) + 1, MAX_WORKERS)


wsgi_app = "web:create_app()"
bind = [os.environ.get("KB_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("KB_WORKERS") or default_workers())
# Sync workers gave the best tail latency under load (gthread with 2 threads
# tripled p99: the threads of one worker fight over its interpreter lock). Put a
# buffering proxy or load balancer in front, so slow phones never hold a worker.
worker_class = "sync"
preload_app = False  # Whoosh readers must be opened after the fork
# Serve the prebuilt index, never write to it; answer only to trusted host names
# (any other Host gets a plain 400), by default this machine's own.
TRUSTED_HOSTS = trusted_hosts(os.environ.get("KB_TRUSTED_HOSTS"))
raw_env = ["KB_AUTO_REINDEX=0", f"KB_TRUSTED_HOSTS={','.join(TRUSTED_HOSTS)}"]
reload = False
# Which proxies' X-Forwarded-Proto to believe is the site's setting KB_PROXIES
# (web.create_app, Werkzeug's ProxyFix): gunicorn's own rule, which believes any
# client on this machine, would be a second gate that a local client could open.
secure_scheme_headers: dict[str, str] = {}
control_socket_disable = True  # no runtime control socket: nothing written in $HOME

# A search stops itself after half a second; anything near 30 s is a fault.
timeout = 30
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then, staggered, to bound slow memory growth.
max_requests = 2000
max_requests_jitter = 200
# The longest request line gunicorn accepts; the search keeps 500 characters.
limit_request_line = 8190

# Method, path without query string, protocol, status, size and time only:
# no %(q)s, no %(r)s (the request line holds the query), no referrer, no agent.
accesslog = "-"
errorlog = "-"
loglevel = "info"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


# "Invalid request from ip=...: Invalid HTTP Version: 'Okafor HTTP/1.1'": gunicorn
# quotes the parts of a malformed request it could not read, query words included.
INVALID_REQUEST = re.compile(r"^(Invalid request from ip=[^:]*: [^'\"]*)['\"].*", re.S)


class WithholdRequestText(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = INVALID_REQUEST.sub(r"\1(request text withheld)",
                                      record.getMessage())
        record.msg, record.args = message, ()
        return True


class PrivateLogger(glogging.Logger):
    """gunicorn's logger, with query strings cut from every line it writes."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        install(self.error_log)
        install(self.access_log)
        self.error_log.addFilter(WithholdRequestText())


logger_class = PrivateLogger


def when_ready(server) -> None:
    """Say which host names the site answers to: the usual cause of a 400."""
    local = " (this machine only: set KB_TRUSTED_HOSTS)" \
        if list(LOCAL_HOSTS) == TRUSTED_HOSTS else ""
    server.log.info("Answering to host names: %s%s", ", ".join(TRUSTED_HOSTS), local)
