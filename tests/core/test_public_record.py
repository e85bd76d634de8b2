"""The public record: every publication and change of a public record is appended to a hash chain
whose daily head is signed; `verify_log` finds a record edited behind the services' back and an
entry edited in the chain."""

import base64
import datetime
import hashlib
import json
from datetime import timedelta
from io import StringIO

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_public_key,
)
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from baqylau.accountability import services as accountability
from baqylau.accountability.models import Recommendation, RecommendationAnswer
from baqylau.core import record
from baqylau.core.models import LogChain, LogEntry, LogHead
from baqylau.monitoring.visits import visit_record, visit_withdraw
from baqylau.registry.models import IndicatorValue

from ..cycle import send_document
from ..helpers import jpeg

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_pdf")]


@pytest.fixture
def answered(registry, ngo, alice, bob, body, dana, today):
    """A sent campaign whose recommendation the body answered and the monitors verified."""
    campaign, [recommendation] = send_document(registry, ngo, alice, [body], today, monitors=[bob])
    accountability.answer_give(
        recommendation=recommendation,
        actor=dana,
        decision="partly",
        reasons="The money comes next year.",
        answered_on=today,
        measures=[accountability.Measure("Repair the roof", today + timedelta(days=30))],
    )
    accountability.verification_record(
        recommendation=recommendation, actor=bob, verification="done", note="The roof is new."
    )
    return campaign, Recommendation.private_objects.get(pk=recommendation.pk)


def verify_log() -> tuple[bool, str]:
    """Whether `baqylau verify_log` passed, and what it wrote about the problems."""
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_log", stdout=out, stderr=err)
    except CommandError:
        return False, err.getvalue()
    return True, out.getvalue()


def test_each_publication_and_change_is_an_entry_and_the_record_holds(answered):
    campaign, recommendation = answered
    kinds = set(LogEntry.objects.values_list("kind", flat=True))
    assert {
        "document",
        "indicator_value",
        "campaign",
        "finding",
        "recommendation",
        "final_document",
        "answer",
        "measure",
    } <= kinds
    entries = list(
        LogEntry.objects.filter(kind="recommendation", key=str(recommendation.pk)).order_by("seq")
    )
    assert [e.action for e in entries][0] == "published"
    assert {e.action for e in entries[1:]} == {"changed"}
    latest = json.loads(entries[-1].public)
    assert latest["verification"] == "done"
    assert latest["verification_note"] == "The roof is new."
    assert latest["state"] == "partly"
    # The final document's PDF is hashed as stored.
    document = LogEntry.objects.filter(kind="final_document").latest("seq")
    stored = campaign.final_document.pdf
    with stored.open("rb") as f:
        assert json.loads(document.files) == [hashlib.sha256(f.read()).hexdigest()]
    assert record.verify() == []
    assert verify_log()[0]


def test_the_chain_links_each_entry_to_the_one_before(answered):
    previous = "0" * 64
    for n, entry in enumerate(LogEntry.objects.order_by("seq"), start=1):
        assert entry.seq == n
        assert entry.previous_hash == previous
        # The hash is recomputed here from the documented serialisation, not by the module.
        canonical = json.dumps(
            {
                "seq": entry.seq,
                "kind": entry.kind,
                "key": entry.key,
                "action": entry.action,
                "at": entry.at.astimezone(datetime.UTC).isoformat(),
                "public_sha256": hashlib.sha256(entry.public.encode()).hexdigest(),
                "files": json.loads(entry.files),
                "previous_hash": entry.previous_hash,
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
        )
        assert hashlib.sha256(canonical.encode()).hexdigest() == entry.hash
        previous = entry.hash


def test_a_rewritten_verification_is_detected(answered):
    _campaign, recommendation = answered
    # The old way to rewrite it: straight into the table, past the services.
    Recommendation.private_objects.filter(pk=recommendation.pk).update(
        verification_note="Nothing was ever wrong."
    )
    ok, report = verify_log()
    assert not ok
    assert f"recommendation {recommendation.pk}: the record differs from its latest entry" in report


def test_an_answer_edited_in_sql_or_deleted_is_detected(answered):
    _campaign, recommendation = answered
    answer = RecommendationAnswer.private_objects.get(recommendation=recommendation)
    table = RecommendationAnswer._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET reasons = %s WHERE id = %s", ["Accepted.", answer.pk])
    problems = record.verify()
    assert [(p.kind, p.key) for p in problems] == [("answer", str(answer.pk))]
    RecommendationAnswer.private_objects.filter(pk=answer.pk).delete()
    ok, report = verify_log()
    assert not ok
    assert f"answer {answer.pk}: the record left the public without an entry" in report


def test_a_plan_value_changed_behind_the_services_is_detected(registry):
    value = IndicatorValue.public_objects.order_by("pk").first()
    assert LogEntry.objects.filter(kind="indicator_value", key=str(value.pk)).exists()
    assert record.verify() == []
    IndicatorValue.private_objects.filter(pk=value.pk).update(plan=value.plan + 1)
    assert [(p.kind, p.key) for p in record.verify()] == [("indicator_value", str(value.pk))]


def test_an_edited_entry_breaks_the_chain(answered):
    entry = LogEntry.objects.get(seq=3)
    public = json.loads(entry.public)
    public["tampered"] = True
    LogEntry.objects.filter(pk=entry.pk).update(public=record.canonical(public))
    problems = record.verify()
    assert [(p.seq, str(p.message)) for p in problems] == [
        (3, "the entry was changed after it was written")
    ]
    # Recomputing its hash too only moves the break to the link of the next entry.
    entry.refresh_from_db()
    LogEntry.objects.filter(pk=entry.pk).update(hash=record.recompute(entry))
    problems = record.verify()
    assert (4, "the link to the previous entry is broken") in [
        (p.seq, str(p.message)) for p in problems
    ]
    ok, report = verify_log()
    assert not ok and "#4" in report


def test_a_published_head_exposes_a_rewritten_chain(answered):
    call_command("publish_log_head", stdout=StringIO())
    head = LogHead.objects.get()
    assert (head.count, head.head_hash) == (
        LogEntry.objects.count(),
        LogEntry.objects.latest("seq").hash,
    )
    # Whoever rewrites the last entry and its hash cannot match the head published before.
    last = LogEntry.objects.latest("seq")
    last.public = record.canonical({"rewritten": True})
    last.hash = record.recompute(last)
    LogEntry.objects.filter(pk=last.pk).update(public=last.public, hash=last.hash)
    messages = [str(p.message) for p in record.verify()]
    assert f"the head published on {head.date.isoformat()} no longer matches the chain" in messages


def test_the_chain_cannot_fork(registry):
    last = LogEntry.objects.latest("seq")
    with pytest.raises(IntegrityError), transaction.atomic():
        LogEntry.objects.create(
            seq=last.seq + 1,
            kind="x",
            key="1",
            action="published",
            at=last.at,
            public="{}",
            files="[]",
            previous_hash=last.previous_hash,
            hash="f" * 64,
        )


def _pem(key) -> str:
    return key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()


def test_the_head_is_signed_and_checked_with_the_public_key_only(registry, settings, tmp_path):
    private = Ed25519PrivateKey.generate()
    path = tmp_path / "record.pem"
    path.write_text(_pem(private))
    settings.BAQYLAU_RECORD_SIGNING_KEY = str(path)
    call_command("publish_log_head", stdout=StringIO())
    head = LogHead.objects.get()
    assert head.signature and head.public_key
    # A third party has the head as published and the public key: nothing else.
    public_key = load_pem_public_key(head.public_key.encode())
    message = json.dumps(
        {"count": head.count, "date": head.date.isoformat(), "head_hash": head.head_hash},
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    public_key.verify(base64.b64decode(head.signature), message)
    forged = message.replace(head.head_hash.encode(), b"0" * 64)
    with pytest.raises(InvalidSignature):
        public_key.verify(base64.b64decode(head.signature), forged)
    assert record.head_signature_valid(head, head.public_key)
    other = Ed25519PrivateKey.generate()
    assert not record.head_signature_valid(head, record.public_key_pem(other))


def test_without_a_key_the_head_is_unsigned(registry, settings):
    settings.BAQYLAU_RECORD_SIGNING_KEY = ""
    call_command("publish_log_head", stdout=StringIO())
    head = LogHead.objects.get()
    assert head.signature == "" and head.public_key == ""
    assert head.count == LogEntry.objects.count() > 0


def test_evidence_is_logged_and_withdrawn_with_its_visit(plan, alice, bob, registry, today):
    campaign = plan(monitors=[bob], declared=[alice, bob], published=True)
    assert LogEntry.objects.filter(kind="campaign", key=str(campaign.pk)).exists()
    visit = visit_record(
        campaign=campaign,
        object=registry["school"],
        visited_on=today - timedelta(days=2),
        actor=bob,
        notes="The roof is open.",
        files=[SimpleUploadedFile("site.jpg", jpeg(), "image/jpeg")],
    )
    evidence = visit.evidence.get()
    entries = LogEntry.objects.filter(kind="evidence", key=str(evidence.pk))
    with evidence.public_file.open("rb") as f:
        assert json.loads(entries.get().files) == [hashlib.sha256(f.read()).hexdigest()]
    # The public copy swapped on the disk is a file that differs from its entry.
    evidence.public_file.storage.delete(evidence.public_file.name)
    evidence.public_file.storage.save(evidence.public_file.name, ContentFile(b"another photo"))
    assert [str(p.message) for p in record.verify()] == ["a file differs from its latest entry"]
    visit_withdraw(visit=visit, actor=bob, reason="Recorded twice")
    assert list(entries.values_list("action", flat=True)) == ["published", "withdrawn"]
    assert json.loads(entries.latest("seq").public) == {"reason": "Recorded twice"}
    assert record.verify() == []


def test_a_key_that_is_not_ed25519_is_refused_loudly(registry, settings, tmp_path):
    from cryptography.hazmat.primitives.asymmetric import rsa
    from django.core.exceptions import ImproperlyConfigured

    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    settings.BAQYLAU_RECORD_SIGNING_KEY = _pem(key)
    with pytest.raises(ImproperlyConfigured, match="not an Ed25519 private key"):
        call_command("publish_log_head", stdout=StringIO())
    settings.BAQYLAU_RECORD_SIGNING_KEY = str(tmp_path / "missing.pem")
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        call_command("publish_log_head", stdout=StringIO())
    assert not LogHead.objects.exists()


def test_an_installation_with_earlier_data_starts_its_record_once(registry):
    LogEntry.objects.all().delete()
    problems = record.verify()
    assert problems and {str(p.message) for p in problems} <= {
        "a public record has no entry",
        "entries were removed from the end of the chain",
    }
    LogChain.objects.update(count=0, head_hash="0" * 64)
    out = StringIO()
    call_command("log_public_records", stdout=out)
    assert f"{LogEntry.objects.count()} entries appended." in out.getvalue()
    assert record.verify() == []
