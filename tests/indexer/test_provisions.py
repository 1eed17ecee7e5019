"""A search naming a provision opens that Act's summary at that provision.

A small library in tmp_path: Act summaries whose sections describe provisions
by anchor, heading or law link, and a practice note that says "section 47"
more often than any of them, so that only the provision rule puts the Act first.
"""

import textwrap

import pytest

from indexer.build.builder import build_index
from indexer.meta import ActEntry, Meta
from indexer.provisions import provisions_in
from indexer.search.provision_query import act_names, lookup, named_acts, written_out
from indexer.search.query import open_searcher_index, search
from tests.indexer.helpers import make_guidance
from tests.indexer.oracle import reference_search

LAW = "https://www.legislation.gov.uk"
ACTS = f"""\
acts:
  - title: Children Act 1989
    names: []
    url: {LAW}/ukpga/1989/41
  - title: Sexual Offences Act 2003
    names: [Sexual Offences Act, SOA 2003]
    url: {LAW}/ukpga/2003/42
  - title: Modern Slavery Act 2015
    names: [Modern Slavery Act, MSA]
    url: {LAW}/ukpga/2015/30
  - title: Children (Northern Ireland) Order 1995
    names: [Children (Northern Ireland) Order, Children Order]
    url: {LAW}/nisi/1995/755
  - title: Human Rights Act 1998
    names: [Human Rights Act, HRA 1998]
    url: {LAW}/ukpga/1998/42
  - title: Care Planning Regulations 2010
    names: []
    url: {LAW}/uksi/2010/959
"""
FILLER = "Councils and police work together to keep a child safe from harm."
ACT_DOCS = {
    "children-act-1989": ("Children Act 1989", "ukpga/1989/41", "[england, wales]", """\
        ## What it is {#what-it-is}

        The main law on children's services. FILLER

        ## Duties {#duties}

        ### Children in need {#section-17}

        A council supports children in need and their families. FILLER

        ### Enquiries {#section-47}

        A council enquires when a child may suffer significant harm. FILLER

        ### Emergency protection {#section-44}

        A court can make an emergency protection order. FILLER

        ### Private fostering {#part-9}

        A child may live with someone who is not a close relative. FILLER
        """),
    "sexual-offences-act-2003": ("Sexual Offences Act 2003", "ukpga/2003/42",
                                 "[england, wales]", """\
        ## What it is {#what-it-is}

        The law on sexual offences. FILLER

        ## Paying for sexual services of a child {#section-47}

        Paying for the sexual services of a child is an offence. FILLER

        ## Causing, controlling, arranging {#sections-48-50}

        Exploiting a child sexually is an offence. FILLER
        """),
    "modern-slavery-act-2015": ("Modern Slavery Act 2015", "ukpga/2015/30", "[uk]", """\
        ## What it is {#what-it-is}

        The law on slavery and trafficking. FILLER

        ## Section 2: human trafficking {#human-trafficking}

        Arranging travel to exploit someone is an offence. FILLER

        ## The defence {#defence}

        A child made to commit an offence has a
        [defence](LAW/ukpga/2015/30/section/45). FILLER
        """),
    "children-order": ("Children (Northern Ireland) Order 1995", "nisi/1995/755",
                       "[northern-ireland]", """\
        ## What it is {#what-it-is}

        The main law on children's services in Northern Ireland. FILLER

        ## Investigating harm {#article-66}

        The Trust investigates when a child may suffer significant harm. FILLER
        """),
    "human-rights-act": ("Human Rights Act 1998", "ukpga/1998/42", "[uk]", """\
        ## What it is {#what-it-is}

        The law that makes the Convention rights part of UK law. FILLER

        ## Article 4: slavery and forced labour {#slavery}

        No one may be held in slavery, in
        [the Convention rights](LAW/ukpga/1998/42/schedule/1). FILLER
        """),
    "care-planning-regulations": ("Care Planning Regulations 2010", "uksi/2010/959",
                                  "[england]", """\
        ## What it is {#what-it-is}

        The rules on planning care for looked-after children. FILLER

        ## Part 7: independent reviewing officers {#reviews}

        Each child's case is reviewed by an independent officer. FILLER

        ## Visits {#visits}

        A social worker [visits the child](LAW/uksi/2010/959/regulation/28)
        often. FILLER
        """),
}
NOTE = dict(
    title="Section 47 enquiries and section 44 and section 17 and section 2 "
          "and article 66 and schedule 1 and part 7 and regulation 28 and "
          "section 45 explained",
    jurisdictions="[uk]",
    body="## Section 47 {#s47}\n\nSection 47 section 47 section 47 enquiries. "
         "Section 44, section 17, section 2, section 45, sections 48 to 50, "
         "article 66, schedule 1, part 7 and regulation 28 are explained in "
         "full here. S47 s47 sec 47.\n")


def write_act(root, doc_id, title, path, nations, body):
    folder = root / "legislation"
    folder.mkdir(exist_ok=True)
    body = textwrap.dedent(body).replace("FILLER", FILLER).replace("LAW", LAW)
    (folder / f"{doc_id}.md").write_text(textwrap.dedent(f"""\
        ---
        id: {doc_id}
        title: {title}
        type: legislation
        summary: A summary of the {title}.
        status: current
        jurisdictions: {nations}
        audiences: [social-care]
        topics: [law-and-offences]
        reviewed: 2026-01-15
        source:
          title: {title}
          publisher: UK Parliament
          url: {LAW}/{path}
          published: 2000
        ---

        """) + body, "utf-8")


@pytest.fixture(scope="module")
def law(tmp_path_factory):
    root = make_guidance(tmp_path_factory.mktemp("law") / "guidance",
                         {"provisions-explained": NOTE})
    (root / "acts.yml").write_text(ACTS, "utf-8")
    for doc_id, fields in ACT_DOCS.items():
        write_act(root, doc_id, *fields)
    index = root.parent / "index"
    build_index(root, index, full=True)
    with open_searcher_index(index) as handle:
        yield handle


def opening(page):
    return [(r.doc_id, r.sections[0].anchor) for r in page.results]


@pytest.mark.parametrize(("q", "doc", "anchor"), [
    ("section 47 children act 1989", "children-act-1989", "section-47"),
    ("s47 children act 1989", "children-act-1989", "section-47"),
    ("s.47 children act 1989", "children-act-1989", "section-47"),
    ("s 47 children act 1989", "children-act-1989", "section-47"),
    ("sec 47 children act 1989", "children-act-1989", "section-47"),
    ("sec. 44 children act 1989", "children-act-1989", "section-44"),
    ("ss 47-49 SOA 2003", "sexual-offences-act-2003", "section-47"),
    ("ss 48-50 SOA 2003", "sexual-offences-act-2003", "sections-48-50"),
    ("ss 46-48 SOA 2003", "sexual-offences-act-2003", "section-47"),  # a range
    ("sections 49 to 50 sexual offences act", "sexual-offences-act-2003",
     "sections-48-50"),
    ("Article 66 children order", "children-order", "article-66"),
    ("Art. 66 the Children Order", "children-order", "article-66"),
    ("art 66 children (northern ireland) order", "children-order", "article-66"),
    ("reg 28 care planning regulations", "care-planning-regulations", "visits"),
    ("regulation 28 care planning regulations 2010", "care-planning-regulations",
     "visits"),
    ("Part 7 care planning regulations", "care-planning-regulations", "reviews"),
    ("part 7", "care-planning-regulations", "reviews"),  # from the heading
    ("Part 9 children act 1989", "children-act-1989", "part-9"),  # from the anchor
    ("section 2", "modern-slavery-act-2015", "human-trafficking"),  # the heading
    ("Schedule 1 human rights act", "human-rights-act", "slavery"),
    ("sch 1 HRA", "human-rights-act", "slavery"),
    ("article 4 HRA", "human-rights-act", "slavery"),
])
def test_each_way_of_writing_a_provision_opens_at_it(law, q, doc, anchor):
    page = search(law, q)
    assert opening(page)[0] == (doc, anchor), opening(page)


@pytest.mark.parametrize(("q", "doc", "anchor"), [
    ("section 47 CA 1989", "children-act-1989", "section-47"),  # initials, year
    ("section 47 children act", "children-act-1989", "section-47"),  # no year
    ("MSA s2", "modern-slavery-act-2015", "human-trafficking"),  # listed acronym
    ("s45 modern slavery act", "modern-slavery-act-2015", "defence"),  # law link
    ("section 47 SOA", "sexual-offences-act-2003", "section-47"),  # initials
    ("HRA 1998 article 4", "human-rights-act", "slavery"),  # heading
    ("section 66 the children order", "children-order", "article-66"),  # kind
])
def test_an_act_named_any_usual_way_puts_its_provision_first(law, q, doc, anchor):
    page = search(law, q)
    assert opening(page)[0] == (doc, anchor), opening(page)


def test_without_an_act_every_act_with_the_provision_comes_first(law):
    page = search(law, "section 47")
    assert sorted(opening(page)[:2]) == [("children-act-1989", "section-47"),
                                         ("sexual-offences-act-2003", "section-47")]
    assert {u.label for u in page.provisions} == {
        "Section 47 of the Children Act 1989",
        "Section 47 of the Sexual Offences Act 2003"}


def test_nation_filters_are_respected(law):
    page = search(law, "article 66", filters={"jurisdiction": ["england"]})
    assert "children-order" not in [r.doc_id for r in page.results]
    assert page.provisions == ()
    shown = search(law, "article 66", filters={"jurisdiction": ["northern-ireland"]})
    assert opening(shown)[0] == ("children-order", "article-66")


def test_the_page_says_what_it_understood(law):
    page = search(law, "ss 48-50 SOA 2003")
    assert [u.label for u in page.provisions] == [
        "Sections 48 to 50 of the Sexual Offences Act 2003"]
    assert search(law, "s16E children act 1989").provisions[0].label == \
        "Section 16E of the Children Act 1989"  # named, but not summarised


def test_an_act_named_without_a_section_for_the_provision_still_comes_first(law):
    page = search(law, "section 31 children act 1989")
    assert page.results[0].doc_id == "children-act-1989"
    assert page.total >= 1


def test_words_that_only_look_like_provisions_are_left_alone(law):
    assert provisions_in("part of the plan, section of the form, 1989") == []
    assert provisions_in("the children's 47 visits") == []
    assert search(law, "section 1989").provisions == ()


@pytest.mark.parametrize("q", ["section 47 children act", "s47 CA 1989"])
def test_a_named_act_is_the_only_one_understood(law, q):
    page = search(law, q)
    assert [u.label for u in page.provisions] == ["Section 47 of the Children Act 1989"]


def test_a_long_list_of_provisions_is_bounded(law):
    six_acts = "s47 s2 art 66 sch 1 reg 28 s17 " * 20
    assert len(search(law, six_acts).provisions) == 5
    page = search(law, " ".join(f"s{n}" for n in range(1, 400)))
    assert len(page.provisions) <= 5


def test_provisions_are_written_out_before_spelling_correction():
    assert written_out("sec 47 CA 1989") == "section 47 CA 1989"
    assert written_out("arts 17 and 18") == "articles 17 and 18"
    assert written_out("ss.48-50") == "sections 48 to 50"


def test_acronyms_and_short_titles_are_made_from_the_title():
    names = act_names(ActEntry("Children (Northern Ireland) Order 1995", "u",
                               ("Children Order",)))
    assert {"children northern ireland order 1995", "children order",
            "co 1995", "children order 1995"} <= names
    assert "ca" not in act_names(ActEntry("Children Act 1989", "u", ()))


def test_a_name_acts_yml_lists_beats_the_same_initials_of_another_act():
    listing = ActEntry("Human Trafficking and Exploitation (Scotland) Act 2015",
                       "scotland", ("HTEA 2015",))
    other = ActEntry("Human Trafficking and Exploitation (Northern Ireland) Act 2015",
                     "ni", ())
    meta = Meta(1, 1, "", None, 0, 0, {}, (), (), {}, {}, acts=(listing, other))
    assert named_acts("htea 2015 s1", lookup(meta)) == ["scotland"]


def test_without_acts_yml_a_bare_provision_still_opens_at_its_section(tmp_path):
    root = make_guidance(tmp_path / "guidance", {"provisions-explained": NOTE})
    write_act(root, "children-act-1989", *ACT_DOCS["children-act-1989"])
    build_index(root, tmp_path / "index", full=True)
    with open_searcher_index(tmp_path / "index") as handle:
        page = search(handle, "s47")
    assert opening(page)[0] == ("children-act-1989", "section-47")
    assert [u.label for u in page.provisions] == ["Section 47 of the Children Act 1989"]


@pytest.mark.parametrize("q", ["article 66", "section 47", "s45 modern slavery act",
                               "reg 28", "Part 9 children act 1989"])
def test_totals_count_each_document_put_first_once(law, q):
    fast, slow = search(law, q), reference_search(law, q)
    assert (fast.total, opening(fast)) == (slow.total, opening(slow))
    assert fast.total >= len(fast.provisions)


def test_a_bare_provision_is_read_only_as_a_listed_acts(tmp_path):
    root = make_guidance(tmp_path / "guidance", {"provisions-explained": NOTE})
    (root / "acts.yml").write_text(ACTS, "utf-8")
    write_act(root, "children-act-1989", *ACT_DOCS["children-act-1989"])
    write_act(root, "local-rules", "Local rules", "ukpga/1999/99", "[england]",
              ACT_DOCS["children-act-1989"][3])  # an Act acts.yml does not list
    build_index(root, tmp_path / "index", full=True)
    with open_searcher_index(tmp_path / "index") as handle:
        page = search(handle, "s47")
    assert [u.doc_id for u in page.provisions] == ["children-act-1989"]


def test_a_correction_names_the_words_as_typed_not_as_written_out(law):
    page = search(law, "s47 chidlren act 1989")
    assert page.corrected_from == "s47 chidlren act 1989"
    assert page.query == "section 47 children act 1989"
    assert opening(page)[0] == ("children-act-1989", "section-47")
