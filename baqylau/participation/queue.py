"""What the moderation pages read: the queue of held and of flagged contributions, and the
counts of the public moderation log.

The queue mixes the kinds of contribution. Each kind gives a small queryset of (date, kind, id);
their UNION is ordered and cut into pages by the database, and only the items of the page are
then fetched, a query per kind with what they show: the number of queries does not grow with the
queue, and a page of the queue stays fast at tens of thousands of held items.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, F, Min, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import TruncMonth
from django.urls import NoReverseMatch

from .models import (
    Comment,
    Flag,
    ModerationAction,
    ModerationReason,
    Rating,
    Report,
    ReportFile,
)
from .moderation import KIND_NAMES, KINDS, items_of
from .states import Moderation

HELD, FLAGGED = "held", "flagged"
TABS = (HELD, FLAGGED)


def _entries(qs, kind: str, at: str):
    return (
        qs.order_by()
        .annotate(k=Value(kind, output_field=CharField()), at=F(at))
        .values_list("at", "k", "id")
    )


def _held():
    """Pre-moderation: what waits for a moderator, of every kind (a rating only when it has a
    reason to read)."""
    held = Moderation.HELD
    return [
        _entries(Report.private_objects.filter(moderation=held), "report", "created_at"),
        _entries(items_of("update").filter(moderation=held), "update", "created_at"),
        _entries(Comment.objects.filter(moderation=held), "comment", "created_at"),
        _entries(Rating.objects.filter(moderation=held).exclude(reason=""), "rating", "created_at"),
    ]


def _flagged():
    """Post-moderation: published items with flags nobody has resolved, by their first flag."""
    parts = []
    for kind in KINDS:
        item_type = ContentType.objects.get_for_model(KINDS[kind])
        open_flags = Flag.objects.filter(item_type=item_type, resolved_at=None)
        first = (
            open_flags.filter(item_id=OuterRef("pk"))
            .order_by()
            .values("item_id")
            .annotate(first=Min("created_at"))
            .values("first")
        )
        qs = (
            items_of(kind)
            .filter(moderation=Moderation.PUBLISHED, pk__in=open_flags.values("item_id"))
            .annotate(first_flag=Subquery(first))
        )
        parts.append(_entries(qs, kind, "first_flag"))
    return parts


def queue(tab: str):
    """The entries (date, kind, id) of a tab, the oldest first; page it with a Paginator."""
    first, *rest = _held() if tab == HELD else _flagged()
    return first.union(*rest, all=True).order_by("at", "k", "id")


def counts() -> dict[str, int]:
    return {tab: queue(tab).count() for tab in TABS}


# Queues of the apps built on participation (the questions to meetings, say), which moderate
# their own kind with the same states: each registers its label, a count of what waits and the
# name of its page when its app is ready, and the queue's page links to them.
@dataclass(frozen=True)
class OtherQueue:
    label: str
    count: Callable[[], int]
    url_name: str


_other_queues: list[OtherQueue] = []


def register_other_queue(other: OtherQueue) -> None:
    if other not in _other_queues:
        _other_queues.append(other)


def other_queues() -> list[tuple[OtherQueue, int]]:
    """The other queues with how many items wait in each."""
    return [(other, other.count()) for other in _other_queues]


# The items of one page ------------------------------------------------------------------------


def _fetch(kind: str, ids):
    qs = items_of(kind).filter(pk__in=ids)
    if kind == "report":
        qs = (
            qs.select_related(
                "category", "reporter", "project_object", "indicator", "document", "territory"
            )
            # Boundaries are large and never shown here.
            .defer("territory__geometry")
            .prefetch_related(Prefetch("files", queryset=ReportFile.objects.filter(event=None)))
        )
    elif kind == "update":
        qs = qs.select_related("report", "actor").prefetch_related("files")
    elif kind == "file":
        qs = qs.select_related("report", "event")
    elif kind == "comment":
        qs = qs.select_related("author", "official_body", "target_type", "parent")
        qs = qs.prefetch_related("target")
    elif kind == "rating":
        qs = qs.select_related("project_object", "user").prefetch_related(
            Prefetch("scores", queryset=_scores())
        )
    return {item.pk: item for item in qs}


def _scores():
    from .models import Score

    return Score.objects.select_related("criterion").order_by("criterion__order")


def _describe(kind: str, item) -> None:
    """What the queue shows of every kind alike: the author (moderators only), the text, the
    files, and the page where the item appears."""
    item.kind = kind
    item.kind_name = KIND_NAMES[kind]
    item.files_shown = []
    if kind == "report":
        item.shown_author = item.reporter or item.reporter_email
        item.shown_heading = item.title
        item.shown_text = item.description
        item.files_shown = list(item.files.all())
        item.shown_about = item.subject
    elif kind == "update":
        item.shown_author = item.actor
        item.shown_heading = item.report.title
        item.shown_text = item.text
        item.files_shown = list(item.files.all())
        item.shown_about = item.report
    elif kind == "file":
        item.shown_author = None
        item.shown_heading = item.name
        item.shown_text = ""
        item.files_shown = [item]
        item.shown_about = item.report
    elif kind == "comment":
        item.shown_author = item.author
        item.shown_heading = ""
        item.shown_text = item.text
        item.shown_about = item.target
    else:
        item.shown_author = item.user
        item.shown_heading = ""
        item.shown_text = item.reason
        item.shown_about = item.project_object


def url_of(thing) -> str:
    """The page of a thing, or "" while it has none."""
    try:
        return thing.get_absolute_url()
    except (AttributeError, NoReverseMatch):
        return ""


def page_items(entries) -> list:
    """The items behind a page of queue entries, in the page's order, each with its open flags
    (a query per kind present, and one for the flags)."""
    entries = list(entries)
    wanted = defaultdict(list)
    for _at, kind, pk in entries:
        wanted[kind].append(pk)
    found = {kind: _fetch(kind, ids) for kind, ids in wanted.items()}
    types = {kind: ContentType.objects.get_for_model(KINDS[kind]) for kind in wanted}
    flags = defaultdict(list)
    if wanted:
        where = Q()
        for kind, ids in wanted.items():
            where |= Q(item_type=types[kind], item_id__in=ids)
        for flag in Flag.objects.filter(where, resolved_at=None).select_related(
            "reason", "flagged_by"
        ):
            flags[(flag.item_type_id, flag.item_id)].append(flag)
    items = []
    for at, kind, pk in entries:
        item = found[kind].get(pk)
        if item is None:
            continue
        _describe(kind, item)
        item.shown_url = url_of(item.shown_about) if item.shown_about is not None else ""
        item.queued_at = at
        item.flags = flags[(types[kind].pk, pk)]
        items.append(item)
    return items


def reasons():
    return list(ModerationReason.objects.all())


# The public log -------------------------------------------------------------------------------


def log_counts(*, months: int = 24) -> dict:
    """The moderators' actions counted by month, action and reason: no item, author or
    moderator is named. Returns the rows (newest month first) and the totals by reason."""
    rows = list(
        ModerationAction.objects.annotate(month=TruncMonth("created_at"))
        .values("month", "action", "reason_id")
        .annotate(count=Count("id"))
        .order_by("-month", "action", "reason_id")
    )
    names = {reason.pk: reason.name for reason in ModerationReason.objects.all()}
    labels = dict(ModerationAction.Action.choices)
    by_month = {}
    totals = defaultdict(int)
    for row in rows:
        month = by_month.setdefault(row["month"], {"month": row["month"], "lines": [], "total": 0})
        if len(by_month) > months:
            by_month.pop(row["month"])
            break
        month["lines"].append(
            {
                "action": labels.get(row["action"], row["action"]),
                "reason": names.get(row["reason_id"], ""),
                "count": row["count"],
            }
        )
        month["total"] += row["count"]
        totals[names.get(row["reason_id"], "")] += row["count"]
    return {
        "months": list(by_month.values()),
        "by_reason": sorted(totals.items(), key=lambda pair: (-pair[1], pair[0])),
        "total": sum(totals.values()),
    }
