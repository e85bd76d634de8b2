"""Field visits: a team member records a visit to an object with the answers to a checklist.

The answers refer to the questions of the checklist version used, so a visit always shows the
wording that was asked, even after the checklist is revised. Every answer is checked against its
question's kind and required-ness, and each problem is named on its question. Photo questions are
answered by the evidence files attached to the visit.
"""

import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baqylau.registry.models import ProjectObject

from . import evidence as evidence_services
from .models import Campaign, ChecklistVersion, Evidence, Question, QuestionKind, Visit, VisitAnswer

TRUE_WORDS = {"yes", "true", "1", "on"}
FALSE_WORDS = {"no", "false", "0", "off"}


def answer_field(code: str) -> str:
    """The name under which an answer's errors are reported, as the form names its field."""
    return f"answer_{code}"


def _empty(value) -> bool:
    return value is None or (isinstance(value, str | list | dict) and not value)


def _yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationError(_("Answer yes or no."), code="yes_no")


def _number(value) -> int | float:
    if isinstance(value, bool):
        raise ValidationError(_("Give a number."), code="number")
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError(_("Give a number."), code="number") from exc
    if not number.is_finite():
        raise ValidationError(_("Give a number."), code="number")
    return int(number) if number == number.to_integral_value() else float(number)


def _choice(question: Question, value) -> str:
    values = [choice["value"] for choice in question.choices]
    if str(value) not in values:
        raise ValidationError(_("Choose one of the answers offered."), code="choice")
    return str(value)


def _choices(question: Question, value) -> list[str]:
    chosen = [value] if isinstance(value, str) else list(value)
    return [_choice(question, item) for item in chosen]


def _date(value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError as exc:
        raise ValidationError(_("Give a date as YYYY-MM-DD."), code="date") from exc


def _location(value) -> dict:
    try:
        if isinstance(value, dict):
            lat, lon = float(value["lat"]), float(value["lon"])
        else:
            lat, lon = (float(part) for part in str(value).replace(";", ",").split(","))
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError(
            _("Give the position as latitude, longitude, for example 52.28, 76.95."),
            code="location",
        ) from exc
    if not (math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90 and abs(lon) <= 180):
        raise ValidationError(_("The position is outside the Earth's range."), code="location")
    return {"lat": lat, "lon": lon}


def clean_answer(question: Question, value):
    """The value to store for one answer, or a ValidationError saying what is wrong with it."""
    if isinstance(value, str):
        value = value.strip()
    if _empty(value):
        if question.required and question.kind != QuestionKind.PHOTO:
            raise ValidationError(_("This question must be answered."), code="required")
        return None
    kind = question.kind
    if kind == QuestionKind.YES_NO:
        return _yes_no(value)
    if kind == QuestionKind.NUMBER:
        return _number(value)
    if kind == QuestionKind.SINGLE_CHOICE:
        return _choice(question, value)
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return _choices(question, value)
    if kind == QuestionKind.DATE:
        return _date(value)
    if kind == QuestionKind.LOCATION:
        return _location(value)
    return str(value)


def clean_answers(version: ChecklistVersion | None, answers: dict) -> list[tuple[Question, object]]:
    """Every question of the version with its cleaned answer; the errors keyed by question."""
    answers = dict(answers or {})
    if version is None:
        if any(not _empty(value) for value in answers.values()):
            raise ValidationError(
                _("Answers need a checklist version."), code="no_checklist_version"
            )
        return []
    errors, cleaned = {}, []
    for question in version.questions.all():
        try:
            cleaned.append((question, clean_answer(question, answers.pop(question.code, None))))
        except ValidationError as exc:
            errors[answer_field(question.code)] = ValidationError(
                _("%(question)s: %(problem)s"),
                code=exc.error_list[0].code,
                params={"question": question.text, "problem": " ".join(exc.messages)},
            )
    for code in answers:
        errors[answer_field(code)] = ValidationError(
            _("The checklist version has no question “%(code)s”."),
            code="unknown_question",
            params={"code": code},
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


def visit_objects(campaign: Campaign):
    """The objects a visit may be to: those the campaign controls and any published object."""
    return (
        ProjectObject.private_objects.filter(pk__in=campaign.project_objects.values("pk"))
        | ProjectObject.public_objects.all()
    )


def _check_visit(*, campaign, object, visited_on, checklist_version) -> None:
    errors = {}
    if object is None or not visit_objects(campaign).filter(pk=object.pk).exists():
        errors["object"] = ValidationError(
            _("Choose an object the campaign controls or a published object."), code="object"
        )
    if visited_on is None:
        errors["visited_on"] = ValidationError(_("Give the date of the visit."), code="required")
    elif visited_on > timezone.localdate():
        errors["visited_on"] = ValidationError(
            _("The date cannot be in the future."), code="future"
        )
    if checklist_version is not None and checklist_version.checklist.campaign_id != campaign.pk:
        errors["checklist_version"] = ValidationError(
            _("The checklist belongs to another campaign."), code="other_campaign"
        )
    if errors:
        raise ValidationError(errors)


def visit_record(
    *,
    campaign: Campaign,
    object: ProjectObject,
    visited_on: date,
    actor,
    checklist_version: ChecklistVersion | None = None,
    answers: dict | None = None,
    notes: str = "",
    participants: str = "",
    files: Sequence = (),
) -> Visit:
    """Record a visit with its answers and files. Every file is checked before anything is
    stored, so a refused file leaves no visit, no row and no file."""
    evidence_services.check_recorder(actor, campaign)
    _check_visit(
        campaign=campaign,
        object=object,
        visited_on=visited_on,
        checklist_version=checklist_version,
    )
    cleaned = clean_answers(checklist_version, answers or {})
    prepared = []
    for upload in files:
        try:
            prepared.append(evidence_services.evidence_prepare(upload))
        except ValidationError as exc:
            raise ValidationError({"files": exc.error_list}) from exc
    stored: list[Evidence] = []
    try:
        with transaction.atomic():
            visit = Visit.private_objects.create(
                campaign=campaign,
                project_object=object,
                visited_on=visited_on,
                recorded_by=actor,
                participants=(participants or "").strip(),
                notes=(notes or "").strip(),
                checklist_version=checklist_version,
            )
            VisitAnswer.private_objects.bulk_create(
                VisitAnswer(visit=visit, question=question, value=value)
                for question, value in cleaned
                if value is not None
            )
            for item in prepared:
                stored.append(
                    evidence_services.evidence_store(
                        campaign=campaign, visit=visit, prepared=item, actor=actor
                    )
                )
    except Exception:
        for evidence in stored:
            evidence.original.storage.delete(evidence.original.name)
            evidence.public_file.storage.delete(evidence.public_file.name)
        raise
    return visit
