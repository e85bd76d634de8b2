"""The red flags of procurement: risk indicators of the Open Contracting Partnership's library,
computed over all the data at once (`compute`), each with its rule in plain words (`RULES`).

The indicators are those of Cardinal, the Open Contracting Partnership's reference implementation
(https://cardinal.readthedocs.io/en/latest/cli/indicators/), with the same parameters, the same
defaults and the same results: the test `tests/procurement/test_flags_cardinal.py` runs every one
of its published fixtures through `evaluate` and compares the output key for key. The code here is
an independent, column-wise implementation with polars: the compiled releases are decoded into
columns with an explicit schema of the few fields the indicators read, bids, awards, tenderers and
suppliers are exploded into tables, and each indicator is a handful of expressions, joins and
group-bys over the whole data set (no loop per tender).

A flag is a risk indicator, never a finding: it says that a contracting process, a buyer or a
tenderer looks like what the research behind the indicator associates with risk, so that monitors
know where to look first.

Where this differs from Cardinal on purpose:
- `compute` keys organisations by their identifier (`identifier.scheme` and `identifier.id` of the
  party the reference points to, or the reference's `id` with an empty scheme), as the import files
  the parties, rather than by the release-local `id`; on data whose ids are stable (the fixtures)
  this is the same thing.
- A winning bid of amount 0 gives no price difference (R024, R058): Cardinal would divide by zero.
- The main currency, when not set, is the first currency of a submitted bid with an amount in the
  order of the data (Cardinal takes the first it happens to meet in its parallel reading).
- A number where text is expected (an id, a status) is read as its text, as polars reads it and as
  Cardinal's `prepare` command turns ids into text; any other field of an unexpected type reads as
  missing (Cardinal ignores it too).
"""

import json
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

import polars as pl
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from baqylau.core import pagecache

CODES = (
    "R003",
    "R018",
    "R024",
    "R025",
    "R028",
    "R030",
    "R035",
    "R036",
    "R038",
    "R048",
    "R058",
)

# Cardinal's defaults (`ocdscardinal init`). Lists are its pipe-separated values; an empty list
# filters nothing. A threshold of None means the fence is computed from the data (quartiles).
DEFAULTS: dict = {
    "currency": None,
    "no_price_comparison_procurement_methods": [],
    "price_comparison_procurement_methods": [],
    "exclusions": {"procurement_method_details": []},
    "R003": {"threshold": 15, "procurement_methods": [], "procurement_method_details": {}},
    "R018": {"procurement_methods": ["open", "selective"]},
    "R024": {"threshold": None},
    "R025": {"percentile": 75, "threshold": None},
    "R028": {},
    "R030": {},
    "R035": {"threshold": 1},
    "R036": {},
    "R038": {"threshold": None, "minimum_submitted_bids": 2, "minimum_contracting_processes": 2},
    "R048": {"digits": 2, "threshold": None, "minimum_contracting_processes": 20},
    "R058": {"threshold": None},
}

# An indicator that fires on more than this share of what it could be computed on says little.
SAYS_LITTLE_ABOVE = 0.5

# The groups of results, as Cardinal names them, and the subject a flag is stored under.
OCID, BUYER, PROCURING_ENTITY, TENDERER = "OCID", "Buyer", "ProcuringEntity", "Tenderer"
SUBJECTS = {
    OCID: "process",
    BUYER: "buyer",
    PROCURING_ENTITY: "procuring_entity",
    TENDERER: "tenderer",
}

# A bid is submitted when it has a status other than these ("pending", "valid", "disqualified").
NOT_SUBMITTED = ("invited", "withdrawn")
FINAL_AWARD = ("active", "cancelled", "unsuccessful")
SEP = "\x1f"  # between an identifier's scheme and its id in an organisation's key

_ORG = pl.Struct({"id": pl.String})
SCHEMA = pl.Struct(
    {
        "ocid": pl.String,
        "buyer": _ORG,
        "tender": pl.Struct(
            {
                "status": pl.String,
                "procurementMethod": pl.String,
                "procurementMethodDetails": pl.String,
                "numberOfTenderers": pl.Int64,
                "tenderPeriod": pl.Struct({"startDate": pl.String, "endDate": pl.String}),
                "procuringEntity": _ORG,
            }
        ),
        "bids": pl.Struct(
            {
                "details": pl.List(
                    pl.Struct(
                        {
                            "status": pl.String,
                            "date": pl.String,
                            "value": pl.Struct({"amount": pl.Float64, "currency": pl.String}),
                            "tenderers": pl.List(_ORG),
                        }
                    )
                )
            }
        ),
        "awards": pl.List(
            pl.Struct(
                {
                    "status": pl.String,
                    "suppliers": pl.List(_ORG),
                    "items": pl.List(pl.Struct({"classification": _ORG})),
                }
            )
        ),
        "parties": pl.List(
            pl.Struct(
                {
                    "id": pl.String,
                    "identifier": pl.Struct({"scheme": pl.String, "id": pl.String}),
                }
            )
        ),
    }
)


# Parameters.


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part for part in value.split("|") if part]
    return [str(part) for part in value]


def resolve(*layers) -> dict:
    """The parameters: Cardinal's defaults overridden by each layer in turn (`{"R003":
    {"threshold": 10}}`, pipe-separated strings or lists). An indicator set to None or False is
    left out."""
    resolved = json.loads(json.dumps(DEFAULTS))
    disabled = set()
    for layer in layers:
        for key, value in (layer or {}).items():
            if key not in DEFAULTS:
                raise ImproperlyConfigured(f"BAQYLAU_RED_FLAGS: unknown parameter {key!r}")
            if key in CODES:
                if value is None or value is False:
                    disabled.add(key)
                    continue
                disabled.discard(key)
                for name, setting in dict(value).items():
                    if name not in DEFAULTS[key]:
                        raise ImproperlyConfigured(
                            f"BAQYLAU_RED_FLAGS: {key} has no parameter {name!r}"
                        )
                    resolved[key][name] = setting
            elif key == "exclusions":
                resolved[key].update(dict(value))
            else:
                resolved[key] = value
    for key in ("no_price_comparison_procurement_methods", "price_comparison_procurement_methods"):
        resolved[key] = _as_list(resolved[key])
    resolved["exclusions"]["procurement_method_details"] = _as_list(
        resolved["exclusions"].get("procurement_method_details")
    )
    for code in ("R003", "R018"):
        resolved[code]["procurement_methods"] = _as_list(resolved[code]["procurement_methods"])
    resolved["R003"]["procurement_method_details"] = {
        str(k): int(v) for k, v in dict(resolved["R003"]["procurement_method_details"]).items()
    }
    for code in disabled:
        del resolved[code]
    return resolved


def configured(overrides: dict | None = None) -> dict:
    """The parameters in force: Cardinal's defaults, `settings.BAQYLAU_RED_FLAGS`, `overrides`."""
    return resolve(getattr(settings, "BAQYLAU_RED_FLAGS", None), overrides)


# Statistics as Cardinal's library (statrs) computes them.


def quantile(values: list[float], tau: float) -> float:
    """The tau-quantile of sorted `values` by the median-unbiased estimator (Hyndman and Fan's
    R-8), which statrs uses for quartiles and percentiles; NaN when there are no values."""
    n = len(values)
    if n == 0:
        return math.nan
    h = (n + 1.0 / 3.0) * tau + 1.0 / 3.0
    hf = int(h)
    if hf <= 0 or tau == 0.0:
        return values[0]
    if hf >= n or tau == 1.0:
        return values[-1]
    a, b = values[hf - 1], values[hf]
    return a + (h - hf) * (b - a)


def _fma(x: float, y: float, z: float) -> float:
    """x × y + z rounded once, as Rust's mul_add."""
    if not (math.isfinite(x) and math.isfinite(y) and math.isfinite(z)):
        return x * y + z
    return float(Fraction(x) * Fraction(y) + Fraction(z))


def _quartiles(series: pl.Series) -> tuple[float, float]:
    values = series.drop_nulls().sort().to_list()
    return quantile(values, 0.25), quantile(values, 0.75)


# Decoding.


def _prune(value, dtype):
    """`value` kept only where it has the type the schema expects (as polars would read it)."""
    if isinstance(dtype, pl.Struct):
        if not isinstance(value, dict):
            return None
        return {f.name: _prune(value.get(f.name), f.dtype) for f in dtype.fields}
    if isinstance(dtype, pl.List):
        if not isinstance(value, list):
            return None
        inner = dtype.inner
        if isinstance(inner, pl.Struct):  # keep the length: an entry that is no object is empty
            return [_prune(v if isinstance(v, dict) else {}, inner) for v in value]
        return [_prune(v, inner) for v in value]
    if isinstance(value, bool):
        return None
    if dtype == pl.String:
        if isinstance(value, str):
            return value
        return str(value) if isinstance(value, int) else None
    if dtype == pl.Float64:
        ok = isinstance(value, int | float) and math.isfinite(value) and abs(value) < 1e308
        return float(value) if ok else None
    if dtype == pl.Int64:
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)
        return value if isinstance(value, int) and -(2**63) <= value < 2**63 else None
    return None


def _sanitised(text) -> str:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return "null"
    return json.dumps(_prune(value, SCHEMA), allow_nan=False)


def decode(texts: list[str]) -> pl.Series:
    """Compiled releases as JSON text, decoded into one struct column of the fields the
    indicators read. Most batches decode in one call; a batch with a release polars refuses (a
    field of an unexpected type, broken JSON) is halved until the faulty releases are found, and
    only those are cleaned field by field (a wrong type reads as missing)."""
    try:
        return pl.Series("r", texts, dtype=pl.String).str.json_decode(SCHEMA)
    except pl.exceptions.PolarsError:
        if len(texts) <= 16:
            return pl.Series("r", [_sanitised(t) for t in texts], dtype=pl.String).str.json_decode(
                SCHEMA
            )
        middle = len(texts) // 2
        return pl.concat([decode(texts[:middle]), decode(texts[middle:])])


# The computation.


def _is(expr: pl.Expr, value) -> pl.Expr:
    if value is None:  # no main currency: nothing matches it
        return pl.lit(False)
    return (expr == value).fill_null(False)


def _in(expr: pl.Expr, values) -> pl.Expr:
    return expr.is_in(list(values)).fill_null(False)


def _submitted() -> pl.Expr:
    return pl.col("status").is_not_null() & ~_in(pl.col("status"), NOT_SUBMITTED)


def _explode_indexed(frame: pl.DataFrame, column: str, index: str) -> pl.DataFrame:
    """One row per entry of the list `column`, numbered from 0 in `index`; no row for a missing
    list, an empty one or a null entry."""
    return (
        frame.with_columns(pl.int_ranges(0, pl.col(column).list.len()).alias(index))
        .explode([column, index])
        .filter(pl.col(column).is_not_null())
    )


@dataclass
class Outcome:
    """What a computation found: flags on processes (`pid`, `code`, `value`), flags on
    organisations (`group`, `key`, `code`, `value`), per indicator how often it fired and on how
    many it could be computed, and the fences computed from the data."""

    processes: pl.DataFrame
    parties: pl.DataFrame
    ocids: pl.DataFrame
    counts: dict = field(default_factory=dict)
    count: int = 0

    def results(self) -> dict:
        """The results as Cardinal prints them: {group: {identifier: {code: value}}}."""
        out: dict = {}
        flagged = self.processes.join(self.ocids, on="pid", how="left").sort("pid")
        for ocid, code, value in flagged.select("ocid", "code", "value").iter_rows():
            out.setdefault(OCID, {}).setdefault(ocid, {})[code] = value
        for group in (BUYER, PROCURING_ENTITY, TENDERER):
            rows = self.parties.filter(pl.col("group") == group).sort("key", "code")
            for key, code, value in rows.select("key", "code", "value").iter_rows():
                out.setdefault(group, {}).setdefault(key, {})[code] = value
        return out


class _Computation:
    def __init__(self, rows: pl.DataFrame, parameters: dict, *, by_identifier: bool):
        self.p = parameters
        self.by_identifier = by_identifier
        self.process_flags: list[pl.DataFrame] = []
        self.party_flags: list[pl.DataFrame] = []
        self.counts: dict = {}
        r = pl.col("r")
        tender = r.struct.field("tender")
        frame = rows.select(
            "pid",
            r.struct.field("ocid").alias("ocid"),
            r.struct.field("buyer").struct.field("id").alias("buyer"),
            tender.struct.field("procuringEntity").struct.field("id").alias("pe"),
            tender.is_not_null().alias("has_tender"),
            tender.struct.field("status").alias("tender_status"),
            tender.struct.field("procurementMethod").alias("method"),
            tender.struct.field("procurementMethodDetails").alias("details"),
            tender.struct.field("numberOfTenderers").alias("n_tenderers"),
            tender.struct.field("tenderPeriod").struct.field("startDate").alias("start"),
            tender.struct.field("tenderPeriod").struct.field("endDate").alias("end"),
            r.struct.field("bids").struct.field("details").alias("bids"),
            r.struct.field("awards").alias("awards"),
            r.struct.field("parties").alias("parties"),
        )
        self.ocids = frame.select("pid", "ocid")
        # Every indicator leaves out a process without an ocid, a cancelled one, and one whose
        # procurement method details are excluded.
        excluded = self.p["exclusions"]["procurement_method_details"]
        frame = frame.filter(
            pl.col("ocid").is_not_null()
            & ~_is(pl.col("tender_status"), "cancelled")
            & ~_in(pl.col("details"), excluded)
        )
        self.keys = self._party_keys(frame) if by_identifier else None
        self.P = frame.drop("parties").with_columns(
            self._org(frame, "buyer"), self._org(frame, "pe")
        )
        self.count = self.P.height
        self._tables()

    # Organisations.

    def _party_keys(self, frame: pl.DataFrame) -> pl.DataFrame:
        parties = _explode_indexed(frame.select("pid", "parties"), "parties", "i")
        party = pl.col("parties")
        identifier = party.struct.field("identifier")
        ident = identifier.struct.field("id")
        return (
            parties.select(
                "pid",
                party.struct.field("id").alias("ref"),
                pl.when(ident.is_not_null())
                .then(identifier.struct.field("scheme").fill_null("") + SEP + ident)
                .alias("key"),
            )
            .filter(pl.col("ref").is_not_null() & pl.col("key").is_not_null())
            .unique(["pid", "ref"], keep="first", maintain_order=True)
        )

    def _org(self, frame: pl.DataFrame, column: str) -> pl.Series:
        """The organisation's key: the reference's id, or (by identifier) the identifier of the
        party it names, else the id with an empty scheme."""
        if not self.by_identifier:
            return frame.get_column(column)
        joined = frame.select("pid", column).join(
            self.keys, left_on=["pid", column], right_on=["pid", "ref"], how="left"
        )
        return joined.select(
            pl.when(pl.col(column).is_not_null())
            .then(pl.coalesce("key", SEP + pl.col(column)))
            .alias(column)
        ).get_column(column)

    def _resolve(self, frame: pl.DataFrame, column: str) -> pl.DataFrame:
        return frame.with_columns(self._org(frame, column))

    # The tables every indicator reads.

    def _tables(self) -> None:
        P = self.P
        bid = pl.col("bids")
        B = _explode_indexed(P.select("pid", "bids"), "bids", "bidx").select(
            "pid",
            "bidx",
            bid.struct.field("status").alias("status"),
            bid.struct.field("date").alias("date"),
            bid.struct.field("value").struct.field("amount").alias("amount"),
            bid.struct.field("value").struct.field("currency").alias("currency"),
            bid.struct.field("tenderers").alias("tenderers"),
        )
        B = B.with_columns(
            pl.col("tenderers").list.len().alias("n_tend"),
            pl.when(pl.col("tenderers").list.len() == 1)
            .then(pl.col("tenderers").list.first().struct.field("id"))
            .alias("sole"),
        )
        self.B = self._resolve(B, "sole")
        BT = _explode_indexed(
            B.select("pid", "bidx", "status", "tenderers"), "tenderers", "tidx"
        ).select("pid", "bidx", "status", pl.col("tenderers").struct.field("id").alias("tid"))
        self.BT = self._resolve(BT.filter(pl.col("tid").is_not_null()), "tid")

        award = pl.col("awards")
        A = _explode_indexed(P.select("pid", "awards"), "awards", "aidx").select(
            "pid",
            "aidx",
            award.struct.field("status").alias("status"),
            award.struct.field("suppliers").alias("suppliers"),
            award.struct.field("items").alias("items"),
        )
        A = A.with_columns(
            pl.when(pl.col("suppliers").list.len() == 1)
            .then(pl.col("suppliers").list.first().struct.field("id"))
            .alias("sole")
        )
        self.A = self._resolve(A, "sole")
        AS = _explode_indexed(A.select("pid", "aidx", "status", "suppliers"), "suppliers", "sidx")
        AS = AS.select("pid", "aidx", "status", pl.col("suppliers").struct.field("id").alias("sid"))
        self.AS = self._resolve(AS.filter(pl.col("sid").is_not_null()), "sid")

        # Per process: are all awards final (Cardinal's "complete awards"), how many are active,
        # and the sole supplier of the only active award.
        summary = self.A.group_by("pid").agg(
            (pl.col("status").is_not_null() & ~_in(pl.col("status"), FINAL_AWARD))
            .any()
            .alias("pending"),
            _is(pl.col("status"), "active").sum().alias("n_active"),
            pl.col("sole").filter(_is(pl.col("status"), "active")).first().alias("winner"),
        )
        self.P = (
            P.join(summary, on="pid", how="left")
            .with_columns(
                pl.col("awards").is_not_null().alias("has_awards"),
                pl.col("bids").is_not_null().alias("has_bids"),
                (
                    pl.col("awards").is_not_null()
                    & pl.col("bids").is_not_null()
                    & ~pl.col("pending").fill_null(False)
                ).alias("final"),
                pl.col("n_active").fill_null(0),
            )
            .drop("bids", "awards")
        )
        price = self.p["price_comparison_procurement_methods"]
        no_price = self.p["no_price_comparison_procurement_methods"]
        # A deny list (no_price) or, when set, an allow list (price) of method details.
        comparable = _in(pl.col("details"), price) if price else ~_in(pl.col("details"), no_price)
        self.P = self.P.with_columns(comparable.alias("comparable"))

        # The main currency: set, or the first of a submitted bid with an amount.
        self.currency = self.p["currency"]
        if self.currency is None:
            first = (
                self.B.join(self.P.filter("comparable").select("pid"), on="pid")
                .filter(
                    _submitted() & pl.col("amount").is_not_null() & pl.col("currency").is_not_null()
                )
                .sort("pid", "bidx")
                .head(1)
            )
            self.currency = first.item(0, "currency") if first.height else None

    # Recording.

    def _fired(self, code: str, processes=None, parties=None, *, of: dict, fences=None) -> None:
        """Record what `code` flagged: `processes` (pid, value), `parties` (group, key, value);
        `of`: per subject, on how many it could be computed."""
        fired = {}
        if processes is not None:
            processes = processes.select(
                pl.col("pid"), pl.lit(code).alias("code"), pl.col("value").cast(pl.Float64)
            ).unique("pid", keep="first", maintain_order=True)
            self.process_flags.append(processes)
            fired["process"] = processes.height
        if parties is not None:
            parties = parties.select(
                pl.col("group"),
                pl.col("key"),
                pl.lit(code).alias("code"),
                pl.col("value").cast(pl.Float64),
            ).unique(["group", "key"], keep="first", maintain_order=True)
            self.party_flags.append(parties)
            for group, subject in SUBJECTS.items():
                if group != OCID:
                    n = parties.filter(pl.col("group") == group).height
                    if n or subject in of:
                        fired[subject] = n
        subjects = {
            subject: {"fired": fired.get(subject, 0), "of": int(total)}
            for subject, total in of.items()
        }
        main = next(iter(of))
        self.counts[code] = {
            "subject": main,
            "fired": subjects[main]["fired"],
            "of": subjects[main]["of"],
            "subjects": subjects,
        }
        if fences:
            self.counts[code]["fences"] = {
                k: (v if v is not None and math.isfinite(v) else None) for k, v in fences.items()
            }

    def _bidders(self, processes: pl.DataFrame) -> int:
        """How many tenderers bid in `processes` (a frame with `pid`)."""
        return self.BT.join(processes.select("pid").unique(), on="pid").get_column("tid").n_unique()

    @staticmethod
    def _tenderers(frame: pl.DataFrame, column: str, value: float) -> pl.DataFrame:
        return frame.select(
            pl.lit(TENDERER).alias("group"),
            pl.col(column).alias("key"),
            pl.lit(value).alias("value"),
        ).drop_nulls("key")

    # The indicators.

    def R003(self) -> None:
        s = self.p["R003"]
        P = self.P.filter("has_tender")
        if s["procurement_methods"]:
            P = P.filter(_in(pl.col("method"), s["procurement_methods"]))

        def parsed(column):
            return (
                pl.col(column)
                .str.replace(r"[zZ]$", "+00:00")
                .str.to_datetime(
                    "%Y-%m-%dT%H:%M:%S%.f%:z", strict=False, time_unit="us", time_zone="UTC"
                )
            )

        P = P.with_columns(
            (parsed("end") - parsed("start")).dt.total_microseconds().alias("us")
        ).filter(pl.col("us").is_not_null())
        day = 86_400_000_000
        whole_days = (
            pl.when(pl.col("us") >= 0)
            .then(pl.col("us") // day)
            .otherwise(-((-pl.col("us")) // day))
        )
        thresholds = s["procurement_method_details"]
        threshold = pl.lit(s["threshold"], dtype=pl.Int64)
        if thresholds:
            threshold = pl.col("details").replace_strict(
                thresholds, default=threshold, return_dtype=pl.Int64
            )
        flagged = P.filter(whole_days < threshold).select("pid", pl.lit(1.0).alias("value"))
        self._fired("R003", flagged, of={"process": P.height})

    def R018(self) -> None:
        s = self.p["R018"]
        P = self.P.filter(
            _in(pl.col("method"), s["procurement_methods"])
            if s["procurement_methods"]
            else pl.col("has_tender")
        ).filter(pl.col("n_tenderers").is_not_null())
        flagged = P.filter(pl.col("n_tenderers") == 1).select("pid", pl.lit(1.0).alias("value"))
        self._fired("R018", flagged, of={"process": P.height})

    def _second_lowest(self) -> pl.DataFrame:
        """Per process where prices compare, all awards are final and one is active, to one
        supplier: the winner's lowest valid bid, the lowest valid bid of another tenderer, and
        the difference between them relative to the winning bid."""
        if hasattr(self, "_ratios"):
            return self._ratios
        P = self.P.filter(
            pl.col("comparable")
            & pl.col("final")
            & (pl.col("n_active") == 1)
            & pl.col("winner").is_not_null()
        ).select("pid", "winner")
        bids = (
            self.B.join(P, on="pid")
            .filter(
                _is(pl.col("status"), "valid")
                & pl.col("amount").is_not_null()
                & pl.col("currency").is_not_null()
                & pl.col("sole").is_not_null()
                & _is(pl.col("currency"), self.currency)
            )
            .with_columns((pl.col("sole") == pl.col("winner")).alias("won"))
            .sort("pid", "amount", "bidx")
        )
        won = (
            bids.filter("won")
            .group_by("pid")
            .agg(pl.col("amount").first().alias("w"), pl.col("sole").first().alias("w_id"))
        )
        lost = (
            bids.filter(~pl.col("won"))
            .group_by("pid")
            .agg(pl.col("amount").first().alias("l"), pl.col("sole").first().alias("l_id"))
        )
        ratios = (
            won.join(lost, on="pid")
            .filter((pl.col("l") >= pl.col("w")) & (pl.col("w") != 0))
            .with_columns(((pl.col("l") - pl.col("w")) / pl.col("w")).alias("ratio"))
        )
        self._ratios = ratios
        return ratios

    def R024(self) -> None:
        ratios = self._second_lowest()
        threshold = self.p["R024"]["threshold"]
        if threshold is None:
            q1, q3 = _quartiles(ratios.get_column("ratio"))
            lower = _fma(q3 - q1, -1.5, q1)
            fences = {"q1": q1, "q3": q3, "lower_fence": lower}
        else:
            q1, lower = 1.0, float(threshold)
            fences = {"lower_fence": lower}
        flagged = ratios.head(0)
        if q1 > 0.0 and lower > 0.0:
            flagged = ratios.filter(pl.col("ratio") <= lower)
        tenderers = pl.concat(
            [
                self._tenderers(flagged, "w_id", 0.0),
                self._tenderers(flagged, "l_id", 0.0),
            ]
        )
        self._fired(
            "R024",
            flagged.select("pid", pl.col("ratio").alias("value")),
            tenderers,
            of={"process": ratios.height, "tenderer": self._bidders(ratios)},
            fences=fences,
        )

    def R058(self) -> None:
        ratios = self._second_lowest()
        threshold = self.p["R058"]["threshold"]
        if threshold is None:
            q1, q3 = _quartiles(ratios.get_column("ratio"))
            upper = _fma(q3 - q1, 1.5, q3)
            fences = {"q1": q1, "q3": q3, "upper_fence": upper}
        else:
            upper = float(threshold)
            fences = {"upper_fence": upper}
        flagged = ratios.head(0)
        if upper > 0.0:
            flagged = ratios.filter(pl.col("ratio") >= upper)
        self._fired(
            "R058",
            flagged.select("pid", pl.col("ratio").alias("value")),
            self._tenderers(flagged, "w_id", 0.0),
            of={"process": ratios.height, "tenderer": self._bidders(ratios)},
            fences=fences,
        )

    def R025(self) -> None:
        s = self.p["R025"]
        P = self.P.filter(
            pl.col("final") & (pl.col("n_active") == 1) & pl.col("winner").is_not_null()
        ).select("pid", "winner")
        # Each tenderer once per process, however many valid bids it made.
        bids = (
            self.B.join(P, on="pid")
            .filter(_is(pl.col("status"), "valid") & pl.col("sole").is_not_null())
            .unique(["pid", "sole"])
        )
        tenderers = bids.group_by("sole").agg(
            (pl.col("sole") == pl.col("winner")).sum().alias("won"),
            pl.len().alias("bids"),
        )
        tenderers = tenderers.with_columns(
            (pl.col("won") / pl.col("bids")).alias("ratio"),
            pl.col("bids").cast(pl.Float64),
        )
        top = quantile(tenderers.get_column("bids").sort().to_list(), s["percentile"] / 100)
        if s["threshold"] is None:
            q1, q3 = _quartiles(tenderers.get_column("ratio"))
            lower = _fma(q3 - q1, -1.5, q1)
            fences = {"q1": q1, "q3": q3, "lower_fence": lower, "upper_fence": top}
        else:
            q1, lower = 1.0, float(s["threshold"])
            fences = {"lower_fence": lower, "upper_fence": top}
        flagged = tenderers.head(0)
        if q1 > 0.0 and lower > 0.0:
            flagged = tenderers.filter((pl.col("bids") >= top) & (pl.col("ratio") <= lower))
        self._fired(
            "R025",
            parties=flagged.select(
                pl.lit(TENDERER).alias("group"),
                pl.col("sole").alias("key"),
                pl.col("ratio").alias("value"),
            ),
            of={"tenderer": tenderers.height},
            fences=fences,
        )

    def R028(self) -> None:
        P = self.P.filter("comparable").select("pid")
        bids = self.B.join(P, on="pid").filter(
            _submitted()
            & pl.col("tenderers").is_not_null()
            & pl.col("amount").is_not_null()
            & pl.col("currency").is_not_null()
        )
        tenderers = self.BT.join(bids.select("pid", "bidx"), on=["pid", "bidx"])
        # The set of a bid's tenderers as text: its sole tenderer, or (a consortium) the sorted
        # distinct tenderers, grouped for those bids only.
        sole = bids.filter(pl.col("sole").is_not_null()).select(
            "pid", "bidx", pl.col("sole").alias("set")
        )
        several = (
            tenderers.join(
                bids.filter(pl.col("n_tend") > 1).select("pid", "bidx"), on=["pid", "bidx"]
            )
            .group_by("pid", "bidx")
            .agg(pl.col("tid").unique().sort().str.join(SEP).alias("set"))
        )
        sets = pl.concat([sole, several])
        # Bid by bid in the order of the data, the previous bid at the same price (amount and
        # currency) in the process: a pair when its tenderers are not the same.
        same_price = ["pid", "amount", "currency"]
        bids = (
            bids.select("pid", "bidx", "amount", "currency")
            .join(sets, on=["pid", "bidx"])
            .sort(*same_price, "bidx")
        )
        same = pl.all_horizontal(pl.col(c) == pl.col(c).shift(1) for c in same_price)
        pairs = bids.with_columns(
            pl.when(same).then(pl.col("bidx").shift(1)).alias("prev"),
            pl.when(same).then(pl.col("set").shift(1)).alias("prev_set"),
        ).filter(pl.col("prev").is_not_null() & (pl.col("set") != pl.col("prev_set")))
        bidx = pl.concat(
            [pairs.select("pid", "bidx"), pairs.select("pid", pl.col("prev").alias("bidx"))]
        ).unique()
        tenderers = tenderers.join(bidx, on=["pid", "bidx"]).unique(["tid"])
        computable = bids.group_by("pid").len().filter(pl.col("len") >= 2)
        self._fired(
            "R028",
            pairs.select("pid", pl.lit(1.0).alias("value")),
            self._tenderers(tenderers, "tid", 1.0),
            of={"process": computable.height, "tenderer": self._bidders(computable)},
        )

    def R030(self) -> None:
        # Read when the process has a submission deadline, a list of awards and one of bids.
        P = self.P.filter(pl.col("end").is_not_null() & pl.col("has_awards") & pl.col("has_bids"))
        suppliers = self.AS.filter(_is(pl.col("status"), "active")).select("pid", "sid").unique()
        late = (
            self.BT.join(P.select("pid", "end"), on="pid")
            .join(self.B.select("pid", "bidx", "date"), on=["pid", "bidx"])
            .filter(
                _is(pl.col("status"), "valid")
                & pl.col("date").is_not_null()
                & (pl.col("date") > pl.col("end"))
            )
            .join(suppliers, left_on=["pid", "tid"], right_on=["pid", "sid"])
        )
        self._fired(
            "R030",
            late.select("pid", pl.lit(1.0).alias("value")),
            self._tenderers(late, "tid", 1.0),
            of={"process": P.height, "tenderer": self._bidders(P)},
        )

    def R035(self) -> None:
        threshold = max(int(self.p["R035"]["threshold"]), 1)
        P = self.P.filter(pl.col("final")).select("pid")
        suppliers = (
            self.AS.join(P, on="pid")
            .filter(_is(pl.col("status"), "active"))
            .group_by("pid")
            .agg(pl.col("sid").unique().alias("suppliers"))
        )
        bidders = self.BT.join(P, on="pid")
        valid = (
            bidders.filter(_is(pl.col("status"), "valid"))
            .group_by("pid")
            .agg(pl.col("tid").unique().alias("valid"))
            .filter(pl.col("valid").list.len() == 1)
            .with_columns(pl.col("valid").list.first().alias("winner"))
        )
        disqualified = (
            bidders.filter(_is(pl.col("status"), "disqualified"))
            .join(valid.select("pid", "winner"), on="pid")
            .filter(pl.col("tid") != pl.col("winner"))
            .group_by("pid")
            .agg(pl.col("tid").n_unique().alias("others"))
        )
        candidates = valid.join(suppliers, on="pid").filter(
            (pl.col("suppliers").list.len() == 1)
            & (pl.col("suppliers").list.first() == pl.col("winner"))
        )
        flagged = candidates.join(disqualified, on="pid").filter(pl.col("others") >= threshold)
        self._fired(
            "R035",
            flagged.select("pid", pl.col("others").alias("value")),
            self._tenderers(flagged, "winner", 0.0),
            of={"process": candidates.height, "tenderer": self._bidders(candidates)},
        )

    def R036(self) -> None:
        P = self.P.filter("comparable").select("pid")
        active = self.A.filter(_is(pl.col("status"), "active")).select("pid").unique()
        bids = (
            self.B.join(P, on="pid")
            .join(active, on="pid")
            .filter(
                _submitted()
                & pl.col("amount").is_not_null()
                & _is(pl.col("currency"), self.currency)
            )
            .sort("pid", "amount", "bidx")
        )
        lowest = (
            bids.group_by("pid")
            .agg(
                pl.col("status").first().alias("lowest"),
                _is(pl.col("status"), "valid").any().alias("has_valid"),
            )
            .filter("has_valid")
        )
        flagged = lowest.filter(pl.col("lowest") == "disqualified")
        self._fired(
            "R036",
            flagged.select("pid", pl.lit(1.0).alias("value")),
            of={"process": lowest.height},
        )

    def R038(self) -> None:
        s = self.p["R038"]
        bids = self.B.filter(_submitted()).with_columns(
            _is(pl.col("status"), "disqualified").cast(pl.Int64).alias("dq")
        )
        per_process = bids.group_by("pid").agg(pl.col("dq").sum(), pl.len().alias("n"))
        per_process = per_process.join(self.P.select("pid", "buyer", "pe"), on="pid")
        tenderers = (
            self.BT.filter(_submitted())
            .with_columns(_is(pl.col("status"), "disqualified").cast(pl.Int64).alias("dq"))
            .group_by(pl.col("tid").alias("key"))
            .agg(pl.col("dq").sum(), pl.len().alias("n"))
        )
        groups = [
            (
                BUYER,
                per_process.group_by(pl.col("buyer").alias("key")),
                "minimum_contracting_processes",
            ),
            (
                PROCURING_ENTITY,
                per_process.group_by(pl.col("pe").alias("key")),
                "minimum_contracting_processes",
            ),
            (TENDERER, None, "minimum_submitted_bids"),
        ]
        flagged, of, fences = [], {}, {}
        for group, grouped, minimum in groups:
            if grouped is None:
                fractions = tenderers
            else:
                fractions = grouped.agg(pl.col("dq").sum(), pl.col("n").sum())
            ratios = fractions.drop_nulls("key").filter(pl.col("n") >= s[minimum])
            ratios = ratios.with_columns((pl.col("dq") / pl.col("n")).alias("ratio"))
            of[SUBJECTS[group]] = ratios.height
            if not ratios.height:
                continue
            if s["threshold"] is None:
                q1, q3 = _quartiles(ratios.get_column("ratio"))
                upper = _fma(q3 - q1, 1.5, q3)
                fences.update({f"{group}_q1": q1, f"{group}_q3": q3})
            else:
                upper = float(s["threshold"])
            fences[f"{group}_upper_fence"] = upper
            if upper > 0.0:
                flagged.append(
                    ratios.filter(pl.col("ratio") >= upper).select(
                        pl.lit(group).alias("group"), "key", pl.col("ratio").alias("value")
                    )
                )
        parties = pl.concat(flagged) if flagged else None
        if parties is None:
            parties = pl.DataFrame(
                schema={"group": pl.String, "key": pl.String, "value": pl.Float64}
            )
        self._fired("R038", parties=parties, of=of, fences=fences)

    def R048(self) -> None:
        s = self.p["R048"]
        awards = self.A.filter(
            _is(pl.col("status"), "active")
            & pl.col("items").is_not_null()
            & pl.col("sole").is_not_null()
        )
        items = _explode_indexed(awards.select("pid", "sole", "items"), "items", "iidx").select(
            "pid",
            "sole",
            pl.col("items")
            .struct.field("classification")
            .struct.field("id")
            .str.slice(0, s["digits"])
            .alias("code"),
        )
        items = items.filter(pl.col("code").is_not_null())
        suppliers = items.group_by("sole").agg(
            pl.col("pid").n_unique().alias("processes"),
            pl.col("code").n_unique().cast(pl.Float64).alias("variety"),
        )
        suppliers = suppliers.filter(pl.col("processes") >= s["minimum_contracting_processes"])
        if s["threshold"] is None:
            q1, q3 = _quartiles(suppliers.get_column("variety"))
            upper = _fma(q3 - q1, 1.5, q3)
            fences = {"q1": q1, "q3": q3, "upper_fence": upper}
        else:
            upper = float(s["threshold"])
            fences = {"upper_fence": upper}
        flagged = suppliers.filter(pl.col("variety") >= upper)
        self._fired(
            "R048",
            parties=flagged.select(
                pl.lit(TENDERER).alias("group"),
                pl.col("sole").alias("key"),
                pl.col("variety").alias("value"),
            ),
            of={"tenderer": suppliers.height},
            fences=fences,
        )

    def run(self, codes) -> Outcome:
        for code in codes:
            if code in self.p:
                getattr(self, code)()
        processes = (
            pl.concat(self.process_flags)
            if self.process_flags
            else pl.DataFrame(schema={"pid": pl.Int64, "code": pl.String, "value": pl.Float64})
        )
        parties = (
            pl.concat(self.party_flags)
            if self.party_flags
            else pl.DataFrame(
                schema={
                    "group": pl.String,
                    "key": pl.String,
                    "code": pl.String,
                    "value": pl.Float64,
                }
            )
        )
        return Outcome(processes, parties, self.ocids, self.counts, self.count)


def _texts(releases: Iterable) -> list[str]:
    texts = []
    for release in releases:
        if isinstance(release, bytes):
            release = release.decode("utf-8", "replace")
        if isinstance(release, str):
            if release.strip():
                texts.append(release)
        else:
            texts.append(json.dumps(release, default=str))
    return texts


def assess(
    rows: pl.DataFrame, parameters: dict, *, codes=CODES, by_identifier: bool = False
) -> Outcome:
    """The indicators over `rows` (`pid`: an integer per process, `r`: its decoded compiled
    release, from `decode`)."""
    return _Computation(rows, parameters, by_identifier=by_identifier).run(codes)


def evaluate(releases: Iterable, *, parameters: dict | None = None, codes=CODES) -> dict:
    """The indicators over compiled releases (dicts, or JSON text such as the lines of a JSON
    Lines file), in Cardinal's output: {"OCID": {ocid: {"R003": 1.0}}, "Buyer": {...},
    "ProcuringEntity": {...}, "Tenderer": {...}}, a group only when something in it was flagged.
    `parameters` override Cardinal's defaults (not the site's settings); `codes` are the
    indicators to compute."""
    texts = _texts(releases)
    rows = pl.DataFrame({"pid": pl.Series(range(len(texts)), dtype=pl.Int64), "r": decode(texts)})
    return assess(rows, resolve(parameters), codes=codes).results()


# Over the database.


def _read(batch_size: int) -> pl.DataFrame:
    """Every contracting process's compiled release, read as JSON text in batches of primary
    keys and decoded batch by batch (the text of a batch is let go once decoded)."""
    from django.db.models import TextField
    from django.db.models.functions import Cast

    from .models import ContractingProcess

    frames, last = [], 0
    while True:
        batch = list(
            ContractingProcess.objects.filter(pk__gt=last)
            .order_by("pk")
            .annotate(text=Cast("compiled", TextField()))
            .values_list("pk", "text")[:batch_size]
        )
        if not batch:
            break
        last = batch[-1][0]
        pids, texts = zip(*batch, strict=True)
        del batch
        frames.append(
            pl.DataFrame({"pid": pl.Series(pids, dtype=pl.Int64), "r": decode(list(texts))})
        )
        del texts
    if not frames:
        return pl.DataFrame({"pid": pl.Series([], dtype=pl.Int64), "r": decode([])})
    return pl.concat(frames)


def _party_ids(keys: list[str]) -> dict[str, int]:
    """The Party of each organisation key (scheme SEP identifier), made if the import has not
    made it (by its identifier, without a name)."""
    from .models import Party

    wanted = {tuple(key.split(SEP, 1)) for key in keys}
    found: dict[str, int] = {}
    identifiers = sorted({identifier for _, identifier in wanted})
    for start in range(0, len(identifiers), 500):
        rows = Party.objects.filter(identifier__in=identifiers[start : start + 500]).values_list(
            "scheme", "identifier", "pk"
        )
        for scheme, identifier, pk in rows:
            if (scheme, identifier) in wanted:
                found[f"{scheme}{SEP}{identifier}"] = pk
    missing = [key for key in wanted if f"{key[0]}{SEP}{key[1]}" not in found]
    if missing:
        Party.objects.bulk_create(
            [Party(scheme=scheme, identifier=identifier) for scheme, identifier in missing],
            batch_size=1000,
            ignore_conflicts=True,
        )
        return _party_ids(keys)
    return found


@pagecache.changes
def compute(*, parameters: dict | None = None, batch_size: int = 2_000):
    """Compute every indicator over all the contracting processes and replace the red flags with
    what it found, in one transaction, with a FlagRun recording the parameters, the number of
    processes and how often each indicator fired over how many it could be computed on.
    `parameters` override the settings (`BAQYLAU_RED_FLAGS`) for this run. The run returned
    also has `timings`: the seconds spent reading, computing and writing."""
    from django.db import connection, transaction
    from django.utils import timezone

    from .models import FlagRun, RiskFlag

    started = time.perf_counter()
    timings = {}
    resolved = configured(parameters)
    rows = _read(batch_size)
    timings["read"] = time.perf_counter() - started
    outcome = assess(rows, resolved, by_identifier=True)
    del rows
    timings["indicators"] = time.perf_counter() - started - timings["read"]
    now = timezone.now()
    party_ids = pl.DataFrame(
        list(_party_ids(outcome.parties.get_column("key").unique().to_list()).items()),
        schema={"key": pl.String, "party_id": pl.Int64},
        orient="row",
    )
    subjects = pl.DataFrame(
        [(group, subject) for group, subject in SUBJECTS.items() if group != OCID],
        schema={"group": pl.String, "subject": pl.String},
        orient="row",
    )
    rows = pl.concat(
        [
            outcome.processes.sort("pid", "code").select(
                "code",
                pl.lit(RiskFlag.Subject.PROCESS.value).alias("subject"),
                pl.col("pid").alias("process_id"),
                pl.lit(None, dtype=pl.Int64).alias("party_id"),
                "value",
            ),
            outcome.parties.sort("group", "key", "code")
            .join(subjects, on="group", maintain_order="left")
            .join(party_ids, on="key", maintain_order="left")
            .select(
                "code",
                "subject",
                pl.lit(None, dtype=pl.Int64).alias("process_id"),
                "party_id",
                "value",
            ),
        ]
    )
    # The rows go straight from the computed table to the database, a slice at a time (the
    # flags never all become model instances): a bulk insert of plain rows.
    meta = RiskFlag._meta
    names = ("code", "subject", "process", "party", "value", "computed_at")
    quote = connection.ops.quote_name
    insert = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(meta.db_table),
        ", ".join(quote(meta.get_field(name).column) for name in names),
        ", ".join(["%s"] * len(names)),
    )
    stamp = connection.ops.adapt_datetimefield_value(now)
    with transaction.atomic():
        RiskFlag.objects.all().delete()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # psycopg 3: COPY, the fastest bulk load
                copy = insert.split(" VALUES ")[0].replace("INSERT INTO", "COPY", 1)
                with cursor.cursor.copy(f"{copy} FROM STDIN") as stream:
                    for row in rows.iter_rows():
                        stream.write_row((*row, now))
            else:
                for offset in range(0, rows.height, 10_000):
                    cursor.executemany(
                        insert, [(*row, stamp) for row in rows.slice(offset, 10_000).iter_rows()]
                    )
        run = FlagRun.objects.create(
            computed_at=now,
            processes=outcome.ocids.height,
            parameters=resolved,
            counts=outcome.counts,
            seconds=round(time.perf_counter() - started, 3),
        )
    timings["write"] = run.seconds - timings["read"] - timings["indicators"]
    run.timings = {phase: round(seconds, 2) for phase, seconds in timings.items()}
    return run


# The rules in plain words.

SUBJECT_NAMES = {
    "process": _("contracting processes"),
    "buyer": _("buyers"),
    "procuring_entity": _("procuring entities"),
    "tenderer": _("tenderers"),
}

SOURCE = "https://cardinal.readthedocs.io/en/latest/cli/indicators/R/{number}.html"


@dataclass(frozen=True)
class Rule:
    """A red flag as pages explain it: its name, the rule in plain words, what it is about (the
    subjects it flags: process, buyer, procuring entity, tenderer) and what it is computed on."""

    code: str
    name: str
    text: str
    subjects: tuple[str, ...]
    computed_on: str

    @property
    def url(self) -> str:
        """The indicator's page in the reference implementation's documentation."""
        return SOURCE.format(number=self.code[1:])

    @property
    def about(self) -> str:
        return ", ".join(str(SUBJECT_NAMES[subject]) for subject in self.subjects)


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule(
            "R003",
            _("Short submission period"),
            _(
                "Bidders had less time than the threshold to submit their bids or expressions of "
                "interest (the tender period, counted in whole days). A short period favours a "
                "bidder who knew of the tender before it was announced."
            ),
            ("process",),
            _("contracting processes with a tender period"),
        ),
        Rule(
            "R018",
            _("Single bid received"),
            _(
                "Only one tenderer submitted a bid in a competitive procedure. Where competition "
                "was expected, its absence may mean that it was kept away."
            ),
            ("process",),
            _("competitive contracting processes with a number of tenderers"),
        ),
        Rule(
            "R024",
            _("Price close to winning bid"),
            _(
                "The second-lowest valid bid is only a little above the winning bid: much closer "
                "than in most processes. A bidder may have mimicked competition with a bid just "
                "above its partner's. The winner and the second-lowest bidder are flagged too."
            ),
            ("process", "tenderer"),
            _(
                "contracting processes where the lowest valid bid won, with one active award to "
                "one supplier and a second valid bid"
            ),
        ),
        Rule(
            "R025",
            _("Excessive unsuccessful bids"),
            _(
                "A tenderer among those that bid most often wins unusually rarely. Bids made to "
                "lose can mimic competition for a partner."
            ),
            ("tenderer",),
            _("tenderers with valid bids in processes with one active award"),
        ),
        Rule(
            "R028",
            _("Identical bid prices"),
            _(
                "Different tenderers submitted bids with exactly the same price in one process. "
                "Prices may have been leaked or agreed. The tenderers are flagged too."
            ),
            ("process", "tenderer"),
            _("contracting processes with at least two priced bids"),
        ),
        Rule(
            "R030",
            _("Late bid won"),
            _(
                "A valid bid received after the submission deadline came from a winner of the "
                "process. The deadline may have been set aside for it. The tenderer is flagged "
                "too."
            ),
            ("process", "tenderer"),
            _("contracting processes with a submission deadline, awards and bids"),
        ),
        Rule(
            "R035",
            _("All except winning bid disqualified"),
            _(
                "Only one tenderer's bids were valid, that tenderer won, and the bids of other "
                "tenderers were disqualified. Disqualifying the others can hand a contract to a "
                "chosen bidder. The winner is flagged too."
            ),
            ("process", "tenderer"),
            _("contracting processes whose awards are final, with one valid tenderer who won"),
        ),
        Rule(
            "R036",
            _("Lowest bid disqualified"),
            _(
                "The lowest bid submitted was disqualified while valid bids remained. Lower-priced "
                "bids may have been pushed aside for a chosen bidder."
            ),
            ("process",),
            _("contracting processes with an active award and a valid priced bid"),
        ),
        Rule(
            "R038",
            _("Excessive disqualified bids"),
            _(
                "Across all its processes, a buyer, a procuring entity or a tenderer has an "
                "unusually high share of disqualified bids among the bids submitted."
            ),
            ("buyer", "procuring_entity", "tenderer"),
            _("buyers, procuring entities and tenderers with enough submitted bids"),
        ),
        Rule(
            "R048",
            _("Heterogeneous supplier"),
            _(
                "A supplier is awarded items of unusually many different kinds (by the first "
                "digits of the items' classification). A supplier of everything may not be suited "
                "to what it supplies."
            ),
            ("tenderer",),
            _("suppliers awarded classified items in enough contracting processes"),
        ),
        Rule(
            "R058",
            _("Heavily discounted bid"),
            _(
                "The winning bid is far below the second-lowest valid bid: much further than in "
                "most processes. A price too low may come with poor quality. The winner is "
                "flagged too."
            ),
            ("process", "tenderer"),
            _(
                "contracting processes where the lowest valid bid won, with one active award to "
                "one supplier and a second valid bid"
            ),
        ),
    )
}


def _number(value) -> str:
    from decimal import Decimal

    from baqylau.core.templatetags.baqylau import num

    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    return num(Decimal(repr(round(float(value), 4))))


def _listed(values) -> str:
    return ", ".join(str(value) for value in values)


def _fence(fences: dict, key: str, set_value) -> str | None:
    """The fence as a number: set by the parameters, or computed in the run (None before one)."""
    if set_value is not None:
        return _number(set_value)
    if fences and fences.get(key) is not None:
        return _number(fences[key])
    return None


def thresholds(code: str, run=None) -> list[str]:
    """The thresholds of the indicator in words, from the parameters of the computation `run`
    (a FlagRun) or, before any, the parameters in force; fences computed from the data are given
    as the run found them."""
    parameters = run.parameters if run is not None else configured()
    p = parameters.get(code)
    if p is None:
        return []
    counts = (run.counts or {}).get(code, {}) if run is not None else {}
    fences = counts.get("fences") or {}
    lines = []
    computed = gettext("Computed from the data: Q1 − 1.5 × IQR of all")
    computed_upper = gettext("Computed from the data: Q3 + 1.5 × IQR of all")
    # Cardinal flags nothing when a computed fence (or Q1 below a low fence) is not above zero:
    # most of the data would be an outlier.
    nothing = gettext("In this computation the fence is not above zero, so nothing is flagged.")

    def not_positive(*keys) -> bool:
        return any(fences.get(key) is not None and fences[key] <= 0 for key in keys)

    if code == "R003":
        lines.append(gettext("Shorter than %(days)s whole days") % {"days": p["threshold"]})
        for details, days in sorted(p["procurement_method_details"].items()):
            lines.append(
                gettext("%(details)s: shorter than %(days)s whole days")
                % {"details": details, "days": days}
            )
        if p["procurement_methods"]:
            lines.append(
                gettext("Procurement methods: %(methods)s")
                % {"methods": _listed(p["procurement_methods"])}
            )
    elif code == "R018":
        lines.append(gettext("Exactly 1 tenderer"))
        lines.append(
            gettext("Procurement methods: %(methods)s")
            % {"methods": _listed(p["procurement_methods"])}
        )
    elif code in ("R024", "R058"):
        lower = code == "R024"
        key = "lower_fence" if lower else "upper_fence"
        fence = _fence(fences, key, p["threshold"])
        if lower:
            line = gettext(
                "Difference between the second-lowest and the winning bid, relative to "
                "the winning bid, at most %(fence)s"
            )
        else:
            line = gettext(
                "Difference between the second-lowest and the winning bid, relative to "
                "the winning bid, at least %(fence)s"
            )
        lines.append(line % {"fence": fence or "…"})
        if p["threshold"] is None:
            lines.append(f"{computed if lower else computed_upper} " + gettext("differences"))
            if not_positive(*(("q1", "lower_fence") if lower else ("upper_fence",))):
                lines.append(nothing)
    elif code == "R025":
        lower = _fence(fences, "lower_fence", p["threshold"])
        top = _fence(fences, "upper_fence", None)
        lines.append(
            gettext(
                "Among the tenderers with the most bids: at least %(bids)s (percentile "
                "%(percentile)s of the bids per tenderer)"
            )
            % {"bids": top or "…", "percentile": p["percentile"]}
        )
        lines.append(gettext("Share of bids won at most %(fence)s") % {"fence": lower or "…"})
        if p["threshold"] is None:
            lines.append(f"{computed} " + gettext("shares"))
            if not_positive("q1", "lower_fence"):
                lines.append(nothing)
    elif code == "R035":
        lines.append(
            gettext("At least %(count)s other tenderers disqualified")
            % {"count": max(int(p["threshold"]), 1)}
        )
    elif code == "R038":
        for group, subject, minimum in (
            (BUYER, "buyer", p["minimum_contracting_processes"]),
            (PROCURING_ENTITY, "procuring_entity", p["minimum_contracting_processes"]),
            (TENDERER, "tenderer", p["minimum_submitted_bids"]),
        ):
            fence = _fence(fences, f"{group}_upper_fence", p["threshold"])
            lines.append(
                gettext(
                    "%(subjects)s with at least %(minimum)s submitted bids: share "
                    "disqualified at least %(fence)s"
                )
                % {
                    "subjects": str(SUBJECT_NAMES[subject]).capitalize(),
                    "minimum": minimum,
                    "fence": fence or "…",
                }
            )
        if p["threshold"] is None:
            lines.append(f"{computed_upper} " + gettext("shares"))
            if not_positive(
                *(f"{group}_upper_fence" for group in (BUYER, PROCURING_ENTITY, TENDERER))
            ):
                lines.append(gettext("Where a fence is not above zero, nothing is flagged."))
    elif code == "R048":
        fence = _fence(fences, "upper_fence", p["threshold"])
        lines.append(
            gettext(
                "At least %(fence)s different classes (first %(digits)s digits of the "
                "classification)"
            )
            % {"fence": fence or "…", "digits": p["digits"]}
        )
        lines.append(
            gettext("Suppliers awarded in at least %(count)s contracting processes")
            % {"count": p["minimum_contracting_processes"]}
        )
        if p["threshold"] is None:
            lines.append(f"{computed_upper} " + gettext("varieties"))
    else:  # R028, R030, R036 have no parameters
        lines.append(gettext("No threshold: the rule applies as stated"))
    if code in ("R024", "R028", "R036", "R058"):
        if parameters.get("price_comparison_procurement_methods"):
            lines.append(
                gettext("Prices compared only for: %(details)s")
                % {"details": _listed(parameters["price_comparison_procurement_methods"])}
            )
        elif parameters.get("no_price_comparison_procurement_methods"):
            lines.append(
                gettext("Prices not compared for: %(details)s")
                % {"details": _listed(parameters["no_price_comparison_procurement_methods"])}
            )
    return lines


def frequency(code: str, run, subject: str | None = None) -> dict | None:
    """How often the indicator fired in the computation `run` (a FlagRun, or None before any),
    over how many it could be computed on, and whether it fires so often that it says little
    (on more than half of them). `subject`: which of its subjects (its first by default)."""
    if run is None:
        return None
    counts = (run.counts or {}).get(code)
    if not counts:
        return None
    subject = subject or counts.get("subject")
    figures = counts.get("subjects", {}).get(subject)
    if figures is None:
        return None
    fired, of = int(figures["fired"]), int(figures["of"])
    share = fired / of if of else None
    values = {
        "fired": _number(fired),
        "of": _number(of),
        "percent": f"{_number(round(100 * share, 1))}\u00a0%" if share is not None else "—",
        "date": date_format(timezone_local(run.computed_at), "SHORT_DATE_FORMAT"),
    }
    if not of:
        text = (
            gettext("Could not be computed on any of the data in the computation of %(date)s.")
            % values
        )
    else:
        text = {
            "process": ngettext(
                "Fired on %(fired)s of %(of)s contracting process (%(percent)s) in the "
                "computation of %(date)s.",
                "Fired on %(fired)s of %(of)s contracting processes (%(percent)s) in the "
                "computation of %(date)s.",
                of,
            ),
            "buyer": ngettext(
                "Fired on %(fired)s of %(of)s buyer (%(percent)s) in the computation of %(date)s.",
                "Fired on %(fired)s of %(of)s buyers (%(percent)s) in the computation of %(date)s.",
                of,
            ),
            "procuring_entity": ngettext(
                "Fired on %(fired)s of %(of)s procuring entity (%(percent)s) in the computation "
                "of %(date)s.",
                "Fired on %(fired)s of %(of)s procuring entities (%(percent)s) in the computation "
                "of %(date)s.",
                of,
            ),
            "tenderer": ngettext(
                "Fired on %(fired)s of %(of)s tenderer (%(percent)s) in the computation of "
                "%(date)s.",
                "Fired on %(fired)s of %(of)s tenderers (%(percent)s) in the computation of "
                "%(date)s.",
                of,
            ),
        }[subject] % values
    says_little = share is not None and share > SAYS_LITTLE_ABOVE
    return {
        "subject": subject,
        "fired": fired,
        "of": of,
        "share": share,
        "says_little": says_little,
        "text": text,
        "warning": gettext(
            "It fires on most of what it could be computed on, so on its own it says little."
        )
        if says_little
        else "",
    }


def timezone_local(moment):
    from django.utils import timezone

    return timezone.localtime(moment) if timezone.is_aware(moment) else moment
