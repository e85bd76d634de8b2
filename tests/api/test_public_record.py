"""The public record in the API: the daily heads with the public key, and the entries in order for
anyone to mirror the chain and recheck every hash."""

import hashlib
import json
from io import StringIO

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from baqylau.core import record
from baqylau.core.models import LogEntry
from baqylau.inforequests import services as inforequests
from baqylau.inforequests.models import Answer

from ..factories import InformationRequestFactory
from ..helpers import blank_pdf

pytestmark = pytest.mark.django_db


def mirror(client) -> list[dict]:
    entries, after = [], 0
    while after is not None:
        data = client.get(f"/api/log/entries/?after={after}").json()
        entries += data["results"]
        after = data["next_after"]
    return entries


def test_a_mirror_of_the_entries_rechecks_every_hash(
    client, registry, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get("/api/log/entries/?after=0")
    assert response.status_code == 200
    entries = mirror(client)
    assert len(entries) == LogEntry.objects.count() > 0
    previous = "0" * 64
    for entry in entries:
        assert entry["previous_hash"] == previous
        if entry["public"] is not None:
            text = json.dumps(
                entry["public"], sort_keys=True, separators=(",", ":"), ensure_ascii=False
            )
            assert hashlib.sha256(text.encode()).hexdigest() == entry["public_sha256"]
        body = {k: entry[k] for k in ("seq", "kind", "key", "action", "at", "public_sha256")}
        body |= {"files": entry["files"], "previous_hash": entry["previous_hash"]}
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert hashlib.sha256(text.encode()).hexdigest() == entry["hash"]
        previous = entry["hash"]
    later = client.get(f"/api/log/entries/?after={entries[-1]['seq']}").json()
    assert later["results"] == [] and later["next_after"] is None


@pytest.mark.parametrize("after", ["-1", "x", "1.5", "99999999999999999999999"])
def test_a_bad_after_is_a_clear_400(client, after):
    response = client.get(f"/api/log/entries/?after={after}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"after": ["Give a whole number, 0 or more."]}


def test_a_redacted_answer_is_served_by_its_hash_only(client, registry, body, carol, dana):
    request = InformationRequestFactory(requester=carol, body=body, sent=True)
    inforequests.answer_submit(
        request=request,
        author=dana,
        text="Call Aigerim on +7 701 000 00 00.",
        source=Answer.Source.PLATFORM,
    )
    answer = Answer.objects.get(request=request)
    inforequests.answer_redact(answer=answer, public_text="Call [redacted].", actor=dana)
    entries = [e for e in mirror(client) if e["kind"] == "request_answer"]
    assert "+7 701" not in json.dumps(entries)
    assert [e["public"] for e in entries][:-1] == [None] * (len(entries) - 1)
    assert entries[-1]["public"]["public_text"] == "Call [redacted]."
    # The version withheld still checks against its hash.
    first = LogEntry.objects.get(seq=entries[0]["seq"])
    assert "+7 701" in first.public
    assert hashlib.sha256(first.public.encode()).hexdigest() == entries[0]["public_sha256"]
    assert record.verify() == []


def test_the_heads_with_the_key_that_checks_them(client, registry, settings):
    key = Ed25519PrivateKey.generate()
    settings.BAQYLAU_RECORD_SIGNING_KEY = key.private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()
    ).decode()
    call_command("publish_log_head", stdout=StringIO())
    data = client.get("/api/log/heads/").json()
    assert data["public_key"].startswith("-----BEGIN PUBLIC KEY-----")
    [head] = data["results"]
    assert head["count"] == data["count"] == LogEntry.objects.count()
    assert head["head_hash"] == data["head_hash"] == LogEntry.objects.latest("seq").hash
    assert head["signature"] and head["public_key"] == data["public_key"]
    assert "private" not in json.dumps(data).lower()


def test_the_schema_describes_the_record(client):
    schema = client.get("/api/schema/?format=json").json()
    assert "/api/log/heads/" in schema["paths"] and "/api/log/entries/" in schema["paths"]


def test_a_hidden_file_is_withdrawn_from_the_record_and_shown_again(
    client, registry, body, carol, dana
):
    request = InformationRequestFactory(requester=carol, body=body, sent=True)
    answer = inforequests.answer_submit(
        request=request,
        author=dana,
        source=Answer.Source.PLATFORM,
        text="Attached.",
        files=[SimpleUploadedFile("estimate.pdf", blank_pdf())],
    )
    attachment = answer.attachments.get()
    entries = LogEntry.objects.filter(kind="request_attachment", key=str(attachment.pk))
    with attachment.public_file.open("rb") as f:
        assert json.loads(entries.get().files) == [hashlib.sha256(f.read()).hexdigest()]
    inforequests.attachment_hide(attachment=attachment, hidden=True, actor=dana)
    assert list(entries.values_list("action", flat=True)) == ["published", "withdrawn"]
    assert record.verify() == []
    # While it is hidden the API no longer gives what was published of it, only its hash.
    served = [e for e in mirror(client) if e["kind"] == "request_attachment"]
    assert [(e["action"], e["public"]) for e in served] == [
        ("published", None),
        ("withdrawn", {"reason": ""}),
    ]
    inforequests.attachment_hide(attachment=attachment, hidden=False, actor=dana)
    assert entries.latest("seq").action == "published"
    assert record.verify() == []
