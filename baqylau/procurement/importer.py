"""Loading OCDS files (`baqylau import_ocds`): every release kept as it came, each touched ocid's
releases merged again into its compiled release, and the flat facts read from it.

One run is one transaction: the releases are streamed into the database in batches and merged
per ocid at the end; if any part of any file cannot be used, every such problem is reported and
the transaction is rolled back, so nothing is applied (`--dry-run` rolls back in any case).
What is merely dirty (a field the schema does not know, a missing one, a code outside its list)
loads, with a warning kept on the process (`ContractingProcess.warnings`).

Re-importing releases already loaded changes nothing: a process is merged again only when a new
release of it arrives, and its flat rows (bids, awards, contracts, amendments, links found in the
data) are replaced then. Links made by hand and parties matched to organisations stay.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import connection, reset_queries, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from baqylau.core import pagecache
from baqylau.registry.models import Organisation, PlanningDocument, ProjectObject

from . import ocds
from .models import (
    Amendment,
    Award,
    Bid,
    Contract,
    ContractingProcess,
    Party,
    ProcessObject,
    Release,
)
from .ocds import Item, Problem

BATCH = 1000
# Processes merged and written at a time.
COMPILE_BATCH = 500
BIN_SCHEME = "KZ-BIN"


@dataclass
class ImportReport:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    releases_read: int = 0
    releases_added: int = 0
    processes_created: int = 0
    processes_updated: int = 0
    parties_created: int = 0
    applied: bool = False
    dry_run: bool = False


@pagecache.changes
def import_ocds(
    paths: list[Path],
    *,
    compiled: bool = False,
    dry_run: bool = False,
    progress=None,
    now=None,
) -> ImportReport:
    """Load the releases of the files, all or nothing. `compiled`: the files hold compiled
    releases (one per ocid, as Cardinal reads them), whose `id` and `date` may be missing.
    `progress(n)` is told of each n bytes read."""
    report = ImportReport(dry_run=dry_run)
    now = now or timezone.now()
    with transaction.atomic():
        load = _Load(report, now)
        for path in paths:
            label = path.name if len(paths) == 1 else str(path)
            for item in ocds.read_file(path, label=label, compiled=compiled, progress=progress):
                if isinstance(item, Problem):
                    report.errors.append(item)
                else:
                    load.add(item)
        load.flush()
        if not report.errors:
            load.compile_all()
        report.applied = not report.errors and not dry_run
        if not report.applied:
            transaction.set_rollback(True)
    return report


class _Load:
    def __init__(self, report: ImportReport, now):
        self.report = report
        self.now = now
        self.pending: list[tuple] = []
        self.pending_keys: dict[tuple[str, str], str] = {}
        # ocid -> process pk, for the ocids of this run.
        self.process_pks: dict[str, int] = {}
        self.created: set[int] = set()
        self.touched: set[int] = set()
        # Warnings of new releases, by process.
        self.warnings: dict[int, list[dict]] = defaultdict(list)
        # Where each new release without a usable date was, for the merge's errors.
        self.undated: dict[tuple[int, str], str] = {}

    # --- the releases, as they are read

    def add(self, item: Item) -> None:
        self.report.releases_read += 1
        release, where = item.release, item.where
        if not isinstance(release, dict):
            self._error(where, _("Not a JSON object: a release is one."))
            return
        ocid = release.get("ocid")
        if not isinstance(ocid, str) or not ocid.strip():
            self._error(where, _("The release has no ocid."), "ocid")
            return
        notes = list(item.notes)
        release_id = release.get("id")
        if isinstance(release_id, int | float) and not isinstance(release_id, bool):
            release_id = str(release_id)
        if not isinstance(release_id, str) or not release_id.strip():
            if not item.compiled:
                self._error(where, _("The release has no id."), "id", ocid)
                return
            release_id = f"{ocid}-compiled-{ocds.sha256(release)[:16]}"
            notes.append(
                Problem(
                    where,
                    _("The compiled release has no id; it is kept as %(id)s.") % {"id": release_id},
                    "id",
                    ocid,
                )
            )
        if len(ocid) > 200 or len(release_id) > 300:
            self._error(where, _("The ocid or the release id is too long."), "id", ocid)
            return
        date = ocds.parse_date(release.get("date"))
        if date is None and "date" in release:
            notes.append(Problem(where, _("The date is not a date."), "date", ocid))
        notes.extend(ocds.schema_problems(release, where))
        if self.report.errors:
            return  # nothing will be written: only look for more errors
        key = (ocid, release_id)
        digest = ocds.sha256(release)
        if key in self.pending_keys:
            if self.pending_keys[key] != digest:
                self.report.warnings.append(_other_content(where, release_id, ocid))
            return
        self.pending_keys[key] = digest
        self.pending.append((ocid, release_id, release, digest, date, notes, where))
        if len(self.pending) >= BATCH:
            self.flush()

    def _error(self, where, message, path="", ocid=""):
        ocid = ocid if isinstance(ocid, str) else ""
        self.report.errors.append(Problem(where, message, path, ocid))

    def flush(self) -> None:
        # With DEBUG on, Django keeps the last 9,000 queries: batches of whole releases.
        reset_queries()
        pending, self.pending, self.pending_keys = self.pending, [], {}
        if not pending or self.report.errors:
            return
        ocids = {row[0] for row in pending} - self.process_pks.keys()
        if ocids:
            for pk, ocid in ContractingProcess.objects.filter(ocid__in=ocids).values_list(
                "pk", "ocid"
            ):
                self.process_pks[ocid] = pk
            missing = [ocid for ocid in sorted(ocids) if ocid not in self.process_pks]
            made = ContractingProcess.objects.bulk_create(
                [
                    ContractingProcess(ocid=ocid, loaded_at=self.now, updated_at=self.now)
                    for ocid in missing
                ],
                batch_size=BATCH,
            )
            for process in made:
                self.process_pks[process.ocid] = process.pk
                self.created.add(process.pk)
        pks = {self.process_pks[row[0]] for row in pending}
        known = {
            (pk, release_id): digest
            for pk, release_id, digest in Release.objects.filter(
                process_id__in=pks, release_id__in={row[1] for row in pending}
            ).values_list("process_id", "release_id", "sha256")
        }
        new = []
        for ocid, release_id, release, digest, date, notes, where in pending:
            pk = self.process_pks[ocid]
            if (pk, release_id) in known:
                if known[(pk, release_id)] != digest:
                    self.report.warnings.append(_other_content(where, release_id, ocid))
                continue
            tags = release.get("tag") if isinstance(release.get("tag"), list) else []
            new.append(
                Release(
                    process_id=pk,
                    release_id=release_id,
                    date=date,
                    tags=tags,
                    data=release,
                    sha256=digest,
                    loaded_at=self.now,
                )
            )
            self.touched.add(pk)
            if date is None:
                self.undated[(pk, release_id)] = where
            for note in notes:
                self.warnings[pk].append({**note.as_dict(), "release": release_id})
                self.report.warnings.append(note)
        Release.objects.bulk_create(new, batch_size=BATCH)
        self.report.releases_added += len(new)

    # --- merging and the flat facts

    def compile_all(self) -> None:
        touched = sorted(self.touched)
        for start in range(0, len(touched), COMPILE_BATCH):
            self._compile(touched[start : start + COMPILE_BATCH])
        self.report.processes_created = len(self.created)

    def _compile(self, pks: list[int]) -> None:
        reset_queries()
        releases = defaultdict(list)
        rows = Release.objects.filter(process_id__in=pks).order_by("process_id", "date", "id")
        for pk, release_id, date, data in rows.values_list(
            "process_id", "release_id", "date", "data"
        ):
            releases[pk].append((release_id, date, data))
        processes = ContractingProcess.objects.in_bulk(pks)
        changed: dict[int, dict] = {}
        for pk in pks:
            process = processes[pk]
            own = releases[pk]
            if len(own) > 1:
                undated = [r for r in own if r[1] is None]
                if undated:
                    for release_id, _date, _data in undated:
                        self._error(
                            self.undated.get((pk, release_id), release_id),
                            _(
                                "The release has no usable date, and the ocid has other "
                                "releases: they cannot be merged in order."
                            ),
                            "date",
                            process.ocid,
                        )
                    continue
            # A single release without a date merges as it is (ocdsmerge sorts by date).
            datas = [data for _id, _date, data in own]
            try:
                compiled = ocds.compile_releases(datas)
            except (ocds.MergeError, TypeError, ValueError, KeyError) as error:
                self._error(
                    own[-1][0],
                    _("The releases cannot be merged: %(reason)s") % {"reason": error},
                    "",
                    process.ocid,
                )
                continue
            digest = ocds.sha256(compiled)
            dates = [date for _id, date, _data in own if date is not None]
            process.first_release_date = min(dates) if dates else None
            process.last_release_date = max(dates) if dates else None
            process.warnings = [*process.warnings, *self.warnings.get(pk, [])]
            if digest == process.compiled_sha256:
                process.save(update_fields=["first_release_date", "last_release_date", "warnings"])
                continue
            if pk not in self.created:
                self.report.processes_updated += 1
            process.compiled = compiled
            process.compiled_sha256 = digest
            process.updated_at = self.now
            _fill_process(process, compiled)
            changed[pk] = {"compiled": compiled, "releases": datas}
        if self.report.errors or not changed:
            return
        _write_facts(changed, processes, self.now, self.report)


def _other_content(where, release_id, ocid) -> Problem:
    return Problem(
        where,
        _("Release %(id)s is already loaded with other content; the one loaded first is kept.")
        % {"id": release_id},
        "id",
        ocid,
    )


def _text(value, limit: int) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value)[:limit]


def _amount(value) -> Decimal | None:
    if not isinstance(value, dict):
        return None
    amount = value.get("amount")
    if amount is None or isinstance(amount, bool):
        return None
    try:
        result = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return None
    if not result.is_finite() or abs(result) >= Decimal(10) ** 20:
        return None
    return result.quantize(Decimal("0.01"))


def _currency(value) -> str:
    return _text(value.get("currency"), 3) if isinstance(value, dict) else ""


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _fill_process(process: ContractingProcess, compiled: dict) -> None:
    tender = _dict(compiled.get("tender"))
    period = _dict(tender.get("tenderPeriod"))
    process.title = _text(tender.get("title"), 1000)
    process.description = _text(tender.get("description"), 100_000)
    process.procurement_method = _text(tender.get("procurementMethod"), 40)
    process.procurement_method_details = _text(tender.get("procurementMethodDetails"), 500)
    process.main_category = _text(tender.get("mainProcurementCategory"), 40)
    process.tender_status = _text(tender.get("status"), 40)
    process.tender_start = ocds.parse_date(period.get("startDate"))
    process.tender_end = ocds.parse_date(period.get("endDate"))
    process.value_amount = _amount(tender.get("value"))
    process.currency = _currency(tender.get("value"))


class _Parties:
    """The parties a compiled release names, by their identifier: `identifier.scheme` and
    `identifier.id`, or the party's own `id` with no scheme when it has no identifier."""

    def __init__(self, compiled: dict):
        self.by_id: dict[str, tuple[str, str, str]] = {}
        for party in _list(compiled.get("parties")):
            key = _party_key(party)
            if key and party.get("id") is not None:
                self.by_id[str(party["id"])] = key
        self.keys: set[tuple[str, str, str]] = set(self.by_id.values())

    def of(self, reference) -> tuple[str, str, str] | None:
        if not isinstance(reference, dict):
            return None
        if reference.get("id") is not None and str(reference["id"]) in self.by_id:
            return self.by_id[str(reference["id"])]
        key = _party_key(reference)
        if key:
            self.keys.add(key)
        return key


def _party_key(party: dict) -> tuple[str, str, str] | None:
    """(scheme, identifier, name) of a party or organisation reference."""
    identifier = _dict(party.get("identifier"))
    name = _text(party.get("name") or identifier.get("legalName"), 500)
    if identifier.get("id") not in (None, ""):
        return (_text(identifier.get("scheme"), 40), _text(identifier["id"], 200), name)
    if party.get("id") not in (None, ""):
        return ("", _text(party["id"], 200), name)
    return None


def _write_facts(changed: dict[int, dict], processes: dict, now, report: ImportReport) -> None:
    pks = list(changed)
    Bid.objects.filter(process_id__in=pks).delete()
    Award.objects.filter(process_id__in=pks).delete()
    Contract.objects.filter(process_id__in=pks).delete()

    names = {pk: _Parties(entry["compiled"]) for pk, entry in changed.items()}
    # Read every reference first, so the parties exist before rows point at them.
    plans = {}
    for pk, entry in changed.items():
        plans[pk] = _plan(entry["compiled"], entry["releases"], names[pk])
    keys = {}
    for pk in pks:
        for scheme, identifier, name in names[pk].keys:
            keys.setdefault((scheme, identifier), name)
    party_pks = _parties(keys, now, report)

    def party(key):
        return party_pks.get((key[0], key[1])) if key else None

    bids, awards, contracts = [], [], []
    for pk in pks:
        process = processes[pk]
        plan = plans[pk]
        process.buyer_id = party(plan["buyer"])
        process.procuring_entity_id = party(plan["procuring_entity"])
        for row, _tenderers in plan["bids"]:
            bids.append(Bid(process_id=pk, **row))
        for row, _suppliers in plan["awards"]:
            awards.append(Award(process_id=pk, **row))
        for row, _amendments in plan["contracts"]:
            contracts.append(Contract(process_id=pk, **row))
    Bid.objects.bulk_create(bids, batch_size=BATCH)
    Award.objects.bulk_create(awards, batch_size=BATCH)
    Contract.objects.bulk_create(contracts, batch_size=BATCH)

    tenderers, suppliers, amendments = [], [], []
    bid_rows = iter(bids)
    award_rows = iter(awards)
    contract_rows = iter(contracts)
    for pk in pks:
        plan = plans[pk]
        for _row, references in plan["bids"]:
            bid = next(bid_rows)
            for key in {party(k) for k in references} - {None}:
                tenderers.append(Bid.tenderers.through(bid_id=bid.pk, party_id=key))
        for _row, references in plan["awards"]:
            award = next(award_rows)
            for key in {party(k) for k in references} - {None}:
                suppliers.append(Award.suppliers.through(award_id=award.pk, party_id=key))
        for _row, changes in plan["contracts"]:
            contract = next(contract_rows)
            amendments.extend(Amendment(contract_id=contract.pk, **change) for change in changes)
    Bid.tenderers.through.objects.bulk_create(tenderers, batch_size=BATCH)
    Award.suppliers.through.objects.bulk_create(suppliers, batch_size=BATCH)
    Amendment.objects.bulk_create(amendments, batch_size=BATCH)

    _link_objects(changed, processes, contracts, now)
    _link_documents(changed, processes)
    _update_processes([processes[pk] for pk in pks])


# The fields of a process read from its compiled release, written again when it changes.
PROCESS_FIELDS = [
    "title",
    "description",
    "buyer",
    "procuring_entity",
    "procurement_method",
    "procurement_method_details",
    "main_category",
    "tender_status",
    "tender_start",
    "tender_end",
    "value_amount",
    "currency",
    "document",
    "compiled",
    "compiled_sha256",
    "warnings",
    "first_release_date",
    "last_release_date",
    "updated_at",
]


def _update_processes(processes: list[ContractingProcess]) -> None:
    """One UPDATE statement run for every process (executemany): Django's bulk_update writes a
    CASE per field and row, which costs far more for hundreds of rows of 19 fields."""
    meta = ContractingProcess._meta
    fields = [meta.get_field(name) for name in PROCESS_FIELDS]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(meta.pk.column),
    )
    rows = [
        [f.get_db_prep_save(getattr(p, f.attname), connection) for f in fields] + [p.pk]
        for p in processes
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _plan(compiled: dict, releases: list[dict], parties: _Parties) -> dict:
    """The flat rows of one compiled release, with the party keys they name."""
    tender = _dict(compiled.get("tender"))
    plan = {
        "buyer": parties.of(compiled.get("buyer")),
        "procuring_entity": parties.of(tender.get("procuringEntity")),
        "bids": [],
        "awards": [],
        "contracts": [],
    }
    for bid in _list(_dict(compiled.get("bids")).get("details")):
        row = {
            "bid_id": _text(bid.get("id"), 300),
            "date": ocds.parse_date(bid.get("date")),
            "status": _text(bid.get("status"), 40),
            "value_amount": _amount(bid.get("value")),
            "currency": _currency(bid.get("value")),
        }
        plan["bids"].append((row, [parties.of(t) for t in _list(bid.get("tenderers"))]))
    for award in _list(compiled.get("awards")):
        classifications = []
        for item in _list(award.get("items")):
            code = _dict(item.get("classification")).get("id")
            if code not in (None, "") and str(code) not in classifications:
                classifications.append(str(code))
        row = {
            "award_id": _text(award.get("id"), 300),
            "title": _text(award.get("title"), 1000),
            "status": _text(award.get("status"), 40),
            "date": ocds.parse_date(award.get("date")),
            "value_amount": _amount(award.get("value")),
            "currency": _currency(award.get("value")),
            "classifications": classifications,
        }
        plan["awards"].append((row, [parties.of(s) for s in _list(award.get("suppliers"))]))
    values = _contract_values(releases)
    for contract in _list(compiled.get("contracts")):
        period = _dict(contract.get("period"))
        contract_id = _text(contract.get("id"), 300)
        row = {
            "contract_id": contract_id,
            "award_id": _text(contract.get("awardID"), 300),
            "title": _text(contract.get("title"), 1000),
            "status": _text(contract.get("status"), 40),
            "date_signed": ocds.parse_date(contract.get("dateSigned")),
            "period_start": ocds.parse_date(period.get("startDate")),
            "period_end": ocds.parse_date(period.get("endDate")),
            "value_amount": _amount(contract.get("value")),
            "currency": _currency(contract.get("value")),
        }
        changes = [
            _amendment(amendment, values.get(contract_id, []))
            for amendment in _list(contract.get("amendments"))
        ]
        plan["contracts"].append((row, changes))
    return plan


def _contract_values(releases: list[dict]) -> dict[str, list[tuple]]:
    """Each contract's value as the releases, in date order, show it: [(date, release id,
    amount)], one entry per release that states it."""
    values = defaultdict(list)
    for release in releases:
        for contract in _list(release.get("contracts")):
            amount = _amount(contract.get("value"))
            if amount is not None and contract.get("id") not in (None, ""):
                values[_text(contract["id"], 300)].append(
                    (ocds.parse_date(release.get("date")), str(release.get("id", "")), amount)
                )
    return values


def _amendment(amendment: dict, values: list[tuple]) -> dict:
    """An amendment with the contract's value before and after it, where the releases show the
    value changing: after is the value in the amendment's release (`releaseID`, else the first
    release from its date on), before the value in the release it amends (`amendsReleaseID`,
    else the release before)."""
    date = ocds.parse_date(amendment.get("date"))
    before = after = None
    index = None
    release_ids = [release_id for _date, release_id, _amount in values]
    if amendment.get("releaseID") in release_ids:
        index = release_ids.index(amendment["releaseID"])
    elif date is not None:
        index = next((i for i, v in enumerate(values) if v[0] is not None and v[0] >= date), None)
    if index is not None:
        if amendment.get("amendsReleaseID") in release_ids[:index]:
            before = values[release_ids.index(amendment["amendsReleaseID"])][2]
        elif index > 0:
            before = values[index - 1][2]
        if before is not None:
            after = values[index][2]
    return {
        "amendment_id": _text(amendment.get("id"), 300),
        "date": date,
        "rationale": _text(amendment.get("rationale"), 100_000),
        "description": _text(amendment.get("description"), 100_000),
        "value_before": before,
        "value_after": after,
    }


def _parties(keys: dict[tuple[str, str], str], now, report: ImportReport) -> dict:
    """Party pks by (scheme, identifier), making the parties not known yet and matching the
    unmatched ones with a BIN to the registry's organisations."""
    found = {}
    identifiers = {identifier for _scheme, identifier in keys}
    for start in range(0, len(identifiers), BATCH):
        chunk = sorted(identifiers)[start : start + BATCH]
        for party in Party.objects.filter(identifier__in=chunk).only(
            "pk", "scheme", "identifier", "name"
        ):
            if (party.scheme, party.identifier) in keys:
                found[(party.scheme, party.identifier)] = party
    missing = [
        Party(scheme=scheme, identifier=identifier, name=name)
        for (scheme, identifier), name in sorted(keys.items())
        if (scheme, identifier) not in found
    ]
    Party.objects.bulk_create(missing, batch_size=BATCH)
    report.parties_created += len(missing)
    for party in missing:
        found[(party.scheme, party.identifier)] = party
    named = [p for p in found.values() if not p.name and keys.get((p.scheme, p.identifier))]
    for party in named:
        party.name = keys[(party.scheme, party.identifier)]
    Party.objects.bulk_update(named, ["name"], batch_size=BATCH)
    bins = {identifier for scheme, identifier in keys if scheme == BIN_SCHEME}
    if bins:
        match_bins(bins, now=now)
    return {key: party.pk for key, party in found.items()}


def match_bins(bins=None, *, now=None) -> int:
    """Match the unmatched parties with a KZ-BIN identifier to the organisations with that BIN
    (all of them, or those of `bins`). A party matched once stays matched."""
    now = now or timezone.now()
    organisations = Organisation.objects.exclude(bin=None)
    if bins is not None:
        organisations = organisations.filter(bin__in=bins)
    matched = 0
    for organisation_pk, bin_ in organisations.values_list("pk", "bin"):
        matched += Party.objects.filter(
            scheme=BIN_SCHEME, identifier=bin_, organisation=None
        ).update(organisation_id=organisation_pk, matched_at=now)
    return matched


def _link_objects(changed, processes, contracts, now) -> None:
    """Link processes to the objects whose ocid they have or whose contract number one of their
    contracts has; the links found earlier are found again, those made by hand stay."""
    pks = list(changed)
    ProcessObject.objects.filter(process_id__in=pks).exclude(
        link=ProcessObject.Link.MANUAL
    ).delete()
    manual = set(
        ProcessObject.objects.filter(process_id__in=pks).values_list("process_id", "object_id")
    )
    ocids = {processes[pk].ocid: pk for pk in pks}
    links = {}
    for object_pk, ocid in ProjectObject.private_objects.filter(ocid__in=ocids).values_list(
        "pk", "ocid"
    ):
        links[(ocids[ocid], object_pk)] = ProcessObject.Link.OCID
    numbers = defaultdict(set)
    for contract in contracts:
        if contract.contract_id:
            numbers[contract.contract_id].add(contract.process_id)
    for pk, entry in changed.items():
        for contract in _list(entry["compiled"].get("contracts")):
            for name in ("contractNumber", "number"):
                if contract.get(name) not in (None, ""):
                    numbers[_text(contract[name], 300)].add(pk)
    if numbers:
        for start in range(0, len(numbers), BATCH):
            chunk = sorted(numbers)[start : start + BATCH]
            for object_pk, number in ProjectObject.private_objects.filter(
                contract_number__in=chunk
            ).values_list("pk", "contract_number"):
                for pk in numbers[number]:
                    links.setdefault((pk, object_pk), ProcessObject.Link.CONTRACT_NUMBER)
    ProcessObject.objects.bulk_create(
        [
            ProcessObject(process_id=pk, object_id=object_pk, link=link, linked_at=now)
            for (pk, object_pk), link in sorted(links.items())
            if (pk, object_pk) not in manual
        ],
        batch_size=BATCH,
    )


def _link_documents(changed, processes) -> None:
    """The planning document a process serves: the one whose code or IATI identifier the
    budget names (`planning.budget.projectID`, else its `id`), else a linked object's."""
    wanted = {}
    for pk, entry in changed.items():
        budget = _dict(_dict(entry["compiled"].get("planning")).get("budget"))
        for name in ("projectID", "id"):
            if budget.get(name) not in (None, ""):
                wanted[pk] = _text(budget[name], 200)
                break
    by_code = {}
    if wanted:
        values = set(wanted.values())
        for pk, code, iati in PlanningDocument.private_objects.filter(
            Q(code__in=values) | Q(iati_identifier__in=values)
        ).values_list("pk", "code", "iati_identifier"):
            for value in (iati, code):
                if value:
                    by_code[value] = pk
    by_object = dict(
        ProcessObject.objects.filter(process_id__in=list(changed))
        .order_by("-link", "object_id")
        .values_list("process_id", "object__document_id")
    )
    for pk in changed:
        processes[pk].document_id = by_code.get(wanted.get(pk)) or by_object.get(pk)
