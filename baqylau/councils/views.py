"""The pages of public councils and their plans of public monitoring. Views parse, ask
`permissions`, call `services`, render; every fetch goes through `core.permissions`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from baqylau.core.forms import form_page, put_errors, run_step
from baqylau.core.permissions import get_visible_or_404, visible
from baqylau.monitoring.models import Campaign
from baqylau.registry.models import Organisation

from . import document, selectors, services
from .forms import ApproveForm, LineForm, LinkForm, PlanForm, translated
from .models import MonitoringPlan, PlanLine
from .permissions import can_keep_plans, can_link_campaign


def _councils(user):
    return visible(user, Organisation.objects.filter(kind=Organisation.Kind.PUBLIC_COUNCIL))


def _council(user, slug):
    return get_visible_or_404(user, _councils(user), slug=slug)


def _plan(user, slug, year):
    council = _council(user, slug)
    plan = get_visible_or_404(
        user, MonitoringPlan.private_objects.filter(council=council), year=year
    )
    plan.council = council
    return plan


def _kept_plan(request, slug, year):
    plan = _plan(request.user, slug, year)
    if not can_keep_plans(request.user, plan.council):
        raise PermissionDenied
    return plan


def council_list(request):
    councils = _councils(request.user).select_related("territory").order_by("name_ru", "id")
    return render(request, "councils/list.html", {"councils": councils})


def council_detail(request, slug):
    council = _council(request.user, slug)
    return render(
        request,
        "councils/detail.html",
        {
            "council": council,
            "members": list(selectors.members_of(request.user, council)),
            "plans": list(selectors.plans_of(request.user, council)),
            "can_keep": can_keep_plans(request.user, council),
        },
    )


def plan_detail(request, slug, year):
    plan = _plan(request.user, slug, year)
    lines = list(selectors.lines_with_campaigns(request.user, plan))
    standings = selectors.line_states(lines)
    changes = selectors.attach_amendments(plan, lines)
    for line in lines:
        line.standing = standings[line.pk]
        line.changes = line._public_changes
    can_keep = can_keep_plans(request.user, plan.council)
    return render(
        request,
        "councils/plan.html",
        {
            "council": plan.council,
            "plan": plan,
            "changes": changes,
            "lines": lines,
            "counts": selectors.state_counts(standings),
            "can_keep": can_keep,
            "languages": document.DOCUMENT_LANGUAGES,
        },
    )


def plan_pdf(request, slug, year):
    language = request.GET.get("lang", "kk")
    if language not in document.DOCUMENT_LANGUAGES:
        return HttpResponseBadRequest(_("The plan is drawn up in Kazakh (kk) or Russian (ru)."))
    plan = _plan(request.user, slug, year)
    response = HttpResponse(
        document.plan_document_pdf(plan, language), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(
        True, document.plan_document_filename(plan, language)
    )
    if not plan.is_approved:
        response["Cache-Control"] = "no-store"
    return response


# The council's coordinators ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request, slug):
    council = _council(request.user, slug)
    if not can_keep_plans(request.user, council):
        raise PermissionDenied
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                council=council,
                actor=request.user,
                year=form.cleaned_data["year"],
                title=translated(form.cleaned_data, "title"),
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("The draft plan is created. Add its lines."))
            return redirect(plan)
    return render(request, "councils/plan_form.html", {"council": council, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, slug, year):
    plan = _kept_plan(request, slug, year)
    initial = {f"title_{lang}": getattr(plan, f"title_{lang}") for lang in ("kk", "ru", "en")}
    form = PlanForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                actor=request.user,
                title=translated(form.cleaned_data, "title"),
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect(plan)
    return render(
        request, "councils/plan_form.html", {"council": plan.council, "plan": plan, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_approve(request, slug, year):
    plan = _kept_plan(request, slug, year)
    if plan.is_approved:
        return redirect(plan)
    form = ApproveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_approve(plan=plan, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("The plan is approved and public."))
            return redirect(plan)
    return render(
        request, "councils/approve_form.html", {"council": plan.council, "plan": plan, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def line_edit(request, slug, year, number=None):
    plan = _kept_plan(request, slug, year)
    line = None
    initial = None
    if number is not None:
        line = PlanLine.private_objects.filter(plan=plan, number=number).first()
        if line is None:
            raise Http404
        initial = LineForm.initial_of(line)
    form = LineForm(request.POST or None, plan=plan, line=line, initial=initial)
    return form_page(
        request,
        form,
        "councils/line_form.html",
        {"council": plan.council, "plan": plan, "line": line},
        save=lambda data: services.line_save(
            plan=plan, actor=request.user, line=line, **form.service_arguments()
        ),
        done=_("The line of the plan is saved."),
        back=plan,
    )


# Campaigns -------------------------------------------------------------------------------------


def _managed_campaign(request, campaign_slug):
    campaign = get_visible_or_404(request.user, Campaign, slug=campaign_slug)
    if not can_link_campaign(request.user, campaign):
        raise PermissionDenied
    return campaign


@login_required
@require_http_methods(["GET", "POST"])
def campaign_link(request, campaign_slug):
    """A coordinator of the campaign says which line of a plan it carries out."""
    campaign = _managed_campaign(request, campaign_slug)
    form = LinkForm(request.POST or None, lines=selectors.linkable_lines(request.user, campaign))
    if request.method == "POST" and form.is_valid():
        try:
            services.line_link_campaign(
                line=form.cleaned_data["line"], campaign=campaign, actor=request.user
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("The campaign is linked to the line of the plan."))
            return redirect(campaign)
    return render(
        request,
        "councils/link_form.html",
        {
            "campaign": campaign,
            "form": form,
            "linked": selectors.campaign_plan_lines(request.user, campaign),
        },
    )


@login_required
@require_POST
def campaign_unlink(request, campaign_slug, line_id):
    campaign = _managed_campaign(request, campaign_slug)
    line = get_visible_or_404(request.user, PlanLine, pk=line_id)
    run_step(
        request,
        services.line_unlink_campaign,
        _("The campaign is no longer linked to the line of the plan."),
        line=line,
        campaign=campaign,
        actor=request.user,
    )
    return redirect("councils:campaign_link", campaign_slug=campaign.slug)
