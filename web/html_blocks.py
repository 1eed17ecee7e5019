"""A section's rendered HTML as plain blocks (paragraphs, list items, table rows).

Word and PowerPoint files are built from the same HTML the page shows, so a
handout says exactly what the site says. The HTML is our own sanitised output
(``kb.markdown_html``), so a small parser for its few elements is enough.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

PARAGRAPH, BULLET, NUMBER, ROW, HEADING = "paragraph", "bullet", "number", "row", \
    "heading"
BLOCK_TAGS = {"p", "li", "tr", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote"}


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass
class Block:
    kind: str
    runs: list[Run] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)  # for table rows
    header: bool = False  # a table row of <th> cells

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs).strip()


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.lists: list[str] = []  # "ul" / "ol" stack
        self.current: Block | None = None
        self.bold = self.italic = 0
        self.href: str | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "a":
            self.href = dict(attrs).get("href")
        elif tag in ("td", "th"):
            self.cell = []
            if self.current is not None and tag == "th":
                self.current.header = True
        elif tag == "br":
            self.handle_data(" ")
        if tag in BLOCK_TAGS:
            self._start(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "a":
            self.href = None
        elif tag in ("td", "th") and self.cell is not None and self.current:
            self.current.cells.append(" ".join("".join(self.cell).split()))
            self.cell = None
        if tag in BLOCK_TAGS:
            self._finish()

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
            return
        if self.current is None:
            if not data.strip():
                return
            self.current = Block(PARAGRAPH)
        text = " ".join(data.split())
        if data[:1].isspace():
            text = " " + text
        if data[-1:].isspace() and text.strip():
            text += " "
        self.current.runs.append(Run(text, self.bold > 0, self.italic > 0, self.href))

    def _start(self, tag: str) -> None:
        self._finish()
        if tag == "li":
            kind = NUMBER if self.lists and self.lists[-1] == "ol" else BULLET
        elif tag == "tr":
            kind = ROW
        elif tag.startswith("h"):
            kind = HEADING
        else:
            kind = PARAGRAPH
        self.current = Block(kind)

    def _finish(self) -> None:
        block, self.current = self.current, None
        if block is not None and (block.text or block.cells):
            self.blocks.append(block)


def html_blocks(html: str) -> list[Block]:
    """The blocks of ``html`` in reading order."""
    parser = _Parser()
    parser.feed(str(html))
    parser.close()
    parser._finish()
    return parser.blocks
