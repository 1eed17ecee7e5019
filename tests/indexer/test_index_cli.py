"""kb index and kb search through click's CliRunner."""

import json

from click.testing import CliRunner

from kbcli.main import main


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_kb_index_then_search_json(guidance, index_dir):
    built = run("index", "--full", "--guidance", str(guidance),
                "--index-dir", str(index_dir))
    assert built.exit_code == 0, built.output
    assert "Full rebuild: 5 added, 0 updated, 0 removed" in built.output
    again = run("index", "--guidance", str(guidance), "--index-dir", str(index_dir))
    assert "Index already up to date" in again.output
    result = run("search", "NRM consent", "--json", "--filter", "audience=police",
                 "--limit", "5", "--index-dir", str(index_dir))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"] == 1 and data["page_size"] == 5
    first = data["results"][0]
    assert {"doc_id", "title", "status", "sections"} <= set(first)
    section = first["sections"][0]
    assert {"anchor", "number", "heading", "snippet"} <= set(section)
    assert data["expansions"] == ["National Referral Mechanism"]
    assert data["suggestion"] is None
    police = next(f for f in data["facets"]["audience"] if f["value"] == "police")
    assert police == {"value": "police", "label": "Police and law enforcement",
                      "count": 1, "selected": True}


def test_kb_search_text_output(guidance, index_dir):
    run("index", "--guidance", str(guidance), "--index-dir", str(index_dir))
    result = run("search", "CCE", "--index-dir", str(index_dir))
    assert result.exit_code == 0, result.output
    assert "Also searched: child criminal exploitation" in result.output
    assert "County lines [current]" in result.output


def test_kb_search_without_an_index_says_how_to_build_one(tmp_path):
    result = run("search", "child", "--index-dir", str(tmp_path / "none"))
    assert result.exit_code == 1
    assert "kb index --full" in result.output and "Traceback" not in result.output


def test_kb_search_says_what_it_understood(tmp_path):
    """The law the query names and a spelling correction, as the site says them."""
    from pathlib import Path

    index_dir = tmp_path / "index"
    built = run("index", "--guidance", str(Path("guidance")), "--index-dir",
                str(index_dir))
    assert built.exit_code == 0, built.output
    law = run("search", "s47 CA 1989", "--index-dir", str(index_dir))
    assert "Shown first: Section 47 of the Children Act 1989  children-act-1989#" \
        in law.output, law.output
    typo = run("search", "age disputd", "--index-dir", str(index_dir))
    assert "Showing results for: age dispute (you typed age disputd)" in typo.output
