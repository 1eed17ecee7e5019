"""The JSON API answers as web/openapi.yml says, checked with schemathesis.

schemathesis reads /api/openapi.json from the app and calls it through Flask's
WSGI interface with generated requests: valid ones (the answer must match its
schema) and invalid ones (the API must refuse them with a 4xx), plus methods
the description does not list (405 with an Allow header). Examples are few and
bounded so ``make test`` stays quick.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

from web import create_app

# The description as the site serves it. Serving it reads no content or index;
# the requests go to the ``app`` fixture's site, over the real library.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", create_app(
    {"GUIDANCE_DIR": "/nonexistent", "INDEX_DIR": "/nonexistent"}))


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_matches_its_description(case, app):
    # Schemathesis's WSGI client does not decode compressed bodies; the site
    # compresses only when asked (tests/web/test_static_files.py).
    case.call_and_validate(app=app, headers={"Accept-Encoding": "identity"})
