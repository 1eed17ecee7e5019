"""``kb review`` written out: Markdown for a pull request, or JSON for tools.

The order is the order of harm: broken citations first, then facts a second
reviewer must check, then new unverified entries and plain-English findings,
then the plain record of what changed.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from kb.citations import long_date
from kb.problems import Problem
from kb.review import ADDED, CHANGED, REMOVED, UNREADABLE, DocumentReport, Review

KIND_LABELS = {ADDED: "Added", REMOVED: "Removed", CHANGED: "Changed",
               UNREADABLE: "Cannot be read now (run kb check)"}


def as_json(review: Review) -> dict[str, Any]:
    """Plain data: the same facts as the Markdown, for scripts and bots."""
    return {
        "base": {"commit": review.base.sha, "short": review.base.short,
                 "date": review.base.day.isoformat(),
                 "subject": review.base.subject},
        "phone_changes": [asdict(c) for c in review.phones],
        "errors": [_problem(p) for p in review.broken_anchors],
        "documents": [{**{k: v for k, v in asdict(d).items()
                          if k != "plain_english"},
                       "plain_english": [_problem(p) for p in d.plain_english]}
                      for d in review.documents],
    }


def _problem(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "line": problem.line, "rule": problem.field,
            "message": problem.message}


def as_markdown(review: Review) -> str:
    base = review.base
    lines = [f"## Guidance changes since {base.short} ({long_date(base.day)})", "",
             _headline(review), ""]
    for part in (_phones, _broken, _facts, _unverified, _plain_english, _documents,
                 _sections):
        block = part(review)
        if block:
            lines += [*block, ""]
    return "\n".join(lines).rstrip() + "\n"


def _phones(review: Review) -> list[str]:
    """Changed phone numbers, first: check each against the body's own page."""
    if not review.phones:
        return []
    lines = ["### Phone numbers changed: check each on the body's own page", ""]
    for change in review.phones:
        was = change.old or "no number"
        now = change.new or "no number"
        check = f" (source: {change.source})" if change.source else ""
        lines.append(f"- {change.area}, {change.contact}: {was} → {now}"
                     f"{check} ({change.path})")
    return lines


def _headline(review: Review) -> str:
    counts = [(len(review.phones), "phone number changed", "phone numbers changed"),
              (len(review.broken_anchors), "broken citation", "broken citations"),
              (len(review.facts), "fact changed", "facts changed"),
              (sum(len(d.unverified) for d in review.documents),
               "new unverified entry", "new unverified entries"),
              (sum(len(d.plain_english) for d in review.documents),
               "plain-English warning", "plain-English warnings")]
    found = [f"{n} {one if n == 1 else many}" for n, one, many in counts if n]
    changed = f"{len(review.documents)} document" + \
        ("s" * (len(review.documents) != 1)) + " changed"
    return f"{changed}: " + (", ".join(found) if found else "nothing to flag") + "."


def _broken(review: Review) -> list[str]:
    if not review.broken_anchors:
        return []
    return ["### Errors: citations that would break", "",
            "Trainers cite these anchors. Add each to `anchor_aliases` or keep "
            "the file.", ""] + [f"- **Error** `{p.path}`: {_cell(p.message)}"
                               for p in review.broken_anchors]


def _facts(review: Review) -> list[str]:
    added = [d for d in review.documents if d.kind == ADDED]
    if not review.facts and not added:
        return []
    lines = ["### Facts changed: a second reviewer must check these", "",
             "Check each against the official source before merging."]
    if added:
        lines[-1] += (" New documents are not listed here: check every date, "
                      "section number, phone number and address in them.")
    if review.facts:
        lines += ["", "| Document | Where | Fact | Change |", "|---|---|---|---|"]
    for doc, fact in review.facts:
        lines.append(f"| {_cell(doc.title)} | {_cell(fact.where)} | {fact.kind} "
                     f"`{_cell(fact.text)}` | {fact.change} |")
    return lines


def _unverified(review: Review) -> list[str]:
    entries = [(d, u) for d in review.documents for u in d.unverified]
    if not entries:
        return []
    return ["### New unverified entries", ""] + [
        f"- {_cell(d.title)}: {_cell(u)}" for d, u in entries]


def _plain_english(review: Review) -> list[str]:
    found = [p for d in review.documents for p in d.plain_english]
    if not found:
        return []
    return ["### Plain-English warnings introduced", ""] + [
        f"- `{p.path}:{p.line}` {p.field}: {_cell(p.message)}" for p in found]


def _documents(review: Review) -> list[str]:
    lines = ["### Documents", "", "| Change | Document | File |", "|---|---|---|"]
    for doc in review.documents:
        title = _cell(doc.title)
        if doc.old_title:
            title = f"{_cell(doc.old_title)} → {title} (retitled)"
        lines.append(f"| {KIND_LABELS[doc.kind]} | {title} | `{doc.path}` |")
    return lines if review.documents else []


def _sections(review: Review) -> list[str]:
    lines = []
    for doc in review.documents:
        if doc.sections:
            lines += _document_sections(doc)
    return (["### Sections", *lines]) if lines else []


def _document_sections(doc: DocumentReport) -> list[str]:
    lines = ["", f"#### {_cell(doc.title)}", "",
             "| Change | Section | Words added | Words removed |", "|---|---|---|---|"]
    for s in doc.sections:
        heading = _cell(s.heading) or "Introduction"
        if s.old_heading:
            heading = f"{_cell(s.old_heading)} → {heading}"
        label = f"{s.number} {heading}".strip()
        lines.append(f"| {KIND_LABELS[s.kind]} | {label} (`#{s.anchor}`) | "
                     f"{s.words_added} | {s.words_removed} |")
    return lines


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    return " ".join(str(text).split()).replace("|", "\\|")
