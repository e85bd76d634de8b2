"""Checklists of field visits and their versions.

A checklist is written by a coordinator of the campaign. Its questions are kept in numbered
versions that are never edited: a change is a new version with the questions copied, so an
answer recorded on a visit always shows the wording that was asked.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from baqylau.core.text import free_slug, latin_slug

from .models import CHOICE_KINDS, Campaign, Checklist, ChecklistVersion, Question, QuestionKind
from .permissions import can_manage_checklists

# Codes name the answers in exports and in XLSForm files: Latin letters, digits, _ and -.
CODE_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
CODE_LENGTH = 100
TITLE_LENGTH = 300
UNIT_LENGTH = 50
# A code made from the wording of a question stays short enough to read in a spreadsheet.
MADE_CODE_LENGTH = 40


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
    question = {
        "order": data.get("order"),
        "code": code,
        "text": text,
        "kind": kind,
        "required": bool(data.get("required")),
        "unit": unit,
        "choices": choices,
    }
    return question, errors


def clean_questions(questions: list[dict]) -> list[dict]:
    """The questions in their order, numbered 1..n, or a ValidationError naming every
    problem."""
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
    if errors:
        raise ValidationError(errors)
    # A code left empty is made from the wording, unique among the codes given.
    for _o, _n, question in cleaned:
        if not question["code"]:
            question["code"] = code_from_text(question["text"], seen)
            seen.add(question["code"])
    cleaned.sort(key=lambda item: (item[0], item[1]))
    return [question | {"order": order} for order, (_o, _n, question) in enumerate(cleaned, 1)]


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
def checklist_create(*, campaign: Campaign, title: str, actor, questions: list[dict]) -> Checklist:
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
    questions = clean_questions(questions)
    checklist = Checklist.private_objects.create(campaign=campaign, title=title, created_by=actor)
    _add_version(checklist=checklist, number=1, questions=questions, actor=actor)
    return checklist


@transaction.atomic
def checklist_revise(*, checklist: Checklist, questions: list[dict], actor) -> ChecklistVersion:
    """A new version with these questions; the earlier versions stay as they were asked."""
    _check_actor(actor, checklist.campaign)
    questions = clean_questions(questions)
    # Hold the checklist so that two revisions never take the same number.
    Checklist.private_objects.select_for_update().get(pk=checklist.pk)
    last = checklist.versions.aggregate(last=Max("number"))["last"] or 0
    return _add_version(checklist=checklist, number=last + 1, questions=questions, actor=actor)
