"""Load illustrative demo data: Pavlodar region's bodies, plans, indicators, objects and people.

Safe to run again: everything is matched by slug (people by email) and updated in place. The
texts and figures are in `baqylau/demo/data/registry.json` (read by `baqylau.demo.registry`). The
working-day calendar is loaded first when it is empty, and the demo information requests
(`baqylau.demo.inforequests`) and monitoring campaigns (`baqylau.demo.monitoring`: the whole
monitoring cycle, with photos and the final documents as PDF) come last; they are created once and
left alone on later runs. Drawn photos and scans and rendered final documents are kept between
runs (`baqylau.demo.files`).
"""

import gc
import itertools
import random
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import get_hasher, make_password
from django.core.cache import cache
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _
from shapely.geometry import Point, shape
from shapely.prepared import prep

from baqylau.accounts.models import Membership, User
from baqylau.core import record
from baqylau.core.models import CalendarDay
from baqylau.demo import files
from baqylau.demo import registry as content
from baqylau.demo.dialogue import load_demo_dialogue
from baqylau.demo.inforequests import demo_requests, load_demo_requests
from baqylau.demo.monitoring import demo_campaigns, load_demo_campaigns
from baqylau.demo.participation import demo_reports, load_demo_participation
from baqylau.demo.procurement import load_demo_procurement
from baqylau.demo.registry import T
from baqylau.portal.context_processors import DEMO_CACHE_KEY
from baqylau.registry import services, versions
from baqylau.registry.models import (
    Direction,
    Financing,
    Goal,
    Indicator,
    IndicatorValue,
    Organisation,
    PlanningDocument,
    PlanRevision,
    ProjectObject,
    Territory,
)

LANGUAGES = ("kk", "ru", "en")
BILLION = Decimal(10) ** 9
MILLION = Decimal(10) ** 6
# Objects keep this far (in degrees, about 1 km) from their unit's border, where simplified
# neighbouring shapes may overlap.
BORDER_MARGIN = 0.01
# How far from the town centre an object in a town may lie, in degrees of latitude.
TOWN_SPREAD = {Territory.Kind.CITY_ADMINISTRATION: 0.03, Territory.Kind.DISTRICT: 0.012}


def translated(field: str, text: T | None) -> dict:
    text = text or T("", "", "")
    return {f"{field}_{lang}": getattr(text, lang) for lang in LANGUAGES}


def address(unit: content.Unit, street: T | None, *, in_town: bool = True) -> T:
    """Kazakh and Russian from the district down; English from the street up."""
    parts = [unit.district]
    if in_town:
        parts += [unit.town, street]
    parts = [p for p in parts if p is not None]
    return T(
        ", ".join(p.kk for p in parts),
        ", ".join(p.ru for p in parts),
        ", ".join(p.en for p in reversed(parts)),
    )


def _decimal(value, scale=Decimal(1)) -> Decimal | None:
    return None if value is None else Decimal(value) * scale


def _put(manager, *, defaults: dict, save: bool = True, **lookup):
    """`manager.update_or_create(**lookup, defaults=defaults)` in two queries rather than six:
    the demo loads inside one transaction, and nothing else writes its rows meanwhile."""
    obj = manager.filter(**lookup).first() or manager.model(**lookup)
    for name, value in defaults.items():
        setattr(obj, name, value)
    if save:
        obj.save()
    return obj


def _demo_password_hash() -> str:
    """The shared password, hashed once per hasher and kept: hashing is slow by design."""
    hasher = get_hasher()
    key = f"{hasher.algorithm}\0{getattr(hasher, 'iterations', '')}\0{content.PASSWORD}"
    return files.cached("password", key, lambda: make_password(content.PASSWORD).encode()).decode()


class Command(BaseCommand):
    help = "Load illustrative demo data for Pavlodar region (idempotent)."
    # The checks take longer than half the load and find nothing a data loader needs.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-iati",
            action="store_true",
            help="do not import the sample IATI activities",
        )

    def handle(self, *args, **options):
        # What start-up made (modules, classes, settings) stays to the end: frozen, the garbage
        # collector stops going through it again and again, which took a tenth of the load.
        gc.freeze()
        try:
            # The query log DEBUG keeps costs a tenth of the load, and nobody reads it here.
            with override_settings(DEBUG=False):
                self._load(**options)
        finally:
            gc.unfreeze()

    def _load(self, *, skip_iati=False, **options):
        verbosity = options.get("verbosity", 1)
        if not CalendarDay.objects.exists():
            # The deadlines of the demo requests end on working days of this calendar.
            with files.holidays_cached():
                call_command("load_calendar", stdout=self.stdout, verbosity=verbosity)
        with files.territories_cached():
            call_command("load_territories", stdout=self.stdout, verbosity=verbosity)
        self.today = timezone.localdate()
        # The demo dates its steps in the past after the services ran them: the public record
        # logs what the public sees once the whole story is told.
        with record.deferred():
            with transaction.atomic():
                self.territories = {t.slug: t for t in Territory.objects.all()}
                self.organisations = self._load_organisations()
                self.documents = {
                    spec["slug"]: self._load_document(spec) for spec in content.DOCUMENTS
                }
                self._load_objects()
                self._load_users()
            cache.delete(DEMO_CACHE_KEY)
            if not skip_iati:
                self._import_iati()
            load_demo_requests()
            load_demo_campaigns()
            load_demo_participation()
            # Procurement of the objects above, through `import_ocds`, with its red flags.
            load_demo_procurement()
            # The dialogue that follows: councils, scorecards, meetings, the library of methods.
            load_demo_dialogue()
        self._print_summary()

    # -- Organisations ------------------------------------------------------------------------

    def _load_organisations(self) -> dict[str, Organisation]:
        organisations = {}
        for spec in content.ORGANISATIONS:
            if "address" in spec:
                where = spec["address"]
            else:
                unit = content.UNITS[spec["unit"]]
                where = address(unit, spec["street"])
            territory = self.territories.get(spec.get("territory"))
            parent = organisations.get(spec.get("parent"))
            org = _put(
                Organisation.objects,
                slug=spec["slug"],
                defaults={
                    "kind": spec["kind"],
                    "parent": parent,
                    "territory": territory,
                    "email": spec.get("email", ""),
                    "phone": spec.get("phone", ""),
                    "website": spec.get("website", ""),
                    "bin": spec.get("bin"),
                    **translated("name", spec["name"]),
                    **translated("short_name", spec.get("short_name")),
                    **translated("description", spec.get("description")),
                    **translated("address", where),
                },
            )
            organisations[org.slug] = org
        return organisations

    # -- Planning documents -------------------------------------------------------------------

    def _load_document(self, spec: dict) -> PlanningDocument:
        first, last = spec["years"]
        defaults = {
            "doc_type": spec["doc_type"],
            "status": spec["status"],
            "start_year": first,
            "end_year": last,
            "approval_date": spec["approval_date"],
            "territory": self.territories[spec["territory"]],
            **translated("title", spec["title"]),
            **translated("description", spec["description"]),
            **translated("approved_by", spec["approved_by"]),
        }
        if not spec["publish"]:
            defaults.update(is_published=False, published_at=None)
        document = _put(PlanningDocument.private_objects, slug=spec["slug"], defaults=defaults)
        document.responsible_bodies.set([self.organisations[s] for s in spec["bodies"]])

        directions = {}
        for number, name in enumerate(spec["directions"], start=1):
            directions[number] = _put(
                Direction.private_objects,
                document=document,
                number=number,
                defaults=translated("name", name),
            )
        Direction.private_objects.filter(document=document).exclude(number__in=directions).delete()

        # Before publication plans are simply set; once published, a changed plan becomes a
        # revision. On a second run the revised plan is already the current one.
        revised = {(code, year): plan for code, year, plan, *_rest in spec["revisions"]}
        if not document.is_published:
            revised = {}
        indicators = self._load_goals(document, spec["goals"], directions, revised)
        self._load_financing(document, spec["financing"])

        if spec["publish"]:
            services.document_publish(document=document)
            for code, year, plan, reason, *decided in spec["revisions"]:
                value = IndicatorValue.private_objects.get(indicator=indicators[code], year=year)
                # Each revision is a version of the plan, its decision the source (none on a
                # second run: the plan is already the revised one).
                with versions.plan_revision(
                    document=document,
                    source=reason,
                    takes_effect=date.fromisoformat(decided[0]) if decided else None,
                ):
                    services.indicator_value_set(
                        indicator_id=value.indicator_id,
                        year=year,
                        plan=Decimal(plan),
                        actual=value.actual,
                        actual_source=value.actual_source,
                        actual_date=value.actual_date,
                        reason=reason,
                    )
        return document

    def _load_goals(self, document, goals, directions, revised) -> dict[str, Indicator]:
        years = document.years
        kept_goals, indicators = [], {}
        for order, goal_spec in enumerate(goals, start=1):
            goal = _put(
                Goal.private_objects,
                document=document,
                number=goal_spec["number"],
                defaults={
                    "order": order,
                    "direction": directions.get(goal_spec.get("direction")),
                    **translated("name", goal_spec["name"]),
                },
            )
            kept_goals.append(goal.id)
            for position, spec in enumerate(goal_spec["indicators"], start=1):
                indicator = self._load_indicator(goal, position, spec, years, revised)
                indicators[spec["code"]] = indicator
            Indicator.private_objects.filter(goal=goal).exclude(
                code__in=[s["code"] for s in goal_spec["indicators"]]
            ).delete()
        Goal.private_objects.filter(document=document).exclude(id__in=kept_goals).delete()
        return indicators

    def _load_indicator(self, goal, position, spec, years, revised) -> Indicator:
        baseline_year, baseline_value = spec["baseline"]
        indicator = _put(
            Indicator.private_objects,
            goal=goal,
            code=spec["code"],
            defaults={
                "order": position,
                "kind": Indicator.Kind.TARGET,
                "direction": (
                    Indicator.Direction.LOWER
                    if spec["lower_is_better"]
                    else Indicator.Direction.HIGHER
                ),
                "baseline_year": baseline_year,
                "baseline_value": Decimal(baseline_value),
                **translated("name", spec["name"]),
                **translated("unit", spec["unit"]),
            },
        )
        month, day = spec["actual_on"]
        values = []
        for year, plan, actual in zip(years, spec["plan"], spec["actual"], strict=True):
            published_on = date(year + 1, month, day)
            if actual is None or published_on > self.today:
                actual, source, published_on = None, "", None
            else:
                source = spec["source"]
            values.append(
                {
                    "year": year,
                    "plan": Decimal(revised.get((spec["code"], year), plan)),
                    "actual": _decimal(actual),
                    "actual_source": source,
                    "actual_date": published_on,
                }
            )
        services.indicator_values_set(indicator_id=indicator.id, values=values)
        IndicatorValue.private_objects.filter(indicator=indicator).exclude(year__in=years).delete()
        return indicator

    def _load_financing(self, document, lines) -> None:
        kept = []
        for year, source, planned, adjusted, executed in lines:
            line = _put(
                Financing.private_objects,
                document=document,
                object=None,
                year=year,
                source=source,
                defaults={
                    "currency": "KZT",
                    "planned": _decimal(planned, BILLION),
                    "adjusted": _decimal(adjusted, BILLION),
                    "executed": _decimal(executed, BILLION),
                },
            )
            kept.append(line.id)
        Financing.private_objects.filter(document=document, object=None).exclude(
            id__in=kept
        ).delete()

    # -- Objects ------------------------------------------------------------------------------

    def _load_objects(self) -> None:
        units = [self.territories[slug] for slug in content.UNITS]
        self.unit_shapes = {t.id: prep(shape(t.geometry)) for t in units}
        self.inner_shapes = {}
        for number, spec in enumerate(content.OBJECTS, start=1):
            unit = content.UNITS[spec["unit"]]
            territory = self.territories[spec["unit"]]
            in_town = spec["in_town"] and unit.town is not None
            latitude, longitude = self._point_in(territory, seed=spec["slug"], in_town=in_town)
            planned_start, planned_end = spec["planned"]
            actual_start, actual_end = spec["actual"]
            contractor = self.organisations.get(spec["contractor"])
            contract_year = (actual_start or planned_start).year
            obj = _put(
                ProjectObject.private_objects,
                save=False,
                slug=spec["slug"],
                defaults={
                    "document": self.documents[spec["document"]],
                    "kind": spec["kind"],
                    "status": spec["status"],
                    "responsible_body": self.organisations[spec["body"]],
                    "contractor": contractor,
                    "contract_number": f"{contract_year}-{number:03d}" if contractor else "",
                    "contract_value": _decimal(spec["value"], MILLION),
                    "ocid": spec.get("ocid"),
                    "planned_start": planned_start,
                    "planned_end": planned_end,
                    "actual_start": actual_start,
                    "actual_end": actual_end,
                    "latitude": latitude,
                    "longitude": longitude,
                    **translated("name", spec["name"]),
                    **translated("description", spec["description"]),
                    **translated("address", address(unit, spec["street"], in_town=in_town)),
                },
            )
            services.object_locate(obj=obj, save=False)
            obj.save()
            if obj.territory_id != territory.id:
                raise CommandError(
                    _("%(object)s was placed outside %(territory)s.")
                    % {"object": obj.slug, "territory": territory}
                )

    def _inner(self, territory: Territory):
        """The unit without its border margin, and the same prepared for tests of points."""
        if territory.id not in self.inner_shapes:
            boundary = shape(territory.geometry)
            inner = boundary.buffer(-BORDER_MARGIN)
            if inner.is_empty:
                inner = boundary
            self.inner_shapes[territory.id] = inner, prep(inner)
        return self.inner_shapes[territory.id]

    def _point_in(self, territory: Territory, *, seed: str, in_town: bool) -> tuple[float, float]:
        """A point well inside the unit and in no other, the same on every run."""
        inner, inside = self._inner(territory)
        others = [s for tid, s in self.unit_shapes.items() if tid != territory.id]
        rng = random.Random(seed)
        if in_town:
            spread = TOWN_SPREAD.get(territory.kind, 0.012)
            lat_c, lon_c = territory.centre_lat, territory.centre_lon
            box = (lon_c - spread * 1.6, lat_c - spread, lon_c + spread * 1.6, lat_c + spread)
        else:
            box = inner.bounds
        candidates = (
            (round(rng.uniform(box[1], box[3]), 6), round(rng.uniform(box[0], box[2]), 6))
            for _attempt in range(500)
        )
        fallback = inner.representative_point()
        fallback = (round(fallback.y, 6), round(fallback.x, 6))
        for lat, lon in itertools.chain(candidates, [fallback]):
            point = Point(lon, lat)
            if inside.contains(point) and not any(o.intersects(point) for o in others):
                return lat, lon
        raise CommandError(
            _("No point inside %(territory)s for %(object)s.")
            % {"territory": territory, "object": seed}
        )

    # -- People -------------------------------------------------------------------------------

    def _load_users(self) -> None:
        # One hash for the shared password: hashing is slow by design.
        password_hash = None
        for spec in content.USERS:
            user = User.objects.filter(email=spec["email"]).first()
            if user is None:
                # Created once; a password changed since is left alone.
                create = (
                    User.objects.create_superuser
                    if spec.get("superuser")
                    else User.objects.create_user
                )
                user = create(
                    spec["email"],
                    None,
                    full_name=spec["full_name"],
                    language=spec["language"],
                    email_verified=True,
                )
                password_hash = password_hash or _demo_password_hash()
                user.password = password_hash
                user.save(update_fields=["password"])
            for org_slug, role in spec["memberships"]:
                Membership.objects.get_or_create(
                    user=user, organisation=self.organisations[org_slug], role=role
                )

    # -- IATI ---------------------------------------------------------------------------------

    def _import_iati(self) -> None:
        path = settings.SHARED_DATA_DIR / "iati" / "kazakhstan-activities.xml"
        if "import_iati" not in get_commands():
            self.stderr.write(_("The import_iati command is not available; IATI data skipped."))
            return
        # The sample file holds one activity that does not validate against the schema: the
        # demo imports the valid ones and shows the rejected one in its output.
        call_command(
            "import_iati", str(path), "--skip-invalid", stdout=self.stdout, stderr=self.stderr
        )

    # -- Summary ------------------------------------------------------------------------------

    def _print_summary(self) -> None:
        slugs = [spec["slug"] for spec in content.DOCUMENTS]
        documents = PlanningDocument.private_objects.filter(slug__in=slugs)
        in_documents = {"goal__document__in": documents}
        rows = [
            (
                _("organisations"),
                Organisation.objects.filter(
                    slug__in=[spec["slug"] for spec in content.ORGANISATIONS]
                ).count(),
            ),
            (_("planning documents"), documents.count()),
            (_("of them published"), documents.filter(is_published=True).count()),
            (_("indicators"), Indicator.private_objects.filter(**in_documents).count()),
            (
                _("yearly indicator values"),
                IndicatorValue.private_objects.filter(
                    indicator__goal__document__in=documents
                ).count(),
            ),
            (
                _("plan revisions"),
                PlanRevision.objects.filter(value__indicator__goal__document__in=documents).count(),
            ),
            (
                _("financing lines"),
                Financing.private_objects.filter(document__in=documents).count(),
            ),
            (_("objects"), ProjectObject.private_objects.filter(document__in=documents).count()),
            (_("information requests"), demo_requests().count()),
            (_("monitoring campaigns"), demo_campaigns().count()),
            (_("problem reports"), demo_reports().count()),
            (
                _("demo accounts"),
                User.objects.filter(email__in=[u["email"] for u in content.USERS]).count(),
            ),
        ]
        self.stdout.write(_("Demo data (illustrative):"))
        for label, count in rows:
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            _("Demo accounts: %(emails)s; password %(password)s.")
            % {
                "emails": ", ".join(u["email"] for u in content.USERS),
                "password": content.PASSWORD,
            }
        )
