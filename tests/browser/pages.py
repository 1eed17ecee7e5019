"""The pages a person meets, by name: checked with axe-core and photographed.

Paths point at real documents in guidance/; change them here if those move.
"""

from __future__ import annotations

from urllib.parse import urlencode

DOC = "national-referral-mechanism"
CITED = (DOC, "reasonable-grounds")
PACK = [(DOC, "first-responders"), (DOC, "reasonable-grounds"),
        ("key-contacts-and-helplines", "helplines")]


def pack_path(sections: list[tuple[str, str]]) -> str:
    return "/pack?" + urlencode([("s", f"{doc}#{anchor}") for doc, anchor in sections])


PAGES = {
    "home": "/",
    "results": "/search?q=national+referral+mechanism",
    "zero-results": "/search?q=xylophonequartz",
    "document": f"/doc/{DOC}",
    "cite": f"/doc/{CITED[0]}/cite/{CITED[1]}",
    "pack": pack_path(PACK),
    "history": f"/doc/{DOC}/history",
    "glossary": "/glossary",
    "now": "/now",
    "now-role": "/now/child-gone-missing",
    "now-nation": "/now/child-gone-missing?role=carers",
    "now-answer": "/now/child-may-be-trafficked?role=police&nation=wales",
    "not-found": "/doc/no-such-document",
    "about": "/about",
    "contact": "/contact",
    "report": f"/contact/report?page=/doc/{DOC}&version=0123456789ab",
    "accessibility": "/accessibility",
    "privacy": "/privacy",
    "cookies": "/cookies",
    "areas": "/areas",
    "area": "/areas/northern-hsc-trust",
    "home-area": "/?area=northern-hsc-trust",
    "now-answer-area": "/now/child-may-be-trafficked?role=police"
                       "&area=belfast-hsc-trust",
    "area-not-found": "/?area=no-such-area",
}
