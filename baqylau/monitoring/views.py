"""Pages and actions of monitoring campaigns.

Every fetch goes through baqylau.core.permissions (a campaign the user may not see answers 404);
who may take a step is asked of permissions.py (a step the user may not take answers 403); every
write is a service of services.py, whose ValidationErrors go back on the form with what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from baqylau.core.permissions import get_visible_or_404
from baqylau.registry.models import Organisation, PlanningDocument, ProjectObject

from . import selectors, services
from .forms import AdvanceForm, CampaignFilterForm, CampaignForm, DeclarationForm, MemberAddForm
from .models import Campaign, CampaignStatusChange, Status
from .permissions import Rights, can_create, coordinated_ngos

PAGE_SIZE = 25
GET_AND_POST = ["GET", "HEAD", "POST"]
# Errors of the services named after a model field that the form shows under another name.
FIELD_ALIASES = {"title": "title_kk", "description": "description_kk"}


# Helpers ---------------------------------------------------------------------------------------


def _fetch(user, slug) -> Campaign:
    return get_visible_or_404(user, Campaign.private_objects.select_related("ngo"), slug=slug)


def _managed(request, slug) -> tuple[Campaign, Rights]:
    campaign = _fetch(request.user, slug)
    rights = Rights.of(request.user, campaign)
    if not rights.manage:
        raise PermissionDenied
    return campaign, rights


def _put_errors(form, exc: ValidationError) -> None:
    """A service's errors on the form: on the field it names when the form has that field,
    otherwise above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        field = FIELD_ALIASES.get(field, field)
        form.add_error(field if field in form.fields else None, errors)


def _report(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# The list and one campaign ---------------------------------------------------------------------


def campaign_list(request):
    """Published campaigns, and the user's own private ones, marked as such. Staff open any
    campaign by its address, but the list shows them only their own private ones too."""
    form = CampaignFilterForm(request.GET or None)
    qs = Campaign.private_objects.listed_for(request.user).select_related("ngo")
    if form.is_valid():
        qs = form.filter(qs)
    page = Paginator(qs.order_by("-starts_on", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/list.html",
        {"form": form, "page": page, "can_create": can_create(request.user)},
    )


def detail(request, slug):
    user = request.user
    campaign = _fetch(user, slug)
    # Only what the public may open is linked, even if a document was unpublished since.
    prefetch_related_objects(
        [campaign],
        Prefetch("documents", queryset=PlanningDocument.public_objects.order_by("title_ru")),
        Prefetch("project_objects", queryset=ProjectObject.public_objects.order_by("name_ru")),
        Prefetch("bodies", queryset=Organisation.objects.order_by("name_ru")),
        Prefetch("status_changes", queryset=CampaignStatusChange.private_objects.all()),
    )
    rights = Rights.of(user, campaign)
    return render(
        request,
        "monitoring/detail.html",
        {
            "campaign": campaign,
            "team": selectors.team(campaign),
            "rights": rights,
            "advance_form": (
                AdvanceForm(initial={"changed_on": timezone.localdate()})
                if rights.manage and campaign.next_status
                else None
            ),
        },
    )


# Planning --------------------------------------------------------------------------------------


def _about(request) -> dict:
    """What ?document=, ?object= and ?body= point at, as the plan's initial values."""
    initial = {}
    lookups = [
        ("document", "documents", PlanningDocument.public_objects),
        ("object", "project_objects", ProjectObject.public_objects),
        ("body", "bodies", Organisation.objects.filter(kind__in=Organisation.STATE_KINDS)),
    ]
    for param, field, qs in lookups:
        slug = request.GET.get(param)
        found = qs.filter(slug=slug).first() if slug else None
        if found is not None:
            initial[field] = [found]
    return initial


@login_required
@require_http_methods(GET_AND_POST)
def campaign_new(request):
    ngos = list(coordinated_ngos(request.user))
    if not ngos:
        raise PermissionDenied
    today = timezone.localdate()
    form = CampaignForm(
        request.POST or None,
        ngos=ngos,
        initial={"starts_on": today, **_about(request)},
    )
    if request.method == "POST" and form.is_valid():
        ngo = form.cleaned_data.get("ngo") or ngos[0]
        try:
            campaign = services.campaign_create(
                ngo=ngo, author=request.user, **form.service_kwargs()
            )
        except ValidationError as exc:
            _put_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The campaign is planned. Only its team sees it until you publish it: "
                    "form the team and file your declaration first."
                ),
            )
            return redirect(campaign)
    return render(request, "monitoring/form.html", {"form": form, "ngos": ngos})


@login_required
@require_http_methods(GET_AND_POST)
def campaign_edit(request, slug):
    campaign, _rights = _managed(request, slug)
    form = CampaignForm(
        request.POST or None, creating=False, initial=CampaignForm.initial_from(campaign)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(campaign=campaign, actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            _put_errors(form, exc)
        else:
            messages.success(request, _("The plan of the campaign is saved."))
            return redirect(campaign)
    return render(request, "monitoring/form.html", {"form": form, "campaign": campaign})


# The team --------------------------------------------------------------------------------------


@login_required
@require_http_methods(GET_AND_POST)
def team(request, slug):
    campaign, _rights = _managed(request, slug)
    form = MemberAddForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_add(
                campaign=campaign,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except ValidationError as exc:
            _put_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(person)s is on the team. They file their declaration before recording.")
                % {"person": member.user.get_short_name()},
            )
            return redirect("monitoring:team", slug=campaign.slug)
    return render(
        request,
        "monitoring/team.html",
        {"campaign": campaign, "team": selectors.team(campaign), "form": form},
    )


@require_POST
def member_remove(request, slug, member_id):
    campaign, _rights = _managed(request, slug)
    member = get_object_or_404(campaign.members.select_related("user"), pk=member_id)
    member.campaign = campaign
    try:
        services.member_remove(member=member, actor=request.user)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(
            request,
            _("%(person)s has left the team; the record keeps their part in it.")
            % {"person": member.user.get_short_name()},
        )
    return redirect("monitoring:team", slug=campaign.slug)


@login_required
@require_http_methods(GET_AND_POST)
def declaration(request, slug):
    campaign = _fetch(request.user, slug)
    rights = Rights.of(request.user, campaign)
    if not rights.declare:
        raise PermissionDenied
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rights.member.campaign = campaign
        try:
            services.declaration_file(member=rights.member, **form.cleaned_data)
        except ValidationError as exc:
            _put_errors(form, exc)
        else:
            messages.success(request, _("Your declaration is filed."))
            return redirect(reverse("monitoring:detail", kwargs={"slug": slug}) + "#team")
    return render(
        request,
        "monitoring/declaration.html",
        {
            "campaign": campaign,
            "form": form,
            "organisations": selectors.controlled_organisations(campaign),
            "earlier": list(rights.member.declarations.all()),
        },
    )


# Running ---------------------------------------------------------------------------------------


@require_POST
def advance(request, slug):
    campaign, _rights = _managed(request, slug)
    form = AdvanceForm(request.POST)
    if form.is_valid():
        try:
            change = services.campaign_advance(
                campaign=campaign, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _report(request, exc)
        else:
            messages.success(
                request,
                _("The campaign is now at the stage: %(status)s.")
                % {"status": Status(change.status).label},
            )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(campaign)


@require_POST
def publish(request, slug):
    campaign, _rights = _managed(request, slug)
    try:
        services.campaign_publish(campaign=campaign, actor=request.user)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(
            request,
            _("The campaign is published: its plan, team, declarations and timeline are public."),
        )
    return redirect(campaign)
