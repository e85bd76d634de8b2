"""Versions of a plan: what a published document promised at each of its versions, and what
changed between any two of them.

One mechanism keeps the earlier values: the history of public records (baqylau.core.history).
Indicators (baseline), their yearly values (plan), objects (deadlines, capacity) and financing
(planned, adjusted) keep every version of themselves, and each historical row is tagged with the
plan version it belongs to. A version records, when it is closed, the last historical row of each
of those tables (`PlanVersion.marks`): the state of a record at a version is its last row up to
that mark, so that any two versions can be compared, and a change made outside any version (an
actual value) is simply part of the next one.

Changes of a published document go through `plan_revision`: everything written inside it is one
version, kept only if it changed a promise; its changes against the version before are stored
(`PlanChange`) for the pages, the open data and the alerts, and the followers of the document and
of its objects hear of the setbacks (a target lowered, a deadline moved, a budget cut).
"""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.signals import pre_create_historical_record

from baqylau.accounts.following import announce
from baqylau.core.services import field_error
from baqylau.core.templatetags.baqylau import money, num

from .models import (
    Financing,
    Indicator,
    IndicatorValue,
    PlanChange,
    PlanningDocument,
    PlanVersion,
    ProjectObject,
)

# What a plan promises, and how each model's records are found from their document.
TRACKED: dict[type[models.Model], str] = {
    Indicator: "goal__document",
    IndicatorValue: "indicator__goal__document",
    ProjectObject: "document",
    Financing: "document",
}
# The columns of each historical row that a comparison reads.
_COLUMNS = {
    Indicator: ("goal_id", "code", "name", "unit", "direction", "baseline_year", "baseline_value"),
    IndicatorValue: ("indicator_id", "year", "plan"),
    ProjectObject: ("name", "planned_start", "planned_end", "capacity", "capacity_unit"),
    Financing: ("object_id", "year", "source", "currency", "planned", "adjusted"),
}

_recording: ContextVar[PlanVersion | None] = ContextVar("plan_version", default=None)


def connect() -> None:
    pre_create_historical_record.connect(_tag, dispatch_uid="registry.plan_version_tag")


def _tag(sender, history_instance, **kwargs) -> None:
    """Each historical row written while a version is recorded belongs to it."""
    version = _recording.get()
    if version is not None and hasattr(history_instance, "plan_version_id"):
        history_instance.plan_version = version


def recording() -> PlanVersion | None:
    """The version being recorded, if any (the plan revisions take their reason from it)."""
    return _recording.get()


def _label(model) -> str:
    return model._meta.label_lower


def _history(model):
    return model.history.model


def _records(model, document):
    return model._default_manager.filter(**{TRACKED[model]: document})


def _marks() -> dict[str, int]:
    marks = {}
    for model in TRACKED:
        top = _history(model).objects.aggregate(top=models.Max("history_id"))["top"]
        marks[_label(model)] = top or 0
    return marks


def _snapshot(document, version: PlanVersion, *, every: bool) -> None:
    """Write a historical row of the version for each record of the document (`every`), or for
    those that have none yet (written in bulk, which keeps no history)."""
    now = timezone.now()
    for model in TRACKED:
        records = _records(model, document)
        if not every:
            records = records.exclude(pk__in=_history(model).objects.values("id"))
        records = list(records)
        if records:
            model.history.bulk_history_create(
                records,
                default_user=version.recorded_by,
                default_date=now,
                custom_historical_attrs={"plan_version": version},
            )


def _first_source(document) -> str:
    if document.approved_by:
        if document.approval_date:
            return _("%(decision)s of %(date)s") % {
                "decision": document.approved_by,
                "date": formats.date_format(document.approval_date, "SHORT_DATE_FORMAT"),
            }
        return document.approved_by
    return _("As published")


def version_first(*, document: PlanningDocument, user=None) -> PlanVersion:
    """Version 1 of a published document, as it stands (made once, when it is first needed)."""
    found = PlanVersion.private_objects.filter(document=document, number=1).first()
    if found is not None:
        return found
    published = document.published_at or timezone.now()
    version = PlanVersion.private_objects.create(
        document=document,
        number=1,
        takes_effect=document.approval_date or timezone.localdate(published),
        source=_first_source(document)[:500],
        source_url=document.source_url,
        recorded_at=published,
        recorded_by=user,
    )
    _snapshot(document, version, every=True)
    version.marks = _marks()
    version.save(update_fields=["marks"])
    return version


@contextmanager
def plan_revision(
    *,
    document: PlanningDocument,
    source: str = "",
    source_url: str = "",
    source_file=None,
    takes_effect: date | None = None,
    user=None,
) -> Iterator[PlanVersion | None]:
    """What is written inside becomes the next version of the published `document` when it
    changes a promise (nothing is kept otherwise). Unpublished drafts have no versions: None.

    A version needs its source (the decision that changed the plan): without one, a change of
    a promise is refused with a ValidationError and nothing is applied."""
    with transaction.atomic():
        document = PlanningDocument.private_objects.select_for_update().get(pk=document.pk)
        if not document.is_published:
            yield None
            return
        previous = PlanVersion.private_objects.filter(document=document).order_by(
            "-number"
        ).first() or version_first(document=document, user=user)
        # The plan as it stands on entry: what this version changes is compared with it, so a
        # change written earlier outside any version (by a service called directly) is not
        # laid at this version's door, nor asks for its source.
        start = PlanVersion(
            document=document,
            number=previous.number,
            takes_effect=previous.takes_effect,
            marks=_marks(),
        )
        version = PlanVersion.private_objects.create(
            document=document,
            number=previous.number + 1,
            takes_effect=takes_effect or timezone.localdate(),
            source=(source or "").strip()[:500],
            source_url=source_url or "",
            recorded_by=user,
        )
        if source_file:
            version.source_file = source_file
            version.save(update_fields=["source_file"])
        token = _recording.set(version)
        try:
            yield version
        finally:
            _recording.reset(token)
        _close(version, start)


def source_required():
    """The error of a change of a published plan without its source."""
    return field_error(
        "source",
        _(
            "The document is published and this changes what it promises: give the source "
            "of the change (the decision that changed the plan)."
        ),
        "source_required",
    )


def _close(version: PlanVersion, previous: PlanVersion) -> None:
    document = version.document
    _snapshot(document, version, every=False)
    version.marks = _marks()
    changes = compare(document, previous, version)
    if not changes:
        version.delete()
        return
    if not version.source:
        raise source_required()
    version.save(update_fields=["marks"])
    stored = PlanChange.private_objects.bulk_create(change.stored(version) for change in changes)
    setbacks = [change for change in changes if change.setback]
    if setbacks:
        _announce(version, setbacks)
    return stored


# Comparing two versions ------------------------------------------------------------------------


@dataclass
class Change:
    """One promise as two versions state it."""

    kind: str
    subject: str
    before: object
    after: object
    setback: str = ""
    on: date | None = None  # when the later version takes effect
    year: int | None = None
    funding_source: str = ""
    unit: str = ""
    direction: str = Indicator.Direction.HIGHER
    indicator_id: int | None = None
    object_id: int | None = None
    financing_id: int | None = None
    before_year: int | None = None  # of a baseline
    after_year: int | None = None
    currency: str = ""
    order: tuple = ()

    @property
    def setback_label(self) -> str:
        return PlanChange.Setback(self.setback).label if self.setback else ""

    @property
    def funding_source_label(self) -> str:
        return Financing.Source(self.funding_source).label if self.funding_source else ""

    @property
    def is_date(self) -> bool:
        return self.kind in {PlanChange.Kind.START, PlanChange.Kind.END}

    def stored(self, version: PlanVersion) -> PlanChange:
        dated = self.is_date
        return PlanChange(
            version=version,
            kind=self.kind,
            setback=self.setback,
            indicator_id=self.indicator_id,
            object_id=self.object_id,
            financing_id=self.financing_id,
            subject=str(self.subject)[:1000],
            year=self.year,
            funding_source=self.funding_source,
            unit=self.unit[:100],
            before_value=None if dated else self.before,
            after_value=None if dated else self.after,
            before_date=self.before if dated else None,
            after_date=self.after if dated else None,
        )

    def shown(self, value) -> str:
        if value is None:
            return "—"
        if self.is_date:
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        if self.kind == PlanChange.Kind.FINANCING:
            return f"{money(value)}\u00a0{self.currency or 'KZT'}"
        return with_unit(value, self.unit)

    @property
    def before_shown(self) -> str:
        return self.shown(self.before)

    @property
    def after_shown(self) -> str:
        return self.shown(self.after)

    @property
    def sentence(self) -> str:
        return sentence(self)


def with_unit(value, unit: str) -> str:
    if not unit:
        return num(value)
    return f"{num(value)}{'' if unit == '%' else chr(0xA0)}{unit}"


def _worse(kind: str, before, after, direction: str) -> bool:
    """Whether the later value promises less."""
    if before is None:
        return False
    if after is None:
        return True  # a promise dropped
    if kind in {PlanChange.Kind.START, PlanChange.Kind.END}:
        return after > before
    if kind == PlanChange.Kind.PLAN and direction == Indicator.Direction.LOWER:
        return after > before
    return after < before


_SETBACK = {
    PlanChange.Kind.PLAN: PlanChange.Setback.TARGET_LOWERED,
    PlanChange.Kind.CAPACITY: PlanChange.Setback.TARGET_LOWERED,
    PlanChange.Kind.START: PlanChange.Setback.DEADLINE_MOVED,
    PlanChange.Kind.END: PlanChange.Setback.DEADLINE_MOVED,
    PlanChange.Kind.FINANCING: PlanChange.Setback.BUDGET_CUT,
}


def _states(document, versions: list[PlanVersion]) -> list[dict]:
    """The records of the document at each of `versions` (in the order of their marks): a dict
    per version, {model: {record id: its historical row as a dict}}."""
    ordered = sorted(versions, key=lambda v: v.number)
    states = [{model: {} for model in TRACKED} for _v in ordered]
    for model, path in TRACKED.items():
        label = _label(model)
        top = max(v.marks.get(label, 0) for v in ordered)
        rows = (
            _history(model)
            .objects.filter(Q(plan_version__document=document) | Q(**{path: document}))
            .filter(history_id__lte=top)
            .order_by("history_id")
            .values("history_id", "history_type", "id", *_COLUMNS[model])
        )
        current: dict[int, dict] = {}
        index = 0
        for row in rows:
            while index < len(ordered) and row["history_id"] > ordered[index].marks.get(label, 0):
                states[index][model] = dict(current)
                index += 1
            if row["history_type"] == "-":
                current.pop(row["id"], None)
            else:
                current[row["id"]] = row
        while index < len(ordered):
            states[index][model] = dict(current)
            index += 1
    by_number = {v.number: state for v, state in zip(ordered, states, strict=True)}
    return [by_number[v.number] for v in versions]


def _differs(a, b) -> bool:
    if a is None or b is None:
        return a is not b
    return a != b


def compare(document, earlier: PlanVersion, later: PlanVersion) -> list[Change]:
    """What `later` promises differently from `earlier` (either may be the older one: the
    comparison reads from the older to the newer), by kind, in the plan's order."""
    if earlier.number > later.number:
        earlier, later = later, earlier
    if earlier.number == later.number:
        return []
    before, after = _states(document, [earlier, later])
    on = later.takes_effect
    names = _current_names(document)
    changes: list[Change] = []

    indicators = {**before[Indicator], **after[Indicator]}

    def indicator_name(indicator_id) -> str:
        if indicator_id in names["indicators"]:
            return names["indicators"][indicator_id][0]
        row = indicators.get(indicator_id) or {}
        return " ".join(p for p in (row.get("code"), row.get("name")) if p) or "—"

    def indicator_order(indicator_id) -> tuple:
        return names["indicators"].get(indicator_id, ("", (999999, indicator_id), ""))[1]

    def indicator_unit(indicator_id) -> str:
        if indicator_id in names["indicators"]:
            return names["indicators"][indicator_id][2]
        return (indicators.get(indicator_id) or {}).get("unit") or ""

    for indicator_id, row in sorted(indicators.items()):
        old, new = before[Indicator].get(indicator_id), after[Indicator].get(indicator_id)
        old_value = old and old["baseline_value"]
        new_value = new and new["baseline_value"]
        old_year = old and old["baseline_year"]
        new_year = new and new["baseline_year"]
        if old and new and (_differs(old_value, new_value) or _differs(old_year, new_year)):
            changes.append(
                Change(
                    kind=PlanChange.Kind.BASELINE,
                    subject=indicator_name(indicator_id),
                    before=old_value,
                    after=new_value,
                    on=on,
                    year=new_year,
                    before_year=old_year,
                    after_year=new_year,
                    unit=indicator_unit(indicator_id),
                    direction=row["direction"],
                    indicator_id=indicator_id,
                    order=(1, indicator_order(indicator_id)),
                )
            )

    def by_key(state, key):
        return {key(row): row for row in state.values()}

    plans_before = by_key(before[IndicatorValue], lambda r: (r["indicator_id"], r["year"]))
    plans_after = by_key(after[IndicatorValue], lambda r: (r["indicator_id"], r["year"]))
    for key in sorted(plans_before.keys() | plans_after.keys()):
        old = plans_before.get(key, {}).get("plan")
        new = plans_after.get(key, {}).get("plan")
        if not _differs(old, new):
            continue
        indicator_id, year = key
        row = indicators.get(indicator_id) or {"unit": "", "direction": "higher"}
        changes.append(
            Change(
                kind=PlanChange.Kind.PLAN,
                subject=indicator_name(indicator_id),
                before=old,
                after=new,
                on=on,
                year=year,
                unit=indicator_unit(indicator_id),
                direction=row["direction"],
                indicator_id=indicator_id if indicator_id in names["indicators"] else None,
                order=(0, indicator_order(indicator_id), year),
            )
        )

    objects = {**before[ProjectObject], **after[ProjectObject]}

    def object_name(object_id) -> str:
        if object_id in names["objects"]:
            return names["objects"][object_id][0]
        return (objects.get(object_id) or {}).get("name") or "—"

    def capacity_unit(object_id) -> str:
        if object_id in names["objects"]:
            return names["objects"][object_id][1]
        return (objects.get(object_id) or {}).get("capacity_unit") or ""

    for object_id in sorted(objects):
        old, new = before[ProjectObject].get(object_id), after[ProjectObject].get(object_id)
        if not old or not new:
            continue
        for kind, column in (
            (PlanChange.Kind.START, "planned_start"),
            (PlanChange.Kind.END, "planned_end"),
            (PlanChange.Kind.CAPACITY, "capacity"),
        ):
            if _differs(old[column], new[column]):
                changes.append(
                    Change(
                        kind=kind,
                        subject=object_name(object_id),
                        before=old[column],
                        after=new[column],
                        on=on,
                        unit=capacity_unit(object_id) if kind == "capacity" else "",
                        object_id=object_id if object_id in names["objects"] else None,
                        order=(2, object_name(object_id), object_id, kind),
                    )
                )

    def money_key(row):
        return (row["object_id"], row["year"], row["source"], row["currency"])

    money_before = by_key(before[Financing], money_key)
    money_after = by_key(after[Financing], money_key)
    for key in sorted(
        money_before.keys() | money_after.keys(), key=lambda k: (k[1], k[2], k[0] or 0)
    ):
        old_row, new_row = money_before.get(key), money_after.get(key)
        old = _current_plan(old_row)
        new = _current_plan(new_row)
        if not _differs(old, new):
            continue
        object_id, year, source, currency = key
        changes.append(
            Change(
                kind=PlanChange.Kind.FINANCING,
                subject=object_name(object_id) if object_id else str(document),
                before=old,
                after=new,
                on=on,
                year=year,
                funding_source=source,
                currency=currency,
                object_id=object_id if object_id in names["objects"] else None,
                financing_id=(new_row or {}).get("id") if new_row else None,
                order=(3, year, source, object_id or 0),
            )
        )
    for change in changes:
        if change.kind != PlanChange.Kind.BASELINE and _worse(
            change.kind, change.before, change.after, change.direction
        ):
            change.setback = _SETBACK[change.kind]
    changes.sort(key=lambda c: c.order)
    return changes


def _current_plan(row) -> Decimal | None:
    if row is None:
        return None
    return row["adjusted"] if row["adjusted"] is not None else row["planned"]


def _current_names(document) -> dict:
    """The names of the document's indicators and objects as they are now, in the page's
    language (two queries)."""
    indicators = {
        indicator.id: (
            str(indicator),
            (indicator.goal.order, indicator.goal_id, indicator.order),
            indicator.unit,
        )
        for indicator in Indicator.private_objects.filter(goal__document=document)
        .select_related("goal")
        .only("id", "code", "name", "unit", "order", "goal_id", "goal__order", "goal__id")
    }
    objects = {
        obj.id: (str(obj), obj.capacity_unit)
        for obj in ProjectObject.private_objects.filter(document=document).only(
            "id", "name", "capacity_unit"
        )
    }
    return {"indicators": indicators, "objects": objects}


# Sentences --------------------------------------------------------------------------------------


def sentence(change) -> str:
    """The change said plainly: "the target for 2025 was 95%, lowered to 80% on 12.03.2025"."""
    values = {
        "subject": change.subject,
        "year": change.year,
        "before": change.before_shown,
        "after": change.after_shown,
        "date": formats.date_format(change.on, "SHORT_DATE_FORMAT") if change.on else "",
        "source": Financing.Source(change.funding_source).label if change.funding_source else "",
    }
    kind, setback = change.kind, change.setback
    if change.before is None:
        texts = {
            PlanChange.Kind.PLAN: _(
                "%(subject)s: a target for %(year)s was set, %(after)s, on %(date)s."
            ),
            PlanChange.Kind.FINANCING: _(
                "%(subject)s: %(source)s for %(year)s was added, %(after)s, on %(date)s."
            ),
        }
        return texts.get(kind, _("%(subject)s: set to %(after)s on %(date)s.")) % values
    if change.after is None:
        texts = {
            PlanChange.Kind.PLAN: _(
                "%(subject)s: the target for %(year)s was %(before)s, removed on %(date)s."
            ),
            PlanChange.Kind.FINANCING: _(
                "%(subject)s: %(source)s for %(year)s was %(before)s, removed on %(date)s."
            ),
        }
        return texts.get(kind, _("%(subject)s: %(before)s, removed on %(date)s.")) % values
    if kind == PlanChange.Kind.PLAN:
        higher = change.after > change.before
        if setback and change.direction == Indicator.Direction.LOWER:
            text = _(
                "%(subject)s: the target for %(year)s was %(before)s, raised to %(after)s on "
                "%(date)s (lower is better: a weaker target)."
            )
        elif setback:
            text = _(
                "%(subject)s: the target for %(year)s was %(before)s, lowered to %(after)s "
                "on %(date)s."
            )
        elif higher:
            text = _(
                "%(subject)s: the target for %(year)s was %(before)s, raised to %(after)s on "
                "%(date)s."
            )
        else:
            text = _(
                "%(subject)s: the target for %(year)s was %(before)s, lowered to %(after)s "
                "on %(date)s (lower is better: a stronger target)."
            )
    elif kind == PlanChange.Kind.BASELINE:
        values["before"] = _baseline(change.before_shown, change.before_year)
        values["after"] = _baseline(change.after_shown, change.after_year)
        text = _("%(subject)s: the baseline was %(before)s, changed to %(after)s on %(date)s.")
    elif kind == PlanChange.Kind.START:
        text = (
            _("%(subject)s: the planned start was %(before)s, moved to %(after)s on %(date)s.")
            if setback
            else _(
                "%(subject)s: the planned start was %(before)s, brought forward to "
                "%(after)s on %(date)s."
            )
        )
    elif kind == PlanChange.Kind.END:
        text = (
            _("%(subject)s: the deadline was %(before)s, moved to %(after)s on %(date)s.")
            if setback
            else _(
                "%(subject)s: the deadline was %(before)s, brought forward to %(after)s on "
                "%(date)s."
            )
        )
    elif kind == PlanChange.Kind.CAPACITY:
        text = (
            _("%(subject)s: the planned capacity was %(before)s, reduced to %(after)s on %(date)s.")
            if setback
            else _(
                "%(subject)s: the planned capacity was %(before)s, raised to %(after)s on %(date)s."
            )
        )
    else:
        text = (
            _("%(subject)s: %(source)s for %(year)s was %(before)s, cut to %(after)s on %(date)s.")
            if setback
            else _(
                "%(subject)s: %(source)s for %(year)s was %(before)s, raised to %(after)s on "
                "%(date)s."
            )
        )
    return text % values


def _baseline(value: str, year) -> str:
    return f"{value} ({year})" if year else value


def setback_summary(counts: dict[str, int]) -> str:
    """ "3 targets lowered, 2 deadlines moved, 1 budget cut" (the kinds that occur)."""
    parts = []
    lowered = counts.get(PlanChange.Setback.TARGET_LOWERED, 0)
    moved = counts.get(PlanChange.Setback.DEADLINE_MOVED, 0)
    cut = counts.get(PlanChange.Setback.BUDGET_CUT, 0)
    if lowered:
        parts.append(
            ngettext("%(count)d target lowered", "%(count)d targets lowered", lowered)
            % {"count": lowered}
        )
    if moved:
        parts.append(
            ngettext("%(count)d deadline moved", "%(count)d deadlines moved", moved)
            % {"count": moved}
        )
    if cut:
        parts.append(
            ngettext("%(count)d budget cut", "%(count)d budgets cut", cut) % {"count": cut}
        )
    return ", ".join(parts)


# Alerts -----------------------------------------------------------------------------------------


def revisions_path(document, version: PlanVersion | None = None) -> str:
    path = reverse("portal:document_revisions", kwargs={"slug": document.slug})
    if version is not None and version.number > 1:
        path += f"?from={version.number - 1}&to={version.number}"
    return path


def _announce(version: PlanVersion, setbacks: list[Change]) -> None:
    """Tell the followers of the document and of the objects concerned: the plan promises less."""
    document = version.document
    object_ids = {change.object_id for change in setbacks if change.object_id}
    objects = list(ProjectObject.private_objects.filter(pk__in=object_ids))
    counts: dict[str, int] = defaultdict(int)
    for change in setbacks:
        counts[change.setback] += 1

    def text() -> str:
        fresh = compare_sentences(version, setbacks)
        return _(
            "%(document)s: the plan was revised on %(date)s (%(source)s): %(summary)s. %(details)s"
        ) % {
            "document": document,
            "date": formats.date_format(version.takes_effect, "SHORT_DATE_FORMAT"),
            "source": version.source,
            "summary": setback_summary(counts),
            "details": " ".join(fresh),
        }

    announce(
        targets=[document, *objects],
        kind="plan.setback",
        subject=document,
        text=text,
        path=lambda: revisions_path(document, version),
    )


def compare_sentences(version: PlanVersion, changes: list[Change]) -> list[str]:
    """The sentences of the changes, written again in the current language (names included)."""
    names = _current_names(version.document)
    sentences = []
    for change in changes:
        if change.indicator_id in names["indicators"]:
            change.subject, _order, change.unit = names["indicators"][change.indicator_id]
        elif change.object_id in names["objects"]:
            change.subject, unit = names["objects"][change.object_id]
            if change.kind == PlanChange.Kind.CAPACITY:
                change.unit = unit
        elif change.kind == PlanChange.Kind.FINANCING and not change.object_id:
            change.subject = str(version.document)
        sentences.append(sentence(change))
    return sentences


# Reads for the pages and the open data --------------------------------------------------------


def stored(change: PlanChange) -> Change:
    """A stored change as the comparison states it (to say it in a sentence)."""
    dated = change.kind in {PlanChange.Kind.START, PlanChange.Kind.END}
    indicator, obj = change.indicator, change.object
    subject = str(indicator or obj or change.subject)
    if change.kind == PlanChange.Kind.FINANCING and obj is None:
        subject = str(change.version.document)  # the document's own money
    unit = change.unit
    if indicator is not None:
        unit = indicator.unit
    elif obj is not None and change.kind == PlanChange.Kind.CAPACITY:
        unit = obj.capacity_unit
    return Change(
        kind=change.kind,
        subject=subject,
        before=change.before_date if dated else change.before_value,
        after=change.after_date if dated else change.after_value,
        setback=change.setback,
        on=change.version.takes_effect,
        year=change.year,
        funding_source=change.funding_source,
        unit=unit,
        direction=indicator.direction if indicator is not None else Indicator.Direction.HIGHER,
        indicator_id=change.indicator_id,
        object_id=change.object_id,
        financing_id=change.financing_id,
        after_year=change.year,
    )


def setback_counts(changes) -> dict[str, int]:
    """{setback: count} of a queryset of stored changes (one query)."""
    rows = changes.setbacks().values("setback").annotate(count=models.Count("id"))
    return {row["setback"]: row["count"] for row in rows}


def body_setbacks(documents) -> list[dict]:
    """The setbacks of the revisions of `documents` (a queryset the reader may see), by document
    and by the year the revision took effect, newest first (two queries)."""
    rows = (
        PlanChange.private_objects.setbacks()
        .filter(version__document__in=documents)
        .annotate(year_of=ExtractYear("version__takes_effect"))
        .values("version__document_id", "year_of", "setback")
        .annotate(count=models.Count("id"))
        .order_by()
    )
    grouped: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for row in rows:
        grouped[(row["version__document_id"], row["year_of"])][row["setback"]] = row["count"]
    if not grouped:
        return []
    found = {
        document.id: document
        for document in PlanningDocument.private_objects.filter(
            id__in={key[0] for key in grouped}
        ).only("id", "slug", "title")
    }
    lines = []
    for (document_id, year), counts in sorted(grouped.items(), key=lambda item: -item[0][1]):
        document = found[document_id]
        lines.append(
            {
                "document": document,
                "year": year,
                "counts": counts,
                "total": sum(counts.values()),
                "summary": setback_summary(counts),
                "path": revisions_path(document),
            }
        )
    return lines
