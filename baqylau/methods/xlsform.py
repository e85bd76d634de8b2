"""Checklists of the library in and out of XLSForm, the format of KoboToolbox and ODK.

Reading uses monitoring's parser. A library item is shared with other NGOs, so an import is
all or nothing: any row that is not understood is reported with its sheet and row, and nothing
is saved. Writing gives a workbook that the parser reads back to the same questions, with their
conditions (`relevant`) and the limits of numbers (`constraint`).
"""

from decimal import Decimal
from io import BytesIO

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from baqylau.monitoring.checklists import clean_questions
from baqylau.monitoring.models import QuestionKind
from baqylau.monitoring.visits import relevant_value
from baqylau.monitoring.xlsform import xlsform_parse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

TYPES = {
    QuestionKind.NUMBER: "decimal",
    QuestionKind.TEXT: "text",
    QuestionKind.DATE: "date",
    QuestionKind.PHOTO: "image",
    QuestionKind.LOCATION: "geopoint",
}
YES_NO_LIST = "yes_no"
LANGUAGE_NAMES = {"kk": "Kazakh", "ru": "Russian", "en": "English"}


def xlsform_questions(file) -> list[dict]:
    """The questions of an XLSForm, checked as a checklist's; a ValidationError on `file` lists
    every problem (each row not understood, each question the checklist refuses)."""
    try:
        questions, problems = xlsform_parse(file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.error_list}) from exc
    errors = [
        ValidationError(
            format_lazy(
                "{where} {reason}",
                where=_("Sheet “%(sheet)s”, row %(row)s:")
                % {"sheet": problem.sheet, "row": problem.row},
                reason=problem.reason,
            ),
            code="bad_row",
        )
        for problem in problems
    ]
    try:
        questions = clean_questions(questions)
    except ValidationError as exc:
        errors += exc.error_list
    if errors:
        raise ValidationError({"file": errors})
    return questions


def _xls_number(value) -> str:
    """A number as an XLSForm expression writes it: 12, 2.5, never 1E+1."""
    text = format(Decimal(str(value)).normalize(), "f")
    return text


def _xls_value(kind: str, value) -> str:
    if kind == QuestionKind.YES_NO:
        return "'yes'" if relevant_value(kind, value) == "true" else "'no'"
    if kind == QuestionKind.NUMBER:
        return _xls_number(value)
    value = str(value)
    return f'"{value}"' if "'" in value else f"'{value}'"


def xlsform_relevant(relevant: dict, kinds: dict[str, str]) -> str:
    """A question's condition as an XLSForm `relevant` expression, empty when always asked."""
    code = (relevant or {}).get("question")
    if not code:
        return ""
    kind = kinds.get(code, QuestionKind.TEXT)
    parts = [
        f"selected(${{{code}}}, {_xls_value(kind, value)})"
        if kind == QuestionKind.MULTIPLE_CHOICE
        else f"${{{code}}} = {_xls_value(kind, value)}"
        for value in relevant.get("values") or []
    ]
    return " or ".join(parts)


def xlsform_constraint(question: dict) -> str:
    """The limits of a number as an XLSForm `constraint` expression, empty without any."""
    parts = []
    if question.get("minimum") is not None:
        parts.append(f". >= {_xls_number(question['minimum'])}")
    if question.get("maximum") is not None:
        parts.append(f". <= {_xls_number(question['maximum'])}")
    return " and ".join(parts)


def _label_header(language: str) -> str:
    return f"label::{LANGUAGE_NAMES.get(language, 'English')} ({language})"


def xlsform_workbook(questions: list[dict], *, title: str, language: str, form_id: str) -> bytes:
    """An XLSForm (survey, choices and settings sheets) that asks `questions`."""
    label = _label_header(language)
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    survey.append(["type", "name", label, "required", "hint", "relevant", "constraint"])
    kinds = {question["code"]: question["kind"] for question in questions}
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", label])
    lists_written: set[str] = set()
    for question in questions:
        kind = question["kind"]
        hint = ""
        if kind == QuestionKind.YES_NO:
            xls_type = f"select_one {YES_NO_LIST}"
            if YES_NO_LIST not in lists_written:
                choices.append([YES_NO_LIST, "yes", str(_("yes"))])
                choices.append([YES_NO_LIST, "no", str(_("no"))])
                lists_written.add(YES_NO_LIST)
        elif kind in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE):
            list_name = f"{question['code']}_choices"
            base = "select_one" if kind == QuestionKind.SINGLE_CHOICE else "select_multiple"
            xls_type = f"{base} {list_name}"
            for choice in question["choices"]:
                choices.append([list_name, choice["value"], choice["label"]])
        else:
            xls_type = TYPES[kind]
            if kind == QuestionKind.NUMBER and question.get("unit"):
                hint = f"Unit: {question['unit']}"
        required = "yes" if question["required"] else ""
        survey.append(
            [
                xls_type,
                question["code"],
                question["text"],
                required,
                hint,
                xlsform_relevant(question.get("relevant") or {}, kinds),
                xlsform_constraint(question),
            ]
        )
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "default_language"])
    settings.append([title, form_id, LANGUAGE_NAMES.get(language, "English") + f" ({language})"])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
