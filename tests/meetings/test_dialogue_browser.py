"""The whole dialogue in a real headless Chromium (Debian's package), each person signing in on
the sign-in page: the coordinator runs a community scorecard at the school with three groups and
the provider, submits the joint action plan and publishes the campaign; the officer accepts the
plan's commitment on its page; a citizen who follows the campaign receives, on its day, the
announcement of the public hearing that discusses it, opens the meeting from the email on her
phone and asks a question; after the hearing the coordinator answers it in the minutes and records
a decision for the body with a date; the public then reads the answer on the meeting's page and
the decision as a commitment on the body's page. The citizen's and the public's steps are on a
phone, whose width every page fits."""

import io
from datetime import datetime, time, timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from baqylau.meetings import announcement_rules
from baqylau.meetings.models import Commitment, CommitmentState, Meeting, Question
from baqylau.monitoring.models import ControlForm
from baqylau.scorecards import initial_data
from baqylau.scorecards.models import Scorecard

from .. import helpers
from ..helpers import HAS_CHROMIUM, PHONE, go, set_language, start_scorecard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
]

DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "correct horse battery"  # the factories' password
GROUPS = [("Women", "12"), ("Youth", "8"), ("Elderly people", "6")]
INDICATOR = "Classrooms are warm in winter"
# Per group, how many gave 1..5 on the indicator.
COUNTS = [[2, 3, 4, 2, 1], [0, 1, 2, 3, 2], [3, 2, 1, 0, 0]]
ACTION = "Repair the heating in the east wing"
HEARING = "Public hearing on the scorecard of school No. 600"
QUESTION = "When will the east wing be warm?"
ANSWER = "The department said the boilers are replaced by 1 October."
DECISION = "The department replaces the boilers of the east wing and reports to the council."


@pytest.fixture
def reference_data(transactional_db):
    """The kinds of groups and the announcement rules, as their data migrations install them: a
    transactional test before this one may have flushed them."""
    initial_data.install(apps.get_model)
    announcement_rules.install(apps.get_model)


# -- Helpers --------------------------------------------------------------------------------------


def shot(page, name: str, *, phone: bool = True) -> None:
    helpers.shot(page, f"dialogue-{name}", phone=phone)


def sign_in(page, site: str, user, path: str) -> None:
    """Sign in on the sign-in page, as a person does, and land on `path`."""
    page.goto(f"{site}{reverse('accounts:login')}?next={path}")
    page.get_by_label("Email", exact=True).fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(site + path)


def message(page) -> str:
    return page.locator(".messages").inner_text()


def path_of(link: str) -> str:
    """The path of an absolute link: the live server's port is not the site's."""
    return link[link.index("/", link.index("//") + 2) :]


def announce_on(set_today, day) -> str:
    set_today(day)
    out = io.StringIO()
    call_command("announce_meetings", stdout=out)
    return out.getvalue()


# -- The steps ------------------------------------------------------------------------------------


def run_the_scorecard(page, site, campaign, school, body, today) -> Scorecard:
    """The coordinator enters the scorecard: the input tracking sheet, three groups, an
    indicator, each group's paper counts, the provider's self-evaluation, the interface meeting
    and a line of the joint action plan, submitted to the body; then publishes the campaign."""
    start_scorecard(page, school)
    scorecard = Scorecard.private_objects.get(campaign=campaign)
    assert "Staffing norm, order No. 77" in page.content()

    page.goto(site + reverse("scorecards:groups", kwargs={"slug": campaign.slug}))
    for name, participants in GROUPS:
        page.get_by_label("Kind of group").select_option(label=name)
        page.get_by_label("Participants").fill(participants)
        go(page, page.get_by_role("button", name="Add the group"))
    assert [str(group.kind) for group in scorecard.groups.all()] == [g for g, _ in GROUPS]

    page.goto(site + reverse("scorecards:indicators", kwargs={"slug": campaign.slug}))
    page.get_by_label("Indicator", exact=True).fill(INDICATOR)
    page.get_by_label("Women").check()
    go(page, page.get_by_role("button", name="Add the indicator"))
    indicator = scorecard.indicators.get()

    for group, row in zip(scorecard.groups.all(), COUNTS, strict=True):
        address = reverse("scorecards:paper_scores", kwargs={"slug": campaign.slug, "pk": group.pk})
        page.goto(site + address)
        for score, n in enumerate(row, start=1):
            page.locator(f'input[name="n_{indicator.pk}_{score}"]').fill(str(n))
        page.locator(f'textarea[name="reasons_{indicator.pk}"]').fill(f"{group} says so")
        go(page, page.get_by_role("button", name="Save the scores"))

    page.goto(site + reverse("scorecards:provider", kwargs={"slug": campaign.slug}))
    page.locator(f'input[name="value_{indicator.pk}"][value="4"]').check()
    page.locator(f'textarea[name="reason_{indicator.pk}"]').fill("The boiler is new")
    go(page, page.get_by_role("button", name="Save the scores"))
    shot(page, "1-scores", phone=False)

    page.goto(site + reverse("scorecards:plan", kwargs={"slug": campaign.slug}))
    page.get_by_label("When", exact=True).fill(f"{today.isoformat()}T15:00")
    page.get_by_label("Where").fill("School hall")
    go(page, page.get_by_role("button", name="Save the meeting"))
    page.get_by_label("Action").fill(ACTION)
    page.get_by_label("Who", exact=True).fill("Director of the school")
    page.get_by_label("By when").fill((today + timedelta(days=110)).isoformat())
    page.get_by_label("State body").select_option(label=body.name)
    go(page, page.get_by_role("button", name="Add the line"))
    go(page, page.get_by_role("button", name="Submit the plan to the body"))
    assert "awaiting the body" in page.content()
    shot(page, "2-plan-submitted", phone=False)

    page.goto(site + campaign.get_absolute_url())
    page.get_by_text("Publish the campaign").click()
    go(page, page.locator("#step-publish").get_by_role("button", name="Publish"))
    campaign.refresh_from_db()
    assert campaign.is_published
    return scorecard


def follow_the_campaign(page, campaign) -> None:
    form = page.locator("form.follow-form")
    form.get_by_label("Emails").select_option(label="at once")
    go(page, form.get_by_role("button", name="Follow"))
    assert "You follow" in message(page)
    shot(page, "3-campaign-followed")


def accept_the_plan(page, site, dana) -> Commitment:
    """The officer finds the plan's line among his body's commitments and accepts it on its
    page."""
    sign_in(page, site, dana, reverse("meetings:commitment_inbox"))
    go(page, page.get_by_role("link", name=ACTION))
    assert page.locator("h1").inner_text() == ACTION
    assert "The body has not answered yet." in page.content()
    page.get_by_label("The body's answer").select_option(label="Accept")
    page.get_by_label("Note (for a refusal, why)").fill("The boilers are in this year's budget.")
    go(page, page.get_by_role("button", name="Send the answer"))
    assert "The answer is public." in message(page)
    assert "accepted" in page.locator("dl.facts").inner_text()
    assert "The boilers are in this year's budget." in page.locator("#updates").inner_text()
    shot(page, "4-commitment-accepted")
    return Commitment.private_objects.get(text=ACTION)


def organise_the_hearing(page, site, campaign, body, territory, starts) -> Meeting:
    """The coordinator creates the public hearing, puts the scorecard on its agenda and
    publishes it."""
    page.goto(site + reverse("meetings:create"))
    page.get_by_label("Kind of meeting").select_option(label="public hearing")
    page.get_by_label("Title").fill(HEARING)
    page.get_by_label("Starts at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Place").fill("Akimat of Ekibastuz, hall 2")
    page.get_by_label("Territory").select_option(label=territory.name)
    page.get_by_label("State bodies").select_option(label=body.name)
    go(page, page.get_by_role("button", name="Save the draft"))
    assert "The meeting is saved as a draft: add its agenda." in message(page)
    meeting = Meeting.private_objects.get(title=HEARING)

    go(page, page.get_by_role("link", name="Add to the agenda"))
    page.get_by_label("Point of the agenda").fill("The community scorecard of the school")
    page.get_by_label("Campaign discussed").select_option(label=str(campaign))
    page.get_by_label("Report heard").fill("Three groups and the school scored its teaching.")
    go(page, page.get_by_role("button", name="Add", exact=True))
    assert "The point is on the agenda." in message(page)

    go(page, page.get_by_role("button", name="Publish the meeting"))
    assert "The meeting is public." in message(page)
    assert campaign.title in page.locator("#agenda").inner_text()
    shot(page, "5-hearing-published", phone=False)
    meeting.refresh_from_db()
    assert meeting.is_published and meeting.announced_at is None  # ten days before: not yet
    return meeting


def ask_from_the_email(page, site, carol, meeting) -> Question:
    (announcement,) = [m for m in mail.outbox if m.to == [carol.email]]
    assert HEARING in announcement.body
    link = next(word for word in announcement.body.split() if meeting.slug in word)
    page.goto(site + path_of(link))
    assert page.locator("h1").inner_text() == HEARING
    assert "Akimat of Ekibastuz, hall 2" in page.locator("dl.facts").inner_text()
    page.get_by_label("Your question").fill(QUESTION)
    go(page, page.get_by_role("button", name="Ask"))
    assert "Your question is public." in message(page)
    assert QUESTION in page.locator("#questions").inner_text()
    shot(page, "6-question-asked")
    return Question.objects.get(meeting=meeting)


def write_the_minutes(page, site, meeting, body, due_on) -> None:
    """After the hearing: who took part, the answer to the citizen's question, a decision for
    the body with a date; the minutes published."""
    page.goto(site + meeting.get_absolute_url())
    go(page, page.locator(".organiser-actions").get_by_role("link", name="Minutes", exact=True))
    page.get_by_label("Who took part").fill("Forty parents, the director, the department.")
    page.get_by_label(f"Answer to: {QUESTION}").fill(ANSWER)
    go(page, page.get_by_role("button", name="Save the minutes"))
    assert "The minutes are saved." in message(page)

    go(page, page.get_by_role("link", name="Record a decision"))
    page.get_by_label("Agenda item").select_option(label="The community scorecard of the school")
    page.get_by_label("Decision", exact=True).fill(DECISION)
    page.get_by_label("Votes for").fill("31")
    page.get_by_label("Votes against").fill("2")
    page.get_by_label("Abstained").fill("7")
    page.get_by_label("State body that carries it out").select_option(label=body.name)
    page.get_by_label("Due by").fill(due_on.isoformat())
    page.get_by_label("Who carries it out").fill("Capital works unit")
    go(page, page.get_by_role("button", name="Record"))
    assert "The decision is recorded." in message(page)

    go(page, page.get_by_role("button", name="Publish the minutes"))
    assert "The minutes are public; the bodies are asked to accept." in message(page)
    shot(page, "7-minutes-published", phone=False)


def the_public_reads(page, site, body, meeting, plan_commitment) -> None:
    """Anyone on a phone: the body's page lists the decision as its commitment, beside the
    accepted action plan; the meeting's page gives the answer in the minutes."""
    page.goto(site + reverse("portal:organisation", kwargs={"slug": body.slug}))
    section = page.locator("#commitments")
    assert "Open: 2" in section.inner_text()
    decided = section.locator("li", has_text=DECISION[:60])
    assert "awaiting the body's acceptance" in decided.inner_text()
    assert "accepted" in section.locator("li", has_text=ACTION).inner_text()
    shot(page, "8-body-commitments")

    go(page, decided.get_by_role("link"))
    assert "Capital works unit" in page.locator("dl.facts").inner_text()
    assert meeting.title in page.locator("dl.facts").inner_text()
    go(page, page.locator("dl.facts").get_by_role("link", name=meeting.title))
    assert "Forty parents, the director, the department." in page.locator("#minutes").inner_text()
    question = page.locator("#questions li", has_text=QUESTION)
    assert f"Answer in the minutes: {ANSWER}" in question.inner_text()
    assert DECISION in page.locator("#agenda").inner_text()
    assert "For: 31 · against: 2 · abstained: 7" in page.locator("#agenda").inner_text()
    shot(page, "9-meeting-minutes")
    assert plan_commitment.is_published


def test_the_dialogue_from_a_scorecard_to_a_commitment_on_the_body_page(
    reference_data,
    deadline_rules,
    kz_calendar,
    open_as,
    live_server,
    registry,
    plan,
    alice,
    body,
    dana,
    carol,
    today,
    set_today,
):
    for person in (alice, dana, carol):
        set_language(person, "en")  # the pages and emails they read below
    school = registry["school"]
    campaign = plan(
        declared=[alice], form=ControlForm.SCORECARD, bodies=[body], slug="school-scorecard"
    )
    site = live_server.url

    coordinator = open_as(None, **DESKTOP)
    sign_in(coordinator, site, alice, campaign.get_absolute_url())
    scorecard = run_the_scorecard(coordinator, site, campaign, school, body, today)

    citizen = open_as(None, **PHONE)
    sign_in(citizen, site, carol, campaign.get_absolute_url())
    follow_the_campaign(citizen, campaign)

    plan_commitment = accept_the_plan(open_as(None, **PHONE), site, dana)
    assert plan_commitment.state == CommitmentState.ACCEPTED
    assert plan_commitment.accepted_by == dana
    assert plan_commitment.is_published
    assert plan_commitment.origin == scorecard.actions.get()

    # The hearing in twelve days; a public hearing is announced ten days before.
    hearing_day = today + timedelta(days=12)
    starts = timezone.make_aware(datetime.combine(hearing_day, time(15)))
    meeting = organise_the_hearing(
        coordinator, site, campaign, body, registry["school"].territory, starts
    )
    mail.outbox.clear()

    # The follower hears of it on its day, once.
    assert "0 meetings announced" in announce_on(set_today, today + timedelta(days=1))
    assert not [m for m in mail.outbox if m.to == [carol.email]]
    assert "1 meeting announced" in announce_on(set_today, today + timedelta(days=2))
    question = ask_from_the_email(citizen, site, carol, meeting)
    assert question.author == carol

    # The day after the hearing: the minutes.
    set_today(hearing_day + timedelta(days=1))
    write_the_minutes(coordinator, site, meeting, body, today + timedelta(days=120))
    decided = Commitment.public_objects.get(meeting=meeting)
    assert (decided.body, decided.state, decided.responsible) == (
        body,
        CommitmentState.PROPOSED,
        "Capital works unit",
    )
    # The follower of the campaign hears that the minutes are out.
    assert any("minutes" in m.body for m in mail.outbox if m.to == [carol.email])

    plan_commitment.refresh_from_db()
    the_public_reads(open_as(None, **PHONE), site, body, meeting, plan_commitment)
