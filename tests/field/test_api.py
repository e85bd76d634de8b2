"""The field app's JSON API: the bundle and who gets which campaigns, visits sent with their
files in pieces (resumed, repeated, out of order, damaged), refusals at once and at completion,
corrections over a changed visit, a changed checklist, and the clean-up of abandoned sends."""

import json
import uuid
from datetime import timedelta
from functools import cache

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baqylau.field.models import Chunk, Submission, SubmissionFile
from baqylau.monitoring.checklists import checklist_revise
from baqylau.monitoring.models import Campaign, Evidence, Status, Visit
from baqylau.monitoring.visits import visit_record

from ..factories import school_visit
from .conftest import photo, sha256

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024
NEAR = {"lat": 51.701, "lon": 75.3, "accuracy": 6, "accepted": False}


@cache
def picture(seed: int) -> bytes:
    return photo(seed)


def api(name, **kwargs) -> str:
    return reverse(f"field_api:{name}", kwargs=kwargs or None)


def body(campaign, registry, today, version, files=(), **changes) -> dict:
    return {
        "client_id": str(uuid.uuid4()),
        "campaign": campaign.pk,
        "visit": None,
        "base_revision": None,
        "object": registry["school"].pk,
        "visited_on": (today - timedelta(days=1)).isoformat(),
        "checklist_version": version.pk if version else None,
        "answers": {"roof": "yes", "floors": "2"} if version else {},
        "notes": "Scaffolding still up.",
        "participants": "Bob",
        "position": NEAR,
        "far_confirmed": False,
        "reason": "",
        "files": [
            {"id": f"f{i}", "name": f"IMG_{i}.jpg", "size": len(data), "sha256": sha256(data)}
            for i, data in enumerate(files)
        ],
    } | changes


def post(client, data, **headers):
    return client.post(
        api("visits"), json.dumps(data), content_type="application/json", headers=headers
    )


def put(client, client_id, file_id, data: bytes, start: int, total: int):
    return client.put(
        api("file", client_id=client_id, file_id=file_id),
        data[start : start + MIB] if len(data) > start else b"",
        content_type="application/octet-stream",
        headers={"Content-Range": f"bytes {start}-{min(start + MIB, total) - 1}/{total}"},
    )


def send(client, client_id, file_id, data: bytes, start: int = 0, pieces: int | None = None):
    """Send the file in 1 MiB pieces from `start`, `pieces` of them (all by default)."""
    response, sent = None, 0
    while start < len(data) and (pieces is None or sent < pieces):
        response = put(client, client_id, file_id, data, start, len(data))
        assert response.status_code == 200, response.content
        start, sent = start + MIB, sent + 1
    return response


def media_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


# The bundle --------------------------------------------------------------------------------------


def test_the_bundle_holds_what_the_monitor_records_with(
    client, campaign, version, bob, registry, today
):
    visit = visit_record(
        campaign=campaign,
        object=registry["school"],
        visited_on=today - timedelta(days=3),
        actor=bob,
        checklist_version=version,
        answers={"roof": "no", "floors": "1"},
    )
    client.force_login(bob)
    data = client.get(api("bundle")).json()
    assert data["user"]["name"] == "Bob" and data["csrf_token"]
    assert data["limits"] == {
        "chunk_bytes": MIB,
        "max_file_bytes": 20 * MIB,
        "area_max_bytes": 5_000_000,
    }
    assert data["version"]
    [item] = data["campaigns"]
    assert (item["id"], item["slug"], item["visit_far_metres"]) == (
        campaign.pk,
        campaign.slug,
        campaign.visit_far_metres,
    )
    assert item["objects"] == [
        {
            "id": registry["school"].pk,
            "name": "School for 600 pupils",
            "latitude": 51.7,
            "longitude": 75.3,
            "territory": "ekibastuz",
        }
    ]
    [checklist] = item["checklists"]
    assert checklist["gps_accuracy_m"] == 20 and checklist["version"]["id"] == version.pk
    assert [q["code"] for q in checklist["version"]["questions"]] == ["roof", "floors", "front"]
    assert checklist["version"]["questions"][0] | {"choices": []} == {
        "code": "roof",
        "text": "Is the roof finished?",
        "kind": "yes_no",
        "required": True,
        "unit": "",
        "choices": [],
        "relevant": {},
        "minimum": None,
        "maximum": None,
    }
    [mine] = item["visits"]
    assert mine == {
        "id": visit.pk,
        "url": visit.get_absolute_url(),
        "object": registry["school"].pk,
        "visited_on": (today - timedelta(days=3)).isoformat(),
        "revision": 1,
        "checklist_version": version.pk,
        "answers": {"roof": False, "floors": 1},
        "notes": "",
        "participants": "",
        "correctable": True,
    }


def test_the_bundle_takes_as_many_queries_for_one_campaign_as_for_three(
    client, campaign, version, plan, alice, bob, registry, today, django_assert_max_num_queries
):
    school_visit(campaign, bob, registry, today, version)
    client.force_login(bob)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(api("bundle")).json()["campaigns"]) == 1
    for n in range(2):
        other = plan(monitors=[bob], declared=[alice, bob], slug=f"other-{n}")
        from baqylau.monitoring.checklists import checklist_create

        v = checklist_create(
            campaign=other,
            title="More",
            actor=alice,
            questions=[{"code": "q", "text": "Q?", "kind": "text"}],
        ).current_version
        visit_record(
            campaign=other,
            object=registry["school"],
            visited_on=today - timedelta(days=1),
            actor=bob,
            checklist_version=v,
            answers={"q": "a"},
        )
    with CaptureQueriesContext(connection) as three:
        assert len(client.get(api("bundle")).json()["campaigns"]) == 3
    assert len(three) == len(one)
    assert len(one) <= 14
    with django_assert_max_num_queries(len(one)):
        client.get(api("bundle"))


@pytest.fixture
def people(plan, alice, bob, carol, dana, erin, olga):
    return {"citizen": carol, "officer": dana, "staff": erin, "other NGO": olga}


@pytest.mark.parametrize(
    "who, records",
    [
        ("anonymous", None),
        ("citizen", False),
        ("other NGO", False),
        ("officer", False),
        ("staff", False),
        ("undeclared", False),
        ("monitor", True),
        ("coordinator", True),
        ("closed", False),
    ],
)
def test_only_who_may_record_gets_campaigns_and_may_send(
    client, who, records, plan, alice, bob, carol, dana, erin, olga, registry, today
):
    declared = [alice] if who == "undeclared" else [alice, bob]
    team = plan(monitors=[bob], declared=declared, published=True)
    if who == "closed":
        Campaign.private_objects.filter(pk=team.pk).update(status=Status.CLOSED)
    user = {
        "citizen": carol,
        "officer": dana,
        "staff": erin,
        "other NGO": olga,
        "coordinator": alice,
    }.get(who, None if who == "anonymous" else bob)
    if user is not None:
        client.force_login(user)
    response = client.get(api("bundle"))
    sent = post(client, body(team, registry, today, None))
    if records is None:
        assert response.status_code == sent.status_code == 403
        assert response.json()["refusal"]["code"] == "signed_out"
        assert sent.json()["refusal"]["code"] == "signed_out"
        return
    ids = [c["id"] for c in response.json()["campaigns"]]
    assert ids == ([team.pk] if records else [])
    if records:
        assert sent.status_code == 201 and sent.json()["state"] == "sent"
    else:
        assert sent.status_code == 403
        assert sent.json()["refusal"]["code"] == "not_recorder"
        assert not Visit.private_objects.exists() and not Submission.objects.exists()


def test_a_private_campaign_never_reaches_another_bundle(
    client, campaign, version, olga, bob, registry, today
):
    school_visit(campaign, bob, registry, today, version, notes="Secret note of the team")
    client.force_login(olga)
    text = client.get(api("bundle")).content.decode()
    for secret in (campaign.slug, "School site visit", "Secret note of the team", "Is the roof"):
        assert secret not in text
    response = client.get(api("bundle"), HTTP_ACCEPT_LANGUAGE="ru")
    assert response.json()["campaigns"] == []


def test_areas_offer_territories_with_published_objects_only(client, campaign, bob, registry):
    client.force_login(bob)
    areas = {a["slug"]: a for a in client.get(api("areas")).json()}
    assert set(areas) == {"pavlodar-region", "ekibastuz"}
    assert areas["ekibastuz"]["objects"] == 1 and areas["ekibastuz"]["bytes"] > 160
    area = client.get(api("area", slug="ekibastuz")).json()
    assert area["name"] == "Ekibastuz City"
    assert area["boundary"]["type"] in {"Polygon", "MultiPolygon"}
    # The hidden object of the unpublished draft is not in its area.
    assert [o["id"] for o in area["objects"]] == [registry["school"].pk]
    assert client.get(api("area", slug="nowhere")).status_code == 404


# Sending a visit with its files ------------------------------------------------------------------


def test_a_visit_with_three_photos_sent_in_pieces(
    client, campaign, version, bob, registry, today, _media
):
    files = [picture(seed) for seed in (1, 2, 3)]
    assert all(len(data) > 2 * MIB for data in files)
    client.force_login(bob)
    data = body(campaign, registry, today, version, files)
    response = post(client, data)
    assert response.status_code == 201, response.content
    status = response.json()
    assert status["state"] == "receiving" and status["visit"] is None
    assert [(f["id"], f["received"], f["confirmed"]) for f in status["files"]] == [
        ("f0", 0, False),
        ("f1", 0, False),
        ("f2", 0, False),
    ]
    for i, content in enumerate(files):
        status = send(client, data["client_id"], f"f{i}", content).json()
    assert status["state"] == "sent"
    visit = Visit.private_objects.get()
    assert status["visit"] == visit.pk and status["visit_url"] == visit.get_absolute_url()
    assert [(f["confirmed"], f["sha256"]) for f in status["files"]] == [
        (True, sha256(content)) for content in files
    ]
    assert sorted(e.sha256 for e in visit.evidence.all()) == sorted(map(sha256, files))
    assert (visit.position_latitude, visit.position_accuracy_m) == (51.701, 6)
    assert visit.notes == "Scaffolding still up." and visit.recorded_by == bob
    assert {e.latitude for e in visit.evidence.all()} == {51.7}
    assert list(SubmissionFile.objects.values_list("evidence", flat=True).order_by("pk")) == [
        e.pk
        for e in sorted(
            visit.evidence.all(),
            key=lambda e: files.index(next(c for c in files if sha256(c) == e.sha256)),
        )
    ]
    # The pieces are gone from the database and from the media storage.
    assert not Chunk.objects.exists()
    assert not (_media / "field").exists() or not media_files(_media / "field")
    # Asked again, the status says the same.
    again = client.get(api("visit", client_id=data["client_id"])).json()
    assert again == status


def test_an_interrupted_send_resumes_without_a_second_piece_or_visit(
    client, campaign, version, bob, registry, today
):
    first, second = picture(4), picture(5)
    client.force_login(bob)
    data = body(campaign, registry, today, version, [first, second])
    assert post(client, data).status_code == 201
    send(client, data["client_id"], "f0", first, pieces=2)  # the connection drops
    status = client.get(api("visit", client_id=data["client_id"])).json()
    received = status["files"][0]["received"]
    assert received == 2 * MIB and status["state"] == "receiving"
    # The phone posts the visit again (it does not know it arrived): the same submission.
    assert post(client, data).status_code == 200
    # The same piece again is acknowledged, not kept twice.
    response = put(client, data["client_id"], "f0", first, MIB, len(first))
    assert response.status_code == 200 and response.json()["files"][0]["received"] == received
    assert Chunk.objects.count() == 2
    send(client, data["client_id"], "f0", first, start=received)
    status = send(client, data["client_id"], "f1", second).json()
    assert status["state"] == "sent"
    assert Visit.private_objects.count() == 1 and Evidence.private_objects.count() == 2
    assert Submission.objects.count() == 1
    # Pieces of a visit already sent are acknowledged and change nothing.
    response = put(client, data["client_id"], "f1", second, 0, len(second))
    assert response.status_code == 200 and response.json()["state"] == "sent"
    assert Visit.private_objects.count() == 1 and not Chunk.objects.exists()


def test_a_piece_after_a_gap_is_refused_with_the_status(
    client, campaign, version, bob, registry, today
):
    content = picture(6)
    client.force_login(bob)
    data = body(campaign, registry, today, version, [content])
    post(client, data)
    put(client, data["client_id"], "f0", content, 0, len(content))
    response = put(client, data["client_id"], "f0", content, 2 * MIB, len(content))
    assert response.status_code == 409
    answer = response.json()
    assert answer["refusal"]["code"] == "gap"
    assert answer["files"][0]["received"] == MIB and answer["state"] == "receiving"
    assert Chunk.objects.count() == 1
    # A range that does not add up, or a piece of a file the visit did not declare.
    bad = client.put(
        api("file", client_id=data["client_id"], file_id="f0"),
        b"abc",
        content_type="application/octet-stream",
        headers={"Content-Range": f"bytes {MIB}-{MIB + 9}/{len(content)}"},
    )
    assert bad.status_code == 422 and bad.json()["refusal"]["code"] == "bad_range"
    assert put(client, data["client_id"], "nope", content, 0, len(content)).status_code == 404


def test_a_damaged_file_is_discarded_and_sent_again(
    client, campaign, version, bob, registry, today, _media
):
    content = picture(7)
    damaged = content[:-10] + b"0123456789"
    client.force_login(bob)
    data = body(campaign, registry, today, version, [content])
    post(client, data)
    send(client, data["client_id"], "f0", damaged, pieces=len(damaged) // MIB)
    last = len(damaged) // MIB * MIB
    response = put(client, data["client_id"], "f0", damaged, last, len(damaged))
    assert response.status_code == 422
    answer = response.json()
    assert answer["refusal"]["code"] == "hash_mismatch"
    assert answer["files"][0]["received"] == 0 and answer["state"] == "receiving"
    assert not Chunk.objects.exists() and not media_files(_media / "field")
    status = send(client, data["client_id"], "f0", content).json()
    assert status["state"] == "sent" and status["files"][0]["confirmed"]
    assert Visit.private_objects.get().evidence.get().sha256 == sha256(content)


def test_the_same_visit_posted_twice_is_one_visit(client, campaign, version, bob, registry, today):
    client.force_login(bob)
    data = body(campaign, registry, today, version)
    first = post(client, data)
    assert first.status_code == 201 and first.json()["state"] == "sent"
    second = post(client, data)
    assert second.status_code == 200 and second.json() == first.json()
    assert Visit.private_objects.count() == 1
    # Someone else's identifier is nobody's business.
    client.force_login(
        Campaign.private_objects.get().members.get(user__email="alice@example.org").user
    )
    assert client.get(api("visit", client_id=data["client_id"])).status_code == 404


def test_what_can_be_checked_at_once_is_refused_at_once(
    client, campaign, version, bob, registry, today
):
    client.force_login(bob)
    data = body(
        campaign,
        registry,
        today,
        version,
        answers={"floors": "many"},
    )
    response = post(client, data)
    assert response.status_code == 422
    answer = response.json()
    assert answer["state"] == "refused"
    assert set(answer["refusal"]["fields"]) == {"answer_roof", "answer_floors"}
    future = (today + timedelta(days=1)).isoformat()
    response = post(client, data | {"client_id": str(uuid.uuid4()), "visited_on": future})
    assert response.status_code == 422
    assert set(response.json()["refusal"]["fields"]) == {"visited_on"}
    # Files too large or with a malformed digest.
    files = [
        {"id": "a", "name": "big.jpg", "size": 21 * MIB, "sha256": "0" * 64},
        {"id": "b", "name": "odd.jpg", "size": 10, "sha256": "xyz"},
    ]
    response = post(client, body(campaign, registry, today, version) | {"files": files})
    assert response.status_code == 422
    assert response.json()["refusal"]["code"] == "files"
    assert len(response.json()["refusal"]["fields"]["files"]) == 2
    # A position less precise than the checklist asks for, unless accepted.
    rough = {"lat": 51.701, "lon": 75.3, "accuracy": 45, "accepted": False}
    response = post(client, body(campaign, registry, today, version, position=rough))
    assert response.status_code == 422
    assert response.json()["refusal"]["code"] == "position_accuracy"
    response = post(
        client, body(campaign, registry, today, version, position=rough | {"accepted": True})
    )
    assert response.status_code == 201
    visit = Visit.private_objects.get()
    assert visit.position_accuracy_m == 45 and visit.position_accuracy_accepted
    assert Submission.objects.count() == 1  # the refused ones left nothing
    # In the language the phone asks for.
    response = post(
        client,
        body(campaign, registry, today, version) | {"campaign": 0},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    english = response.json()["refusal"]["message"]
    response = client.post(
        api("visits") + "?lang=ru",
        json.dumps(body(campaign, registry, today, version) | {"campaign": 0}),
        content_type="application/json",
    )
    assert response.status_code == 403 and response.json()["refusal"]["message"] != english


def test_a_correction_over_a_changed_visit_is_refused_with_the_current_one(
    client, campaign, version, bob, registry, today
):
    client.force_login(bob)
    post(client, body(campaign, registry, today, version))
    visit = Visit.private_objects.get()

    def of_the_first_revision(**changes):
        return body(
            campaign,
            registry,
            today,
            version,
            visit=visit.pk,
            base_revision=1,
            position=None,
            **changes,
        )

    correction = of_the_first_revision(answers={"roof": "no"}, reason="Misread the roof")
    online = of_the_first_revision(
        answers={"roof": "yes", "floors": "4"}, notes="Corrected online", reason="Four floors"
    )
    response = post(client, online)
    assert response.status_code == 201 and response.json()["state"] == "sent"
    assert Visit.private_objects.get().revision == 2
    response = post(client, correction)
    assert response.status_code == 409
    answer = response.json()
    assert answer["refusal"]["code"] == "stale"
    assert answer["current"] == {
        "revision": 2,
        "answers": {"roof": True, "floors": 4},
        "notes": "Corrected online",
        "participants": "Bob",
        "object": registry["school"].pk,
        "visited_on": (today - timedelta(days=1)).isoformat(),
    }
    # Sent again over the current version, it is recorded.
    response = post(client, correction | {"client_id": str(uuid.uuid4()), "base_revision": 2})
    assert response.status_code == 201
    visit = Visit.private_objects.get()
    assert visit.revision == 3 and visit.correction_reason == "Misread the roof"


def test_answers_to_a_replaced_checklist_version_are_refused_with_the_current_one(
    client, campaign, version, alice, bob, registry, today
):
    checklist_revise(
        checklist=version.checklist,
        actor=alice,
        questions=[{"code": "roof", "text": "Is the roof done?", "kind": "yes_no"}],
    )
    current = version.checklist.versions.order_by("-number").first()
    client.force_login(bob)
    response = post(client, body(campaign, registry, today, version))
    assert response.status_code == 409
    answer = response.json()
    assert answer["refusal"]["code"] == "checklist_changed"
    assert answer["current"]["id"] == current.pk and answer["current"]["number"] == 2
    assert [q["text"] for q in answer["current"]["questions"]] == ["Is the roof done?"]
    assert not Visit.private_objects.exists()


def test_a_file_refused_at_completion_leaves_nothing(
    client, campaign, version, bob, registry, today, _media
):
    good = picture(8)
    fake = b"MZ" + b"\x00" * (MIB + 100)  # a program named like a photo
    client.force_login(bob)
    data = body(campaign, registry, today, version, [good, fake])
    assert post(client, data).status_code == 201
    send(client, data["client_id"], "f0", good)
    status = send(client, data["client_id"], "f1", fake).json()
    assert status["state"] == "refused"
    assert status["refusal"]["code"] and status["refusal"]["message"]
    assert "files" in status["refusal"]["fields"]
    assert not Visit.private_objects.exists() and not Evidence.private_objects.exists()
    assert not Chunk.objects.exists()
    assert media_files(_media) == []


def test_abandoned_sends_are_refused_after_thirty_days(
    client, campaign, version, bob, registry, today, _media, _clock
):
    content = picture(9)
    client.force_login(bob)
    data = body(campaign, registry, today, version, [content])
    post(client, data)
    send(client, data["client_id"], "f0", content, pieces=1)
    assert Chunk.objects.count() == 1
    call_command("field_cleanup", today=(today + timedelta(days=29)).isoformat())
    assert Submission.objects.get().state == "receiving"
    call_command("field_cleanup", today=(today + timedelta(days=31)).isoformat())
    submission = Submission.objects.get()
    assert submission.state == "refused" and submission.refusal["code"] == "abandoned"
    assert not Chunk.objects.exists() and not media_files(_media)
    status = client.get(api("visit", client_id=data["client_id"])).json()
    assert status["state"] == "refused" and status["files"][0]["received"] == 0


def test_changes_need_the_bundles_csrf_token(campaign, version, bob, registry, today):
    from django.test import Client

    phone = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    phone.force_login(bob)
    token = phone.get(api("bundle")).json()["csrf_token"]
    data = body(campaign, registry, today, version)
    response = post(phone, data)
    assert response.status_code == 403 and response.json()["refusal"]["code"] == "csrf"
    assert not Submission.objects.exists()
    response = post(phone, data, **{"X-CSRFToken": token})
    assert response.status_code == 201 and response.json()["state"] == "sent"
