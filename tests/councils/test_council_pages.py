"""The pages of public councils and their plans, for every role: a draft is seen only by the
council's coordinators and staff, an approved plan by everyone; only the council's coordinators
edit; a campaign's coordinator links it to a line, and the campaign page says so."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baqylau.councils import services
from baqylau.councils.models import PlanLine

from ..cycle import finished_control, sent_campaign
from ..factories import council_plan, plan_line
from ..helpers import PERSONAS

pytestmark = pytest.mark.django_db

ROLES = (*PERSONAS, "council coordinator")
SEE_DRAFTS = {"staff", "administrator", "council coordinator"}


def plan_url(plan, name="councils:plan", **extra):
    return reverse(name, kwargs={"slug": plan.council.slug, "year": plan.year, **extra})


@pytest.mark.parametrize("who", ROLES)
def test_a_draft_is_seen_by_the_councils_coordinators_and_staff_only(
    who, as_persona, council, aigerim, council_people, today
):
    draft = council_plan(council, aigerim, today, approved=False)
    approved = council_plan(council, aigerim, today, year=today.year - 1)
    client = as_persona(who)

    detail = client.get(reverse("councils:detail", kwargs={"slug": council.slug}))
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Public Council of Pavlodar Region" in page
    assert plan_url(approved) in page
    assert (plan_url(draft) in page) == (who in SEE_DRAFTS)
    assert "Әсел Нұрланқызы" not in page  # the English page: the name's fallback is Russian
    assert "Асель Нурлановна" in page
    assert ("Hidden Member" in page) == (who in SEE_DRAFTS)

    assert client.get(plan_url(approved)).status_code == 200
    assert client.get(plan_url(draft)).status_code == (200 if who in SEE_DRAFTS else 404)
    pdf = client.get(plan_url(draft, "councils:plan_pdf") + "?lang=ru")
    assert pdf.status_code == (200 if who in SEE_DRAFTS else 404)


def test_the_list_of_councils(client, council, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get(reverse("councils:list"))
    assert "Public Council of Pavlodar Region" in response.content.decode()
    assert reverse("councils:detail", kwargs={"slug": council.slug}) in response.content.decode()


EDIT_PAGES = ("councils:plan_edit", "councils:line_new", "councils:plan_approve")


@pytest.mark.parametrize("who", ROLES)
def test_only_the_councils_coordinators_edit_its_plans(who, as_persona, council, aigerim, today):
    draft = council_plan(council, aigerim, today, approved=False)
    approved = council_plan(council, aigerim, today, year=today.year - 1)
    client = as_persona(who)
    new = client.get(reverse("councils:plan_new", kwargs={"slug": council.slug}))
    line = plan_url(approved, "councils:line_edit", number=1)
    for url in [*(plan_url(approved, name) for name in EDIT_PAGES[:2]), line]:
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == (200 if who == "council coordinator" else 403), url
    if who == "anonymous":
        assert new.status_code == 302
    else:
        assert new.status_code == (200 if who == "council coordinator" else 403)
    draft_edit = client.get(plan_url(draft, "councils:line_new"))
    expected = {"anonymous": 302, "council coordinator": 200, "staff": 403, "administrator": 403}
    assert draft_edit.status_code == expected.get(who, 404)


def test_the_coordinator_drafts_approves_and_amends_a_plan(client, council, aigerim, today):
    client.force_login(aigerim)
    response = client.post(
        reverse("councils:plan_new", kwargs={"slug": council.slug}),
        {"year": today.year, "title_kk": "Жоспар", "title_ru": "План"},
    )
    plan = council.monitoring_plans.get()
    assert response.status_code == 302
    assert response.url == plan_url(plan)
    line = {
        "subject_kk": "Павлодардағы жол",
        "subject_ru": "Дорога в Павлодаре",
        "goals_ru": "Проверить качество",
        "term_text_ru": "III квартал",
    }
    assert client.post(plan_url(plan, "councils:line_new"), line).status_code == 302
    missing = client.post(plan_url(plan, "councils:line_new"), {"subject_ru": "Без целей"})
    assert missing.status_code == 200
    assert "Give the goals." in missing.content.decode()
    # A change of the draft is no amendment: the public never saw the draft.
    draft_change = {**line, "goals_ru": "Проверить качество покрытия"}
    assert (
        client.post(plan_url(plan, "councils:line_edit", number=1), draft_change).status_code == 302
    )
    line = draft_change
    approve = client.post(
        plan_url(plan, "councils:plan_approve"),
        {"approved_on": (today - timedelta(days=1)).isoformat(), "approval_reference": "12"},
    )
    assert approve.status_code == 302
    page = client.get(plan_url(plan)).content.decode()
    assert "Approved by protocol No. 12" in page
    assert "Changed on" not in page
    # An amendment without its reason is refused; with it, the line changes.
    url = plan_url(plan, "councils:line_edit", number=1)
    assert client.post(url, {**line, "goals_ru": "Иначе"}).status_code == 200
    assert (
        client.post(url, {**line, "goals_ru": "Иначе", "reason": "Протокол № 13"}).status_code
        == 302
    )
    assert PlanLine.private_objects.get(plan=plan).goals_ru == "Иначе"
    client.logout()
    page = client.get(plan_url(plan)).content.decode()
    assert "Amended once" in page
    assert "Протокол № 13" in page
    assert "Проверить качество покрытия" in page  # the earlier version, public
    assert "Проверить качество<" not in page


def test_the_plan_page_takes_the_same_queries_with_more_lines(
    client, council, aigerim, registry, ngo, alice, body, today
):
    plan = council_plan(council, aigerim, today, project_objects=[registry["school"]])
    sent, _finding, _recs = sent_campaign(registry, ngo, alice, body, today)
    services.line_link_campaign(line=plan.lines.get(), campaign=sent, actor=alice)

    def queries():
        client.get(plan_url(plan))  # what every page reads once and caches for a while
        with CaptureQueriesContext(connection) as captured:
            response = client.get(plan_url(plan))
        assert response.status_code == 200
        return len(captured), response.content.decode()

    few, page = queries()
    assert "final document sent" in page
    assert sent.title in page
    for _ in range(4):
        line = plan_line(
            plan, aigerim, reason="More", project_objects=[registry["school"]], performers=[ngo]
        )
        services.line_link_campaign(
            line=line, campaign=finished_control(registry, ngo, alice, today), actor=alice
        )
    many, page = queries()
    assert page.count('class="card plan-line"') == 5
    assert few == many == 12


def test_a_private_campaign_never_reaches_the_public_plan(
    client, council, aigerim, registry, ngo, alice, today
):
    plan = council_plan(council, aigerim, today)
    hidden = finished_control(
        registry, ngo, alice, today, published=False, title={"en": "Secret check"}
    )
    services.line_link_campaign(line=plan.lines.get(), campaign=hidden, actor=alice)
    assert "Secret check" not in client.get(plan_url(plan)).content.decode()
    client.force_login(alice)
    assert "Secret check" in client.get(plan_url(plan)).content.decode()


@pytest.mark.parametrize("who", ROLES)
def test_a_campaigns_coordinator_links_it_to_a_line(
    who, as_persona, council, aigerim, registry, ngo, alice, bob, today
):
    plan = council_plan(council, aigerim, today)
    council_plan(council, aigerim, today, year=today.year + 1, approved=False)
    campaign = finished_control(registry, ngo, alice, today, monitors=[bob])
    client = as_persona(who)
    url = reverse("councils:campaign_link", kwargs={"campaign_slug": campaign.slug})
    response = client.get(url)
    if who == "anonymous":
        assert response.status_code == 302
        return
    if who != "coordinator":
        assert response.status_code == 403
        assert client.post(url, {"line": plan.lines.get().pk}).status_code == 403
        assert not campaign.plan_lines.exists()
        return
    page = response.content.decode()
    assert page.count("<option") == 2  # the empty choice and the approved plan's line
    assert client.post(url, {"line": plan.lines.get().pk}).status_code == 302
    notice = client.get(campaign.get_absolute_url()).content.decode()
    assert (
        f"Part of the plan of public monitoring of Public Council of Pavlodar Region for "
        f"{today.year}, line 1" in notice
    )
    client.logout()
    public = client.get(campaign.get_absolute_url()).content.decode()
    assert "Part of the plan of public monitoring" in public
    assert "Link the campaign to a line" not in public


def test_the_council_page_takes_the_same_queries_with_more_members_and_plans(
    client, council, aigerim, council_people, today
):
    url = reverse("councils:detail", kwargs={"slug": council.slug})

    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    council_plan(council, aigerim, today)
    few = queries()
    for year in (2020, 2021, 2022):
        council_plan(council, aigerim, today, year=year)
        services.council_member_add(council=council, name=f"Member {year}")
    assert queries() == few == 3


def test_a_withdrawn_plan_answers_with_its_withdrawal(client, council, aigerim, root, today):
    from baqylau.core.withdrawals import record_withdraw

    plan = council_plan(council, aigerim, today)
    record_withdraw(record=plan, actor=root, reason="Approved twice by mistake")
    response = client.get(plan_url(plan))
    assert response.status_code == 410
    assert "Approved twice by mistake" in response.content.decode()
    page = client.get(reverse("councils:detail", kwargs={"slug": council.slug}))
    assert plan_url(plan) not in page.content.decode()


def test_the_registrys_page_of_a_council_links_to_its_plans(client, council, ngo):
    page = client.get(council.get_absolute_url()).content.decode()
    assert reverse("councils:detail", kwargs={"slug": council.slug}) in page
    other = client.get(ngo.get_absolute_url()).content.decode()
    assert ngo.name in other
    # Another kind of organisation has no council's page (the footer links the list of them).
    assert reverse("councils:detail", kwargs={"slug": ngo.slug}) not in other
