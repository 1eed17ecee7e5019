"""Hostile markup in a document: ``kb check`` refuses it, and the renderer strips it.

Both defences are tested on the same cases, because either may one day be the
only one standing: a document can reach the site without passing ``kb check``.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kb.markdown_html import render
from kbcli.main import main
from tests.hardening.library import make_library, write_document

HOSTILE = {
    "script-tag": "Text <script>alert(1)</script>",
    "script-tag-upper-case": "Text <SCRIPT SRC=//evil.example/a.js></SCRIPT>",
    "script-tag-split": "<scr<script>ipt>alert(1)</script>",
    "javascript-link": "[Click here](javascript:alert(1))",
    "javascript-link-mixed-case": "[Click here]( JaVaScRiPt:alert(1))",
    "javascript-link-angle-brackets": "[Click here](<javascript:alert(1)>)",
    "javascript-reference-link": "[Click here][x]\n\n[x]: javascript:alert(1)",
    "javascript-autolink": "<javascript:alert(1)>",
    "javascript-href": '<a href="javascript:alert(1)">x</a>',
    "javascript-image": "![x](javascript:alert(1))",
    "vbscript-link": "[x](vbscript:msgbox(1))",
    "data-link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "event-handler": "<img src=x onerror=alert(1)>",
    "event-handler-after-slash": "<body/onload=alert(1)>",
    "event-handler-after-quote": '<a href="#"onclick="alert(1)">x</a>',
    "event-handler-next-line": '<a href="#"\nonclick="alert(1)">x</a>',
    "event-handler-attribute-list": 'A paragraph.\n{: onclick="alert(1)" }',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "svg-with-script": "<svg><script>alert(1)</script></svg>",
    "svg-onload": "<svg onload=alert(1)>",
    "math": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "html-comment-hiding-markup": "<!-- <script>alert(1)</script> -->",
    "object": '<object data="x.swf"></object>',
    "embed": '<embed src="x.swf">',
    "style": "<style>body { display: none }</style>",
    "form": '<form action="https://evil.example"><input name="q"></form>',
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
}

# What must never survive rendering, whatever the input.
UNSAFE_OUTPUT = [
    re.compile(r"<\s*(script|iframe|svg|math|object|embed|style|form|meta|img)\b",
               re.I),
    re.compile(r"<[^>]*[\s/\"']on[a-z]+\s*=", re.I),
    re.compile(r"(javascript|vbscript|data)\s*:", re.I),
    re.compile(r"<!--"),
]


def assert_safe(html: str) -> None:
    for pattern in UNSAFE_OUTPUT:
        assert not pattern.search(html), (pattern.pattern, html)


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """Run ``kb check`` once on a library holding every hostile case."""
    root = make_library(tmp_path_factory.mktemp("hostile") / "guidance")
    for name, markup in HOSTILE.items():
        write_document(root, name, text=markup)
    return CliRunner().invoke(main, ["check", str(root)])


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_kb_check_refuses_hostile_markup(checked, name):
    refusals = [line for line in checked.output.splitlines()
                if f"{name}.md:" in line and "warning:" not in line]
    assert refusals, checked.output
    assert "not allowed" in " ".join(refusals), refusals


def test_kb_check_fails_with_exit_code_one(checked):
    assert checked.exit_code == 1, checked.output
    assert "Traceback" not in checked.output


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_renderer_strips_hostile_markup(name):
    assert_safe(render(HOSTILE[name]))


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_renderer_strips_hostile_markup_inside_a_document(name):
    body = f"## Section {{#s}}\n\nBefore.\n\n{HOSTILE[name]}\n\nAfter.\n"
    html = render(body, rewrite_link=lambda href: href)
    assert_safe(html)
    assert "After." in html


def test_renderer_keeps_ordinary_links_and_headings():
    html = render("## Next steps {#next}\n\n[GOV.UK](https://www.gov.uk/) and "
                  "[the NRM](other.md#nrm)")
    assert 'id="next"' in html
    assert 'href="https://www.gov.uk/"' in html and 'href="other.md#nrm"' in html


def test_renderer_loads_nothing_from_other_sites():
    html = render("![tracker](https://evil.example/pixel.gif)\n\n"
                  '<img src="https://evil.example/pixel.gif">')
    assert "evil.example" not in html
