"""Each line of a plan stands where its campaigns stand: not started, in progress, final document
sent, answered; only the campaigns the reader may see count."""

from datetime import timedelta

import pytest

from baqylau.accountability import services as accountability
from baqylau.councils import services
from baqylau.councils.selectors import (
    LineState,
    line_state,
    line_states,
    lines_with_campaigns,
    state_counts,
)
from baqylau.monitoring import services as monitoring

from ..cycle import finished_control, send_document, sent_campaign
from ..factories import council_plan

pytestmark = pytest.mark.django_db


def states(user, plan) -> list[str]:
    lines = list(lines_with_campaigns(user, plan))
    standings = line_states(lines)
    return [standings[line.pk].state for line in lines]


def answer_all(recommendations, dana):
    for recommendation in recommendations:
        recommendation.refresh_from_db()
        accountability.answer_give(
            recommendation=recommendation,
            actor=dana,
            decision="accepted",
            reasons="We agree.",
            answered_on=recommendation.sent_on + timedelta(days=1),
            measures=[
                accountability.Measure(
                    text="Sign a new contract", due_on=recommendation.sent_on + timedelta(days=30)
                )
            ],
            files=[],
        )


def test_a_line_follows_its_campaign_through_the_cycle(
    council, aigerim, registry, ngo, alice, body, dana, plan, today
):
    council_plan_ = council_plan(council, aigerim, today, lines=5)
    first, second, third, fourth, _fifth = council_plan_.lines.order_by("number")
    planned = plan(published=True, declared=[alice])
    under_way = finished_control(registry, ngo, alice, today)
    sent, _finding, _recommendations = sent_campaign(registry, ngo, alice, body, today)
    answered, recommendations = send_document(registry, ngo, alice, [body, body], today)
    answer_all(recommendations, dana)
    for line, campaign in [
        (first, planned),
        (second, under_way),
        (third, sent),
        (fourth, answered),
    ]:
        services.line_link_campaign(line=line, campaign=campaign, actor=alice)

    assert states(None, council_plan_) == [
        LineState.NOT_STARTED,
        LineState.IN_PROGRESS,
        LineState.DOCUMENT_SENT,
        LineState.ANSWERED,
        LineState.NOT_STARTED,  # no campaign
    ]
    lines = list(lines_with_campaigns(None, council_plan_))
    standings = line_states(lines)
    assert (standings[fourth.pk].sent, standings[fourth.pk].answered) == (2, 2)
    assert (standings[third.pk].sent, standings[third.pk].answered) == (1, 0)
    assert [count for _state, _label, count in state_counts(standings)] == [2, 1, 1, 1]

    # The planned campaign starts.
    monitoring.campaign_advance(campaign=planned, actor=alice, changed_on=today)
    assert states(None, council_plan_)[0] == LineState.IN_PROGRESS


def test_a_private_campaign_counts_for_its_team_only(
    council, aigerim, registry, ngo, alice, bob, carol, plan, today
):
    council_plan_ = council_plan(council, aigerim, today)
    hidden = finished_control(registry, ngo, alice, today, published=False)
    services.line_link_campaign(line=council_plan_.lines.get(), campaign=hidden, actor=alice)
    assert states(alice, council_plan_) == [LineState.IN_PROGRESS]
    for reader in (None, carol, aigerim):
        assert states(reader, council_plan_) == [LineState.NOT_STARTED]


@pytest.mark.parametrize(
    ("stages", "expected"),
    [
        ([], LineState.NOT_STARTED),
        ([LineState.NOT_STARTED, LineState.NOT_STARTED], LineState.NOT_STARTED),
        ([LineState.ANSWERED, LineState.NOT_STARTED], LineState.IN_PROGRESS),
        ([LineState.ANSWERED, LineState.DOCUMENT_SENT], LineState.DOCUMENT_SENT),
        ([LineState.ANSWERED, LineState.ANSWERED], LineState.ANSWERED),
    ],
)
def test_a_line_with_several_campaigns_stands_where_the_least_advanced_does(stages, expected):
    assert line_state(stages) == expected


def test_the_states_of_every_line_take_a_constant_number_of_queries(
    council, aigerim, registry, ngo, alice, body, django_assert_num_queries, today
):
    council_plan_ = council_plan(council, aigerim, today, lines=2)
    sent, _finding, _recommendations = sent_campaign(registry, ngo, alice, body, today)
    services.line_link_campaign(line=council_plan_.lines.first(), campaign=sent, actor=alice)

    def count():
        # The lines, six relations prefetched, the recommendations' counts.
        with django_assert_num_queries(8):
            line_states(list(lines_with_campaigns(None, council_plan_)))

    count()
    for line in council_plan_.lines.all():
        other = finished_control(registry, ngo, alice, today)
        services.line_link_campaign(line=line, campaign=other, actor=alice)
    for _ in range(3):
        from ..factories import plan_line

        plan_line(council_plan_, aigerim, reason="More lines")
    count()
