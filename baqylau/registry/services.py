"""Writes to the registry. Views, the back office and the importers all go through these."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .geo import territory_id_for_point
from .models import IndicatorValue, PlanningDocument, PlanRevision, ProjectObject


def object_locate(*, obj: ProjectObject, save: bool = True) -> ProjectObject:
    """Set the object's territory from its point (cleared when it has no point)."""
    if obj.has_location:
        obj.territory_id = territory_id_for_point(latitude=obj.latitude, longitude=obj.longitude)
    else:
        obj.territory_id = None
    if save:
        obj.save(update_fields=["territory", "updated_at"])
    return obj


@transaction.atomic
def document_publish(*, document: PlanningDocument) -> PlanningDocument:
    if not document.is_published:
        document.is_published = True
        document.published_at = timezone.now()
        document.save(update_fields=["is_published", "published_at", "updated_at"])
    return document


def _changed(old: Decimal | None, new: Decimal | None) -> bool:
    if old is None or new is None:
        return old is not new
    return Decimal(old) != Decimal(new)


@transaction.atomic
def indicator_value_set(
    *,
    indicator_id: int,
    year: int,
    plan: Decimal | None,
    actual: Decimal | None = None,
    actual_source: str = "",
    actual_date=None,
    reason: str = "",
    user=None,
) -> IndicatorValue:
    """Create or update one year's plan and actual.

    Once the document is published, a changed plan is not silently overwritten: the previous
    value is kept as a PlanRevision so the public page can say the plan was revised.
    """
    value, created = IndicatorValue.private_objects.select_for_update().get_or_create(
        indicator_id=indicator_id,
        year=year,
        defaults={
            "plan": plan,
            "actual": actual,
            "actual_source": actual_source,
            "actual_date": actual_date,
        },
    )
    if created:
        return value
    published = PlanningDocument.private_objects.filter(
        goals__indicators__id=indicator_id, is_published=True
    ).exists()
    if published and _changed(value.plan, plan):
        PlanRevision.objects.create(
            value=value, previous_plan=value.plan, new_plan=plan, reason=reason, recorded_by=user
        )
    value.plan = plan
    value.actual = actual
    value.actual_source = actual_source
    value.actual_date = actual_date
    value.save()
    return value


@transaction.atomic
def indicator_values_set(*, indicator_id: int, values: list[dict], user=None) -> None:
    """`indicator_value_set` for many years of one indicator, each of `values` its keyword
    arguments but the indicator's: the years that have no value yet are created together, with
    one query, the others set one by one (a published plan changed becomes a revision)."""
    years = [value["year"] for value in values]
    existing = set(
        IndicatorValue.private_objects.select_for_update()
        .filter(indicator_id=indicator_id, year__in=years)
        .values_list("year", flat=True)
    )
    IndicatorValue.private_objects.bulk_create(
        IndicatorValue(
            indicator_id=indicator_id,
            year=value["year"],
            plan=value["plan"],
            actual=value.get("actual"),
            actual_source=value.get("actual_source", ""),
            actual_date=value.get("actual_date"),
        )
        for value in values
        if value["year"] not in existing
    )
    for value in values:
        if value["year"] in existing:
            indicator_value_set(indicator_id=indicator_id, user=user, **value)
