"""Import one planning document's indicators, financing and objects from a spreadsheet.

An xlsx workbook has up to three sheets, `indicators`, `financing` and `objects`; a csv file holds
one of them. Every row is checked before anything is written: when any row is wrong the report
lists each problem with its sheet, row number (the header is row 1) and column, and nothing is
applied. Otherwise everything is applied in one transaction.

A column left out of a sheet keeps what the registry has; an empty cell in a column that is present
clears the value. The columns are described once, in SHEET_COLUMNS: the downloadable template, its
README sheet and docs/import-format.md follow them.
"""

import csv
import datetime
import functools
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modeltranslation.fields import TranslationField
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

from baqylau.core import pagecache
from baqylau.core import record as public_record
from baqylau.core.spreadsheets import SpreadsheetRefused, check_xlsx
from baqylau.core.text import free_slug, latin_slug
from baqylau.registry import geo, services, versions
from baqylau.registry.importers import bulk
from baqylau.registry.models import (
    Counted,
    Financing,
    Goal,
    Indicator,
    IndicatorValue,
    Organisation,
    PlanningDocument,
    PlanRevision,
    PlanVersion,
    ProjectObject,
    registry_changed,
)

INDICATORS = "indicators"
FINANCING = "financing"
OBJECTS = "objects"
SHEETS = (INDICATORS, FINANCING, OBJECTS)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Need(Enum):
    REQUIRED = "required"  # the column must be present and every row must fill it
    FOR_NEW = "for_new"  # needed when the row creates a record; may be left out for updates
    OPTIONAL = "optional"


@dataclass(frozen=True)
class Column:
    name: str
    need: Need
    en: str
    ru: str
    kk: str
    example: object = None


def _languages(prefix: str, need: Need, en: str, ru: str, kk: str, examples: tuple) -> list[Column]:
    """One column per language; the descriptions take `{lang}` for the language's name."""
    names = {
        "kk": ("Kazakh", "казахском", "қазақ"),
        "ru": ("Russian", "русском", "орыс"),
        "en": ("English", "английском", "ағылшын"),
    }
    return [
        Column(
            f"{prefix}{lang}",
            need,
            en.format(lang=names[lang][0]),
            ru.format(lang=names[lang][1]),
            kk.format(lang=names[lang][2]),
            example,
        )
        for lang, example in zip(("kk", "ru", "en"), examples, strict=True)
    ]


_DATE_HELP = (
    " (dd.mm.yyyy or yyyy-mm-dd).",
    " (дд.мм.гггг или гггг-мм-дд).",
    " (кк.аа.жжжж немесе жжжж-аа-кк).",
)

SHEET_COLUMNS: dict[str, tuple[Column, ...]] = {
    INDICATORS: (
        Column(
            "goal_number",
            Need.REQUIRED,
            "Number of the goal in the document, e.g. 1 or 2.1. Goals are matched by this number.",
            "Номер цели в документе, например 1 или 2.1. Цели сопоставляются по этому номеру.",
            "Құжаттағы мақсаттың нөмірі, мысалы 1 немесе 2.1. Мақсаттар осы нөмір бойынша "
            "салыстырылады.",
            "2",
        ),
        *_languages(
            "goal_name_",
            Need.FOR_NEW,
            "Name of the goal in {lang}. A new goal needs a name in at least one language.",
            "Наименование цели на {lang} языке. Новой цели нужно наименование хотя бы на одном "
            "языке.",
            "Мақсаттың {lang} тіліндегі атауы. Жаңа мақсатқа кемінде бір тілде атау қажет.",
            (
                "Жайлы және қауіпсіз өңір",
                "Комфортный и безопасный регион",
                "A comfortable and safe region",
            ),
        ),
        Column(
            "indicator_code",
            Need.REQUIRED,
            "Code of the indicator within its goal, e.g. 2.1.3. Indicators are matched by goal "
            "number and code. Format the column as text so that 1.10 does not become 1.1.",
            "Код показателя внутри цели, например 2.1.3. Показатели сопоставляются по номеру "
            "цели и коду. Задайте столбцу текстовый формат, чтобы 1.10 не превратилось в 1.1.",
            "Мақсат ішіндегі көрсеткіштің коды, мысалы 2.1.3. Көрсеткіштер мақсат нөмірі мен "
            "коды бойынша салыстырылады. 1.10 мәні 1.1-ге айналмауы үшін бағанға мәтіндік пішім "
            "беріңіз.",
            "2.1",
        ),
        *_languages(
            "name_",
            Need.FOR_NEW,
            "Name of the indicator in {lang}. A new indicator needs a name in at least one "
            "language.",
            "Наименование показателя на {lang} языке. Новому показателю нужно наименование хотя "
            "бы на одном языке.",
            "Көрсеткіштің {lang} тіліндегі атауы. Жаңа көрсеткішке кемінде бір тілде атау қажет.",
            (
                "Орталықтандырылған ауыз сумен қамтамасыз етілген ауыл халқының үлесі",
                "Доля сельского населения, имеющего доступ к централизованному питьевому "
                "водоснабжению",
                "Share of rural population with access to centralised drinking water",
            ),
        ),
        *_languages(
            "unit_",
            Need.OPTIONAL,
            "Unit of measurement in {lang}, e.g. %, thousand m².",
            "Единица измерения на {lang} языке, например %, тыс. м².",
            "Өлшем бірлігі, {lang} тілінде, мысалы %, мың м².",
            ("%", "%", "%"),
        ),
        Column(
            "kind",
            Need.OPTIONAL,
            "target (target indicator, the default) or result (result indicator).",
            "target (целевой индикатор, по умолчанию) или result (показатель результата).",
            "target (нысаналы индикатор, әдепкі мән) немесе result (нәтиже көрсеткіші).",
            "target",
        ),
        Column(
            "direction",
            Need.OPTIONAL,
            "higher (higher is better, the default) or lower (lower is better).",
            "higher (чем больше, тем лучше; по умолчанию) или lower (чем меньше, тем лучше).",
            "higher (неғұрлым жоғары болса, соғұрлым жақсы; әдепкі мән) немесе lower (неғұрлым "
            "төмен болса, соғұрлым жақсы).",
            "higher",
        ),
        Column(
            "baseline_year",
            Need.OPTIONAL,
            "Year of the baseline value.",
            "Год базового значения.",
            "Базалық мәннің жылы.",
            2020,
        ),
        Column(
            "baseline_value",
            Need.OPTIONAL,
            "Baseline value: a number, with a decimal comma or point.",
            "Базовое значение: число, с десятичной запятой или точкой.",
            "Базалық мән: ондық үтірі немесе нүктесі бар сан.",
            93.8,
        ),
        Column(
            "year",
            Need.REQUIRED,
            "Year of the planned and actual values; within the document's period. One row per "
            "indicator and year.",
            "Год планового и фактического значений; в пределах периода документа. Одна строка "
            "на показатель и год.",
            "Жоспарлы және нақты мәндердің жылы; құжат кезеңінің ішінде. Әр көрсеткіш пен жылға "
            "бір жол.",
            2024,
        ),
        Column(
            "plan",
            Need.OPTIONAL,
            "Planned value for the year. Once the document is published, a changed plan is kept "
            "as a plan revision.",
            "Плановое значение на год. После публикации документа изменение плана сохраняется "
            "как корректировка плана.",
            "Жылға арналған жоспарлы мән. Құжат жарияланғаннан кейін жоспардың өзгеруі жоспар "
            "түзетуі ретінде сақталады.",
            98.5,
        ),
        Column(
            "actual",
            Need.OPTIONAL,
            "Actual value for the year; empty while it is not known.",
            "Фактическое значение за год; пусто, пока оно не известно.",
            "Жылдағы нақты мән; белгісіз болса, бос қалдырыңыз.",
            99.1,
        ),
        Column(
            "actual_source",
            Need.OPTIONAL,
            "Where the actual value comes from: a report, statistics, a web page.",
            "Источник фактического значения: отчёт, статистика, веб-страница.",
            "Нақты мәннің дереккөзі: есеп, статистика, веб-бет.",
            "Павлодар облысы әкімдігінің 2024 жылғы есебі",
        ),
        Column(
            "actual_date",
            Need.OPTIONAL,
            "Date of the actual value" + _DATE_HELP[0],
            "Дата фактического значения" + _DATE_HELP[1],
            "Нақты мәннің күні" + _DATE_HELP[2],
            datetime.date(2025, 1, 1),
        ),
    ),
    FINANCING: (
        Column(
            "year",
            Need.REQUIRED,
            "Budget year, within the document's period.",
            "Бюджетный год, в пределах периода документа.",
            "Бюджет жылы, құжат кезеңінің ішінде.",
            2024,
        ),
        Column(
            "source",
            Need.REQUIRED,
            "republican (republican budget), local (local budget), off_budget (off-budget "
            "funds) or donor.",
            "republican (республиканский бюджет), local (местный бюджет), off_budget "
            "(внебюджетные средства) или donor (донор).",
            "republican (республикалық бюджет), local (жергілікті бюджет), off_budget (бюджеттен "
            "тыс қаражат) немесе donor (донор).",
            "local",
        ),
        Column(
            "planned",
            Need.FOR_NEW,
            "Planned amount, tenge.",
            "Запланированная сумма, тенге.",
            "Жоспарланған сома, теңге.",
            1_250_000_000,
        ),
        Column(
            "adjusted",
            Need.OPTIONAL,
            "Adjusted plan, tenge; empty when the plan was not adjusted.",
            "Уточнённый план, тенге; пусто, если план не уточнялся.",
            "Нақтыланған жоспар, теңге; жоспар нақтыланбаса, бос қалдырыңыз.",
            1_180_000_000,
        ),
        Column(
            "executed",
            Need.OPTIONAL,
            "Amount spent, tenge.",
            "Освоенная сумма, тенге.",
            "Игерілген сома, теңге.",
            1_175_500_000.5,
        ),
        Column(
            "object_slug",
            Need.OPTIONAL,
            "Slug of the object the money is for, from the objects sheet or already in this "
            "document; empty for the document as a whole. One row per object, year and source.",
            "Идентификатор (slug) объекта, на который выделены средства, с листа objects или уже "
            "в этом документе; пусто для документа в целом. Одна строка на объект, год и "
            "источник.",
            "Қаражат бөлінген нысанның идентификаторы (slug), objects парағынан немесе осы "
            "құжаттан; бүкіл құжатқа қатысты болса, бос қалдырыңыз. Әр нысан, жыл және көз үшін "
            "бір жол.",
            "zhelezinka-water-networks",
        ),
    ),
    OBJECTS: (
        Column(
            "slug",
            Need.REQUIRED,
            "Permanent identifier of the object: Latin letters, digits and hyphens. Objects are "
            "matched by it.",
            "Постоянный идентификатор объекта: латинские буквы, цифры и дефисы. Объекты "
            "сопоставляются по нему.",
            "Нысанның тұрақты идентификаторы: латын әріптері, цифрлар және дефис. Нысандар осы "
            "бойынша салыстырылады.",
            "zhelezinka-water-networks",
        ),
        Column(
            "kind",
            Need.FOR_NEW,
            "Type: school, kindergarten, health, road, water, heating, housing, sport, culture "
            "or other.",
            "Тип: school (школа), kindergarten (детский сад), health (здравоохранение), road "
            "(дорога), water (водоснабжение), heating (тепло и энергия), housing (жильё), sport, "
            "culture (культура) или other (прочее).",
            "Түрі: school (мектеп), kindergarten (балабақша), health (денсаулық сақтау), road "
            "(жол), water (сумен жабдықтау), heating (жылу және энергия), housing (тұрғын үй), "
            "sport, culture (мәдениет) немесе other (басқа).",
            "water",
        ),
        *_languages(
            "name_",
            Need.FOR_NEW,
            "Name of the object in {lang}. A new object needs a name in at least one language.",
            "Наименование объекта на {lang} языке. Новому объекту нужно наименование хотя бы на "
            "одном языке.",
            "Нысанның {lang} тіліндегі атауы. Жаңа нысанға кемінде бір тілде атау қажет.",
            (
                "Железинка ауылының сумен жабдықтау желілерін қайта жаңарту",
                "Реконструкция сетей водоснабжения села Железинка",
                "Reconstruction of water supply networks in Zhelezinka village",
            ),
        ),
        Column(
            "status",
            Need.FOR_NEW,
            "planned, procurement, in_progress (under construction), completed, suspended or "
            "cancelled.",
            "planned (запланирован), procurement (закупки), in_progress (строится), completed "
            "(завершён), suspended (приостановлен) или cancelled (отменён).",
            "planned (жоспарланған), procurement (сатып алу), in_progress (салынуда), completed "
            "(аяқталған), suspended (тоқтатылған) немесе cancelled (күшін жойған).",
            "in_progress",
        ),
        Column(
            "responsible_body",
            Need.OPTIONAL,
            "Slug of the responsible organisation, which must already be in the registry.",
            "Идентификатор (slug) ответственной организации; она должна уже быть в реестре.",
            "Жауапты ұйымның идентификаторы (slug); ұйым тізілімде болуы тиіс.",
            None,
        ),
        Column(
            "contractor",
            Need.OPTIONAL,
            "Name of the contractor as in the contract; a company of that name is found in the "
            "registry or added to it.",
            "Наименование подрядчика, как в договоре; компания с таким наименованием находится "
            "в реестре или добавляется в него.",
            "Мердігердің шарттағы атауы; осындай атауы бар компания тізілімнен табылады немесе "
            "оған қосылады.",
            "ТОО «Ертіс Су Құрылыс»",
        ),
        Column(
            "contract_number",
            Need.OPTIONAL,
            "Contract number.",
            "Номер договора.",
            "Шарттың нөмірі.",
            "45-2024",
        ),
        Column(
            "contract_value",
            Need.OPTIONAL,
            "Contract value, tenge.",
            "Сумма договора, тенге.",
            "Шарттың сомасы, теңге.",
            1_180_000_000,
        ),
        Column(
            "planned_start",
            Need.OPTIONAL,
            "Planned start" + _DATE_HELP[0],
            "Плановая дата начала" + _DATE_HELP[1],
            "Жоспарлы басталу күні" + _DATE_HELP[2],
            datetime.date(2024, 4, 1),
        ),
        Column(
            "planned_end",
            Need.OPTIONAL,
            "Planned end" + _DATE_HELP[0],
            "Плановая дата завершения" + _DATE_HELP[1],
            "Жоспарлы аяқталу күні" + _DATE_HELP[2],
            datetime.date(2025, 10, 31),
        ),
        Column(
            "capacity",
            Need.OPTIONAL,
            "Planned capacity: places, beds, kilometres… (a number; its unit in the next columns).",
            "Плановая мощность: места, койки, километры… (число; единица — в следующих столбцах).",
            "Жоспарлы қуаты: орын, төсек, километр… (сан; өлшем бірлігі келесі бағандарда).",
            Decimal("600"),
        ),
        *_languages(
            "capacity_unit_",
            Need.OPTIONAL,
            "Unit of the capacity in {lang}.",
            "Единица мощности на {lang} языке.",
            "Қуаттың өлшем бірлігі, {lang} тілінде.",
            ("орын", "мест", "places"),
        ),
        Column(
            "actual_start",
            Need.OPTIONAL,
            "Actual start" + _DATE_HELP[0],
            "Фактическая дата начала" + _DATE_HELP[1],
            "Нақты басталу күні" + _DATE_HELP[2],
            datetime.date(2024, 5, 15),
        ),
        Column(
            "actual_end",
            Need.OPTIONAL,
            "Actual end" + _DATE_HELP[0],
            "Фактическая дата завершения" + _DATE_HELP[1],
            "Нақты аяқталу күні" + _DATE_HELP[2],
            None,
        ),
        Column(
            "latitude",
            Need.OPTIONAL,
            "Latitude in decimal degrees (WGS 84), e.g. 53.5406. Give both latitude and "
            "longitude, or neither; the territory is found from them.",
            "Широта в десятичных градусах (WGS 84), например 53.5406. Укажите и широту, и "
            "долготу или ни одну; территория определяется по ним.",
            "Ендік, ондық градуспен (WGS 84), мысалы 53.5406. Ендік пен бойлықтың екеуін де "
            "көрсетіңіз немесе екеуін де бос қалдырыңыз; аумақ солар бойынша анықталады.",
            53.5406,
        ),
        Column(
            "longitude",
            Need.OPTIONAL,
            "Longitude in decimal degrees (WGS 84), e.g. 75.3158.",
            "Долгота в десятичных градусах (WGS 84), например 75.3158.",
            "Бойлық, ондық градуспен (WGS 84), мысалы 75.3158.",
            75.3158,
        ),
        *_languages(
            "address_",
            Need.OPTIONAL,
            "Address in {lang}.",
            "Адрес на {lang} языке.",
            "Мекенжай, {lang} тілінде.",
            (
                "Павлодар облысы, Железин ауданы, Железинка ауылы",
                "Павлодарская область, Железинский район, село Железинка",
                "Zhelezinka village, Zhelezin district, Pavlodar region",
            ),
        ),
    ),
}

_TITLE = "Baqylau: import of a planning document / импорт документа / құжатты импорттау"
_INTRO = (
    (
        "English",
        "Fill the sheets indicators (one row per indicator and year), financing (one row per "
        "year, source and object) and objects (one row per object); a sheet may be left empty "
        "or deleted. Row 1 holds the column names: do not rename them. Replace the example "
        "rows. A column left out keeps what the registry has; an empty cell in a column that is "
        "present clears the value. Numbers take a decimal comma or point; spaces between "
        "thousands are ignored. Dates are dd.mm.yyyy or yyyy-mm-dd. If any row is wrong, "
        "nothing is imported and every wrong row is listed with its number.",
    ),
    (
        "Русский",
        "Заполните листы indicators (одна строка на показатель и год), financing (одна строка "
        "на год, источник и объект) и objects (одна строка на объект); лист можно оставить "
        "пустым или удалить. В строке 1 названия столбцов: не меняйте их. Замените строки-"
        "примеры. Отсутствующий столбец оставляет данные реестра как есть; пустая ячейка в "
        "имеющемся столбце очищает значение. Числа с десятичной запятой или точкой; пробелы "
        "между разрядами игнорируются. Даты: дд.мм.гггг или гггг-мм-дд. Если хоть одна строка "
        "ошибочна, ничего не импортируется, а каждая ошибочная строка указывается с номером.",
    ),
    (
        "Қазақша",
        "indicators (әр көрсеткіш пен жылға бір жол), financing (әр жыл, көз және нысан үшін "
        "бір жол) және objects (әр нысанға бір жол) парақтарын толтырыңыз; парақты бос "
        "қалдыруға немесе жоюға болады. 1-жолда бағандардың атаулары: оларды өзгертпеңіз. "
        "Мысал жолдарын ауыстырыңыз. Жоқ баған тізілімдегі деректерді өзгеріссіз қалдырады; "
        "бар бағандағы бос ұяшық мәнді өшіреді. Сандар ондық үтірмен немесе нүктемен; "
        "разрядтар арасындағы бос орындар ескерілмейді. Күндер: кк.аа.жжжж немесе "
        "жжжж-аа-кк. Бір жол қате болса, ештеңе импортталмайды, ал әр қате жол нөмірімен "
        "көрсетіледі.",
    ),
)
_NEED_LABELS = {
    Need.REQUIRED: "yes / да / иә",
    Need.FOR_NEW: "for new records / для новых записей / жаңа жазбалар үшін",
    Need.OPTIONAL: "no / нет / жоқ",
}


# ---------------------------------------------------------------------------------------------
# The template


def plan_template_workbook() -> Workbook:
    """The downloadable template: a README sheet and one sheet per kind with an example row."""
    workbook = Workbook()
    readme = workbook.active
    readme.title = "README"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    readme.append([_TITLE])
    readme["A1"].font = Font(bold=True, size=14)
    for language, text in _INTRO:
        readme.append([language, text])
        readme.merge_cells(
            start_row=readme.max_row, start_column=2, end_row=readme.max_row, end_column=6
        )
        readme.row_dimensions[readme.max_row].height = 110
        readme.cell(readme.max_row, 2).alignment = wrap
    readme.append([])
    readme.append(["sheet", "column", "required", "English", "Русский", "Қазақша"])
    for cell in readme[readme.max_row]:
        cell.font = bold
    for sheet, columns in SHEET_COLUMNS.items():
        for column in columns:
            readme.append([sheet, column.name, _NEED_LABELS[column.need], column.en, column.ru])
            readme.cell(readme.max_row, 6, column.kk)
            for cell in readme[readme.max_row]:
                cell.alignment = wrap
    for letter, width in zip("ABCDEF", (14, 18, 22, 50, 50, 50), strict=True):
        readme.column_dimensions[letter].width = width

    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for sheet, columns in SHEET_COLUMNS.items():
        ws = workbook.create_sheet(sheet)
        ws.append([column.name for column in columns])
        ws.append([column.example for column in columns])
        for index, column in enumerate(columns, start=1):
            header = ws.cell(1, index)
            header.font = bold
            header.fill = header_fill
            letter = header.column_letter
            ws.column_dimensions[letter].width = max(12, min(40, len(column.name) + 4))
            example = ws.cell(2, index)
            if isinstance(column.example, datetime.date):
                example.number_format = "DD.MM.YYYY"
            if column.name in {"goal_number", "indicator_code", "contract_number"}:
                # Codes are text: 1.10 must not turn into the number 1.1.
                ws.column_dimensions[letter].number_format = "@"
                example.number_format = "@"
        ws.freeze_panes = "A2"
    return workbook


def plan_template_bytes() -> bytes:
    buffer = io.BytesIO()
    plan_template_workbook().save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Reading files


class PlanImportFileError(Exception):
    """The file as a whole cannot be read: wrong type, unreadable, not a workbook."""


@dataclass
class Sheet:
    """One table: normalised column names from row 1, and the non-empty rows under it."""

    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)


# A lone dash is how Kazakh and Russian tables say "no value".
_EMPTY_TEXTS = {"", "-", "–", "—"}


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in _EMPTY_TEXTS)


def _sheet(name: str, records, progress=None) -> Sheet | None:
    """Build a Sheet from rows of cells, numbered from 1 as in the spreadsheet; `progress` is
    told the rows read, every thousand."""
    records = iter(records)
    first = next(records, None)
    if first is None:
        return None
    header = ["" if _blank(cell) else str(cell).strip().casefold() for cell in first]
    sheet = Sheet(name=name, header=header)
    for number, record in enumerate(records, start=2):
        cells = {
            column: value
            for column, value in zip(header, record, strict=False)
            if column and not _blank(value)
        }
        if cells or any(not _blank(value) for value in record):
            sheet.rows.append((number, cells))
        if progress is not None and number % 1000 == 0:
            progress("read", number - 1, None)
    if not any(header) and not sheet.rows:
        return None
    return sheet


def _read_xlsx(path: Path, kind: str | None, progress=None) -> dict[str, Sheet]:
    try:
        with_errors = check_xlsx(path)
    except SpreadsheetRefused as exc:
        message = (
            _("%(file)s is not an xlsx workbook.") % {"file": path.name}
            if exc.code == "not_xlsx"
            else _("%(file)s: %(reason)s") % {"file": path.name, "reason": exc}
        )
        raise PlanImportFileError(message) from exc
    except OSError as exc:
        raise PlanImportFileError(
            _("Cannot read %(file)s: %(error)s") % {"file": path.name, "error": exc}
        ) from exc
    try:
        # calamine parses the XML in Rust, ten times faster than openpyxl; check_xlsx has
        # bounded each sheet to MAX_ROWS × MAX_COLUMNS, which calamine holds in memory.
        workbook = CalamineWorkbook.from_path(path)
    except OSError as exc:
        raise PlanImportFileError(
            _("Cannot read %(file)s: %(error)s") % {"file": path.name, "error": exc}
        ) from exc
    except (CalamineError, ValueError, TypeError) as exc:
        raise PlanImportFileError(
            _("%(file)s is not an xlsx workbook.") % {"file": path.name}
        ) from exc
    with workbook:
        by_name = {
            sheet.name.strip().casefold(): sheet.name
            for sheet in workbook.sheets_metadata
            if sheet.typ == SheetTypeEnum.WorkSheet
        }
        wanted = (kind,) if kind else SHEETS
        if not any(name in by_name for name in wanted):
            raise PlanImportFileError(
                _("The workbook has no sheet named %(names)s.") % {"names": ", ".join(wanted)}
            )
        sheets = {}
        for name in wanted:
            if name not in by_name:
                continue
            try:
                # Its rows from row 1, so that row numbers match the spreadsheet.
                if by_name[name] in with_errors:
                    rows = _openpyxl_rows(path, by_name[name])
                else:
                    rows = map(_as_openpyxl, workbook.get_sheet_by_name(by_name[name]).iter_rows())
                table = _sheet(name, rows, progress)
            except (
                CalamineError,
                InvalidFileException,
                zipfile.BadZipFile,
                ValueError,
                TypeError,
                KeyError,
                OverflowError,
                AttributeError,
            ) as exc:
                # The parser meets cells no spreadsheet program writes.
                raise PlanImportFileError(
                    _("The sheet %(name)s of %(file)s cannot be read.")
                    % {"name": name, "file": path.name}
                ) from exc
            if table is not None:
                sheets[name] = table
        return sheets


def _openpyxl_rows(path: Path, title: str):
    """The rows of a sheet that holds error values (#DIV/0!), which calamine reads as empty
    cells: openpyxl reads them as their text, which the checks report rather than clear a
    value. Slower, and rare."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        # min_row=1: row numbers must match the spreadsheet even above the first filled row.
        yield from workbook[title].iter_rows(min_row=1, values_only=True)
    finally:
        workbook.close()


def _as_openpyxl(row: list) -> list:
    """A row of calamine's values as openpyxl reads them: a whole number as an int (calamine
    reads every number as a float), an empty cell as None."""
    return [
        None
        if value == ""
        else int(value)
        if type(value) is float and value.is_integer() and abs(value) < 2**53
        else value
        for value in row
    ]


def _read_csv(path: Path, kind: str, progress=None) -> dict[str, Sheet]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PlanImportFileError(
            _("Cannot read %(file)s: %(error)s") % {"file": path.name, "error": exc}
        ) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # What Russian-language Excel writes when it saves "CSV".
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError as exc:
            raise PlanImportFileError(
                _("%(file)s is not a text file in UTF-8 or Windows-1251.") % {"file": path.name}
            ) from exc
    first_line = text.split("\n", 1)[0]
    # Kazakh and Russian Excel separate csv columns with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    table = _sheet(kind, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), progress)
    if table is None:
        raise PlanImportFileError(_("%(file)s is empty.") % {"file": path.name})
    return {kind: table}


def read_plan_file(path: str | Path, *, kind: str | None = None, progress=None) -> dict[str, Sheet]:
    """The sheets of an xlsx workbook, or the one table of a csv file (of `kind`)."""
    path = Path(path)
    if kind is not None and kind not in SHEETS:
        raise PlanImportFileError(
            _("Unknown kind %(kind)s: use %(kinds)s.") % {"kind": kind, "kinds": ", ".join(SHEETS)}
        )
    suffix = path.suffix.casefold()
    if suffix not in {".xlsx", ".csv"}:
        raise PlanImportFileError(
            _("Unsupported file type “%(suffix)s”: save the file as .xlsx or .csv.")
            % {"suffix": path.suffix or path.name}
        )
    if not path.is_file():
        raise PlanImportFileError(_("No such file: %(file)s") % {"file": path})
    if suffix == ".csv":
        sheets = _read_csv(path, kind or INDICATORS, progress)
    else:
        sheets = _read_xlsx(path, kind, progress)
    if progress is not None:
        progress("read", sum(len(sheet.rows) for sheet in sheets.values()), None)
    return sheets


# ---------------------------------------------------------------------------------------------
# Checking cells


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        if not self.sheet:  # about the whole import
            return f"{self.column}: {self.reason}" if self.column else self.reason
        if self.column:
            return _("%(sheet)s, row %(row)d, %(column)s: %(reason)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "column": self.column,
                "reason": self.reason,
            }
        return _("%(sheet)s, row %(row)d: %(reason)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "reason": self.reason,
        }


class _Invalid(Exception):
    pass


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def _shown(value) -> str:
    return f"«{str(value).strip()}»"


def _parse_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


def _parse_decimal(value) -> Decimal:
    if isinstance(value, bool | datetime.date):
        raise _Invalid(_("Not a number: %(value)s.") % {"value": _shown(value)})
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = _SPACES.sub("", str(value)).replace("\u2212", "-")
    if "," in text and "." in text:
        # The later separator is the decimal one: 1.250,5 or 1,250.5.
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "").replace(",", ".")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(",") > 1 or text.count(".") > 1:
        text = text.replace(",", "").replace(".", "")
    if not _NUMBER.fullmatch(text):
        raise _Invalid(_("Not a number: %(value)s.") % {"value": _shown(value)})
    return Decimal(text)


def _fit(number: Decimal, model_field: models.DecimalField) -> Decimal:
    places = model_field.decimal_places
    whole_digits = model_field.max_digits - places
    try:
        number = number.quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:
        number = None
    if number is None or len(number.as_tuple().digits) > model_field.max_digits:
        raise _Invalid(
            _("Too large: at most %(digits)d digits before the decimal point.")
            % {"digits": whole_digits}
        )
    return number


def _parse_year(value) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        year = value
    elif isinstance(value, str) and value.strip().isdigit():
        year = int(value.strip())
    else:
        raise _Invalid(_("Not a year: %(value)s.") % {"value": _shown(value)})
    if not 1900 <= year <= 2100:
        raise _Invalid(_("Not a year: %(value)s.") % {"value": _shown(value)})
    return year


def _parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    date = _date_from_text(str(value).strip())
    if date is None:
        raise _Invalid(
            _("Not a date: %(value)s. Use dd.mm.yyyy or yyyy-mm-dd.") % {"value": _shown(value)}
        )
    return date


@functools.lru_cache(maxsize=4096)
def _date_from_text(text: str) -> datetime.date | None:
    """Remembered: a plan's rows repeat a few dates thousands of times."""
    for date_format in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            pass
    return None


@functools.cache
def _max_length(model: type[models.Model], name: str) -> int:
    return model._meta.get_field(name).max_length


class _Row:
    """Parses the cells of one row, recording one error per bad cell."""

    def __init__(self, sheet: str, number: int, cells: dict, errors: list[RowError]):
        self.sheet = sheet
        self.number = number
        self.cells = cells
        self.errors = errors
        self.ok = True

    def error(self, column: str, reason: str) -> None:
        self.errors.append(RowError(self.sheet, self.number, column, str(reason)))
        self.ok = False

    def _get(self, column: str, parse, required: bool):
        raw = self.cells.get(column)
        if _blank(raw):
            if required:
                self.error(column, _("A value is required."))
            return None
        try:
            return parse(raw)
        except _Invalid as exc:
            self.error(column, str(exc))
            return None

    def text(self, column: str, *, max_length: int, required: bool = False) -> str:
        value = self._get(column, _parse_text, required) or ""
        if len(value) > max_length:
            self.error(column, _("Too long: at most %(count)d characters.") % {"count": max_length})
        return value

    def decimal(
        self,
        column: str,
        *,
        model_field: models.Field,
        required: bool = False,
        non_negative: bool = False,
    ) -> Decimal | None:
        def parse(raw):
            number = _fit(_parse_decimal(raw), model_field)
            if non_negative and number < 0:
                raise _Invalid(_("Must not be negative."))
            return number

        return self._get(column, parse, required)

    def year(self, column: str, *, period: tuple[int, int] | None = None, required=False):
        def parse(raw):
            year = _parse_year(raw)
            if period and not period[0] <= year <= period[1]:
                raise _Invalid(
                    _("The year %(year)d is outside the document's period %(start)d–%(end)d.")
                    % {"year": year, "start": period[0], "end": period[1]}
                )
            return year

        return self._get(column, parse, required)

    def date(self, column: str) -> datetime.date | None:
        return self._get(column, _parse_date, False)

    def choice(self, column: str, choices: type[models.TextChoices], required=False) -> str:
        def parse(raw):
            value = str(raw).strip().casefold()
            if value not in choices.values:
                raise _Invalid(
                    _("Unknown value %(value)s; expected one of: %(choices)s.")
                    % {"value": _shown(raw), "choices": ", ".join(choices.values)}
                )
            return value

        return self._get(column, parse, required) or ""

    def coordinate(self, column: str, limit: int) -> float | None:
        def parse(raw):
            number = float(_parse_decimal(raw))
            if not -limit <= number <= limit:
                raise _Invalid(
                    _("Must be between %(low)d and %(high)d degrees.")
                    % {"low": -limit, "high": limit}
                )
            return number

        return self._get(column, parse, False)


@dataclass
class _Entity:
    """A goal or indicator that several rows (one per year) describe: their cells must agree."""

    row: int
    fields: dict[str, object] = field(default_factory=dict)
    origin: dict[str, int] = field(default_factory=dict)

    def merge(self, values: dict[str, object], row: _Row, differs: str) -> None:
        for column, value in values.items():
            if _blank(value):
                self.fields.setdefault(column, value)
            elif column in self.origin and self.fields[column] != value:
                row.error(column, differs % {"row": self.origin[column]})
            else:
                self.fields[column] = value
                self.origin[column] = row.number


# ---------------------------------------------------------------------------------------------
# Checking sheets


@dataclass
class _Plan:
    """What the file asks for, checked, keyed by what identifies each record."""

    goals: dict[str, _Entity] = field(default_factory=dict)
    indicators: dict[tuple[str, str], _Entity] = field(default_factory=dict)
    values: dict[tuple[str, str, int], dict[str, object]] = field(default_factory=dict)
    objects: dict[str, dict[str, object]] = field(default_factory=dict)
    financing: dict[tuple[str, int, str], dict[str, object]] = field(default_factory=dict)


class _Context:
    """The document and what the registry already holds for it."""

    def __init__(self, document: PlanningDocument, sheets: dict[str, Sheet]):
        self.document = document
        self.period = (document.start_year, document.end_year)
        self.goals: dict[str, Goal] = {}
        for goal in Goal.private_objects.filter(document=document).order_by("-id"):
            self.goals[goal.number] = goal  # the oldest wins when numbers repeat
        self.indicators: dict[tuple[str, str], Indicator] = {}
        for indicator in (
            Indicator.private_objects.filter(goal__document=document)
            .select_related("goal")
            .order_by("-id")
        ):
            if self.goals.get(indicator.goal.number) == indicator.goal:
                self.indicators[(indicator.goal.number, indicator.code)] = indicator
        self.values: dict[tuple[int, int], IndicatorValue] = {
            (value.indicator_id, value.year): value
            for value in IndicatorValue.private_objects.filter(
                indicator__in=list(self.indicators.values())
            )
        }
        slugs = set()
        for name, column in ((OBJECTS, "slug"), (FINANCING, "object_slug")):
            if name in sheets:
                slugs |= {
                    _parse_text(cells[column]) for _n, cells in sheets[name].rows if column in cells
                }
        self.objects: dict[str, ProjectObject] = {
            obj.slug: obj for obj in ProjectObject.private_objects.filter(slug__in=slugs)
        }
        self.financing: dict[tuple[str, int, str], Financing] = {}
        for row in (
            Financing.private_objects.filter(document=document)
            .select_related("object")
            .order_by("-id")
        ):
            slug = row.object.slug if row.object else ""
            self.financing[(slug, row.year, row.source)] = row
        bodies = set()
        if OBJECTS in sheets:
            bodies = {
                _parse_text(cells["responsible_body"])
                for _n, cells in sheets[OBJECTS].rows
                if "responsible_body" in cells
            }
        self.organisations: dict[str, int] = dict(
            Organisation.objects.filter(slug__in=bodies).values_list("slug", "id")
        )


def _check_header(sheet: Sheet, errors: list[RowError]) -> bool:
    """Whether the rows can be read: every required column present, no unknown or repeated."""
    known = {column.name: column for column in SHEET_COLUMNS[sheet.name]}
    seen = set()
    usable = True
    for column in sheet.header:
        if not column:
            continue
        if column not in known:
            errors.append(RowError(sheet.name, 1, column, _("Unknown column.")))
        elif column in seen:
            errors.append(RowError(sheet.name, 1, column, _("The column appears twice.")))
            usable = False
        seen.add(column)
    for column in known.values():
        if column.need is Need.REQUIRED and column.name not in seen:
            errors.append(RowError(sheet.name, 1, column.name, _("This column is missing.")))
            usable = False
    return usable


def _names_given(
    columns: tuple[str, ...], fields: dict[str, object], existing, attrs: tuple[str, ...]
) -> bool:
    """Whether the record keeps a name in some language once the row is applied."""
    for column, attr in zip(columns, attrs, strict=True):
        value = fields[column] if column in fields else getattr(existing, attr, None)
        if not _blank(value):
            return True
    return False


_GOAL_NAMES = ("goal_name_kk", "goal_name_ru", "goal_name_en")
_NAMES = ("name_kk", "name_ru", "name_en")
_UNITS = ("unit_kk", "unit_ru", "unit_en")
_ADDRESSES = ("address_kk", "address_ru", "address_en")
_CAPACITY_UNITS = ("capacity_unit_kk", "capacity_unit_ru", "capacity_unit_en")


def _name_required() -> str:
    return _("A name in at least one language (kk, ru or en) is required.")


def _check_indicators(sheet: Sheet, ctx: _Context, plan: _Plan, errors: list[RowError]) -> None:
    value_field = Indicator._meta.get_field("baseline_value")
    plan_field = IndicatorValue._meta.get_field("plan")
    goal_differs = _("Differs from row %(row)d for the same goal.")
    indicator_differs = _("Differs from row %(row)d for the same indicator.")
    for number, cells in sheet.rows:
        row = _Row(sheet.name, number, cells, errors)
        goal_number = row.text("goal_number", max_length=_max_length(Goal, "number"), required=True)
        code = row.text("indicator_code", max_length=_max_length(Indicator, "code"), required=True)
        year = row.year("year", period=ctx.period, required=True)
        goal_fields = {
            column: row.text(column, max_length=_max_length(Goal, "name_kk"))
            for column in _GOAL_NAMES
            if column in sheet.header
        }
        indicator_fields = {}
        for column in _NAMES:
            if column in sheet.header:
                indicator_fields[column] = row.text(
                    column, max_length=_max_length(Indicator, "name_kk")
                )
        for column in _UNITS:
            if column in sheet.header:
                indicator_fields[column] = row.text(
                    column, max_length=_max_length(Indicator, "unit_kk")
                )
        if "kind" in sheet.header:
            indicator_fields["kind"] = row.choice("kind", Indicator.Kind)
        if "direction" in sheet.header:
            indicator_fields["direction"] = row.choice("direction", Indicator.Direction)
        if "baseline_year" in sheet.header:
            indicator_fields["baseline_year"] = row.year("baseline_year")
        if "baseline_value" in sheet.header:
            indicator_fields["baseline_value"] = row.decimal(
                "baseline_value", model_field=value_field
            )
        value_fields = {}
        for column in ("plan", "actual"):
            if column in sheet.header:
                value_fields[column] = row.decimal(column, model_field=plan_field)
        if "actual_source" in sheet.header:
            value_fields["actual_source"] = row.text(
                "actual_source", max_length=_max_length(IndicatorValue, "actual_source")
            )
        if "actual_date" in sheet.header:
            value_fields["actual_date"] = row.date("actual_date")
        if not row.ok:
            continue

        goal = plan.goals.setdefault(goal_number, _Entity(row=number))
        goal.merge(goal_fields, row, goal_differs)
        key = (goal_number, code)
        indicator = plan.indicators.setdefault(key, _Entity(row=number))
        indicator.merge(indicator_fields, row, indicator_differs)
        value_key = (goal_number, code, year)
        if value_key in plan.values:
            row.error(
                "year",
                _("The same indicator and year already appear in row %(row)d.")
                % {"row": plan.values[value_key]["row"]},
            )
            continue
        plan.values[value_key] = {"row": number, **value_fields}

    for goal_number, goal in plan.goals.items():
        existing = ctx.goals.get(goal_number)
        if not _names_given(_GOAL_NAMES, goal.fields, existing, _NAMES):
            errors.append(RowError(sheet.name, goal.row, ", ".join(_GOAL_NAMES), _name_required()))
    for key, indicator in plan.indicators.items():
        existing = ctx.indicators.get(key)
        if not _names_given(_NAMES, indicator.fields, existing, _NAMES):
            errors.append(RowError(sheet.name, indicator.row, ", ".join(_NAMES), _name_required()))


def _check_objects(sheet: Sheet, ctx: _Context, plan: _Plan, errors: list[RowError]) -> None:
    value_field = ProjectObject._meta.get_field("contract_value")
    capacity_field = ProjectObject._meta.get_field("capacity")
    rows_by_slug: dict[str, int] = {}
    for number, cells in sheet.rows:
        row = _Row(sheet.name, number, cells, errors)
        slug = row.text("slug", max_length=_max_length(ProjectObject, "slug"), required=True)
        existing = None
        if slug:
            try:
                validate_slug(slug)
            except ValidationError:
                row.error(
                    "slug", _("Not a valid slug: use Latin letters, digits, hyphens, underscores.")
                )
            if slug in rows_by_slug:
                row.error(
                    "slug",
                    _("The same slug already appears in row %(row)d.")
                    % {"row": rows_by_slug[slug]},
                )
            rows_by_slug.setdefault(slug, number)
            existing = ctx.objects.get(slug)
            if existing is not None and existing.document_id != ctx.document.id:
                row.error(
                    "slug",
                    _("The object %(slug)s belongs to another planning document.")
                    % {"slug": _shown(slug)},
                )
        fields: dict[str, object] = {}
        for column, choices in (("kind", ProjectObject.Kind), ("status", ProjectObject.Status)):
            if column in sheet.header:
                fields[column] = row.choice(column, choices, required=True)
            elif existing is None:
                row.error(column, _("A new object needs this column."))
        for column in _NAMES:
            if column in sheet.header:
                fields[column] = row.text(column, max_length=_max_length(ProjectObject, "name_kk"))
        if slug and not _names_given(_NAMES, fields, existing, _NAMES):
            row.error(", ".join(_NAMES), _name_required())
        if "responsible_body" in sheet.header:
            body = row.text("responsible_body", max_length=_max_length(Organisation, "slug"))
            if body and body not in ctx.organisations:
                row.error(
                    "responsible_body",
                    _("No organisation with slug %(slug)s in the registry.")
                    % {"slug": _shown(body)},
                )
            fields["responsible_body"] = ctx.organisations.get(body)
        if "contractor" in sheet.header:
            fields["contractor"] = row.text(
                "contractor", max_length=_max_length(Organisation, "name_ru")
            )
        if "contract_number" in sheet.header:
            fields["contract_number"] = row.text(
                "contract_number", max_length=_max_length(ProjectObject, "contract_number")
            )
        if "contract_value" in sheet.header:
            fields["contract_value"] = row.decimal(
                "contract_value", model_field=value_field, non_negative=True
            )
        for column in ("planned_start", "planned_end", "actual_start", "actual_end"):
            if column in sheet.header:
                fields[column] = row.date(column)
        if "capacity" in sheet.header:
            fields["capacity"] = row.decimal(
                "capacity", model_field=capacity_field, non_negative=True
            )
        for column in _CAPACITY_UNITS:
            if column in sheet.header:
                fields[column] = row.text(
                    column, max_length=_max_length(ProjectObject, "capacity_unit_kk")
                )
        for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
            if fields.get(start) and fields.get(end) and fields[end] < fields[start]:
                row.error(end, _("Ends before it starts."))
        reported = len(errors)
        for column, limit in (("latitude", 90), ("longitude", 180)):
            if column in sheet.header:
                fields[column] = row.coordinate(column, limit)
        if len(errors) == reported:
            latitude = fields.get("latitude", getattr(existing, "latitude", None))
            longitude = fields.get("longitude", getattr(existing, "longitude", None))
            if (latitude is None) != (longitude is None):
                row.error(
                    "longitude" if longitude is None else "latitude",
                    _("Give both latitude and longitude, or neither."),
                )
        for column in _ADDRESSES:
            if column in sheet.header:
                fields[column] = row.text(
                    column, max_length=_max_length(ProjectObject, "address_kk")
                )
        if row.ok:
            plan.objects[slug] = fields


def _check_financing(
    sheet: Sheet, ctx: _Context, plan: _Plan, errors: list[RowError], new_slugs: set[str]
) -> None:
    amount_field = Financing._meta.get_field("planned")
    rows_by_key: dict[tuple[str, int, str], int] = {}
    for number, cells in sheet.rows:
        row = _Row(sheet.name, number, cells, errors)
        year = row.year("year", period=ctx.period, required=True)
        source = row.choice("source", Financing.Source, required=True)
        slug = row.text("object_slug", max_length=_max_length(ProjectObject, "slug"))
        if slug and slug not in new_slugs:
            obj = ctx.objects.get(slug)
            if obj is None:
                row.error(
                    "object_slug",
                    _("No object %(slug)s in this document or in the objects sheet.")
                    % {"slug": _shown(slug)},
                )
            elif obj.document_id != ctx.document.id:
                row.error(
                    "object_slug",
                    _("The object %(slug)s belongs to another planning document.")
                    % {"slug": _shown(slug)},
                )
        fields: dict[str, object] = {}
        key = (slug, year, source)
        if "planned" in sheet.header:
            fields["planned"] = row.decimal(
                "planned", model_field=amount_field, required=True, non_negative=True
            )
        elif year and source and key not in ctx.financing:
            row.error("planned", _("A new financing row needs this column."))
        for column in ("adjusted", "executed"):
            if column in sheet.header:
                fields[column] = row.decimal(column, model_field=amount_field, non_negative=True)
        if not row.ok:
            continue
        if key in rows_by_key:
            row.error(
                "source",
                _("The same object, year and source already appear in row %(row)d.")
                % {"row": rows_by_key[key]},
            )
            continue
        rows_by_key[key] = number
        plan.financing[key] = fields


# ---------------------------------------------------------------------------------------------
# Applying


def _same(a, b) -> bool:
    if a in ("", None) and b in ("", None):
        return True
    return a == b


def _assign(instance: models.Model, values: dict[str, object]) -> set[str]:
    """Set the attributes; the names of those that changed. An empty text is NULL where the
    column allows."""
    changed = set()
    for attr, value in values.items():
        if value == "" and instance._meta.get_field(attr.removesuffix("_id")).null:
            value = None
        if not _same(getattr(instance, attr), value):
            setattr(instance, attr, value)
            changed.add(attr)
    return changed


@functools.cache
def _translation_defaults(model: type[models.Model]) -> dict[str, object]:
    """The default of each language's column of the model, worked out once."""
    return {
        f.attname: f.get_default()
        for f in model._meta.concrete_fields
        if isinstance(f, TranslationField) and not (f.has_default() and callable(f.default))
    }


def _new(model: type[models.Model], **values):
    """A new record of a translated model. Given its languages' defaults, the model does not
    work each out under its language, which costs more than the rest of building the record."""
    return model(**{**_translation_defaults(model), **values})


def _company_slug(name: str) -> str:
    base = latin_slug(name, 100) or "company"
    return free_slug(base, lambda slug: Organisation.objects.filter(slug=slug).exists())


# Records are written this many at a time (and the progress is told after each batch).
BATCH = 2000

Progress = Callable[[str, int, int | None], None]


def _no_progress(stage: str, done: int, total: int | None) -> None:
    pass


class _Applier:
    """Works out every record to create or change from what the registry holds (loaded once by
    _Context) and writes them in bulk: a few queries per batch of rows, none per row. A dry run
    works out the same and writes nothing."""

    def __init__(
        self,
        ctx: _Context,
        plan: _Plan,
        *,
        reason: str,
        user,
        counts: Counter,
        dry_run: bool = False,
        progress: Progress = _no_progress,
    ):
        self.ctx = ctx
        self.plan = plan
        self.reason = reason
        self.user = user
        self.counts = counts
        self.dry_run = dry_run
        self.progress = progress
        self.objects: dict[str, ProjectObject] = {}
        self.contractors: dict[str, int | None] = {}
        self.revisions = 0
        # Whether a promise changes (a plan, a baseline, a deadline, a capacity, a budget): a
        # published document then needs the source of the change.
        self.promises_changed = False
        self.total = len(plan.objects) + len(plan.values) + len(plan.financing)
        self.done = 0
        self.version = versions.recording()

    def count(self, model: type[models.Model], created: bool, changed: bool, n: int = 1) -> None:
        outcome = "created" if created else "updated" if changed else "unchanged"
        self.counts[(model._meta.model_name, outcome)] += n

    def advance(self, rows: int) -> None:
        self.done += rows
        self.progress("apply", self.done, self.total)

    def write(self, model, created: list, updated: list, fields: set[str]) -> None:
        """Create and update in bulk; the history keeps a version of each, as save() would."""
        if self.dry_run or not (created or updated):
            return
        bulk.insert(model, created)
        bulk.update(model, updated, fields)
        if hasattr(model, "history"):
            # As the services write them: who and why for a value, not for the rest.
            value = model is IndicatorValue
            for records, update in ((created, False), (updated, True)):
                bulk.history_insert(
                    model,
                    records,
                    update=update,
                    user=self.user if update and value else None,
                    reason=self.reason.strip()[:100] if update and value else "",
                    extra={"plan_version_id": getattr(self.version, "pk", None)},
                )
        if issubclass(model, Counted):
            registry_changed()

    def load_contractors(self) -> None:
        names = {f["contractor"] for f in self.plan.objects.values() if f.get("contractor")}
        if not names:
            return
        found = (
            Organisation.objects.filter(kind=Organisation.Kind.COMPANY)
            .filter(Q(name_ru__in=names) | Q(name_kk__in=names) | Q(name_en__in=names))
            .order_by("-id")
            .values_list("id", "name_ru", "name_kk", "name_en")
        )
        for company_id, *company_names in found:  # the oldest wins
            for name in company_names:
                if name in names:
                    self.contractors[name] = company_id

    def contractor_id(self, name: str) -> int | None:
        if not name:
            return None
        if name not in self.contractors:
            self.counts[("contractor", "created")] += 1
            if self.dry_run:
                self.contractors[name] = None
            else:
                company = Organisation.objects.create(
                    kind=Organisation.Kind.COMPANY, slug=_company_slug(name), name_ru=name
                )
                self.contractors[name] = company.id
        return self.contractors[name]

    def apply_objects(self) -> None:
        self.load_contractors()
        locate = None
        items = list(self.plan.objects.items())
        for start in range(0, len(items), BATCH):
            created_objects, updated_objects, fields = [], [], set()
            for slug, wanted in items[start : start + BATCH]:
                obj = self.ctx.objects.get(slug)
                if obj is None and self.dry_run:
                    # A new record is counted, not built: a dry run writes nothing.
                    self.contractor_id(wanted.get("contractor") or "")
                    self.count(ProjectObject, True, False)
                    continue
                obj = obj or _new(ProjectObject, document=self.ctx.document, slug=slug)
                created = obj.pk is None
                values = {}
                for column, value in wanted.items():
                    if column == "responsible_body":
                        values["responsible_body_id"] = value
                    elif column == "contractor":
                        values["contractor_id"] = self.contractor_id(value)
                    else:
                        values[column] = value
                changed = _assign(obj, values)
                if created or changed:
                    if not created and changed & {"planned_start", "planned_end", "capacity"}:
                        self.promises_changed = True
                    if not self.dry_run:
                        locate = locate or geo.territory_finder()
                        obj.territory_id = (
                            locate(latitude=obj.latitude, longitude=obj.longitude)
                            if obj.has_location
                            else None
                        )
                        obj.fill_search_text()
                        obj.updated_at = timezone.now()
                    if created:
                        created_objects.append(obj)
                    else:
                        updated_objects.append(obj)
                        fields |= changed | {"territory_id", "search_text", "updated_at"}
                self.count(ProjectObject, created, bool(changed))
                self.objects[slug] = obj
            self.write(ProjectObject, created_objects, updated_objects, fields)
            self.advance(len(items[start : start + BATCH]))

    def apply_goals(self) -> dict[str, Goal]:
        document = self.ctx.document
        goals: dict[str, Goal] = {}
        orders = Goal.private_objects.filter(document=document).aggregate(m=models.Max("order"))
        next_goal_order = (orders["m"] or 0) + 1
        created_goals, updated_goals, fields = [], [], set()
        for number, entity in self.plan.goals.items():
            goal = self.ctx.goals.get(number)
            created = goal is None
            if created:
                goal = _new(Goal, document=document, number=number, order=next_goal_order)
                next_goal_order += 1
            values = {column.removeprefix("goal_"): v for column, v in entity.fields.items()}
            changed = _assign(goal, values)
            if created:
                created_goals.append(goal)
            elif changed:
                updated_goals.append(goal)
                fields |= changed
            self.count(Goal, created, bool(changed))
            goals[number] = goal
        self.write(Goal, created_goals, updated_goals, fields)
        return goals

    def apply_indicators(self) -> None:
        goals = self.apply_goals()
        next_order: dict[int, int] = {}
        if not self.dry_run:
            next_order = dict(
                Indicator.private_objects.filter(goal__document=self.ctx.document)
                .values("goal_id")
                .annotate(m=models.Max("order"))
                .values_list("goal_id", "m")
            )
        indicators: dict[tuple[str, str], Indicator] = {}
        created_indicators, updated_indicators, fields = [], [], set()
        for (goal_number, code), entity in self.plan.indicators.items():
            goal = goals[goal_number]
            indicator = self.ctx.indicators.get((goal_number, code))
            created = indicator is None
            if created and self.dry_run:
                self.count(Indicator, True, False)
                indicators[(goal_number, code)] = None  # its values are all new
                continue
            if created:
                order = next_order.get(goal.id, 0) + 1
                next_order[goal.id] = order
                indicator = _new(Indicator, goal=goal, code=code, order=order)
            values = dict(entity.fields)
            if "kind" in values:
                values["kind"] = values["kind"] or Indicator.Kind.TARGET
            if "direction" in values:
                values["direction"] = values["direction"] or Indicator.Direction.HIGHER
            changed = _assign(indicator, values)
            if created:
                created_indicators.append(indicator)
            elif changed:
                updated_indicators.append(indicator)
                fields |= changed
                if changed & {"baseline_year", "baseline_value"}:
                    self.promises_changed = True
            self.count(Indicator, created, bool(changed))
            indicators[(goal_number, code)] = indicator
        self.write(Indicator, created_indicators, updated_indicators, fields)
        self.apply_values(indicators)

    def apply_values(self, indicators: dict[tuple[str, str], Indicator | None]) -> None:
        document = self.ctx.document
        published = document.is_published
        source = self.version.source if self.version is not None else ""
        revision_reason = (source or self.reason)[:500]
        items = list(self.plan.values.items())
        for start in range(0, len(items), BATCH):
            created_values, updated_values, revisions, announced = [], [], [], []
            for (goal_number, code, year), fields in items[start : start + BATCH]:
                indicator = indicators[(goal_number, code)]
                existing = (
                    self.ctx.values.get((indicator.id, year))
                    if indicator is not None and indicator.id
                    else None
                )
                current = {
                    "plan": getattr(existing, "plan", None),
                    "actual": getattr(existing, "actual", None),
                    "actual_source": getattr(existing, "actual_source", ""),
                    "actual_date": getattr(existing, "actual_date", None),
                }
                wanted = {**current, **{k: v for k, v in fields.items() if k != "row"}}
                wanted["actual_source"] = wanted["actual_source"] or ""
                if existing is None:
                    self.promises_changed |= wanted["plan"] is not None
                    self.count(IndicatorValue, True, False)
                    if self.dry_run:
                        continue
                    value = IndicatorValue(indicator=indicator, year=year, **wanted)
                    created_values.append(value)
                    if published and wanted["actual"] is not None:
                        announced.append(value)
                    continue
                changed = not all(_same(current[name], wanted[name]) for name in current)
                if changed:
                    if published and _number_changed(existing.plan, wanted["plan"]):
                        revisions.append(
                            PlanRevision(
                                value=existing,
                                previous_plan=existing.plan,
                                new_plan=wanted["plan"],
                                reason=revision_reason,
                                recorded_by=self.user,
                            )
                        )
                    if _number_changed(existing.actual, wanted["actual"]) and (
                        published and wanted["actual"] is not None
                    ):
                        announced.append(existing)
                    for name, value in wanted.items():
                        setattr(existing, name, value)
                    updated_values.append(existing)
                self.count(IndicatorValue, False, changed)
            self.promises_changed |= bool(revisions)
            self.revisions += len(revisions)
            self.write(IndicatorValue, created_values, updated_values, set(current))
            if not self.dry_run:
                bulk.insert(PlanRevision, revisions)
                public_record.log_many(
                    IndicatorValue, [v.pk for v in created_values + updated_values]
                )
                services.actuals_announce(values=announced, document=document)
            self.advance(len(items[start : start + BATCH]))

    def apply_financing(self) -> None:
        items = list(self.plan.financing.items())
        for start in range(0, len(items), BATCH):
            created_rows, updated_rows, fields = [], [], set()
            for (slug, year, source), wanted in items[start : start + BATCH]:
                row = self.ctx.financing.get((slug, year, source))
                created = row is None
                if created and self.dry_run:
                    plan = wanted.get("adjusted")
                    plan = plan if plan is not None else wanted.get("planned")
                    self.promises_changed |= plan is not None
                    self.count(Financing, True, False)
                    continue
                if created:
                    obj = (self.objects.get(slug) or self.ctx.objects.get(slug)) if slug else None
                    row = Financing(
                        document=self.ctx.document, object=obj, year=year, source=source
                    )
                before = row.current_plan if not created else None
                changed = _assign(row, wanted)
                if created or changed:
                    if _same(before, row.current_plan) is False:
                        self.promises_changed = True
                    if created:
                        created_rows.append(row)
                    else:
                        updated_rows.append(row)
                        fields |= changed
                self.count(Financing, created, bool(changed))
            self.write(Financing, created_rows, updated_rows, fields)
            self.advance(len(items[start : start + BATCH]))

    def apply(self) -> None:
        self.progress("apply", 0, self.total)
        self.apply_objects()
        self.apply_indicators()
        self.apply_financing()


def _number_changed(old, new) -> bool:
    if old is None or new is None:
        return old is not new
    return Decimal(old) != Decimal(new)


# ---------------------------------------------------------------------------------------------
# The report and the entry points


_SUMMARY_MODELS = (Goal, Indicator, IndicatorValue, Financing, ProjectObject)


@dataclass
class PlanImportReport:
    document: PlanningDocument
    errors: list[RowError] = field(default_factory=list)
    # (model name, "created" | "updated" | "unchanged") -> count; also ("contractor", "created")
    # and ("planrevision", "created").
    counts: Counter = field(default_factory=Counter)
    applied: bool = False
    version: PlanVersion | None = None  # the new version of a published plan, if any

    @property
    def ok(self) -> bool:
        return not self.errors

    def created(self, model: type[models.Model]) -> int:
        return self.counts[(model._meta.model_name, "created")]

    def updated(self, model: type[models.Model]) -> int:
        return self.counts[(model._meta.model_name, "updated")]

    def unchanged(self, model: type[models.Model]) -> int:
        return self.counts[(model._meta.model_name, "unchanged")]

    @property
    def revisions(self) -> int:
        return self.counts[("planrevision", "created")]

    @property
    def contractors_created(self) -> int:
        return self.counts[("contractor", "created")]

    def summary_lines(self) -> list[str]:
        lines = []
        for model in _SUMMARY_MODELS:
            total = self.created(model) + self.updated(model) + self.unchanged(model)
            if total:
                lines.append(
                    _(
                        "%(what)s: %(created)d created, %(updated)d updated, "
                        "%(unchanged)d unchanged."
                    )
                    % {
                        "what": capfirst(model._meta.verbose_name_plural),
                        "created": self.created(model),
                        "updated": self.updated(model),
                        "unchanged": self.unchanged(model),
                    }
                )
        if self.revisions:
            lines.append(_("Plan revisions recorded: %(count)d.") % {"count": self.revisions})
        if self.contractors_created:
            lines.append(
                _("Contractors added to the registry: %(count)d.")
                % {"count": self.contractors_created}
            )
        if not lines:
            lines.append(_("The file has no rows to import."))
        return lines


def _check_plan_sheets(
    sheets: dict[str, Sheet], *, document: PlanningDocument
) -> tuple[_Context, _Plan, list[RowError]]:
    ctx = _Context(document, sheets)
    plan = _Plan()
    errors: list[RowError] = []
    usable = {name: _check_header(sheet, errors) for name, sheet in sheets.items()}
    new_slugs: set[str] = set()
    if OBJECTS in sheets:
        if usable[OBJECTS]:
            _check_objects(sheets[OBJECTS], ctx, plan, errors)
        # A financing row may name an object whose own row is wrong: that row is reported once.
        new_slugs = {
            _parse_text(cells["slug"]) for _n, cells in sheets[OBJECTS].rows if "slug" in cells
        }
    if INDICATORS in sheets and usable[INDICATORS]:
        _check_indicators(sheets[INDICATORS], ctx, plan, errors)
    if FINANCING in sheets and usable[FINANCING]:
        _check_financing(sheets[FINANCING], ctx, plan, errors, new_slugs)
    order = {name: index for index, name in enumerate(SHEETS)}
    errors.sort(key=lambda e: (order[e.sheet], e.row))
    return ctx, plan, errors


@pagecache.changes
def import_plan_sheets(
    sheets: dict[str, Sheet],
    *,
    document: PlanningDocument,
    reason: str = "",
    user=None,
    dry_run: bool = False,
    source: str = "",
    source_url: str = "",
    takes_effect: datetime.date | None = None,
    progress: Progress = _no_progress,
) -> PlanImportReport:
    """Check every row; apply all of them in one transaction, or none when any is wrong.

    Into a published document the import is a new version of its plan when it changes what the
    document promises: `source` then names the decision that changed it (required), and the
    version takes effect on `takes_effect` (today by default).

    A dry run checks the same and counts the same changes without writing anything. `progress`
    is told ("apply", records done, records in all) as the records are written."""
    ctx, plan, errors = _check_plan_sheets(sheets, document=document)
    report = PlanImportReport(document=document, errors=errors)
    if errors:
        return report
    if dry_run:
        applier = _Applier(ctx, plan, reason=reason, user=user, counts=report.counts, dry_run=True)
        applier.progress = progress
        applier.apply()
        report.counts[("planrevision", "created")] = applier.revisions
        if document.is_published and applier.promises_changed and not source.strip():
            error = versions.source_required()
            report.errors.append(RowError("", 0, "source", " ".join(error.messages)))
        return report
    try:
        with transaction.atomic():
            with versions.plan_revision(
                document=document,
                source=source,
                source_url=source_url,
                takes_effect=takes_effect,
                user=user,
            ) as version:
                applier = _Applier(
                    ctx, plan, reason=reason, user=user, counts=report.counts, progress=progress
                )
                applier.apply()
            report.counts[("planrevision", "created")] = applier.revisions
            if version is not None and version.pk is not None:
                report.version = version
    except ValidationError as error:
        report.errors.append(RowError("", 0, "source", " ".join(error.messages)))
        return report
    report.applied = True
    return report


@pagecache.changes
def import_plan_file(
    path: str | Path,
    *,
    document: PlanningDocument,
    kind: str | None = None,
    user=None,
    dry_run: bool = False,
    source: str = "",
    source_url: str = "",
    takes_effect: datetime.date | None = None,
    progress: Progress = _no_progress,
    reason: str = "",
) -> PlanImportReport:
    """Import an xlsx workbook (all three sheets, or only `kind`) or a csv file of `kind`.

    Raises PlanImportFileError when the file cannot be read at all; row problems are in the
    report, and then nothing is applied. `progress` is told ("read", rows read, None) while the
    file is read, then as in `import_plan_sheets`.
    """
    path = Path(path)
    sheets = read_plan_file(path, kind=kind, progress=progress)
    return import_plan_sheets(
        sheets,
        document=document,
        reason=reason or path.name,
        user=user,
        dry_run=dry_run,
        source=source,
        source_url=source_url,
        takes_effect=takes_effect,
        progress=progress,
    )
