"""Template filters and globals: dates as people write them, labels, plain text."""

from __future__ import annotations

import datetime as dt
import functools

from flask import Flask
from markupsafe import Markup

from kb.model import Vocabulary
from web.section_html import highlight_text

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def human_date(value: dt.date | str | None) -> str:
    """'2020-03-24' -> '24 March 2020'; '2020-03' -> 'March 2020'; '2020' stays.

    Source dates are only as precise as what is known, so never add a day.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        value = value.isoformat()
    parts = str(value).split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


@functools.lru_cache(maxsize=4096)
def plain_heading(heading: str) -> str:
    """Headings come from the renderer HTML-escaped; templates escape them again.

    Kept: a results page shows about 25 headings, all from the library (never
    anything typed), and stripping tags costs more than looking one up."""
    return Markup(heading).striptags()


def label_for(value: str, facet: str, vocabulary: Vocabulary) -> str:
    return vocabulary.label(facet, value)


def init_app(app: Flask) -> None:
    for name in (human_date, plain_heading, label_for, highlight_text):
        app.add_template_filter(name)

    @app.context_processor
    def service() -> dict:
        return {"service_name": app.config["SERVICE_NAME"]}
