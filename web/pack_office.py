"""What the Word handout and the PowerPoint slides of a session pack share.

Both formats carry the same core properties (the service, never a person) and
name a section the same way, so the two downloads of one pack agree.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kb.model import Section

# Characters XML 1.0 cannot hold: lxml refuses them, so a stray one in the
# guidance would break the whole download.
XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` with U+FFFD for each control character a Word or PowerPoint
    file cannot hold (tab, line feed and carriage return stay), so a reader
    sees that something was there."""
    return XML_FORBIDDEN.sub("\ufffd", text)


def set_properties(props: Any, service: str, today: dt.date) -> None:
    """Core properties: the service as author, no names, no tool defaults.

    ``props`` is python-docx's or python-pptx's ``core_properties``: the two
    libraries give them the same names.
    """
    stamp = dt.datetime.combine(today, dt.time())
    props.author = props.last_modified_by = service
    props.title, props.subject = "Session pack", f"Guidance from the {service}"
    props.comments = props.keywords = props.category = ""
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    props.language = "en-GB"


def section_title(section: Section) -> str:
    """'2.1 Heading', or 'Introduction' for the text before the first heading."""
    return f"{section.number} {section.heading}" if section.number else "Introduction"
