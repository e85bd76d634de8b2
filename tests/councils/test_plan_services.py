"""A council's coordinator drafts the plan, approves it, amends it with a reason (the earlier
versions kept), and an NGO's coordinator links a campaign to a line."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from baqylau.core.history import public_changes
from baqylau.councils import services
from baqylau.councils.models import MonitoringPlan, PlanStatus

from ..factories import LINE_TEXT, council_plan, plan_line

pytestmark = pytest.mark.django_db


def codes(exc: ValidationError) -> dict:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


def test_a_draft_plan_with_its_lines(council, aigerim, registry, ngo, today):
    plan = council_plan(council, aigerim, today, lines=0, approved=False)
    assert plan.status == PlanStatus.DRAFT
    assert plan.title_kk == "Қоғамдық мониторинг жоспары"
    first = plan_line(
        plan,
        aigerim,
        project_objects=[registry["school"]],
        bodies=[registry["akimat"]],
        performers=[ngo],
    )
    second = plan_line(plan, aigerim, term_text="", term_from=today, term_to=today)
    assert (first.number, second.number) == (1, 2)
    assert first.subject_ru == LINE_TEXT["subject"]["ru"]
    assert list(first.project_objects.all()) == [registry["school"]]
    assert list(first.performers.all()) == [ngo]
    # A draft changes freely: no reason asked, nothing counted.
    plan_line(plan, aigerim, line=first, goals={"ru": "Новые цели"})
    plan.refresh_from_db()
    assert plan.amendments == 0


def test_a_plan_belongs_to_a_public_council_once_a_year(council, aigerim, ngo, today):
    with pytest.raises(ValidationError) as exc:
        services.plan_create(council=ngo, actor=aigerim, year=today.year, title="Plan")
    assert codes(exc.value) == {"council": ["not_council"]}
    council_plan(council, aigerim, today, approved=False)
    with pytest.raises(ValidationError) as exc:
        services.plan_create(council=council, actor=aigerim, year=today.year, title="Again")
    assert codes(exc.value) == {"year": ["exists"]}
    with pytest.raises(ValidationError) as exc:
        services.plan_create(council=council, actor=aigerim, year=today.year + 1, title={})
    assert codes(exc.value) == {"title": ["required"]}


def test_a_line_needs_its_subject_goals_term_and_a_free_number(council, aigerim, today):
    plan = council_plan(council, aigerim, today, approved=False)
    with pytest.raises(ValidationError) as exc:
        plan_line(plan, aigerim, subject={}, goals="")
    assert codes(exc.value) == {"subject": ["required"]}
    with pytest.raises(ValidationError) as exc:
        plan_line(plan, aigerim, term_text="")
    assert codes(exc.value) == {"term_text": ["required"]}
    with pytest.raises(ValidationError) as exc:
        plan_line(plan, aigerim, term_from=today, term_to=today - timedelta(days=1))
    assert codes(exc.value) == {"term_to": ["order"]}
    with pytest.raises(ValidationError) as exc:
        plan_line(plan, aigerim, number=1)
    assert codes(exc.value) == {"number": ["taken"]}


def test_approval_makes_the_plan_public(council, aigerim, today):
    empty = council_plan(council, aigerim, today, lines=0, approved=False)
    with pytest.raises(ValidationError) as exc:
        services.plan_approve(plan=empty, actor=aigerim, approved_on=today, approval_reference="3")
    assert exc.value.code == "empty"
    plan = council_plan(council, aigerim, today, year=today.year + 1, approved=False)
    assert not MonitoringPlan.public_objects.filter(pk=plan.pk).exists()
    with pytest.raises(ValidationError) as exc:
        services.plan_approve(
            plan=plan, actor=aigerim, approved_on=today + timedelta(days=1), approval_reference="3"
        )
    assert codes(exc.value) == {"approved_on": ["future"]}
    with pytest.raises(ValidationError) as exc:
        services.plan_approve(plan=plan, actor=aigerim, approved_on=today, approval_reference=" ")
    assert codes(exc.value) == {"approval_reference": ["required"]}
    services.plan_approve(plan=plan, actor=aigerim, approved_on=today, approval_reference="7")
    assert MonitoringPlan.public_objects.get(pk=plan.pk).approval_reference == "7"
    with pytest.raises(ValidationError) as exc:
        services.plan_approve(plan=plan, actor=aigerim, approved_on=today, approval_reference="8")
    assert exc.value.code == "approved"


def test_an_amendment_says_why_and_keeps_the_earlier_version(council, aigerim, today):
    plan = council_plan(council, aigerim, today)
    line = plan.lines.get()
    with pytest.raises(ValidationError) as exc:
        plan_line(plan, aigerim, line=line, goals={"ru": "Другие цели"})
    assert codes(exc.value) == {"reason": ["required"]}
    plan_line(plan, aigerim, line=line, goals={"ru": "Другие цели"}, reason="Decision of 2 June")
    plan_line(plan, aigerim, reason="A line added by the council")
    plan.refresh_from_db()
    line.refresh_from_db()
    assert plan.amendments == 2
    assert plan.amended_on == today
    assert line.goals_ru == "Другие цели"
    latest = public_changes(line)[0]
    assert latest.reason == "Decision of 2 June"
    assert LINE_TEXT["goals"]["ru"] in [value for _label, value in latest.earlier]
    assert line.history.count() == 2
    with pytest.raises(ValidationError) as exc:
        services.plan_update(plan=plan, actor=aigerim, title="Renamed")
    assert codes(exc.value) == {"reason": ["required"]}
    services.plan_update(plan=plan, actor=aigerim, title="Renamed", reason="Typo")
    assert public_changes(plan)[0].reason == "Typo"


def test_a_campaign_links_to_a_line_of_an_approved_plan(council, aigerim, plan, alice, today):
    campaign = plan()
    draft = council_plan(council, aigerim, today, approved=False)
    with pytest.raises(ValidationError) as exc:
        services.line_link_campaign(line=draft.lines.get(), campaign=campaign, actor=alice)
    assert codes(exc.value) == {"line": ["not_approved"]}
    approved = council_plan(council, aigerim, today, year=today.year + 1)
    line = approved.lines.get()
    services.line_link_campaign(line=line, campaign=campaign, actor=alice)
    assert list(campaign.plan_lines.all()) == [line]
    with pytest.raises(ValidationError) as exc:
        services.line_link_campaign(line=line, campaign=campaign, actor=alice)
    assert codes(exc.value) == {"line": ["linked"]}
    services.line_unlink_campaign(line=line, campaign=campaign, actor=alice)
    assert not campaign.plan_lines.exists()


def test_members_of_another_council_do_not_perform_a_line(council, aigerim, today):
    from ..factories import make_council

    other = make_council("ekibastuz-public-council")
    stranger = services.council_member_add(council=other, name="Stranger")
    plan = council_plan(council, aigerim, today, approved=False)
    with pytest.raises(ValidationError) as exc:
        plan_line(plan, aigerim, performer_members=[stranger])
    assert codes(exc.value) == {"performer_members": ["other_council"]}


def test_the_councils_followers_hear_of_the_approval_and_each_amendment(
    council, aigerim, carol, today
):
    from baqylau.accounts.following import follow
    from baqylau.accounts.models import Notification

    follow(user=carol, target=council)
    plan = council_plan(council, aigerim, today, approved=False)
    assert not Notification.objects.exists()  # a draft is nobody's news
    services.plan_approve(plan=plan, actor=aigerim, approved_on=today, approval_reference="3")
    plan_line(plan, aigerim, reason="A line added")
    notified = Notification.objects.filter(user=carol).order_by("pk")
    assert [n.kind for n in notified] == ["councils.plan_approved", "councils.plan_amended"]
    text = notified.first().texts["en"]
    assert text["text"] == (
        f"Public Council of Pavlodar Region approved its plan of public monitoring for "
        f"{today.year}."
    )
    assert text["path"] == f"/en/councils/pavlodar-public-council/plans/{today.year}/"
