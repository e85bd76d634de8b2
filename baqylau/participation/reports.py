"""The life of a problem report: filed (with its photos, checked first), confirmed by email when
filed without an account, published by moderation, routed to the responsible body with a due
date, answered in public, closed or reopened by the people it affects.

Every function is a service with keyword-only arguments that runs in one transaction and raises
ValidationError with a translated message for what a user got wrong; a refused file or an
invalid report leaves nothing behind. Emails go out in background tasks after the commit.
"""

import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from baqylau.core.calendar import WorkingCalendar
from baqylau.core.permissions import signed_in
from baqylau.core.ratelimit import over_hourly_limit
from baqylau.core.services import field_error, lock, require_text, signed_read
from baqylau.core.uploads import IMAGES, PreparedFile, haversine_m, prepare_upload
from baqylau.core.uploads import max_bytes as evidence_max_bytes
from baqylau.registry import geo
from baqylau.registry.models import Organisation, Territory

from . import checks, news
from .models import (
    Category,
    FixCheck,
    Moderation,
    Report,
    ReportEvent,
    ReportFile,
    RoutingRule,
    Support,
)
from .permissions import can_answer_report, is_moderator
from .tokens import CONFIRM_MAX_AGE, CONFIRM_SALT, FIX_MAX_AGE, FIX_SALT
from .trust import is_trusted

ANSWER_RULE = "citizen-report-answer"
MAX_FILES = 5
NEARBY_METRES = 100.0
DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024
# Reports and contributions per hour: from one network address, and from one account.
DEFAULT_RATE_PER_ADDRESS = 10
DEFAULT_RATE_PER_ACCOUNT = 20


def _setting(name: str, default):
    return getattr(settings, name, default)


def max_file_bytes() -> int:
    return min(
        int(_setting("BAQYLAU_REPORT_FILE_MAX_BYTES", DEFAULT_MAX_FILE_BYTES)),
        evidence_max_bytes(),
    )


# Spam protection without third parties --------------------------------------------------------


def rate_limit(*, user=None, address: str | None = None, kind: str = "contribution") -> None:
    """Count a contribution against the hourly limits of its address and account; refuse it once
    either is reached. The counters live in the cache (Redis in production)."""
    limits = []
    if address:
        per_address = _setting("BAQYLAU_RATE_PER_ADDRESS", DEFAULT_RATE_PER_ADDRESS)
        limits.append((f"rate:{kind}:ip:{address}", per_address))
    if signed_in(user):
        per_account = _setting("BAQYLAU_RATE_PER_ACCOUNT", DEFAULT_RATE_PER_ACCOUNT)
        limits.append((f"rate:{kind}:user:{user.pk}", per_account))
    for key, limit in limits:
        if over_hourly_limit(key, limit):
            raise ValidationError(
                _("Too many contributions in one hour. Please try again later."),
                code="rate_limited",
            )


def refuse_bots(honeypot: str) -> None:
    """A field people never see and never fill: a bot that fills it is refused."""
    if honeypot:
        raise ValidationError(_("The form could not be accepted."), code="honeypot")


# Trust ------------------------------------------------------------------------------------------


def first_moderation(user) -> str:
    """Where a new contribution starts: held for a moderator, or published for the trusted."""
    if not signed_in(user):
        return Moderation.UNCONFIRMED
    return Moderation.PUBLISHED if is_trusted(user) else Moderation.HELD


# Files -----------------------------------------------------------------------------------------


def prepare_files(uploads) -> list[PreparedFile]:
    """Check every file before anything is stored: at most MAX_FILES photos or PDFs."""
    uploads = [upload for upload in uploads or [] if upload]
    if len(uploads) > MAX_FILES:
        raise field_error(
            "files",
            _("At most %(count)s files can be attached.") % {"count": MAX_FILES},
            "too_many_files",
        )
    prepared = []
    errors = []
    for upload in uploads:
        try:
            item = prepare_upload(upload, limit=max_file_bytes())
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        if item.content_type not in IMAGES and item.content_type != "application/pdf":
            errors.append(
                _("%(name)s: only photos (JPEG, PNG) and PDF documents are accepted.")
                % {"name": item.name}
            )
            continue
        prepared.append(item)
    if errors:
        raise ValidationError({"files": errors}, code="bad_file")
    return prepared


def public_name(name: str) -> str:
    """The public copy's file name: random, with the extension only. A camera's name tells when
    the photo was taken, a person's may tell who took it; and the copy of a hidden file must not
    be found by guessing its address."""
    return secrets.token_hex(12) + Path(name).suffix.lower()


def _store_files(report: Report, event: ReportEvent | None, prepared: list[PreparedFile]):
    """Write the files and their rows; the caller's transaction undoes the rows, and the files
    written are removed here if anything fails."""
    written = []
    try:
        for item in prepared:
            row = ReportFile(
                report=report,
                event=event,
                name=item.name,
                content_type=item.content_type,
                size=len(item.data),
                sha256=item.sha256,
                taken_at=item.taken_at,
                latitude=item.latitude,
                longitude=item.longitude,
            )
            row.original.save(item.stored_name, ContentFile(item.data), save=False)
            written.append(row.original)
            row.public_file.save(public_name(item.public.name), item.public, save=False)
            written.append(row.public_file)
            row.save()
    except Exception:
        for field in written:
            field.storage.delete(field.name)
        raise


# Routing and terms -----------------------------------------------------------------------------


def route(
    *, category: Category, project_object=None, territory: Territory | None
) -> Organisation | None:
    """The body that answers: the object's responsible body, else the routing table's body for
    the category (or for every category) in the territory or the nearest territory above it."""
    if project_object is not None and project_object.responsible_body_id:
        return project_object.responsible_body
    place = territory
    while place is not None:
        rules = {
            rule.category_id: rule
            for rule in RoutingRule.objects.filter(territory=place).select_related("body")
        }
        rule = rules.get(category.pk) or rules.get(None)
        if rule is not None:
            return rule.body
        place = place.parent
    return None


def due_date(received_on: date, *, calendar: WorkingCalendar | None = None) -> date | None:
    calendar = calendar or WorkingCalendar()
    try:
        rule = calendar.rule(ANSWER_RULE)
    except Exception:  # the rule was deactivated or removed: no term is counted
        return None
    return calendar.deadline(rule, received_on)


# Filing ------------------------------------------------------------------------------------------


@dataclass
class Place:
    project_object: object = None
    indicator: object = None
    document: object = None
    latitude: float | None = None
    longitude: float | None = None


def _locate(report: Report) -> None:
    """The territory from the object, or from the point by the boundaries (a point outside
    Kazakhstan is refused)."""
    place = report.project_object
    if place is not None:
        report.territory_id = place.territory_id
        if report.latitude is None and place.has_location:
            report.latitude, report.longitude = place.latitude, place.longitude
    if report.latitude is not None:
        if not (-90 <= report.latitude <= 90 and -180 <= report.longitude <= 180):
            raise field_error("latitude", _("The position is not a valid point."), "bad_point")
        territory_id = geo.territory_id_for_point(
            latitude=report.latitude, longitude=report.longitude
        )
        if territory_id is None and place is None:
            raise field_error(
                "latitude",
                _("The point is outside Kazakhstan: choose a place on the map of the country."),
                "outside",
            )
        report.territory_id = report.territory_id or territory_id
    elif report.indicator_id or report.document_id:
        document = report.document or report.indicator.goal.document
        report.document = document
        report.territory_id = document.territory_id
    elif place is None:
        raise field_error(
            "project_object",
            _("Say where the problem is: an object, an indicator, a plan or a point on the map."),
            "no_place",
        )
    report.place_publicly()


def nearby_open_reports(*, project_object=None, latitude=None, longitude=None, limit: int = 10):
    """Open published reports at the same object or within NEARBY_METRES of the point, nearest
    first: the reporter may support one of them instead of filing the same problem again."""
    found = {}
    qs = Report.public_objects.open().select_related("category", "project_object")
    if project_object is not None:
        for report in qs.filter(project_object=project_object)[:limit]:
            report.distance_m = 0.0
            found[report.pk] = report
        if latitude is None and project_object.has_location:
            latitude, longitude = project_object.latitude, project_object.longitude
    if latitude is not None and longitude is not None:
        # A box first (the index on the public position), then the exact distance.
        dlat = NEARBY_METRES / 111_320.0 * 1.5
        dlon = dlat * 3
        box = qs.filter(
            public_latitude__range=(latitude - dlat, latitude + dlat),
            public_longitude__range=(longitude - dlon, longitude + dlon),
        )
        for report in box[: limit * 5]:
            distance = haversine_m(
                latitude, longitude, report.public_latitude, report.public_longitude
            )
            if distance <= NEARBY_METRES and report.pk not in found:
                report.distance_m = distance
                found[report.pk] = report
    return sorted(found.values(), key=lambda r: (r.distance_m, -r.pk))[:limit]


def _gather(errors: dict, check, *args, default=None):
    """What `check(*args)` returns; when it refuses, its field errors join `errors` (raised
    together once every field is checked) and `default` stands in."""
    try:
        return check(*args)
    except ValidationError as exc:
        errors.update(exc.error_dict)
        return default


def _event(report, kind, *, role, actor=None, text="", **extra) -> ReportEvent:
    return ReportEvent.objects.create(
        report=report, kind=kind, role=role, actor=actor, text=text, **extra
    )


def report_submit(
    *,
    category: Category | None,
    title: str,
    description: str,
    place: Place,
    uploads=(),
    reporter=None,
    email: str = "",
    name_public: bool = False,
    name_to_body: bool = False,
    client_address: str | None = None,
    honeypot: str = "",
) -> Report:
    """File a report. Without an account it waits for the emailed confirmation; otherwise it is
    held for a moderator or, from a trusted user with nothing flagged, published at once."""
    refuse_bots(honeypot)
    errors = {}
    if category is None or not category.is_active:
        errors["category"] = [_("Choose what kind of problem it is.")]
    elif place.project_object is not None and not category.fits(place.project_object.kind):
        errors["category"] = [_("This category does not fit this kind of object.")]
    title = _gather(errors, require_text, title, "title", _("Give the report a short title."))
    description = _gather(
        errors, require_text, description, "description", _("Describe the problem in a few words.")
    )
    if not signed_in(reporter):
        reporter = None
        email = (email or "").strip().lower()
        if not email:
            errors["email"] = [
                _("Give an email address to confirm the report, or sign in to report.")
            ]
    report = Report(
        category=category,
        title=(title or "")[:200],
        description=description or "",
        project_object=place.project_object,
        indicator=place.indicator,
        document=place.document,
        latitude=place.latitude,
        longitude=place.longitude,
        reporter=reporter,
        reporter_email="" if reporter else email,
        name_public=bool(name_public and reporter),
        name_to_body=bool(name_to_body),
        client_address=client_address,
        language=(translation.get_language() or settings.LANGUAGE_CODE)[:2],
    )
    _gather(errors, _locate, report)
    prepared = _gather(errors, prepare_files, uploads, default=[])
    if errors:
        raise ValidationError(errors)
    rate_limit(user=reporter, address=client_address, kind="report")
    found = checks.run(
        f"{report.title}\n{report.description}", model=Report, duplicate_of=report.description
    )
    moderation = first_moderation(reporter)
    if moderation == Moderation.PUBLISHED and found:
        moderation = Moderation.HELD
    report.moderation = moderation
    report.body = route(
        category=category, project_object=place.project_object, territory=report.territory
    )
    with transaction.atomic():
        report.save()
        _event(report, ReportEvent.Kind.SUBMITTED, role=ReportEvent.Role.REPORTER, actor=reporter)
        _store_files(report, None, prepared)
        checks.flag(report, found)
        if moderation == Moderation.PUBLISHED:
            _published(report, actor=None)
    if moderation == Moderation.UNCONFIRMED:
        _after_commit("report_confirmation_send", report_id=report.pk)
    return report


def report_confirm(*, token: str) -> Report:
    """The link in the confirmation email: the report goes to the moderators (a report without
    an account is always pre-moderated). Following the link again changes nothing."""
    data = signed_read(
        token,
        salt=CONFIRM_SALT,
        max_age=CONFIRM_MAX_AGE,
        expired=_("This confirmation link has expired. Please report the problem again."),
        invalid=_("This confirmation link is not valid."),
        invalid_code="bad_token",
    )
    with transaction.atomic():
        report = Report.private_objects.select_for_update().filter(pk=data.get("report")).first()
        if report is None or report.reporter_email != data.get("email"):
            raise ValidationError(_("This confirmation link is not valid."), code="bad_token")
        if report.moderation == Moderation.UNCONFIRMED:
            report.moderation = Moderation.HELD
            report.confirmed_at = timezone.now()
            report.save(update_fields=["moderation", "confirmed_at", "updated_at"])
    return report


def _published(report: Report, *, actor, today: date | None = None) -> None:
    """What publication starts: the body receives it today and the term runs from today."""
    today = today or timezone.localdate()
    report.published_at = timezone.now()
    report.received_on = today
    report.due_on = due_date(today)
    report.save(update_fields=["moderation", "published_at", "received_on", "due_on", "updated_at"])
    _event(report, ReportEvent.Kind.PUBLISHED, role=ReportEvent.Role.PLATFORM, actor=actor)
    news.report_published(report)
    _after_commit("report_published_send", report_id=report.pk)


def report_publish(*, report: Report, actor, today: date | None = None) -> Report:
    """A moderator publishes a held (or confirmed) report; called by the moderation queue.
    `today` (default: the local date) is the day the body receives it."""
    if not is_moderator(actor):
        raise ValidationError(_("Only a moderator publishes reports."), code="not_moderator")
    with transaction.atomic():
        lock(report)
        if report.moderation == Moderation.PUBLISHED:
            return report
        if report.moderation == Moderation.UNCONFIRMED:
            raise ValidationError(
                _("The reporter has not confirmed this report by email yet."),
                code="unconfirmed",
            )
        first_time = report.published_at is None
        report.moderation = Moderation.PUBLISHED
        if first_time:
            _published(report, actor=actor, today=today)
        else:
            report.save(update_fields=["moderation", "updated_at"])
    return report


# The body's answers ----------------------------------------------------------------------------

ANSWER_STATUS = {
    ReportEvent.Kind.ACKNOWLEDGED: Report.Status.ACKNOWLEDGED,
    ReportEvent.Kind.IN_PROGRESS: Report.Status.IN_PROGRESS,
    ReportEvent.Kind.DONE: Report.Status.DONE,
    ReportEvent.Kind.REJECTED: Report.Status.REJECTED,
}


def report_answer(
    *,
    report: Report,
    actor,
    kind: str,
    text: str = "",
    planned_on: date | None = None,
    to_body: Organisation | None = None,
    uploads=(),
    today: date | None = None,
) -> ReportEvent:
    """An officer of the responsible body answers in public: acknowledged, in progress (with the
    planned date), done (with photos), not our responsibility (with the reason and the body it
    goes to, which re-routes it and starts its term), or rejected (with the reason). `today`
    (default: the local date) is the day of the answer."""
    if not can_answer_report(actor, report):
        raise ValidationError(
            _("Only an officer of the body the report is addressed to answers it."),
            code="not_officer",
        )
    if kind not in ReportEvent.ANSWERS:
        raise field_error("kind", _("Choose an answer."), "bad_kind")
    if not report.is_open:
        raise ValidationError(_("This report is closed."), code="closed")
    errors = {}
    needs_text = (ReportEvent.Kind.FORWARDED, ReportEvent.Kind.REJECTED, ReportEvent.Kind.DONE)
    if kind in needs_text and not (text or "").strip():
        errors["text"] = [_("Give the reason or say what was done.")]
    if kind == ReportEvent.Kind.IN_PROGRESS:
        if planned_on is None:
            errors["planned_on"] = [_("Give the date by which it will be done.")]
        elif planned_on < (today or timezone.localdate()):
            errors["planned_on"] = [_("The planned date cannot be in the past.")]
    if kind == ReportEvent.Kind.FORWARDED:
        if to_body is None:
            errors["to_body"] = [_("Choose the body responsible for it.")]
        elif to_body.pk == report.body_id:
            errors["to_body"] = [_("Choose another body than yours.")]
        elif to_body.kind not in Organisation.STATE_KINDS:
            errors["to_body"] = [_("Choose a state body.")]
    prepared = _gather(errors, prepare_files, uploads, default=[])
    if errors:
        raise ValidationError(errors)
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        lock(report)
        on_time = report.due_on is None or today <= report.due_on
        event = _event(
            report,
            kind,
            role=ReportEvent.Role.OFFICER,
            actor=actor,
            text=(text or "").strip(),
            planned_on=planned_on if kind == ReportEvent.Kind.IN_PROGRESS else None,
            from_body_id=report.body_id,
            to_body=to_body if kind == ReportEvent.Kind.FORWARDED else None,
            on_time=on_time,
        )
        _store_files(report, event, prepared)
        news.report_event(report, event, actor=actor)
        fields = ["status", "updated_at"]
        if report.answered_at is None:
            report.answered_at = now
            fields.append("answered_at")
        if kind == ReportEvent.Kind.FORWARDED:
            report.body = to_body
            report.status = Report.Status.OPEN
            report.received_on = today
            report.due_on = due_date(today)
            report.answered_at = None
            fields += ["body", "received_on", "due_on", "answered_at"]
        else:
            report.status = ANSWER_STATUS[kind]
            if kind == ReportEvent.Kind.IN_PROGRESS:
                report.planned_on = planned_on
                fields.append("planned_on")
            if kind in (ReportEvent.Kind.DONE, ReportEvent.Kind.REJECTED):
                report.closed_at = now
                fields.append("closed_at")
        report.save(update_fields=sorted(set(fields)))
    _after_commit("report_answer_send", event_id=event.pk)
    return event


# Closing the loop ------------------------------------------------------------------------------


def may_check_fix(user, report: Report) -> bool:
    """The reporter and the supporters are asked "is it fixed?"."""
    if not signed_in(user):
        return False
    return report.reporter_id == user.pk or report.supports.filter(user=user).exists()


def _fix_link(token: str, report: Report) -> dict | None:
    """What the signed "is it fixed?" link of the email says (the report, and the user it was
    sent to, None for a reporter without an account), if it is a valid link of this report."""
    if not token:
        return None
    try:
        data = signing.loads(token, salt=FIX_SALT, max_age=FIX_MAX_AGE)
    except signing.BadSignature:
        return None
    return data if data.get("report") == report.pk else None


def report_check_fixed(
    *, report: Report, fixed: bool, user=None, token: str = "", today: date | None = None
) -> Report:
    """After the body said done: "fixed" closes the report; "not fixed" reopens it, starts the
    body's term again and counts against the body. Asked by signed-in reporters and supporters,
    or through the signed link in the answer's email (the reporter's, with or without an account,
    or a supporter's: the timeline says which)."""
    link = _fix_link(token, report)
    allowed = may_check_fix(user, report) or link is not None
    if not allowed:
        raise ValidationError(
            _("Only the reporter and those it affects say whether it is fixed."),
            code="not_reporter",
        )
    if report.status != Report.Status.DONE:
        raise ValidationError(_("The body has not said this is done."), code="not_done")
    today = today or timezone.localdate()
    with transaction.atomic():
        lock(report)
        if report.status != Report.Status.DONE:
            return report
        FixCheck.objects.create(report=report, user=user if signed_in(user) else None, fixed=fixed)
        # The link names whom it was sent to: the reporter, or one of those it affects.
        by_reporter = (signed_in(user) and report.reporter_id == user.pk) or (
            link is not None and link.get("user") == report.reporter_id
        )
        role = ReportEvent.Role.REPORTER if by_reporter else ReportEvent.Role.CITIZEN
        if fixed:
            report.status = Report.Status.FIXED
            report.closed_at = timezone.now()
            report.save(update_fields=["status", "closed_at", "updated_at"])
            event = _event(
                report, ReportEvent.Kind.FIXED, role=role, actor=user if signed_in(user) else None
            )
        else:
            report.status = Report.Status.OPEN
            report.closed_at = None
            report.reopened_count = F("reopened_count") + 1
            report.received_on = today
            report.due_on = due_date(today)
            report.answered_at = None
            report.save(
                update_fields=[
                    "status",
                    "closed_at",
                    "reopened_count",
                    "received_on",
                    "due_on",
                    "answered_at",
                    "updated_at",
                ]
            )
            report.refresh_from_db(fields=["reopened_count"])
            event = _event(
                report,
                ReportEvent.Kind.NOT_FIXED,
                role=role,
                actor=user if signed_in(user) else None,
                from_body_id=report.body_id,
            )
        news.report_event(report, event, actor=user if signed_in(user) else None)
    _after_commit("report_answer_send", event_id=event.pk)
    return report


# Citizens' support and updates --------------------------------------------------------------------


def report_support(*, report: Report, user) -> bool:
    """ "This affects me too": one per signed-in person; the reporter's own does not count.
    Returns whether a new supporter was counted."""
    if not signed_in(user):
        raise ValidationError(_("Sign in to say it affects you too."), code="sign_in")
    if (
        report.moderation != Moderation.PUBLISHED
        or not report.is_open
        and report.status != Report.Status.DONE
    ):
        raise ValidationError(_("This report cannot be supported now."), code="closed")
    if report.reporter_id == user.pk:
        return False
    with transaction.atomic():
        _support, created = Support.objects.get_or_create(report=report, user=user)
        if created:
            Report.private_objects.filter(pk=report.pk).update(
                supporters_count=F("supporters_count") + 1
            )
            report.refresh_from_db(fields=["supporters_count"])
    return created


def report_update_add(
    *, report: Report, actor, text: str, uploads=(), client_address: str | None = None
) -> ReportEvent:
    """A citizen adds news or photos to a published report; moderated like every
    contribution."""
    if not signed_in(actor):
        raise ValidationError(_("Sign in to add an update."), code="sign_in")
    if report.moderation != Moderation.PUBLISHED:
        raise ValidationError(_("This report is not published."), code="not_published")
    text = require_text(text, "text", _("Write what is new."))
    prepared = prepare_files(uploads)
    rate_limit(user=actor, address=client_address)
    found = checks.run(text, model=ReportEvent)
    moderation = first_moderation(actor)
    if found and moderation == Moderation.PUBLISHED:
        moderation = Moderation.HELD
    with transaction.atomic():
        event = _event(
            report,
            ReportEvent.Kind.UPDATE,
            role=ReportEvent.Role.REPORTER
            if report.reporter_id == actor.pk
            else ReportEvent.Role.CITIZEN,
            actor=actor,
            text=text,
            moderation=moderation,
        )
        _store_files(report, event, prepared)
        checks.flag(event, found)
    return event


def report_verify(*, report: Report, visit, actor, text: str = "") -> ReportEvent:
    """A monitor attaches a field visit that checked the report (a visit of a campaign they are
    on the team of, at the report's object)."""
    from baqylau.monitoring.permissions import Rights

    if not Rights.of(actor, visit.campaign).record:
        raise ValidationError(
            _("Only a declared member of the visit's campaign team attaches it."),
            code="not_monitor",
        )
    if report.project_object_id and visit.project_object_id != report.project_object_id:
        raise field_error("visit", _("The visit was at another object."), "other_object")
    with transaction.atomic():
        event = _event(
            report,
            ReportEvent.Kind.VERIFIED,
            role=ReportEvent.Role.MONITOR,
            actor=actor,
            text=(text or "").strip(),
            visit=visit,
        )
    return event


def _after_commit(task_name: str, **kwargs) -> None:
    from . import tasks

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.enqueue(**kwargs))
