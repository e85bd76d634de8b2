"""The public log of withdrawals and takedowns: every published record that was withdrawn
(campaigns, findings, recommendations, field visits, the bodies' answers, information requests
and their answers, evidence, plan revisions, monitors' feedback on risk indicators and the
bodies' answers to them) and every contribution the moderators hid, newest
first, with the public reason. A page runs a fixed number of queries, whatever the number of
withdrawals: per kind, one to count, one for its newest rows, one for what the rows name."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from baqylau.accountability.models import Finding, Recommendation, RecommendationAnswer
from baqylau.inforequests.models import Answer, InformationRequest, Status
from baqylau.monitoring.models import Campaign, Evidence, Visit
from baqylau.participation.models import ModerationAction
from baqylau.procurement.models import FlagAnswer, FlagFeedback
from baqylau.registry.models import PlanRevision


@dataclass(frozen=True)
class Kind:
    name: str
    label: object
    queryset: object  # the withdrawn records the log lists (what was public)
    related: tuple = ()
    # A field visit's reason was written for its team, and its address answers 404 as before.
    public_reason: bool = True


KINDS = {
    kind.name: kind
    for kind in (
        Kind(
            "campaign", _("Monitoring campaign"), Campaign.private_objects.filter(is_published=True)
        ),
        Kind(
            "finding",
            _("Finding"),
            Finding.private_objects.filter(campaign__is_published=True),
            ("campaign",),
        ),
        Kind(
            "recommendation",
            _("Recommendation"),
            Recommendation.private_objects.filter(campaign__is_published=True),
            ("campaign",),
        ),
        Kind(
            "visit",
            _("Field visit"),
            Visit.private_objects.filter(campaign__is_published=True),
            ("campaign", "project_object"),
            public_reason=False,
        ),
        Kind(
            "answer",
            _("Answer to a recommendation"),
            RecommendationAnswer.private_objects.filter(
                recommendation__campaign__is_published=True
            ),
            ("recommendation__campaign",),
        ),
        Kind(
            "evidence",
            _("Evidence"),
            Evidence.private_objects.filter(campaign__is_published=True),
            ("campaign",),
        ),
        Kind(
            "plan_revision",
            _("Plan revision"),
            PlanRevision.objects.filter(value__indicator__goal__document__is_published=True),
            ("value",),
        ),
        Kind(
            "request",
            _("Information request"),
            InformationRequest.private_objects.exclude(status=Status.DRAFT).filter(is_public=True),
        ),
        Kind(
            "request_answer",
            _("Answer to an information request"),
            Answer.objects.exclude(request__status=Status.DRAFT).filter(request__is_public=True),
            ("request",),
        ),
        Kind(
            "flag_feedback",
            _("Feedback on a risk indicator"),
            FlagFeedback.objects.all(),
            ("process",),
        ),
        Kind(
            "flag_answer",
            _("Answer to a risk indicator"),
            FlagAnswer.objects.all(),
            ("process", "body"),
        ),
    )
}
HIDDEN = "hidden"
TEAM_REASON = _("the reason is kept by the campaign's team")


def _sources() -> list[tuple[str, object, str]]:
    """(kind, queryset, name of its date) of every withdrawal and takedown."""
    hidden = ModerationAction.objects.filter(action=ModerationAction.Action.HIDE)
    withdrawn = [
        (kind.name, kind.queryset.filter(withdrawn_at__isnull=False), "withdrawn_at")
        for kind in KINDS.values()
    ]
    return [*withdrawn, (HIDDEN, hidden, "created_at")]


class WithdrawalsLog:
    """(kind, pk, at) of every withdrawal and takedown, newest first, for a Paginator: a page
    asks each kind for its newest rows down to the page's end, and merges them."""

    def count(self) -> int:
        return sum(queryset.count() for _kind, queryset, _at in _sources())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        stop = index.stop if isinstance(index, slice) else index + 1
        rows = []
        for kind, queryset, at in _sources():
            newest = queryset.order_by(f"-{at}", "-pk").values_list("pk", at)[:stop]
            rows += [(kind, pk, when) for pk, when in newest]
        rows.sort(key=lambda row: (row[2], row[1]), reverse=True)
        return rows[index]


@dataclass(frozen=True)
class Entry:
    kind: str
    label: object
    at: object
    title: str
    reason: str
    url: str = ""


def entries(rows) -> list[Entry]:
    """What the page shows of its rows: one query per kind present."""
    wanted: dict[str, list[int]] = {}
    for kind, pk, _at in rows:
        wanted.setdefault(kind, []).append(pk)
    found = {}
    for name, pks in wanted.items():
        if name == HIDDEN:
            actions = ModerationAction.objects.filter(pk__in=pks).select_related("reason")
            found.update({(name, a.pk): _hidden(a) for a in actions})
            continue
        kind = KINDS[name]
        records = kind.queryset.filter(pk__in=pks).select_related(*kind.related)
        found.update({(name, r.pk): _withdrawn(kind, r) for r in records})
    return [found[(kind, pk)] for kind, pk, _at in rows if (kind, pk) in found]


def _withdrawn(kind: Kind, record) -> Entry:
    if not kind.public_reason:
        return Entry(kind.name, kind.label, record.withdrawn_at, str(record), TEAM_REASON)
    return Entry(
        kind.name,
        kind.label,
        record.withdrawn_at,
        str(record),
        record.withdrawn_reason,
        # A file has no page of its own.
        record.get_absolute_url() if hasattr(record, "get_absolute_url") else "",
    )


def _hidden(action: ModerationAction) -> Entry:
    # What was hidden is not named (the moderation log never shows content), only its kind.
    model = ContentType.objects.get_for_id(action.item_type_id).model_class()
    label = model._meta.verbose_name if model else _("contribution")
    reason = action.reason.name if action.reason else ""
    return Entry(HIDDEN, label, action.created_at, _("hidden by the moderators"), reason)
