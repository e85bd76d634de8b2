"""Writes to the registry. Views, the back office and the importers all go through these."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from baqylau.accounts.following import announce, followers_of
from baqylau.core import pagecache, record
from baqylau.core.history import note_change

from . import versions
from .geo import territory_id_for_point
from .models import Indicator, IndicatorValue, PlanningDocument, PlanRevision, ProjectObject


def object_locate(*, obj: ProjectObject, save: bool = True) -> ProjectObject:
    """Set the object's territory from its point (cleared when it has no point)."""
    if obj.has_location:
        obj.territory_id = territory_id_for_point(latitude=obj.latitude, longitude=obj.longitude)
    else:
        obj.territory_id = None
    if save:
        obj.save(update_fields=["territory", "updated_at"])
    return obj


@pagecache.changes
@transaction.atomic
def document_publish(*, document: PlanningDocument, user=None) -> PlanningDocument:
    """Publish the document; what it promises then is its first version."""
    if not document.is_published:
        document.is_published = True
        document.published_at = timezone.now()
        document.save(update_fields=["is_published", "published_at", "updated_at"])
    versions.version_first(document=document, user=user)
    record.log(document, parts=True)
    return document


def _changed(old: Decimal | None, new: Decimal | None) -> bool:
    if old is None or new is None:
        return old is not new
    return Decimal(old) != Decimal(new)


@pagecache.changes
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
    value is kept as a PlanRevision so the public page can say the plan was revised; a new or
    changed actual value is announced to the document's followers.
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
        record.log(value)
        document = _published_document(indicator_id) if actual is not None else None
        if document is not None:
            _actual_announce(value, document)
        return value
    document = _published_document(indicator_id)
    published = document is not None
    if published and _changed(value.plan, plan):
        version = versions.recording()
        PlanRevision.objects.create(
            value=value,
            previous_plan=value.plan,
            new_plan=plan,
            reason=(version.source if version is not None and version.source else reason)[:500],
            recorded_by=user,
        )
    actual_changed = _changed(value.actual, actual)
    value.plan = plan
    value.actual = actual
    value.actual_source = actual_source
    value.actual_date = actual_date
    note_change(value, actor=user, reason=reason)
    value.save()
    record.log(value)
    if published and actual_changed and actual is not None:
        _actual_announce(value, document)
    return value


def _published_document(indicator_id: int) -> PlanningDocument | None:
    return PlanningDocument.private_objects.filter(
        goals__indicators__id=indicator_id, is_published=True
    ).first()


def actuals_announce(*, values: list[IndicatorValue], document: PlanningDocument) -> None:
    """`_actual_announce` for the values an import recorded (one query without followers)."""
    if values and followers_of(document).exists():
        for value in values:
            _actual_announce(value, document)


def _actual_announce(value: IndicatorValue, document: PlanningDocument) -> None:
    """Tell the followers of the document: an actual value was recorded or changed. (Importers
    set many values: without followers this costs one query.)"""
    if not followers_of(document).exists():
        return
    indicator = Indicator.private_objects.get(pk=value.indicator_id)
    announce(
        targets=[document],
        kind="indicator.actual",
        subject=indicator,
        text=lambda: (
            _("%(document)s: %(indicator)s, actual %(year)s: %(actual)s (plan %(plan)s)")
            % {
                "document": document,
                "indicator": indicator,
                "year": value.year,
                "actual": number_format(value.actual),
                "plan": "—" if value.plan is None else number_format(value.plan),
            }
        ),
        path=lambda: f"{document.get_absolute_url()}#indicator-{indicator.pk}",
    )


@pagecache.changes
@transaction.atomic
def object_status_announce(*, obj: ProjectObject, previous: str) -> None:
    """Tell the followers of an object, its document and its territory that its status changed
    (the back office calls this when an editor changes it)."""
    if previous == obj.status or not obj.document.is_published:
        return
    announce(
        targets=[obj, obj.document, obj.territory],
        kind="object.status",
        subject=obj,
        text=lambda: (
            _("%(object)s: the status is now “%(status)s” (was “%(previous)s”)")
            % {
                "object": obj,
                "status": obj.get_status_display(),
                "previous": ProjectObject.Status(previous).label if previous else "—",
            }
        ),
    )


@pagecache.changes
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
    record.log_each(IndicatorValue.private_objects.filter(indicator_id=indicator_id))
    for value in values:
        if value["year"] in existing:
            indicator_value_set(indicator_id=indicator_id, user=user, **value)
