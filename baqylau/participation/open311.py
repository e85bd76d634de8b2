"""Reports through Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2), the standard of city
issue trackers, so that existing apps and data tools read and file them.

- A service is an offered report category: its code is the category's code, its name and
  description in the requested language (?locale= or ?lang=, else kk).
- A service request is a published report, with only what the public page shows: the public
  position (the object's, or the reporter's point rounded), the public copy of its first photo,
  the latest public answer of the body; never the reporter, their email or the exact position.
- Filing (POST) needs an API key issued in the back office; the report goes through
  reports.report_submit like one from the form, with the client's email: it waits for the
  confirmation link sent there, then for a moderator, and stays private until published.

Errors have the spec's form: a list of {code, description}, <errors> in XML.
"""

import hashlib
import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baqylau.core.permissions import visible
from baqylau.inforequests.stats import MAX_YEAR, MIN_YEAR
from baqylau.registry.models import ProjectObject

from . import opendata
from .models import Category, Open311Key, Report
from .reports import Place, report_submit

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# The day this implementation last changed what it answers (the discovery's changeset).
CHANGESET = "2026-12-05T00:00:00Z"
JURISDICTION = "baqylau.kz"
DEFAULT_DAYS = 90
MAX_REQUESTS = 1000
DEFAULT_RATE_PER_KEY = 200
FORMATS = {"json": "application/json", "xml": "text/xml"}
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# The element of each item of a list in XML.
XML_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
    "attributes": "attribute",
}
# Which Open311 parameter a field of report_submit came from, to name it in an error.
PARAMETERS = {
    "category": "service_code",
    "title": "description",
    "description": "description",
    "email": "email",
    "latitude": "lat",
    "project_object": "lat",
    "files": "media",
}


class Open311Error(Exception):
    """Refused: the HTTP status and the spec's list of errors."""

    def __init__(self, status: int, *descriptions: str):
        super().__init__(*descriptions)
        self.status = status
        self.errors = [{"code": status, "description": str(text)} for text in descriptions]


# Keys ------------------------------------------------------------------------------------------


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> tuple[str, str]:
    """A random key and its digest, the only thing stored."""
    key = secrets.token_urlsafe(32)
    return key, key_digest(key)


def issue_key(*, name: str) -> tuple[Open311Key, str]:
    """A new key for a client: the key itself is returned once and never stored."""
    key, digest = new_key()
    return Open311Key.objects.create(name=name, key_sha256=digest), key


def client_of(key: str) -> Open311Key:
    found = None
    if key:
        found = Open311Key.objects.filter(key_sha256=key_digest(key), is_active=True).first()
    if found is None:
        raise Open311Error(
            403,
            _(
                "A valid api_key is required to file a report. Keys are issued by the "
                "platform's administrators."
            ),
        )
    return found


# Parameters ------------------------------------------------------------------------------------


def check_jurisdiction(jurisdiction: str, host: str) -> None:
    """One jurisdiction: none given, baqylau.kz or the site's own host are the same."""
    if not jurisdiction:
        return
    own = {JURISDICTION, host, host.rsplit(":", 1)[0], settings.SITE_URL.split("://")[-1]}
    if jurisdiction.strip().lower() not in {name.lower() for name in own}:
        raise Open311Error(404, _("jurisdiction_id provided was not found."))


def language(params) -> str:
    lang = (params.get("locale") or params.get("lang") or "")[:2].lower()
    return lang if lang in LANGUAGE_CODES else settings.LANGUAGE_CODE


def _listed(value: str) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def _moment(params, name: str) -> datetime | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        moment = parse_datetime(value.replace(" ", "+"))
    except ValueError:
        moment = None
    if moment is not None and not MIN_YEAR < moment.year < MAX_YEAR:
        moment = None  # 90 days before or after it would be no date
    if moment is None:
        raise Open311Error(
            400,
            _("%(name)s must be a W3C date and time such as 2026-01-31T00:00:00Z.")
            % {"name": name},
        )
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _whole(text: str) -> bool:
    """A whole number that a database stores (ASCII digits, at most 18)."""
    return text.isascii() and text.isdigit() and len(text) <= 18


@dataclass
class Query:
    ids: list[int]
    codes: list[str]
    statuses: list[str]
    start: datetime | None
    end: datetime | None
    limit: int


def parse_query(params) -> Query:
    """The filters of GET requests: a list of ids overrides the others; without dates, the last
    90 days; a range may not span more than 90 days; at most 1000 requests."""
    errors = []
    ids = []
    for item in _listed(params.get("service_request_id")):
        if _whole(item):
            ids.append(int(item))
        else:
            errors.append(_("service_request_id must be numbers separated by commas."))
            break
    statuses = [item.lower() for item in _listed(params.get("status"))]
    if any(item not in ("open", "closed") for item in statuses):
        errors.append(_("status must be open, closed or both separated by a comma."))
    limit = MAX_REQUESTS
    if params.get("page_size"):
        size = params["page_size"].strip()
        if _whole(size) and int(size) > 0:
            limit = min(int(size), MAX_REQUESTS)
        else:
            errors.append(_("page_size must be a number from 1 to 1000."))
    try:
        start, end = _moment(params, "start_date"), _moment(params, "end_date")
    except Open311Error as exc:
        errors.extend(error["description"] for error in exc.errors)
        start = end = None
    span = timedelta(days=DEFAULT_DAYS)
    if not ids and not errors:
        if start is None and end is None:
            end = timezone.now()
        if start is None:
            start = end - span
        elif end is None:
            end = start + span
        if end < start:
            errors.append(_("end_date must not be before start_date."))
        elif end - start > span:
            errors.append(_("start_date and end_date may not span more than 90 days."))
    if errors:
        raise Open311Error(400, *errors)
    return Query(ids, _listed(params.get("service_code")), statuses, start, end, limit)


# Reading ---------------------------------------------------------------------------------------


def _w3c(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _end_of(day) -> str | None:
    """A date as the W3C moment it ends, in the platform's time zone."""
    if day is None:
        return None
    return _w3c(timezone.make_aware(datetime.combine(day, time(23, 59, 59))))


def services(*, lang: str) -> list[dict]:
    with translation.override(lang):
        return [
            {
                "service_code": category.code,
                "service_name": category.name,
                "description": category.description,
                "metadata": False,
                "type": "realtime",
                "keywords": ", ".join(
                    str(ProjectObject.Kind(kind).label)
                    for kind in category.object_kinds
                    if kind in ProjectObject.Kind.values
                ),
                "group": str(
                    _("objects of some kinds") if category.object_kinds else _("any place")
                ),
            }
            for category in Category.objects.filter(is_active=True)
        ]


def service_definition(code: str) -> dict:
    """A service has no attributes to fill in (metadata false): its definition says so."""
    if not Category.objects.filter(code=code, is_active=True).exists():
        raise Open311Error(404, _("service_code provided was not found."))
    return {"service_code": code, "attributes": []}


def requests_queryset():
    return (
        opendata.public_reports()
        .select_related("category", "body", "project_object", "territory")
        .only(
            *opendata.PUBLIC_REPORT_FIELDS,
            "category__code",
            "project_object__slug",
            *(f"category__name_{code}" for code in LANGUAGE_CODES),
            *(f"body__name_{code}" for code in LANGUAGE_CODES),
            *(f"project_object__name_{code}" for code in LANGUAGE_CODES),
            *(f"project_object__address_{code}" for code in LANGUAGE_CODES),
            *(f"territory__name_{code}" for code in LANGUAGE_CODES),
        )
        .annotate(status_notes=opendata.latest_answer_text(), photo=opendata.first_photo())
        .order_by("-created_at", "-id")
    )


def find_requests(query: Query):
    reports = requests_queryset()
    if query.ids:
        return reports.filter(pk__in=query.ids[:MAX_REQUESTS])
    reports = reports.filter(created_at__gte=query.start, created_at__lte=query.end)
    if query.codes:
        reports = reports.filter(category__code__in=query.codes)
    if set(query.statuses) == {"open"}:
        reports = reports.filter(status__in=Report.OPEN_STATUSES)
    elif set(query.statuses) == {"closed"}:
        reports = reports.filter(status__in=Report.CLOSED_STATUSES)
    return reports[: query.limit]


def _address(report: Report) -> str:
    place = report.project_object
    if place is not None:
        return ", ".join(part for part in (place.name, place.address) if part)
    return report.territory.name if report.territory_id else ""


def service_request(report: Report, *, media_url, labels: dict) -> dict:
    """One report as a GeoReport v2 service request; media_url makes a storage name absolute,
    labels name the statuses."""
    expected = report.planned_on if report.status == Report.Status.IN_PROGRESS else None
    return {
        "service_request_id": report.pk,
        "status": "open" if report.is_open else "closed",
        "status_notes": report.status_notes or None,
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": report.description,
        "agency_responsible": report.body.name if report.body_id else None,
        "service_notice": labels.get(report.status, report.status),
        "requested_datetime": _w3c(report.created_at),
        "updated_datetime": _w3c(report.updated_at),
        "expected_datetime": _end_of(expected or (report.due_on if report.is_open else None)),
        "address": _address(report),
        "address_id": report.project_object.slug if report.project_object_id else None,
        "zipcode": None,
        "lat": report.public_latitude,
        "long": report.public_longitude,
        "media_url": media_url(report.photo) if report.photo else None,
    }


def service_requests(reports, *, lang: str, media_url) -> list[dict]:
    with translation.override(lang):
        labels = {value: str(label) for value, label in Report.Status.choices}
        return [service_request(report, media_url=media_url, labels=labels) for report in reports]


def discovery(*, url: str) -> dict:
    return {
        "changeset": CHANGESET,
        "contact": settings.DEFAULT_FROM_EMAIL,
        "key_service": str(
            _("API keys to file reports are issued by the administrators: %(contact)s")
            % {"contact": settings.DEFAULT_FROM_EMAIL}
        ),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": list(FORMATS.values()),
            }
        ],
    }


# Filing ----------------------------------------------------------------------------------------

NOTICE = gettext_lazy(
    "The report is published once the reporter confirms it through the link sent to their "
    "email and a moderator has checked it."
)


def _number(params, name: str) -> float | None:
    value = (params.get(name) or "").strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError as exc:
        raise Open311Error(400, _("%(name)s must be a number.") % {"name": name}) from exc


def _place(params) -> tuple[Place, str]:
    """Where: lat and long, or address_id (an object's slug), or an address_string that names
    exactly one object; the address string is kept in the description."""
    address = (params.get("address_string") or "").strip()
    latitude, longitude = _number(params, "lat"), _number(params, "long")
    if (latitude is None) != (longitude is None):
        raise Open311Error(400, _("lat and long must be given together."))
    objects = visible(AnonymousUser(), ProjectObject)
    if latitude is not None:
        return Place(latitude=latitude, longitude=longitude), address
    slug = (params.get("address_id") or "").strip()
    if slug:
        found = objects.filter(slug=slug).first()
        if found is None:
            raise Open311Error(400, _("address_id must be the slug of an object of the registry."))
        return Place(project_object=found), address
    if address:
        names = Q()
        for code in LANGUAGE_CODES:
            names |= Q(
                **{f"name_{code}__iexact": address, f"address_{code}__iexact": address},
                _connector=Q.OR,
            )
        found = list(objects.filter(names)[:2])
        if len(found) == 1:
            return Place(project_object=found[0]), ""
    raise Open311Error(
        400,
        _(
            "Say where the problem is: lat and long, or address_id (the slug of an object), or "
            "the exact name or address of an object in address_string."
        ),
    )


def _title(description: str) -> str:
    line = description.strip().splitlines()[0] if description.strip() else ""
    if len(line) <= 80:
        return line
    return line[:80].rsplit(" ", 1)[0] + "…"


def _errors(exc: ValidationError) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    return [
        f"{PARAMETERS.get(field, field)}: {message}"
        for field, errors in exc.message_dict.items()
        for message in errors
    ]


def _count_filing(client: Open311Key) -> None:
    """A keyed client files for many people from one server: it is limited by its key (per
    hour), not by its address like a person."""
    limit = int(getattr(settings, "BAQYLAU_OPEN311_RATE_PER_KEY", DEFAULT_RATE_PER_KEY))
    counter = f"rate:open311:{client.pk}:{timezone.now():%Y%m%d%H}"
    cache.add(counter, 0, timeout=3600)
    if cache.incr(counter) > limit:
        raise Open311Error(429, _("Too many reports from this client in one hour."))


def file_request(*, params, media) -> Report:
    """POST requests: a report filed by a keyed client for a reporter known by email. The
    client's address is not the reporter's: it is neither kept nor counted."""
    client = client_of(params.get("api_key", ""))
    code = (params.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, _("service_code was not provided."))
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise Open311Error(400, _("service_code is not one of the services offered."))
    place, address = _place(params)
    _count_filing(client)
    description = (params.get("description") or "").strip()
    if address:
        description = f"{description}\n\n{_('Address')}: {address}"
    with translation.override(language(params)):
        try:
            return report_submit(
                category=category,
                title=_title(params.get("description") or "") or category.name,
                description=description if (params.get("description") or "").strip() else "",
                place=place,
                uploads=[media] if media else [],
                email=(params.get("email") or "").strip(),
            )
        except ValidationError as exc:
            raise Open311Error(400, *_errors(exc)) from exc


def filed(report: Report) -> list[dict]:
    return [{"service_request_id": report.pk, "service_notice": str(NOTICE), "account_id": None}]


# XML -------------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _append(parent: ET.Element, tag: str, value) -> None:
    element = ET.SubElement(parent, tag)
    if isinstance(value, dict):
        for key, item in value.items():
            _append(element, key, item)
    elif isinstance(value, list):
        for item in value:
            _append(element, XML_ITEMS[tag], item)
    else:
        element.text = _text(value)


def to_xml(root: str, data) -> bytes:
    """The spec's XML: a list under `root` with one element per item, a dict as elements."""
    element = ET.Element(root)
    if isinstance(data, list):
        for item in data:
            _append(element, XML_ITEMS[root], item)
    else:
        for key, value in data.items():
            _append(element, key, value)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)
