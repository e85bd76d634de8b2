"""Visits sent from phones: a submission checked at once, its files received in pieces, the visit
recorded through the same services as the online form once every file is confirmed.

Everything that can be checked before the files arrive is checked when the phone posts the
submission (who may record, the object, the date, the answers, the position, the distance, the
files' declared sizes and digests), so that a monitor learns of a mistake while still in the
village if they have a connection. The pieces are kept in the media storage; when a file's last
byte arrives the pieces are read in order and their SHA-256 compared with the declared one. The
visit is recorded in one transaction, and the pieces are deleted, once every file is confirmed;
if the service refuses it then (a file's content, say), the submission is refused and nothing
of the visit remains.
"""

import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from baqylau.core.services import lock
from baqylau.core.uploads import max_bytes
from baqylau.monitoring import evidence as evidence_services
from baqylau.monitoring import visits as visit_services
from baqylau.monitoring.models import Campaign, ChecklistVersion, Visit
from baqylau.monitoring.permissions import can_correct_visit, can_record
from baqylau.registry.models import ProjectObject

from . import selectors
from .models import Chunk, Submission, SubmissionFile

SHA256 = re.compile(r"^[0-9a-f]{64}$")
# A piece may be a little larger than the phone is told, never much.
PIECE_SLACK = 64 * 1024
ABANDONED_DAYS = 30


class Refused(Exception):
    """A submission or a piece refused: the HTTP status, the refusal and what else to say."""

    def __init__(self, status: int, refusal: dict, **extra):
        super().__init__(refusal.get("code"))
        self.status, self.refusal, self.extra = status, refusal, extra


def refusal(code: str, message, fields: dict | None = None) -> dict:
    return {"code": code, "message": str(message), "fields": fields or {}}


def refusal_of(exc: ValidationError) -> dict:
    """A service's ValidationError as the phone reads it: the first code and message, and the
    messages of each field named."""
    if hasattr(exc, "error_dict"):
        fields = {
            name: [str(m) for m in ValidationError(errors).messages]
            for name, errors in exc.error_dict.items()
        }
        first = next(iter(exc.error_dict.values()))[0]
        return refusal(first.code or "invalid", " ".join(ValidationError(first).messages), fields)
    first = exc.error_list[0]
    return refusal(first.code or "invalid", " ".join(exc.messages))


# Reading what the phone sent ----------------------------------------------------------------


@dataclass
class Declared:
    """A submission's content as the services take it."""

    campaign: Campaign
    visit: Visit | None
    base_revision: int | None
    object: ProjectObject | None
    visited_on: date | None
    checklist_version: ChecklistVersion | None
    answers: dict
    notes: str
    participants: str
    position: dict | None
    position_accepted: bool
    far_confirmed: bool
    reason: str
    files: list[dict]


def _invalid(field: str, message) -> Refused:
    return Refused(422, refusal("invalid", message, {field: [str(message)]}), state="refused")


def _pk(data: dict, name: str):
    value = data.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not str(value).isdigit():
        raise _invalid(name, _("Give a number."))
    return int(value)


def _text(data: dict, name: str) -> str:
    value = data.get(name) or ""
    if not isinstance(value, str):
        raise _invalid(name, _("Give a text."))
    return value


def client_id_of(value) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError) as exc:
        raise _invalid(
            "client_id", _("The identifier of the visit on the phone is missing.")
        ) from exc


def _files(data: dict) -> list[dict]:
    files = data.get("files") or []
    if not isinstance(files, list):
        raise _invalid("files", _("The files could not be read."))
    limit, seen, problems, declared = max_bytes(), set(), [], []
    for item in files:
        if not isinstance(item, dict):
            raise _invalid("files", _("The files could not be read."))
        file_id, name = str(item.get("id") or ""), str(item.get("name") or "").strip()
        size, digest = item.get("size"), str(item.get("sha256") or "").lower()
        label = name or file_id
        if not file_id or len(file_id) > 64 or file_id in seen or not name:
            problems.append(_("A file has no name or identifier, or the same one twice."))
        elif isinstance(size, bool) or not isinstance(size, int) or size <= 0:
            problems.append(_("%(name)s: the size is missing.") % {"name": label})
        elif size > limit:
            problems.append(
                _("%(name)s is larger than %(limit)s MB.")
                % {"name": label, "limit": limit // (1024 * 1024)}
            )
        elif not SHA256.match(digest):
            problems.append(_("%(name)s: the SHA-256 digest is not well formed.") % {"name": label})
        seen.add(file_id)
        declared.append({"id": file_id, "name": name[:255], "size": size, "sha256": digest})
    if problems:
        raise Refused(
            422,
            refusal("files", problems[0], {"files": [str(p) for p in problems]}),
            state="refused",
        )
    return declared


def _declared(*, user, data: dict) -> Declared:
    """What the phone sent, read and checked for who may send it; a Refused otherwise."""
    campaign = Campaign.private_objects.filter(pk=_pk(data, "campaign")).first()
    if campaign is None or not can_record(user, campaign):
        raise Refused(
            403,
            refusal(
                "not_recorder",
                _(
                    "Only a member of the campaign's team who has filed a declaration records "
                    "visits and evidence, until the campaign is closed."
                ),
            ),
            state="refused",
        )
    visit = None
    visit_pk = _pk(data, "visit")
    if visit_pk is not None:
        visit = (
            Visit.private_objects.filter(campaign=campaign, pk=visit_pk)
            .select_related("checklist_version__checklist", "project_object")
            .first()
        )
        if visit is None or not can_correct_visit(user, visit):
            raise Refused(
                403,
                refusal(
                    "not_corrector",
                    _("Only the monitor who recorded the visit corrects or withdraws it."),
                ),
                state="refused",
            )
    object_pk = _pk(data, "object")
    place = (
        visit_services.visit_objects(campaign).filter(pk=object_pk).first() if object_pk else None
    )
    try:
        visited_on = date.fromisoformat(str(data.get("visited_on") or ""))
    except ValueError:
        visited_on = None
    version = None
    version_pk = _pk(data, "checklist_version")
    if version_pk is not None:
        version = (
            ChecklistVersion.private_objects.filter(pk=version_pk, checklist__campaign=campaign)
            .select_related("checklist")
            .first()
        )
        if version is None:
            raise _invalid("checklist_version", _("The checklist belongs to another campaign."))
    answers = data.get("answers") or {}
    if not isinstance(answers, dict):
        raise _invalid("answers", _("The answers could not be read."))
    position = data.get("position") or None
    if position is not None and not isinstance(position, dict):
        raise _invalid("position", _("The position could not be read."))
    base_revision = _pk(data, "base_revision")
    return Declared(
        campaign=campaign,
        visit=visit,
        base_revision=base_revision,
        object=place,
        visited_on=visited_on,
        checklist_version=version,
        answers=answers,
        notes=_text(data, "notes"),
        participants=_text(data, "participants"),
        position=position,
        position_accepted=bool(position and position.get("accepted")),
        far_confirmed=bool(data.get("far_confirmed")),
        reason=_text(data, "reason"),
        files=_files(data),
    )


def current_data(visit: Visit) -> dict:
    """What the visit says now, for the phone to compare with its copy."""
    return {
        "revision": visit.revision,
        "answers": {a.question.code: a.value for a in visit.answers.select_related("question")},
        "notes": visit.notes,
        "participants": visit.participants,
        "object": visit.project_object_id,
        "visited_on": visit.visited_on.isoformat(),
    }


def _check_versions(declared: Declared) -> None:
    """A correction over a revision the visit has left, or answers to a checklist version that is
    no longer the current one, are refused with what is current now."""
    visit = declared.visit
    if visit is not None:
        if declared.base_revision is None or declared.base_revision != visit.revision:
            raise Refused(
                409,
                refusal(
                    "stale",
                    _(
                        "The visit was changed since your copy was made (on another device or "
                        "online): compare the two and send yours again over the current version, "
                        "or discard it."
                    ),
                ),
                current=current_data(visit),
            )
        if declared.checklist_version is not None and (
            declared.checklist_version.pk != visit.checklist_version_id
        ):
            raise _invalid(
                "checklist_version", _("A correction keeps the checklist version of the visit.")
            )
        return
    version = declared.checklist_version
    if version is not None:
        current = selectors.current_version(version.checklist)
        if current is not None and current.pk != version.pk:
            raise Refused(
                409,
                refusal(
                    "checklist_changed",
                    _(
                        "The checklist has changed since your copy was made: review the answers "
                        "in the current version and send the visit again."
                    ),
                ),
                current=selectors.version_data(current),
                checklist=version.checklist_id,
            )


def _check_at_once(*, user, declared: Declared) -> None:
    """The checks the online form makes, with what is known before the files arrive."""
    try:
        if declared.visit is None:
            visit_services.visit_check(
                campaign=declared.campaign,
                object=declared.object,
                visited_on=declared.visited_on,
                actor=user,
                checklist_version=declared.checklist_version,
                answers=declared.answers,
                position=declared.position,
                position_accuracy_accepted=declared.position_accepted,
                far_confirmed=declared.far_confirmed,
            )
        else:
            visit_services.visit_check_correction(
                visit=declared.visit,
                actor=user,
                object=declared.object,
                visited_on=declared.visited_on,
                reason=declared.reason,
                answers=declared.answers,
                far_confirmed=declared.far_confirmed,
            )
    except ValidationError as exc:
        raise Refused(422, refusal_of(exc), state="refused") from exc


# Starting a submission ----------------------------------------------------------------


def submission_start(*, user, data: dict) -> tuple[Submission, bool]:
    """The submission the phone posts, checked at once: (submission, created). Posting the same
    client_id again gives the submission already made, never a second visit. Without files the
    visit is recorded at once. A Refused says why nothing was stored."""
    if not isinstance(data, dict):
        raise _invalid("client_id", _("The visit could not be read."))
    client_id = client_id_of(data.get("client_id"))
    existing = Submission.objects.filter(client_id=client_id).first()
    if existing is not None:
        return _own(existing, user), False
    declared = _declared(user=user, data=data)
    _check_versions(declared)
    _check_at_once(user=user, declared=declared)
    payload = {
        "object": declared.object.pk if declared.object else None,
        "visited_on": declared.visited_on.isoformat() if declared.visited_on else None,
        "checklist_version": declared.checklist_version.pk if declared.checklist_version else None,
        "answers": declared.answers,
        "notes": declared.notes,
        "participants": declared.participants,
        "position": declared.position,
        "far_confirmed": declared.far_confirmed,
        "reason": declared.reason,
    }
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                client_id=client_id,
                campaign=declared.campaign,
                user=user,
                kind=Submission.Kind.CORRECTION if declared.visit else Submission.Kind.NEW,
                visit=declared.visit,
                base_revision=declared.base_revision,
                payload=payload,
            )
            SubmissionFile.objects.bulk_create(
                [
                    SubmissionFile(
                        submission=submission,
                        client_file_id=f["id"],
                        name=f["name"],
                        size=f["size"],
                        sha256=f["sha256"],
                    )
                    for f in declared.files
                ]
            )
            if not declared.files:
                lock(submission)
                _complete(submission, refuse_in_place=False)
    except IntegrityError:
        # The same visit posted twice at once: the other request made it.
        existing = Submission.objects.filter(client_id=client_id).first()
        if existing is None:
            raise
        return _own(existing, user), False
    return submission, True


def _own(submission: Submission, user) -> Submission:
    if submission.user_id != user.pk:
        raise Refused(404, refusal("not_found", _("There is no such visit sent from a phone.")))
    return submission


def submission_for(*, user, client_id) -> Submission:
    submission = Submission.objects.filter(client_id=client_id, user=user).first()
    if submission is None:
        raise Refused(404, refusal("not_found", _("There is no such visit sent from a phone.")))
    return submission


def submission_status(submission: Submission) -> dict:
    """What the phone is told of its submission: its state, the visit and every file."""
    visit = submission.visit if submission.state == Submission.State.SENT else None
    return {
        "client_id": str(submission.client_id),
        "state": submission.state,
        "visit": visit.pk if visit else None,
        "visit_url": visit.get_absolute_url() if visit else None,
        "files": [
            {
                "id": f.client_file_id,
                "name": f.name,
                "size": f.size,
                "received": f.received,
                "confirmed": f.confirmed_at is not None,
                "sha256": f.sha256,
            }
            for f in submission.files.order_by("pk")
        ],
        "refusal": submission.refusal or {},
    }


# Receiving pieces ----------------------------------------------------------------


CONTENT_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


def parse_range(header: str) -> tuple[int, int, int]:
    match = CONTENT_RANGE.match((header or "").strip())
    if not match:
        raise Refused(422, refusal("bad_range", _("The piece has no valid Content-Range header.")))
    start, end, total = (int(part) for part in match.groups())
    if end < start or end >= total:
        raise Refused(422, refusal("bad_range", _("The piece's range is not valid.")))
    return start, end, total


def _delete_pieces(file: SubmissionFile) -> None:
    """The file's pieces, rows and stored content, deleted."""
    for chunk in file.chunks.all():
        if chunk.data.name:
            chunk.data.storage.delete(chunk.data.name)
    file.chunks.all().delete()


def _digest(file: SubmissionFile) -> str | None:
    """The SHA-256 of the file's pieces read in order, or None when a piece is missing."""
    digest, expected = hashlib.sha256(), 0
    for chunk in file.chunks.order_by("offset"):
        if chunk.offset != expected:
            return None
        try:
            with chunk.data.open("rb") as content:
                for block in iter(lambda c=content: c.read(256 * 1024), b""):
                    digest.update(block)
        except (FileNotFoundError, OSError):
            return None
        expected += chunk.size
    return digest.hexdigest() if expected == file.size else None


def piece_receive(*, user, client_id, file_id: str, content_range: str, data: bytes) -> Submission:
    """Keep one piece of a file. A piece already received is acknowledged without being kept
    twice; a piece after a gap is refused (the phone resumes from `received`). The file's last
    byte confirms it, or discards it when its SHA-256 is not the declared one; the last file
    confirmed records the visit."""
    start, end, total = parse_range(content_range)
    if len(data) != end - start + 1:
        raise Refused(
            422, refusal("bad_range", _("The piece's length is not the one its range says."))
        )
    if len(data) > selectors.CHUNK_BYTES + PIECE_SLACK:
        raise Refused(422, refusal("too_large", _("The piece is too large.")))
    mismatch = None
    with transaction.atomic():
        submission = submission_for(user=user, client_id=client_id)
        lock(submission)
        file = submission.files.filter(client_file_id=file_id).first()
        if file is None:
            raise Refused(404, refusal("not_found", _("The visit declared no such file.")))
        if submission.state != Submission.State.RECEIVING or file.confirmed_at is not None:
            return submission
        if total != file.size:
            raise Refused(422, refusal("bad_range", _("The file's size is not the one declared.")))
        if start > file.received:
            raise Refused(
                409,
                refusal(
                    "gap",
                    _("A piece is missing before this one: send from the last byte received."),
                ),
                with_status=True,
            )
        if end < file.received:
            return submission  # already received
        fresh = data[file.received - start :]
        chunk = Chunk(file=file, offset=file.received, size=len(fresh))
        chunk.data.save(f"{file.received:012d}", ContentFile(fresh), save=False)
        try:
            with transaction.atomic():
                chunk.save()
        except Exception:
            chunk.data.storage.delete(chunk.data.name)
            raise
        file.received += len(fresh)
        if file.received >= file.size:
            if _digest(file) == file.sha256:
                file.confirmed_at = timezone.now()
            else:
                # The pieces are discarded: the phone sends the file again from its start.
                _delete_pieces(file)
                file.received = 0
                mismatch = file
        file.save(update_fields=["received", "confirmed_at"])
        submission.updated_at = timezone.now()
        submission.save(update_fields=["updated_at"])
        if mismatch is None and not submission.files.filter(confirmed_at__isnull=True).exists():
            _complete(submission)
    if mismatch is not None:
        raise Refused(
            422,
            refusal(
                "hash_mismatch",
                _("%(name)s did not arrive intact: it is sent again from its start.")
                % {"name": mismatch.name},
            ),
            with_status=True,
        )
    return submission


# Recording the visit ----------------------------------------------------------------


def _assembled(file: SubmissionFile) -> TemporaryUploadedFile:
    """The file put together from its pieces, as the online form's uploads are."""
    upload = TemporaryUploadedFile(file.name, "application/octet-stream", file.size, None)
    for chunk in file.chunks.order_by("offset"):
        with chunk.data.open("rb") as content:
            for block in iter(lambda c=content: c.read(256 * 1024), b""):
                upload.write(block)
    upload.seek(0)
    return upload


def _record(submission: Submission, uploads: list) -> Visit:
    payload, user, campaign = submission.payload, submission.user, submission.campaign
    place = visit_services.visit_objects(campaign).filter(pk=payload.get("object")).first()
    visited_on = date.fromisoformat(payload["visited_on"]) if payload.get("visited_on") else None
    position = payload.get("position") or None
    if submission.kind == Submission.Kind.NEW:
        version = (
            ChecklistVersion.private_objects.filter(
                pk=payload.get("checklist_version"), checklist__campaign=campaign
            ).first()
            if payload.get("checklist_version")
            else None
        )
        return visit_services.visit_record(
            campaign=campaign,
            object=place,
            visited_on=visited_on,
            actor=user,
            checklist_version=version,
            answers=payload.get("answers") or {},
            notes=payload.get("notes") or "",
            participants=payload.get("participants") or "",
            files=uploads,
            far_confirmed=bool(payload.get("far_confirmed")),
            position=position,
            position_accuracy_accepted=bool(position and position.get("accepted")),
        )
    visit = submission.visit
    if visit is None:
        raise ValidationError(_("The visit no longer exists."), code="gone")
    prepared = []
    for upload in uploads:
        try:
            prepared.append(evidence_services.evidence_prepare(upload))
        except ValidationError as exc:
            raise ValidationError({"files": exc.error_list}) from exc
    visit = visit_services.visit_correct(
        visit=visit,
        actor=user,
        object=place,
        visited_on=visited_on,
        reason=payload.get("reason") or "",
        answers=payload.get("answers") or {},
        notes=payload.get("notes") or "",
        participants=payload.get("participants") or "",
        far_confirmed=bool(payload.get("far_confirmed")),
        expected_revision=submission.base_revision,
    )
    evidence_services.evidence_store_all(
        campaign=campaign, visit=visit, prepared=prepared, actor=user
    )
    return visit


def _complete(submission: Submission, *, refuse_in_place: bool = True) -> None:
    """Record the visit of a submission whose files are all confirmed (the submission's row
    locked), then delete the pieces. A refusal of the service refuses the submission, with
    nothing of the visit left; with refuse_in_place=False it is raised instead."""
    files = list(submission.files.order_by("pk"))
    uploads = [_assembled(file) for file in files]
    try:
        try:
            with transaction.atomic():
                visit = _record(submission, uploads)
                by_digest = {e.sha256: e for e in visit.evidence.all()}
                for file in files:
                    file.evidence = by_digest.get(file.sha256)
                    file.save(update_fields=["evidence"])
        except ValidationError as exc:
            if not refuse_in_place:
                raise Refused(422, refusal_of(exc), state="refused") from exc
            submission.state = Submission.State.REFUSED
            submission.refusal = refusal_of(exc)
        else:
            submission.state = Submission.State.SENT
            submission.visit = visit
            submission.sent_at = timezone.now()
            submission.refusal = {}
    finally:
        for upload in uploads:
            upload.close()
    for file in files:
        _delete_pieces(file)
    submission.updated_at = timezone.now()
    submission.save(update_fields=["state", "visit", "sent_at", "refusal", "updated_at"])


# Clean-up -----------------------------------------------------------------------------------------


def submissions_abandon(*, now=None) -> int:
    """Refuse the submissions still receiving their files after ABANDONED_DAYS days, deleting
    their pieces; how many were refused."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=ABANDONED_DAYS)
    count = 0
    for pk in Submission.objects.filter(
        state=Submission.State.RECEIVING, updated_at__lt=cutoff
    ).values_list("pk", flat=True):
        with transaction.atomic():
            try:
                submission = Submission.objects.select_for_update().get(pk=pk)
            except ObjectDoesNotExist:
                continue
            if submission.state != Submission.State.RECEIVING or submission.updated_at >= cutoff:
                continue
            for file in submission.files.all():
                _delete_pieces(file)
                file.received = 0
                file.save(update_fields=["received"])
            submission.state = Submission.State.REFUSED
            submission.refusal = refusal(
                "abandoned",
                _(
                    "The files of this visit did not all arrive within %(days)s days: send the "
                    "visit again."
                )
                % {"days": ABANDONED_DAYS},
            )
            submission.updated_at = now
            submission.save(update_fields=["state", "refusal", "updated_at"])
            count += 1
    return count
