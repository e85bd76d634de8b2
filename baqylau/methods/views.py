"""Pages and actions of the library of methods.

Every fetch goes through baqylau.core.permissions (an item the user may not see answers 404);
who may take a step is asked of permissions.py (a step the user may not take answers 403); every
write is a service of services.py, whose ValidationErrors go back on the form.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from baqylau.core.forms import form_page, put_errors, report_errors, run_step
from baqylau.core.permissions import get_visible_or_404, visible
from baqylau.monitoring.models import Campaign, CampaignMember, Checklist, QuestionKind, Status
from baqylau.registry.models import Organisation

from . import services
from .forms import (
    ContentForm,
    ItemFilterForm,
    ItemForm,
    PublishChecklistForm,
    StartForm,
    WithdrawForm,
    XLSFormImportForm,
)
from .models import ItemKind, ItemUse, LibraryItem
from .permissions import (
    author_ngos,
    can_create_item,
    can_manage_item,
    can_publish_from,
    can_start_from,
)
from .xlsform import XLSX, xlsform_questions, xlsform_workbook

PAGE_SIZE = 25
GET_AND_POST = ["GET", "HEAD", "POST"]


def _item(user, slug) -> LibraryItem:
    return get_visible_or_404(user, LibraryItem.private_objects.select_related("author"), slug=slug)


def _managed(request, slug) -> LibraryItem:
    item = _item(request.user, slug)
    if not can_manage_item(request.user, item):
        raise PermissionDenied
    return item


def _version(item, request):
    """The version the address asks for (?version=N), else the latest; 404 for another."""
    versions = list(item.versions.all())
    wanted = request.GET.get("version")
    if not wanted:
        return versions, versions[-1]
    for version in versions:
        if str(version.number) == wanted:
            return versions, version
    raise Http404


def _startable_campaigns(user):
    """The campaigns whose checklists the user writes: coordinator on the team, not closed."""
    if not user.is_authenticated:
        return Campaign.private_objects.none()
    team = CampaignMember.private_objects.active().filter(
        user=user, role=CampaignMember.Role.COORDINATOR
    )
    return (
        Campaign.private_objects.filter(pk__in=team.values("campaign_id"))
        .exclude(status=Status.CLOSED)
        .order_by("-starts_on", "-id")
    )


def _kind_label(kind):
    return QuestionKind(kind).label if kind in QuestionKind.values else kind


# The library -----------------------------------------------------------------------------------


def item_list(request):
    items = visible(request.user, LibraryItem)
    authors = Organisation.objects.filter(pk__in=items.values("author_id")).order_by("name")
    form = ItemFilterForm(request.GET or None, authors=authors)
    qs = items.select_related("author").annotate(last_version=Max("versions__number"))
    if form.is_valid():
        qs = form.filter(qs)
    page = Paginator(qs.order_by("-created_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "methods/list.html",
        {"form": form, "page": page, "can_create": can_create_item(request.user)},
    )


def item_detail(request, slug):
    user = request.user
    item = _item(user, slug)
    versions, version = _version(item, request)
    uses = list(
        visible(user, ItemUse.private_objects.filter(version__item=item)).select_related(
            "campaign__ngo", "version"
        )
    )
    derived_from = None
    if item.derived_from_id:
        derived_from = visible(user, LibraryItem).filter(versions=item.derived_from_id).first()
    start_form = None
    if item.kind == ItemKind.CHECKLIST and item.withdrawn_at is None:
        campaigns = _startable_campaigns(user)
        if campaigns.exists():
            start_form = StartForm(campaigns=campaigns)
    return render(
        request,
        "methods/detail.html",
        {
            "item": item,
            "versions": versions,
            "version": version,
            "is_current": version == versions[-1],
            "questions": [
                question | {"kind_label": _kind_label(question.get("kind"))}
                for question in version.questions
            ],
            "uses": uses,
            "derived_from": derived_from,
            "can_manage": can_manage_item(user, item),
            "start_form": start_form,
            "withdraw_form": WithdrawForm(),
        },
    )


def item_xlsform(request, slug):
    item = _item(request.user, slug)
    if item.kind != ItemKind.CHECKLIST:
        raise Http404
    _versions, version = _version(item, request)
    data = xlsform_workbook(
        version.questions,
        title=item.title,
        language=item.language,
        form_id=f"{item.slug}-v{version.number}",
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{item.slug}-v{version.number}.xlsx"'
    return response


def item_file(request, slug):
    item = _item(request.user, slug)
    _versions, version = _version(item, request)
    if not version.public_file:
        raise Http404
    return FileResponse(
        version.public_file.open("rb"),
        as_attachment=True,
        filename=version.file_name or version.public_file.name.rsplit("/", 1)[-1],
        content_type=version.content_type,
    )


# Writing items ---------------------------------------------------------------------------------


@login_required
@require_http_methods(GET_AND_POST)
def item_new(request):
    if not can_create_item(request.user):
        raise PermissionDenied
    authors = author_ngos(request.user)
    form = ItemForm(request.POST or None, request.FILES or None, authors=authors)
    return form_page(
        request,
        form,
        "methods/item_form.html",
        {},
        save=lambda data: services.item_create(
            author=data["author"],
            actor=request.user,
            kind=data["kind"],
            title=data["title"],
            summary=data["summary"],
            object_kind=data["object_kind"],
            language=data["language"],
            licence=data["licence"],
            **form.content(),
        ),
        done=_("The item is saved as a draft. Publish it when ready."),
    )


def _initial_content(item, version) -> dict:
    if item.kind == ItemKind.CHECKLIST:
        return {"questions": json.dumps(version.questions, ensure_ascii=False, indent=1)}
    if item.kind == ItemKind.INDICATOR_SET:
        return {"indicators": "\n".join(version.indicators)}
    return {"body": version.body}


@login_required
@require_http_methods(GET_AND_POST)
def version_new(request, slug):
    item = _managed(request, slug)
    versions = list(item.versions.all())
    form = ContentForm(
        request.POST or None,
        request.FILES or None,
        initial=_initial_content(item, versions[-1]),
    )
    form.keep_fields_of(item.kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_add(item=item, actor=request.user, **form.content())
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("The new version is saved."))
            return redirect(item)
    return render(request, "methods/version_form.html", {"form": form, "item": item})


@login_required
@require_http_methods(GET_AND_POST)
def item_import(request, slug=None):
    """An XLSForm as a new checklist of the library (or, with `slug`, its new version): every
    row not understood is listed and nothing is saved."""
    item = _managed(request, slug) if slug else None
    if item is None and not can_create_item(request.user):
        raise PermissionDenied
    if item is not None and item.kind != ItemKind.CHECKLIST:
        raise Http404
    form = XLSFormImportForm(
        request.POST or None,
        request.FILES or None,
        authors=author_ngos(request.user),
        revising=item is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            questions = xlsform_questions(data["file"])
            if item is None:
                item = services.item_create(
                    author=data["author"],
                    actor=request.user,
                    kind=ItemKind.CHECKLIST,
                    title=data["title"],
                    summary=data["summary"],
                    object_kind=data["object_kind"],
                    language=data["language"],
                    questions=questions,
                )
            else:
                services.version_add(
                    item=item,
                    actor=request.user,
                    questions=questions,
                    change_note=data["change_note"],
                )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("The checklist is imported."))
            return redirect(item)
    return render(request, "methods/import.html", {"form": form, "item": item})


@login_required
@require_POST
def item_publish(request, slug):
    item = _managed(request, slug)
    run_step(
        request,
        services.item_publish,
        _("The item is published in the library."),
        item=item,
        actor=request.user,
    )
    return redirect(item)


@login_required
@require_POST
def item_withdraw(request, slug):
    item = _managed(request, slug)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        run_step(
            request,
            services.item_withdraw,
            _("The item is withdrawn from the library."),
            item=item,
            actor=request.user,
            reason=form.cleaned_data["withdrawn_reason"],
        )
    else:
        messages.error(request, _("Say publicly why the item is withdrawn."))
    return redirect(item)


# Campaigns and the library ---------------------------------------------------------------------


@login_required
@require_POST
def item_start(request, slug):
    item = _item(request.user, slug)
    _versions, version = _version(item, request)
    form = StartForm(request.POST, campaigns=_startable_campaigns(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose one of the campaigns you coordinate."))
        return redirect(item)
    campaign = form.cleaned_data["campaign"]
    if not can_start_from(request.user, campaign):
        raise PermissionDenied
    try:
        checklist = services.item_start(
            version=version, campaign=campaign, actor=request.user, title=form.cleaned_data["title"]
        )
    except ValidationError as exc:
        report_errors(request, exc)
        return redirect(item)
    messages.success(request, _("The checklist is copied into the campaign."))
    return redirect(checklist)


@login_required
@require_http_methods(GET_AND_POST)
def checklist_publish(request, campaign_slug, checklist_id):
    """Give a version of a campaign's checklist to the library."""
    campaign = get_visible_or_404(request.user, Campaign, slug=campaign_slug)
    if not can_publish_from(request.user, campaign):
        raise PermissionDenied
    checklist = get_visible_or_404(
        request.user, Checklist.private_objects.filter(campaign=campaign), pk=checklist_id
    )
    versions = list(checklist.versions.all())
    source = services.source_of(checklist)
    form = PublishChecklistForm(
        request.POST or None,
        versions=versions,
        initial={
            "title": checklist.title,
            "language": source.item.language if source else request.LANGUAGE_CODE[:2],
            "object_kind": source.item.object_kind if source else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = next(v for v in versions if v.number == data["version"])
        try:
            version = services.checklist_to_library(
                checklist_version=chosen,
                actor=request.user,
                change_note=data["change_note"],
                title=data["title"],
                summary=data["summary"],
                object_kind=data["object_kind"],
                language=data["language"],
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("The checklist is in the library."))
            return redirect(version.item)
    return render(
        request,
        "methods/checklist_publish.html",
        {
            "form": form,
            "campaign": campaign,
            "checklist": checklist,
            "source": source,
            "own_source": source is not None and source.item.author_id == campaign.ngo_id,
        },
    )


def campaign_section(user, campaign, rights) -> dict:
    """What the campaign page shows of the library: where its checklists came from (for whoever
    sees them) and, for its coordinators, the steps to and from the library."""
    uses = list(
        visible(user, ItemUse.private_objects.filter(campaign=campaign)).select_related(
            "version__item", "checklist"
        )
    )
    return {
        "library_uses": uses,
        "library_can_start": rights.manage and not rights.closed,
        "library_can_publish": rights.manage,
    }
