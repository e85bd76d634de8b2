"""Reading checklists from XLSForm workbooks, the format of KoboToolbox and ODK.

The `survey` sheet lists the questions (type, name, label, required, hint, relevant,
constraint), the `choices` sheet the answers of the choice questions (list_name, name, label).
Groups are flattened; notes and the metadata a phone fills in are skipped. Of the `relevant` and
`constraint` expressions the simple forms a checklist holds are read: `${code} = 'value'`,
`${code} = 1`, `selected(${code}, 'value')` and several of them on one question joined by `or`;
`. >= N`, `. <= M` and both joined by `and`. Whatever is not understood is reported with its row,
and the coordinator decides whether to import the rest.
"""

import re
import zipfile
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from baqylau.core.spreadsheets import SpreadsheetRefused, check_xlsx

from .checklists import CODE_LENGTH, CODE_PATTERN, clean_relevant, limit_number
from .models import QuestionKind

SIMPLE_TYPES = {
    "integer": QuestionKind.NUMBER,
    "decimal": QuestionKind.NUMBER,
    "text": QuestionKind.TEXT,
    "string": QuestionKind.TEXT,
    "date": QuestionKind.DATE,
    "image": QuestionKind.PHOTO,
    "photo": QuestionKind.PHOTO,
    "geopoint": QuestionKind.LOCATION,
    "acknowledge": QuestionKind.YES_NO,
}
# Filled in by the phone, not asked.
METADATA_TYPES = {
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "calculate",
    "simserial",
    "subscriberid",
    "phonenumber",
    "audit",
    "email",
    "start-geopoint",
}
GROUP_TYPES = {"begin_group", "end_group"}
REPEAT_TYPES = {"begin_repeat", "end_repeat"}
LANGUAGE_NAMES = {"kazakh": "kk", "russian": "ru", "english": "en"}
TRUE_VALUES = {"yes", "true", "true()", "1"}
YES_NO_VALUES = {"yes", "no"}
# A hint such as "Unit: m²" names the unit of a number.
UNIT_HINT = re.compile(r"^\s*(?:unit|units|единица[^:]*|бірлік[^:]*)\s*:\s*(.+?)\s*$", re.I)
SHORT_UNIT = 20
_NUMBER = r"-?\d+(?:\.\d+)?"
_VALUE = rf"(?:'(?P<single>[^']*)'|\"(?P<double>[^\"]*)\"|(?P<number>{_NUMBER}))"
_CODE = r"\$\{\s*(?P<code>[A-Za-z_][A-Za-z0-9_.-]*)\s*\}"
EQUALS = re.compile(rf"^\(?\s*{_CODE}\s*=\s*{_VALUE}\s*\)?$")
SELECTED = re.compile(rf"^\(?\s*selected\(\s*{_CODE}\s*,\s*{_VALUE}\s*\)\s*\)?$")
OR = re.compile(r"\s+or\s+", re.I)
AND = re.compile(r"\s+and\s+", re.I)
BOUND = re.compile(rf"^\.\s*(?P<sign>>=|<=)\s*(?P<number>{_NUMBER})$")


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    reason: str


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _language_of(column: str) -> str | None:
    """ "label::Russian (ru)" → "ru"; "label::English" → "en"."""
    _label, _sep, language = column.partition("::")
    found = re.search(r"\(([a-z]{2,3})\)", language)
    if found:
        return found.group(1)
    return LANGUAGE_NAMES.get(language.strip().lower(), language.strip().lower() or None)


def _label_columns(header: list[str], field: str = "label") -> list[int]:
    """The columns of the label, best first: the page's language, then kk, ru, en, then a label
    without language, then any other."""
    preferred = [(get_language() or "en")[:2], "kk", "ru", "en"]
    columns = []
    for index, name in enumerate(header):
        if name == field:
            columns.append((len(preferred), index))
        elif name.startswith(f"{field}::"):
            language = _language_of(name)
            rank = preferred.index(language) if language in preferred else len(preferred) + 1
            columns.append((rank, index))
    return [index for _rank, index in sorted(columns)]


def _best_label(row: tuple, columns: list[int]) -> str:
    for index in columns:
        value = _text(row[index]) if index < len(row) else ""
        if value:
            return value
    return ""


def _rows(sheet):
    """(row number, header, values) for each row below the header that is not empty."""
    rows = sheet.iter_rows(values_only=True)
    try:
        header = [_text(name).lower() for name in next(rows)]
    except StopIteration:
        return [], []
    found = []
    for number, values in enumerate(rows, start=2):
        if any(_text(value) for value in values):
            found.append((number, values))
    return header, found


def _get(header: list[str], values: tuple, name: str) -> str:
    if name not in header:
        return ""
    index = header.index(name)
    return _text(values[index]) if index < len(values) else ""


NOT_XLSX = _("This file is not an Excel workbook (.xlsx). Save the XLSForm as .xlsx and try again.")


def _open(file):
    try:
        check_xlsx(file)
    except SpreadsheetRefused as exc:
        message = NOT_XLSX if exc.code == "not_xlsx" else str(exc)
        raise ValidationError(message, code=exc.code) from exc
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ValidationError(NOT_XLSX, code="not_xlsx") from exc


def _choice_lists(workbook) -> dict[str, list[dict]]:
    if "choices" not in workbook.sheetnames:
        return {}
    header, rows = _rows(workbook["choices"])
    labels = _label_columns(header)
    lists: dict[str, list[dict]] = {}
    for _number, values in rows:
        list_name = _get(header, values, "list_name") or _get(header, values, "list name")
        value = _get(header, values, "name")
        if list_name and value:
            label = _best_label(values, labels) or value
            lists.setdefault(list_name, []).append({"value": value, "label": label})
    return lists


def _unit_from(hint: str) -> str:
    found = UNIT_HINT.match(hint)
    if found:
        return found.group(1)
    return hint if hint and len(hint) <= SHORT_UNIT else ""


def read_relevant(expression: str) -> dict | None:
    """The condition of an XLSForm `relevant` expression, or None when it is not one of the
    simple forms read."""
    code, values = None, []
    for part in OR.split(expression.strip()):
        found = EQUALS.match(part.strip()) or SELECTED.match(part.strip())
        if not found or (code is not None and found["code"] != code):
            return None
        code = found["code"]
        value = next(
            v for v in (found["single"], found["double"], found["number"]) if v is not None
        )
        values.append(value)
    return {"question": code, "values": values} if code else None


def read_constraint(expression: str) -> dict | None:
    """{"minimum", "maximum"} of an XLSForm `constraint` expression, or None when it is not one
    of the simple forms read."""
    limits = {"minimum": None, "maximum": None}
    for part in AND.split(expression.strip()):
        found = BOUND.match(part.strip())
        name = "minimum" if found and found["sign"] == ">=" else "maximum"
        if not found or limits[name] is not None:
            return None
        try:
            limits[name] = limit_number(found["number"])
        except ValueError:
            return None
    return limits


def xlsform_parse(file) -> tuple[list[dict], list[Problem]]:
    """The questions an XLSForm asks, in the services' form, and the rows not understood."""
    workbook = _open(file)
    try:
        return _questions(workbook)
    except (ValueError, TypeError, KeyError, OverflowError, AttributeError) as exc:
        # The parser meets cells no spreadsheet program writes.
        raise ValidationError(
            _(
                "The workbook cannot be read. Open it in a spreadsheet program, save it again "
                "as .xlsx and try again."
            ),
            code="unreadable_xlsx",
        ) from exc
    finally:
        workbook.close()


def _questions(workbook) -> tuple[list[dict], list[Problem]]:
    if "survey" not in workbook.sheetnames:
        raise ValidationError(
            _("The workbook has no “survey” sheet, so it is not an XLSForm."), code="no_survey"
        )
    lists = _choice_lists(workbook)
    header, rows = _rows(workbook["survey"])
    labels = _label_columns(header)
    questions: list[dict] = []
    problems: list[Problem] = []
    codes: set[str] = set()
    earlier: dict[str, dict] = {}

    def report(number, reason):
        problems.append(Problem(sheet="survey", row=number, reason=str(reason)))

    for number, values in rows:
        raw_type = _get(header, values, "type")
        words = raw_type.split()
        base = words[0].lower() if words else ""
        if base in ("begin", "end") and len(words) > 1:
            base, words = f"{base}_{words[1].lower()}", [f"{base}_{words[1]}", *words[2:]]
        if not base or base == "note" or base in METADATA_TYPES or base in GROUP_TYPES:
            continue
        if base == "begin_repeat":
            report(number, _("Repeats are not supported: their questions are imported once."))
            continue
        if base == "end_repeat":
            continue
        name = _get(header, values, "name")
        if not name:
            report(number, _("The row has no name."))
            continue
        if len(name) > CODE_LENGTH or not CODE_PATTERN.match(name):
            report(number, _("The name “%(name)s” is not a valid code.") % {"name": name})
            continue
        if name in codes:
            report(number, _("Another question has the name “%(name)s”.") % {"name": name})
            continue
        text = _best_label(values, labels)
        if not text:
            report(number, _("The question has no label."))
            continue
        question = {
            "code": name,
            "text": text,
            "required": _get(header, values, "required").lower() in TRUE_VALUES,
            "unit": "",
            "choices": [],
        }
        if base in ("select_one", "select_multiple"):
            list_name = words[1] if len(words) > 1 else ""
            choices = lists.get(list_name)
            yes_no = {choice["value"].lower() for choice in choices or []} == YES_NO_VALUES
            if base == "select_one" and (list_name == "yes_no" or yes_no):
                question["kind"] = QuestionKind.YES_NO
            elif not list_name:
                report(number, _("The type names no list of choices."))
                continue
            elif not choices:
                report(
                    number,
                    _("The list of choices “%(list)s” is not on the choices sheet.")
                    % {"list": list_name},
                )
                continue
            else:
                question["kind"] = (
                    QuestionKind.SINGLE_CHOICE
                    if base == "select_one"
                    else QuestionKind.MULTIPLE_CHOICE
                )
                question["choices"] = choices
        elif base in SIMPLE_TYPES and len(words) == 1:
            question["kind"] = SIMPLE_TYPES[base]
            if question["kind"] == QuestionKind.NUMBER:
                question["unit"] = _unit_from(_get(header, values, "hint"))
        else:
            report(number, _("The type “%(type)s” is not known.") % {"type": raw_type})
            continue
        question |= _conditions(header, values, question, earlier, partial(report, number))
        codes.add(name)
        earlier[name] = question
        questions.append(question | {"order": len(questions) + 1})
    return questions, problems


def _conditions(header, values, question: dict, earlier: dict[str, dict], report) -> dict:
    """The `relevant` condition and the limits of a question's row; what is not understood is
    reported and left out."""
    found = {"relevant": {}, "minimum": None, "maximum": None}
    expression = _get(header, values, "relevant")
    if expression:
        relevant = read_relevant(expression)
        if relevant is None:
            report(
                _(
                    "The condition “%(relevant)s” is not understood (only ${code} = 'value', "
                    "selected(${code}, 'value') and several of them on one question joined by "
                    "“or” are read): the question is always asked."
                )
                % {"relevant": expression}
            )
        else:
            found["relevant"], problem = clean_relevant(relevant, earlier)
            if problem:
                report(
                    _("The condition “%(relevant)s”: %(problem)s The question is always asked.")
                    % {"relevant": expression, "problem": problem}
                )
    expression = _get(header, values, "constraint")
    if expression:
        limits = read_constraint(expression) if question["kind"] == QuestionKind.NUMBER else None
        if limits is None:
            report(
                _(
                    "The constraint “%(constraint)s” is not understood (only . >= N, . <= M and "
                    "both joined by “and” are read, on a number): it is not checked."
                )
                % {"constraint": expression}
            )
        elif None not in limits.values() and limits["minimum"] > limits["maximum"]:
            report(
                _("The constraint “%(constraint)s” accepts no number: it is not checked.")
                % {"constraint": expression}
            )
        else:
            found |= limits
    return found
