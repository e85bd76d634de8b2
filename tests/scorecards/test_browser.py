"""A real headless Chromium (Debian's package) on a phone-sized screen: the coordinator runs a
community scorecard at the school, with three groups' paper scores and the provider's
self-evaluation, and submits the joint action plan; once the campaign is published, the officer
of the body signs in and accepts it on the scorecard's page, and the public sees it accepted."""

import pytest
from django.apps import apps
from django.urls import reverse

from baqylau.meetings.models import CommitmentState
from baqylau.monitoring import services as monitoring
from baqylau.monitoring.models import ControlForm
from baqylau.scorecards import initial_data
from baqylau.scorecards.models import Scorecard

from ..helpers import HAS_CHROMIUM, PHONE, go, set_language, shot, start_scorecard

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
]

GROUPS = [("Women", "12"), ("Youth", "8"), ("Elderly people", "6")]
# Per group, how many gave 1..5 on each of the two indicators.
COUNTS = [
    [[2, 3, 4, 2, 1], [0, 0, 2, 5, 5]],
    [[0, 1, 2, 3, 2], [1, 1, 1, 1, 4]],
    [[3, 2, 1, 0, 0], [0, 0, 0, 3, 3]],
]


@pytest.fixture
def group_kinds(transactional_db):
    """The kinds of groups, as their data migration installs them: a transactional test before
    this one may have flushed them."""
    initial_data.install(apps.get_model)


def test_coordinator_runs_a_scorecard_and_the_officer_accepts_the_plan(
    group_kinds, deadline_rules, open_as, live_server, registry, plan, alice, body, dana, today
):
    set_language(alice, "en")
    set_language(dana, "en")
    campaign = plan(
        declared=[alice], form=ControlForm.SCORECARD, bodies=[body], slug="school-scorecard"
    )
    site = live_server.url
    page = open_as(alice, **PHONE)

    # The campaign's page offers to start the scorecard.
    page.goto(site + campaign.get_absolute_url())
    # With the input tracking sheet.
    start_scorecard(page, registry["school"])
    scorecard = Scorecard.private_objects.get(campaign=campaign)
    shot(page, "scorecard-1-inputs")

    # Three groups.
    page.goto(site + reverse("scorecards:groups", kwargs={"slug": campaign.slug}))
    for name, participants in GROUPS:
        page.get_by_label("Kind of group").select_option(label=name)
        page.get_by_label("Participants").fill(participants)
        go(page, page.get_by_role("button", name="Add the group"))
    assert scorecard.groups.count() == 3

    # Their indicators.
    page.goto(site + reverse("scorecards:indicators", kwargs={"slug": campaign.slug}))
    for text in ("Classrooms are warm in winter", "Teachers come to every lesson"):
        page.get_by_label("Indicator", exact=True).fill(text)
        page.get_by_label("Women").check()
        go(page, page.get_by_role("button", name="Add the indicator"))
    indicators = list(scorecard.indicators.all())

    # The paper sessions' counts, group by group.
    for group, counts in zip(scorecard.groups.all(), COUNTS, strict=True):
        page.goto(
            site
            + reverse("scorecards:paper_scores", kwargs={"slug": campaign.slug, "pk": group.pk})
        )
        for indicator, row in zip(indicators, counts, strict=True):
            for score, n in enumerate(row, start=1):
                page.locator(f'input[name="n_{indicator.pk}_{score}"]').fill(str(n))
            page.locator(f'textarea[name="reasons_{indicator.pk}"]').fill(f"{group} says so")
        go(page, page.get_by_role("button", name="Save the scores"))

    # The provider's self-evaluation.
    page.goto(site + reverse("scorecards:provider", kwargs={"slug": campaign.slug}))
    for indicator, value in zip(indicators, ("4", "5"), strict=True):
        page.locator(f'input[name="value_{indicator.pk}"][value="{value}"]').check()
    page.locator(f'textarea[name="reason_{indicators[0].pk}"]').fill("The boiler is new")
    go(page, page.get_by_role("button", name="Save the scores"))
    shot(page, "scorecard-2-scored")

    # The interface meeting and the joint action plan, submitted to the body.
    page.goto(site + reverse("scorecards:plan", kwargs={"slug": campaign.slug}))
    page.get_by_label("When", exact=True).fill(f"{today.isoformat()}T15:00")
    page.get_by_label("Where").fill("School hall")
    go(page, page.get_by_role("button", name="Save the meeting"))
    page.get_by_label("Action").fill("Repair the heating in the east wing")
    page.get_by_label("Who", exact=True).fill("Director of the school")
    page.get_by_label("By when").fill("2026-10-01")
    page.get_by_label("State body").select_option(label=body.name)
    go(page, page.get_by_role("button", name="Add the line"))
    go(page, page.get_by_role("button", name="Submit the plan to the body"))
    assert "awaiting the body" in page.content()
    monitoring.campaign_publish(campaign=campaign, actor=alice)

    # The officer accepts it on the scorecard's page.
    officer = open_as(dana, **PHONE)
    officer.goto(site + scorecard.get_absolute_url())
    go(officer, officer.get_by_role("button", name="Accept on behalf of the body"))
    commitment = scorecard.actions.get().commitment
    commitment.refresh_from_db()
    assert commitment.state == CommitmentState.ACCEPTED and commitment.is_published

    # The public page: groups and provider side by side, the plan accepted.
    public = open_as(None, **PHONE)
    public.goto(site + scorecard.get_absolute_url())
    html = public.content()
    assert "accepted by the body" in html
    assert "Classrooms are warm in winter" in html and "Staffing norm, order No. 77" in html
    assert public.locator("svg.scorecard-chart").count() == 2
    assert "2.8" in html and "4.5" in html  # women on warmth; the elderly on teachers
    shot(public, "scorecard-3-public")
