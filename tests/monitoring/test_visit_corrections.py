"""Correcting and withdrawing a field visit: only the monitor who recorded it, until the final
document is sent; every earlier version kept and shown; a withdrawn visit stays with the team and
leaves the public pages, the API and the downloads."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.formats import date_format

from baqylau.accounts.models import Role
from baqylau.monitoring.checklists import checklist_create
from baqylau.monitoring.models import Campaign, Evidence, Status, Visit, VisitAnswer
from baqylau.monitoring.permissions import can_correct_visit
from baqylau.monitoring.visits import (
    visit_correct,
    visit_record,
    visit_revisions,
    visit_withdraw,
)

from ..cycle import add_finding
from ..helpers import campaign_urls, codes, jpeg
from ..world import member

pytestmark = pytest.mark.django_db

url = campaign_urls("monitoring")
QUESTIONS = [
    {"code": "roof", "text": "Is the roof finished?", "kind": "yes_no", "required": True},
    {"code": "floors", "text": "How many floors are built?", "kind": "number"},
]


@pytest.fixture
def erlan(ngo):
    """Another monitor of alice's NGO."""
    return member("erlan@example.org", "Erlan", ngo, Role.MONITOR)


@pytest.fixture
def team(plan, alice, bob, erlan):
    """A published campaign with bob and erlan on the team, all declared."""
    return plan(monitors=[bob, erlan], declared=[alice, bob, erlan], published=True)


@pytest.fixture
def visit(team, alice, bob, registry, today):
    version = checklist_create(
        campaign=team, title="Site", actor=alice, questions=QUESTIONS
    ).current_version
    recorded = visit_record(
        campaign=team,
        object=registry["school"],
        visited_on=today - timedelta(days=2),
        actor=bob,
        checklist_version=version,
        answers={"roof": "no", "floors": "2"},
        notes="The roof is open.",
        files=[SimpleUploadedFile("site.jpg", jpeg(), "image/jpeg")],
    )
    return Visit.private_objects.select_related("campaign").get(pk=recorded.pk)


def correct(visit, actor, today, **changes):
    data = {
        "object": visit.project_object,
        "visited_on": today - timedelta(days=3),
        "answers": {"roof": "yes", "floors": "3"},
        "notes": "The roof is finished.",
        "reason": "Wrong day and the roof misread",
        **changes,
    }
    return visit_correct(visit=visit, actor=actor, **data)


def test_only_the_recording_monitor_corrects_until_the_document_is_sent(
    client, visit, alice, bob, erlan, carol, today
):
    assert can_correct_visit(bob, visit)
    for person in (erlan, alice, carol, None):
        assert not can_correct_visit(person, visit)
        with pytest.raises(ValidationError) as refused:
            correct(visit, person, today)
        assert codes(refused.value) == {"not_corrector"}
    correct_url = url("visit_correct", visit.campaign, visit_id=visit.pk)
    withdraw_url = url("visit_withdraw", visit.campaign, visit_id=visit.pk)
    for person, status in ((bob, 200), (erlan, 403), (alice, 403), (carol, 403)):
        client.force_login(person)
        assert client.get(correct_url).status_code == status, person
        assert client.get(withdraw_url).status_code == status, person
    client.logout()
    assert client.get(correct_url).status_code == 302  # to sign in
    assert client.post(withdraw_url, {"reason": "x"}).status_code == 302
    assert Visit.private_objects.get(pk=visit.pk).withdrawn_at is None

    # Once the final document is sent, its findings and their visits are fixed.
    Campaign.private_objects.filter(pk=visit.campaign_id).update(status=Status.DOCUMENT_SENT)
    visit = Visit.private_objects.select_related("campaign").get(pk=visit.pk)
    assert not can_correct_visit(bob, visit)
    with pytest.raises(ValidationError) as refused:
        correct(visit, bob, today)
    assert codes(refused.value) == {"findings_published"}
    with pytest.raises(ValidationError) as refused:
        visit_withdraw(visit=visit, actor=bob, reason="Too late")
    assert codes(refused.value) == {"findings_published"}
    client.force_login(bob)
    assert client.get(correct_url).status_code == 403
    page = client.get(visit.get_absolute_url()).content.decode()
    assert correct_url not in page


def test_a_correction_keeps_the_earlier_version_on_the_visit_page(
    client, visit, bob, erlan, registry, today
):
    client.force_login(bob)
    page = url("visit_correct", visit.campaign, visit_id=visit.pk)
    form = client.get(page).content.decode()
    assert "The roof is open." in form  # what was recorded, to correct
    response = client.post(
        page,
        {
            "object": registry["school"].pk,
            "visited_on": (today - timedelta(days=3)).isoformat(),
            "notes": "The roof is finished.",
            "answer_roof": "yes",
            "answer_floors": "3",
            "reason": "The roof was misread",
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.revision, visit.notes, visit.visited_on) == (
        2,
        "The roof is finished.",
        today - timedelta(days=3),
    )
    assert VisitAnswer.private_objects.get(visit=visit, question__code="roof").value is True
    assert visit.history.count() == 2 and visit.evidence.count() == 1

    # Everyone who sees the visit sees that it was corrected, why, and what it said before.
    with translation.override("en"):
        corrected_on = date_format(today, "SHORT_DATE_FORMAT")
    for person in (erlan, None):
        client.logout()
        if person:
            client.force_login(person)
        html = client.get(visit.get_absolute_url()).content.decode()
        assert f"Corrected on {corrected_on}" in html
        assert "(The roof was misread)" in html
        assert "Earlier versions" in html and "The roof is open." in html
        assert "The roof is finished." in html
    # The first version's answers as they were: "no" and 2 floors.
    earlier = html[html.index("Earlier versions") :]
    assert "<dd>no</dd>" in earlier and "<dd>2</dd>" in earlier


def test_a_correction_says_why_and_removes_a_cleared_answer(visit, bob, today):
    with pytest.raises(ValidationError) as refused:
        correct(visit, bob, today, reason="  ")
    assert codes(refused.value) == {"required"}
    correct(visit, bob, today, answers={"roof": "yes"})
    visit.refresh_from_db()
    assert not visit.answers.filter(question__code="floors").exists()
    second = correct(visit, bob, today, answers={"roof": "no"}, reason="Looked again")
    assert second.revision == 3
    reasons = [revision["reason"] for revision in visit_revisions(second)]
    assert reasons == ["Looked again", "Wrong day and the roof misread"]


def test_a_withdrawn_visit_stays_with_the_team_and_leaves_the_public(
    client, visit, bob, erlan, carol, today
):
    evidence = visit.evidence.get()
    visit_page = visit.get_absolute_url()
    campaign_page = url("detail", visit.campaign)
    assert client.get(visit_page).status_code == 200
    assert [item["id"] for item in client.get("/api/evidence/").json()["results"]] == [evidence.pk]

    client.force_login(bob)
    response = client.post(
        url("visit_withdraw", visit.campaign, visit_id=visit.pk),
        {"reason": "Recorded at the wrong school"},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.withdrawn_at is not None and visit.revision == 2

    # The team: the visit page says it is withdrawn and why; the campaign page marks it.
    for person in (bob, erlan):
        client.force_login(person)
        html = client.get(visit_page).content.decode()
        assert "Withdrawn on" in html and "Recorded at the wrong school" in html
        assert "withdrawn" in client.get(campaign_page).content.decode()
    # No further change of a withdrawn visit.
    client.force_login(bob)
    assert client.get(url("visit_correct", visit.campaign, visit_id=visit.pk)).status_code == 403

    # The public, and anyone outside the team: gone from the pages, the API and the downloads.
    for person in (carol, None):
        client.logout()
        if person:
            client.force_login(person)
        assert client.get(visit_page).status_code == 404
        assert visit_page not in client.get(campaign_page).content.decode()
        assert client.get("/api/evidence/").json()["results"] == []
        assert client.get(f"/api/evidence/{evidence.pk}/").status_code == 404
    assert not Visit.public_objects.filter(pk=visit.pk).exists()
    assert not Evidence.public_objects.filter(pk=evidence.pk).exists()
    assert not VisitAnswer.public_objects.filter(visit=visit).exists()


def test_a_visit_recorded_before_history_was_kept_keeps_its_first_version(visit, bob, today):
    visit.history.all().delete()
    VisitAnswer.history.filter(visit_id=visit.pk).delete()
    correct(visit, bob, today)
    assert visit.history.count() == 2
    first = visit.history.earliest("history_id")
    assert first.notes == "The roof is open." and first.revision == 1


def test_only_the_visits_not_withdrawn_are_listed_for_the_public(
    client, team, bob, registry, today
):
    kept = visit_record(
        campaign=team, object=registry["school"], visited_on=today, actor=bob, notes="Kept"
    )
    gone = visit_record(
        campaign=team, object=registry["school"], visited_on=today, actor=bob, notes="Gone"
    )
    visit_withdraw(visit=gone, actor=bob, reason="Twice")
    html = client.get(url("detail", team)).content.decode()
    assert kept.get_absolute_url() in html and gone.get_absolute_url() not in html


def test_a_withdrawn_visits_files_leave_the_findings_that_cite_them(
    client, visit, alice, bob, registry
):
    evidence = visit.evidence.get()
    finding = add_finding(visit.campaign, alice, registry, evidence=[evidence])
    [item] = client.get("/api/findings/").json()["results"]
    assert item["evidence"] == [evidence.pk]
    visit_withdraw(visit=visit, actor=bob, reason="Wrong school")
    [item] = client.get("/api/findings/").json()["results"]
    assert item["evidence"] == []
    response = client.get("/data/findings.csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    [row] = csv.DictReader(io.StringIO(text))
    assert row["evidence_ids"] == ""
    finding_page = finding.get_absolute_url()
    assert evidence.public_file.url not in client.get(finding_page).content.decode()
    client.force_login(bob)  # the team still sees what it cited
    assert evidence.public_file.url in client.get(finding_page).content.decode()
