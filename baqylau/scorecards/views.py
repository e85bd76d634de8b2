"""The scorecard's pages: the public page, the team's steps, the participants' online scoring and
the officer's acceptance of the action plan.

A scorecard is seen by whoever sees its campaign (404 otherwise); who may take a step is asked of
permissions.py (403 otherwise); every write is a service, whose ValidationErrors go back on the
form with what was typed.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from baqylau.core.forms import report_errors, run_step
from baqylau.core.permissions import get_visible_or_404, visible
from baqylau.meetings.commitments import commitment_accept
from baqylau.meetings.models import Commitment
from baqylau.methods.models import ItemVersion
from baqylau.monitoring.models import Campaign
from baqylau.monitoring.permissions import Rights

from . import permissions, selectors, services
from .charts import scores_svg
from .forms import (
    ActionForm,
    GroupForm,
    IndicatorForm,
    InputForm,
    MeetingForm,
    PaperScoresForm,
    ParticipantForm,
    ScoresForm,
    StartForm,
)
from .models import ActionItem, FocusGroup, GroupParticipant, GroupScore, Scorecard

GET_AND_POST = ["GET", "HEAD", "POST"]


def _campaign(user, slug) -> Campaign:
    return get_visible_or_404(user, Campaign.private_objects.select_related("ngo"), slug=slug)


def _scorecard(user, slug) -> Scorecard:
    return get_visible_or_404(
        user,
        Scorecard.private_objects.select_related(
            "campaign", "campaign__ngo", "project_object", "interface_meeting"
        ),
        campaign__slug=slug,
    )


def _team(request, slug, may=permissions.can_record) -> tuple[Scorecard, Rights]:
    """The scorecard whose step the user may take (403 otherwise)."""
    scorecard = _scorecard(request.user, slug)
    rights = Rights.of(request.user, scorecard.campaign)
    if not may(rights):
        raise PermissionDenied
    return scorecard, rights


def _submitted(request, form) -> bool:
    return request.method == "POST" and form.is_valid()


# The public page --------------------------------------------------------------------------------


def detail(request, slug):
    user = request.user
    scorecard = _scorecard(user, slug)
    campaign = scorecard.campaign
    rights = Rights.of(user, campaign)
    groups, found = selectors.results(scorecard)
    for result in found:
        result.chart = scores_svg(result)
    earlier = list(
        visible(user, Scorecard.private_objects.at_object(scorecard.project_object))
        .select_related("campaign")
        .order_by("round_number", "id")
    )
    # Always read, so that the page runs the same queries for one round or several.
    rounds = selectors.rounds(earlier, scorecard)
    actions = list(
        ActionItem.private_objects.filter(scorecard=scorecard).select_related(
            "body", "indicator", "commitment"
        )
    )
    # A commitment not yet public shows only to those who may see it.
    seen = set(
        visible(
            user, Commitment.private_objects.filter(scorecard_action__scorecard=scorecard)
        ).values_list("pk", flat=True)
    )
    bodies = permissions.officer_bodies(user) if actions else set()
    for action in actions:
        action.shown_commitment = action.commitment if action.commitment_id in seen else None
        action.can_accept = permissions.can_accept(user, action, bodies)
    return render(
        request,
        "scorecards/detail.html",
        {
            "scorecard": scorecard,
            "campaign": campaign,
            "rights": rights,
            "can_record": permissions.can_record(rights),
            "can_submit": permissions.can_submit(rights),
            "inputs": list(scorecard.inputs.all()),
            "groups": groups,
            "results": found,
            "rounds": rounds if len(rounds) > 1 else [],
            "actions": actions,
            "my_groups": (
                list(
                    GroupParticipant.private_objects.filter(
                        group__scorecard=scorecard, user=user
                    ).select_related("group__kind")
                )
                if user.is_authenticated
                else []
            ),
        },
    )


# Starting and the team's steps -----------------------------------------------------------------


@login_required
@require_http_methods(GET_AND_POST)
def start(request, slug):
    campaign = _campaign(request.user, slug)
    if Scorecard.private_objects.filter(campaign=campaign).exists():
        return redirect("scorecards:detail", slug=slug)
    if not permissions.can_start(Rights.of(request.user, campaign), campaign):
        raise PermissionDenied
    form = StartForm(request.POST or None, campaign=campaign)
    if _submitted(request, form) and run_step(
        request,
        services.scorecard_start,
        _("The scorecard is started: record its input sheet and groups."),
        errors_on=form,
        campaign=campaign,
        by=request.user,
        **form.cleaned_data,
    ):
        return redirect("scorecards:inputs", slug=slug)
    return render(request, "scorecards/start.html", {"campaign": campaign, "form": form})


def _step_page(request, scorecard, template, context):
    return render(request, f"scorecards/{template}", {"scorecard": scorecard, **context})


@login_required
@require_http_methods(GET_AND_POST)
def inputs(request, slug):
    scorecard, _rights = _team(request, slug)
    form = InputForm(request.POST or None)
    if _submitted(request, form) and run_step(
        request,
        services.input_save,
        _("The line is added to the input sheet."),
        errors_on=form,
        scorecard=scorecard,
        **form.cleaned_data,
    ):
        return redirect("scorecards:inputs", slug=slug)
    return _step_page(
        request, scorecard, "inputs.html", {"form": form, "inputs": list(scorecard.inputs.all())}
    )


@login_required
@require_http_methods(GET_AND_POST)
def groups(request, slug):
    scorecard, _rights = _team(request, slug)
    form = GroupForm(request.POST or None)
    if _submitted(request, form) and run_step(
        request,
        services.group_add,
        _("The group is added."),
        errors_on=form,
        scorecard=scorecard,
        **form.cleaned_data,
    ):
        return redirect("scorecards:groups", slug=slug)
    rows = list(
        scorecard.groups.select_related("kind").prefetch_related(
            Prefetch(
                "participant_rows",
                queryset=GroupParticipant.private_objects.select_related("user"),
            )
        )
    )
    return _step_page(
        request,
        scorecard,
        "groups.html",
        {"form": form, "groups": rows, "participant_form": ParticipantForm()},
    )


@login_required
@require_POST
def participant_add(request, slug, pk):
    scorecard, _rights = _team(request, slug)
    group = get_visible_or_404(request.user, FocusGroup, scorecard=scorecard, pk=pk)
    form = ParticipantForm(request.POST)
    user = None
    if form.is_valid():
        user = (
            get_user_model()
            .objects.filter(email__iexact=form.cleaned_data["email"], is_active=True)
            .first()
        )
    if user is None:
        messages.error(request, _("No registered user has this email."))
    else:
        run_step(
            request,
            services.participant_register,
            _("The participant is registered in the group."),
            group=group,
            user=user,
        )
    return redirect("scorecards:groups", slug=slug)


@login_required
@require_http_methods(GET_AND_POST)
def indicators(request, slug):
    scorecard, _rights = _team(request, slug)
    form = IndicatorForm(request.POST or None, scorecard=scorecard)
    if _submitted(request, form) and run_step(
        request,
        services.indicator_add,
        _("The indicator is added."),
        errors_on=form,
        scorecard=scorecard,
        **form.cleaned_data,
    ):
        return redirect("scorecards:indicators", slug=slug)
    return _step_page(
        request,
        scorecard,
        "indicators.html",
        {
            "form": form,
            "indicators": list(scorecard.indicators.prefetch_related("proposed_by__kind")),
            "groups": list(scorecard.groups.select_related("kind")),
            "indicator_sets": selectors.library_indicator_sets(request.user, scorecard),
        },
    )


@login_required
@require_POST
def indicators_from_library(request, slug):
    scorecard, _rights = _team(request, slug)
    version = (
        visible(request.user, ItemVersion)
        .select_related("item")
        .filter(pk=request.POST.get("version") or 0)
        .first()
    )
    try:
        if version is None:
            raise ValidationError(_("Choose a published indicator set of the library."))
        added = services.indicators_from_library(
            scorecard=scorecard, version=version, by=request.user
        )
    except ValidationError as exc:
        report_errors(request, exc)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s indicator is added from the library.",
                "%(count)s indicators are added from the library.",
                len(added),
            )
            % {"count": len(added)},
        )
    return redirect("scorecards:indicators", slug=slug)


@login_required
@require_http_methods(GET_AND_POST)
def paper_scores(request, slug, pk):
    scorecard, _rights = _team(request, slug)
    group = get_visible_or_404(
        request.user, FocusGroup.private_objects.select_related("kind"), scorecard=scorecard, pk=pk
    )
    indicators = list(scorecard.indicators.all())
    existing = {s.indicator_id: s for s in GroupScore.private_objects.filter(group=group)}
    form = PaperScoresForm(request.POST or None, indicators=indicators, existing=existing)
    if _submitted(request, form) and run_step(
        request,
        services.paper_scores_save,
        _("The group's scores are saved."),
        errors_on=form,
        group=group,
        rows=form.rows(),
    ):
        return redirect(scorecard)
    return _step_page(request, scorecard, "paper_scores.html", {"form": form, "group": group})


@login_required
@require_http_methods(GET_AND_POST)
def provider(request, slug):
    scorecard, _rights = _team(request, slug)
    indicators = list(scorecard.indicators.select_related("provider_score"))
    existing = {i.pk: getattr(i, "provider_score", None) for i in indicators}
    form = ScoresForm(request.POST or None, indicators=indicators, existing=existing)
    if _submitted(request, form) and run_step(
        request,
        services.provider_scores_save,
        _("The provider's self-evaluation is saved."),
        errors_on=form,
        scorecard=scorecard,
        rows=form.rows(),
    ):
        return redirect(scorecard)
    return _step_page(request, scorecard, "provider.html", {"form": form})


@login_required
@require_http_methods(GET_AND_POST)
def plan(request, slug):
    scorecard, rights = _team(request, slug)
    form = ActionForm(request.POST if "add_action" in request.POST else None, scorecard=scorecard)
    meeting = scorecard.interface_meeting
    meeting_form = MeetingForm(
        request.POST if "set_meeting" in request.POST else None,
        initial={"starts_at": meeting.starts_at, "place": meeting.place} if meeting else None,
    )
    if _submitted(request, form) and run_step(
        request,
        services.action_add,
        _("The line is added to the action plan."),
        errors_on=form,
        scorecard=scorecard,
        **form.cleaned_data,
    ):
        return redirect("scorecards:plan", slug=slug)
    meeting_set = _submitted(request, meeting_form) and run_step(
        request,
        services.interface_meeting_set,
        _("The interface meeting is recorded."),
        errors_on=meeting_form,
        scorecard=scorecard,
        by=request.user,
        **meeting_form.cleaned_data,
    )
    if meeting_set:
        return redirect("scorecards:plan", slug=slug)
    actions = list(scorecard.actions.select_related("body", "indicator", "commitment"))
    for action in actions:  # the team sees the state of what it submitted
        action.shown_commitment = action.commitment
    return _step_page(
        request,
        scorecard,
        "plan.html",
        {
            "form": form,
            "meeting_form": meeting_form,
            "actions": actions,
            "can_submit": permissions.can_submit(rights),
        },
    )


@login_required
@require_POST
def plan_submit(request, slug):
    scorecard, _rights = _team(request, slug, permissions.can_submit)
    try:
        commitments = services.plan_submit(scorecard=scorecard, by=request.user)
    except ValidationError as exc:
        report_errors(request, exc)
        return redirect("scorecards:plan", slug=slug)
    messages.success(
        request,
        _("The action plan is submitted to the body: %(n)s lines await its acceptance.")
        % {"n": len(commitments)},
    )
    return redirect(f"{scorecard.get_absolute_url()}#action-plan")


@login_required
@require_POST
def action_accept(request, slug, pk):
    """An officer of the body accepts a line of the plan, on the scorecard's page."""
    scorecard = _scorecard(request.user, slug)
    action = get_visible_or_404(
        request.user,
        ActionItem.private_objects.select_related("commitment"),
        scorecard=scorecard,
        pk=pk,
    )
    if not permissions.can_accept(request.user, action):
        raise PermissionDenied
    run_step(
        request,
        commitment_accept,
        _("The body has accepted this line of the plan."),
        commitment=action.commitment,
        by=request.user,
    )
    return redirect(f"{scorecard.get_absolute_url()}#action-{action.pk}")


# The participants ---------------------------------------------------------------------------


@login_required
@require_http_methods(GET_AND_POST)
def join(request, slug, token):
    """The invitation link of a group: a signed-in user registers in it to score online."""
    scorecard = _scorecard(request.user, slug)
    groups = visible(request.user, FocusGroup).filter(scorecard=scorecard)
    group = groups.filter(invite_token=token).first()
    if group is None:
        raise Http404
    if request.method == "POST":
        try:
            services.participant_register(group=group, user=request.user)
        except ValidationError as exc:
            report_errors(request, exc)
            return redirect(scorecard)
        return redirect("scorecards:score", slug=slug, pk=group.pk)
    return _step_page(request, scorecard, "join.html", {"group": group})


@login_required
@require_http_methods(GET_AND_POST)
def score(request, slug, pk):
    """A registered participant's own scores, online (404 to anyone not registered in the
    group: the registration is what makes the scorecard theirs to score)."""
    participant = get_visible_or_404(
        request.user,
        GroupParticipant.private_objects.select_related(
            "group__kind", "group__scorecard__campaign", "group__scorecard__project_object"
        ),
        user_id=request.user.pk,
        group_id=pk,
        group__scorecard__campaign__slug=slug,
    )
    group = participant.group
    scorecard = group.scorecard
    indicators = list(scorecard.indicators.all())
    existing = {s.indicator_id: s for s in participant.scores.all()}
    form = ScoresForm(request.POST or None, indicators=indicators, existing=existing)
    if _submitted(request, form) and run_step(
        request,
        services.online_scores_save,
        _("Thank you: your scores are saved. Only how many gave each score is published."),
        errors_on=form,
        participant=participant,
        rows=form.rows(),
    ):
        return redirect("scorecards:score", slug=slug, pk=pk)
    return _step_page(request, scorecard, "score.html", {"form": form, "group": group})
