import datetime as dt

from kb import citations
from kb.gitrepo import Commit
from kb.library import load_library
from tests.kb.helpers import write_doc

VERSION = Commit("a" * 40, "aaaaaaa", dt.datetime(2026, 3, 10, 12, 0), "Change")
ACCESSED = dt.date(2026, 11, 27)
URL = "https://kb.example/doc/note#next-steps"
PERMALINK = "https://kb.example/doc/note/at/aaaaaaa#next-steps"
SOURCE = ("source:\n  title: Official title\n  publisher: Home Office\n"
          "  url: https://www.gov.uk/x\n  published: 2019-07\n  updated: 2024-02-01\n")


def cite(guidance, extra="", version=VERSION, title="A title"):
    write_doc(guidance, "note", "Lead text.\n\n## Next steps {#next-steps}\n\nWait.\n",
              extra=extra, title=title)
    doc = load_library(guidance)[0].get("note")
    return citations.cite(doc, doc.section("next-steps"), URL, version, PERMALINK,
                          ACCESSED)


def test_practice_note_is_published_by_the_knowledge_base(guidance):
    citation = cite(guidance)
    assert citation.text == (
        "Safeguarding Guidance Knowledge Base (2026) A title, section 1, Next steps. "
        "10 March 2026 edition (aaaaaaa). Available at: "
        f"{PERMALINK} (Accessed: 27 November 2026).")
    assert citation.short == (
        "Safeguarding Guidance Knowledge Base, A title, "
        f"section 1 (10 March 2026 edition (aaaaaaa)) {PERMALINK}")


def test_sourced_document_is_our_summary_not_the_publishers(guidance):
    """Home Office wrote the source; we wrote the summary, and say so."""
    citation = cite(guidance, extra=SOURCE, title="Guidance *for* [all]")
    for form in (citation.text, citation.markdown, citation.oscola, citation.short,
                 citation.html):
        assert "Home Office" not in form
        assert form.startswith("Safeguarding Guidance Knowledge Base")
        assert PERMALINK in form
    assert "Guidance *for* [all]: summary, section 1, Next steps" in citation.text
    assert citation.markdown == (
        "Safeguarding Guidance Knowledge Base (2026) *Guidance \\*for\\* \\[all\\]: "
        "summary, section 1, Next steps*. 10 March 2026 edition (aaaaaaa). "
        f"Available at: <{PERMALINK}> (Accessed: 27 November 2026).")
    assert ("<i>Guidance *for* [all]: summary, section 1, Next steps</i>"
            in citation.html)
    assert citation.oscola.startswith(
        "Safeguarding Guidance Knowledge Base, \u2018Guidance *for* [all]: Summary")
    assert citation.oscola.endswith(f"<{PERMALINK}> accessed 27 November 2026")


def test_csl_json_names_the_knowledge_base_as_author(guidance):
    item = cite(guidance, extra=SOURCE).csl_json()
    assert item["author"] == [{"literal": "Safeguarding Guidance Knowledge Base"}]
    assert item["type"] == "webpage" and item["URL"] == PERMALINK
    assert item["issued"] == {"date-parts": [[2026, 3, 10]]}
    assert item["edition"] == "10 March 2026 edition (aaaaaaa)"


def test_uncommitted_text_has_no_version_or_permalink(guidance):
    citation = cite(guidance, version=None)
    assert citation.permalink is None
    assert "current text, not yet in the recorded history" in citation.text
    assert URL in citation.text and URL in citation.short
    assert "edition (" not in citation.short


def test_lead_text_is_cited_as_introduction(guidance):
    write_doc(guidance, "note", "Lead text.\n\n## Next steps {#next-steps}\n\nWait.\n")
    doc = load_library(guidance)[0].get("note")
    citation = citations.cite(doc, doc.section("top"), URL, accessed=ACCESSED)
    assert citation.text.startswith(
        "Safeguarding Guidance Knowledge Base (2026) A title, introduction. ")
