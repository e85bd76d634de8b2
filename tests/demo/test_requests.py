"""The demo information requests: every status, both languages, a batch to every akimat with a
mix of outcomes, histories dated by the workflow and the calendar, and a second run that changes
nothing."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from baqylau.core.calendar import deadline
from baqylau.demo import inforequests as demo
from baqylau.inforequests import stats
from baqylau.inforequests.models import (
    Answer,
    Appeal,
    InformationRequest,
    RequestBatch,
    RequestEvent,
    Status,
)
from baqylau.inforequests.selectors import ANSWER_RULE, EXTENSION_RULE
from baqylau.registry.models import Organisation

from ..helpers import CYRILLIC, KAZAKH_ONLY

Kind = RequestEvent.Kind


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", "--skip-iati", stdout=out)
    return out.getvalue()


@pytest.fixture
def requests(demo_data):
    return demo.demo_requests()


def counts() -> dict:
    return {
        "requests": InformationRequest.private_objects.count(),
        "events": RequestEvent.objects.count(),
        "answers": Answer.objects.count(),
        "appeals": Appeal.objects.count(),
        "batches": RequestBatch.objects.count(),
    }


def test_every_status_in_both_languages_from_three_people(requests):
    assert requests.count() >= 28
    statuses = set(requests.values_list("status", flat=True))
    assert len(set(Status.values) - statuses) <= 1, set(Status.values) - statuses
    assert set(requests.values_list("language", flat=True)) == {"kk", "ru"}
    assert {r.requester.email for r in requests} == {demo.CITIZEN, demo.MONITOR, demo.COORDINATOR}
    for request in requests:
        assert CYRILLIC.search(request.text), request.subject
        if request.language == "kk":
            assert KAZAKH_ONLY.search(request.subject + request.text), request.subject
        assert request.body.is_state_body
    assert requests.filter(hide_requester_name=True).exists()
    private = requests.filter(is_public=False).exclude(status=Status.DRAFT)
    assert private.count() >= 2
    assert not InformationRequest.public_objects.filter(pk__in=private).exists()
    assert requests.exclude(object=None).count() >= 10
    assert requests.filter(delivery=InformationRequest.Delivery.BY_HAND).exists()


def test_the_batch_reaches_every_akimat_with_mixed_outcomes(requests, demo_day):
    batch = RequestBatch.objects.get(subject=demo.WATER_BATCH.subject)
    members = batch.requests.all()
    assert members.count() == 13
    akimats = Organisation.objects.filter(kind=Organisation.Kind.DISTRICT_AKIMAT)
    assert set(members.values_list("body", flat=True)) == set(akimats.values_list("pk", flat=True))
    outcomes = [
        stats.request_outcome(
            status=r.status, due_date=r.due_date, answered_on=r.answered_on, today=demo_day
        )
        for r in members
    ]
    assert {stats.ON_TIME, stats.LATE, stats.NEVER} <= set(outcomes)
    assert outcomes.count(stats.ON_TIME) > outcomes.count(stats.NEVER)

    ranking = stats.ranking()
    ranked = {row["body"].pk for row in ranking}
    assert set(akimats.values_list("pk", flat=True)) <= ranked
    assert len({row["share_on_time"] for row in ranking}) >= 3


def test_overdue_requests_are_past_their_deadline_without_an_answer(requests, demo_day):
    overdue = requests.filter(status=Status.OVERDUE)
    assert overdue.count() >= 2
    for request in overdue:
        assert request.due_date < demo_day
        assert not request.answers.exists() and request.answered_on is None
        last = request.events.order_by("-id").first()
        assert last.kind == Kind.OVERDUE
        assert last.happened_on == request.due_date + timedelta(days=1)
    # Nothing the demo leaves running is already past its deadline.
    assert not requests.filter(
        status__in=[Status.SENT, Status.REGISTERED, Status.EXTENDED], due_date__lt=demo_day
    ).exists()


def test_deadlines_come_from_the_calendar_rules(requests, demo_day):
    extended = requests.get(status=Status.EXTENDED)
    assert extended.extended
    before = (
        extended.events.filter(kind__in=[Kind.REGISTERED, Kind.CLARIFIED]).order_by("-id").first()
    )
    assert before.due_date == deadline(ANSWER_RULE, extended.registered_on)
    assert extended.due_date == deadline(EXTENSION_RULE, before.due_date)
    assert extended.events.get(kind=Kind.EXTENDED).note  # the reason
    assert extended.due_date >= demo_day

    for request in requests.filter(status=Status.REGISTERED):
        assert request.due_date == deadline(ANSWER_RULE, request.registered_on)
    for request in requests.filter(status=Status.SENT):
        sent_on = timezone.localdate(request.sent_at)
        assert request.due_date == deadline(ANSWER_RULE, sent_on)
        assert request.events.get(kind__in=[Kind.SENT, Kind.DELIVERED_BY_HAND]).happened_on == (
            sent_on
        )
    clarified = RequestEvent.objects.get(request__in=requests, kind=Kind.CLARIFIED)
    assert clarified.due_date == deadline(ANSWER_RULE, clarified.happened_on)


def test_histories_are_dated_in_order_over_two_years(requests, demo_day):
    sent_days = []
    for request in requests.prefetch_related("events"):
        events = sorted(request.events.all(), key=lambda e: e.id)
        days = [e.happened_on for e in events]
        assert days == sorted(days), request.subject
        assert days[-1] <= demo_day
        assert events[0].kind == Kind.CREATED
        assert timezone.localdate(request.created_at) == days[0]
        for event in events:
            if event.kind != Kind.OVERDUE:
                assert timezone.localdate(event.recorded_at) == event.happened_on
        if request.sent_at:
            sent_days.append(timezone.localdate(request.sent_at))
            assert request.sent_at >= request.created_at
        if request.answered_on:
            assert request.answered_on == request.answers.latest("received_on").received_on
    assert max(sent_days) - min(sent_days) >= timedelta(days=365)
    assert min(sent_days) >= demo_day - timedelta(days=600)
    assert requests.filter(status=Status.DRAFT, sent_at=None).count() >= 1


def test_answers_refusals_appeals_and_the_redacted_phone(requests):
    officer_answers = Answer.objects.filter(
        request__in=requests, source=Answer.Source.PLATFORM, author__email=demo.OFFICER
    )
    assert officer_answers.exists()
    assert Answer.objects.filter(request__in=requests, source=Answer.Source.POST).exists()
    assert Answer.objects.filter(request__in=requests, source=Answer.Source.EMAIL).exists()
    for answer in Answer.objects.filter(request__in=requests):
        assert answer.classification
        if answer.request.language == "kk":
            assert KAZAKH_ONLY.search(answer.text), answer.text[:60]

    redacted = Answer.objects.get(request__in=requests, redacted=True)
    assert demo.REDACTED_PHONE in redacted.text
    assert demo.REDACTED_PHONE not in redacted.public_text
    assert redacted.public_text.split("\n")[:3] == redacted.text.split("\n")[:3]
    assert demo.REDACTED_PHONE not in redacted.request.search_text

    for refused in requests.filter(status=Status.REFUSED):
        assert refused.answers.get().legal_ground
    appeals = Appeal.objects.filter(request__in=requests)
    assert appeals.count() >= 2
    assert {a.superior_body.slug for a in appeals} == {"pavlodar-region-akimat"}
    assert {a.request.status for a in appeals} == {Status.APPEALED}
    # One against a refusal, one against silence.
    before_appeal = {
        a.request.events.filter(kind__in=[Kind.CLASSIFIED, Kind.OVERDUE]).last().kind
        for a in appeals
    }
    assert before_appeal == {Kind.CLASSIFIED, Kind.OVERDUE}


def test_running_twice_keeps_the_counts(requests):
    before = counts()
    statuses = dict(requests.values_list("public_id", "status"))
    output = load_demo()
    assert counts() == before
    assert dict(demo.demo_requests().values_list("public_id", "status")) == statuses
    assert f"information requests: {before['requests']}" in output
    report = demo.load_demo_requests()
    assert report["created"] == 0 and report["requests"] == before["requests"]
    assert report["batch"] == 13
