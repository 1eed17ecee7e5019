"""Statements of law must be checkable: a section of a known Act links to its text.

The first time a section of a document names "section 51" or "s51" of an Act in
``acts.yml``, the same paragraph must link to that provision on legislation.gov.uk,
so a reader can check the law in seconds. A mention belongs to an Act when the Act
is named next to it ("section 51 of the Modern Slavery Act 2015", "MSA s45"). In a
legislation summary, a bare "section 45" belongs to the Act the page summarises.
Mentions of an Act we cannot place ("the Act", "that Act") are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from kb.acts import Act, load_acts, normalise_name
from kb.model import Document, Library, Section
from kb.problems import Problems
from kb.sections import FENCE

FIELD = "law link"
_NUMBER = r"\d+[A-Z]{0,2}"
_SUBSECTIONS = r"(?:\([0-9a-z]{1,4}\))*"
MENTION = re.compile(
    rf"\b(?:[Ss]ections?\s+|ss?\.?)(?P<first>{_NUMBER}){_SUBSECTIONS}"
    rf"(?:\s*(?:to|and|or|-|\u2013)\s*(?:s\.?)?(?P<last>{_NUMBER}){_SUBSECTIONS})?\b")
# Up to three plain words, then "of/under/in/to (the)" before an Act's name.
_BRIDGE = re.compile(r"(?:,?\s+(?!sections?\b|and\b|or\b)[A-Za-z'-]+){0,3}?,?\s+"
                     r"(?:of|under|in)\s+(?:the\s+)?|\s+(?:in)?to\s+(?:the\s+)?")
_CONNECTIVE = r"(?:and|for|of|the|in|on|etc\.\)?)"
ACT_NAME = re.compile(
    rf"(?:[A-Z0-9(][\w'\u2019(),.-]*\s+(?:{_CONNECTIVE}\s+)*)*?(?:Act|Order)\b"
    r"(?:\s+\([A-Z][A-Za-z ]+\))?(?:\s+\d{4})?")
_POINTING = re.compile(r"(?:that|this|same|said)\s+(?:Act|Order)\b")
LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_EMPHASIS = re.compile(r"\*+|`")


@dataclass(frozen=True)
class Mention:
    act: Act
    numbers: tuple[str, ...]  # one section, or every section a range covers
    is_range: bool
    text: str
    assumed: bool = False  # a bare mention given to the Act the page summarises


@dataclass
class Line:
    """One Markdown line as plain text, with the links it holds."""

    number: int  # line in the file
    text: str
    links: list[str]


def check_act_links(library: Library) -> Problems:
    """Warn once per unlinked first mention, at its file line."""
    problems = Problems()
    acts = load_acts(library.root, problems)
    if not acts:
        return problems
    names = _name_index(acts)  # unverified Acts too, so their mentions are placed
    own_by_url = {act.url.lower(): act for act in acts}
    for doc in library.documents.values():
        own = _own_act(doc, own_by_url)
        for heading, lines in _section_lines(doc):
            _check_section(doc, heading, lines, names, own, problems)
    return problems


def _name_index(acts: list[Act]) -> dict[str, Act]:
    return {normalise_name(name): act for act in acts for name in act.all_names}


def _own_act(doc: Document, own_by_url: dict[str, Act]) -> Act | None:
    if doc.type != "legislation" or doc.source is None:
        return None
    return own_by_url.get(normalise_url(doc.source.url))


def _section_lines(doc: Document) -> Iterator[tuple[Line | None, list[Line]]]:
    """(heading line, body lines) for every section, skipping fenced code."""
    raw = doc.body.splitlines()
    starts = sorted(s.line - doc.body_line for s in doc.sections if not _is_lead(s))
    bounds = [*sorted({0, *starts}), len(raw)]
    for begin, end in pairwise(bounds):
        has_heading = begin in starts
        heading = _line(doc, begin, raw[begin]) if has_heading else None
        body, fence = [], False
        for index in range(begin + has_heading, end):
            if FENCE.match(raw[index]):
                fence = not fence
            elif not fence:
                body.append(_line(doc, index, raw[index]))
        yield heading, body


def _is_lead(section: Section) -> bool:
    return section.level == 1


def _line(doc: Document, index: int, markdown: str) -> Line:
    text = _EMPHASIS.sub("", markdown)
    links = [match.group(2) for match in LINK.finditer(text)]
    return Line(doc.body_line + index, LINK.sub(r"\1", text), links)


def _check_section(doc: Document, heading: Line | None, lines: list[Line],
                   names: dict[str, Act], own: Act | None, problems: Problems) -> None:
    done: set[tuple[str, str]] = set()
    section_links = [url for line in lines for url in line.links]
    if heading is not None:
        for mention in mentions(heading.text, names, own):
            _judge(doc, heading.number, mention, section_links, done, problems)
    for line in lines:
        for mention in mentions(line.text, names, own):
            _judge(doc, line.number, mention, line.links, done, problems)


def _judge(doc: Document, line: int, mention: Mention, links: list[str],
           done: set[tuple[str, str]], problems: Problems) -> None:
    keys = {(mention.act.url, number) for number in mention.numbers}
    if keys <= done or mention.act.unverified:
        return
    done |= keys
    if any(links_to(url, mention) or _names_its_own_act(url, mention)
           for url in links):
        return
    target = mention.act.provision_url(mention.numbers[0])
    problems.warning(doc.path, line, FIELD,
                     f"'{mention.text}' of the {mention.act.title} is not linked: "
                     f"link its first mention in this section to {target}")


def mentions(text: str, names: dict[str, Act], own: Act | None) -> Iterator[Mention]:
    """Every section mention in ``text`` that belongs to a known Act."""
    for match in MENTION.finditer(text):
        act = _act_after(text[match.end():], names)
        if act is None:
            act = _act_before(text[:match.start()], names)
        assumed = act is None and own is not None and not (
            _names_other_act(text[match.end():])
            or _other_act_earlier(text[:match.start()], names, own))
        if assumed:
            act = own
        if act:
            numbers = _numbers(match.group("first"), match.group("last"))
            yield Mention(act, numbers, match.group("last") is not None, match.group(0),
                          assumed)


def _act_after(rest: str, names: dict[str, Act]) -> Act | None:
    bridge = _BRIDGE.match(rest)
    if not bridge:
        return None
    tail = rest[bridge.end():]
    named = ACT_NAME.match(tail)
    found = names.get(normalise_name(named.group(0))) if named else None
    return found or _known_prefix(tail, names)


def _known_prefix(text: str, names: dict[str, Act]) -> Act | None:
    """A short form such as 'MSA' at the start of ``text``, as a whole word."""
    lowered = text.lower()
    for name in sorted(names, key=len, reverse=True):
        if lowered.startswith(name) and not lowered[len(name):len(name) + 1].isalnum():
            return names[name]
    return None


def _act_before(before: str, names: dict[str, Act]) -> Act | None:
    """'MSA s45' or 'Modern Slavery Act 2015, section 45'."""
    lowered = normalise_name(before[-160:]).rstrip(", ")
    for name in sorted(names, key=len, reverse=True):
        if lowered.endswith(name):
            start = len(lowered) - len(name)
            if start == 0 or not lowered[start - 1].isalnum():
                return names[name]
    return None


def _names_other_act(rest: str) -> bool:
    """'section 4 of the Coroners and Justice Act 2009', or 'of that Act'."""
    bridge = _BRIDGE.match(rest)
    if not bridge:
        return False
    tail = rest[bridge.end():]
    return bool(ACT_NAME.match(tail) or _POINTING.match(tail))


def _other_act_earlier(before: str, names: dict[str, Act], own: Act) -> bool:
    """A page's own Act is not assumed once the line has turned to another Act."""
    for named in ACT_NAME.finditer(before):
        name = normalise_name(named.group(0))
        if name not in ("act", "order", "this act") and names.get(name) is not own:
            return True
    return False


def _numbers(first: str, last: str | None) -> tuple[str, ...]:
    if last is None:
        return (first,)
    if first.isdigit() and last.isdigit() and 0 < int(last) - int(first) <= 50:
        return tuple(str(n) for n in range(int(first), int(last) + 1))
    return (first, last)


def links_to(url: str, mention: Mention) -> bool:
    """Whether ``url`` opens one of the mentioned provisions (or, for a range,
    the Part or cross-heading holding them)."""
    url = normalise_url(url)
    base = mention.act.url.lower()
    for number in mention.numbers:
        provision = f"{base}/section/{number.lower()}"
        if url == provision or url.startswith(provision + "/"):
            return True
    return mention.is_range and (url.startswith(base + "/part/")
                                 or url.startswith(base + "/crossheading/"))


def _names_its_own_act(url: str, mention: Mention) -> bool:
    """A bare "section 25" on a page that summarises two Acts, linked by its
    author to that section of the other Act: the link settles which Act it is."""
    url = normalise_url(url)
    if not (mention.assumed and url.startswith("https://www.legislation.gov.uk/")):
        return False
    return any(url.endswith(f"/section/{n.lower()}") for n in mention.numbers)


def normalise_url(url: str) -> str:
    url = re.split(r"[?#]", url.strip(), maxsplit=1)[0].rstrip("/").lower()
    url = re.sub(r"^(?:https?:)?//", "https://", url)
    return url.replace("https://legislation.gov.uk/", "https://www.legislation.gov.uk/")
