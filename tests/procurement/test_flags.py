"""The red flags beyond Cardinal's fixtures: the parameters and settings, the computation over the
database (organisations by identifier, dirty releases, replacing the flags, the run's counts), the
command, and the rules in plain words with their thresholds and how often they fire."""

import io
import json
import math

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime

from baqylau.procurement import flags
from baqylau.procurement.models import ContractingProcess, FlagRun, Party, RiskFlag

# Parameters.


def test_defaults_are_cardinals():
    p = flags.resolve()
    assert p["R003"] == {
        "threshold": 15,
        "procurement_methods": [],
        "procurement_method_details": {},
    }
    assert p["R018"] == {"procurement_methods": ["open", "selective"]}
    assert p["R025"] == {"percentile": 75, "threshold": None}
    assert p["R035"] == {"threshold": 1}
    assert p["R038"] == {
        "threshold": None,
        "minimum_submitted_bids": 2,
        "minimum_contracting_processes": 2,
    }
    assert p["R048"] == {"digits": 2, "threshold": None, "minimum_contracting_processes": 20}
    assert p["currency"] is None
    assert set(flags.CODES) <= set(p)


def test_parameters_override_in_layers():
    p = flags.resolve(
        {"R003": {"threshold": 10, "procurement_methods": "open|selective"}, "currency": "KZT"},
        {"R003": {"procurement_method_details": {"Из одного источника": 3}}, "R048": None},
    )
    assert p["R003"] == {
        "threshold": 10,
        "procurement_methods": ["open", "selective"],
        "procurement_method_details": {"Из одного источника": 3},
    }
    assert p["currency"] == "KZT"
    assert "R048" not in p


@pytest.mark.parametrize("layer", [{"R999": {}}, {"R003": {"limit": 3}}, {"treshold": 1}])
def test_unknown_parameters_are_refused(layer):
    with pytest.raises(ImproperlyConfigured):
        flags.resolve(layer)


def test_settings_are_read(settings):
    settings.BAQYLAU_RED_FLAGS = {"R003": {"threshold": 30}}
    assert flags.configured()["R003"]["threshold"] == 30
    assert flags.configured({"R003": {"threshold": 5}})["R003"]["threshold"] == 5


# Statistics.


def test_quartiles_are_the_median_unbiased_estimator():
    values = [1.0, 2.0, 3.0, 4.0]
    assert flags.quantile(values, 0.25) == pytest.approx(1 + 5 / 12)
    assert flags.quantile(values, 0.75) == pytest.approx(3 + 7 / 12)
    assert flags.quantile([0.0, 0.0] + [100.0] * 7, 0.25) == pytest.approx(200 / 3)
    assert flags.quantile([5.0], 0.75) == 5.0
    assert math.isnan(flags.quantile([], 0.5))


# The computation.


def release(ocid, *, bids=(), awards=(), parties=None, **tender):
    data = {"ocid": ocid, "tender": tender}
    if bids is not None:
        data["bids"] = {"details": list(bids)}
    if awards is not None:
        data["awards"] = list(awards)
    if parties is not None:
        data["parties"] = parties
    return data


def bid(tenderer, amount, status="valid", currency="KZT", **extra):
    return {
        "status": status,
        "tenderers": [{"id": tenderer}],
        "value": {"amount": amount, "currency": currency},
        **extra,
    }


def award(supplier, status="active", items=()):
    return {"status": status, "suppliers": [{"id": supplier}], "items": list(items)}


def store(*releases):
    return ContractingProcess.objects.bulk_create(
        ContractingProcess(ocid=r["ocid"], compiled=r) for r in releases
    )


def test_dirty_releases_read_as_missing_fields():
    """A field of an unexpected type reads as missing, broken JSON as nothing: the rest is
    computed as usual."""
    lines = [
        json.dumps(release("clean", bids=[bid("A", 1), bid("B", 1)], awards=[award("A")])),
        json.dumps({"ocid": "typed", "tender": "open", "bids": {"details": {"status": 1}}}),
        json.dumps({"ocid": "amounts", "bids": {"details": [bid("A", "12"), bid("B", "12")]}}),
        '{"ocid": "broken", "tender": {',
        "[1, 2]",
    ]
    result = flags.evaluate(lines, codes=("R028", "R018"))
    assert result == {
        "OCID": {"clean": {"R028": 1.0}},
        "Tenderer": {"A": {"R028": 1.0}, "B": {"R028": 1.0}},
    }


@pytest.mark.django_db
def test_compute_flags_processes_and_parties_by_identifier():
    """Organisations are the parties their references name, by identifier: the same BIN under
    different local ids is one tenderer, and its Party (made by the import) gets the flag."""
    bin_a = {"scheme": "KZ-BIN", "id": "111111111111"}
    existing = Party.objects.create(scheme="KZ-BIN", identifier="111111111111", name="Alpha")
    store(
        release(
            "ocds-1",
            bids=[bid("1", 100), bid("2", 100)],
            awards=[award("1")],
            parties=[{"id": "1", "identifier": bin_a}, {"id": "2"}],
        ),
        release(
            "ocds-2",
            bids=[bid("7", 5), bid("8", 5)],
            awards=[award("7")],
            parties=[{"id": "7", "identifier": bin_a}],
        ),
    )
    run = flags.compute(parameters={"currency": "KZT"})
    process_flags = RiskFlag.objects.filter(code="R028", subject=RiskFlag.Subject.PROCESS)
    assert sorted(f.process.ocid for f in process_flags) == ["ocds-1", "ocds-2"]
    tenderers = RiskFlag.objects.filter(code="R028", subject=RiskFlag.Subject.TENDERER)
    assert {(f.party.scheme, f.party.identifier) for f in tenderers} == {
        ("KZ-BIN", "111111111111"),  # ids "1" and "7", one tenderer
        ("", "2"),  # a party without an identifier: its id
        ("", "8"),  # a reference to no party: its id
    }
    assert tenderers.get(party__scheme="KZ-BIN").party == existing
    assert Party.objects.count() == 3
    assert run.processes == 2
    assert run.counts["R028"]["fired"] == 2
    assert run.counts["R028"]["of"] == 2
    assert run.counts["R028"]["subjects"]["tenderer"]["fired"] == 3
    assert run.parameters["currency"] == "KZT"
    assert run == FlagRun.objects.latest()


@pytest.mark.django_db
def test_compute_replaces_the_flags(settings):
    store(
        release(
            "ocds-short",
            tenderPeriod={
                "startDate": "2026-01-01T00:00:00Z",
                "endDate": "2026-01-10T00:00:00+06:00",
            },
        )
    )
    flags.compute()
    assert list(RiskFlag.objects.values_list("code", "value")) == [("R003", 1.0)]
    settings.BAQYLAU_RED_FLAGS = {"R003": {"threshold": 5}}
    run = flags.compute()
    assert not RiskFlag.objects.exists()
    assert run.parameters["R003"]["threshold"] == 5
    assert run.counts["R003"] == {
        "subject": "process",
        "fired": 0,
        "of": 1,
        "subjects": {"process": {"fired": 0, "of": 1}},
    }
    assert FlagRun.objects.count() == 2


@pytest.mark.django_db
def test_compute_on_no_data():
    run = flags.compute()
    assert run.processes == 0
    assert not RiskFlag.objects.exists()
    assert all(run.counts[code]["fired"] == 0 for code in flags.CODES)


@pytest.mark.django_db
def test_compute_reads_in_batches_whatever_the_number_of_processes():
    def queries(count):
        ContractingProcess.objects.all().delete()
        store(
            *(
                release(f"ocds-{n}", bids=[bid("A", 1), bid("B", 1)], awards=[award("A")])
                for n in range(count)
            )
        )
        with CaptureQueriesContext(connection) as captured:
            flags.compute(batch_size=1000)
        return len(captured)

    queries(3)  # the parties are made once
    assert queries(3) == queries(40)


@pytest.mark.django_db
def test_the_command_prints_the_counts():
    store(release("ocds-1", numberOfTenderers=1, procurementMethod="open"))
    out = io.StringIO()
    with translation.override("en"):
        call_command("compute_flags", stdout=out)
    text = out.getvalue()
    assert "1 contracting processes in" in text
    assert "R018 contracting processes: fired on 1 of 1" in text
    assert RiskFlag.objects.get().code == "R018"


# The rules in plain words.


def test_every_indicator_has_its_rule_in_plain_words():
    assert set(flags.RULES) == set(flags.CODES)
    with translation.override("en"):
        for code, rule in flags.RULES.items():
            assert rule.code == code
            assert str(rule.name) and str(rule.text) and str(rule.computed_on)
            assert set(rule.subjects) <= {"process", "buyer", "procuring_entity", "tenderer"}
            assert rule.url.endswith(f"/R/{code[1:]}.html")
            words = f"{rule.name} {rule.text} {rule.computed_on}".lower()
            assert "corrupt" not in words
        assert str(flags.RULES["R018"].name) == "Single bid received"
        assert flags.RULES["R038"].about == "buyers, procuring entities, tenderers"


def test_thresholds_before_any_run(settings):
    settings.BAQYLAU_RED_FLAGS = {"R003": {"procurement_method_details": {"Запрос ценовых": 10}}}
    with translation.override("en"):
        assert flags.thresholds("R003") == [
            "Shorter than 15 whole days",
            "Запрос ценовых: shorter than 10 whole days",
        ]
        assert flags.thresholds("R018") == [
            "Exactly 1 tenderer",
            "Procurement methods: open, selective",
        ]
        r024 = flags.thresholds("R024")
        assert r024[0].endswith("at most …")
        assert "Q1 − 1.5 × IQR" in r024[1]
        assert flags.thresholds("R035") == ["At least 1 other tenderers disqualified"]
        assert flags.thresholds("R030") == ["No threshold: the rule applies as stated"]


def run_with(counts, parameters=None, computed_at=None):
    return FlagRun(
        counts=counts,
        parameters=parameters or flags.resolve(),
        processes=10,
        **({"computed_at": computed_at} if computed_at else {}),
    )


def test_thresholds_of_a_run_give_the_computed_fences():
    run = run_with(
        {
            "R024": {"fences": {"q1": 66.6667, "q3": 100.0, "lower_fence": 16.666666666666664}},
            "R038": {"fences": {"Buyer_upper_fence": 0.52, "Tenderer_upper_fence": 1234.5}},
        }
    )
    with translation.override("en"):
        assert "at most 16.6667" in flags.thresholds("R024", run)[0]
        lines = flags.thresholds("R038", run)
        assert lines[0] == (
            "Buyers with at least 2 submitted bids: share disqualified at least 0.52"
        )
        assert lines[1].endswith("at least …")  # no procuring entity had enough bids
        assert lines[2].endswith("at least 1,234.5")


@pytest.mark.django_db
def test_frequency_in_words():
    run = FlagRun.objects.create(
        counts={
            "R018": {
                "subject": "process",
                "fired": 3,
                "of": 4,
                "subjects": {"process": {"fired": 3, "of": 4}},
            },
            "R036": {
                "subject": "process",
                "fired": 2,
                "of": 4,
                "subjects": {"process": {"fired": 2, "of": 4}},
            },
            "R038": {
                "subject": "buyer",
                "fired": 1,
                "of": 1,
                "subjects": {
                    "buyer": {"fired": 1, "of": 1},
                    "tenderer": {"fired": 0, "of": 0},
                },
            },
        }
    )
    day = date_format(localtime(run.computed_at), "SHORT_DATE_FORMAT")
    assert flags.frequency("R018", None) is None
    assert flags.frequency("R003", run) is None
    with translation.override("en"):
        day = date_format(localtime(run.computed_at), "SHORT_DATE_FORMAT")
        often = flags.frequency("R018", run)
        assert often["text"] == (
            f"Fired on 3 of 4 contracting processes (75\u00a0%) in the computation of {day}."
        )
        assert often["says_little"] is True
        assert often["warning"] == (
            "It fires on most of what it could be computed on, so on its own it says little."
        )
        half = flags.frequency("R036", run)
        assert half["says_little"] is False and half["warning"] == ""
        assert flags.frequency("R038", run)["text"].startswith("Fired on 1 of 1 buyer (100\u00a0%)")
        none = flags.frequency("R038", run, subject="tenderer")
        assert (
            none["text"] == f"Could not be computed on any of the data in the computation of {day}."
        )
        assert none["says_little"] is False


@pytest.mark.django_db
def test_the_partial_shows_the_rule_its_thresholds_and_frequency():
    run = FlagRun.objects.create(
        parameters=flags.resolve(),
        counts={
            "R018": {
                "subject": "process",
                "fired": 9,
                "of": 10,
                "subjects": {"process": {"fired": 9, "of": 10}},
            }
        },
    )
    template = Template("{% load procurement_flags %}{% flag_rule code run %}")
    with translation.override("en"):
        html = template.render(Context({"code": "R018", "run": run}))
        assert "Single bid received" in html
        assert "Only one tenderer submitted a bid in a competitive procedure." in html
        assert "Procurement methods: open, selective" in html
        assert "Fired on 9 of 10 contracting processes (90\u00a0%)" in html
        assert "so on its own it says little" in html
        assert "risk indicator" in html
        assert "corrupt" not in html.lower()
        before = template.render(Context({"code": "R018", "run": None}))
        assert "Not computed yet." in before
        assert "says little" not in before
        unknown = template.render(Context({"code": "R999", "run": run}))
        assert "R999" in unknown


@pytest.mark.django_db
def test_the_partial_tells_the_frequency_of_the_flags_subject():
    run = FlagRun.objects.create(
        parameters=flags.resolve(),
        counts={
            "R038": {
                "subject": "buyer",
                "fired": 1,
                "of": 40,
                "subjects": {"buyer": {"fired": 1, "of": 40}, "tenderer": {"fired": 7, "of": 9}},
            }
        },
    )
    template = Template("{% load procurement_flags %}{% flag_rule 'R038' run subject %}")
    with translation.override("en"):
        html = template.render(Context({"run": run, "subject": "tenderer"}))
        assert "Fired on 7 of 9 tenderers (77.8\u00a0%)" in html
        assert "says little" in html
        html = template.render(Context({"run": run, "subject": None}))
        assert "Fired on 1 of 40 buyers (2.5\u00a0%)" in html
        assert "says little" not in html


def test_thresholds_say_when_a_fence_leaves_nothing_to_flag():
    run = run_with(
        {
            "R024": {"fences": {"q1": 0.0, "q3": 0.1, "lower_fence": -0.15}},
            "R058": {"fences": {"q1": 0.0, "q3": 0.1, "upper_fence": 0.25}},
        }
    )
    with translation.override("en"):
        assert flags.thresholds("R024", run)[-1] == (
            "In this computation the fence is not above zero, so nothing is flagged."
        )
        assert "nothing is flagged" not in " ".join(flags.thresholds("R058", run))


def test_a_bid_is_submitted_unless_invited_or_withdrawn():
    """As in Cardinal, a bid of any status but "invited" and "withdrawn" counts as submitted."""
    releases = [
        release("1", bids=[bid("X", 1, "disqualified"), bid("Y", 1, "disqualified")]),
        release("2", bids=[bid("X", 1, "unsuccessful"), bid("Y", 1, "withdrawn")]),
        release("3", bids=[{"tenderers": [{"id": "X"}]}]),  # no status: not submitted
    ]
    result = flags.evaluate(releases, parameters={"R038": {"threshold": 0.5}}, codes=("R038",))
    assert result == {"Tenderer": {"X": {"R038": 0.5}}}  # Y made one submitted bid: too few
