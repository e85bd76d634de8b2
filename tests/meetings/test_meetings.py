"""Meetings: who organises and sees them, their pages and calendar feed, questions and
registrations, the announcement to followers, minutes whose decisions become commitments that
the body accepts, and the hearing made of a notice of a decision date."""

import io
from datetime import datetime, time, timedelta

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from baqylau.accounts import following
from baqylau.accounts.models import Notification
from baqylau.meetings import announcements, commitments, services
from baqylau.meetings.models import (
    AnnouncementRule,
    Commitment,
    CommitmentState,
    Meeting,
    MeetingKind,
    Question,
)
from baqylau.participation.states import Moderation

from ..factories import MeetingFactory, TerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(db):
    return TerritoryFactory(slug="ekibastuz", name_en="Ekibastuz")


@pytest.fixture
def hearing(ngo, alice, body, place, today):
    return MeetingFactory(
        today=today,
        organiser=ngo,
        by=alice,
        title="Hearing on the school roof",
        territory=place,
        bodies=[body],
    )


@pytest.fixture
def draft(ngo, alice, body, place, today):
    return MeetingFactory(
        today=today,
        organiser=ngo,
        by=alice,
        title="DRAFT-MEETING of the council",
        territory=place,
        bodies=[body],
        published=False,
    )


def url(name, **kwargs):
    return reverse(f"meetings:{name}", kwargs=kwargs)


def count_queries(client, path) -> tuple[int, object]:
    client.get(path)  # what is read once per process (content types, the session) is read
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response


# -- Data ----------------------------------------------------------------------------------------


def test_announcement_rules_are_installed_as_data():
    rules = {rule.kind: rule for rule in AnnouncementRule.objects.all()}
    assert set(rules) == set(MeetingKind.values)
    decision = rules[MeetingKind.DECISION_HEARING]
    assert (decision.days, decision.working_days) == (3, True)
    assert "Article 13" in decision.legal_reference_en
    assert "13" in decision.legal_reference_ru
    assert rules[MeetingKind.PUBLIC_HEARING].days == 10
    assert rules[MeetingKind.COUNCIL_SESSION].days == 5


# -- Organising ----------------------------------------------------------------------------------


def test_only_the_organisers_people_organise(ngo, body, alice, bob, carol, dana, today):
    starts = timezone.make_aware(datetime.combine(today + timedelta(days=5), time(10)))
    for outsider in (carol, bob, dana):  # a citizen, a monitor, another organisation's officer
        with pytest.raises(ValidationError):
            services.meeting_create(
                organiser=ngo, by=outsider, kind="public_hearing", title="T", starts_at=starts
            )
    meeting = services.meeting_create(
        organiser=ngo, by=alice, kind="council_session", title="Session", starts_at=starts
    )
    assert not meeting.is_published
    # An officer organises the hearing of their body's report.
    report = services.meeting_create(
        organiser=body, by=dana, kind="report_hearing", title="Report", starts_at=starts
    )
    assert report.organiser == body
    with pytest.raises(ValidationError) as error:
        services.meeting_create(
            organiser=ngo,
            by=alice,
            kind="public_hearing",
            title="T",
            starts_at=starts,
            ends_at=starts - timedelta(hours=1),
        )
    assert "ends_at" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.meeting_edit(meeting=meeting, by=carol, title="Mine now")
    services.meeting_edit(meeting=meeting, by=alice, title="Session of June", place="Room 3")
    meeting.refresh_from_db()
    assert (meeting.title, meeting.place) == ("Session of June", "Room 3")


@pytest.mark.parametrize(
    ("who", "sees_draft"),
    [
        ("anonymous", False),
        ("citizen", False),
        ("monitor", True),  # of the organising NGO
        ("coordinator", True),
        ("officer", False),
        ("moderator", True),  # max is a member of the NGO
        ("staff", True),
    ],
)
def test_a_draft_is_seen_only_by_its_organiser(as_persona, who, sees_draft, hearing, draft):
    client = as_persona(who)
    assert client.get(url("detail", slug=hearing.slug)).status_code == 200
    assert client.get(url("detail", slug=draft.slug)).status_code == (200 if sees_draft else 404)
    listing = client.get(url("list")).content.decode()
    assert "Hearing on the school roof" in listing
    assert ("DRAFT-MEETING" in listing) is sees_draft
    feed = client.get(url("calendar")).content.decode()
    assert "DRAFT-MEETING" not in feed  # the feed is public data only


def test_organiser_forms(client, alice, carol, ngo, body, place, today):
    client.force_login(carol)
    assert client.get(url("create")).status_code == 403
    client.force_login(alice)
    assert client.get(url("create")).status_code == 200
    day = today + timedelta(days=30)
    response = client.post(
        url("create"),
        {
            "organiser": ngo.pk,
            "kind": "public_hearing",
            "title": "Hearing on the new clinic",
            "starts_at": f"{day:%Y-%m-%d}T10:00",
            "place": "Clinic hall",
            "territory": place.pk,
            "bodies": [body.pk],
        },
    )
    meeting = Meeting.private_objects.get(title="Hearing on the new clinic")
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    response = client.post(url("agenda_add", slug=meeting.slug), {"title": "The clinic's plan"})
    assert response.status_code == 302
    assert meeting.agenda.get().order == 1
    client.post(url("publish", slug=meeting.slug))
    meeting.refresh_from_db()
    assert meeting.is_published and meeting.published_at is not None
    client.force_login(carol)
    assert client.get(url("edit", slug=meeting.slug)).status_code == 403
    assert client.post(url("publish", slug=meeting.slug)).status_code == 403


def test_withdrawn_meeting_answers_with_its_withdrawal(client, alice, hearing):
    services.meeting_withdraw(meeting=hearing, by=alice, reason="The hall is closed.")
    response = client.get(url("detail", slug=hearing.slug))
    assert response.status_code == 410
    assert "The hall is closed." in response.content.decode()
    assert "Hearing on the school roof" not in client.get(url("list")).content.decode()


# -- Pages and the feed ---------------------------------------------------------------------------


def test_list_filters_and_query_count(client, ngo, alice, body, place, hearing, today):
    other = TerritoryFactory(slug="pavlodar")
    MeetingFactory(today=today, organiser=ngo, by=alice, title="Elsewhere session", territory=other)
    html = client.get(url("list"), {"territory": "ekibastuz"}).content.decode()
    assert "Hearing on the school roof" in html and "Elsewhere session" not in html
    html = client.get(url("list"), {"body": body.slug}).content.decode()
    assert "Hearing on the school roof" in html and "Elsewhere session" not in html
    few, _response = count_queries(client, url("list"))
    for n in range(4):
        MeetingFactory(
            today=today, organiser=ngo, by=alice, title=f"More {n}", territory=place, days=40 + n
        )
    many, response = count_queries(client, url("list"))
    assert many == few
    assert "More 3" in response.content.decode()


def test_detail_query_count_does_not_grow(client, ngo, alice, bob, carol, body, hearing):
    def grow(n):
        services.agenda_item_add(meeting=hearing, by=alice, title=f"Point {n}")
        asker = UserFactory()
        question = services.question_ask(meeting=hearing, by=asker, text=f"Question {n}?")
        services.question_support(question=question, by=carol)

    grow(0)
    client.force_login(carol)
    few, _response = count_queries(client, url("detail", slug=hearing.slug))
    for n in range(1, 5):
        grow(n)
    many, response = count_queries(client, url("detail", slug=hearing.slug))
    assert many == few
    assert "Question 4?" in response.content.decode()


def test_the_calendar_feed_parses_and_filters(
    client, ngo, alice, body, place, hearing, draft, today
):
    other = TerritoryFactory(slug="pavlodar")
    MeetingFactory(today=today, organiser=ngo, by=alice, title="Elsewhere session", territory=other)
    response = client.get(url("calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"Hearing on the school roof", "Elsewhere session"}
    event = events["Hearing on the school roof"]
    assert str(event["uid"]).startswith(f"meeting-{hearing.pk}@")
    start = event.decoded("dtstart")
    assert start == hearing.starts_at and start.utcoffset() == timedelta(0)
    assert event.decoded("dtend") > start
    assert str(event["location"]) == "Akimat, room 12"
    assert str(event["url"]).endswith(hearing.get_absolute_url())
    # The same UID tomorrow: calendars update the event instead of adding one.
    again = icalendar.Calendar.from_ical(client.get(url("calendar")).content)
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == {
        str(e["uid"]) for e in calendar.walk("VEVENT")
    }
    only = icalendar.Calendar.from_ical(
        client.get(url("calendar"), {"territory": "pavlodar"}).content
    )
    assert [str(e["summary"]) for e in only.walk("VEVENT")] == ["Elsewhere session"]
    by_body = icalendar.Calendar.from_ical(client.get(url("calendar"), {"body": body.slug}).content)
    assert [str(e["summary"]) for e in by_body.walk("VEVENT")] == ["Hearing on the school roof"]


def test_calendar_feed_query_count(client, ngo, alice, place, hearing, today):
    few, _response = count_queries(client, url("calendar"))
    for n in range(4):
        MeetingFactory(today=today, organiser=ngo, by=alice, title=f"More {n}", territory=place)
    many, _response = count_queries(client, url("calendar"))
    assert many == few


# -- Questions and registrations -----------------------------------------------------------------


def test_questions_most_supported_first(client, hearing, alice, bob, carol, erin):
    first = services.question_ask(meeting=hearing, by=carol, text="When is the roof fixed?")
    second = services.question_ask(meeting=hearing, by=bob, text="Who pays for the roof?")
    assert services.question_support(question=second, by=carol)
    assert not services.question_support(question=second, by=carol)  # once per user
    services.question_support(question=second, by=erin)
    with pytest.raises(ValidationError):
        services.question_support(question=first, by=carol)  # one's own
    html = client.get(url("detail", slug=hearing.slug)).content.decode()
    assert html.index("Who pays for the roof?") < html.index("When is the roof fixed?")
    # Through the pages.
    client.force_login(alice)
    client.post(url("question_support", pk=first.pk))
    assert first.supports.count() == 1


def test_a_question_with_personal_data_waits_for_a_moderator(
    client, hearing, carol, dana, max_moderator
):
    question = services.question_ask(
        meeting=hearing, by=carol, text="Call me on +7 701 123 45 67 about the roof"
    )
    assert question.moderation == Moderation.HELD
    client.force_login(dana)  # neither its author nor of the organiser
    assert "+7 701" not in client.get(url("detail", slug=hearing.slug)).content.decode()
    client.force_login(carol)
    assert "+7 701" in client.get(url("detail", slug=hearing.slug)).content.decode()
    with pytest.raises(ValidationError):
        services.question_moderate(question=question, by=carol, publish=True)
    held = url("held_questions")
    assert client.get(held).status_code == 403  # the author is no moderator
    client.force_login(max_moderator)
    # The moderators' queue counts it and leads to it.
    queue_page = client.get(reverse("participation:moderation")).content.decode()
    assert f'href="{held}">Questions to meetings <strong>1</strong>' in queue_page
    page = client.get(held).content.decode()
    assert "Questions to meetings awaiting moderation" in page and "+7 701" in page
    response = client.post(url("question_moderate", pk=question.pk), {"reason": "A phone number"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.moderation == Moderation.HIDDEN
    assert "No question waits for moderation." in client.get(held).content.decode()
    client.logout()
    html = client.get(url("detail", slug=hearing.slug)).content.decode()
    assert "+7 701" not in html


def test_asking_and_registering_through_the_page(client, hearing, carol):
    assert client.post(url("question_ask", slug=hearing.slug), {"text": "Why?"}).status_code == 302
    assert Question.objects.count() == 0  # anonymous: to the login page
    client.force_login(carol)
    client.post(url("question_ask", slug=hearing.slug), {"text": "Why is the roof late?"})
    assert Question.objects.get().author == carol
    client.post(url("registration", slug=hearing.slug))
    client.post(url("registration", slug=hearing.slug))
    assert hearing.registrations.count() == 1
    html = client.get(url("detail", slug=hearing.slug)).content.decode()
    assert "You are registered to attend." in html
    client.post(url("registration", slug=hearing.slug), {"cancel": "1"})
    assert hearing.registrations.count() == 0


def test_questions_close_when_the_meeting_starts(hearing, carol, set_today):
    set_today(timezone.localdate(hearing.starts_at) + timedelta(days=1))
    with pytest.raises(ValidationError):
        services.question_ask(meeting=hearing, by=carol, text="Too late?")
    with pytest.raises(ValidationError):
        services.register(meeting=hearing, by=carol)


# -- The announcement ------------------------------------------------------------------------------


def test_the_announcement_reaches_followers_once_on_its_day(
    ngo, alice, body, place, carol, bob, committed, mailoutbox, set_today, today
):
    following.follow(user=carol, target=place)
    following.follow(user=bob, target=body)
    meeting = MeetingFactory(
        today=today, organiser=ngo, by=alice, territory=place, bodies=[body], days=30
    )
    assert meeting.announced_at is None
    day = announcements.announcement_day(meeting)
    assert day == timezone.localdate(meeting.starts_at) - timedelta(days=10)

    def run(on):
        set_today(on)
        out = io.StringIO()
        committed(lambda: call_command("announce_meetings", stdout=out))
        return out.getvalue()

    assert "0 meetings announced" in run(day - timedelta(days=1))
    assert Notification.objects.count() == 0
    assert "1 meeting announced" in run(day)
    notified = Notification.objects.filter(kind="meeting.announced")
    assert {n.user for n in notified} == {carol, bob}
    assert {m.to[0] for m in mailoutbox} == {carol.email, bob.email}
    assert meeting.title in mailoutbox[0].body
    assert "0 meetings announced" in run(day + timedelta(days=1))
    assert notified.count() == 2


def test_published_after_its_day_it_is_announced_at_once(ngo, alice, place, carol, today):
    following.follow(user=carol, target=place)
    meeting = MeetingFactory(today=today, organiser=ngo, by=alice, territory=place, days=3)
    meeting.refresh_from_db()
    assert meeting.announced_at is not None
    assert Notification.objects.filter(user=carol, kind="meeting.announced").count() == 1


def test_decision_hearing_is_announced_in_working_days(kz_calendar, ngo, alice, set_today):
    set_today(datetime(2026, 3, 2).date())  # a Monday
    meeting = services.meeting_create(
        organiser=ngo,
        by=alice,
        kind="decision_hearing",
        title="Decision",
        starts_at=timezone.make_aware(datetime(2026, 3, 26, 10)),  # after Nauryz
    )
    # Nauryz (21-25 March 2026) is not counted: three working days before the 26th are the
    # 18th, 19th and 20th.
    assert announcements.announcement_day(meeting).isoformat() == "2026-03-18"


# -- Minutes, commitments and the body ---------------------------------------------------------


def test_minutes_answer_questions_and_decisions_become_commitments(
    client, ngo, alice, carol, dana, body, place, set_today, mailoutbox, committed, today
):
    meeting = MeetingFactory(
        today=today, organiser=ngo, by=alice, territory=place, bodies=[body], days=5
    )
    following.follow(user=carol, target=meeting)
    question = services.question_ask(meeting=meeting, by=carol, text="When is the roof fixed?")
    item = services.agenda_item_add(meeting=meeting, by=alice, title="The school roof")
    services.decision_add(
        item=item,
        by=alice,
        text="The department repairs the roof by September.",
        votes_for=7,
        votes_against=1,
        votes_abstained=0,
        body=body,
        due_on=today + timedelta(days=90),
        responsible="Capital works unit",
    )
    with pytest.raises(ValidationError):
        services.minutes_publish(meeting=meeting, by=alice)  # not held yet
    set_today(timezone.localdate(meeting.starts_at) + timedelta(days=1))
    client.force_login(alice)
    response = client.post(
        url("minutes", slug=meeting.slug),
        {
            "participants": "Seven members of the council; Dana for the department.",
            f"answer_{question.pk}": "By September, said the department.",
        },
    )
    assert response.status_code == 302
    with pytest.raises(ValidationError):
        services.minutes_publish(meeting=meeting, by=carol)
    committed(client.post, url("minutes_publish", slug=meeting.slug))
    meeting.refresh_from_db()
    assert meeting.has_minutes
    # The meeting's follower hears that the minutes are out and what was decided.
    heard = Notification.objects.get(user=carol, kind="meeting.minutes")
    assert heard.texts["en"]["text"] == (
        f"The minutes of “{meeting.title}” are published. "
        "The meeting decided 1 commitment of a state body."
    )
    commitment = Commitment.public_objects.get()
    assert (commitment.body, commitment.meeting, commitment.state) == (
        body,
        meeting,
        CommitmentState.PROPOSED,
    )
    # The body's officer is told what it is to do, with the page where he answers.
    (told,) = [message for message in mailoutbox if dana.email in message.to]
    assert meeting.title in told.subject
    assert "The department repairs the roof by September." in told.body
    assert f"/{dana.language}/meetings/commitments/{commitment.pk}/" in told.body
    client.logout()
    html = client.get(url("detail", slug=meeting.slug)).content.decode()
    assert "By September, said the department." in html
    assert "For: 7 · against: 1 · abstained: 0" in html
    assert commitment.get_absolute_url() in html

    # The officer accepts it on its page, then it shows on the body page.
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "Send the answer" not in page
    client.force_login(carol)
    assert (
        client.post(url("commitment_answer", pk=commitment.pk), {"answer": "accept"}).status_code
        == 403
    )
    client.force_login(dana)
    assert commitment.get_absolute_url() in client.get(url("commitment_inbox")).content.decode()
    assert "Send the answer" in client.get(commitment.get_absolute_url()).content.decode()
    client.post(url("commitment_answer", pk=commitment.pk), {"answer": "accept", "text": "Agreed"})
    commitment.refresh_from_db()
    assert commitment.state == CommitmentState.ACCEPTED
    client.post(
        url("commitment_answer", pk=commitment.pk),
        {"outcome": "progress", "text": "The contractor is chosen."},
    )
    client.logout()
    page = client.get(commitment.get_absolute_url()).content.decode()
    assert "The contractor is chosen." in page
    body_page = client.get(reverse("portal:organisation", kwargs={"slug": body.slug}))
    html = body_page.content.decode()
    assert "The department repairs the roof by September." in html
    assert "Open: 1 · overdue: 0 · carried out: 0" in html


def test_a_commitment_is_private_until_published(client, ngo, alice, body, dana, carol, today):
    commitment = commitments.commitment_propose(
        body=body,
        text="SECRET-COMMITMENT",
        due_on=today + timedelta(days=9),
        by=alice,
        organisation=ngo,
    )
    for user, status in ((None, 404), (carol, 404), (dana, 200), (alice, 200)):
        client.logout()
        if user is not None:
            client.force_login(user)
        assert client.get(commitment.get_absolute_url()).status_code == status
    client.logout()
    html = client.get(reverse("portal:organisation", kwargs={"slug": body.slug})).content.decode()
    assert "SECRET-COMMITMENT" not in html


def test_body_page_query_count_with_commitments(client, ngo, alice, body, place, today):
    for n in range(2):
        commitments.commitment_propose(
            body=body, text=f"C{n}", due_on=today, by=alice, publish=True
        )
        MeetingFactory(
            today=today, organiser=ngo, by=alice, territory=place, bodies=[body], days=40 + n
        )
    path = reverse("portal:organisation", kwargs={"slug": body.slug})
    few, _response = count_queries(client, path)
    for n in range(2, 6):
        commitments.commitment_propose(
            body=body, text=f"C{n}", due_on=today, by=alice, publish=True
        )
        MeetingFactory(
            today=today, organiser=ngo, by=alice, territory=place, bodies=[body], days=40 + n
        )
    many, response = count_queries(client, path)
    assert many == few
    assert "Upcoming meetings" in response.content.decode()


def test_territory_page_lists_upcoming_meetings(client, hearing, draft, place):
    html = client.get(reverse("portal:territory", kwargs={"slug": place.slug})).content.decode()
    assert "Hearing on the school roof" in html and "DRAFT-MEETING" not in html


# -- The hearing of a decision on recommendations -----------------------------------------------


def test_a_decision_notice_becomes_a_hearing(client, world, dana):
    second = world["second"]
    notice = second.decision_notices.get()
    meeting = Meeting.public_objects.get(decision_notice=notice)
    assert meeting.kind == MeetingKind.DECISION_HEARING
    assert meeting.organiser == second.body
    assert timezone.localdate(meeting.starts_at) == notice.decision_on
    assert meeting.agenda.get().recommendation == second
    assert meeting.announced_at is not None
    # The campaign page says where it was discussed, the inbox links the hearing.
    campaign_page = client.get(world["published"].get_absolute_url()).content.decode()
    assert meeting.get_absolute_url() in campaign_page
    # So does the recommendation's page, for anyone.
    recommendation_page = reverse(
        "accountability:recommendation",
        kwargs={"slug": world["published"].slug, "number": second.number},
    )
    html = client.get(recommendation_page).content.decode()
    assert f"Recommendation {second.number}" in html
    assert "Discussed at" in html and meeting.get_absolute_url() in html
    client.force_login(dana)
    answer_page = reverse(
        "accountability:answer",
        kwargs={"slug": world["published"].slug, "number": second.number},
    )
    assert meeting.get_absolute_url() in client.get(answer_page).content.decode()


def test_a_hidden_campaigns_meeting_stays_off_its_page(client, world, ngo, alice, today):
    meeting = MeetingFactory(
        today=today, organiser=ngo, by=alice, published=False, title="DRAFT-HEARING"
    )
    services.agenda_item_add(meeting=meeting, by=alice, title="x", campaign=world["published"])
    html = client.get(world["published"].get_absolute_url()).content.decode()
    assert "DRAFT-HEARING" not in html
