"""Markdown to safe HTML, with the same heading ids the index uses.

One Markdown configuration serves section anchors (``kb.sections``) and the site,
so an anchor in the index is always an id in the rendered page.
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from kb import markdown_bounds
from kb.htmltext import map_text

EXTENSIONS = ["attr_list", "fenced_code", "tables", "sane_lists", "toc"]
EXTENSION_CONFIGS = {"toc": {"toc_depth": "1-6", "permalink": False}}

# Link rewriter: (href) -> new href, or None to keep it.
LinkRewriter = Callable[[str], "str | None"]

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "mark", "ol", "p", "pre",
    "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "td": {"align", "style"},
    "th": {"align", "style"},
}


class _LinkProcessor(Treeprocessor):
    def __init__(self, md: markdown.Markdown, rewrite: LinkRewriter) -> None:
        super().__init__(md)
        self.rewrite = rewrite

    def run(self, root: Element) -> None:
        for link in root.iter("a"):
            new = self.rewrite(link.get("href", ""))
            if new is not None:
                link.set("href", new)


class _LinkExtension(Extension):
    def __init__(self, rewrite: LinkRewriter) -> None:
        super().__init__()
        self.rewrite = rewrite

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (API name)
        md.treeprocessors.register(_LinkProcessor(md, self.rewrite), "kb-links", 4)


# UK phone numbers as our content writes them ("08000 121 700", "0800 1111")
# and 999. Not inside words, addresses or longer numbers.
PHONE = re.compile(r"(?<![\w/.:-])(999|0\d{3,4}(?: \d{3,4}){1,2})(?![\w/:-]|\.\d)")
NO_PHONE_LINKS = ("a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6")


def link_phones(html: str) -> str:
    """Phone numbers become tel: links: a practitioner on a phone taps to call."""
    return map_text(html, lambda text: PHONE.sub(_tel_link, text), skip=NO_PHONE_LINKS)


def _tel_link(match: re.Match) -> str:
    number = match.group(1)
    return f'<a href="tel:{number.replace(" ", "")}">{number}</a>'


def new_markdown(rewrite_link: LinkRewriter | None = None) -> markdown.Markdown:
    extensions: list = list(EXTENSIONS)
    if rewrite_link:
        extensions.append(_LinkExtension(rewrite_link))
    return markdown.Markdown(extensions=extensions, extension_configs=EXTENSION_CONFIGS)


_local = threading.local()


def heading_ids(body: str) -> list[tuple[int, str, str]]:
    """(level, id, text) of every heading, in order, exactly as the HTML has them.

    One Markdown instance per thread, reset between uses: building one costs
    more than converting a page of headings.
    """
    md = getattr(_local, "markdown", None) or new_markdown()
    _local.markdown = md
    md.reset().convert(body)
    return list(_flatten(md.toc_tokens))


def _flatten(tokens: list[dict]):
    for token in tokens:
        yield token["level"], token["id"], token["name"]
        yield from _flatten(token["children"])


def sanitise(html: str) -> str:
    """Strip anything but plain formatting: a last defence behind ``kb check``."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto", "tel"},
                     link_rel="noopener noreferrer", strip_comments=True)


def render(body: str, rewrite_link: LinkRewriter | None = None) -> str:
    """Markdown body to sanitised HTML with stable heading ids.

    A body past ``markdown_bounds`` (``kb check`` refuses one, but an old
    version or a file that never passed the check may hold it) is shown as
    escaped plain text: the page still answers, at once.
    """
    if markdown_bounds.check(body) is not None:
        return plain_html(body)
    return sanitise(link_phones(new_markdown(rewrite_link).convert(body)))


def plain_html(body: str) -> str:
    """Text as escaped paragraphs, line breaks kept: nothing in it is markup."""
    paragraphs = (p.strip("\n") for p in re.split(r"\n[ \t]*\n", body))
    return "\n".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>"
                     for p in paragraphs if p.strip())
