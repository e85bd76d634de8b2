"""One search over the whole platform: Kazakh endings and Latin spellings, ranking, what it never
shows, and its bounded number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baqylau.participation.models import Category
from baqylau.participation.moderation import hide_item
from baqylau.participation.reports import Place, report_publish, report_submit

from ..factories import (
    GoalFactory,
    IndicatorFactory,
    InformationRequestFactory,
    PlanningDocumentFactory,
    ProjectObjectFactory,
)
from ..world import SECRETS

pytestmark = pytest.mark.django_db


def _search(client, q, lang="kk", **extra):
    response = client.get(f"/{lang}/search/", {"q": q, **extra})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def kazakh_content(body, carol):
    document = PlanningDocumentFactory(
        title_kk="Мектептер салу бағдарламасы", title_ru="", title_en=""
    )
    obj = ProjectObjectFactory(document=document, name_kk="№5 мектебі", name_ru="", name_en="")
    InformationRequestFactory(
        requester=carol,
        body=body,
        subject="Жаңа мектепке жол салу мерзімі",
        text="Жол қашан салынады?",
        language="kk",
        sent=True,
    )
    return document, obj


@pytest.mark.parametrize("q", ["мектеп", "МЕКТЕП", "mektep", "мектептер"])
def test_a_school_word_finds_programs_objects_and_requests_in_any_form(client, kazakh_content, q):
    page = _search(client, q)
    assert "Мектептер салу бағдарламасы" in page
    assert "№5 мектебі" in page
    assert "Жаңа мектепке жол салу мерзімі" in page


def test_a_latin_query_finds_cyrillic_content_on_a_russian_page(client, kazakh_content):
    page = _search(client, "mektepter", lang="ru")
    assert "№5 мектебі" in page
    # The Kazakh title on a Russian page says which language it is in.
    assert 'lang="kk"' in page


def test_russian_words_find_their_other_forms(client, db):
    PlanningDocumentFactory(title_ru="Строительство школы", title_kk="", title_en="")
    assert "Строительство школы" in _search(client, "школа", lang="ru")


def test_a_match_in_the_title_comes_before_a_match_in_the_text(client, db):
    PlanningDocumentFactory(
        title_kk="Жол жөндеу", description_kk="Мектепке баратын жолдар", title_ru="", title_en=""
    )
    PlanningDocumentFactory(title_kk="Мектеп жоспары", title_ru="", title_en="")
    PlanningDocumentFactory(title_kk="Мектептер туралы", title_ru="", title_en="")
    page = _search(client, "мектеп")
    exact, stemmed, text = (
        page.index("Мектеп жоспары"),
        page.index("Мектептер туралы"),
        page.index("Жол жөндеу"),
    )
    assert exact < stemmed < text


def test_a_word_that_begins_a_word_of_the_title_comes_first(client, db):
    PlanningDocumentFactory(title_ru="Школы, введённые в эксплуатацию", title_kk="", title_en="")
    PlanningDocumentFactory(title_ru="Охват дошкольным воспитанием", title_kk="", title_en="")
    page = _search(client, "школа", lang="ru")
    assert page.index("Школы, введённые") < page.index("Охват дошкольным")


def test_results_are_grouped_by_kind_with_counts_and_a_more_link(client, db):
    document = PlanningDocumentFactory(title_kk="Мектеп", title_ru="", title_en="")
    for n in range(7):
        PlanningDocumentFactory(title_kk=f"Мектеп {n}", title_ru="", title_en="")
    IndicatorFactory(goal=GoalFactory(document=document), name_kk="Салынған мектептер саны")
    page = _search(client, "мектеп", lang="en")
    assert 'id="found-documents">Programs and plans <span class="count">8</span>' in page
    assert 'href="/en/documents/?q=%D0%BC%D0%B5%D0%BA%D1%82%D0%B5%D0%BF"' in page
    assert 'id="found-indicators">' in page
    only = _search(client, "мектеп", lang="en", kind="documents")
    assert only.count('href="/en/documents/plan-') == 8
    assert 'id="found-indicators">' not in only


def test_a_language_label_marks_a_title_shown_in_another_language(client, db):
    PlanningDocumentFactory(title_kk="", title_ru="Программа школ", title_en="")
    page = _search(client, "школ")
    assert '<span lang="ru">Программа школ</span> <span class="lang-label">' in page


def test_nothing_found_says_so(client, db):
    assert "Nothing was found" in _search(client, "qwertyuiop", lang="en")
    assert "result" not in _search(client, "", lang="en").split("<main")[1].split("</main>")[0]


def test_every_page_has_the_search_in_its_header(client, db):
    page = client.get("/kk/documents/").content.decode()
    assert 'class="site-search" action="/kk/search/"' in page
    # The search page has its own form, with the query typed: not a second one above it.
    page = _search(client, "мектеп")
    assert 'class="site-search"' not in page and page.count('name="q"') == 1


# -- What the search never shows ----------------------------------------------------------------


@pytest.fixture
def private_things(world, registry, body, carol, max_moderator):
    """Beside the world's unpublished campaign: a private request, a report that awaits
    moderation and one hidden by a moderator, all about "secret" things."""
    InformationRequestFactory(
        requester=carol, body=body, subject="Secret request", is_public=False, sent=True
    )
    category = Category.objects.get(code="quality-of-work")
    place = Place(project_object=registry["school"])

    def report(title):
        return report_submit(
            category=category, title=title, description="secret", place=place, reporter=carol
        )

    report("Secret held report")
    hidden = report("Secret hidden report")
    report_publish(report=hidden, actor=max_moderator)
    hide_item(item=hidden, reason_code="personal-data", moderator=max_moderator)
    return ["Secret request", "Secret held report", "Secret hidden report", *SECRETS]


@pytest.mark.parametrize("who", ["anonymous", "citizen", "coordinator"])
@pytest.mark.parametrize("q", ["secret", "seсret", "жарияланбаған", "жасырын", "скрытый"])
def test_unpublished_and_private_content_never_appears(as_persona, private_things, who, q):
    """The coordinator of the unpublished campaign and the requester of the private request
    (the citizen) do not find them here either: the search shows public content only."""
    page = _search(as_persona(who), q)
    for secret in private_things:
        assert secret not in page
    assert "Жоба (жарияланбаған)" not in page
    assert "Жасырын нысан" not in page


def test_published_findings_and_recommendations_are_found(client, world):
    page = _search(client, "roof", lang="en")
    assert "Roof missing at the school" in page
    assert "Resume the works on the school roof." in page


# -- Bounded queries ---------------------------------------------------------------------------


def _queries(client, q) -> int:
    client.get("/kk/search/", {"q": q})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/kk/search/", {"q": q})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_one_query_per_kind_however_much_matches(client, world, django_assert_max_num_queries):
    for n in range(3):
        PlanningDocumentFactory(title_kk=f"Мектеп {n}", title_ru="", title_en="")
    small = _queries(client, "мектеп школа")
    for n in range(20):
        document = PlanningDocumentFactory(title_kk=f"Мектеп {n}", title_ru="", title_en="")
        ProjectObjectFactory(document=document, name_kk=f"Мектеп {n}")
        IndicatorFactory(goal=GoalFactory(document=document), name_kk=f"Мектеп саны {n}")
    assert _queries(client, "мектеп школа") == small
    with django_assert_max_num_queries(12):  # nine kinds, the session, the demo banner
        client.get("/kk/search/", {"q": "мектеп"})


@pytest.mark.parametrize("who", ["citizen", "officer", "moderator"])
def test_a_signed_in_search_runs_a_bounded_number_of_queries(as_persona, world, who):
    """The kinds, the session and the user, the header's tabs of an officer or a moderator."""
    client = as_persona(who)
    client.get("/kk/search/", {"q": "мектеп"})
    with CaptureQueriesContext(connection) as ctx:
        client.get("/kk/search/", {"q": "мектеп"})
    assert len(ctx.captured_queries) <= 13, [q["sql"][:80] for q in ctx.captured_queries]


def test_a_short_word_matches_only_where_a_word_begins(client, db):
    PlanningDocumentFactory(title_kk="Ауыз су жүйесі", title_ru="", title_en="")
    PlanningDocumentFactory(title_kk="«Су арнасы» жобасы", title_ru="", title_en="")
    PlanningDocumentFactory(title_kk="Жол жөндеу және тасу", title_ru="", title_en="")
    page = _search(client, "су")
    assert "Ауыз су жүйесі" in page and "Су арнасы" in page
    assert "тасу" not in page


def test_a_list_finds_what_the_search_counted(client, kazakh_content):
    """The "more" link of a kind opens its list filtered by the same words, read the same way."""
    page = client.get("/kk/objects/", {"q": "mektep"}).content.decode()
    assert "№5 мектебі" in page


def test_a_latin_spelling_finds_kazakh_letters_it_cannot_write(client, body, carol):
    document = PlanningDocumentFactory(
        title_kk="Екібастұз қаласын дамыту жоспары", title_ru="", title_en=""
    )
    ProjectObjectFactory(document=document, name_kk="Білім ордасы", name_ru="", name_en="")
    InformationRequestFactory(
        requester=carol, body=body, subject="Екібастұздағы жол", language="kk", sent=True
    )
    page = _search(client, "ekibastuz")
    assert "Екібастұз қаласын дамыту жоспары" in page
    assert "Екібастұздағы жол" in page
    assert "Білім ордасы" in _search(client, "bilim")
    # The list of requests reads its search box the same way.
    page = client.get("/kk/requests/", {"q": "ekibastuz"}).content.decode()
    assert "Екібастұздағы жол" in page
