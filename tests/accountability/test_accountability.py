"""The rules of findings and recommendations kept by the services: numbering, what a finding may
concern, evidence of the same campaign, state bodies only, nothing changed once the final document
is sent, the terms started by sending, verification by the team."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from baqylau.accountability import services as accountability
from baqylau.accountability.models import AnswerState, Finding, Recommendation, Verification
from baqylau.accountability.permissions import (
    can_answer,
    can_verify,
    can_write_findings,
    can_write_recommendations,
)
from baqylau.core.calendar import WorkingCalendar
from baqylau.monitoring.evidence import evidence_add
from baqylau.monitoring.models import Status
from baqylau.registry.models import Organisation

from ..cycle import add_finding, add_recommendation, finished_control, sent_campaign, write_document
from ..factories import OrganisationFactory, ProjectObjectFactory
from ..helpers import codes, jpeg

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_pdf")]


@pytest.fixture
def campaign(registry, ngo, alice, bob, today):
    return finished_control(registry, ngo, alice, today, monitors=[bob])


def upload(name="site.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, jpeg(), content_type="image/jpeg")


# Findings ----------------------------------------------------------------------------------------


def test_findings_are_numbered_in_order_within_their_campaign(
    campaign, registry, ngo, alice, bob, today
):
    first = add_finding(campaign, bob, registry)
    second = add_finding(campaign, alice, registry, document=registry["document"])
    other = finished_control(registry, ngo, alice, today, slug="other-campaign")
    assert (first.number, second.number) == (1, 2)
    assert add_finding(other, alice, registry).number == 1
    # The campaign is public: the finding is withdrawn, not deleted, and keeps its number.
    accountability.finding_delete(finding=first, actor=alice, reason="Recorded twice")
    assert add_finding(campaign, bob, registry).number == 3


def test_a_finding_concerns_something_published(campaign, registry, bob):
    with pytest.raises(ValidationError) as exc:
        add_finding(campaign, bob, registry, project_object=None)
    assert codes(exc.value) == {"no_subject"}
    hidden_object = ProjectObjectFactory(document=registry["hidden"])
    with pytest.raises(ValidationError) as exc:
        add_finding(campaign, bob, registry, project_object=hidden_object)
    assert codes(exc.value) == {"unpublished"}
    with pytest.raises(ValidationError) as exc:
        add_finding(campaign, bob, registry, project_object=None, document=registry["hidden"])
    assert codes(exc.value) == {"unpublished"}
    assert not Finding.private_objects.exists()


def test_the_monitors_figure_is_for_an_indicator_and_a_year(campaign, registry, bob):
    with pytest.raises(ValidationError) as exc:
        add_finding(campaign, bob, registry, monitor_value=Decimal("12.5"), year=2024)
    assert codes(exc.value) == {"no_indicator"}
    with pytest.raises(ValidationError) as exc:
        add_finding(
            campaign, bob, registry, indicator=registry["indicator"], monitor_value=Decimal("3")
        )
    assert codes(exc.value) == {"no_year"}
    finding = add_finding(
        campaign,
        bob,
        registry,
        project_object=None,
        indicator=registry["indicator"],
        year=2024,
        monitor_value=Decimal("12.5"),
    )
    assert finding.monitor_value == Decimal("12.5")


def test_a_finding_has_a_title_a_description_a_known_category_and_severity(campaign, registry, bob):
    with pytest.raises(ValidationError) as exc:
        add_finding(campaign, bob, registry, title=" ", description="", category="x", severity="y")
    # The first problem found is reported; nothing is written.
    assert codes(exc.value) <= {"required", "invalid"}
    assert not Finding.private_objects.exists()


def test_evidence_of_another_campaign_cannot_be_attached(
    campaign, registry, ngo, alice, bob, today
):
    other = finished_control(registry, ngo, alice, today, slug="other-campaign")
    mine = evidence_add(campaign=campaign, upload=upload(), actor=bob)
    theirs = evidence_add(campaign=other, upload=upload(), actor=alice)
    with pytest.raises(ValidationError) as exc:
        add_finding(campaign, bob, registry, evidence=[mine, theirs])
    assert codes(exc.value) == {"other_campaign"}
    finding = add_finding(campaign, bob, registry, evidence=[mine])
    assert list(finding.evidence.all()) == [mine]


def test_who_writes_findings_and_recommendations(alice, bob, dana, carol, plan):
    campaign = plan(monitors=[bob], declared=[alice])
    # Bob is on the team but has not declared; Dana and Carol are not on it.
    assert can_write_findings(alice, campaign)
    assert not can_write_findings(bob, campaign)
    assert not can_write_findings(dana, campaign)
    assert not can_write_findings(carol, campaign)
    assert can_write_recommendations(alice, campaign)
    assert not can_write_recommendations(bob, campaign)
    assert not can_verify(carol, campaign)


# Recommendations ---------------------------------------------------------------------------------


def test_a_recommendation_goes_to_one_state_body(campaign, registry, ngo, alice, body):
    with pytest.raises(ValidationError) as exc:
        add_recommendation(campaign, alice, ngo)
    assert codes(exc.value) == {"not_state_body"}
    company = OrganisationFactory(kind=Organisation.Kind.COMPANY)
    with pytest.raises(ValidationError):
        add_recommendation(campaign, alice, company)
    first = add_recommendation(campaign, alice, body)
    second = add_recommendation(campaign, alice, registry["akimat"])
    assert (first.number, second.number) == (1, 2)
    assert first.state == AnswerState.DRAFT and first.sent_on is None


def test_a_recommendation_is_tied_to_findings_of_its_own_campaign(
    campaign, registry, ngo, alice, body, today
):
    other = finished_control(registry, ngo, alice, today, slug="other-campaign")
    foreign = add_finding(other, alice, registry)
    with pytest.raises(ValidationError) as exc:
        add_recommendation(campaign, alice, body, [foreign])
    assert codes(exc.value) == {"other_campaign"}
    finding = add_finding(campaign, alice, registry)
    recommendation = add_recommendation(campaign, alice, body, [finding])
    assert list(recommendation.findings.all()) == [finding]


# Sending freezes the record ----------------------------------------------------------------------


def test_nothing_changes_once_the_final_document_is_sent(registry, ngo, alice, bob, body, today):
    campaign, finding, (recommendation,) = sent_campaign(
        registry, ngo, alice, body, today, monitors=[bob]
    )
    attempts = [
        lambda: add_finding(campaign, bob, registry),
        lambda: accountability.finding_delete(finding=finding, actor=alice),
        lambda: add_recommendation(campaign, alice, body),
        lambda: accountability.recommendation_save(
            campaign=campaign, actor=alice, recommendation=recommendation, body=body, text="New"
        ),
        lambda: accountability.recommendation_delete(recommendation=recommendation, actor=alice),
        lambda: write_document(campaign, alice, language="ru"),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert codes(exc.value) == {"sent"}
    recommendation.refresh_from_db()
    assert recommendation.text == "Recommendation 1"
    assert campaign.final_document.language == "kk"


def test_sending_starts_the_term_of_every_recommendation(registry, ngo, alice, body, today):
    campaign, _finding, recommendations = sent_campaign(registry, ngo, alice, body, today, n=3)
    sent_on = campaign.ends_on + timedelta(days=7)
    assert campaign.status == Status.DOCUMENT_SENT
    assert campaign.status_changes.order_by("-recorded_at").first().changed_on == sent_on
    for recommendation in recommendations:
        assert recommendation.sent_on == sent_on
        assert recommendation.state == AnswerState.AWAITING
        # Ten working days: twelve days at least (sent on a Sunday), more across holidays.
        assert WorkingCalendar().working_days_between(sent_on, recommendation.due_on) == 10
        assert WorkingCalendar().is_working_day(recommendation.due_on)
        assert recommendation.due_on >= sent_on + timedelta(days=12)
    assert set(Recommendation.private_objects.inbox_of(None)) == set()


def test_the_final_document_is_sent_only_when_written_published_and_analysed(
    registry, ngo, alice, body, today
):
    campaign = finished_control(registry, ngo, alice, today, published=False)
    add_recommendation(campaign, alice, body)
    with pytest.raises(ValidationError) as exc:
        accountability.final_document_send(campaign=campaign, actor=alice)
    # Everything that is missing is said at once.
    assert codes(exc.value) == {"no_document", "unpublished"}
    write_document(campaign, alice)
    with pytest.raises(ValidationError) as exc:
        accountability.final_document_send(campaign=campaign, actor=alice)
    assert codes(exc.value) == {"unpublished"}
    assert Recommendation.private_objects.get().state == AnswerState.DRAFT


def test_the_final_document_is_not_sent_before_the_end_of_control_or_in_the_future(
    registry, ngo, alice, body, today
):
    campaign = finished_control(registry, ngo, alice, today)
    write_document(campaign, alice)
    with pytest.raises(ValidationError) as exc:
        accountability.final_document_send(
            campaign=campaign, actor=alice, sent_on=campaign.ends_on - timedelta(days=1)
        )
    assert codes(exc.value) == {"before_end"}
    with pytest.raises(ValidationError) as exc:
        accountability.final_document_send(
            campaign=campaign, actor=alice, sent_on=today + timedelta(days=1)
        )
    assert codes(exc.value) == {"future"}
    campaign.refresh_from_db()
    assert campaign.status == Status.ANALYSIS
    assert not campaign.final_document.is_sent


# The body's side ---------------------------------------------------------------------------------


def test_only_officers_of_the_addressed_body_answer(
    registry, ngo, alice, bob, body, dana, carol, today
):
    campaign = finished_control(registry, ngo, alice, today, monitors=[bob])
    draft = add_recommendation(campaign, alice, body)
    assert not can_answer(dana, draft)  # not sent yet
    write_document(campaign, alice)
    accountability.final_document_send(campaign=campaign, actor=alice)
    draft.refresh_from_db()
    assert can_answer(dana, draft)
    for person in (alice, bob, carol, None):
        assert not can_answer(person, draft)
    to_akimat = Recommendation(body=registry["akimat"], sent_on=draft.sent_on)
    assert not can_answer(dana, to_akimat)
    assert list(Recommendation.private_objects.inbox_of(dana)) == [draft]
    assert not Recommendation.private_objects.inbox_of(alice).exists()


def test_verification_by_the_team_after_sending(registry, ngo, alice, bob, body, dana, today):
    campaign = finished_control(registry, ngo, alice, today, monitors=[bob])
    recommendation = add_recommendation(campaign, alice, body)
    with pytest.raises(ValidationError) as exc:
        accountability.verification_record(
            recommendation=recommendation, actor=bob, verification="done", note="Seen."
        )
    assert codes(exc.value) == {"not_sent"}
    campaign, _finding, (recommendation,) = sent_campaign(
        registry, ngo, alice, body, today, monitors=[bob]
    )
    with pytest.raises(ValidationError) as exc:
        accountability.verification_record(
            recommendation=recommendation, actor=bob, verification="not_verified", note="x"
        )
    assert codes(exc.value) == {"invalid"}
    accountability.verification_record(
        recommendation=recommendation,
        actor=bob,
        verification=Verification.PARTLY_DONE,
        note="The roof is done, the heating is not.",
    )
    recommendation.refresh_from_db()
    assert recommendation.verification == Verification.PARTLY_DONE
    assert recommendation.verified_by == bob
    # What the body says stays apart from what the monitors found.
    assert recommendation.state == AnswerState.AWAITING
