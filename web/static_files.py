"""Light on a phone: compressed pages, fingerprinted static files cached for a year.

``make assets`` runs Flask-Static-Digest's ``digest compile``: each file under
``web/static`` gets a copy named after its MD5 (``site-<md5>.css``) plus gzip and
brotli versions, and ``cache_manifest.json`` maps plain names to fingerprinted
ones. Templates link with ``static_url_for('static', filename=...)``, so a page
always names the current copy. WhiteNoise serves ``/static/``: the compressed
file the browser accepts, and a ten-year ``immutable`` cache (WhiteNoise's
"forever") for fingerprinted names (their content never changes, so a later
page asks for nothing but itself). Pages and JSON are compressed as they go out
by Flask-Compress (brotli, else gzip).
"""

from __future__ import annotations

import re

from flask import Flask
from flask_compress import Compress
from flask_static_digest import FlaskStaticDigest
from whitenoise import WhiteNoise

from web.security import SecurityHeaders

# Flask-Static-Digest names a copy "<name>-<32 hex digits of MD5>.<ext>".
FINGERPRINTED = re.compile(r"-[0-9a-f]{32}\.[\w.]+$")
UNFINGERPRINTED_MAX_AGE = 300  # a plain name may change at the next deploy

digest = FlaskStaticDigest()


def is_fingerprinted(path: str, url: str = "") -> bool:
    """True for a copy named after its content: safe to cache for a year."""
    return bool(FINGERPRINTED.search(path))


def init_app(app: Flask) -> None:
    app.config.setdefault("FLASK_STATIC_DIGEST_COMPRESSION", ["gzip", "brotli"])
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 5)
    app.config.setdefault("COMPRESS_LEVEL", 6)
    Compress(app)
    digest.init_app(app)
    app.wsgi_app = WhiteNoise(  # type: ignore[method-assign]
        app.wsgi_app, root=app.static_folder, prefix=app.static_url_path,
        max_age=UNFINGERPRINTED_MAX_AGE, immutable_file_test=is_fingerprinted,
        autorefresh=bool(app.config.get("AUTO_REINDEX") or app.debug))
    # WhiteNoise answers before Flask: its files and errors get the headers here.
    app.wsgi_app = SecurityHeaders(app.wsgi_app)  # type: ignore[method-assign]
