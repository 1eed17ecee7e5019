"""A search that names a provision opens at it: "s47 CA 1989", "Art. 66".

``understood`` reads the provisions a query names (``indexer.provisions``) and
the Acts it names by title, short title or acronym ("CA 1989", "MSA", "the
Children Order"). A provision with an Act means that Act's provision; without
one, every Act whose summary describes that provision ("section 47" of the
Children Act 1989 and of the Sexual Offences Act 2003). ``pin`` then puts those
Acts' documents first, each opening at the provision's section, before the
ranking of everything else. The page says what it understood
(``SearchPage.provisions``).

Nothing here is kept per query: the tables are made once per generation.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from whoosh.searching import Searcher

from indexer.memo import per_object
from indexer.meta import ActEntry, Meta
from indexer.provisions import Described, Provision, provision_table, provisions_in
from indexer.results import Understood
from indexer.search.catalogue import Catalogue
from indexer.search.engine import Found
from indexer.search.handle import Generation
from indexer.search.ranking import DocHit

# Kinds a practitioner may mix up: "section 66" of an Order means its Article 66.
NUMBERED = ("section", "article", "regulation")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_YEAR = re.compile(r"\s+\d{4}$")
_BRACKETS = re.compile(r"\s*\([^)]*\)")
MIN_ACRONYM = 3  # "CA" alone names too much; "CA 1989" and "HRA" do not
MAX_UNDERSTOOD = 5  # documents put first: a query listing 300 sections gets 5


@dataclass(frozen=True)
class Lookup:
    """A generation's Acts and provisions, as queries name them."""

    names: tuple[tuple[str, tuple[str, ...]], ...]  # normal name -> Act urls
    titles: dict[str, str]  # Act url -> short title, for the Acts of acts.yml
    documents: dict[str, tuple[str, ...]]  # Act url -> its summaries' doc ids
    table: dict[tuple[str, str, str], list[Described]]


def normal(text: str) -> str:
    """Lower case words and numbers only: "the Children's (NI) Order" ->
    "childrens ni order"."""
    text = text.lower().replace("\u2019", "").replace("'", "")
    text = _NOT_WORD.sub(" ", text).strip()
    return text[4:] if text.startswith("the ") else text


def act_names(act: ActEntry) -> set[str]:
    """Every way of naming ``act`` a query may use: its title and listed names,
    each without its year or bracketed nation, and its initials."""
    return listed_names(act) | initials(act)


def listed_names(act: ActEntry) -> set[str]:
    """The title and acts.yml names, each also without its year or nation."""
    found = set()
    for name in (act.title, *act.names):
        plain = _BRACKETS.sub("", name)
        found |= {name, _YEAR.sub("", name), plain, _YEAR.sub("", plain)}
    return {normal(n) for n in found if normal(n)}


def initials(act: ActEntry) -> set[str]:
    """"CA 1989", "HRA 1998" and "HRA": the title's capitals, with its year."""
    year = re.search(r"\d{4}$", act.title)
    letters = "".join(w[0] for w in re.split(r"[\s-]+", _BRACKETS.sub("", act.title))
                      if w[:1].isupper())
    found = {f"{letters} {year.group(0)}"} if year else set()
    if len(letters) >= MIN_ACRONYM:
        found.add(letters)
    return {normal(n) for n in found}


@per_object
def lookup(meta: Meta) -> Lookup:
    by_name: dict[str, list[str]] = {}
    for act in meta.acts:
        for name in listed_names(act):
            by_name.setdefault(name, []).append(act.url)
    listed = set(by_name)
    for act in meta.acts:  # initials name an Act unless another lists them
        for name in initials(act) - listed:
            by_name.setdefault(name, []).append(act.url)
    documents: dict[str, list[str]] = {}
    rows = {}
    for doc_id, entry in meta.documents.items():
        if entry.law:
            documents.setdefault(entry.law, []).append(doc_id)
            rows[doc_id] = (entry.law, entry.provisions)
    names = sorted(by_name.items(), key=lambda item: -len(item[0]))
    return Lookup(tuple((n, tuple(urls)) for n, urls in names),
                  {a.url: a.title for a in meta.acts},
                  {k: tuple(v) for k, v in documents.items()},
                  provision_table(rows))


def named_acts(text: str, found: Lookup) -> list[str]:
    """The Acts ``text`` names, longest name first, each once."""
    rest = f" {normal(text)} "
    urls: list[str] = []
    for name, acts in found.names:
        if f" {name} " in rest:
            rest = rest.replace(f" {name} ", " | ")
            urls += [u for u in acts if u not in urls]
    return urls


def written_out(text: str) -> str:
    """``text`` with each provision written in full ("s.47" -> "section 47",
    "arts 17 and 18" -> "articles 17 and 18"), as the library writes them: so
    the words match its text and spelling correction leaves them alone."""
    parts, end = [], 0
    for provision, match in provisions_in(text):
        parts += [text[end:match.start()], said(provision)]
        end = match.end()
    return "".join(parts) + text[end:]


def understood(meta: Meta, text: str, typed: str = "") -> list[Understood]:
    """What ``text`` asks for by provision: one entry per Act document, each
    with the provision's sections in order (none when the summary has none).
    Acts are named in ``text`` or in ``typed``, the words before correction."""
    asked = provisions_in(text)[:MAX_UNDERSTOOD]
    if not asked:
        return []
    found = lookup(meta)
    named = named_acts(typed, found) if typed else []
    named += [u for u in named_acts(text, found) if u not in named]
    result: list[Understood] = []
    for provision, _match in asked:
        for url, anchors in _acts_for(provision, named, found):
            described = list(dict.fromkeys(d for d, _ in anchors))
            for doc_id in described or found.documents.get(url, ()):
                title = found.titles.get(url) or meta.documents[doc_id].title
                hit = Understood(label(provision, title), doc_id,
                                 tuple(a for d, a in anchors if d == doc_id))
                if all(u.doc_id != doc_id for u in result):
                    result.append(hit)
    return result[:MAX_UNDERSTOOD]


def _acts_for(provision: Provision, named: list[str], found: Lookup
              ) -> list[tuple[str, list[tuple[str, str]]]]:
    """(Act url, [(doc id, anchor)]) for each Act the provision is read as:
    those named, else every Act of acts.yml (every Act summarised, without it)."""
    acts = named or list(found.titles if found.titles else found.documents)
    described = [(url, _sections(provision, url, found)) for url in acts]
    with_sections = [(url, s) for url, s in described if s]
    if with_sections or not named:
        return with_sections
    return [(url, []) for url in named if url in found.documents]


def _sections(provision: Provision, url: str, found: Lookup) -> list[tuple[str, str]]:
    kinds = [provision.kind]
    if provision.kind in NUMBERED:
        kinds += [k for k in NUMBERED if k != provision.kind]
    for kind in kinds:
        sections = []
        for number in provision.numbers:
            for d in found.table.get((url, kind, number), [])[:1]:
                if (d.doc_id, d.anchor) not in sections:
                    sections.append((d.doc_id, d.anchor))
        if sections:
            return sections
    return []


def label(provision: Provision, title: str) -> str:
    """"Section 47 of the Children Act 1989", "Sections 48 to 50 of ..."."""
    words = said(provision)
    return f"{words[0].upper()}{words[1:]} of the {title}"


def said(provision: Provision) -> str:
    """"section 47", "sections 48 to 50", "articles 17 and 18", "section 16E"."""
    kind = provision.kind
    numbers = [n.upper() if n[-1:].isalpha() else n for n in provision.numbers]
    if len(numbers) == 1:
        return f"{kind} {numbers[0]}"
    if len(numbers) == 2:
        return f"{kind}s {numbers[0]} and {numbers[1]}"
    return f"{kind}s {numbers[0]} to {numbers[-1]}"


def pin(found: Found, asked: list[Understood], gen: Generation, cat: Catalogue,
        searcher: Searcher, matched: Callable[[str], bool]) -> Found:
    """``found`` with the documents ``asked`` names first (in their rank order),
    each opening at its provision's sections. ``matched`` tells whether a
    document was already counted in ``found.total``."""
    if not asked:
        return found
    rank = {d.doc_id: i for i, d in enumerate(found.docs)}
    asked = sorted(asked, key=lambda u: rank.get(u.doc_id, len(rank)))
    existing = {d.doc_id: d for d in found.docs}
    first = [_opened(existing.get(u.doc_id) or DocHit(u.doc_id), u, gen, cat, searcher)
             for u in asked]
    pinned = {u.doc_id for u in asked}
    docs = first + [d for d in found.docs if d.doc_id not in pinned]
    extra = sum(1 for u in asked if not matched(u.doc_id))
    return Found(docs, found.total + extra, found.facets, found.complete)


def _opened(doc: DocHit, asked: Understood, gen: Generation, cat: Catalogue,
            searcher: Searcher) -> DocHit:
    """``doc`` with the sections ``asked`` names first, scored as its best."""
    wanted = _docnums(asked, gen, cat, searcher)
    best = max([doc.sections[0][0] if doc.sections else 0.0, doc.score, 1.0])
    rest = [s for s in doc.sections if s[1] not in wanted]
    if not wanted and not rest:
        sections = cat.sections_of[gen.meta.documents[asked.doc_id].ordinal][:1]
        rest = [(best, n) for n in sections]
    return DocHit(doc.doc_id, max(doc.score, best),
                  [(best, n) for n in wanted] + rest)


def _docnums(asked: Understood, gen: Generation, cat: Catalogue,
             searcher: Searcher) -> list[int]:
    ordinal = gen.meta.documents[asked.doc_id].ordinal
    by_anchor = {}
    for docnum in cat.sections_of[ordinal]:
        by_anchor[gen.section(searcher, docnum)[1]] = docnum
    return [by_anchor[a] for a in asked.anchors if a in by_anchor]
