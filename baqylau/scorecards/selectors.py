"""What a scorecard's page reads, in a fixed number of queries whatever the number of groups and
indicators: the groups' scores (paper counts and online scores added together), the provider's
self-evaluation, and the rounds at the same object."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, OuterRef, Subquery, Sum

from baqylau.methods.models import ItemKind, ItemVersion

from .models import SCORES, GroupScore, OnlineScore, ProviderScore, Scorecard

TENTH = Decimal("0.1")


def average(total: int, n: int) -> Decimal | None:
    if not n:
        return None
    return (Decimal(total) / n).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class Tally:
    """How many gave each score (paper and online together), and the reasons."""

    counts: list[int] = field(default_factory=lambda: [0] * len(SCORES))
    reasons: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return sum(self.counts)

    @property
    def total(self) -> int:
        return sum(score * count for score, count in zip(SCORES, self.counts, strict=True))

    @property
    def average(self) -> Decimal | None:
        return average(self.total, self.n)


@dataclass
class IndicatorResult:
    indicator: object
    rows: list  # [(group, Tally)] in the groups' order
    provider: object | None  # ProviderScore

    @property
    def community(self) -> Tally:
        every = Tally()
        for _group, tally in self.rows:
            every.counts = [a + b for a, b in zip(every.counts, tally.counts, strict=True)]
        return every

    @property
    def gap(self) -> Decimal | None:
        """The provider's score less the users' average: how far their views are apart."""
        community = self.community.average
        if community is None or self.provider is None:
            return None
        return Decimal(self.provider.value) - community


def tallies(indicators: list, groups: list) -> dict:
    """{(indicator id, group id): Tally} from the paper counts and the online scores: 2 queries."""
    found: dict = defaultdict(Tally)
    ids = [i.pk for i in indicators]
    for score in GroupScore.private_objects.filter(indicator_id__in=ids).order_by("group_id"):
        tally = found[score.indicator_id, score.group_id]
        tally.counts = [a + b for a, b in zip(tally.counts, score.counts, strict=True)]
        if score.reasons:
            tally.reasons.append(score.reasons)
    online = (
        OnlineScore.private_objects.filter(indicator_id__in=ids)
        .values("indicator_id", group_id=F("participant__group_id"))
        .annotate(n=Count("pk"))
        .values_list("indicator_id", "group_id", "value", "n")
        .order_by("indicator_id", "group_id", "value")
    )
    for indicator_id, group_id, value, n in online:
        found[indicator_id, group_id].counts[value - 1] += n
    # Online reasons, in the participants' words, without who wrote them.
    reasons = (
        OnlineScore.private_objects.filter(indicator_id__in=ids)
        .exclude(reason="")
        .values_list("indicator_id", "participant__group_id", "reason")
        .order_by("scored_at", "pk")
    )
    for indicator_id, group_id, reason in reasons:
        found[indicator_id, group_id].reasons.append(reason)
    return found


def results(scorecard: Scorecard) -> tuple[list, list[IndicatorResult]]:
    """The groups and, for each indicator, each group's tally and the provider's score."""
    groups = list(scorecard.groups.select_related("kind"))
    indicators = list(
        scorecard.indicators.select_related("provider_score").prefetch_related("proposed_by__kind")
    )
    found = tallies(indicators, groups)
    return groups, [
        IndicatorResult(
            indicator=indicator,
            rows=[(group, found.get((indicator.pk, group.pk), Tally())) for group in groups],
            provider=getattr(indicator, "provider_score", None),
        )
        for indicator in indicators
    ]


@dataclass
class Round:
    scorecard: Scorecard
    community: Decimal | None
    provider: Decimal | None
    indicators: int

    @property
    def is_current(self) -> bool:
        return getattr(self, "_current", False)


def rounds(scorecards: list[Scorecard], current: Scorecard) -> list[Round]:
    """Every round at the object (the scorecards given, which the user may see): the users'
    average and the provider's, over all indicators. 3 queries."""
    ids = [s.pk for s in scorecards]
    paper = defaultdict(lambda: [0, 0])
    rows = (
        GroupScore.private_objects.filter(indicator__scorecard_id__in=ids)
        .values("indicator__scorecard_id")
        .annotate(**{f"n{s}": Sum(f"count_{s}") for s in SCORES})
        .order_by()
    )
    for row in rows:
        sums = paper[row["indicator__scorecard_id"]]
        for s in SCORES:
            sums[0] += s * (row[f"n{s}"] or 0)
            sums[1] += row[f"n{s}"] or 0
    online = (
        OnlineScore.private_objects.filter(indicator__scorecard_id__in=ids)
        .values("indicator__scorecard_id")
        .annotate(total=Sum("value"), n=Count("pk"))
        .order_by()
    )
    for row in online:
        sums = paper[row["indicator__scorecard_id"]]
        sums[0] += row["total"]
        sums[1] += row["n"]
    provider = {
        row["indicator__scorecard_id"]: (row["total"], row["n"])
        for row in ProviderScore.private_objects.filter(indicator__scorecard_id__in=ids)
        .values("indicator__scorecard_id")
        .annotate(total=Sum("value"), n=Count("pk"))
        .order_by()
    }
    found = []
    for scorecard in scorecards:
        total, n = paper[scorecard.pk]
        p_total, p_n = provider.get(scorecard.pk, (0, 0))
        one = Round(scorecard, average(total, n), average(p_total, p_n), 0)
        one._current = scorecard.pk == current.pk
        found.append(one)
    return found


def library_indicator_sets(user, scorecard: Scorecard) -> list:
    """The latest version of each published indicator set of the library that suits the
    scorecard's object (made for its kind of object, or for any), to start its indicators from."""
    kind = scorecard.project_object.kind if scorecard.project_object_id else ""
    latest = ItemVersion.private_objects.filter(item=OuterRef("item")).order_by("-number")
    return list(
        ItemVersion.public_objects.visible_to(user)
        .filter(item__kind=ItemKind.INDICATOR_SET, item__object_kind__in=("", kind))
        .filter(pk=Subquery(latest.values("pk")[:1]))
        .select_related("item")
        .order_by("item__title")
    )
