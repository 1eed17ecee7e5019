"""Who runs this copy of the knowledge base, and how to reach them.

About, Contact, Report a problem, Accessibility statement, Privacy and Cookies:
the pages GOV.UK links from every footer, so that a reader can tell who
publishes what they are reading. The publisher's name and contact are settings
(README, "Settings"); where a setting is empty the pages say so plainly rather
than invent a publisher.

"Report a problem with this page" carries the page's address and version, never
anything typed: the footer link keeps the path and a few named choices (role,
nation, version), so a search page's link has no ``q``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from flask import Blueprint, current_app, g, render_template, request, url_for

from web.stores import IndexUnavailable, get_index

bp = Blueprint("about", __name__)

# Choices of a page that name content, not words a visitor typed.
KEPT_ARGS = ("role", "nation", "at")
MAX_PAGE = 300  # characters of a reported address
PAGE = re.compile(r"^/(?!/)[\w\-./~%:@!$&'()*+,;=?]*$")
VERSION = re.compile(r"^[0-9a-f]{7,40}$")
STATEMENT_DATE = "7 December 2026"  # the accessibility statement's last review


@dataclass(frozen=True)
class Publisher:
    """Who runs this copy: each part None where the operator has not set it."""

    name: str | None
    email: str | None
    report_url: str | None

    @property
    def named(self) -> str:
        return self.name or "the publisher of this copy (not named in its settings)"


def get_publisher() -> Publisher:
    config = current_app.config
    email = (config.get("CONTACT_EMAIL") or "").strip()
    report = (config.get("REPORT_URL") or "").strip()
    return Publisher((config.get("PUBLISHER_NAME") or "").strip() or None,
                     email if "@" in email else None,
                     report if report.startswith(("https://", "http://")) else None)


@bp.app_context_processor
def publisher_context() -> dict:
    return {"publisher": get_publisher()}


@bp.app_template_global()
def report_problem_url() -> str:
    """The footer's "Report a problem" link for the page being served."""
    page = request.path
    kept = [(k, request.args[k]) for k in KEPT_ARGS if request.args.get(k)]
    if kept:
        page += "?" + urlencode(kept)
    if len(page) > MAX_PAGE or not PAGE.match(page):
        page = None
    return url_for("about.report", page=page, version=_page_version())


def _page_version() -> str | None:
    """The version of the document or pathway served, else the index's content."""
    versions = [v for v in g.get("kb_versions", {}).values() if v is not None]
    if len(versions) == 1:
        return versions[0].sha[:12]
    try:
        commit = get_index().content_commit
    except IndexUnavailable:
        return None
    return commit[:12] if commit else None


@bp.get("/about")
def about():
    return render_template("about/about.html")


@bp.get("/contact")
def contact():
    return render_template("about/contact.html")


@bp.get("/contact/report")
def report():
    page = request.args.get("page", "")
    version = request.args.get("version", "")
    page = page if len(page) <= MAX_PAGE and PAGE.match(page) else None
    version = version if VERSION.match(version) else None
    address = request.host_url.rstrip("/") + page if page else None
    return render_template("about/report.html", address=address, version=version,
                           mailto=_mailto(address, version))


def _mailto(address: str | None, version: str | None) -> str | None:
    email = get_publisher().email
    if email is None:
        return None
    subject = "Problem with a page of the knowledge base"
    body = (f"Page: {address or 'not known'}\nVersion: {version or 'not known'}\n\n"
            "What is wrong:\n")
    return f"mailto:{email}?subject={quote(subject)}&body={quote(body)}"


@bp.get("/accessibility")
def accessibility():
    return render_template("about/accessibility.html", reviewed=STATEMENT_DATE)


@bp.get("/privacy")
def privacy():
    return render_template("about/privacy.html")


@bp.get("/cookies")
def cookies():
    return render_template("about/cookies.html")

