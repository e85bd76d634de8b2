"""The method's steps through the services: averages and counts checked by hand, all-or-nothing
validation, rounds at the same object, and the action plan becoming the body's commitments that
its officer accepts."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from baqylau.meetings.commitments import commitment_accept
from baqylau.meetings.models import Commitment, CommitmentState
from baqylau.monitoring import services as monitoring
from baqylau.scorecards import selectors, services
from baqylau.scorecards.models import GroupKind, GroupScore, Scorecard

from ..factories import make_scorecard

pytestmark = pytest.mark.django_db


def test_group_kinds_are_installed_in_three_languages():
    kinds = {kind.code: kind for kind in GroupKind.objects.all()}
    assert {"women", "youth", "elderly", "disabilities", "parents", "pupils", "patients"} <= set(
        kinds
    )
    assert "other" in kinds
    assert kinds["women"].name_ru == "Женщины"
    assert kinds["women"].name_kk == "Әйелдер"


def test_averages_and_counts_by_hand(scorecard, carol):
    groups, results = selectors.results(scorecard)
    assert [g.kind.code for g in groups] == ["women", "youth", "elderly"]
    warm, teachers = results
    # women: 2×1 + 3×2 + 4×3 + 2×4 + 1×5 = 33 over 12 = 2.75; youth 30/8 = 3.75; elderly 10/6
    assert [t.average for _g, t in warm.rows] == [Decimal("2.8"), Decimal("3.8"), Decimal("1.7")]
    assert [t.n for _g, t in warm.rows] == [12, 8, 6]
    # women 51/12 = 4.25; youth 30/8 = 3.75; elderly 27/6 = 4.5
    assert [t.average for _g, t in teachers.rows] == [
        Decimal("4.3"),
        Decimal("3.8"),
        Decimal("4.5"),
    ]
    assert warm.provider.value == 4 and teachers.provider.value == 5
    # All users on "warm": 73 over 26 = 2.81; the provider says 4.
    assert warm.community.counts == [5, 6, 7, 5, 3]
    assert warm.community.average == Decimal("2.8")
    assert warm.gap == Decimal("1.2")
    # An online score by a registered participant of the youth adds to the paper counts.
    youth = groups[1]
    participant = services.participant_register(group=youth, user=carol)
    services.online_scores_save(participant=participant, rows=[(warm.indicator, 1, "Cold")])
    _groups, (warm, _teachers) = selectors.results(scorecard)
    youth_tally = warm.rows[1][1]
    assert youth_tally.counts == [1, 1, 2, 3, 2]
    assert youth_tally.average == Decimal("3.4")  # 31 / 9
    assert "Cold" in youth_tally.reasons


def test_paper_scores_are_all_or_nothing(scorecard):
    group = scorecard.groups.get(kind__code="elderly")
    warm, teachers = scorecard.indicators.all()
    before = list(GroupScore.private_objects.filter(group=group).values_list("count_1", flat=True))
    with pytest.raises(ValidationError) as caught:
        services.paper_scores_save(
            group=group,
            # the first row is fine, the second gives more scores than the group has people
            rows=[(warm, [6, 0, 0, 0, 0], ""), (teachers, [5, 5, 0, 0, 0], "")],
        )
    assert f"counts_{teachers.pk}" in caught.value.message_dict
    after = list(GroupScore.private_objects.filter(group=group).values_list("count_1", flat=True))
    assert after == before
    with pytest.raises(ValidationError):
        services.paper_scores_save(group=group, rows=[(warm, [1, -1, 0, 0, 0], "")])


def test_scores_outside_one_to_five_are_refused(scorecard):
    warm = scorecard.indicators.first()
    with pytest.raises(ValidationError) as caught:
        services.provider_scores_save(scorecard=scorecard, rows=[(warm, 6, "")])
    assert f"value_{warm.pk}" in caught.value.message_dict


def test_only_a_scorecard_campaign_has_a_scorecard(plan, alice, registry):
    campaign = plan()
    with pytest.raises(ValidationError):
        services.scorecard_start(
            campaign=campaign, project_object=registry["school"], service="x", by=alice
        )


def test_a_later_round_at_the_object_is_compared_with_earlier_ones(
    scorecard, registry, ngo, alice, body, today
):
    second = make_scorecard(
        registry=registry, ngo=ngo, coordinator=alice, body=body, today=today, slug="round-two"
    )
    assert (scorecard.round_number, second.round_number) == (1, 2)
    every = list(Scorecard.private_objects.at_object(registry["school"]).order_by("round_number"))
    rounds = selectors.rounds(every, second)
    # 181 over 52 = 3.48 from the paper counts of each round; the provider (4 + 5) / 2.
    assert [r.community for r in rounds] == [Decimal("3.5"), Decimal("3.5")]
    assert [r.provider for r in rounds] == [Decimal("4.5"), Decimal("4.5")]
    assert [r.is_current for r in rounds] == [False, True]


def test_action_plan_becomes_commitments_the_officer_accepts(scorecard, alice, dana, bob):
    commitments = services.plan_submit(scorecard=scorecard, by=alice)
    assert len(commitments) == 2
    first = scorecard.actions.select_related("commitment").first().commitment
    assert first.origin == scorecard.actions.first()
    assert first.body == scorecard.campaign.bodies.get()
    assert first.state == CommitmentState.PROPOSED
    assert not first.is_published  # the campaign is not published yet
    with pytest.raises(ValidationError):
        services.plan_submit(scorecard=scorecard, by=alice)  # nothing left to submit
    with pytest.raises(ValidationError):
        commitment_accept(commitment=first, by=bob)  # not an officer of the body
    commitment_accept(commitment=first, by=dana)
    first.refresh_from_db()
    assert first.state == CommitmentState.ACCEPTED
    # Publishing the campaign publishes its plan's commitments.
    monitoring.campaign_publish(campaign=scorecard.campaign, actor=alice)
    assert Commitment.public_objects.filter(scorecard_action__scorecard=scorecard).count() == 2


def test_interface_meeting_follows_the_campaign(scorecard, alice, today):
    from datetime import datetime, time

    from django.utils import timezone

    meeting = services.interface_meeting_set(
        scorecard=scorecard,
        starts_at=timezone.make_aware(datetime.combine(today, time(15))),
        place="School hall",
        by=alice,
    )
    assert meeting.kind == "interface_meeting" and not meeting.is_published
    assert list(meeting.bodies.all()) == list(scorecard.campaign.bodies.all())
    services.plan_submit(scorecard=scorecard, by=alice)
    assert scorecard.actions.first().commitment.meeting == meeting
    monitoring.campaign_publish(campaign=scorecard.campaign, actor=alice)
    meeting.refresh_from_db()
    assert meeting.is_published


def test_the_body_s_officers_hear_of_the_plan(scorecard, alice, dana, committed, mailoutbox):
    committed(services.plan_submit, scorecard=scorecard, by=alice)
    (message,) = [m for m in mailoutbox if m.to == [dana.email]]
    assert "Repair the heating" in message.body and "Hire six teachers" in message.body
    assert f"/scorecards/{scorecard.campaign.slug}/" in message.body
