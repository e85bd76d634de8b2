"""The Atom feeds of problem reports per object, territory, body and category: published reports
and their public answers only, in every moderation state, for every role; never the reporter's
name or address; linked from the pages; a number of queries that does not grow with the reports."""

import pytest
from django.urls import reverse

from baqylau.accounts import following
from baqylau.participation import reports
from baqylau.participation.models import Moderation, Report, ReportEvent
from tests.helpers import PERSONAS

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(school_officer):
    return school_officer


@pytest.fixture
def reports_in_every_state(school, bob, carol, officer, file_report):
    """A published report with the body's answer and a citizen's update, and one report in each
    other moderation state."""
    public = file_report(at=school, reporter=bob, title="PUBLIC-REPORT", name_public=False)
    reports.report_answer(
        report=public,
        actor=officer,
        kind=ReportEvent.Kind.IN_PROGRESS,
        text="PUBLIC-ANSWER",
        planned_on=public.received_on.replace(year=public.received_on.year + 1),
    )
    reports.report_update_add(report=public, actor=carol, text="CITIZEN-UPDATE")
    held = file_report(at=school, reporter=carol, title="HELD-REPORT")
    unconfirmed = file_report(at=school, email="anon@example.kz", title="UNCONFIRMED-REPORT")
    # Its own text: the same text as the first report would be held as a duplicate.
    hidden = file_report(
        at=school, reporter=bob, title="HIDDEN-REPORT", description="The gym's door is broken."
    )
    reports.report_answer(
        report=hidden, actor=officer, kind=ReportEvent.Kind.ACKNOWLEDGED, text="HIDDEN-ANSWER"
    )
    Report.private_objects.filter(pk=hidden.pk).update(moderation=Moderation.HIDDEN)
    assert (held.moderation, unconfirmed.moderation) == (Moderation.HELD, Moderation.UNCONFIRMED)
    return public


NEVER = [
    "HELD-REPORT",
    "UNCONFIRMED-REPORT",
    "HIDDEN-REPORT",
    "HIDDEN-ANSWER",
    "CITIZEN-UPDATE",
    "anon@example.kz",
    "bob@example.org",
    "Bob",
    "Carol",
]


def feeds(registry, category):
    return {
        "object": reverse("participation:object_feed", kwargs={"slug": registry["school"].slug}),
        "district": reverse(
            "participation:territory_feed", kwargs={"slug": registry["district"].slug}
        ),
        "region": reverse("participation:territory_feed", kwargs={"slug": registry["region"].slug}),
        "body": reverse("participation:body_feed", kwargs={"slug": registry["akimat"].slug}),
        "category": reverse("participation:category_feed", kwargs={"code": category.code}),
    }


@pytest.mark.parametrize("who", PERSONAS)
def test_every_feed_shows_only_the_published_report_and_its_answer_to_everyone(
    who, as_persona, registry, category, reports_in_every_state
):
    client = as_persona(who)
    for name, path in feeds(registry, category).items():
        response = client.get(path)
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("application/atom+xml")
        text = response.content.decode()
        assert "PUBLIC-REPORT" in text and "PUBLIC-ANSWER" in text, name
        assert text.count("<entry>") == 2, name
        for secret in NEVER:
            assert secret not in text, (name, secret)
        assert f"/participation/reports/{reports_in_every_state.pk}/#event-" in text


def test_a_report_leaves_the_feeds_when_its_objects_plan_is_unpublished(
    client, registry, category, reports_in_every_state
):
    paths = feeds(registry, category)
    registry["document"].__class__.private_objects.filter(pk=registry["document"].pk).update(
        is_published=False
    )
    for name in ["district", "region", "body", "category"]:
        text = client.get(paths[name]).content.decode()
        assert "PUBLIC-REPORT" not in text and "PUBLIC-ANSWER" not in text, name


def test_the_feeds_of_other_places_are_empty(client, registry, category, reports_in_every_state):
    other = reverse("participation:body_feed", kwargs={"slug": "education-department"})
    assert client.get(other).content.decode().count("<entry>") == 0


@pytest.mark.parametrize("who", ["anonymous", "citizen", "monitor", "officer", "moderator"])
def test_the_feed_of_an_unpublished_object_is_not_found(who, as_persona, registry):
    path = reverse("participation:object_feed", kwargs={"slug": "hidden-object"})
    assert as_persona(who).get(path).status_code == 404
    assert as_persona(who).get("/en/participation/feeds/categories/nothing/").status_code == 404


def test_the_pages_link_their_feeds(client, registry, category):
    paths = feeds(registry, category)
    pages = {
        "object": registry["school"].get_absolute_url(),
        "region": registry["region"].get_absolute_url(),
        "body": registry["akimat"].get_absolute_url(),
    }
    for name, page in pages.items():
        text = client.get(page).content.decode()
        assert 'rel="alternate" type="application/atom+xml"' in text, name
        assert f'href="{paths[name]}"' in text, name


def test_a_feeds_queries_do_not_grow_with_the_reports(
    client, registry, category, school, bob, officer, file_report, django_assert_max_num_queries
):
    path = feeds(registry, category)["region"]

    def add(n):
        for i in range(n):
            report = file_report(
                at=school,
                reporter=bob,
                title=f"Report {i}",
                description=f"Problem number {n}-{i} at the school.",
            )
            reports.report_answer(
                report=report, actor=officer, kind=ReportEvent.Kind.ACKNOWLEDGED, text="Seen."
            )

    add(1)
    client.get(path)
    with django_assert_max_num_queries(20) as few:
        client.get(path)
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(path).content.decode().count("<entry>") == 14


@pytest.mark.parametrize("who", PERSONAS)
def test_the_list_filtered_by_category_links_its_feed_and_follows_it(
    who, as_persona, everyone, registry, category
):
    client = as_persona(who)
    text = client.get(category.get_absolute_url()).content.decode()
    feed = reverse("participation:category_feed", kwargs={"code": category.code})
    assert (
        f'rel="alternate" type="application/atom+xml" title="Problem reports (Atom)" href="{feed}"'
        in text
    )
    assert f'<a href="{feed}">' in text
    body = reverse("participation:body_feed", kwargs={"slug": registry["akimat"].slug})
    assert (
        body
        in client.get(f"/en/participation/reports/?body={registry['akimat'].slug}").content.decode()
    )
    if everyone[who] is None:
        assert reverse("accounts:follow_by_email") in text
        assert f'value="{following.key_of(category)}"' in text
        return
    assert f'value="{following.key_of(category)}"' in text
    client.post(reverse("accounts:follow"), {"target": following.key_of(category)})
    assert following.following(everyone[who], category) is not None
