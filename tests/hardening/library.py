"""A small, stable guidance library in tmp_path for the hardening tests.

Written here rather than copied from guidance/, which editors change every day:
the faults we provoke need a library whose answers do not move.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VOCABULARY = REPO / "guidance" / "vocabulary.yml"

# The query every stability test repeats, and a word in every document.
STABLE_QUERY = "referral"

DOCUMENT = """---
id: {id}
title: {title}
type: practice-note
summary: {summary}
status: current
jurisdictions: [england]
audiences: [{audience}]
topics: [{topic}]
reviewed: 2026-11-01
---

## What to do first {{#what-to-do-first}}

{text}

## Making a referral {{#making-a-referral}}

Make a National Referral Mechanism referral through a first responder. {extra}
"""

DOCUMENTS = [
    ("spotting-the-signs", "Spotting the signs of child trafficking", "police",
     "identification", "Look for a child who is not in control of their passport."),
    ("missing-children-now", "A child is missing now", "social-care",
     "missing-children", "Call 999 if a child is in immediate danger."),
    ("county-lines-basics", "County lines and criminal exploitation", "education",
     "criminal-exploitation", "Children are moved to sell drugs in other towns."),
    ("age-disputes", "When a child's age is disputed", "social-care",
     "age-assessment", "Treat the young person as a child until age is assessed."),
    ("airport-concerns", "Suspected trafficking at an airport", "travel-hospitality",
     "identification", "Tell the police at once; do not confront the adult."),
]


def write_document(root: Path, doc_id: str, title: str = "A practice note",
                   audience: str = "police", topic: str = "nrm",
                   text: str = "Keep the child safe.", extra: str = "") -> Path:
    path = root / f"{doc_id}.md"
    path.write_text(DOCUMENT.format(id=doc_id, title=title, summary=f"{title}.",
                                    audience=audience, topic=topic, text=text,
                                    extra=extra), encoding="utf-8")
    return path


def make_library(root: Path, filler: int = 0) -> Path:
    """A guidance folder with the real vocabulary and five short documents.

    ``filler`` adds that many longer documents, for builds that take a while.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(VOCABULARY, root / "vocabulary.yml")
    for doc_id, title, audience, topic, text in DOCUMENTS:
        write_document(root, doc_id, title, audience, topic, text)
    for number in range(filler):
        write_document(root, f"filler-note-{number}", f"Filler note {number}",
                       text=FILLER_TEXT.format(number=number))
    return root


FILLER_TEXT = " ".join(
    f"Paragraph {{number}}-{n}: practitioners share information with the local "
    f"authority, record decisions and review the plan with partner agencies."
    for n in range(40))
