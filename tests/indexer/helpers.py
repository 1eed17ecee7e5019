"""A small guidance library written into tmp_path, and helpers to change it."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from kb.config import REPO_ROOT

VOCABULARY = REPO_ROOT / "guidance" / "vocabulary.yml"

GLOSSARY = """\
terms:
  - term: NRM
    expansion: National Referral Mechanism
    definition: The UK framework for identifying victims of modern slavery.
    synonyms: []
    documents: [nrm-referral]
  - term: CCE
    expansion: child criminal exploitation
    definition: Using a child to commit crime.
    synonyms: []
    documents: [county-lines]
"""

BEST_BETS = """\
best_bets:
  - title: Child missing right now
    queries: [child missing, missing child, child gone missing]
    sections: [missing-child#call-police]
"""

DOCS = {
    "nrm-referral": dict(
        title="Making a referral for a child", audiences="[social-care, police]",
        topics="[nrm]",
        body="## Who can refer {#who-can-refer}\n\nOnly a first responder can "
             "submit a National Referral Mechanism referral.\n\n"
             "## Consent {#consent}\n\nA child does not need to consent to a "
             "referral. Adults must consent.\n"),
    "missing-child": dict(
        title="When a child goes missing", audiences="[police, carers]",
        topics="[missing-children]", jurisdictions="[england]",
        body="## Why this is urgent {#urgent}\n\nA trafficked child who goes "
             "missing may be back with traffickers within hours.\n\n"
             "## Call the police {#call-police}\n\nCall 999 when a child is "
             "missing and in danger. Give the police the missing child's "
             "photograph.\n"),
    "old-missing-guidance": dict(
        title="Missing children guidance 2009", status="superseded",
        superseded_by="missing-child", audiences="[police]",
        topics="[missing-children]", jurisdictions="[england]",
        body="## Missing children {#missing}\n\nWhen a child goes missing, call "
             "the police and tell the missing child's social worker.\n"),
    "county-lines": dict(
        title="County lines", audiences="[police, education]",
        topics="[criminal-exploitation]", jurisdictions="[england, wales]",
        body="## What it is {#what-it-is}\n\nCounty lines is a form of CCE in "
             "which gangs move drugs.\n\n## Signs {#signs}\n\nA child with "
             "unexplained cash, new phones or a café job that pays too well.\n"),
    "legal-note": dict(
        title="Prosecution of exploited children", audiences="[legal]",
        topics="[non-punishment]", jurisdictions="[scotland]",
        body="## Prosecution {#prosecution}\n\nChild criminal exploitation "
             "victims should not be prosecuted for what they were made to do. "
             "Running drugs is a sign.\n"),
}


def write_doc(root: Path, doc_id: str, title: str, body: str,
              status: str = "current", superseded_by: str | None = None,
              audiences: str = "[social-care]", topics: str = "[identification]",
              jurisdictions: str = "[uk]") -> Path:
    extra = f"superseded_by: {superseded_by}\n" if superseded_by else ""
    path = root / "practice-notes" / f"{doc_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(f"""\
        ---
        id: {doc_id}
        title: {title}
        type: practice-note
        summary: A short note about {title.lower()}.
        status: {status}
        jurisdictions: {jurisdictions}
        audiences: {audiences}
        topics: {topics}
        reviewed: 2026-01-15
        """) + extra + "---\n\n" + body, "utf-8")
    return path


def make_guidance(root: Path, docs: dict | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(VOCABULARY, root / "vocabulary.yml")
    (root / "glossary.yml").write_text(GLOSSARY, "utf-8")
    (root / "best-bets.yml").write_text(BEST_BETS, "utf-8")
    for doc_id, fields in (DOCS if docs is None else docs).items():
        write_doc(root, doc_id, **fields)
    return root


def whoosh_postings(reader, word: str,
                    fieldname: str = "body") -> list[tuple[int, float]]:
    """(docnum, weight) of each posting of ``word``, from Whoosh's own matcher
    one at a time: the reference for the cached and array readers."""
    matcher = reader.postings(fieldname, word)
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight()))
        matcher.next()
    return found
