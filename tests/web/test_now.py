"""What to do now: the chooser, the answers, the API, and where pathways show up
across the site, through Flask's test client on the real library."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qsl, quote

import pytest
from werkzeug.datastructures import MultiDict

from tests.kb.helpers import git
from tests.web.pages import Page
from tests.web.test_api import check
from tests.web.test_citing import commit
from web import create_app, parameters
from web.api import openapi_spec

CASES = Path(__file__).parents[1] / "kb" / "pathway-cases"
ANSWER = "/now/child-may-be-trafficked?role=police&nation=wales"


def get(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.data[:300]
    return response.get_data(as_text=True)


def step_titles(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", t).strip() for t in re.findall(
        r'class="govuk-heading-m kb-step__title">.*?</span></span>(.*?)</h[23]>', html,
        re.S)]


def test_chooser_links_lead_from_situation_to_answer(client):
    situations = Page(get(client, "/now")).internal_links()
    first = next(link for link in situations if link.startswith("/now/"))
    assert first == "/now/child-may-be-trafficked"
    roles = [x for x in Page(get(client, first)).internal_links()
             if x.startswith(first + "?role=")]
    assert len(roles) == 10  # every audience in the vocabulary
    police = next(x for x in roles if x.endswith("role=police"))
    nations = [x for x in Page(get(client, police)).internal_links()
               if "&nation=" in x]
    assert [x.rsplit("=", 1)[1] for x in nations] == [
        "england", "wales", "scotland", "northern-ireland"]
    police_wales = step_titles(get(client, nations[1]))
    assert police_wales[0] == "Keep the child safe and do not confront anyone"
    assert "Call 999 if the child is in danger now" not in police_wales  # police


def test_answer_shows_only_the_steps_for_that_role_and_nation(client):
    police_wales = step_titles(get(client, ANSWER))
    assert "Report the child at risk to the council today" in police_wales  # Wales
    assert "Plan the response at an inter-agency referral discussion" \
        not in police_wales  # Scotland
    assert "Listen, but do not investigate" not in police_wales  # not for police
    teacher_scotland = step_titles(get(
        client, "/now/child-may-be-trafficked?role=education&nation=scotland"))
    assert "Tell your child protection coordinator today" in teacher_scotland
    assert "Tell your safeguarding lead today" not in teacher_scotland  # England
    assert "Ask for an NRM referral to be made" in teacher_scotland
    assert "Refer the child to the NRM" not in teacher_scotland


def test_urgent_step_is_first_and_uses_warning_text(client):
    html = get(client, "/now/interviewing-a-child?role=legal&nation=scotland")
    assert step_titles(html)[0] == "Call 999 if a child is in danger"
    first_step = html.split('<li class="kb-step')[1]
    assert "kb-step--urgent" in first_step and "govuk-warning-text" in first_step


def test_every_citation_links_to_a_section_that_exists(client):
    html = get(client, "/now/child-arrested-or-charged?role=legal&nation=england")
    targets = re.findall(r'href="(/doc/[^"#]+)#([^"]+)"', html)
    assert len(targets) >= 8
    pages: dict[str, Page] = {}
    for path, anchor in targets:
        pages.setdefault(path, Page(get(client, path)))
        assert anchor in pages[path].ids, (path, anchor)


def test_helplines_follow_the_nation(client):
    wales = get(client, ANSWER)
    scotland = get(client, "/now/child-may-be-trafficked?role=police&nation=scotland")
    assert 'href="tel:08000121700"' in wales and 'href="tel:08000121700"' in scotland
    assert "0800 043 4303" in wales.split("Helplines in Wales")[1]
    assert "0800 043 4303" not in scotland.split("Helplines in Scotland")[1]


def test_answer_says_when_it_is_valid(client):
    html = get(client, ANSWER)
    assert re.search(r"Valid as at \d{1,2} \w+ 20\d\d\.", html)
    assert " edition (" in html and "Last reviewed" in html


def test_numbers_in_steps_are_tappable(client):
    html = get(client,
               "/now/child-may-be-trafficked?role=health&nation=northern-ireland")
    step = html.split("Out of hours, call the emergency social work service")[1]
    assert '<a class="govuk-link" href="tel:02895049999">028 9504 9999</a>' in step
    urgent = html.split('<li class="kb-step kb-step--urgent">')[1].split("</li>")[0]
    assert 'href="tel:999">999</a>' in urgent


def test_missing_people_is_listed_with_the_missing_pathway_only(client):
    missing = get(client, "/now/child-gone-missing?role=carers&nation=wales")
    other = get(client, "/now/turning-18-in-the-nrm?role=carers&nation=wales")
    assert 'href="tel:116000"' in missing.split("Helplines in Wales")[1]
    assert "116 000" not in other.split("Helplines in Wales")[1]


def test_a_citation_limited_to_other_nations_is_not_shown(client):
    england = get(client, "/now/child-gone-missing?role=carers&nation=england")
    scotland = get(client, "/now/child-gone-missing?role=carers&nation=scotland")
    limited = "/doc/responding-when-a-trafficked-child-goes-missing#"
    assert limited in england and limited not in scotland
    assert "/doc/scotland-child-protection-practice#missing" in scotland


def test_a_role_with_no_steps_is_named_in_plain_words(client):
    html = get(client, "/now/interviewing-a-child?role=education&nation=wales")
    assert "There are no steps for “Teachers and school staff”" in html
    assert "“education”" not in html
    hostile = get(client, "/now/interviewing-a-child?role=%3Cscript%3E")
    assert "<script>" not in hostile and "There are no steps for that choice" in hostile


@pytest.mark.parametrize(("url", "question"), [
    ("/now/child-may-be-trafficked?role=astronaut", "Who are you?"),
    ("/now/interviewing-a-child?role=education&nation=wales", "Who are you?"),
    ("/now/child-may-be-trafficked?role=police&nation=france", "Where do you work?"),
])
def test_unknown_choices_ask_the_question_again(client, url, question):
    html = get(client, url)
    assert question in html and "There are no steps for" in html


def test_unknown_situation_is_not_found(client):
    get(client, "/now/no-such-situation", 404)


def test_home_page_box_leads_to_the_chooser(client):
    html = get(client, "/")
    box = html.split('id="worried-heading"')[1].split("</section>")[0]
    links = Page(box).internal_links()
    assert "/now" in links and "/now/child-gone-missing" in links


def test_situation_search_shows_the_pathway_above_results(client):
    html = get(client, "/search?q=child+arrested")
    assert html.index("/now/child-arrested-or-charged") < html.index("kb-result")
    assert "/now/" not in get(client, "/search?q=palermo+protocol").split(
        "<main")[1]


def test_best_bet_with_sections_also_points_to_its_pathway(client):
    html = get(client, "/search?q=child+gone+missing")
    assert html.index("/now/child-gone-missing") < html.index("Go straight to")


def test_section_lists_the_pathways_that_cite_it(client):
    html = get(client, "/doc/indicators-of-child-trafficking")
    section = html.split('id="what-to-do-now"')[1].split('class="kb-section-heading')[0]
    assert "/now/child-may-be-trafficked" in section
    other = html.split('id="physical-signs"')[1].split('class="kb-section-heading')[0]
    assert "/now/" not in other


def test_pathway_goes_into_a_session_pack(client):
    key = "now/age-disputed?role=police&nation=scotland"
    html = get(client, "/pack?s=" + quote(key) + "&s=" +
               quote("national-referral-mechanism#consent"))
    assert "1. What to do now: A young person&#39;s age is disputed" in html
    assert "Apply the Scottish presumption of age" in html
    assert "Reading list" in html and "Presumption of age" in html
    markdown = get(client, "/pack.md?s=" + quote(key))
    assert "**Apply the Scottish presumption of age**" in markdown
    assert "](http://localhost/doc/scotland-human-trafficking-act-2015#" in markdown


def test_answer_offers_add_to_pack_and_a_pasted_link_works(client):
    html = get(client, ANSWER)
    key = "now/child-may-be-trafficked?role=police&amp;nation=wales"
    assert f'data-kb-pack-add="{key}"' in html
    pasted = quote("https://example.org" + ANSWER)
    assert "Report the child at risk to the council today" in get(client,
                                                                f"/pack?s={pasted}")
    assert "Not found" in get(client, "/pack?s=" + quote(
        "now/interviewing-a-child?role=education&nation=wales"))


def test_api_lists_pathways(client):
    data = client.get("/api/pathways").get_json()
    check("PathwayList", data)
    assert data["total"] == 7
    assert data["pathways"][0]["id"] == "child-may-be-trafficked"


def test_api_answer_matches_the_page(client):
    response = client.get("/api/pathways/child-may-be-trafficked?role=police"
                          "&nation=wales")
    data = response.get_json()
    check("PathwayDetail", data)
    assert [s["title"] for s in data["steps"]] == step_titles(get(client, ANSWER))
    assert not any(s["urgent"] for s in data["steps"])  # no "call 999" for police
    assert data["valid_as_at"] and "0800 043 4303" in [h["number"]
                                                       for h in data["helplines"]]


def test_api_without_role_gives_every_step_with_its_limits(client):
    data = client.get("/api/pathways/age-disputed").get_json()
    check("PathwayDetail", data)
    scottish = [s for s in data["steps"] if s["nations"] == ["scotland"]]
    assert scottish and data["role"] is None


def test_api_with_one_of_role_and_nation_gives_their_steps(client):
    every = client.get("/api/pathways/age-disputed").get_json()["steps"]
    for query, kind, value in (("role=police", "roles", "police"),
                               ("nation=scotland", "nations", "scotland")):
        data = client.get(f"/api/pathways/age-disputed?{query}").get_json()
        check("PathwayDetail", data)
        kept = [s["title"] for s in every if not s[kind] or value in s[kind]]
        assert [s["title"] for s in data["steps"]] == kept
        assert 0 < len(kept) < len(every), query  # the filter did something


@pytest.mark.parametrize(("url", "status"), [
    ("/api/pathways/age-disputed?role=travel-hospitality&nation=wales", 404),
    ("/api/pathways/age-disputed?role=travel-hospitality", 404),
    ("/api/pathways/age-disputed?nation=atlantis", 404),
    ("/api/pathways/age-disputed?role=", 400),
    ("/api/pathways/no-such-pathway", 404),
])
def test_api_errors_are_json(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    check("Error", response.get_json())


@pytest.mark.parametrize(("query", "message"), [
    ("role=&nation=wales", "role: expected some text; found none."),
    ("role=police&nation=", "nation: expected some text; found none."),
    ("role=police&role=legal&nation=wales", "role: expected one value; found 2."),
])
def test_api_refuses_what_its_description_refuses(client, query, message):
    """An empty role is outside the description (minLength), so the 400 is one a
    client can foresee; the message names the parameter."""
    operation = openapi_spec()["paths"]["/api/pathways/{pathway_id}"]["get"]
    args = MultiDict(parse_qsl(query, keep_blank_values=True))
    assert parameters.problems(args, operation) != []
    response = client.get(f"/api/pathways/age-disputed?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == message


@pytest.fixture(scope="module")
def versioned(tmp_path_factory):
    """A git repository holding one committed pathway."""
    top = tmp_path_factory.mktemp("versioned")
    guidance = top / "guidance"
    (guidance / "pathways").mkdir(parents=True)
    shutil.copy(CASES / "vocabulary.yml", guidance)
    shutil.copytree(CASES / "notes", guidance / "notes")
    shutil.copy(CASES / "pathways" / "valid.yml", guidance / "pathways")
    (guidance / "helplines.yml").write_text(
        "helplines:\n  - {name: Police, number: '999', text: Danger., "
        "cites: [note#one]}\n", "utf-8")
    git(top, "init", "-q", "-b", "main")
    git(top, "config", "user.email", "editor@example.org")
    git(top, "config", "user.name", "Editor")
    sha = commit(top, "Add a pathway", "2026-02-03T12:00:00+00:00")
    # Versions are read once per loading of the library: look for edits on
    # every request, so the edit below is seen at once.
    app = create_app({"TESTING": True, "GUIDANCE_DIR": str(guidance),
                      "INDEX_DIR": str(top / "index"), "AUTO_REINDEX": False,
                      "LIBRARY_CHECK_SECONDS": 0})
    return app.test_client(), sha, guidance


def test_answer_names_the_committed_version(versioned):
    client, sha, guidance = versioned
    html = get(client, "/now/valid?role=legal&nation=wales")
    assert f"Steps of the 3 February 2026 edition ({sha[:7]})." in html
    assert "Current steps: http" not in html
    assert 'href="/now/valid?role=legal&amp;nation=wales">See the current steps' in html
    data = client.get("/api/pathways/valid?role=legal&nation=wales").get_json()
    assert data["version"] == {"commit": sha, "short": sha[:7], "date": "2026-02-03"}
    path = guidance / "pathways" / "valid.yml"
    path.write_text(path.read_text("utf-8") + "# edited\n", "utf-8")
    try:
        edited = get(client, "/now/valid?role=legal&nation=wales")
        assert "Version: current text, not yet in the recorded history." in edited
    finally:
        git(guidance.parent, "checkout", "--", ".")
