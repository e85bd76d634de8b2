"""Public monitoring in the open data API and CSV: campaigns, findings, recommendations with the
answers of the bodies, evidence.

The world of tests/world.py (the `world` fixture): a published campaign through its cycle and an
unpublished one about the same school and body. Nothing of the unpublished campaign, no original
file and no position where a photo was taken may reach any endpoint, download or the schema, for
any persona (staff included: open data is public data).
"""

import csv
import hashlib
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from baqylau.api import serializers, tabular
from baqylau.monitoring.models import Evidence

from ..helpers import PERSONAS, count_queries, read_csv, results, words
from ..world import SECRETS, more_recommendations, people_registry_and_world, photo_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared", "fake_pdf")]
EVIDENCE_FIELDS = words(
    """id campaign visit visited_on object name content_type size sha256 taken_on
taken_at distance_m far_from_object created_at url"""
)

# The people, the registry and the world, built once for the module (tests/conftest.py).
build_once = people_registry_and_world

# 52°17′N 76°57′E, where the photos say they were taken, as any JSON or CSV would write it.
POSITION_TRACES = ["52.2833", "76.950", "latitude", "longitude", '"lat"', '"lon"']
ENDPOINTS = ["campaigns", "findings", "recommendations", "evidence"]
DOWNLOADS = ["campaigns.csv", "findings.csv", "recommendations.csv", "recommendation-ranking.csv"]


def en_url(item) -> str:
    """The absolute portal address of a record, in English (requests leave their language
    active in the thread)."""
    with translation.override("en"):
        return "http://testserver" + item.get_absolute_url()


def raw_csv(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


# Campaigns


def test_campaigns_list(client, world, registry, body):
    data = results(client.get("/api/campaigns/?lang=en"))
    assert [c["slug"] for c in data] == [world["published"].slug]
    campaign = data[0]
    assert campaign["title"] == "School check"
    assert campaign["title_i18n"] == {
        "kk": "Мектеп тексерісі",
        "ru": "Проверка школы",
        "en": "School check",
    }
    assert campaign["status"] == "document_sent"
    assert campaign["status_label"] == "final document sent"
    assert campaign["form"] == "monitoring"
    assert campaign["ngo"]["slug"] == "adal-monitoring"
    assert campaign["documents"] == ["regional-plan"]
    assert campaign["objects"] == ["school-600"]
    assert campaign["bodies"] == ["akimat"]
    assert (
        campaign["final_document_sent_on"] == world["published"].final_document.sent_on.isoformat()
    )
    assert campaign["url"] == f"http://testserver/en/monitoring/{world['published'].slug}/"
    detail = client.get(f"/api/campaigns/{world['published'].slug}/?lang=ru").json()
    assert detail["title"] == "Проверка школы"
    assert detail["status_label"] == "итоговый документ направлен"


def test_campaign_filters(client, world):
    slug = world["published"].slug
    assert [c["slug"] for c in results(client.get("/api/campaigns/?body=akimat"))] == [slug]
    assert results(client.get("/api/campaigns/?body=education-department")) == []
    assert [c["slug"] for c in results(client.get("/api/campaigns/?document=regional-plan"))] == [
        slug
    ]
    assert [c["slug"] for c in results(client.get("/api/campaigns/?object=school-600"))] == [slug]
    assert results(client.get("/api/campaigns/?status=closed")) == []
    assert len(results(client.get("/api/campaigns/?ngo=adal-monitoring"))) == 1
    assert client.get("/api/campaigns/?status=nonsense").status_code == 400


# Findings


def test_findings_list(client, world):
    data = {f["number"]: f for f in results(client.get("/api/findings/?lang=en"))}
    assert set(data) == {1, 2}
    roof, roads = data[1], data[2]
    assert roof["campaign"] == world["published"].slug
    assert roof["title"] == "Roof missing at the school"
    assert roof["category"] == "delay" and roof["category_label"] == "delay"
    assert roof["severity"] == "high" and roof["severity_label"] == "high"
    assert roof["norm"] == "Contract No. 12, clause 4.1"
    assert roof["object"] == "school-600"
    assert roof["indicator"] is None and roof["document"] is None
    assert roof["evidence"] == [world["photo"].pk]
    assert roof["recommendations"] == [1]
    assert roof["url"] == en_url(world["roof"])
    assert roads["indicator"] == world["roads"].indicator_id
    assert roads["year"] == 2022
    assert roads["monitor_value"] == "55.0000"
    assert roads["object"] is None


def test_finding_filters(client, world):
    def numbers(query):
        return sorted(f["number"] for f in results(client.get(f"/api/findings/?{query}")))

    assert numbers(f"campaign={world['published'].slug}") == [1, 2]
    assert numbers(f"campaign={world['hidden'].slug}") == []
    assert numbers("category=transparency") == [2]
    assert numbers("severity=high") == [1]
    assert numbers("document=regional-plan") == [1, 2]  # its object and its indicator
    assert numbers("object=school-600") == [1]
    assert numbers("body=education-department") == [1, 2]
    assert numbers("body=akimat") == []


# Recommendations


def test_recommendations_with_answers_and_verification(client, world, dana):
    data = {r["number"]: r for r in results(client.get("/api/recommendations/?lang=en"))}
    assert set(data) == {1, 2}
    first, second = data[1], data[2]
    assert first["body"]["slug"] == "education-department"
    assert first["body"]["name_i18n"]["kk"] == "Білім беру басқармасы"
    assert first["text"] == "Resume the works on the school roof."
    assert first["findings"] == [1]
    assert first["sent_on"] == world["first"].sent_on.isoformat()
    assert first["due_on"] == world["first"].due_on.isoformat()
    assert first["state"] == "accepted" and first["state_label"] == "accepted"
    assert first["answered_late"] is False
    answer = first["answer"]
    assert answer["decision"] == "accepted"
    assert answer["reasons"] == "We agree: a new contractor is chosen."
    assert answer["answered_on"] == world["answer"].answered_on.isoformat()
    measure = world["answer"].measures.get()
    assert answer["measures"] == [
        {"text": "Sign a new contract", "due_on": measure.due_on.isoformat()}
    ]
    [file] = answer["files"]
    stored = world["answer"].files.get()
    assert file["name"] == "order.pdf"
    assert file["content_type"] == "application/pdf"
    assert file["sha256"] == stored.sha256
    assert file["url"] == "http://testserver" + stored.public_file.url
    assert "/public/" in file["url"]
    assert first["verification"] == "done"
    assert first["verification_label"] == "carried out"
    assert first["verification_note"] == "The roof is built."
    assert first["url"] == en_url(world["first"])
    assert second["answer"] is None
    assert second["state"] == "awaiting"
    assert second["verification"] == "not_verified"
    assert second["decision_notices"] == [
        {
            "decision_on": world["notice"].decision_on.isoformat(),
            "notified_on": world["notice"].notified_on.isoformat(),
            "note": "Hearing at 10:00.",
        }
    ]
    detail = client.get(f"/api/recommendations/{world['first'].pk}/?lang=ru").json()
    assert detail["body"]["name"] == "Управление образования"


def test_recommendation_filters(client, world):
    def numbers(query):
        return sorted(r["number"] for r in results(client.get(f"/api/recommendations/?{query}")))

    assert numbers(f"campaign={world['published'].slug}") == [1, 2]
    assert numbers("body=education-department") == [1, 2]
    assert numbers("body=akimat") == []
    assert numbers("state=accepted") == [1]
    assert numbers("state=awaiting") == [2]
    assert numbers("verification=done") == [1]
    assert numbers("category=delay") == [1]
    assert numbers("category=transparency") == [2]
    assert numbers("object=school-600") == [1]
    assert numbers("document=regional-plan") == [1, 2]
    assert numbers(f"year={world['first'].sent_on.year}") == [1, 2]
    assert numbers(f"year={world['first'].sent_on.year - 1}") == []
    assert client.get("/api/recommendations/?state=nonsense").status_code == 400


# Evidence


def test_evidence_is_published_by_its_clean_copy_only(client, world):
    [item] = results(client.get("/api/evidence/"))
    photo = world["photo"]
    assert item["id"] == photo.pk
    assert item["campaign"] == world["published"].slug
    assert item["object"] == "school-600"
    assert item["visit"] == photo.visit_id
    assert item["content_type"] == "image/jpeg"
    # The day only, and the digest of the copy anyone can download: not the original's.
    with photo.public_file.open("rb") as public:
        assert item["sha256"] == hashlib.sha256(public.read()).hexdigest() != photo.sha256
    assert item["taken_on"] == "2026-05-14"
    assert item["taken_at"] is None
    assert item["distance_m"] == pytest.approx(photo.distance_m)
    assert item["far_from_object"] is True
    assert item["url"] == "http://testserver" + photo.public_file.url
    assert "/public/" in item["url"]
    # The documented fields, and no more (never the original file's address).
    assert set(item) == EVIDENCE_FIELDS
    assert results(client.get("/api/evidence/?far=false")) == []
    assert len(results(client.get("/api/evidence/?object=school-600"))) == 1
    assert results(client.get(f"/api/evidence/?campaign={world['hidden'].slug}")) == []


def test_a_team_may_publish_capture_times_and_the_originals_digest(client, world):
    photo = world["photo"]
    photo.campaign.publish_capture_details = True
    photo.campaign.save(update_fields=["publish_capture_details"])
    [item] = results(client.get("/api/evidence/"))
    assert item["sha256"] == photo.sha256
    assert item["taken_at"].startswith("2026-05-14T10:30")


def test_the_original_and_the_position_are_never_read(client, world):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/evidence/")
    assert response.status_code == 200 and results(response)
    sql = " ".join(q["sql"] for q in ctx.captured_queries if "monitoring_evidence" in q["sql"])
    assert '"public_file"' in sql
    assert '"latitude"' not in sql and '"longitude"' not in sql
    assert '"original"' not in sql


# Nothing unpublished, for anyone


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_published_campaigns_in_the_api_and_downloads(client, personas, persona, world):
    if personas[persona] is not None:
        client.force_login(personas[persona])
    hidden = world["hidden"]
    for endpoint in ENDPOINTS:
        response = client.get(f"/api/{endpoint}/?limit=1000")
        text = response.content.decode()
        assert response.json()["count"] >= 1, endpoint
        for secret in SECRETS:
            assert secret not in text, (persona, endpoint, secret)
        for trace in POSITION_TRACES:
            assert trace not in text, (persona, endpoint, trace)
        assert "/private/" not in text
    assert client.get(f"/api/campaigns/{hidden.slug}/").status_code == 404
    assert client.get(f"/api/findings/{world['hidden_finding'].pk}/").status_code == 404
    assert (
        client.get(f"/api/recommendations/{world['hidden_recommendation'].pk}/").status_code == 404
    )
    assert client.get(f"/api/evidence/{world['hidden_photo'].pk}/").status_code == 404
    for name in DOWNLOADS:
        text = raw_csv(client.get(f"/data/{name}"))
        for secret in SECRETS:
            assert secret not in text, (persona, name, secret)
        for trace in POSITION_TRACES:
            assert trace not in text, (persona, name, trace)
        assert "/private/" not in text
    text = client.get("/api/recommendation-ranking/").content.decode()
    assert '"received":2' in text.replace(" ", "")


def test_the_schema_has_the_endpoints_and_no_data(client, world):
    response = client.get("/api/schema/")
    text = response.content.decode()
    schema = json.loads(text)
    paths = schema["paths"]
    for endpoint in ENDPOINTS:
        assert f"/api/{endpoint}/" in paths
        parameters = {p["name"] for p in paths[f"/api/{endpoint}/"]["get"]["parameters"]}
        assert {"lang", "limit", "offset"} <= parameters, endpoint
        assert ("campaign" in parameters) == (endpoint != "campaigns"), endpoint
    recommendation_filters = {
        p["name"] for p in paths["/api/recommendations/"]["get"]["parameters"]
    }
    assert {"body", "state", "category", "verification"} <= recommendation_filters
    assert "/api/recommendation-ranking/" in paths
    components = schema["components"]["schemas"]
    assert "latitude" not in components["Evidence"]["properties"]
    assert "original" not in components["Evidence"]["properties"]
    assert {"answer", "verification", "decision_notices"} <= set(
        components["Recommendation"]["properties"]
    )
    for secret in [*SECRETS, "School check", "Roof missing", "Resume the works"]:
        assert secret not in text


def test_schema_generates_without_warnings():
    from drf_spectacular.checks import schema_check
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    assert schema_check(None) == []


def test_urls_by_name():
    assert reverse("api:campaign-list") == "/api/campaigns/"
    assert reverse("api:finding-list") == "/api/findings/"
    assert reverse("api:recommendation-list") == "/api/recommendations/"
    assert reverse("api:evidence-list") == "/api/evidence/"
    assert reverse("downloads:campaigns_csv") == "/data/campaigns.csv"
    assert reverse("downloads:findings_csv") == "/data/findings.csv"
    assert reverse("downloads:recommendations_csv") == "/data/recommendations.csv"


# CSV


def test_campaigns_csv(client, world):
    response = client.get("/data/campaigns.csv?lang=ru")
    assert 'filename="campaigns.csv"' in response["Content-Disposition"]
    assert response["Content-Language"] == "ru"
    [row] = read_csv(response)
    assert row["slug"] == world["published"].slug
    assert row["title_kk"] == "Мектеп тексерісі" and row["title_en"] == "School check"
    assert row["status"] == "document_sent"
    assert row["status_label"] == "итоговый документ направлен"
    assert row["ngo_slug"] == "adal-monitoring"
    assert row["document_slugs"] == "regional-plan"
    assert row["object_slugs"] == "school-600"
    assert row["body_slugs"] == "akimat"
    assert row["final_document_sent_on"] == world["published"].final_document.sent_on.isoformat()
    assert row["url"] == f"http://testserver/ru/monitoring/{world['published'].slug}/"
    assert read_csv(client.get("/data/campaigns.csv?body=education-department")) == []


def test_findings_csv_matches_the_api(client, world):
    response = client.get("/data/findings.csv?lang=en&document=regional-plan")
    assert 'filename="findings-regional-plan.csv"' in response["Content-Disposition"]
    rows = {int(r["number"]): r for r in read_csv(response)}
    api = {f["number"]: f for f in results(client.get("/api/findings/?lang=en"))}
    assert set(rows) == set(api) == {1, 2}
    for number, row in rows.items():
        item = api[number]
        assert int(row["id"]) == item["id"]
        assert row["title"] == item["title"]
        assert row["category"] == item["category"]
        assert row["category_label"] == item["category_label"]
        assert row["object_slug"] == (item["object"] or "")
        assert row["url"] == item["url"]
    assert rows[1]["evidence_ids"] == str(world["photo"].pk)
    assert rows[1]["recommendation_numbers"] == "1"
    assert rows[2]["indicator_id"] == str(world["roads"].indicator_id)
    assert rows[2]["monitor_value"] == "55"
    assert read_csv(client.get("/data/findings.csv?category=cost")) == []
    assert client.get("/data/findings.csv?category=nonsense").status_code == 400


def test_recommendations_csv_matches_the_api(client, world):
    response = client.get("/data/recommendations.csv?lang=en&body=education-department")
    assert 'filename="recommendations-education-department.csv"' in response["Content-Disposition"]
    rows = {int(r["number"]): r for r in read_csv(response)}
    api = {r["number"]: r for r in results(client.get("/api/recommendations/?lang=en"))}
    assert set(rows) == set(api) == {1, 2}
    first = rows[1]
    assert first["body_slug"] == "education-department"
    assert first["body_name_kk"] == "Білім беру басқармасы"
    assert first["finding_numbers"] == "1"
    assert first["state"] == "accepted" and first["state_label"] == "accepted"
    assert first["answered_late"] == "no"
    assert first["decision"] == "accepted"
    assert first["reasons"] == "We agree: a new contractor is chosen."
    measure = world["answer"].measures.get()
    assert first["measures"] == f"{measure.due_on.isoformat()}: Sign a new contract"
    assert first["file_urls"] == api[1]["answer"]["files"][0]["url"]
    assert first["verification"] == "done"
    assert first["verification_label"] == "carried out"
    assert first["url"] == api[1]["url"]
    second = rows[2]
    assert second["decision"] == "" and second["reasons"] == "" and second["measures"] == ""
    assert second["decision_dates"] == world["notice"].decision_on.isoformat()
    assert read_csv(client.get("/data/recommendations.csv?state=rejected")) == []


def test_open_data_page_lists_the_downloads(client, world):
    html = client.get("/en/open-data/").content.decode()
    for name in [
        "campaigns.csv",
        "findings.csv",
        "recommendations.csv",
        "recommendation-ranking.csv",
    ]:
        assert f'href="/data/{name}"' in html
    for endpoint in ENDPOINTS:
        assert f'href="/api/{endpoint}/"' in html


# Query counts


@pytest.mark.parametrize(
    "url",
    [
        *(f"/api/{endpoint}/" for endpoint in ENDPOINTS),
        *(f"/data/{name}" for name in DOWNLOADS),
    ],
)
@pytest.mark.parametrize("persona", ["anonymous", "staff"])
def test_query_count_does_not_grow_with_rows(
    client, personas, persona, url, world, registry, alice, bob, body, today
):
    if personas[persona] is not None:
        client.force_login(personas[persona])
    few = count_queries(client, url)
    more_recommendations(world, registry, alice, body, 4, today=today)
    for _ in range(3):
        photo_of(world["published"], bob, registry["school"], today=today)
    assert Evidence.public_objects.count() == 4
    assert count_queries(client, url) == few <= 10


def test_a_record_added_to_the_api_appears_in_the_download(client, world, monkeypatch):
    # The NGO of a finding's campaign, as a nested record: flattened into slug and names.
    ngo = serializers.NamedOrganisationSerializer(source="campaign.ngo", read_only=True)
    monkeypatch.setitem(serializers.FindingSerializer._declared_fields, "ngo", ngo)
    fields = serializers.FindingSerializer.Meta.fields
    monkeypatch.setattr(serializers.FindingSerializer.Meta, "fields", [*fields, "ngo"])
    [api, *_] = results(client.get("/api/findings/"))
    assert api["ngo"]["slug"] == "adal-monitoring"
    raw = raw_csv(client.get("/data/findings.csv"))
    assert raw.splitlines()[0].endswith(",url,ngo_slug,ngo_name_kk,ngo_name_ru,ngo_name_en")
    rows = list(csv.DictReader(io.StringIO(raw)))
    assert {row["ngo_slug"] for row in rows} == {"adal-monitoring"}
    assert rows[0]["ngo_name_kk"] == world["published"].ngo.name_kk


def test_a_download_prefetches_batch_by_batch(client, world, monkeypatch):
    # Recommendations prefetch their findings, measures, files and decision notices.
    whole = count_queries(client, "/data/recommendations.csv")
    monkeypatch.setattr(tabular, "CSV_BATCH", 1)
    rows = len(read_csv(client.get("/data/recommendations.csv")))
    assert rows == 2
    # Each batch prefetches for its own rows (a lookup with nothing to follow, such as the
    # measures of a recommendation without answer, costs no query).
    assert whole < count_queries(client, "/data/recommendations.csv") <= whole + 4 * (rows - 1)
