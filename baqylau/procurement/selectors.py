"""Reads of procurement that pages share: the list of contracting processes and its filters, a
process with its timeline and red flags, what a party bought or won, and what the registry's pages
show of procurement (an object's processes, what a body bought and from whom, a document's
processes).

Every read runs a fixed number of queries, whatever the number of bids, awards or flags: related
rows are prefetched, sums are computed by the database.
"""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear

from baqylau.core.permissions import visible
from baqylau.registry.models import PlanningDocument, ProjectObject

from . import flags
from .models import (
    Award,
    Bid,
    Contract,
    ContractingProcess,
    FlagRun,
    Party,
    ProcessObject,
    Release,
    RiskFlag,
)

# The indicators of the Open Contracting Partnership's red-flag library that the platform computes
# (flags.RULES names them once the computation is installed).
# Awards that did not go to anyone: their suppliers are not the process's suppliers.
NOT_AWARDED = ("cancelled", "unsuccessful")
ORGANISATION_FIELDS = ("organisation__slug", "organisation__name_kk", "organisation__name_ru")
ORGANISATION_FIELDS += ("organisation__name_en",)


def indicator_codes() -> list[str]:
    return list(flags.CODES)


def parties():
    """Parties with the registry organisation they are matched to (its slug and names only)."""
    return Party.objects.select_related("organisation").only(
        "scheme", "identifier", "name", "organisation_id", *ORGANISATION_FIELDS
    )


def _awards():
    return Award.objects.prefetch_related(Prefetch("suppliers", queryset=parties()))


def process_flag_count():
    """The number of red flags that fired on the process itself: a subquery, counted only for the
    rows a page shows (a COUNT over a join would group the whole table before the page is cut)."""
    fired = (
        RiskFlag.objects.filter(process=OuterRef("pk"), subject=RiskFlag.Subject.PROCESS)
        .order_by()
        .values("process")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(fired), 0)


def process_rows(user):
    """Processes as lists show them: their buyer, their awards with the suppliers, the number of
    flags on the process; newest release first."""
    return (
        visible(user, ContractingProcess)
        .select_related("buyer__organisation")
        .defer("compiled", "warnings", "description", "buyer__organisation__search_text")
        .annotate(flag_count=process_flag_count())
        .prefetch_related(Prefetch("awards", queryset=_awards()))
        .order_by("-last_release_date", "-id")
    )


def within(territory) -> list:
    """The territory and those under it (a region's districts and their towns)."""
    children = list(territory.children.values_list("id", flat=True))
    grandchildren = list(
        territory.children.model.objects.filter(parent__in=children).values_list("id", flat=True)
    )
    return [territory.id, *children, *grandchildren]


def filter_processes(
    qs,
    *,
    q="",
    body=None,
    buyer=None,
    supplier=None,
    method="",
    status="",
    year=None,
    flag="",
    territory=None,
    document="",
):
    """The processes among `qs` that match every filter given (an empty one filters nothing)."""
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(ocid__icontains=q))
    if body is not None:
        qs = qs.filter(buyer__organisation=body)
    if buyer is not None:
        qs = qs.filter(buyer=buyer)
    if supplier is not None:
        won = Award.objects.filter(process=OuterRef("pk"), suppliers=supplier)
        qs = qs.filter(Exists(won.exclude(status__in=NOT_AWARDED)))
    if method:
        qs = qs.filter(procurement_method=method)
    if status:
        qs = qs.filter(tender_status=status)
    if year:
        qs = qs.filter(
            Q(tender_start__year=year) | Q(tender_start__isnull=True, first_release_date__year=year)
        )
    if flag:
        fired = RiskFlag.objects.filter(process=OuterRef("pk"), subject=RiskFlag.Subject.PROCESS)
        if flag != "any":
            fired = fired.filter(code=flag)
        qs = qs.filter(Exists(fired))
    if territory is not None:
        linked = ProcessObject.objects.filter(
            process=OuterRef("pk"), object__territory__in=within(territory)
        )
        qs = qs.filter(Exists(linked))
    if document:
        qs = qs.filter(of_document_slug(document))
    return qs


def of_document_slug(slug: str) -> Q:
    """Processes of the planning document `slug`: named on the process, or through an object of
    the document that the process is linked to."""
    linked = ProcessObject.objects.filter(process=OuterRef("pk"), object__document__slug=slug)
    return Q(document__slug=slug) | Exists(linked)


def suppliers_of(process) -> list[Party]:
    """The suppliers the process's awards went to (from prefetched awards), each once."""
    seen = {}
    for award in process.awards.all():
        if award.status in NOT_AWARDED:
            continue
        for supplier in award.suppliers.all():
            seen.setdefault(supplier.pk, supplier)
    return list(seen.values())


# One process ------------------------------------------------------------------------------------


def process_page(user):
    """The queryset of a process's page: everything the page shows, prefetched. Its objects and
    planning document only where the user may see them (`document_visible`)."""
    documents = visible(user, PlanningDocument).filter(pk=OuterRef("document_id"))
    return (
        visible(user, ContractingProcess)
        .annotate(document_visible=Exists(documents))
        .select_related(
            "buyer__organisation", "procuring_entity__organisation", "document__territory"
        )
        .defer(
            "compiled",
            "buyer__organisation__search_text",
            "procuring_entity__organisation__search_text",
            "document__territory__geometry",
            "document__search_text",
        )
        .prefetch_related(
            Prefetch(
                "bids",
                queryset=Bid.objects.prefetch_related(Prefetch("tenderers", queryset=parties())),
            ),
            Prefetch("awards", queryset=_awards()),
            Prefetch("contracts", queryset=Contract.objects.prefetch_related("amendments")),
            Prefetch("releases", queryset=Release.objects.defer("data")),
            Prefetch(
                "object_links",
                queryset=ProcessObject.objects.filter(object__in=visible(user, ProjectObject))
                .select_related("object__territory")
                .only(
                    "process_id",
                    "link",
                    "object__slug",
                    "object__name_kk",
                    "object__name_ru",
                    "object__name_en",
                    "object__territory__slug",
                    "object__territory__name_kk",
                    "object__territory__name_ru",
                    "object__territory__name_en",
                ),
            ),
        )
    )


def change(before, after) -> dict | None:
    """How a value moved: {before, after, difference, percent} (percent None from zero)."""
    if before is None or after is None:
        return None
    before, after = Decimal(before), Decimal(after)
    percent = (after - before) / before * 100 if before else None
    return {"before": before, "after": after, "difference": after - before, "percent": percent}


@dataclass
class Event:
    """A step of a process's timeline."""

    kind: str  # tender, bid, award, contract, amendment, release
    date: datetime | None
    item: object = None
    parties: list = field(default_factory=list)
    change: dict | None = None


# Steps of the same moment come in the order a process goes through them.
ORDER = {"tender": 0, "bid": 1, "award": 2, "contract": 3, "amendment": 4, "release": 5}


def timeline(process) -> list[Event]:
    """What happened to the process, in date order (steps without a date last): the tender, each
    bid, award, contract and amendment, and each release the publisher issued. Reads only what
    process_page() prefetched."""
    events = []
    if process.tender_start or process.tender_end or process.value_amount is not None:
        events.append(Event("tender", process.tender_start or process.first_release_date, process))
    for bid in process.bids.all():
        events.append(Event("bid", bid.date, bid, list(bid.tenderers.all())))
    for award in process.awards.all():
        events.append(Event("award", award.date, award, list(award.suppliers.all())))
    for contract in process.contracts.all():
        events.append(Event("contract", contract.date_signed, contract))
        for amendment in contract.amendments.all():
            events.append(
                Event(
                    "amendment",
                    amendment.date,
                    amendment,
                    change=change(amendment.value_before, amendment.value_after),
                )
            )
    for release in process.releases.all():
        events.append(Event("release", release.date, release))
    never = datetime.max.replace(tzinfo=None)

    def key(event: Event):
        moment = event.date.replace(tzinfo=None) if event.date else never
        return (event.date is None, moment, ORDER[event.kind])

    return sorted(events, key=key)


def flags_of(process) -> dict:
    """The red flags that fired on the process, on its buyer and on its tenderers (from the
    prefetched bids and awards): {"process": [...], "buyer": [...], "tenderer": [...]}."""
    tenderers = {p.pk for bid in process.bids.all() for p in bid.tenderers.all()}
    tenderers |= {p.pk for award in process.awards.all() for p in award.suppliers.all()}
    about = Q(process=process, subject=RiskFlag.Subject.PROCESS)
    if process.buyer_id:
        about |= Q(party_id=process.buyer_id, subject=RiskFlag.Subject.BUYER)
    if tenderers:
        about |= Q(party_id__in=tenderers, subject=RiskFlag.Subject.TENDERER)
    found = {subject: [] for subject in RiskFlag.Subject.values}
    for flag in (
        RiskFlag.objects.filter(about)
        .select_related("party")
        .annotate(process_ocid=F("process__ocid"))
        .order_by("code", "id")
    ):
        found[flag.subject].append(flag)
    return found


def latest_run():
    return FlagRun.objects.order_by("-computed_at", "-id").first()


# A party ----------------------------------------------------------------------------------------


def _year():
    return ExtractYear(Coalesce("tender_start", "first_release_date"))


def bought_by_year(processes) -> list[dict]:
    """{year, processes, estimated} per year of the tender, newest first."""
    return list(
        processes.annotate(year=_year())
        .order_by()
        .values("year")
        .annotate(processes=Count("id"), estimated=Sum("value_amount"))
        .order_by("-year")
    )


def awarded(awards) -> dict:
    """The number of awards and their total value, in one query."""
    return awards.exclude(status__in=NOT_AWARDED).aggregate(
        count=Count("id", distinct=True), total=Sum("value_amount")
    )


def top_suppliers(buyer_filter: Q, limit=10) -> list[Party]:
    """The suppliers who won most from the processes of `buyer_filter` (on the process), each
    with `awards` and `total`."""
    processes = ContractingProcess.objects.filter(buyer_filter)
    awards = Award.objects.filter(process__in=processes).exclude(status__in=NOT_AWARDED)
    return list(
        parties()
        .filter(awards__in=awards)
        .annotate(awards_won=Count("awards", distinct=True), total=Sum("awards__value_amount"))
        .order_by("-total", "-awards_won", "name", "id")[:limit]
    )


def top_buyers(supplier_filter: Q, limit=10) -> list[Party]:
    """The buyers whose processes `supplier_filter` (on the award's suppliers) won most from."""
    awards = Award.objects.filter(supplier_filter).exclude(status__in=NOT_AWARDED)
    return list(
        parties()
        .filter(bought__awards__in=awards)
        .annotate(
            awards_won=Count("bought__awards", distinct=True),
            total=Sum("bought__awards__value_amount"),
        )
        .order_by("-total", "-awards_won", "name", "id")[:limit]
    )


# What the registry's pages show ----------------------------------------------------------------


def at_object(user, obj) -> list[ContractingProcess]:  # the object's page checked `obj`
    """The processes linked to an object, newest first, each with its awards (and suppliers),
    contracts (and amendments) and the number of flags on it, for a compact timeline."""
    return list(
        process_rows(user)
        .filter(object_links__object=obj)
        .prefetch_related(
            Prefetch("contracts", queryset=Contract.objects.prefetch_related("amendments"))
        )[:20]
    )


@dataclass
class Procurement:
    """What a body bought and from whom, and what it won as a supplier."""

    bought: dict
    suppliers: list
    won: dict
    buyers: list

    @property
    def is_empty(self) -> bool:
        return not self.bought["count"] and not self.won["count"]


def of_body(user, organisation) -> Procurement:
    """What `organisation` bought (processes where a party matched to it is the buyer: how many,
    their estimated value, the awarded value, the top suppliers) and what it won as a supplier
    (how many awards, their value, the top buyers). Two queries when it has neither, five at most,
    whatever the data."""
    processes = visible(user, ContractingProcess).filter(buyer__organisation=organisation)
    bought = processes.aggregate(count=Count("id"), estimated=Sum("value_amount"))
    suppliers = []
    if bought["count"]:
        bought["awarded"] = awarded(Award.objects.filter(process__in=processes))["total"]
        suppliers = top_suppliers(Q(buyer__organisation=organisation), limit=5)
    won_by_it = Award.objects.filter(suppliers__organisation=organisation).values("pk")
    won = awarded(Award.objects.filter(pk__in=won_by_it))
    buyers = top_buyers(Q(suppliers__organisation=organisation), limit=5) if won["count"] else []
    return Procurement(bought=bought, suppliers=suppliers, won=won, buyers=buyers)


def of_document(user, document, limit=20) -> tuple[list, int]:
    """The processes of a planning document (named on the process or through its objects), the
    latest `limit` of them and how many there are."""
    processes = process_rows(user).filter(of_document_slug(document.slug))
    rows = list(processes[:limit])
    total = len(rows) if len(rows) < limit else processes.count()
    return rows, total
