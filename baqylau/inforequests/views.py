"""Pages and actions of information requests.

Every fetch goes through baqylau.core.permissions (what a user may not see answers 404); who may
take a step is asked of permissions.py (a step the user may not take answers 403); every write
is a service of services.py, whose ValidationErrors go back on the form with what was typed.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from baqylau.accounts.models import Role
from baqylau.accounts.permissions import has_role
from baqylau.core import pagecache
from baqylau.core.calendar import days_left
from baqylau.core.errors import OFFICERS_ONLY
from baqylau.core.forms import put_errors
from baqylau.core.history import attach_public_changes
from baqylau.core.permissions import get_visible_or_404, visible
from baqylau.core.ratelimit import refuse_floods
from baqylau.registry.models import Organisation, PlanningDocument, ProjectObject

from . import letters, services
from .display import public_requester_name
from .forms import (
    AnswerForm,
    AppealForm,
    ArchiveFilterForm,
    AskClarificationForm,
    AttachmentHideForm,
    BatchRequestForm,
    ClarifyForm,
    ClassifyForm,
    ExtendForm,
    InboxFilterForm,
    RedactForm,
    RedirectForm,
    RegisterForm,
    RequestForm,
    state_bodies,
)
from .models import CLOSED, Answer, Appeal, Attachment, InformationRequest, RequestEvent, Status
from .permissions import can_answer, can_manage, can_read_originals, can_redact

PAGE_SIZE = 25
GET_AND_POST = ["GET", "HEAD", "POST"]
# Errors of the services about uploaded files belong next to the file field.
FILE_ERROR_CODES = {"file_size", "file_type", "bad_image", "bad_document"}


# Helpers ---------------------------------------------------------------------------------------


# How many drafts, sendings (each may email a body) and batches one account and one client
# address may make in an hour: enough for a monitor's busiest day, not for a flood.
DRAFTS_PER_HOUR = {"per_account": 30, "per_client": 60}
SENDS_PER_HOUR = {"per_account": 10, "per_client": 30}
BATCHES_PER_HOUR = {"per_account": 3, "per_client": 6}


def _fetch(user, public_id) -> InformationRequest:
    return get_visible_or_404(
        user,
        InformationRequest.private_objects.select_related("body", "requester"),
        public_id=public_id,
    )


def _files_error(error: ValidationError) -> str | None:
    """A refused attachment goes beside the files."""
    return "files" if error.code in FILE_ERROR_CODES else None


def _mark_due(item: InformationRequest, today) -> None:
    """Days left to answer (negative when late) on a request that awaits an answer, for
    inforequests/_due.html."""
    item.days_left = item.days_late = None
    if item.due_date and item.is_awaiting_answer:
        item.days_left = days_left(item.due_date, today)
        item.days_late = -item.days_left


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@dataclass(frozen=True)
class Rights:
    """What the user may do on one request, asked of permissions.py once per page."""

    manage: bool  # the requester, or staff
    answer: bool  # an officer of the body it is addressed to
    redact: bool  # the requester, staff, or a moderator on a published request
    originals: bool  # the requester, staff and the body's officers

    @classmethod
    def of(cls, user, item: InformationRequest) -> "Rights":
        manage = can_manage(user, item)
        return cls(
            manage=manage,
            answer=can_answer(user, item),
            redact=manage or can_redact(user, item),
            originals=can_read_originals(user, item),
        )

    @property
    def body_steps(self) -> bool:
        """Register, redirect, ask for clarification, extend, answer: the body takes these steps,
        and its officer records them; a requester records them from the body's letters."""
        return self.manage or self.answer

    @property
    def letters(self) -> bool:
        # A letter carries the requester's real name even when it is hidden from the public:
        # only the requester (or staff) and the officers of the body it is addressed to read it.
        return self.manage or self.answer


# The public archive ----------------------------------------------------------------------------


def archive(request):
    form = ArchiveFilterForm(request.GET or None)
    qs = visible(request.user, InformationRequest).exclude(status=Status.DRAFT)
    qs = qs.select_related("body", "requester").defer("body__search_text")
    if form.is_valid():
        qs = form.filter(qs)
    # Counted once per generation of the site, per filters.
    page = pagecache.KeptPaginator.public(
        request, "requests", form, qs.order_by("-updated_at", "-id"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for item in page:
        item.public_requester = public_requester_name(item)
        _mark_due(item, today)
    return render(
        request,
        "inforequests/archive.html",
        {"form": form, "page": page, "is_officer": has_role(request.user, Role.OFFICER)},
    )


# One request -----------------------------------------------------------------------------------


def _latest_answer(item: InformationRequest) -> Answer | None:
    answers = list(item.answers.all())
    return answers[-1] if answers else None


BODY_STEPS = {"register", "answer", "extend", "ask_clarification", "redirect"}


def available_steps(item: InformationRequest, rights: Rights) -> list[str]:
    """The steps worth offering on the page now. The services check the status again."""
    status = item.status
    steps = []
    if rights.body_steps and status != Status.DRAFT:
        late_unregistered = status == Status.OVERDUE and item.registered_on is None
        if status in services.CAN_REGISTER or late_unregistered:
            steps.append("register")
        if status in services.CAN_ANSWER:
            steps.append("answer")
        if status in services.CAN_EXTEND and not item.extended and item.due_date:
            steps.append("extend")
        if status in services.CAN_ASK_CLARIFICATION:
            steps.append("ask_clarification")
        if status in services.CAN_REDIRECT:
            steps.append("redirect")
    if rights.manage:
        if status == Status.CLARIFICATION:
            steps.append("clarify")
        if status in services.ANSWERED and _latest_answer(item) is not None:
            steps.append("classify")
        if status in services.CAN_APPEAL:
            steps.append("appeal")
        # A withdrawn draft would become public: a draft is simply never sent.
        if status not in CLOSED and status != Status.DRAFT:
            steps.append("withdraw")
    return steps


def _answer_sources(rights: Rights) -> list[str]:
    sources = []
    if rights.answer:
        sources.append(Answer.Source.PLATFORM)
    if rights.manage:
        sources += [Answer.Source.POST, Answer.Source.EMAIL]
    return sources


def _step_form(step: str, item: InformationRequest, rights: Rights, data=None, files=None):
    today = timezone.localdate()
    kwargs = {"prefix": step}
    if step == "register":
        return RegisterForm(data, initial={"registered_on": today}, **kwargs)
    if step == "redirect":
        return RedirectForm(data, current_body=item.body, initial={"happened_on": today}, **kwargs)
    if step == "ask_clarification":
        return AskClarificationForm(data, initial={"happened_on": today}, **kwargs)
    if step == "clarify":
        return ClarifyForm(data, **kwargs)
    if step == "extend":
        return ExtendForm(data, **kwargs)
    if step == "answer":
        return AnswerForm(
            data, files, sources=_answer_sources(rights), initial={"received_on": today}, **kwargs
        )
    if step == "classify":
        latest = _latest_answer(item)
        initial = {
            "classification": latest.classification if latest else "",
            "legal_ground": latest.legal_ground if latest else "",
        }
        return ClassifyForm(data, initial=initial, **kwargs)
    if step == "appeal":
        parent = item.body.parent if item.body.parent_id else None
        return AppealForm(data, initial={"superior_body": parent}, **kwargs)
    if step == "withdraw":
        return None
    raise Http404


def _classify(item, user, data):
    answer = item.answers.order_by("-received_on", "-id").first()
    if answer is None:
        raise ValidationError(_("There is no answer to classify yet."), code="no_answer")
    services.answer_classify(answer=answer, actor=user, **data)


def _body_steps(rights: Rights) -> bool:
    return rights.body_steps


def _manage(rights: Rights) -> bool:
    return rights.manage


def _on_request(service, person: str = "actor"):
    """Runs the service on the request, by the user (its `actor`, or `person` when the service
    names them otherwise), with the form's data."""
    return lambda item, user, data: service(request=item, **{person: user}, **data)


@dataclass(frozen=True)
class Step:
    allowed: Callable[[Rights], bool]
    run: Callable
    done: str


STEPS = {
    "register": Step(
        _body_steps, _on_request(services.request_register), _("The registration is recorded.")
    ),
    "redirect": Step(
        _body_steps,
        _on_request(services.request_redirect),
        _("The redirection is recorded: the request is now addressed to the other body."),
    ),
    "ask_clarification": Step(
        _body_steps,
        _on_request(services.request_ask_clarification),
        _("The request for clarification is recorded: the term stops until it is given."),
    ),
    "clarify": Step(
        _manage,
        _on_request(services.request_clarify),
        _("Your clarification is recorded: the term starts again today."),
    ),
    "extend": Step(
        _body_steps,
        _on_request(services.request_extend),
        _("The extension of the term is recorded."),
    ),
    "answer": Step(
        _body_steps, _on_request(services.answer_submit, "author"), _("The answer is recorded.")
    ),
    "classify": Step(_manage, _classify, _("The answer is classified.")),
    "appeal": Step(
        _manage,
        _on_request(services.request_appeal),
        _("The appeal is recorded. Print its letter or send it to the superior body."),
    ),
    "withdraw": Step(
        _manage,
        lambda item, user, data: services.request_withdraw(request=item, actor=user),
        _("The request is withdrawn."),
    ),
}


def _detail_response(request, public_id, *, bound: tuple[str, object] | None = None):
    """The request's page, with the forms of the steps the user may take; `bound` is a form
    that failed, shown again with its errors and what was typed."""
    user = request.user
    item = _fetch(user, public_id)
    rights = Rights.of(user, item)
    # Hidden files exist only for those who may show them again.
    files = Attachment.objects.all() if rights.redact else Attachment.objects.filter(hidden=False)
    prefetch_related_objects(
        [item],
        Prefetch(
            "events",
            queryset=RequestEvent.objects.select_related("other_body").defer(
                "other_body__search_text"
            ),
        ),
        Prefetch(
            "answers",
            queryset=Answer.objects.prefetch_related(Prefetch("attachments", queryset=files)),
        ),
        Prefetch("appeals", queryset=Appeal.objects.select_related("superior_body")),
    )
    steps = available_steps(item, rights)
    forms = {step: _step_form(step, item, rights) for step in steps}
    if bound is not None:
        forms[bound[0]] = bound[1]
    answers = list(item.answers.all())
    for answer in answers:
        if rights.redact:
            answer.redact_form = RedactForm(
                prefix=f"redact-{answer.pk}", initial={"public_text": answer.public_text}
            )
        if bound is not None and bound[0] == f"redact-{answer.pk}":
            answer.redact_form, answer.redact_failed = bound[1], True
    attach_public_changes(answers)
    latest = answers[-1] if answers else None
    clarifications = [e for e in item.events.all() if e.kind == RequestEvent.Kind.CLARIFICATION]
    today = timezone.localdate()
    _mark_due(item, today)
    return render(
        request,
        "inforequests/detail.html",
        {
            "item": item,
            "answers": answers,
            "requester_name": public_requester_name(item),
            "is_requester": user.is_authenticated and item.requester_id == user.id,
            "rights": rights,
            "officer_voice": rights.answer and not rights.manage,
            "offers_body_steps": bool(BODY_STEPS.intersection(steps)),
            "steps": steps,
            "forms": forms,
            "failed": bound[0] if bound else "",
            "classify_open": latest is not None and not latest.classification,
            "clarification_asked": clarifications[-1] if clarifications else None,
            "today": today,
        },
    )


def detail(request, public_id):
    return _detail_response(request, public_id)


@require_POST
def step(request, public_id, step):
    item = _fetch(request.user, public_id)
    rights = Rights.of(request.user, item)
    action = STEPS[step]
    if not action.allowed(rights):
        raise PermissionDenied
    form = _step_form(step, item, rights, request.POST, request.FILES)
    if form is None:  # withdrawing asks for nothing more than the button
        try:
            action.run(item, request.user, {})
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, action.done)
        return redirect(item.get_absolute_url())
    if form.is_valid():
        data = form.service_kwargs() if hasattr(form, "service_kwargs") else form.cleaned_data
        try:
            action.run(item, request.user, data)
        except ValidationError as exc:
            put_errors(form, exc, unnamed_field=_files_error)
        else:
            messages.success(request, action.done)
            return redirect(item.get_absolute_url())
    return _detail_response(request, public_id, bound=(step, form))


def _part(request, public_id, right: str, related: str, pk):
    """The request and one of its answers or attachments (`related`), for a user who has `right`
    on it (403 otherwise). The part knows its request."""
    item = _fetch(request.user, public_id)
    if not getattr(Rights.of(request.user, item), right):
        raise PermissionDenied
    part = get_object_or_404(getattr(item, related).all(), pk=pk)
    part.request = item
    return item, part


@require_POST
def answer_redact(request, public_id, answer_id):
    item, answer = _part(request, public_id, "redact", "answers", answer_id)
    prefix = f"redact-{answer.pk}"
    form = RedactForm(request.POST, prefix=prefix)
    if form.is_valid():
        services.answer_redact(
            answer=answer, public_text=form.cleaned_data["public_text"], actor=request.user
        )
        messages.success(request, _("The public text of the answer is saved."))
        return redirect(item.get_absolute_url() + f"#answer-{answer.pk}")
    return _detail_response(request, public_id, bound=(prefix, form))


@require_POST
def attachment_hide(request, public_id, attachment_id):
    item, attachment = _part(request, public_id, "redact", "attachments", attachment_id)
    form = AttachmentHideForm(request.POST)
    form.is_valid()  # a checkbox: absent means "show"
    hidden = form.cleaned_data.get("hidden", False)
    try:
        services.attachment_hide(attachment=attachment, hidden=hidden, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The file is hidden from the public.") if hidden else _("The file is public again."),
        )
    return redirect(item.get_absolute_url() + f"#answer-{attachment.answer_id}")


def attachment_original(request, public_id, attachment_id):
    """The file as received, for the people in the exchange and the moderators; the public
    gets the copy without metadata, and nothing of a hidden file."""
    _item, attachment = _part(request, public_id, "originals", "attachments", attachment_id)
    return FileResponse(
        attachment.original.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


# Writing and sending -----------------------------------------------------------------------------


def _about(request) -> dict:
    """What ?body=, ?document= and ?object= point at, as the form's initial values."""
    user = request.user
    initial, about = {}, {}
    slug = request.GET.get("object")
    if slug:
        obj = get_visible_or_404(
            user, ProjectObject.private_objects.select_related("responsible_body"), slug=slug
        )
        initial["object"] = obj.slug
        about["object"] = obj
        if obj.responsible_body and obj.responsible_body.is_state_body:
            initial["body"] = obj.responsible_body.slug
    slug = request.GET.get("document")
    if slug:
        document = get_visible_or_404(user, PlanningDocument, slug=slug)
        initial["document"] = document.slug
        about["document"] = document
        responsible = document.responsible_bodies.filter(kind__in=Organisation.STATE_KINDS)
        first = responsible.order_by("pk").first()
        if first is not None and "body" not in initial:
            initial["body"] = first.slug
    slug = request.GET.get("body")
    if slug:
        initial["body"] = get_visible_or_404(user, Organisation, slug=slug).slug
    return {"initial": initial, "about": about}


def _copied_from(request) -> dict:
    """?from=<public_id>: a request of the user's own to write again (a draft cannot be changed,
    so changing one means writing it again)."""
    public_id = request.GET.get("from")
    if not public_id:
        return {}
    earlier = _fetch(request.user, public_id)
    if not can_manage(request.user, earlier):
        raise PermissionDenied
    return {
        "body": earlier.body.slug,
        "subject": earlier.subject,
        "text": earlier.text,
        "asked": earlier.asked,
        "language": earlier.language,
        "delivery": earlier.delivery,
        "is_public": earlier.is_public,
        "hide_requester_name": earlier.hide_requester_name,
        "document": earlier.document.slug if earlier.document_id else None,
        "object": earlier.object.slug if earlier.object_id else None,
    }


def _default_language(request) -> str:
    language = getattr(request, "LANGUAGE_CODE", "")
    return language if language in InformationRequest.Language.values else "kk"


@login_required
@require_http_methods(GET_AND_POST)
def request_new(request):
    found = _about(request)
    initial = {
        "language": _default_language(request),
        **found["initial"],
        **_copied_from(request),
    }
    form = RequestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            refuse_floods(request, "request-draft", **DRAFTS_PER_HOUR)
            item = services.request_create(requester=request.user, **form.service_kwargs())
        except ValidationError as exc:
            put_errors(form, exc, unnamed_field=_files_error)
        else:
            messages.success(
                request, _("Your draft is saved. Read the letter, then send it to the body.")
            )
            return redirect("inforequests:preview", public_id=item.public_id)
    return render(request, "inforequests/new.html", {"form": form, **found["about"]})


def _batch_initial(form: BatchRequestForm, data) -> dict:
    """What was typed, as initial values of an unbound form (no errors shown yet)."""
    return {
        name: field.widget.value_from_datadict(data, {}, form.add_prefix(name))
        for name, field in form.fields.items()
    }


def _kind_slugs(kind: str) -> list[str]:
    if kind not in Organisation.STATE_KINDS:
        return []
    return list(state_bodies().filter(kind=kind).values_list("slug", flat=True))


@login_required
@require_http_methods(GET_AND_POST)
def batch_new(request):
    user = request.user
    found = _about(request)
    context = dict(found["about"])
    select_kind = request.POST.get("select_kind") or request.GET.get("select")
    if request.method == "POST" and "select_kind" in request.POST:
        # "Select all of a kind" without JavaScript: the form comes back with what was typed.
        initial = _batch_initial(BatchRequestForm(user=user), request.POST)
        initial["bodies"] = [*(initial.get("bodies") or []), *_kind_slugs(select_kind)]
        form = BatchRequestForm(user=user, initial=initial)
        return render(request, "inforequests/batch.html", {"form": form, **context})
    initial = {"language": _default_language(request), **found["initial"]}
    initial["bodies"] = [initial.pop("body")] if "body" in initial else []
    if select_kind:
        initial["bodies"] += _kind_slugs(select_kind)
    form = BatchRequestForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        if "confirm" in request.POST:
            try:
                refuse_floods(request, "request-batch", **BATCHES_PER_HOUR)
                batch = services.batch_create(requester=user, send=True, **form.service_kwargs())
            except ValidationError as exc:
                put_errors(form, exc, unnamed_field=_files_error)
            else:
                count = batch.requests.count()
                messages.success(
                    request,
                    ngettext("%(count)d request is sent.", "%(count)d requests are sent.", count)
                    % {"count": count},
                )
                return redirect(reverse("inforequests:mine") + f"?batch={batch.pk}")
        elif "edit" not in request.POST:
            return render(
                request,
                "inforequests/batch_confirm.html",
                {"form": form, "bodies": form.cleaned_data["bodies"], **context},
            )
    return render(request, "inforequests/batch.html", {"form": form, **context})


def _require_manage(request, public_id) -> InformationRequest:
    item = _fetch(request.user, public_id)
    if not can_manage(request.user, item):
        raise PermissionDenied
    return item


def _preview_response(request, item, *, errors=()):
    return render(
        request,
        "inforequests/preview.html",
        {
            "item": item,
            "letter_html": letters.request_letter_html(item),
            "errors": errors,
        },
    )


@login_required
def preview(request, public_id):
    item = _require_manage(request, public_id)
    if item.status != Status.DRAFT:
        return redirect(item.get_absolute_url())
    return _preview_response(request, item)


@require_POST
def send(request, public_id):
    item = _require_manage(request, public_id)
    try:
        refuse_floods(request, "request-send", **SENDS_PER_HOUR)
        services.request_send(request=item, actor=request.user)
    except ValidationError as exc:
        return _preview_response(request, _fetch(request.user, public_id), errors=exc.messages)
    if item.delivery == InformationRequest.Delivery.EMAIL:
        done = _("The request is sent to %(body)s by email. The answer is due by %(date)s.")
    else:
        done = _(
            "The request is recorded as delivered to %(body)s. When the body registers it, "
            "record the date and number here."
        )
    messages.success(
        request,
        done % {"body": item.body.name, "date": _date(item.due_date)},
    )
    return redirect(item.get_absolute_url())


def _date(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""


# Letters ---------------------------------------------------------------------------------------


def _letter_request(request, public_id) -> InformationRequest:
    item = _fetch(request.user, public_id)
    if not Rights.of(request.user, item).letters:
        raise PermissionDenied
    return item


def letter(request, public_id):
    return HttpResponse(letters.request_letter_html(_letter_request(request, public_id)))


def letter_pdf(request, public_id):
    item = _letter_request(request, public_id)
    return _pdf_response(
        letters.request_letter_pdf(item), f"information-request-{item.public_id}.pdf"
    )


def _appeal(request, public_id, appeal_id) -> Appeal:
    item = _letter_request(request, public_id)
    appeal = get_object_or_404(item.appeals.select_related("superior_body"), pk=appeal_id)
    appeal.request = item
    return appeal


def appeal_letter(request, public_id, appeal_id):
    return HttpResponse(letters.appeal_letter_html(_appeal(request, public_id, appeal_id)))


def appeal_letter_pdf(request, public_id, appeal_id):
    appeal = _appeal(request, public_id, appeal_id)
    return _pdf_response(
        letters.appeal_letter_pdf(appeal),
        f"appeal-{appeal.request.public_id}-{appeal.pk}.pdf",
    )


# Lists of one user -------------------------------------------------------------------------------


@login_required
def mine(request):
    qs = visible(request.user, InformationRequest).filter(requester=request.user)
    batch = request.GET.get("batch")
    if batch and batch.isdigit():
        qs = qs.filter(batch_id=int(batch))
    qs = qs.select_related("body").defer("body__search_text").order_by("-created_at", "-id")
    page = _page(request, qs)
    today = timezone.localdate()
    for item in page:
        _mark_due(item, today)
    return render(request, "inforequests/mine.html", {"page": page, "today": today, "batch": batch})


@login_required
def inbox(request):
    """Requests to the bodies the user is an officer of, the one due first on top."""
    user = request.user
    bodies = list(
        user.memberships.filter(role=Role.OFFICER).values_list("organisation_id", flat=True)
    )
    if not bodies:
        raise PermissionDenied(OFFICERS_ONLY)
    form = InboxFilterForm(request.GET or None)
    qs = (
        visible(user, InformationRequest)
        .filter(body_id__in=bodies)
        .exclude(status=Status.DRAFT)
        .select_related("body", "requester")
        .defer("body__search_text")
    )
    today = timezone.localdate()
    counts = {
        "awaiting": qs.awaiting_answer().count(),
        "overdue": qs.overdue_on(today).count(),
    }
    if form.is_valid():
        qs = form.filter(qs)
    page = _page(request, qs.order_by(F("due_date").asc(nulls_last=True), "-created_at", "-id"))
    for item in page:
        _mark_due(item, today)
        item.public_requester = public_requester_name(item)
    return render(
        request,
        "inforequests/inbox.html",
        {"form": form, "page": page, "today": today, "counts": counts, "several": len(bodies) > 1},
    )
