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
        'Safeguarding Guidance Knowledge Base (2026). A title, section 1 "Next steps". '
        f"{URL}. Version aaaaaaa of 10 March 2026. Accessed 27 November 2026.")
    assert citation.short == ("A title, section 1 (Safeguarding Guidance Knowledge "
                              "Base, 2026; version aaaaaaa)")


def test_sourced_document_names_publisher_and_year(guidance):
    citation = cite(guidance, extra=SOURCE, title="Guidance *for* [all]")
    assert citation.text.startswith(
        'Home Office (2024). Guidance *for* [all], section 1 "Next steps". '
        f"Safeguarding Guidance Knowledge Base, {URL}. Version aaaaaaa")
    assert citation.markdown == (
        'Home Office (2024). *Guidance \\*for\\* \\[all\\]*, section 1 "Next steps". '
        f"Safeguarding Guidance Knowledge Base, <{URL}>. Version "
        f"[aaaaaaa]({PERMALINK}) of 10 March 2026. Accessed 27 November 2026.")


def test_uncommitted_text_has_no_version_or_permalink(guidance):
    citation = cite(guidance, version=None)
    assert citation.permalink is None
    assert "not yet in the recorded history" in citation.text
    assert "version" not in citation.short
    assert citation.year == 2026  # the year it was reviewed


def test_lead_text_is_cited_as_introduction(guidance):
    write_doc(guidance, "note", "Lead text.\n\n## Next steps {#next-steps}\n\nWait.\n")
    doc = load_library(guidance)[0].get("note")
    citation = citations.cite(doc, doc.section("top"), URL, accessed=ACCESSED)
    assert citation.text.startswith(
        "Safeguarding Guidance Knowledge Base (2026). A title, introduction. ")
