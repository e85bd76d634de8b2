"""Pages and actions of monitoring campaigns.

Every fetch goes through baqylau.core.permissions (a campaign the user may not see answers 404);
who may take a step is asked of permissions.py (a step the user may not take answers 403); every
write is a service of services.py, whose ValidationErrors go back on the form with what was typed.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from baqylau.core import pagecache
from baqylau.core.forms import add_reason, form_page, put_errors, reason_of, report_errors, run_step
from baqylau.core.permissions import get_visible_or_404, visible
from baqylau.registry.models import Organisation, PlanningDocument, ProjectObject
from baqylau.registry.selectors import map_focus

from . import checklists, evidence, pages, selectors, services, visits
from .forms import (
    AdvanceForm,
    CampaignFilterForm,
    CampaignForm,
    ChecklistTitleForm,
    DeclarationForm,
    MemberAddForm,
    QuestionForm,
    QuestionFormSet,
    VisitCorrectionForm,
    VisitForm,
    VisitWithdrawForm,
    XLSFormConfirmForm,
    XLSFormUploadForm,
)
from .models import (
    DEFAULT_GPS_ACCURACY_M,
    Campaign,
    CampaignStatusChange,
    Checklist,
    ChecklistVersion,
    Evidence,
    Question,
    Status,
    Visit,
)
from .permissions import (
    Rights,
    can_correct_visit,
    can_create,
    can_manage_checklists,
    coordinated_ngos,
)
from .xlsform import xlsform_parse

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
        raise PermissionDenied(_("Only a coordinator on the campaign's team may do this."))
    return campaign, rights


# The list and one campaign ---------------------------------------------------------------------


def campaign_list(request):
    """Published campaigns, and the user's own private ones, marked as such. Staff open any
    campaign by its address, but the list shows them only their own private ones too."""
    form = CampaignFilterForm(request.GET or None)
    qs = Campaign.private_objects.listed_for(request.user).select_related("ngo")
    if form.is_valid():
        qs = form.filter(qs)
    # Counted once per generation of the site, per filters.
    page = pagecache.KeptPaginator.public(
        request, "campaigns", form, qs.order_by("-starts_on", "-id"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    lines = pages.card_lines(list(page))
    for campaign in page:
        campaign.card_lines = lines.get(campaign.pk, [])
    return render(
        request,
        "monitoring/list.html",
        {
            "form": form,
            "page": page,
            "can_create": can_create(request.user),
            **_map(selectors.published_campaigns_map_points()),
        },
    )


def _map(points, *, around_points=False) -> dict:
    """The context of portal/_map.html: the points and the region the map opens on (around
    the points in it, for a campaign's few)."""
    focus = map_focus(points, around_points=around_points)
    return {"points": points, "map_focus": json.dumps(focus) if focus else ""}


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
    photos, photos_total = selectors.gallery(campaign)
    return render(
        request,
        "monitoring/detail.html",
        {
            "campaign": campaign,
            "photos": photos,
            "photos_total": photos_total,
            **_map(selectors.campaign_map_points(campaign), around_points=True),
            "team": selectors.team(campaign),
            "rights": rights,
            "checklists": list(campaign.checklists.all()),
            "visits": list(
                visible(user, Visit.private_objects.filter(campaign=campaign))
                .select_related("project_object")
                .annotate(evidence_count=Count("evidence"))
            ),
            "can_write_checklists": rights.manage and not rights.closed,
            "advance_form": (
                AdvanceForm(initial={"changed_on": timezone.localdate()})
                if rights.manage and campaign.next_status
                else None
            ),
            **pages.campaign_context(user, campaign, rights),
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
        raise PermissionDenied(
            _("Campaigns are planned by coordinators of monitoring organisations; you are none.")
        )
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
            put_errors(form, exc, aliases=FIELD_ALIASES)
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
    add_reason(form, public=campaign.is_published)
    return form_page(
        request,
        form,
        "monitoring/form.html",
        {"campaign": campaign},
        save=lambda data: services.campaign_update(
            campaign=campaign, actor=request.user, **form.service_kwargs(), **reason_of(form)
        ),
        done=_("The plan of the campaign is saved."),
        back=campaign,
        aliases=FIELD_ALIASES,
    )


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
            put_errors(form, exc, aliases=FIELD_ALIASES)
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
    run_step(
        request,
        services.member_remove,
        _("%(person)s has left the team; the record keeps their part in it.")
        % {"person": member.user.get_short_name()},
        member=member,
        actor=request.user,
    )
    return redirect("monitoring:team", slug=campaign.slug)


@login_required
@require_http_methods(GET_AND_POST)
def declaration(request, slug):
    campaign = _fetch(request.user, slug)
    rights = Rights.of(request.user, campaign)
    if not rights.declare:
        raise PermissionDenied(
            _("The campaign is closed: declarations can no longer be filed or changed.")
            if rights.member is not None
            else _("Only members of the campaign's team file conflict-of-interest declarations.")
        )
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rights.member.campaign = campaign
        try:
            services.declaration_file(member=rights.member, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc, aliases=FIELD_ALIASES)
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
            report_errors(request, exc)
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
    run_step(
        request,
        services.campaign_publish,
        _("The campaign is published: its plan, team, declarations and timeline are public."),
        campaign=campaign,
        actor=request.user,
    )
    return redirect(campaign)


# Checklists ------------------------------------------------------------------------------------

IMPORT_SALT = "monitoring.checklist-import"


def _checklists_managed(request, slug) -> Campaign:
    campaign = _fetch(request.user, slug)
    if not can_manage_checklists(request.user, campaign):
        raise PermissionDenied
    return campaign


def _checklist_of(campaign: Campaign, user, checklist_id) -> Checklist:
    checklist = get_visible_or_404(
        user, Checklist.private_objects.filter(campaign=campaign), pk=checklist_id
    )
    checklist.campaign = campaign
    return checklist


def _questions_form(request, campaign, *, checklist=None, initial=()):
    formset = QuestionFormSet(request.POST or None, initial=list(initial), prefix="questions")
    title_form = ChecklistTitleForm(
        request.POST or None,
        revising=checklist is not None,
        initial={"gps_accuracy_m": checklist.gps_accuracy_m} if checklist is not None else None,
    )
    forms_valid = formset.is_valid() and title_form.is_valid()
    if request.method == "POST" and forms_valid:
        try:
            if checklist is None:
                checklist = checklists.checklist_create(
                    campaign=campaign,
                    title=title_form.cleaned_data["title"],
                    actor=request.user,
                    questions=formset.questions(),
                    gps_accuracy_m=title_form.cleaned_data["gps_accuracy_m"]
                    or DEFAULT_GPS_ACCURACY_M,
                )
                messages.success(request, _("The checklist is saved as version 1."))
            else:
                version = checklists.checklist_revise(
                    checklist=checklist,
                    questions=formset.questions(),
                    actor=request.user,
                    gps_accuracy_m=title_form.cleaned_data["gps_accuracy_m"],
                )
                messages.success(
                    request,
                    _("The checklist is saved as version %(number)s; the earlier ones are kept.")
                    % {"number": version.number},
                )
        except ValidationError as exc:
            if checklist is None or hasattr(exc, "error_dict"):
                put_errors(title_form, exc, aliases=FIELD_ALIASES)
            else:
                formset._non_form_errors = formset.error_class(exc.messages)
        else:
            return redirect(checklist)
    return render(
        request,
        "monitoring/checklist_form.html",
        {
            "campaign": campaign,
            "checklist": checklist,
            "title_form": title_form,
            "formset": formset,
        },
    )


@login_required
@require_http_methods(GET_AND_POST)
def checklist_new(request, slug):
    campaign = _checklists_managed(request, slug)
    return _questions_form(request, campaign)


@login_required
@require_http_methods(GET_AND_POST)
def checklist_revise(request, slug, checklist_id):
    campaign = _checklists_managed(request, slug)
    checklist = _checklist_of(campaign, request.user, checklist_id)
    version = checklist.current_version
    initial = [QuestionForm.initial_from(q.as_data()) for q in version.questions.all()]
    return _questions_form(request, campaign, checklist=checklist, initial=initial)


def checklist_detail(request, slug, checklist_id):
    campaign = _fetch(request.user, slug)
    checklist = _checklist_of(campaign, request.user, checklist_id)
    versions = list(checklist.versions.all())
    wanted = request.GET.get("version")
    version = next((v for v in versions if str(v.number) == wanted), None) or (
        versions[-1] if versions else None
    )
    if wanted and str(version.number) != wanted:
        raise Http404
    return render(
        request,
        "monitoring/checklist_detail.html",
        {
            "campaign": campaign,
            "checklist": checklist,
            "versions": versions,
            "version": version,
            "is_current": version == versions[-1],
            "questions": checklists.with_conditions(list(version.questions.all())),
            "can_write": can_manage_checklists(request.user, campaign),
        },
    )


@login_required
@require_http_methods(GET_AND_POST)
def checklist_import(request, slug, checklist_id=None):
    """Upload an XLSForm, see what was understood and what was not, then confirm."""
    campaign = _checklists_managed(request, slug)
    checklist = _checklist_of(campaign, request.user, checklist_id) if checklist_id else None
    upload_form = XLSFormUploadForm()
    confirm_form = questions = problems = None
    if request.method == "POST" and "payload" in request.POST:
        confirm_form = XLSFormConfirmForm(request.POST, revising=checklist is not None)
        if confirm_form.is_valid():
            try:
                questions = signing.loads(
                    confirm_form.cleaned_data["payload"], salt=IMPORT_SALT, max_age=3600
                )
            except signing.BadSignature:
                confirm_form.add_error(None, _("The preview has expired. Upload the file again."))
            else:
                try:
                    if checklist is None:
                        checklist = checklists.checklist_create(
                            campaign=campaign,
                            title=confirm_form.cleaned_data["title"],
                            actor=request.user,
                            questions=questions,
                        )
                    else:
                        checklists.checklist_revise(
                            checklist=checklist, questions=questions, actor=request.user
                        )
                except ValidationError as exc:
                    put_errors(confirm_form, exc, aliases=FIELD_ALIASES)
                else:
                    messages.success(request, _("The checklist is imported."))
                    return redirect(checklist)
    elif request.method == "POST":
        upload_form = XLSFormUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            upload = upload_form.cleaned_data["file"]
            try:
                questions, problems = xlsform_parse(upload)
            except ValidationError as exc:
                upload_form.add_error("file", exc)
            else:
                title = upload.name.rsplit(".", 1)[0]
                confirm_form = XLSFormConfirmForm(
                    initial={
                        "title": title,
                        "payload": signing.dumps(questions, salt=IMPORT_SALT),
                    },
                    revising=checklist is not None,
                )
    return render(
        request,
        "monitoring/checklist_import.html",
        {
            "campaign": campaign,
            "checklist": checklist,
            "upload_form": upload_form,
            "confirm_form": confirm_form,
            "questions": checklists.with_conditions(
                [Question(**question) for question in questions or []]
            ),
            "problems": problems,
        },
    )


# Field visits ----------------------------------------------------------------------------------


def _visit_version(request, campaign: Campaign) -> tuple[list[Checklist], ChecklistVersion | None]:
    """The checklists to choose from and the version asked: the one the form was shown with
    (so a revision meanwhile changes nothing typed), else the current version of the chosen
    checklist, or of the only one."""
    checklists_ = list(campaign.checklists.all())
    pinned = request.POST.get("version")
    if pinned:
        version = (
            ChecklistVersion.private_objects.filter(checklist__campaign=campaign, pk=pinned)
            .select_related("checklist")
            .first()
        )
        if version is None:
            raise Http404
        return checklists_, version
    wanted = request.GET.get("checklist")
    if wanted is None and len(checklists_) == 1:
        wanted = str(checklists_[0].pk)
    checklist = next((c for c in checklists_ if str(c.pk) == wanted), None)
    return checklists_, checklist.current_version if checklist else None


@login_required
@require_http_methods(GET_AND_POST)
def visit_new(request, slug):
    campaign = _fetch(request.user, slug)
    if not Rights.of(request.user, campaign).record:
        raise PermissionDenied
    checklists_, version = _visit_version(request, campaign)
    form = VisitForm(
        request.POST or None,
        request.FILES or None,
        objects=visits.visit_objects(campaign),
        groups=visits.visit_object_choices(campaign),
        version=version,
        initial={"visited_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = visits.visit_record(
                campaign=campaign,
                object=data["object"],
                visited_on=data["visited_on"],
                actor=request.user,
                checklist_version=version,
                answers=form.answers(),
                notes=data["notes"],
                participants=data["participants"],
                files=data["files"],
                far_confirmed=data["far_confirmed"],
            )
        except ValidationError as exc:
            put_errors(form, exc, aliases=FIELD_ALIASES)
        else:
            messages.success(request, _("The visit is recorded."))
            return redirect(visit)
    if request.method == "POST" and request.FILES and not form.is_valid():
        form.add_error(
            "files", _("Nothing was saved: choose the files again, what you typed is kept.")
        )
    return render(
        request,
        "monitoring/visit_form.html",
        {"campaign": campaign, "form": form, "checklists": checklists_, "version": version},
    )


def evidence_thumbnail(request, slug, evidence_id):
    """The small copy of a published photo that the campaign's gallery shows."""
    photo = get_visible_or_404(
        request.user,
        Evidence.public_objects.filter(campaign__slug=slug, content_type__startswith="image/"),
        pk=evidence_id,
    )
    data = evidence.thumbnail(photo)
    kind = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    response = HttpResponse(data, content_type=kind)
    patch_cache_control(response, public=True, max_age=24 * 3600)
    return response


def _visit(user, campaign: Campaign, visit_id) -> Visit:
    visit = get_visible_or_404(
        user,
        Visit.private_objects.filter(campaign=campaign).select_related(
            "project_object", "checklist_version__checklist"
        ),
        pk=visit_id,
    )
    visit.campaign = campaign
    return visit


def visit_detail(request, slug, visit_id):
    campaign = _fetch(request.user, slug)
    visit = _visit(request.user, campaign, visit_id)
    rights = Rights.of(request.user, campaign)
    return render(
        request,
        "monitoring/visit_detail.html",
        {
            "campaign": campaign,
            "visit": visit,
            "answers": list(visit.answers.select_related("question")),
            "evidence": list(visit.evidence.all()),
            "revisions": visits.visit_revisions(visit),
            "can_correct": can_correct_visit(request.user, visit, rights),
            # Where the phone was is private, like the positions of photos: the team only.
            "on_team": rights.member is not None,
        },
    )


def _corrected(request, slug, visit_id) -> tuple[Campaign, Visit]:
    """The campaign and the visit, for the monitor who recorded it while it may change."""
    campaign = _fetch(request.user, slug)
    visit = _visit(request.user, campaign, visit_id)
    if not can_correct_visit(request.user, visit):
        raise PermissionDenied
    return campaign, visit


@login_required
@require_http_methods(GET_AND_POST)
def visit_correct(request, slug, visit_id):
    """Correct the object, the date, the notes or the answers, saying why; the earlier
    revision stays on the visit page."""
    campaign, visit = _corrected(request, slug, visit_id)
    form = VisitCorrectionForm(
        request.POST or None,
        visit=visit,
        objects=visits.visit_objects(campaign),
        groups=visits.visit_object_choices(campaign),
    )
    return form_page(
        request,
        form,
        "monitoring/visit_correct.html",
        {"campaign": campaign, "visit": visit, "version": visit.checklist_version},
        save=lambda data: visits.visit_correct(
            visit=visit,
            actor=request.user,
            object=data["object"],
            visited_on=data["visited_on"],
            reason=data["reason"],
            answers=form.answers(),
            notes=data["notes"],
            participants=data["participants"],
            far_confirmed=data["far_confirmed"],
            expected_revision=data["revision"],
        ),
        done=_("The visit is corrected; the earlier version is kept."),
        back=visit,
    )


@login_required
@require_http_methods(GET_AND_POST)
def visit_withdraw(request, slug, visit_id):
    """Withdraw a visit recorded by mistake: it leaves the public pages and the open data."""
    campaign, visit = _corrected(request, slug, visit_id)
    return form_page(
        request,
        VisitWithdrawForm(request.POST or None),
        "monitoring/visit_withdraw.html",
        {"campaign": campaign, "visit": visit},
        save=lambda data: visits.visit_withdraw(
            visit=visit, actor=request.user, reason=data["reason"]
        ),
        done=_("The visit is withdrawn; the team still sees it."),
        back=visit,
    )
