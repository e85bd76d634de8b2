"""Field visits: a team member records a visit to an object with the answers to a checklist.

The answers refer to the questions of the checklist version used, so a visit always shows the
wording that was asked, even after the checklist is revised. Every answer is checked against its
question's kind and required-ness, and each problem is named on its question. Photo questions are
answered by the evidence files attached to the visit.

A visit whose photo or position lies farther from its object than the campaign's limit
(Campaign.visit_far_metres) is recorded only once the monitor confirms it was there, and is marked
as far from its object. The monitor who recorded a visit corrects it or withdraws it, with a
reason, until the final document is sent; each change is a new revision and django-simple-history
keeps every earlier one, of the visit and of its answers.
"""

import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from baqylau.core import record as public_record
from baqylau.core.distances import human_distance
from baqylau.core.services import field_error, lock, require_text
from baqylau.core.uploads import haversine_m
from baqylau.registry.models import ProjectObject

from . import evidence as evidence_services
from .models import (
    DEFAULT_GPS_ACCURACY_M,
    Campaign,
    ChecklistVersion,
    Question,
    QuestionKind,
    Visit,
    VisitAnswer,
)
from .permissions import can_record, visits_correctable

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


def shown_number(number) -> str:
    """A limit of a number question as the page's language writes it: 2.5 is "2,5" in Kazakh
    and Russian; 5.000000 is "5"."""
    number = Decimal(str(number)).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return formats.number_format(number, use_l10n=True)


def _check_limits(question: Question, number: int | float) -> None:
    minimum, maximum = question.minimum, question.maximum
    value = Decimal(str(number))
    if (minimum is None or value >= minimum) and (maximum is None or value <= maximum):
        return
    if minimum is not None and maximum is not None:
        message = _("Give a number from %(minimum)s to %(maximum)s.")
    elif minimum is not None:
        message = _("Give a number of at least %(minimum)s.")
    else:
        message = _("Give a number of at most %(maximum)s.")
    params = {
        "minimum": shown_number(minimum) if minimum is not None else "",
        "maximum": shown_number(maximum) if maximum is not None else "",
    }
    raise ValidationError(message, code="number_limits", params=params)


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
        number = _number(value)
        _check_limits(question, number)
        return number
    if kind == QuestionKind.SINGLE_CHOICE:
        return _choice(question, value)
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return _choices(question, value)
    if kind == QuestionKind.DATE:
        return _date(value)
    if kind == QuestionKind.LOCATION:
        return _location(value)
    return str(value)


def relevant_value(kind: str, value) -> str:
    """An answer or a value of a condition as conditions compare them: "true"/"false" for yes or
    no, the number written without needless digits (5, 2.5), the text otherwise. The offline app
    compares the same way."""
    if isinstance(value, bool) or kind == QuestionKind.YES_NO:
        try:
            return "true" if _yes_no(value) else "false"
        except ValidationError:
            return str(value)
    if kind == QuestionKind.NUMBER:
        try:
            return str(_number(value))
        except ValidationError:
            return str(value)
    return str(value)


def is_asked(question: Question, answers: dict, asked: set[str], kinds: dict[str, str]) -> bool:
    """Whether `question` is asked, given the cleaned `answers` of the questions before it (by
    code), those of them that were `asked` and their `kinds`. A condition on a question that was
    not asked is not met."""
    condition = question.relevant or {}
    code = condition.get("question")
    if not code:
        return True
    if code not in asked:
        return False
    answer, kind = answers.get(code), kinds.get(code, "")
    if _empty(answer):
        return False
    values = {relevant_value(kind, value) for value in condition.get("values") or []}
    if isinstance(answer, list):
        return any(relevant_value(kind, item) in values for item in answer)
    return relevant_value(kind, answer) in values


def clean_answers(version: ChecklistVersion | None, answers: dict) -> list[tuple[Question, object]]:
    """Every question of the version with its cleaned answer; the errors keyed by question.

    The questions are taken in order: one whose condition (`Question.relevant`) is not met is not
    asked, so it is never required and an answer given to it is dropped."""
    answers = dict(answers or {})
    if version is None:
        if any(not _empty(value) for value in answers.values()):
            raise ValidationError(
                _("Answers need a checklist version."), code="no_checklist_version"
            )
        return []
    errors, cleaned = {}, []
    values, asked, kinds = {}, set(), {}
    for question in version.questions.all():
        given = answers.pop(question.code, None)
        kinds[question.code] = question.kind
        if not is_asked(question, values, asked, kinds):
            cleaned.append((question, None))
            continue
        asked.add(question.code)
        try:
            value = clean_answer(question, given)
        except ValidationError as exc:
            errors[answer_field(question.code)] = ValidationError(
                _("%(question)s: %(problem)s"),
                code=exc.error_list[0].code,
                params={"question": question.text, "problem": " ".join(exc.messages)},
            )
            continue
        values[question.code] = value
        cleaned.append((question, value))
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


def visit_object_choices(campaign: Campaign) -> tuple[list[ProjectObject], list[ProjectObject]]:
    """The objects to offer, the campaign's own first: (those it controls, the others)."""
    controlled = set(campaign.project_objects.values_list("pk", flat=True))
    objects = list(visit_objects(campaign).order_by("name_ru", "pk"))
    return (
        [o for o in objects if o.pk in controlled],
        [o for o in objects if o.pk not in controlled],
    )


def _farthest(place: ProjectObject | None, positions) -> float | None:
    """How far the farthest of `positions` (latitude, longitude) lies from the object."""
    if place is None or not place.has_location:
        return None
    distances = [
        haversine_m(lat, lon, place.latitude, place.longitude)
        for lat, lon in positions
        if lat is not None and lon is not None
    ]
    return round(max(distances), 1) if distances else None


def _answer_positions(cleaned) -> list[tuple[float, float]]:
    return [
        (value["lat"], value["lon"])
        for question, value in cleaned
        if question.kind == QuestionKind.LOCATION and isinstance(value, dict)
    ]


def _check_distance(campaign: Campaign, place, distance: float | None, confirmed: bool) -> bool:
    """Whether the visit is far from its object; beyond the campaign's limit the monitor must
    have confirmed that the visit was there."""
    far = distance is not None and distance > campaign.visit_far_metres
    if far and not confirmed:
        raise field_error(
            "far_confirmed",
            _(
                "The photo or position is %(distance)s from the object; confirm that this visit "
                "was at %(object)s."
            )
            % {"distance": human_distance(distance), "object": place},
            "far",
        )
    return far


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


def accuracy_threshold(checklist_version: ChecklistVersion | None) -> int:
    """How precise, in metres, a visit's position must be: the checklist's setting."""
    if checklist_version is None:
        return DEFAULT_GPS_ACCURACY_M
    return checklist_version.checklist.gps_accuracy_m


def clean_position(
    position: dict | None, *, threshold: float, accepted: bool
) -> tuple[float, float, float | None, bool] | None:
    """The phone's position as (latitude, longitude, accuracy, less precise one accepted), or
    None without one. A position less precise than `threshold` metres is refused unless the
    monitor accepted it."""
    if not position:
        return None
    try:
        point = _location(position)
        accuracy = position.get("accuracy")
        accuracy = None if accuracy in (None, "") else float(accuracy)
    except (AttributeError, TypeError, ValueError, ValidationError) as exc:
        message = exc.messages[0] if isinstance(exc, ValidationError) else None
        raise field_error(
            "position", message or _("The position could not be read."), "location"
        ) from exc
    if accuracy is not None and (not math.isfinite(accuracy) or accuracy < 0):
        raise field_error("position", _("The position could not be read."), "location")
    worse = accuracy is not None and accuracy > threshold
    if worse and not accepted:
        raise field_error(
            "position",
            _(
                "The position is accurate to %(accuracy)s m only; this checklist asks for "
                "%(threshold)s m. Wait for a better position or accept this one."
            )
            % {"accuracy": round(accuracy), "threshold": threshold},
            "position_accuracy",
        )
    return point["lat"], point["lon"], accuracy, worse


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
    far_confirmed: bool = False,
    position: dict | None = None,
    position_accuracy_accepted: bool = False,
) -> Visit:
    """Record a visit with its answers and files. Every file is checked before anything is
    stored, so a refused file leaves no visit, no row and no file. `position` ({"lat", "lon",
    "accuracy"}: where the phone was) counts in the visit's distance from its object; one less
    precise than the checklist asks for is recorded only if `position_accuracy_accepted`."""
    evidence_services.check_recorder(actor, campaign)
    _check_visit(
        campaign=campaign,
        object=object,
        visited_on=visited_on,
        checklist_version=checklist_version,
    )
    cleaned = clean_answers(checklist_version, answers or {})
    where = clean_position(
        position,
        threshold=accuracy_threshold(checklist_version),
        accepted=position_accuracy_accepted,
    )
    prepared = []
    for upload in files:
        try:
            prepared.append(evidence_services.evidence_prepare(upload))
        except ValidationError as exc:
            raise ValidationError({"files": exc.error_list}) from exc
    positions = [(p.latitude, p.longitude) for p in prepared] + _answer_positions(cleaned)
    if where is not None:
        positions.append(where[:2])
    distance = _farthest(object, positions)
    far = _check_distance(campaign, object, distance, far_confirmed)
    with transaction.atomic():
        visit = Visit(
            campaign=campaign,
            project_object=object,
            visited_on=visited_on,
            recorded_by=actor,
            participants=(participants or "").strip(),
            notes=(notes or "").strip(),
            checklist_version=checklist_version,
            distance_m=distance,
            far_from_object=far,
        )
        if where is not None:
            (
                visit.position_latitude,
                visit.position_longitude,
                visit.position_accuracy_m,
                visit.position_accuracy_accepted,
            ) = where
        visit._history_user = actor
        visit.save()
        bulk_create_with_history(
            [
                VisitAnswer(visit=visit, question=question, value=value)
                for question, value in cleaned
                if value is not None
            ],
            VisitAnswer,
            default_user=actor,
        )
        evidence_services.evidence_store_all(
            campaign=campaign, visit=visit, prepared=prepared, actor=actor
        )
    return visit


def visit_check(
    *,
    campaign: Campaign,
    object: ProjectObject | None,
    visited_on: date | None,
    actor,
    checklist_version: ChecklistVersion | None = None,
    answers: dict | None = None,
    position: dict | None = None,
    position_accuracy_accepted: bool = False,
    far_confirmed: bool = False,
) -> None:
    """What visit_record checks before it has the files: who records, the object, the date, the
    answers, the position and its distance from the object (a phone checks a visit this way
    before its photos arrive). Nothing is stored."""
    evidence_services.check_recorder(actor, campaign)
    _check_visit(
        campaign=campaign, object=object, visited_on=visited_on, checklist_version=checklist_version
    )
    cleaned = clean_answers(checklist_version, answers or {})
    where = clean_position(
        position,
        threshold=accuracy_threshold(checklist_version),
        accepted=position_accuracy_accepted,
    )
    positions = _answer_positions(cleaned) + ([where[:2]] if where is not None else [])
    _check_distance(campaign, object, _farthest(object, positions), far_confirmed)


# Corrections -----------------------------------------------------------------------------------


def check_corrector(actor, visit: Visit) -> None:
    """The monitor who recorded the visit, still on the team with a declaration, corrects or
    withdraws it until the final document is sent (its findings are published then)."""
    if visit.withdrawn_at is not None:
        raise ValidationError(_("The visit has been withdrawn."), code="withdrawn")
    if not visits_correctable(visit.campaign):
        raise ValidationError(
            _(
                "The final document of the campaign has been sent: its visits can no longer be "
                "changed."
            ),
            code="findings_published",
        )
    if visit.recorded_by_id != getattr(actor, "pk", None) or not can_record(actor, visit.campaign):
        raise ValidationError(
            _("Only the monitor who recorded the visit corrects or withdraws it."),
            code="not_corrector",
        )


def _corrected_distance(visit: Visit, place, cleaned) -> float | None:
    """The farthest of a corrected visit's positions (its photos, the phone's, the answers')
    from the object it is now said to be at."""
    positions = [
        (e.latitude, e.longitude) for e in visit.evidence.all() if e.latitude is not None
    ] + _answer_positions(cleaned)
    if visit.position_latitude is not None:
        positions.append((visit.position_latitude, visit.position_longitude))
    return _farthest(place, positions)


def _keep_first_revision(visit: Visit) -> None:
    """A visit recorded before its history was kept gets its first revision now, as it stood."""
    if not visit.history.exists():
        Visit.history.bulk_history_create([visit], default_user=visit.recorded_by)
        VisitAnswer.history.bulk_history_create(
            list(visit.answers.all()), default_user=visit.recorded_by
        )


def _next_revision(visit: Visit, actor, reason: str) -> int:
    visit.revision += 1
    visit._change_reason = reason
    visit._history_user = actor
    return visit.revision


@transaction.atomic
def visit_correct(
    *,
    visit: Visit,
    actor,
    object: ProjectObject,
    visited_on: date,
    reason: str,
    answers: dict | None = None,
    notes: str = "",
    participants: str = "",
    far_confirmed: bool = False,
    expected_revision: int | None = None,
) -> Visit:
    """Correct what was recorded: the object, the date, the notes, the participants, the
    answers. The files stay; their distance to the object is read again, and the position the
    visit was recorded at. `expected_revision`: the revision the correction was made over; if
    the visit changed since (on another device, say), nothing is overwritten."""
    lock(visit)
    check_corrector(actor, visit)
    if expected_revision is not None and int(expected_revision) != visit.revision:
        raise ValidationError(
            _(
                "The visit was changed since you opened it (it is now at revision "
                "%(revision)s): look at the current version and correct it again."
            )
            % {"revision": visit.revision},
            code="stale",
        )
    reason = require_text(reason, "reason", _("Say why the visit is corrected."))
    campaign = visit.campaign
    _check_visit(
        campaign=campaign,
        object=object,
        visited_on=visited_on,
        checklist_version=visit.checklist_version,
    )
    cleaned = clean_answers(visit.checklist_version, answers or {})
    distance = _corrected_distance(visit, object, cleaned)
    far = _check_distance(campaign, object, distance, far_confirmed)
    _keep_first_revision(visit)
    revision = _next_revision(visit, actor, reason)
    visit.project_object = object
    visit.visited_on = visited_on
    visit.notes = (notes or "").strip()
    visit.participants = (participants or "").strip()
    visit.distance_m, visit.far_from_object = distance, far
    visit.corrected_at = timezone.now()
    visit.correction_reason = reason
    visit.save()
    existing = {answer.question_id: answer for answer in visit.answers.all()}
    for question, value in cleaned:
        answer = existing.pop(question.pk, None)
        if answer is not None and answer.value == value:
            continue
        answer = answer or VisitAnswer(visit=visit, question=question)
        answer.revision, answer._change_reason, answer._history_user = revision, reason, actor
        if value is None:
            if answer.pk:
                answer.delete()
            continue
        answer.value = value
        answer.save()
    return visit


def visit_check_correction(
    *,
    visit: Visit,
    actor,
    object: ProjectObject | None,
    visited_on: date | None,
    reason: str,
    answers: dict | None = None,
    far_confirmed: bool = False,
) -> None:
    """What visit_correct checks, without changing anything."""
    check_corrector(actor, visit)
    require_text(reason, "reason", _("Say why the visit is corrected."))
    _check_visit(
        campaign=visit.campaign,
        object=object,
        visited_on=visited_on,
        checklist_version=visit.checklist_version,
    )
    cleaned = clean_answers(visit.checklist_version, answers or {})
    distance = _corrected_distance(visit, object, cleaned)
    _check_distance(visit.campaign, object, distance, far_confirmed)


@transaction.atomic
def visit_withdraw(*, visit: Visit, actor, reason: str) -> Visit:
    """Withdraw a visit recorded by mistake: the team still sees it, marked as withdrawn; the
    public pages, the API and the downloads no longer show it nor its files."""
    lock(visit)
    check_corrector(actor, visit)
    reason = require_text(reason, "reason", _("Say why the visit is withdrawn."))
    _keep_first_revision(visit)
    _next_revision(visit, actor, reason)
    visit.withdrawn_at = timezone.now()
    visit.withdrawn_reason = reason
    visit.save()
    public_record.withdraw_all(visit.evidence.all(), reason=reason)
    return visit


def visit_revisions(visit: Visit) -> list[dict]:
    """The earlier revisions of the visit, the latest first, each as it stood: its object, date,
    notes and answers, with when and why it was changed after. Two queries, however many."""
    if visit.revision == 1:
        return []
    by_revision = {}
    for record in visit.history.select_related("project_object").order_by("history_id"):
        by_revision[record.revision] = record
    answers = list(
        VisitAnswer.history.filter(visit_id=visit.pk)
        .select_related("question")
        .order_by("revision", "history_id")
    )
    revisions = []
    for number in sorted(by_revision):
        if number >= visit.revision:
            continue
        as_then = {}
        for record in answers:
            if record.revision <= number:
                as_then[record.question_id] = record
        shown = [
            VisitAnswer(question=record.question, value=record.value)
            for record in sorted(as_then.values(), key=lambda r: (r.question.order, r.question_id))
            if record.history_type != "-"
        ]
        following = by_revision.get(number + 1)
        revisions.append(
            {
                "number": number,
                "record": by_revision[number],
                "answers": shown,
                "changed_at": following.history_date if following else None,
                "reason": following.history_change_reason if following else "",
            }
        )
    return revisions[::-1]
