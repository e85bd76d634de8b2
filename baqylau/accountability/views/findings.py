"""Pages of findings and recommendations, for the team that writes them and for the public.

A finding or a recommendation is seen by whoever sees its campaign (404 otherwise); who may record,
change, delete or verify is asked of permissions.py (403 otherwise); every write is a service of
the services, whose ValidationErrors go back on the form with what was typed. Once the final
document is sent nothing it says may change: the services refuse, and the pages hide the buttons.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from baqylau.core.forms import form_page, put_errors, report_errors
from baqylau.core.permissions import get_visible_or_404, visible
from baqylau.monitoring.models import Campaign
from baqylau.registry.models import IndicatorValue

from .. import pages, services
from ..forms import FindingForm, RecommendationForm, VerificationForm
from ..models import FinalDocument, Finding, Recommendation
from ..permissions import (
    Rights,
    can_answer,
    can_verify,
    can_write_findings,
    can_write_recommendations,
)
from ..selectors import recommendation_summary

GET_AND_POST = ["GET", "HEAD", "POST"]
SENT = _("The final document has been sent: what it says can no longer be changed.")


def _fetch(user, slug) -> Campaign:
    return get_visible_or_404(user, Campaign.private_objects.select_related("ngo"), slug=slug)


def cycle_open(campaign: Campaign) -> bool:
    """Whether findings and recommendations may still change: the campaign is not closed and its
    final document is not sent (the rule the services keep)."""
    if campaign.is_closed:
        return False
    return not FinalDocument.private_objects.filter(
        campaign=campaign, sent_on__isnull=False
    ).exists()


def _section_url(campaign: Campaign, anchor: str) -> str:
    return f"{campaign.get_absolute_url()}#{anchor}"


# Writing findings and recommendations --------------------------------------------------------


@dataclass(frozen=True)
class Written:
    """What the team writes, findings or recommendations, as the pages that write them see it."""

    name: str  # "finding" or "recommendation": the keyword of its form and services
    form_class: type
    item_of: Callable  # (user, campaign, number): the one of the campaign, 404 if unseen
    can_write: Callable
    saved: str  # the messages, with %(number)s
    deleted: str

    @property
    def section(self) -> str:
        """The anchor of their section on the campaign's page."""
        return f"{self.name}s"


def _campaign_written(request, slug, kind: Written) -> Campaign:
    """The campaign whose findings or recommendations the user may write (403 otherwise)."""
    campaign = _fetch(request.user, slug)
    if not kind.can_write(request.user, campaign):
        raise PermissionDenied
    return campaign


def _written_form(request, kind: Written, campaign: Campaign, item=None):
    """The page that records a finding or a recommendation, or changes `item`."""
    if request.method != "POST" and not cycle_open(campaign):
        messages.error(request, SENT)
        return redirect(item or _section_url(campaign, kind.section))
    form = kind.form_class(request.POST or None, campaign=campaign, **{kind.name: item})
    if request.method == "POST" and form.is_valid():
        save = getattr(services, f"{kind.name}_save")
        try:
            saved = save(
                campaign=campaign, actor=request.user, **{kind.name: item}, **form.service_kwargs()
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, kind.saved % {"number": saved.number})
            return redirect(saved)
    return render(
        request,
        f"accountability/{kind.name}_form.html",
        {"campaign": campaign, kind.name: item, "form": form},
    )


def _written_delete(request, kind: Written, item):
    delete = getattr(services, f"{kind.name}_delete")
    reason = request.POST.get("reason", "")
    try:
        delete(**{kind.name: item}, actor=request.user, reason=reason)
    except ValidationError as exc:
        report_errors(request, exc)
        return redirect(item)
    if item.campaign.is_published:
        messages.success(request, _("It is withdrawn: its page says when and why."))
    else:
        messages.success(request, kind.deleted % {"number": item.number})
    return redirect(_section_url(item.campaign, kind.section))


# What a finding concerns -----------------------------------------------------------------------

FINDING_RELATED = ("project_object__document", "document", "indicator__goal__document")


@dataclass(frozen=True)
class Concern:
    kind: str
    name: str
    url: str


def concerns(finding: Finding) -> list[Concern]:
    """What the finding concerns, linked; what is no longer published is left out, as the
    registry hides it (select FINDING_RELATED first)."""
    found = []
    obj = finding.project_object
    if obj is not None and obj.document.is_published:
        found.append(Concern(str(_("Object")), obj.name, obj.get_absolute_url()))
    document = finding.document
    if document is not None and document.is_published:
        found.append(
            Concern(str(_("Planning document")), document.title, document.get_absolute_url())
        )
    indicator = finding.indicator
    if indicator is not None and indicator.goal.document.is_published:
        url = f"{indicator.goal.document.get_absolute_url()}#indicator-{indicator.pk}"
        found.append(Concern(str(_("Indicator")), str(indicator), url))
    return found


def campaign_sections(user, campaign: Campaign, rights: Rights) -> dict:
    """The findings and recommendations of the campaign page, in a constant number of queries."""
    # What was withdrawn stays in the lists of its team only, marked as withdrawn.
    findings = list(
        visible(user, Finding.private_objects.filter(campaign=campaign))
        .select_related(*FINDING_RELATED)
        .annotate(evidence_count=Count("evidence", distinct=True))
        .order_by("number")
    )
    for finding in findings:
        finding.campaign = campaign
        finding.concerns = concerns(finding)
    recommendations = list(
        visible(user, Recommendation.private_objects.filter(campaign=campaign))
        .select_related("body")
        .order_by("number")
    )
    for recommendation in recommendations:
        recommendation.campaign = campaign
    is_open = cycle_open(campaign)
    return {
        "findings": findings,
        "recommendations": recommendations,
        "recommendation_summary": recommendation_summary(recommendations),
        "cycle_open": is_open,
        "can_add_finding": is_open and rights.record,
        "can_add_recommendation": is_open and rights.manage and rights.record,
    }


# Findings --------------------------------------------------------------------------------------


def _finding_of(user, campaign: Campaign, number) -> Finding:
    finding = get_visible_or_404(
        user,
        Finding.private_objects.filter(campaign=campaign).select_related(*FINDING_RELATED),
        number=number,
    )
    finding.campaign = campaign
    return finding


def _indicator_year(finding: Finding) -> dict | None:
    """Plan, reported actual and the monitors' figure for the finding's year, with the
    differences, from the public values of the indicator."""
    if finding.indicator is None or finding.year is None:
        return None
    value = IndicatorValue.public_objects.filter(
        indicator=finding.indicator_id, year=finding.year
    ).first()
    plan = value.plan if value else None
    actual = value.actual if value else None
    mine = finding.monitor_value
    return {
        "year": finding.year,
        "unit": finding.indicator.unit,
        "plan": plan,
        "actual": actual,
        "monitors": mine,
        "from_actual": mine - actual if mine is not None and actual is not None else None,
        "from_plan": mine - plan if mine is not None and plan is not None else None,
    }


def finding_detail(request, slug, number):
    campaign = _fetch(request.user, slug)
    finding = _finding_of(request.user, campaign, number)
    recommendations = list(
        visible(request.user, finding.recommendations.all())
        .select_related("body")
        .order_by("number")
    )
    for recommendation in recommendations:
        recommendation.campaign = campaign
    can_change = (
        can_write_findings(request.user, campaign)
        and cycle_open(campaign)
        and not finding.is_withdrawn
    )
    return render(
        request,
        "accountability/finding_detail.html",
        {
            "campaign": campaign,
            "finding": finding,
            "concerns": concerns(finding),
            "indicator_year": _indicator_year(finding),
            "evidence": list(
                visible(request.user, finding.evidence.all())
                .select_related("visit__project_object")
                .order_by("created_at", "id")
            ),
            "recommendations": recommendations,
            "can_change": can_change,
        },
    )


# Recommendations -------------------------------------------------------------------------------


def _recommendation_of(user, campaign: Campaign, number, *related) -> Recommendation:
    recommendation = get_visible_or_404(
        user,
        Recommendation.private_objects.filter(campaign=campaign).select_related("body", *related),
        number=number,
    )
    recommendation.campaign = campaign
    return recommendation


def answer_url(recommendation: Recommendation) -> str:
    """Where an officer of the body answers; the answer page lives under the recommendation's."""
    kwargs = {"slug": recommendation.campaign.slug, "number": recommendation.number}
    try:
        return reverse("accountability:answer", kwargs=kwargs)
    except NoReverseMatch:
        return reverse("accountability:recommendation", kwargs=kwargs) + "answer/"


def recommendation_detail(request, slug, number):
    user = request.user
    campaign = _fetch(user, slug)
    recommendation = _recommendation_of(user, campaign, number, "answer")
    try:
        answer = recommendation.answer
    except ObjectDoesNotExist:
        answer = None
    # A withdrawn answer leaves the page with its measures and files; the notice says why.
    withdrawn_answer = answer if answer is not None and answer.is_withdrawn else None
    if withdrawn_answer is not None:
        answer = None
    measures = list(answer.measures.all()) if answer else []
    files = list(answer.files.all()) if answer else []
    findings = list(visible(user, recommendation.findings.all()).order_by("number"))
    for finding in findings:
        finding.campaign = campaign
    answering = can_answer(user, recommendation)
    return render(
        request,
        "accountability/recommendation_detail.html",
        {
            "campaign": campaign,
            "recommendation": recommendation,
            "answer": answer,
            "withdrawn_answer": withdrawn_answer,
            "measures": measures,
            "answer_files": files,
            "findings": findings,
            "notices": list(recommendation.decision_notices.order_by("notified_on", "id")),
            # The latest check is the recommendation's own; the earlier ones stay below it.
            "earlier_checks": list(recommendation.verifications.all())[1:],
            "can_change": can_write_recommendations(user, campaign)
            and cycle_open(campaign)
            and not recommendation.is_withdrawn,
            "can_verify": recommendation.is_sent and can_verify(user, campaign),
            "can_answer": answering,
            "answer_url": answer_url(recommendation) if answering else "",
            **pages.recommendation_context(user, recommendation),
        },
    )


@login_required
@require_http_methods(GET_AND_POST)
def recommendation_verify(request, slug, number):
    """The monitors record whether the measures the body promised were carried out."""
    campaign = _fetch(request.user, slug)
    if not can_verify(request.user, campaign):
        raise PermissionDenied
    recommendation = _recommendation_of(request.user, campaign, number)
    if request.method != "POST" and not recommendation.is_sent:
        messages.error(request, _("The recommendation has not been sent to the body yet."))
        return redirect(recommendation)
    form = VerificationForm(
        request.POST or None, initial=VerificationForm.initial_from(recommendation)
    )
    return form_page(
        request,
        form,
        "accountability/verification_form.html",
        {"campaign": campaign, "recommendation": recommendation},
        save=lambda data: services.verification_record(
            recommendation=recommendation,
            actor=request.user,
            verification=data["verification"],
            note=data["note"],
            verified_on=data["verified_on"],
        ),
        done=_("What the monitors found is recorded."),
        back=recommendation,
    )


FINDINGS = Written(
    "finding",
    FindingForm,
    _finding_of,
    can_write_findings,
    _("Finding %(number)s is saved."),
    _("Finding %(number)s is deleted."),
)
RECOMMENDATIONS = Written(
    "recommendation",
    RecommendationForm,
    _recommendation_of,
    can_write_recommendations,
    _("Recommendation %(number)s is saved."),
    _("Recommendation %(number)s is deleted."),
)


# The pages that record, change and delete either: the URLs say which (`kind`).


@login_required
@require_http_methods(GET_AND_POST)
def written_new(request, slug, kind: Written):
    campaign = _campaign_written(request, slug, kind)
    return _written_form(request, kind, campaign)


@login_required
@require_http_methods(GET_AND_POST)
def written_edit(request, slug, number, kind: Written):
    campaign = _campaign_written(request, slug, kind)
    return _written_form(request, kind, campaign, kind.item_of(request.user, campaign, number))


@require_POST
def written_delete(request, slug, number, kind: Written):
    campaign = _campaign_written(request, slug, kind)
    return _written_delete(request, kind, kind.item_of(request.user, campaign, number))
