"""Phone numbers as tappable links: at 2 a.m. on a phone, a number should be
one tap away. Used by the pathway pages (as template filters), the API and
the packs."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# A phone number as steps write it: the short codes, or a UK number of 0 and
# groups of digits ("0800 043 4303", "028 9504 9999", "0800 1111"). Years and
# section numbers never start with 0, so they are left alone.
PHONE = re.compile(r"(?<![\w/.-])(?:999|101|116 000|0\d{3,4}(?: \d{3,4}){1,2}"
                   r"|0\d{2} \d{4} \d{4})(?![\w/-])")


def tel_href(number: str) -> str:
    """'08000 121 700' -> 'tel:08000121700'."""
    return "tel:" + re.sub(r"[^0-9+]", "", number)


def tel_links(text: str) -> Markup:
    """Text with each phone number in it a tappable link, the rest escaped."""
    def link(match: re.Match) -> str:
        number = match.group(0)
        return f'<a class="govuk-link" href="{tel_href(number)}">{number}</a>'

    return Markup(PHONE.sub(link, str(escape(text))))
