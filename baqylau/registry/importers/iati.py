"""Import IATI 2.03 activities as published donor projects.

Every activity is checked against the official XSD on its own, so that every faulty activity of a
publisher's file is reported at once. An import applies all of the file or nothing: when any
activity is rejected, nothing is written, unless the caller asks to skip the invalid ones
(`skip_invalid`, `import_iati --skip-invalid`), which then imports the valid ones and reports the
others. Each activity is written in its own savepoint, so a failure never leaves half an activity
behind. A file with a DTD is refused: IATI files have none, and its entities could read local files
or the network. Importing the same file again
updates in place: documents are keyed by iati-identifier, goals and indicators by their position
in the activity, objects by a slug made from the identifier and the location.
"""

import copy
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _
from lxml import etree

from baqylau.core import pagecache

from .. import services, versions
from ..models import (
    Financing,
    Goal,
    Indicator,
    IndicatorValue,
    Organisation,
    PlanningDocument,
    ProjectObject,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGES = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "en"

# ActivityStatus codelist: 1 pipeline, 2 implementation, 3 finalisation, 4 closed,
# 5 cancelled, 6 suspended.
DOCUMENT_STATUS = {
    "1": PlanningDocument.Status.DRAFT,
    "2": PlanningDocument.Status.IN_FORCE,
    "3": PlanningDocument.Status.COMPLETED,
    "4": PlanningDocument.Status.COMPLETED,
    "5": PlanningDocument.Status.CANCELLED,
    "6": PlanningDocument.Status.IN_FORCE,
}
OBJECT_STATUS = {
    "1": ProjectObject.Status.PLANNED,
    "2": ProjectObject.Status.IN_PROGRESS,
    "3": ProjectObject.Status.COMPLETED,
    "4": ProjectObject.Status.COMPLETED,
    "5": ProjectObject.Status.CANCELLED,
    "6": ProjectObject.Status.SUSPENDED,
}
# OrganisationRole codelist: 2 accountable, 4 implementing answer for the project.
RESPONSIBLE_ROLES = {"2", "4"}
IMPLEMENTING_ROLE = "4"
# TransactionType codelist: 3 disbursement, 4 expenditure.
EXECUTED_TRANSACTION_TYPES = {"3", "4"}
# BudgetType codelist: 1 original, 2 revised.
REVISED_BUDGET = "2"
# ResultType codelist: 1 output; outcomes (2) and impacts (3) are what the project aims at.
OUTPUT_RESULT = "1"
# IndicatorMeasure codelist: only a percentage (2) has a unit worth showing.
MEASURE_UNITS = {"2": "%"}
# GeographicLocationClass 1: the point of an administrative region is only its centroid (a
# countrywide activity would appear as an object in whichever region holds the centre).
ADMINISTRATIVE_REGION = "1"
# A web page about the activity (DocumentCategory A12).
ACTIVITY_WEB_PAGE = "A12"

Texts = dict[str, str]


class IatiFileError(Exception):
    """The file cannot be read as IATI activities at all."""


class ActivityDataError(Exception):
    """An activity that passes the schema but still cannot be imported."""


class RejectedActivity(NamedTuple):
    identifier: str
    errors: list[str]


@dataclass
class IatiImportReport:
    imported: list[str] = field(default_factory=list)  # iati-identifiers, in file order
    rejected: list[RejectedActivity] = field(default_factory=list)
    # False when activities were rejected and, all or nothing, none was imported.
    applied: bool = True

    @property
    def imported_count(self) -> int:
        return len(self.imported)

    @property
    def rejected_count(self) -> int:
        return len(self.rejected)


def default_schema_path() -> Path:
    return Path(settings.SHARED_DATA_DIR) / "iati" / "schema-2.03" / "iati-activities-schema.xsd"


class _RollBack(Exception):
    """Undoes the import of the valid activities when another one was rejected."""


@pagecache.changes
def import_iati_file(
    path: str | Path,
    *,
    schema_path: str | Path | None = None,
    skip_invalid: bool = False,
    source: str = "",
    user=None,
) -> IatiImportReport:
    """Validate each activity of an IATI activities file and import them all in one transaction.

    When any activity is rejected, nothing is imported (`report.applied` is False), unless
    `skip_invalid` asks to import the valid ones anyway."""
    path = Path(path)
    root = _parse(path)
    schema = _schema(str(Path(schema_path) if schema_path else default_schema_path()))
    report = IatiImportReport()
    try:
        with transaction.atomic():
            _import_activities(root, schema, report, source=source, user=user)
            if report.rejected and not skip_invalid:
                raise _RollBack
    except _RollBack:
        report.imported = []
        report.applied = False
    return report


def _import_activities(root, schema, report: IatiImportReport, *, source: str, user) -> None:
    for number, element in enumerate(root.iterchildren("iati-activity"), start=1):
        identifier = (element.findtext("iati-identifier") or "").strip()
        label = identifier or _("activity no. %(number)d") % {"number": number}
        errors = _schema_errors(schema, root=root, element=element)
        if not errors:
            # Imported even after a rejection, so that its data errors are reported too; the
            # transaction is rolled back at the end unless the invalid ones are skipped.
            try:
                activity_import(element=element, root=root, source=source, user=user)
            except ActivityDataError as error:
                errors = [str(error)]
        if errors:
            report.rejected.append(RejectedActivity(label, errors))
        else:
            report.imported.append(identifier)


@lru_cache(maxsize=4)
def _schema(path: str) -> etree.XMLSchema:
    try:
        return etree.XMLSchema(etree.parse(path))
    except (OSError, etree.XMLSyntaxError, etree.XMLSchemaParseError) as error:
        raise IatiFileError(
            _("Cannot load the IATI schema %(path)s: %(error)s") % {"path": path, "error": error}
        ) from error


def _parse(path: Path) -> etree._Element:
    if not path.is_file():
        raise IatiFileError(_("File not found: %(path)s") % {"path": path})
    # No entities and no network: the file comes from outside.
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as error:
        raise IatiFileError(
            _("%(path)s is not well-formed XML: %(error)s") % {"path": path, "error": error}
        ) from error
    except OSError as error:
        raise IatiFileError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}
        ) from error
    if tree.docinfo.doctype:
        raise IatiFileError(
            _("%(path)s declares a DTD: DTDs and entities are not allowed in an IATI file.")
            % {"path": path}
        )
    root = tree.getroot()
    if root.tag != "iati-activities":
        raise IatiFileError(
            _("%(path)s is not an IATI activities file: its root element is <%(tag)s>.")
            % {"path": path, "tag": root.tag}
        )
    return root


def _schema_errors(schema: etree.XMLSchema, *, root, element) -> list[str]:
    """Validate one activity alone, wrapped in a copy of the file's root element."""
    wrapper = etree.Element(root.tag, attrib=dict(root.attrib), nsmap=root.nsmap)
    if wrapper.get("version") is None:
        wrapper.set("version", "2.03")
    # A deep copy keeps the source line numbers, so the errors point into the original file.
    wrapper.append(copy.deepcopy(element))
    if schema.validate(wrapper):
        return []
    return [
        _("line %(line)d: %(message)s") % {"line": error.line, "message": error.message}
        for error in schema.error_log
    ]


@dataclass(frozen=True)
class _Activity:
    element: etree._Element
    identifier: str
    lang: str
    currency: str
    status: str
    dates: dict[str, date]
    updated: date | None

    @classmethod
    def read(cls, element, root) -> "_Activity":
        dates: dict[str, date] = {}
        for activity_date in element.iterchildren("activity-date"):
            when = _iso_date(activity_date.get("iso-date"))
            if when is not None:
                dates.setdefault(activity_date.get("type") or "", when)
        return cls(
            element=element,
            identifier=(element.findtext("iati-identifier") or "").strip(),
            lang=_language(element.get(XML_LANG) or root.get(XML_LANG)) or DEFAULT_LANGUAGE,
            currency=(element.get("default-currency") or "").strip().upper(),
            status=_attr(element, "activity-status", "code"),
            dates=dates,
            updated=_iso_date(element.get("last-updated-datetime")),
        )

    def texts(self, element) -> Texts:
        """The element's narratives by language column.

        kk, ru and en go to their own column; a narrative in another language fills the en
        column only when there is no English one. Narratives without xml:lang are in the
        activity's default language.
        """
        if element is None:
            return {}
        found: Texts = {}
        other = ""
        for narrative in element.iterchildren("narrative"):
            text = (narrative.text or "").strip()
            if not text:
                continue
            lang = _language(narrative.get(XML_LANG)) or self.lang
            if lang in LANGUAGES:
                found.setdefault(lang, text)
            elif not other:
                other = text
        if other and DEFAULT_LANGUAGE not in found:
            found[DEFAULT_LANGUAGE] = other
        return found

    @property
    def start(self) -> date | None:
        return self.dates.get("2") or self.dates.get("1")  # actual, else planned

    @property
    def end(self) -> date | None:
        return self.dates.get("4") or self.dates.get("3")


def _source(activity: _Activity, given: str) -> str:
    """The source of a new version of a published plan: what the importer was told, or the
    publisher's data of its last update."""
    if given:
        return given
    publisher = activity.texts(activity.element.find("reporting-org"))
    name = publisher.get("en") or next(iter(publisher.values()), "") or _("the publisher")
    if activity.updated is not None:
        return _("IATI data of %(publisher)s, updated %(date)s") % {
            "publisher": name,
            "date": formats.date_format(activity.updated, "SHORT_DATE_FORMAT"),
        }
    return _("IATI data of %(publisher)s") % {"publisher": name}


@pagecache.changes
@transaction.atomic
def activity_import(*, element, root, source: str = "", user=None) -> PlanningDocument:
    """Create or update the planning document of one schema-valid IATI activity. Into a
    published document, a change of what it promises is a new version of its plan."""
    activity = _Activity.read(element, root)
    existing = PlanningDocument.private_objects.filter(
        iati_identifier=activity.identifier or None
    ).first()
    if existing is None or not existing.is_published:
        return _activity_apply(activity, user=user)
    with versions.plan_revision(
        document=existing,
        source=_source(activity, source),
        source_url=_activity_web_page(activity.element),
        takes_effect=activity.updated,
        user=user,
    ):
        return _activity_apply(activity, user=user)


def _activity_apply(activity: _Activity, *, user) -> PlanningDocument:
    document = _document_save(activity)
    organisations = _organisations_save(activity)
    document.responsible_bodies.set(
        [org for role, org in organisations if role in RESPONSIBLE_ROLES]
    )
    implementing = next((org for role, org in organisations if role == IMPLEMENTING_ROLE), None)
    _results_save(activity, document)
    _financing_save(activity, document)
    _objects_save(activity, document, responsible_body=implementing)
    return services.document_publish(document=document, user=user)


def _document_save(activity: _Activity) -> PlanningDocument:
    identifier = activity.identifier
    max_length = PlanningDocument._meta.get_field("iati_identifier").max_length
    if not identifier:
        raise ActivityDataError(_("The activity has no iati-identifier."))
    if len(identifier) > max_length:
        raise ActivityDataError(
            _("The iati-identifier is longer than %(max)d characters.") % {"max": max_length}
        )
    start, end = activity.start, activity.end
    if start is None and end is None:
        raise ActivityDataError(_("The activity has no start or end date."))
    years = sorted(when.year for when in (start, end) if when is not None)

    document = PlanningDocument.private_objects.filter(iati_identifier=identifier).first()
    if document is None:
        document = PlanningDocument(
            iati_identifier=identifier,
            slug=_free_slug(PlanningDocument, _slug(identifier)),
        )
    element = activity.element
    document.doc_type = PlanningDocument.Type.DONOR_PROJECT
    document.start_year, document.end_year = years[0], years[-1]
    document.status = DOCUMENT_STATUS.get(activity.status, PlanningDocument.Status.IN_FORCE)
    _set_texts(document, "title", activity.texts(element.find("title")) or {"en": identifier})
    # General descriptions (type 1, the default) first, then objectives, target groups, other.
    descriptions = sorted(element.iterchildren("description"), key=lambda d: d.get("type") or "1")
    merged: dict[str, list[str]] = defaultdict(list)
    for description in descriptions:
        for lang, text in activity.texts(description).items():
            merged[lang].append(text)
    _set_texts(document, "description", {lang: "\n\n".join(t) for lang, t in merged.items()})
    web_page = _activity_web_page(element)
    if web_page:
        document.source_url = web_page
    document.save()
    return document


def _activity_web_page(element) -> str:
    validate = URLValidator()
    for link in element.iterchildren("document-link"):
        url = (link.get("url") or "").strip()
        categories = {c.get("code") for c in link.iterchildren("category")}
        if ACTIVITY_WEB_PAGE not in categories or len(url) > 500:
            continue
        try:
            validate(url)
        except ValidationError:
            continue
        return url
    return ""


def _organisations_save(activity: _Activity) -> list[tuple[str, Organisation]]:
    """Each participating organisation with its role, in the activity's order."""
    found = []
    for participant in activity.element.iterchildren("participating-org"):
        organisation = _organisation_save(activity, participant)
        if organisation is not None:
            found.append((participant.get("role") or "", organisation))
    return found


def _organisation_save(activity: _Activity, participant) -> Organisation | None:
    ref = (participant.get("ref") or "").strip()
    if len(ref) > Organisation._meta.get_field("iati_ref").max_length:
        ref = ""
    names = activity.texts(participant)
    if ref:
        organisation = Organisation.objects.filter(iati_ref=ref).first()
    elif names:
        same_name = Q()
        for lang, text in names.items():
            same_name |= Q(**{f"name_{lang}": _clip(Organisation, f"name_{lang}", text)})
        organisation = Organisation.objects.filter(same_name).order_by("id").first()
    else:
        return None
    if organisation is None:
        organisation = Organisation(kind=Organisation.Kind.DONOR, iati_ref=ref or None)
        _set_texts(organisation, "name", names or {"en": ref})
        # A readable address from the name; the identifier when the publisher gives no name.
        base = _slug(names.get("en") or next(iter(names.values()), ref), max_length=100)
        organisation.slug = _free_slug(Organisation, base)
        organisation.save()
        return organisation
    # Names an editor has already written are kept; only empty languages are filled.
    missing = {
        lang: text for lang, text in names.items() if not getattr(organisation, f"name_{lang}")
    }
    if missing:
        _set_texts(organisation, "name", missing)
        organisation.save()
    return organisation


def _results_save(activity: _Activity, document: PlanningDocument) -> None:
    publisher = activity.texts(activity.element.find("reporting-org"))
    actual_source = publisher.get("en") or next(iter(publisher.values()), "")
    kept_goals = []
    for position, result in enumerate(activity.element.iterchildren("result"), start=1):
        key = f"result-{position}"
        goal = Goal.private_objects.filter(document=document, iati_ref=key).first()
        if goal is None:
            goal = Goal(document=document, iati_ref=key)
        goal.number = str(position)
        goal.order = position
        _set_texts(goal, "name", activity.texts(result.find("title")) or {"en": key})
        _set_texts(goal, "description", activity.texts(result.find("description")))
        goal.save()
        kept_goals.append(goal.id)
        kind = (
            Indicator.Kind.RESULT if result.get("type") == OUTPUT_RESULT else Indicator.Kind.TARGET
        )
        kept = []
        for number, element in enumerate(result.iterchildren("indicator"), start=1):
            indicator = _indicator_save(
                activity,
                goal,
                element,
                key=f"{key}/indicator-{number}",
                code=f"{position}.{number}",
                kind=kind,
            )
            _values_save(activity, indicator, element, actual_source=actual_source)
            kept.append(indicator.id)
        # What the publisher no longer reports goes; what an editor added (no key) stays.
        Indicator.private_objects.filter(goal=goal).exclude(iati_ref="").exclude(
            id__in=kept
        ).delete()
    Goal.private_objects.filter(document=document).exclude(iati_ref="").exclude(
        id__in=kept_goals
    ).delete()


def _indicator_save(activity, goal, element, *, key, code, kind) -> Indicator:
    indicator = Indicator.private_objects.filter(goal=goal, iati_ref=key).first()
    if indicator is None:
        indicator = Indicator(goal=goal, iati_ref=key)
    indicator.code = code
    indicator.order = int(code.rsplit(".", 1)[1])
    indicator.kind = kind
    _set_texts(indicator, "name", activity.texts(element.find("title")) or {"en": code})
    unit = MEASURE_UNITS.get(element.get("measure") or "")
    if unit:
        _set_texts(indicator, "unit", dict.fromkeys(LANGUAGES, unit))
    ascending = (element.get("ascending") or "1").strip().lower()
    indicator.direction = (
        Indicator.Direction.LOWER if ascending in {"0", "false"} else Indicator.Direction.HIGHER
    )
    baselines = list(element.iterchildren("baseline"))
    # 2.03 allows several baselines (by location or dimension); a numeric one is preferred.
    baseline = next((b for b in baselines if _value(b.get("value")) is not None), None)
    baseline = baseline if baseline is not None else next(iter(baselines), None)
    indicator.baseline_year = _year(baseline.get("year")) if baseline is not None else None
    indicator.baseline_value = _value(baseline.get("value")) if baseline is not None else None
    indicator.save()
    return indicator


def _values_save(activity, indicator: Indicator, element, *, actual_source: str) -> None:
    """One value per year: a period counts for the year it ends in, the later period wins."""
    by_year: dict[int, dict[str, Decimal | None]] = {}
    periods = []
    for period in element.iterchildren("period"):
        when = _iso_date(_attr(period, "period-end", "iso-date")) or _iso_date(
            _attr(period, "period-start", "iso-date")
        )
        if when is not None:
            periods.append((when, period))
    for when, period in sorted(periods, key=lambda p: p[0]):
        year = by_year.setdefault(when.year, {"plan": None, "actual": None})
        for name, tag in (("plan", "target"), ("actual", "actual")):
            # 2.03 allows several targets or actuals per period (by location or dimension).
            numbers = [_value(e.get("value")) for e in period.iterchildren(tag)]
            value = next((n for n in numbers if n is not None), None)
            if value is not None:
                year[name] = value
    reason = _("Revised in the publisher's IATI data.")
    written = set()
    for year, value in by_year.items():
        if value["plan"] is None and value["actual"] is None:
            continue
        has_actual = value["actual"] is not None
        services.indicator_value_set(
            indicator_id=indicator.id,
            year=year,
            plan=value["plan"],
            actual=value["actual"],
            actual_source=actual_source[:500] if has_actual else "",
            actual_date=activity.updated if has_actual else None,
            reason=reason,
        )
        written.add(year)
    # A year the publisher dropped is emptied through the service, so the old plan is kept
    # as a revision rather than deleted.
    stale = IndicatorValue.private_objects.filter(indicator=indicator).exclude(year__in=written)
    for value in stale.exclude(plan=None, actual=None):
        services.indicator_value_set(
            indicator_id=indicator.id, year=value.year, plan=None, actual=None, reason=reason
        )


def _financing_save(activity: _Activity, document: PlanningDocument) -> None:
    """Budgets and executed transactions by year and currency, replacing earlier rows."""
    rows: dict[tuple[int, str], dict[str, Decimal]] = defaultdict(dict)

    def add(element, when: date | None, column: str) -> None:
        value = element.find("value")
        if when is None or value is None:
            return
        amount = _amount(value)
        currency = (value.get("currency") or activity.currency).strip().upper()
        if not currency:
            raise ActivityDataError(
                _("line %(line)d: the amount has no currency and the activity no default-currency.")
                % {"line": value.sourceline}
            )
        row = rows[(when.year, currency)]
        row[column] = row.get(column, Decimal(0)) + amount

    for budget in activity.element.iterchildren("budget"):
        starts = _iso_date(_attr(budget, "period-start", "iso-date"))
        column = "revised" if budget.get("type") == REVISED_BUDGET else "original"
        add(budget, starts, column)
    for transaction_element in activity.element.iterchildren("transaction"):
        code = _attr(transaction_element, "transaction-type", "code")
        if code not in EXECUTED_TRANSACTION_TYPES:
            continue
        when = _iso_date(_attr(transaction_element, "transaction-date", "iso-date"))
        add(transaction_element, when, "executed")

    # Updated in place, one row by year and currency, so that each keeps its history (a budget
    # cut is a new version of the row, not a new row); the years no longer reported go.
    existing = {
        (row.year, row.currency): row
        for row in Financing.private_objects.filter(
            document=document, object=None, source=Financing.Source.DONOR
        ).order_by("id")
    }
    for (year, currency), row in sorted(rows.items()):
        original, revised = row.get("original"), row.get("revised")
        financing = existing.pop((year, currency), None) or Financing(
            document=document, year=year, source=Financing.Source.DONOR, currency=currency
        )
        values = {
            # Publishers that report only revised budgets have them as the plan.
            "planned": original if original is not None else (revised or Decimal(0)),
            "adjusted": revised if original is not None else None,
            "executed": row.get("executed"),
        }
        if financing.pk is None or any(
            getattr(financing, name) != value for name, value in values.items()
        ):
            for name, value in values.items():
                setattr(financing, name, value)
            financing.save()
    for stale in existing.values():
        stale.delete()


def _objects_save(
    activity: _Activity, document: PlanningDocument, *, responsible_body: Organisation | None
) -> None:
    """One object per site with a point; objects are never deleted here, since monitoring may
    already refer to them."""
    used = set()
    for position, location in enumerate(activity.element.iterchildren("location"), start=1):
        point = _point(location.findtext("point/pos"))
        if point is None or _attr(location, "location-class", "code") == ADMINISTRATIVE_REGION:
            continue
        ref = (location.get("ref") or "").strip()
        key = ref if ref and ref.casefold() not in used else f"location-{position}"
        used.add(key.casefold())
        slug = _slug(f"{activity.identifier}-{key}")
        obj = ProjectObject.private_objects.filter(slug=slug).first()
        if obj is not None and obj.document_id != document.id:
            slug = _hashed_slug(slug, f"{activity.identifier}\n{key}")
            obj = ProjectObject.private_objects.filter(slug=slug, document=document).first()
        if obj is None:
            obj = ProjectObject(document=document, slug=slug, kind=ProjectObject.Kind.OTHER)
        names = activity.texts(location.find("name"))
        _set_texts(
            obj, "name", names or activity.texts(activity.element.find("title")) or {"en": key}
        )
        _set_texts(obj, "description", activity.texts(location.find("description")))
        obj.status = OBJECT_STATUS.get(activity.status, ProjectObject.Status.IN_PROGRESS)
        obj.latitude, obj.longitude = point
        obj.planned_start = activity.dates.get("1")
        obj.actual_start = activity.dates.get("2")
        obj.planned_end = activity.dates.get("3")
        obj.actual_end = activity.dates.get("4")
        obj.responsible_body = responsible_body
        obj.save()
        services.object_locate(obj=obj)


def _point(pos: str | None) -> tuple[float, float] | None:
    """`<pos>` is "latitude longitude" in WGS 84."""
    try:
        latitude, longitude = (float(part) for part in (pos or "").split())
    except ValueError:
        return None
    if -90 <= latitude <= 90 and -180 <= longitude <= 180:
        return latitude, longitude
    return None


def _attr(element, path: str, name: str) -> str:
    found = element.find(path)
    return (found.get(name) or "").strip() if found is not None else ""


def _language(code: str | None) -> str:
    return (code or "").strip().lower().split("-")[0]


def _iso_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip()[:10])
    except ValueError:
        return None


def _year(text: str | None) -> int | None:
    try:
        year = int((text or "").strip())
    except ValueError:
        return None
    return year if 1 <= year <= 9999 else None


def _value(text: str | None) -> Decimal | None:
    """A number for an indicator value; textual values ("7 days", "N") are not numbers."""
    return _decimal(text, places=4, max_digits=20)


def _amount(value) -> Decimal:
    amount = _decimal(value.text, places=2, max_digits=20)
    if amount is None:
        raise ActivityDataError(
            _("line %(line)d: %(value)s is not an amount.")
            % {"line": value.sourceline, "value": (value.text or "").strip()}
        )
    return amount


def _decimal(text: str | None, *, places: int, max_digits: int) -> Decimal | None:
    try:
        number = Decimal((text or "").strip())
    except InvalidOperation:
        return None
    if not number.is_finite() or abs(number) >= Decimal(10) ** (max_digits - places):
        return None
    return number.quantize(Decimal(1).scaleb(-places))


def _clip(model, column: str, text: str) -> str:
    max_length = model._meta.get_field(column).max_length
    if max_length and len(text) > max_length:
        return text[: max_length - 1] + "…"
    return text


def _set_texts(obj, name: str, texts: Texts) -> None:
    """Set the language columns the IATI data has; the others (an editor's translation) stay."""
    for lang, text in texts.items():
        column = f"{name}_{lang}"
        setattr(obj, column, _clip(type(obj), column, text))


def _slug(text: str, max_length: int = 120) -> str:
    slug = slugify(text)
    if not slug or len(slug) > max_length:
        return _hashed_slug(slug, text, max_length)
    return slug


def _hashed_slug(slug: str, text: str, max_length: int = 120) -> str:
    digest = hashlib.sha1(text.encode()).hexdigest()[:8]
    return f"{slug[: max_length - 9]}-{digest}".strip("-")


def _free_slug(model, base: str) -> str:
    slug, number = base, 1
    while model._default_manager.filter(slug=slug).exists():
        number += 1
        slug = f"{base[:110]}-{number}"
    return slug
