"""Field visits: answers checked by kind and required-ness, who may record, the wording of the
version used kept after a revision, public visibility and the pages in every language."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from baqylau.monitoring import services
from baqylau.monitoring.checklists import checklist_create, checklist_revise
from baqylau.monitoring.evidence import evidence_add
from baqylau.monitoring.models import Evidence, Visit, VisitAnswer
from baqylau.monitoring.visits import visit_record

from ..factories import LIBRARY_QUESTIONS
from ..helpers import campaign_urls, codes, jpeg

pytestmark = pytest.mark.django_db

QUESTIONS = [
    *LIBRARY_QUESTIONS,  # the roof, the floors and the heating
    {
        "code": "defects",
        "text": "Which defects are seen?",
        "kind": "multiple_choice",
        "choices": [{"value": "cracks", "label": "Cracks"}, {"value": "leaks", "label": "Leaks"}],
    },
    {"code": "opened", "text": "When did it open?", "kind": "date"},
    {"code": "where", "text": "Where is the entrance?", "kind": "location"},
    {"code": "comment", "text": "What did the guard say?", "kind": "text"},
    {"code": "front", "text": "Photo of the front", "kind": "photo", "required": True},
]
GOOD = {
    "roof": "yes",
    "floors": "3",
    "heating": "gas",
    "defects": ["cracks", "leaks"],
    "opened": "2026-01-15",
    # The entrance, some 130 m from the school of the registry.
    "where": "51.701, 75.301",
    "comment": "Works stopped in May.",
}


@pytest.fixture
def version(campaign, alice):
    checklist = checklist_create(
        campaign=campaign, title="School site visit", actor=alice, questions=QUESTIONS
    )
    return checklist.current_version


def record(campaign, actor, obj, version=None, answers=None, *, today, **kwargs):
    return visit_record(
        campaign=campaign,
        object=obj,
        visited_on=kwargs.pop("visited_on", today - timedelta(days=1)),
        actor=actor,
        checklist_version=version,
        answers=answers or {},
        **kwargs,
    )


url = campaign_urls("monitoring")


# Answers ---------------------------------------------------------------------------------------


def test_answers_are_stored_by_kind(campaign, bob, registry, version, today):
    visit = record(
        campaign, bob, registry["school"], version, GOOD, notes=" Fence is down. ", today=today
    )
    values = {a.question.code: a.value for a in VisitAnswer.private_objects.filter(visit=visit)}
    assert values == {
        "roof": True,
        "floors": 3,
        "heating": "gas",
        "defects": ["cracks", "leaks"],
        "opened": "2026-01-15",
        "where": {"lat": 51.701, "lon": 75.301},
        "comment": "Works stopped in May.",
    }
    assert visit.notes == "Fence is down." and visit.recorded_by == bob
    assert visit.checklist_version == version


def test_answers_are_checked_by_kind_and_required(campaign, bob, registry, version, today):
    bad = {
        "floors": "three",
        "heating": "wood",
        "defects": ["cracks", "mould"],
        "opened": "15.01.2026",
        "where": "north of the gate",
        "ghost": "?",
    }
    with pytest.raises(ValidationError) as refused:
        record(campaign, bob, registry["school"], version, bad, today=today)
    errors = refused.value.error_dict
    assert set(errors) == {
        "answer_roof",
        "answer_floors",
        "answer_heating",
        "answer_defects",
        "answer_opened",
        "answer_where",
        "answer_ghost",
    }
    assert errors["answer_roof"][0].code == "required"
    assert errors["answer_floors"][0].code == "number"
    assert "How many floors are built?" in errors["answer_floors"][0].messages[0]
    assert errors["answer_heating"][0].code == "choice"
    assert errors["answer_where"][0].code == "location"
    assert not Visit.private_objects.exists()


def test_a_visit_is_to_a_controlled_or_published_object_and_not_in_the_future(
    campaign, bob, registry, today
):
    from baqylau.registry.models import ProjectObject

    hidden = ProjectObject.private_objects.get(slug="hidden-object")
    with pytest.raises(ValidationError) as refused:
        record(campaign, bob, hidden, visited_on=today + timedelta(days=2), today=today)
    assert set(refused.value.error_dict) == {"object", "visited_on"}


# Who records -----------------------------------------------------------------------------------


def test_only_declared_team_members_record(registry, alice, bob, dana, olga, today, plan):
    campaign = plan(monitors=[bob], declared=[alice])
    school = registry["school"]
    for person in (bob, olga, dana, None):
        with pytest.raises(ValidationError) as refused:
            record(campaign, person, school, today=today)
        assert "not_recorder" in codes(refused.value)
    assert record(campaign, alice, school, today=today).recorded_by == alice
    assert Visit.private_objects.count() == 1


def test_the_visit_form_is_only_for_recorders(client, alice, bob, dana, plan):
    campaign = plan(monitors=[bob], declared=[alice])
    page = url("visit_new", campaign)
    client.force_login(dana)
    assert client.get(page).status_code == 404  # a private campaign
    client.force_login(bob)
    assert client.get(page).status_code == 403  # no declaration yet
    services.campaign_publish(campaign=campaign, actor=alice)
    client.force_login(dana)
    assert client.get(page).status_code == 403
    client.force_login(alice)
    assert client.get(page).status_code == 200


# Pages -----------------------------------------------------------------------------------------


def test_the_visit_keeps_the_wording_asked_after_a_revision(
    client, campaign, alice, bob, registry, version, today
):
    visit = record(campaign, bob, registry["school"], version, GOOD, today=today)
    revised = [dict(q) for q in QUESTIONS]
    revised[0]["text"] = "Is the roof covered and sealed?"
    checklist_revise(checklist=version.checklist, questions=revised, actor=alice)

    client.force_login(bob)
    page = client.get(url("visit", campaign, visit_id=visit.pk)).content.decode()
    assert "Is the roof finished?" in page
    assert "Is the roof covered and sealed?" not in page
    assert "Cracks, Leaks" in page


def test_recording_a_visit_through_the_form(client, campaign, bob, registry, version, today):
    client.force_login(bob)
    page = url("visit_new", campaign)
    form = {
        "version": version.pk,
        "object": registry["school"].pk,
        "visited_on": (today - timedelta(days=1)).isoformat(),
        "notes": "The fence is down.",
        "answer_roof": "no",
        "answer_floors": "2",
        "answer_defects": ["leaks"],
    }
    # A file that is not what it says: the page comes back with what was typed.
    bad = client.post(page, form | {"files": SimpleUploadedFile("front.jpg", b"not a photo")})
    assert bad.status_code == 200
    assert "The fence is down." in bad.content.decode()
    assert not Visit.private_objects.exists() and not Evidence.private_objects.exists()

    done = client.post(page, form | {"files": SimpleUploadedFile("front.jpg", jpeg())})
    visit = Visit.private_objects.get()
    assert done.status_code == 302 and done["Location"].endswith(f"/visits/{visit.pk}/")
    assert visit.answers.get(question__code="roof").value is False
    assert visit.evidence.get().content_type == "image/jpeg"


def test_a_published_visit_shows_public_copies_only(client, registry, alice, bob, today, plan):
    campaign = plan(
        monitors=[bob],
        declared=[alice, bob],
    )
    visit = record(campaign, bob, registry["school"], today=today)
    evidence = evidence_add(
        campaign=campaign, visit=visit, upload=SimpleUploadedFile("a.jpg", jpeg()), actor=bob
    )
    visit_url = url("visit", campaign, visit_id=visit.pk)
    assert client.get(visit_url).status_code == 404
    assert client.get(url("detail", campaign)).status_code == 404

    services.campaign_publish(campaign=campaign, actor=alice)
    page = client.get(visit_url).content.decode()
    assert evidence.public_file.url in page
    assert evidence.original.url not in page
    assert "/private/" not in page
    assert evidence.public_sha256 in page and evidence.sha256 not in page
    detail = client.get(url("detail", campaign)).content.decode()
    assert visit_url in detail


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_pages_answer_in_every_language(client, lang, campaign, bob, registry, version, today):
    visit = record(campaign, bob, registry["school"], version, GOOD, today=today)
    evidence_add(
        campaign=campaign, visit=visit, upload=SimpleUploadedFile("a.jpg", jpeg()), actor=bob
    )
    client.force_login(bob)
    for page in (
        url("detail", campaign, lang),
        url("visit_new", campaign, lang),
        url("visit_new", campaign, lang) + f"?checklist={version.checklist_id}",
        url("visit", campaign, lang, visit_id=visit.pk),
    ):
        assert client.get(page).status_code == 200, page


def test_campaign_and_visit_pages_run_a_constant_number_of_queries(
    client, campaign, version, alice, registry, today
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    campaign.is_published = True
    campaign.save()

    def add_visits(n):
        for _ in range(n):
            visit = record(
                campaign,
                alice,
                registry["school"],
                files=[SimpleUploadedFile("site.jpg", jpeg(), "image/jpeg")],
                today=today,
            )
        return visit

    def count(page_url):
        client.get(page_url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page_url).status_code == 200
        return len(ctx.captured_queries)

    visit = add_visits(1)
    small = (count(url("detail", campaign)), count(url("visit", campaign, visit_id=visit.pk)))
    visit = add_visits(6)
    large = (count(url("detail", campaign)), count(url("visit", campaign, visit_id=visit.pk)))
    assert small == large
