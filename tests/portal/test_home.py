"""The home page shows the whole platform, the public part only, in a bounded number of queries;
what is written in the page's language comes first, and the rest says which language it is in."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baqylau.registry.models import PlanningDocument

from ..cycle import add_finding
from ..factories import PlanningDocumentFactory, ProjectObjectFactory
from ..world import SECRETS

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_findings_answers_campaigns_and_requests(client, world):
    html = client.get("/en/").content.decode()
    assert "Latest findings of the monitors" in html
    assert "Roof missing at the school" in html
    assert "Recommendations answered" in html
    assert "Resume the works on the school roof." in html
    assert "Publish the survey of the roads." not in html  # awaits its answer
    assert world["published"].get_absolute_url() in html
    for secret in SECRETS:
        assert secret not in html


@pytest.mark.parametrize("who", ["anonymous", "citizen", "coordinator"])
def test_unpublished_work_never_reaches_the_home_page(as_persona, world, who):
    html = as_persona(who).get("/kk/").content.decode()
    for secret in SECRETS:
        assert secret not in html


def _home_queries(client) -> int:
    client.get("/ru/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/ru/").status_code == 200
    return len(ctx.captured_queries)


def test_the_home_page_runs_a_bounded_number_of_queries(client, world, registry, alice, plan):
    small = _home_queries(client)
    campaign = plan(declared=[alice], published=True)
    for n in range(6):
        add_finding(campaign, alice, registry, title=f"Finding {n}")
        PlanningDocumentFactory(title_kk="", title_ru=f"План {n}", title_en="")
    assert _home_queries(client) == small
    # session, user, demo banner, counts, map, changes, the platform, contracting processes
    assert small <= 16, small


def test_kazakh_titles_come_first_and_others_say_their_language(client, db):
    for n in range(6):
        PlanningDocumentFactory(title_kk="", title_ru="", title_en=f"Donor project {n}")
    PlanningDocumentFactory(
        title_kk="Облысты дамыту жоспары", doc_type=PlanningDocument.Type.DONOR_PROJECT
    )
    html = client.get("/kk/").content.decode()
    programs = html[html.index('id="docs-heading"') :]
    assert "Облысты дамыту жоспары" in programs
    assert programs.index("Облысты дамыту жоспары") < programs.index("Donor project")
    assert '<span lang="en">Donor project' in programs
    assert '</span> <span class="lang-label">' in programs
    # On an English page the same titles need no label.
    english = client.get("/en/").content.decode()
    assert "Donor project" in english and 'class="lang-label"' not in english


def test_recent_changes_show_kazakh_names_first(client, registry):
    document = registry["document"]
    for n in range(10):
        ProjectObjectFactory(document=document, name_kk="", name_ru="", name_en=f"Office {n}")
    html = client.get("/kk/").content.decode()
    recent = html[html.index('id="recent-heading"') : html.index('id="platform-heading"')]
    assert "600 орындық мектеп" in recent
    assert recent.index("600 орындық мектеп") < recent.index("Office")


def test_the_lists_mark_names_written_in_another_language(client, db):
    document = PlanningDocumentFactory(title_kk="", title_ru="Программа школ", title_en="")
    ProjectObjectFactory(document=document, name_kk="", name_ru="", name_en="Country office")
    html = client.get("/kk/documents/").content.decode()
    assert '<span lang="ru">Программа школ</span> <span class="lang-label">' in html
    html = client.get("/kk/objects/").content.decode()
    assert '<span lang="en">Country office</span> <span class="lang-label">' in html
