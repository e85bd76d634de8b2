"""The workflow of information requests under the Law "On Access to Information".

Every step is a typed service with keyword-only arguments that runs in one transaction, sets the
request's status and records a RequestEvent with the status after it. Who may take a step is
decided in permissions.py, before a service is called. Emails leave through background tasks
enqueued once the transaction commits.

    DRAFT → SENT → REGISTERED ⇄ EXTENDED (once) → ANSWERED_FULL / ANSWERED_PARTIAL / REFUSED
                 ↘ REDIRECTED → REGISTERED (by the new body)
                 ↘ CLARIFICATION → REGISTERED (the term starts again)
    an unanswered request past its due date → OVERDUE
    REFUSED / ANSWERED_PARTIAL / OVERDUE → APPEALED;  anything not closed → WITHDRAWN
"""

import logging
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from baqylau.core import record
from baqylau.core.calendar import deadline
from baqylau.core.documents import file_content_type, public_document_copy
from baqylau.core.history import note_change
from baqylau.core.services import field_error, lock, read_upload, require_text
from baqylau.core.uploads import image_public_copy, kept_name, stored_name

from . import selectors, tasks
from .models import (
    AWAITING_ANSWER,
    CLOSED,
    Answer,
    Appeal,
    Attachment,
    InformationRequest,
    RequestBatch,
    RequestEvent,
    Status,
)

logger = logging.getLogger(__name__)

Kind = RequestEvent.Kind
ANSWER_RULE = selectors.ANSWER_RULE
EXTENSION_RULE = selectors.EXTENSION_RULE
MAX_ATTACHMENT_SIZE = 20 * 1024 * 1024

# Where each step may start from.
CAN_REGISTER = {Status.SENT, Status.REDIRECTED, Status.CLARIFICATION}
CAN_REDIRECT = {Status.SENT, Status.REGISTERED, Status.REDIRECTED, Status.EXTENDED, Status.OVERDUE}
CAN_ASK_CLARIFICATION = {Status.SENT, Status.REGISTERED, Status.EXTENDED, Status.OVERDUE}
CAN_EXTEND = {Status.SENT, Status.REGISTERED, Status.OVERDUE}
CAN_ANSWER = AWAITING_ANSWER | {Status.APPEALED, Status.ANSWERED_PARTIAL}
ANSWERED = {Status.ANSWERED_FULL, Status.ANSWERED_PARTIAL, Status.REFUSED}
CAN_APPEAL = {Status.REFUSED, Status.ANSWERED_PARTIAL, Status.OVERDUE}

CLASSIFICATION_STATUS = {
    Answer.Classification.FULL: Status.ANSWERED_FULL,
    Answer.Classification.PARTIAL: Status.ANSWERED_PARTIAL,
    Answer.Classification.REFUSAL: Status.REFUSED,
}
# Steps the requester hears about by email, unless they took the step themselves.
NEWS_FOR_REQUESTER = {
    Kind.REGISTERED,
    Kind.REDIRECTED,
    Kind.CLARIFICATION,
    Kind.EXTENDED,
    Kind.ANSWERED,
    Kind.OVERDUE,
}

# Files: what a body sends in answer. Anything else is refused rather than republished.
PDF, JPEG, PNG, TEXT = "application/pdf", "image/jpeg", "image/png", "text/plain"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", TEXT: ".txt", DOCX: ".docx", XLSX: ".xlsx"}
IMAGES = {JPEG, PNG}


# Helpers ---------------------------------------------------------------------------------------


def _require_status(request: InformationRequest, allowed: Iterable[str]) -> None:
    if request.status not in allowed:
        raise ValidationError(
            _("This step is not possible while the request is %(status)s."),
            code="invalid_transition",
            params={"status": request.get_status_display()},
        )


def _require_state_body(body, field: str = "body") -> None:
    if body is None or not body.is_state_body:
        raise field_error(
            field, _("Information requests are addressed to state bodies only."), "not_state_body"
        )


def _save(request: InformationRequest, *fields: str) -> None:
    request.save(update_fields=[*fields, "status", "updated_at"])


def _record(
    request: InformationRequest, *, kind: str, actor=None, happened_on: date | None = None, **extra
) -> RequestEvent:
    event = RequestEvent.objects.create(
        request=request,
        kind=kind,
        status_after=request.status,
        actor=actor,
        happened_on=happened_on or timezone.localdate(),
        **extra,
    )
    record.log(request)
    record.log(event)
    if kind in NEWS_FOR_REQUESTER and (actor is None or actor.pk != request.requester_id):
        transaction.on_commit(partial(tasks.requester_news_send.enqueue, event.pk))
    return event


def request_reindex(*, request: InformationRequest) -> None:
    """Search the public texts only: a redacted original never reaches the index."""
    answers = request.answers.filter(withdrawn_at__isnull=True).values_list(
        "public_text", flat=True
    )
    parts = [request.subject, request.text, request.asked, *answers]
    request.search_text = " ".join(part for part in parts if part).casefold()
    InformationRequest.private_objects.filter(pk=request.pk).update(search_text=request.search_text)
    record.log(request, parts=True)


# Writing and sending ---------------------------------------------------------------------------


@transaction.atomic
def request_create(
    *,
    requester,
    body,
    subject: str,
    text: str,
    asked: str = "",
    language: str,
    document=None,
    object=None,  # the name of the model field
    is_public: bool = True,
    hide_requester_name: bool = False,
    delivery: str = InformationRequest.Delivery.EMAIL,
    batch: RequestBatch | None = None,
) -> InformationRequest:
    """A draft request to one state body."""
    _require_state_body(body)
    if language not in InformationRequest.Language.values:
        raise field_error("language", _("A request is written in Kazakh or Russian."), "language")
    if delivery not in InformationRequest.Delivery.values:
        raise field_error("delivery", _("Choose how the request is delivered."), "invalid")
    if delivery == InformationRequest.Delivery.EMAIL and not body.email:
        raise field_error(
            "delivery",
            _("%(body)s has no email address here: print the letter and deliver it instead.")
            % {"body": body.name},
            "no_email",
        )
    request = InformationRequest.private_objects.create(
        requester=requester,
        body=body,
        batch=batch,
        subject=require_text(subject, None, _("Write the subject of the request.")),
        text=require_text(text, None, _("Write the text of the request.")),
        asked=(asked or "").strip(),
        language=language,
        document=document,
        object=object,
        is_public=is_public,
        hide_requester_name=hide_requester_name,
        delivery=delivery,
        status=Status.DRAFT,
    )
    _record(request, kind=Kind.CREATED, actor=requester)
    request_reindex(request=request)
    return request


@transaction.atomic
def batch_create(
    *, requester, bodies: Sequence, subject: str, send: bool = False, **letter
) -> RequestBatch:
    """The same request to many bodies: one request per body, each with its own timeline and
    deadline. All are created (and sent, when `send`) or none is. `letter` is the rest of what
    request_create takes: text, asked, language, document, object, is_public,
    hide_requester_name and delivery."""
    unique = list({body.pk: body for body in bodies}.values())
    if not unique:
        raise field_error("bodies", _("Choose at least one state body."), "required")
    for body in unique:
        _require_state_body(body, "bodies")
    batch = RequestBatch.objects.create(
        requester=requester,
        subject=require_text(subject, None, _("Write the subject of the request.")),
    )
    for body in unique:
        request = request_create(
            requester=requester, body=body, subject=subject, batch=batch, **letter
        )
        if send:
            request_send(request=request, actor=requester)
    return batch


@transaction.atomic
def request_send(*, request: InformationRequest, actor) -> InformationRequest:
    """Send a draft. By email, the platform writes to the body's address once committed; a
    request printed and delivered by hand is only recorded as delivered.

    Until the body's registration is recorded, the term is counted from the sending day: a
    letter by email or by hand reaches the body that day, and a request the body never registers
    still runs late."""
    lock(request)
    _require_status(request, {Status.DRAFT})
    by_email = request.delivery == InformationRequest.Delivery.EMAIL
    if by_email and not request.body.email:
        raise ValidationError(
            _("%(body)s has no email address in the registry: deliver the request by hand."),
            code="no_email",
            params={"body": request.body},
        )
    request.status = Status.SENT
    request.sent_at = timezone.now()
    today = timezone.localdate()
    request.due_date = deadline(ANSWER_RULE, today)
    _save(request, "sent_at", "due_date")
    _record(
        request,
        kind=Kind.SENT if by_email else Kind.DELIVERED_BY_HAND,
        actor=actor,
        happened_on=today,
        other_body=request.body,
        due_date=request.due_date,
    )
    if by_email:
        transaction.on_commit(partial(tasks.request_letter_send.enqueue, request.pk))
    return request


# The body's steps ------------------------------------------------------------------------------


@transaction.atomic
def request_register(
    *, request: InformationRequest, registered_on: date, registration_number: str = "", actor
) -> InformationRequest:
    """The body registered the request: the answer is due 15 calendar days later (the rule
    "info-request-answer"; a term ending on a day off ends on the next working day)."""
    lock(request)
    # A request that ran late on the term counted from its sending may still be registered.
    late_unregistered = request.status == Status.OVERDUE and request.registered_on is None
    if not late_unregistered:
        _require_status(request, CAN_REGISTER)
    if registered_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")
    request.status = Status.REGISTERED
    request.registered_on = registered_on
    request.registration_number = (registration_number or "").strip()
    request.due_date = deadline(ANSWER_RULE, registered_on)
    _save(request, "registered_on", "registration_number", "due_date")
    _record(
        request,
        kind=Kind.REGISTERED,
        actor=actor,
        happened_on=registered_on,
        note=request.registration_number,
        due_date=request.due_date,
    )
    return request


@transaction.atomic
def request_redirect(
    *, request: InformationRequest, to_body, happened_on: date, note: str = "", actor
) -> InformationRequest:
    """The holder passed the request to the competent body, which now owes the answer. The term
    waits until the new body registers it."""
    lock(request)
    _require_status(request, CAN_REDIRECT)
    _require_state_body(to_body, "to_body")
    if to_body.pk == request.body_id:
        raise field_error(
            "to_body", _("The request is already addressed to this body."), "same_body"
        )
    request.body = to_body
    request.status = Status.REDIRECTED
    request.due_date = None
    request.registered_on = None
    request.registration_number = ""
    _save(request, "body", "due_date", "registered_on", "registration_number")
    _record(
        request,
        kind=Kind.REDIRECTED,
        actor=actor,
        happened_on=happened_on,
        note=(note or "").strip(),
        other_body=to_body,
    )
    return request


@transaction.atomic
def request_ask_clarification(
    *, request: InformationRequest, note: str, happened_on: date, actor
) -> InformationRequest:
    """The body asks the requester to make the request clearer; the term stops meanwhile."""
    lock(request)
    _require_status(request, CAN_ASK_CLARIFICATION)
    note = require_text(note, None, _("Write what the body asks to clarify."))
    request.status = Status.CLARIFICATION
    request.due_date = None
    _save(request, "due_date")
    _record(request, kind=Kind.CLARIFICATION, actor=actor, happened_on=happened_on, note=note)
    return request


@transaction.atomic
def request_clarify(*, request: InformationRequest, note: str, actor) -> InformationRequest:
    """The requester gave the clarification. The request counts as registered again and the term
    of the rule "info-request-answer" starts again from today, the day of the clarification;
    an extension already used stays used."""
    lock(request)
    _require_status(request, {Status.CLARIFICATION})
    note = require_text(note, None, _("Write the clarification."))
    today = timezone.localdate()
    request.status = Status.REGISTERED
    request.due_date = deadline(ANSWER_RULE, today)
    _save(request, "due_date")
    _record(
        request,
        kind=Kind.CLARIFIED,
        actor=actor,
        happened_on=today,
        note=note,
        due_date=request.due_date,
    )
    return request


@transaction.atomic
def request_extend(
    *, request: InformationRequest, reason: str, new_due_date: date | None = None, actor
) -> InformationRequest:
    """The body extends the term once, by at most the rule "info-request-extension" counted from
    the current due date; without `new_due_date`, by all of it."""
    lock(request)
    _require_status(request, CAN_EXTEND)
    reason = require_text(reason, None, _("Write the reason the body gave for the extension."))
    if request.extended:
        raise ValidationError(_("The term can be extended only once."), code="extended_twice")
    if request.due_date is None:
        raise ValidationError(_("The request has no deadline to extend."), code="no_deadline")
    longest = deadline(EXTENSION_RULE, request.due_date)
    if new_due_date is None:
        new_due_date = longest
    elif new_due_date > longest:
        raise ValidationError(
            _("The term can be extended to %(date)s at the latest."),
            code="too_long",
            params={"date": date_format(longest, "SHORT_DATE_FORMAT")},
        )
    elif new_due_date <= request.due_date:
        raise ValidationError(
            _("The new deadline must come after the current one."), code="not_later"
        )
    request.status = Status.EXTENDED
    request.extended = True
    request.due_date = new_due_date
    _save(request, "extended", "due_date")
    _record(request, kind=Kind.EXTENDED, actor=actor, note=reason, due_date=new_due_date)
    return request


# Answers ---------------------------------------------------------------------------------------


def _read_upload(upload) -> tuple[str, bytes, str]:
    name = Path(getattr(upload, "name", "") or "file").name
    data = read_upload(upload, MAX_ATTACHMENT_SIZE)
    if data is None:
        raise ValidationError(
            _("%(name)s: a file must be larger than 0 and at most %(size)d MB."),
            code="file_size",
            params={"name": name, "size": MAX_ATTACHMENT_SIZE // (1024 * 1024)},
        )
    content_type = file_content_type(data)
    if content_type is None:
        raise ValidationError(
            _("%(name)s: only PDF, JPEG, PNG, DOCX, XLSX and plain text files are accepted."),
            code="file_type",
            params={"name": name},
        )
    return name, data, content_type


def _public_file(name: str, data: bytes, content_type: str) -> ContentFile:
    stem = Path(stored_name(name)).stem
    if content_type in IMAGES:
        return image_public_copy(name, data, filename=stem + EXTENSIONS[content_type])
    try:
        return public_document_copy(
            data, content_type=content_type, name=stem + EXTENSIONS[content_type]
        )
    except ValueError as exc:
        raise ValidationError(
            _("%(name)s: the document cannot be read."), code="bad_document", params={"name": name}
        ) from exc


def _attachment_store(
    *, request: InformationRequest, answer: Answer, name: str, data: bytes, content_type: str, by
) -> Attachment:
    attachment = Attachment(
        request=request,
        answer=answer,
        name=kept_name(name),
        content_type=content_type,
        size=len(data),
        sha256=Attachment.digest(data),
        uploaded_by=by,
    )
    public = _public_file(name, data, content_type)
    attachment.original.save(stored_name(name), ContentFile(data), save=False)
    attachment.public_file.save(public.name, public, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def answer_submit(
    *,
    request: InformationRequest,
    author,
    source: str,
    text: str,
    received_on: date | None = None,
    files: Sequence = (),
    legal_ground: str = "",
) -> Answer:
    """An answer of the body: written by its officer in the platform, or recorded by the
    requester from a letter or an email. The request counts as answered in full until the
    requester classifies the answer; the requester is emailed unless they recorded it."""
    lock(request)
    _require_status(request, CAN_ANSWER)
    if source not in Answer.Source.values:
        raise field_error("source", _("Say how the answer was received."), "invalid")
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."), code="future")
    text = (text or "").strip()
    if not text and not files:
        raise ValidationError(_("Write the answer or attach its files."), code="required")
    # Every file is checked before any is stored, so a refused file leaves nothing behind.
    uploads = [_read_upload(upload) for upload in files]
    answer = Answer.objects.create(
        request=request,
        author=author,
        source=source,
        received_on=received_on,
        text=text,
        public_text=text,
        legal_ground=(legal_ground or "").strip(),
    )
    for name, data, content_type in uploads:
        _attachment_store(
            request=request,
            answer=answer,
            name=name,
            data=data,
            content_type=content_type,
            by=author,
        )
    request.status = Status.ANSWERED_FULL
    request.answered_on = received_on
    _save(request, "answered_on")
    _record(
        request,
        kind=Kind.ANSWERED,
        actor=author,
        happened_on=received_on,
        legal_ground=answer.legal_ground,
    )
    request_reindex(request=request)
    return answer


@transaction.atomic
def answer_classify(
    *, answer: Answer, classification: str, legal_ground: str = "", actor
) -> Answer:
    """The requester says what the latest answer is worth: full, partial or a refusal. A refusal
    names its legal ground, on the answer or given here."""
    request = answer.request
    lock(request)
    _require_status(request, ANSWERED)
    if classification not in CLASSIFICATION_STATUS:
        raise field_error("classification", _("Choose full, partial or refusal."), "invalid")
    if request.answers.order_by("-received_on", "-id").first() != answer:
        raise ValidationError(
            _("Only the latest answer decides the status of the request."), code="not_latest"
        )
    legal_ground = (legal_ground or "").strip() or answer.legal_ground
    if classification == Answer.Classification.REFUSAL and not legal_ground:
        raise field_error(
            "legal_ground", _("A refusal must name the legal ground the body gave."), "required"
        )
    answer.classification = classification
    answer.legal_ground = legal_ground
    answer.save(update_fields=["classification", "legal_ground"])
    request.status = CLASSIFICATION_STATUS[classification]
    _save(request)
    _record(request, kind=Kind.CLASSIFIED, actor=actor, legal_ground=legal_ground)
    return answer


@transaction.atomic
def answer_redact(*, answer: Answer, public_text: str, actor, reason: str = "") -> Answer:
    """Replace what the public reads of an answer, to remove personal data. The original text
    stays as received, private; the public page says when and why the text changed."""
    answer.public_text = (public_text or "").strip()
    answer.redacted = answer.public_text != answer.text
    note_change(answer, actor=actor, reason=reason or _("personal data taken out"))
    answer.save(update_fields=["public_text", "redacted"])
    request_reindex(request=answer.request)
    return answer


def _delete_file(field_file) -> None:
    if field_file:
        transaction.on_commit(partial(field_file.storage.delete, field_file.name))


@transaction.atomic
def attachment_hide(*, attachment: Attachment, hidden: bool, actor) -> Attachment:
    """A hidden file has no public copy at all; showing it again makes a fresh one from the
    original."""
    if hidden == attachment.hidden:
        return attachment
    attachment.hidden = hidden
    if hidden:
        _delete_file(attachment.public_file)
        attachment.public_file = ""
    else:
        with attachment.original.open("rb") as original:
            data = original.read()
        public = _public_file(attachment.name, data, attachment.content_type)
        attachment.public_file.save(public.name, public, save=False)
    attachment.save(update_fields=["hidden", "public_file"])
    request_reindex(request=attachment.request)
    return attachment


# The requester's steps -------------------------------------------------------------------------


@transaction.atomic
def request_appeal(
    *, request: InformationRequest, superior_body=None, grounds: str, actor
) -> Appeal:
    """A complaint to the superior body (the body's parent in the registry unless another is
    named) about a refusal, a partial answer or silence past the deadline."""
    lock(request)
    _require_status(request, CAN_APPEAL)
    grounds = require_text(grounds, None, _("Write the grounds of the appeal."))
    superior_body = superior_body or request.body.parent
    if superior_body is None:
        raise field_error(
            "superior_body", _("The registry knows no superior body: choose one."), "no_superior"
        )
    _require_state_body(superior_body, "superior_body")
    if superior_body.pk == request.body_id:
        raise field_error(
            "superior_body",
            _("An appeal goes to another body than the one that answered."),
            "same_body",
        )
    appeal = Appeal.objects.create(request=request, superior_body=superior_body, grounds=grounds)
    request.status = Status.APPEALED
    _save(request)
    _record(
        request,
        kind=Kind.APPEALED,
        actor=actor,
        happened_on=appeal.filed_on,
        note=grounds,
        other_body=superior_body,
    )
    return appeal


@transaction.atomic
def request_withdraw(*, request: InformationRequest, actor) -> InformationRequest:
    lock(request)
    # A draft was never sent: there is nothing to withdraw, and a withdrawn request is public.
    _require_status(request, set(Status) - CLOSED - {Status.DRAFT})
    request.status = Status.WITHDRAWN
    _save(request)
    _record(request, kind=Kind.WITHDRAWN, actor=actor)
    return request


# Deadlines, run by cron ------------------------------------------------------------------------


def requests_mark_overdue(*, today: date | None = None) -> int:
    """Mark every request whose term ended before `today` as overdue and tell its requester.

    Each request is claimed by a conditional UPDATE, so two runs at once never mark one twice.
    Returns how many this run marked."""
    today = today or timezone.localdate()
    marked = 0
    for pk in selectors.requests_past_due(today=today).values_list("pk", flat=True):
        with transaction.atomic():
            claimed = (
                selectors.requests_past_due(today=today)
                .filter(pk=pk)
                .update(status=Status.OVERDUE, updated_at=timezone.now())
            )
            if not claimed:
                continue
            request = InformationRequest.private_objects.get(pk=pk)
            _record(
                request,
                kind=Kind.OVERDUE,
                happened_on=request.due_date + timedelta(days=1),
                due_date=request.due_date,
            )
        marked += 1
    return marked


def send_request_reminders(*, today: date | None = None, days: int | None = None) -> dict:
    """Remind the officers of each body, `days` days (BAQYLAU_REQUEST_REMINDER_DAYS) before a
    request to it is due, once per due date, then mark the requests past due as overdue.

    Returns {"reminded": requests reminded, "overdue": requests marked overdue}."""
    today = today or timezone.localdate()
    days = settings.BAQYLAU_REQUEST_REMINDER_DAYS if days is None else days
    reminded = 0
    for pk in selectors.requests_due_for_reminder(today=today, days=days).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            # Whoever holds the row decides; a second run finds the reminder recorded.
            request = (
                selectors.requests_due_for_reminder(today=today, days=days)
                .select_for_update()
                .filter(pk=pk)
                .first()
            )
            if request is None or not selectors.officers_to_remind(request.body):
                continue
            event = _record(
                request, kind=Kind.REMINDER, happened_on=today, due_date=request.due_date
            )
            transaction.on_commit(partial(tasks.officer_reminder_send.enqueue, event.pk))
        reminded += 1
    return {"reminded": reminded, "overdue": requests_mark_overdue(today=today)}
