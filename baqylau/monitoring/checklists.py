"""Checklists of field visits and their versions.

A checklist is written by a coordinator of the campaign. Its questions are kept in numbered
versions that are never edited: a change is a new version with the questions copied, so an
answer recorded on a visit always shows the wording that was asked.
"""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from baqylau.core.text import free_slug, latin_slug

from .models import (
    CHOICE_KINDS,
    DEFAULT_GPS_ACCURACY_M,
    Campaign,
    Checklist,
    ChecklistVersion,
    Question,
    QuestionKind,
)
from .permissions import can_manage_checklists
from .visits import relevant_value, shown_number

# Codes name the answers in exports and in XLSForm files: Latin letters, digits, _ and -.
CODE_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
CODE_LENGTH = 100
TITLE_LENGTH = 300
UNIT_LENGTH = 50
# A code made from the wording of a question stays short enough to read in a spreadsheet.
MADE_CODE_LENGTH = 40
# The limits of a number question fit Question.minimum and maximum (20 digits, 6 decimals).
LIMIT_BOUND = Decimal(10) ** 14
# A question may be asked depending on the answer to one of these kinds.
CONDITION_KINDS = {
    QuestionKind.YES_NO,
    QuestionKind.NUMBER,
    QuestionKind.SINGLE_CHOICE,
    QuestionKind.MULTIPLE_CHOICE,
    QuestionKind.TEXT,
    QuestionKind.DATE,
}
# How precise a position a checklist may ask a phone to wait for, in metres.
GPS_ACCURACY_RANGE = (1, 5000)


def code_problem(code: str):
    """Why `code` cannot name a question's answers, or None when it can."""
    if len(code) > CODE_LENGTH:
        return _("the code is longer than %(limit)s characters.") % {"limit": CODE_LENGTH}
    if not CODE_PATTERN.match(code):
        return _(
            "the code “%(code)s” may hold only Latin letters (a-z), digits, “_”, “.” and “-”, "
            "and begins with a letter or “_”; leave it empty to have it made from the question."
        ) % {"code": code}
    return None


def code_from_text(text: str, taken: set[str]) -> str:
    """A code made from the wording of a question, in Latin letters through the project's one
    transliteration ("Мектеп салынды ма?" gives mektep_salyndy_ma), not among `taken`."""
    base = latin_slug(text, MADE_CODE_LENGTH).replace("-", "_") or "question"
    if not CODE_PATTERN.match(base):
        base = f"q_{base}"
    return free_slug(base, lambda code: code in taken)


def _question_error(number: int, message) -> ValidationError:
    return ValidationError(
        _("Question %(number)s: %(problem)s"),
        code="invalid_question",
        params={"number": number, "problem": message},
    )


def _clean_choices(raw) -> list[dict]:
    choices = []
    for choice in raw or []:
        if isinstance(choice, str):
            choice = {"value": choice}
        value = str(choice.get("value") or "").strip()
        label = str(choice.get("label") or "").strip() or value
        if value or label:
            choices.append({"value": value, "label": label})
    return choices


def limit_number(value):
    """A least or greatest value as a JSON number (5, 2.5), None when empty, or ValueError."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not number.is_finite() or abs(number) >= LIMIT_BOUND:
        raise ValueError(value)
    number = number.quantize(Decimal("0.000001"))
    return int(number) if number == number.to_integral_value() else float(number)


def condition_values(raw) -> list:
    """The values of a condition as typed: a list, or text with one value per line or separated
    by commas."""
    if raw is None:
        return []
    if isinstance(raw, str):
        parts = raw.splitlines() if "\n" in raw.strip() else raw.split(",")
    elif isinstance(raw, list | tuple):
        parts = list(raw)
    else:
        parts = [raw]
    values = [part.strip() if isinstance(part, str) else part for part in parts]
    return [value for value in values if value not in ("", None)]


def clean_relevant(relevant, earlier: dict[str, dict]) -> tuple[dict, object]:
    """The condition under which a question is asked, as stored, and what is wrong with it (or
    None). `earlier`: the questions before it, by code. Yes or no values are stored as true or
    false, numbers without needless digits, choices as their values."""
    if not relevant:
        return {}, None
    if not isinstance(relevant, dict):
        return {}, _("the condition “asked only if” is not understood.")
    code = str(relevant.get("question") or "").strip()
    values = condition_values(relevant.get("values"))
    if not code:
        if values:
            return {}, _("“asked only if” names no question.")
        return {}, None
    source = earlier.get(code)
    if source is None:
        return {}, _(
            "“asked only if” must name the code of an earlier question; “%(code)s” is not one."
        ) % {"code": code}
    if source["kind"] not in CONDITION_KINDS:
        return {}, _("“asked only if” cannot depend on a photo or a position (“%(code)s”).") % {
            "code": code
        }
    if not values:
        return {}, _("“asked only if” needs the answers to “%(code)s” that ask it.") % {
            "code": code
        }
    kind = source["kind"]
    cleaned = []
    for value in values:
        shown = relevant_value(kind, value)
        if kind == QuestionKind.YES_NO and shown not in ("true", "false"):
            return {}, _("“asked only if”: answer yes or no, not “%(value)s”.") % {"value": value}
        if kind == QuestionKind.NUMBER:
            try:
                limit_number(value)
            except ValueError:
                return {}, _("“asked only if”: “%(value)s” is not a number.") % {"value": value}
        if kind in CHOICE_KINDS and shown not in [c["value"] for c in source["choices"]]:
            return {}, _("“asked only if”: “%(code)s” has no choice “%(value)s”.") % {
                "code": code,
                "value": value,
            }
        stored = shown == "true" if kind == QuestionKind.YES_NO else shown
        if stored not in cleaned:
            cleaned.append(stored)
    return {"question": code, "values": cleaned}, None


def _clean_question(number: int, data: dict) -> tuple[dict, list[ValidationError]]:
    errors = []
    code = str(data.get("code") or "").strip()
    text = str(data.get("text") or "").strip()
    kind = str(data.get("kind") or "").strip()
    unit = str(data.get("unit") or "").strip()
    choices = _clean_choices(data.get("choices"))
    problem = code_problem(code) if code else None
    if problem:
        errors.append(_question_error(number, problem))
    if not text:
        errors.append(_question_error(number, _("the wording of the question is missing.")))
    if kind not in QuestionKind.values:
        errors.append(_question_error(number, _("the kind of answer is not known.")))
    if kind in CHOICE_KINDS:
        values = [choice["value"] for choice in choices]
        if len(choices) < 2:
            errors.append(_question_error(number, _("a choice question needs two choices.")))
        elif not all(values):
            errors.append(_question_error(number, _("every choice needs a value.")))
        elif len(set(values)) != len(values):
            errors.append(_question_error(number, _("two choices have the same value.")))
    else:
        choices = []
    if kind != QuestionKind.NUMBER:
        unit = ""
    elif len(unit) > UNIT_LENGTH:
        errors.append(_question_error(number, _("the unit is too long.")))
    limits = {}
    for name in ("minimum", "maximum"):
        try:
            limits[name] = limit_number(data.get(name))
        except ValueError:
            limits[name] = None
            errors.append(_question_error(number, _("the least and greatest values are numbers.")))
    if kind != QuestionKind.NUMBER and (
        limits["minimum"] is not None or limits["maximum"] is not None
    ):
        errors.append(
            _question_error(number, _("only a number question has a least and a greatest value."))
        )
    elif None not in limits.values() and limits["minimum"] > limits["maximum"]:
        errors.append(
            _question_error(number, _("the least value is greater than the greatest value."))
        )
    question = {
        "order": data.get("order"),
        "code": code,
        "text": text,
        "kind": kind,
        "required": bool(data.get("required")),
        "unit": unit,
        "choices": choices,
        "relevant": data.get("relevant") or {},
        "minimum": limits["minimum"],
        "maximum": limits["maximum"],
    }
    return question, errors


def clean_questions(questions: list[dict]) -> list[dict]:
    """The questions in their order, numbered 1..n, or a ValidationError naming every
    problem. A question's condition ("asked only if") names an earlier question's code."""
    if not questions:
        raise ValidationError(_("A checklist needs at least one question."), code="no_questions")
    cleaned, errors, seen = [], [], set()
    for number, data in enumerate(questions, start=1):
        question, problems = _clean_question(number, data)
        errors += problems
        if question["code"] and question["code"] in seen:
            errors.append(_question_error(number, _("another question has the same code.")))
        seen.add(question["code"])
        cleaned.append((question["order"] or number, number, question))
    cleaned.sort(key=lambda item: (item[0], item[1]))
    earlier: dict[str, dict] = {}
    for _o, number, question in cleaned:
        question["relevant"], problem = clean_relevant(question["relevant"], earlier)
        if problem:
            errors.append(_question_error(number, problem))
        if question["code"]:
            earlier.setdefault(question["code"], question)
    if errors:
        errors.sort(key=lambda error: error.params["number"] if error.params else 0)
        raise ValidationError(errors)
    # A code left empty is made from the wording, unique among the codes given.
    for _o, _n, question in cleaned:
        if not question["code"]:
            question["code"] = code_from_text(question["text"], seen)
            seen.add(question["code"])
    return [question | {"order": order} for order, (_o, _n, question) in enumerate(cleaned, 1)]


def clean_gps_accuracy(value) -> int:
    """The position accuracy a checklist waits for, in metres, or a ValidationError on the
    field."""
    low, high = GPS_ACCURACY_RANGE
    try:
        metres = int(value)
    except (TypeError, ValueError):
        metres = None
    if metres is None or not low <= metres <= high:
        raise ValidationError(
            {
                "gps_accuracy_m": ValidationError(
                    _("Give the accuracy in metres, from %(low)s to %(high)s."),
                    code="gps_accuracy",
                    params={"low": low, "high": high},
                )
            }
        )
    return metres


def _check_actor(actor, campaign: Campaign) -> None:
    if not can_manage_checklists(actor, campaign):
        raise ValidationError(
            _("Only a coordinator of the campaign writes its checklists, until it is closed."),
            code="not_coordinator",
        )


def _add_version(*, checklist: Checklist, number: int, questions: list[dict], actor):
    version = ChecklistVersion.private_objects.create(
        checklist=checklist, number=number, created_by=actor
    )
    Question.private_objects.bulk_create(
        Question(version=version, **question) for question in questions
    )
    return version


@transaction.atomic
def checklist_create(
    *,
    campaign: Campaign,
    title: str,
    actor,
    questions: list[dict],
    gps_accuracy_m: int = DEFAULT_GPS_ACCURACY_M,
) -> Checklist:
    _check_actor(actor, campaign)
    title = (title or "").strip()
    if not title:
        raise ValidationError(
            {"title": ValidationError(_("Give the checklist a title."), code="required")}
        )
    if len(title) > TITLE_LENGTH:
        raise ValidationError(
            {"title": ValidationError(_("The title is too long."), code="max_length")}
        )
    gps_accuracy_m = clean_gps_accuracy(gps_accuracy_m)
    questions = clean_questions(questions)
    checklist = Checklist.private_objects.create(
        campaign=campaign, title=title, gps_accuracy_m=gps_accuracy_m, created_by=actor
    )
    _add_version(checklist=checklist, number=1, questions=questions, actor=actor)
    return checklist


@transaction.atomic
def checklist_revise(
    *, checklist: Checklist, questions: list[dict], actor, gps_accuracy_m: int | None = None
) -> ChecklistVersion:
    """A new version with these questions; the earlier versions stay as they were asked. The
    position accuracy, when given, applies from now on."""
    _check_actor(actor, checklist.campaign)
    if gps_accuracy_m is not None:
        gps_accuracy_m = clean_gps_accuracy(gps_accuracy_m)
    questions = clean_questions(questions)
    # Hold the checklist so that two revisions never take the same number.
    Checklist.private_objects.select_for_update().get(pk=checklist.pk)
    if gps_accuracy_m is not None and gps_accuracy_m != checklist.gps_accuracy_m:
        checklist.gps_accuracy_m = gps_accuracy_m
        checklist.save(update_fields=["gps_accuracy_m"])
    last = checklist.versions.aggregate(last=Max("number"))["last"] or 0
    return _add_version(checklist=checklist, number=last + 1, questions=questions, actor=actor)


def _value_label(question: Question, value) -> str:
    if question.kind == QuestionKind.YES_NO:
        return str(_("yes") if relevant_value(question.kind, value) == "true" else _("no"))
    labels = {choice["value"]: choice["label"] for choice in question.choices}
    return labels.get(str(value), str(value))


def limits_text(question: Question) -> str:
    """The limits of a number question in words ("from 0 to 12"), empty without any."""
    minimum, maximum = question.minimum, question.maximum
    params = {
        "minimum": shown_number(minimum) if minimum is not None else "",
        "maximum": shown_number(maximum) if maximum is not None else "",
    }
    if minimum is not None and maximum is not None:
        return _("from %(minimum)s to %(maximum)s") % params
    if minimum is not None:
        return _("at least %(minimum)s") % params
    if maximum is not None:
        return _("at most %(maximum)s") % params
    return ""


def with_conditions(questions: list[Question]) -> list[Question]:
    """The questions of one version, each given `asked_if`: None when it is always asked, else
    the earlier question it depends on and the labels of the answers that ask it; and
    `limits`, the limits of a number in words. No query."""
    by_code = {}
    for question in questions:
        question.limits = limits_text(question)
        condition = question.relevant or {}
        source = by_code.get(condition.get("question"))
        question.asked_if = (
            {
                "question": source,
                "labels": [_value_label(source, value) for value in condition.get("values", [])],
            }
            if source is not None
            else None
        )
        by_code[question.code] = question
    return questions
