"""The demo data: a complete, consistent and repeatable picture of Pavlodar region."""

import io
import re
from datetime import date
from decimal import Decimal

from django.contrib.auth import authenticate
from django.core.cache import cache
from django.core.management import call_command
from shapely.geometry import Point, shape

from baqylau.accounts.models import Membership, Role, User
from baqylau.portal.context_processors import DEMO_CACHE_KEY
from baqylau.registry import models as m
from baqylau.registry import status as st

from ..helpers import KAZAKH_ONLY

REGIONAL_PLAN = "demo-pavlodar-region-development-plan-2021-2025"
PAVLODAR_UNITS = 13
CYRILLIC = re.compile("[а-яёәіңғүұқөһ]", re.IGNORECASE)


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", "--skip-iati", stdout=out)
    return out.getvalue()


def registry_counts() -> dict:
    return {
        "territories": m.Territory.objects.count(),
        "organisations": m.Organisation.objects.count(),
        "documents": m.PlanningDocument.private_objects.count(),
        "directions": m.Direction.private_objects.count(),
        "goals": m.Goal.private_objects.count(),
        "indicators": m.Indicator.private_objects.count(),
        "values": m.IndicatorValue.private_objects.count(),
        "revisions": m.PlanRevision.objects.count(),
        "financing": m.Financing.private_objects.count(),
        "objects": m.ProjectObject.private_objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
    }


def test_regional_plan_indicators_plan_and_actual_by_year(demo_data):
    plan = m.PlanningDocument.public_objects.get(slug=REGIONAL_PLAN)
    assert plan.doc_type == m.PlanningDocument.Type.REGIONAL_PLAN
    assert plan.status == m.PlanningDocument.Status.IN_FORCE
    assert (plan.start_year, plan.end_year) == (2021, 2025)
    assert plan.territory.slug == "pavlodar-region"
    assert plan.approval_date.year == 2021 and "маслихат" in plan.approved_by_ru
    assert [b.kind for b in plan.responsible_bodies.all()] == [m.Organisation.Kind.AKIMAT]
    assert [d.name_en for d in plan.directions.order_by("number")] == [
        "Quality of life",
        "A comfortable and safe region",
        "Economic growth",
    ]
    assert all(goal.direction_id for goal in plan.goals.all())

    indicators = m.Indicator.private_objects.filter(goal__document=plan).prefetch_related("values")
    assert len(indicators) >= 12
    missing_2025 = 0
    for indicator in indicators:
        assert indicator.baseline_year == 2020 and indicator.baseline_value is not None
        values = {v.year: v for v in indicator.values.all()}
        assert sorted(values) == [2021, 2022, 2023, 2024, 2025], indicator.code
        assert all(v.plan is not None for v in values.values())
        for year in (2021, 2022, 2023, 2024):
            value = values[year]
            assert value.actual is not None, (indicator.code, year)
            assert value.actual_source and value.actual_date > date(year, 12, 31)
        missing_2025 += values[2025].actual is None
    assert 0 < missing_2025 < len(indicators)
    # A lower-is-better indicator is there too.
    assert indicators.filter(direction=m.Indicator.Direction.LOWER).count() >= 3

    # On 1 January 2025, 99.1 % of residents had drinking water.
    water = m.IndicatorValue.private_objects.get(
        indicator__goal__document=plan, indicator__code="2.1.3", year=2024
    )
    assert water.actual == Decimal("99.1") and water.actual_date == date(2025, 1, 1)


def test_statuses_mix_and_the_plan_was_revised_once(demo_data):
    plan = m.PlanningDocument.public_objects.get(slug=REGIONAL_PLAN)
    statuses = set()
    for value in m.IndicatorValue.public_objects.filter(
        indicator__goal__document=plan
    ).select_related("indicator"):
        statuses.add(
            st.indicator_status(
                higher_is_better=value.indicator.direction == m.Indicator.Direction.HIGHER,
                plan=value.plan,
                actual=value.actual,
            )
        )
    assert statuses == set(st.Status)

    revision = m.PlanRevision.objects.get()
    assert revision.value.indicator.goal.document == plan
    assert revision.previous_plan != revision.new_plan == revision.value.plan
    assert revision.reason
    # The revision is the plan's second version, its decision the source.
    first, second = m.PlanVersion.private_objects.filter(document=plan)
    assert (first.number, second.number, second.source) == (1, 2, revision.reason)
    (change,) = m.PlanChange.private_objects.filter(version=second)
    assert (change.kind, change.before_value, change.after_value) == (
        "plan",
        revision.previous_plan,
        revision.new_plan,
    )


def test_other_documents_financing_and_the_hidden_draft(demo_data):
    documents = m.PlanningDocument.private_objects.all()
    assert all(d.slug.startswith("demo-") for d in documents)
    assert {d.doc_type for d in documents} >= {
        m.PlanningDocument.Type.REGIONAL_PLAN,
        m.PlanningDocument.Type.DISTRICT_PLAN,
        m.PlanningDocument.Type.NATIONAL_PROJECT,
    }
    for document in m.PlanningDocument.public_objects.all():
        assert m.Indicator.public_objects.filter(goal__document=document).exists()

    draft = documents.get(is_published=False)
    assert not m.PlanningDocument.public_objects.filter(pk=draft.pk).exists()
    assert not m.Indicator.public_objects.filter(goal__document=draft).exists()
    assert not m.ProjectObject.public_objects.filter(document=draft).exists()
    assert m.ProjectObject.private_objects.filter(document=draft).exists()

    lines = m.Financing.public_objects.filter(document__slug=REGIONAL_PLAN)
    assert {(f.year, f.source) for f in lines} == {
        (year, source)
        for year in range(2021, 2026)
        for source in (
            m.Financing.Source.REPUBLICAN,
            m.Financing.Source.LOCAL,
            m.Financing.Source.OFF_BUDGET,
        )
    }
    assert all(f.planned >= 10**9 and f.executed for f in lines)
    assert lines.exclude(adjusted=None).exists()


def test_objects_cover_every_unit_and_lie_in_their_unit(demo_data):
    units = m.Territory.objects.filter(parent__slug="pavlodar-region")
    assert units.count() == PAVLODAR_UNITS
    shapes = {unit.id: shape(unit.geometry) for unit in units}
    objects = m.ProjectObject.public_objects.all()
    assert objects.count() >= 40
    for obj in objects:
        point = Point(obj.longitude, obj.latitude)
        containing = [tid for tid, geom in shapes.items() if geom.contains(point)]
        assert containing == [obj.territory_id], obj.slug
    for unit in units:
        assert objects.filter(territory=unit).count() >= 2, unit.slug

    kinds = set(objects.values_list("kind", flat=True))
    assert kinds >= {"school", "kindergarten", "health", "road", "water", "heating", "housing"}
    assert kinds >= {"sport"}
    statuses = set(objects.values_list("status", flat=True))
    assert {"completed", "in_progress", "planned"} <= statuses
    assert any(obj.is_late for obj in objects)
    with_contract = objects.exclude(contractor=None)
    assert with_contract.count() >= 30
    for obj in with_contract:
        assert obj.contractor.kind == m.Organisation.Kind.COMPANY
        assert obj.contract_number and obj.contract_value > 0 and obj.actual_start


def test_names_in_kazakh_russian_and_english(demo_data):
    named = [
        (m.PlanningDocument.private_objects.all(), "title"),
        (m.Direction.private_objects.all(), "name"),
        (m.Goal.private_objects.all(), "name"),
        (m.Indicator.private_objects.all(), "name"),
        (m.ProjectObject.private_objects.all(), "name"),
        (m.ProjectObject.private_objects.all(), "address"),
        (m.Organisation.objects.all(), "name"),
        (m.Territory.objects.all(), "name"),
    ]
    for queryset, field in named:
        for item in queryset:
            kk, ru, en = (getattr(item, f"{field}_{lang}") for lang in ("kk", "ru", "en"))
            assert kk and ru and en, (item, field)
            assert CYRILLIC.search(kk) and CYRILLIC.search(ru), (item, field)
            assert not CYRILLIC.search(en), (item, field, en)
            if field != "name" or not isinstance(item, m.Territory):
                assert kk != ru, (item, field)
    # Kazakh texts use the Kazakh letters.
    for document in m.PlanningDocument.private_objects.all():
        assert KAZAKH_ONLY.search(document.title_kk), document.title_kk
    objects_kk = " ".join(m.ProjectObject.private_objects.values_list("name_kk", flat=True))
    assert set("әіңғүұқө") <= set(objects_kk)

    kinds = set(m.Organisation.objects.values_list("kind", flat=True))
    assert kinds >= {"akimat", "akimat_department", "district_akimat", "ngo", "company"}
    assert m.Organisation.objects.filter(kind="district_akimat").count() == PAVLODAR_UNITS
    assert m.Organisation.objects.filter(kind="ngo").count() == 3
    departments = m.Organisation.objects.filter(kind="akimat_department")
    assert departments.count() == 5
    assert all(d.parent.kind == "akimat" and d.email and d.phone for d in departments)


def test_running_twice_changes_nothing(demo_data):
    before = registry_counts()
    ids = set(m.ProjectObject.private_objects.values_list("id", "latitude", "longitude"))
    cache.set(DEMO_CACHE_KEY, False)
    output = load_demo()
    assert registry_counts() == before
    assert set(m.ProjectObject.private_objects.values_list("id", "latitude", "longitude")) == ids
    assert m.PlanRevision.objects.count() == 1
    assert cache.get(DEMO_CACHE_KEY) is None
    assert "objects: 48" in output


def test_demo_accounts_can_sign_in_with_their_roles(demo_data):
    admin = authenticate(email="admin@baqylau.local", password="baqylau-demo")
    assert admin is not None and admin.is_superuser and admin.is_staff
    kind = m.Organisation.Kind
    roles = {
        # The NGO's coordinator is also the secretary of the regional public council.
        "coordinator@baqylau.local": {
            (Role.COORDINATOR, kind.NGO),
            (Role.COORDINATOR, kind.PUBLIC_COUNCIL),
        },
        "monitor@baqylau.local": {(Role.MONITOR, kind.NGO)},
        "officer@baqylau.local": {(Role.OFFICER, kind.AKIMAT_DEPARTMENT)},
        "moderator@baqylau.local": {(Role.MODERATOR, kind.NGO)},
    }
    for email, held in roles.items():
        user = authenticate(email=email, password="baqylau-demo")
        assert user is not None and user.email_verified and not user.is_staff, email
        memberships = user.memberships.select_related("organisation")
        assert {(ms.role, ms.organisation.kind) for ms in memberships} == held, email
    citizen = authenticate(email="citizen@baqylau.local", password="baqylau-demo")
    assert citizen is not None and not citizen.memberships.exists()
    # The officer answers for the education department.
    officer = User.objects.get(email="officer@baqylau.local")
    assert officer.memberships.get().organisation.slug == "pavlodar-education-department"
