"""Information requests in the open data API and CSV: only published requests, only public texts.

One answered request carries an answer whose original names a personal phone number; its public
text is redacted, and one of its two files is hidden. Neither the number, nor the hidden file, nor
a draft or a private request may reach any endpoint or download, for any persona.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse

from baqylau.core import pagecache
from baqylau.inforequests import services
from baqylau.inforequests.models import (
    Answer,
    Attachment,
    InformationRequest,
    RequestEvent,
    Status,
)

from ..factories import (
    PlanningDocumentFactory,
    ProjectObjectFactory,
    department,
)
from ..helpers import PERSONAS, content, count_queries, read_csv, results, words

pytestmark = pytest.mark.django_db

Kind = RequestEvent.Kind
PHONE = "+7 701 123 45 67"
# Any piece of the number that would show that the original text leaked.
PHONE_TRACES = [PHONE, "701 123", "123 45 67", "Nurlan"]
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def moment(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=ZoneInfo(settings.TIME_ZONE))


def new_request(*, requester, body, subject, status=Status.SENT, sent_on=None, **fields):
    written_on = sent_on or date(2024, 1, 15)
    item = InformationRequest.private_objects.create(
        requester=requester,
        body=body,
        subject=subject,
        text=fields.pop("text", f"Please send the documents about: {subject}."),
        language=InformationRequest.Language.RU,
        status=status,
        sent_at=moment(sent_on) if sent_on else None,
        created_at=moment(written_on),
        **fields,
    )
    RequestEvent.objects.create(
        request=item,
        kind=Kind.CREATED,
        status_after=Status.DRAFT,
        happened_on=written_on,
        actor=requester,
    )
    if sent_on:
        RequestEvent.objects.create(
            request=item,
            kind=Kind.SENT,
            status_after=Status.SENT,
            happened_on=sent_on,
            actor=requester,
        )
    services.request_reindex(request=item)
    return item


@pytest.fixture
def other_body(db):
    return department(
        "construction-department",
        "Құрылыс басқармасы",
        "Управление строительства",
        "Construction Department",
    )


@pytest.fixture
def requests(body, other_body, alice, bob, carol, dana):
    """A public answered request (carol's), a request with the name hidden (alice's) about an
    unpublished document, a private request (carol's, to dana's body) and a draft (bob's)."""
    document = PlanningDocumentFactory(slug="pavlodar-plan")
    school = ProjectObjectFactory(document=document, slug="school-12")
    unpublished = PlanningDocumentFactory(slug="secret-plan", is_published=False)

    answered = new_request(
        requester=carol,
        body=body,
        subject="Repair of school No. 12",
        asked="The estimate and the contract.",
        document=document,
        object=school,
        sent_on=date(2024, 3, 1),
        status=Status.ANSWERED_PARTIAL,
        registered_on=date(2024, 3, 4),
        registration_number="ЖТ-2024-17",
        due_date=date(2024, 4, 3),
        answered_on=date(2024, 3, 20),
    )
    RequestEvent.objects.create(
        request=answered,
        kind=Kind.REDIRECTED,
        status_after=Status.REDIRECTED,
        happened_on=date(2024, 3, 2),
        other_body=other_body,
        note="Forwarded to the education department.",
    )
    RequestEvent.objects.create(
        request=answered,
        kind=Kind.REGISTERED,
        status_after=Status.REGISTERED,
        happened_on=date(2024, 3, 4),
        due_date=date(2024, 4, 3),
        actor=dana,
    )
    RequestEvent.objects.create(
        request=answered,
        kind=Kind.ANSWERED,
        status_after=Status.ANSWERED_FULL,
        happened_on=date(2024, 3, 20),
        actor=dana,
    )
    RequestEvent.objects.create(
        request=answered,
        kind=Kind.CLASSIFIED,
        status_after=Status.ANSWERED_PARTIAL,
        happened_on=date(2024, 3, 21),
        legal_ground="Article 11 of the Law on Access to Information",
        actor=carol,
    )
    answer = Answer.objects.create(
        request=answered,
        author=dana,
        source=Answer.Source.POST,
        received_on=date(2024, 3, 20),
        text=f"The estimate is attached. Call our engineer Nurlan on {PHONE}.",
        public_text="The estimate is attached. Call our engineer [phone removed].",
        redacted=True,
        classification=Answer.Classification.PARTIAL,
        legal_ground="Article 11 of the Law on Access to Information",
    )
    estimate = Attachment(
        request=answered,
        answer=answer,
        name="estimate.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256=Attachment.digest(PDF_BYTES),
    )
    estimate.original.save("estimate.pdf", ContentFile(PDF_BYTES), save=False)
    estimate.public_file.save("estimate.pdf", ContentFile(PDF_BYTES), save=False)
    estimate.save()
    passport = Attachment(
        request=answered,
        answer=answer,
        name="engineer-passport.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256=Attachment.digest(PDF_BYTES + b"passport"),
        hidden=True,
    )
    passport.original.save("engineer-passport.pdf", ContentFile(PDF_BYTES), save=False)
    passport.save()
    services.request_reindex(request=answered)

    hidden_name = new_request(
        requester=alice,
        body=other_body,
        subject="Road works in Ekibastuz",
        hide_requester_name=True,
        document=unpublished,
        sent_on=date(2025, 2, 10),
        due_date=date(2025, 3, 12),
    )

    private = new_request(
        requester=carol,
        body=body,
        subject="My pension file",
        text="Private question about my own pension.",
        is_public=False,
        sent_on=date(2024, 5, 2),
        status=Status.ANSWERED_FULL,
        answered_on=date(2024, 5, 10),
    )
    Answer.objects.create(
        request=private,
        author=dana,
        source=Answer.Source.PLATFORM,
        received_on=date(2024, 5, 10),
        text="Your pension file is fine.",
        public_text="Your pension file is fine.",
        classification=Answer.Classification.FULL,
    )
    RequestEvent.objects.create(
        request=private,
        kind=Kind.ANSWERED,
        status_after=Status.ANSWERED_FULL,
        happened_on=date(2024, 5, 10),
    )

    draft = new_request(
        requester=bob, body=body, subject="Draft about bridges", status=Status.DRAFT
    )
    return {
        "answered": answered,
        "answer": answer,
        "estimate": estimate,
        "passport": passport,
        "hidden_name": hidden_name,
        "private": private,
        "draft": draft,
        "document": document,
    }


def public_ids(response, key="public_id"):
    return {row[key] for row in results(response)}


def login(client, personas, persona):
    if personas[persona] is not None:
        client.force_login(personas[persona])


# Visibility, for every persona


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_published_requests_appear_for_everyone(client, personas, persona, requests):
    login(client, personas, persona)
    answered, hidden_name = requests["answered"].public_id, requests["hidden_name"].public_id
    public = {answered, hidden_name}
    unpublished = [requests["private"].public_id, requests["draft"].public_id]

    assert public_ids(client.get("/api/requests/")) == public
    assert public_ids(client.get("/api/request-events/"), "request") == public
    assert public_ids(client.get("/api/request-answers/"), "request") == {answered}
    assert {row["public_id"] for row in read_csv(client.get("/data/requests.csv"))} == public
    events_csv = read_csv(client.get("/data/request-events.csv"))
    assert {row["request_public_id"] for row in events_csv} == public

    for public_id in unpublished:
        assert client.get(f"/api/requests/{public_id}/").status_code == 404
        assert results(client.get(f"/api/request-events/?request={public_id}")) == []
        assert results(client.get(f"/api/request-answers/?request={public_id}")) == []
    assert client.get(f"/api/requests/{answered}/").status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_original_answer_hidden_file_and_private_data_appear_nowhere(
    client, personas, persona, requests, carol
):
    login(client, personas, persona)
    answered = requests["answered"].public_id
    urls = [
        "/api/requests/",
        f"/api/requests/{answered}/",
        f"/api/requests/{requests['hidden_name'].public_id}/",
        "/api/request-events/",
        "/api/request-answers/",
        f"/api/request-answers/?request={answered}",
        "/data/requests.csv",
        "/data/request-events.csv",
        "/api/requests/?q=engineer",
    ]
    for url in urls:
        text = content(client.get(url)).decode("utf-8")
        for trace in PHONE_TRACES:
            assert trace not in text, (url, trace)
        for secret in [
            "engineer-passport",
            "/private/",
            "pension",
            "bridges",
            carol.email,
            "alice@example.org",
            "Alice",  # she asked to hide her name
        ]:
            assert secret not in text, (url, secret)


@pytest.mark.parametrize("persona", PERSONAS)
def test_search_reads_the_public_text_only(client, personas, persona, requests):
    login(client, personas, persona)
    answered = requests["answered"].public_id
    assert public_ids(client.get("/api/requests/?q=removed")) == {answered}
    assert public_ids(client.get("/api/requests/?q=ENGINEER estimate")) == {answered}
    for original_only in ["Nurlan", "701", "123 45 67", PHONE, "pension", "bridges"]:
        response = client.get("/api/requests/", {"q": original_only})
        assert results(response) == [], original_only
        rows = read_csv(client.get("/data/requests.csv", {"q": original_only}))
        assert rows == [], original_only


# Fields


LIST_FIELDS = words(
    """public_id url subject text asked language body requester document object status
status_label sent_at registered_on registration_number due_date extended answered_on created_at
updated_at"""
)
# The kinds of the events of the answered request, in order.
ANSWERED_EVENTS = ["created", "sent", "redirected", "registered", "answered", "classified"]


def test_list_fields(client, requests):
    rows = {row["public_id"]: row for row in results(client.get("/api/requests/?lang=en"))}
    row = rows[requests["answered"].public_id]
    assert set(row) == LIST_FIELDS
    assert row["subject"] == "Repair of school No. 12"
    assert row["asked"] == "The estimate and the contract."
    assert row["language"] == "ru"
    assert row["body"] == {
        "slug": "education-department",
        "name": "Education Department",
        "name_i18n": {
            "kk": "Білім беру басқармасы",
            "ru": "Управление образования",
            "en": "Education Department",
        },
    }
    assert row["requester"] == "Carol"
    assert row["document"] == "pavlodar-plan"
    assert row["object"] == "school-12"
    assert row["status"] == "answered_partial"
    assert row["status_label"] == "answered in part"
    assert row["sent_at"].startswith("2024-03-01T")
    assert row["registered_on"] == "2024-03-04"
    assert row["registration_number"] == "ЖТ-2024-17"
    assert row["due_date"] == "2024-04-03"
    assert row["extended"] is False
    assert row["answered_on"] == "2024-03-20"
    assert row["url"] == f"http://testserver/en/requests/{requests['answered'].public_id}/"

    hidden = rows[requests["hidden_name"].public_id]
    assert hidden["requester"] == "a citizen (name withheld)"
    # The document is not published yet: its slug stays out.
    assert hidden["document"] is None
    assert hidden["object"] is None


def test_lang_parameter_translates_labels_and_names(client, requests):
    row = client.get(f"/api/requests/{requests['answered'].public_id}/?lang=kk").json()
    assert row["body"]["name"] == "Білім беру басқармасы"
    assert row["url"].startswith("http://testserver/kk/requests/")


def test_detail_has_timeline_and_public_answers(client, requests):
    data = client.get(f"/api/requests/{requests['answered'].public_id}/?lang=en").json()
    assert set(data) == LIST_FIELDS | {"events", "answers"}
    assert [e["kind"] for e in data["events"]] == ANSWERED_EVENTS
    redirected = data["events"][2]
    assert redirected == {
        "kind": "redirected",
        "label": "redirected to another body",
        "status_after": "redirected",
        "happened_on": "2024-03-02",
        "note": "Forwarded to the education department.",
        "legal_ground": "",
        "due_date": None,
        "other_body": "construction-department",
    }
    assert data["events"][3]["due_date"] == "2024-04-03"
    assert "actor" not in data["events"][3]

    [answer] = data["answers"]
    assert set(answer) == {
        "source",
        "received_on",
        "public_text",
        "redacted",
        "classification",
        "legal_ground",
        "attachments",
    }
    assert answer["public_text"] == "The estimate is attached. Call our engineer [phone removed]."
    assert answer["redacted"] is True
    assert answer["classification"] == "partial"
    assert answer["source"] == "post"
    assert answer["legal_ground"] == "Article 11 of the Law on Access to Information"
    [attachment] = answer["attachments"]
    estimate = requests["estimate"]
    assert attachment == {
        "name": "estimate.pdf",
        "content_type": "application/pdf",
        "size": len(PDF_BYTES),
        "sha256": estimate.sha256,
        "url": f"http://testserver{estimate.public_file.url}",
    }
    assert "/public/" in attachment["url"]
    assert estimate.original.url not in str(data)


def test_detail_of_unknown_request_is_404(client, requests):
    assert client.get("/api/requests/0123456789/").status_code == 404
    assert client.get("/api/requests/not-an-id/").status_code == 404


def test_events_list(client, requests, other_body):
    answered = requests["answered"].public_id
    rows = results(client.get(f"/api/request-events/?request={answered}"))
    assert len(rows) == 6
    assert set(rows[0]) == {
        "id",
        "request",
        "body",
        "kind",
        "label",
        "status_after",
        "happened_on",
        "note",
        "legal_ground",
        "due_date",
        "other_body",
    }
    assert {row["request"] for row in rows} == {answered}
    assert {row["body"] for row in rows} == {"education-department"}

    redirected = results(client.get("/api/request-events/?kind=redirected"))
    assert [(r["request"], r["other_body"]) for r in redirected] == [
        (answered, "construction-department")
    ]
    since = results(client.get("/api/request-events/?since=2024-03-20"))
    assert [(r["request"], r["kind"]) for r in since] == [
        (answered, "answered"),
        (answered, "classified"),
        (requests["hidden_name"].public_id, "created"),
        (requests["hidden_name"].public_id, "sent"),
    ]
    assert client.get("/api/request-events/?since=yesterday").status_code == 400
    assert client.get("/api/request-events/?kind=unknown").status_code == 400


def test_answers_list_and_filters(client, requests):
    answered = requests["answered"].public_id
    [row] = results(client.get("/api/request-answers/"))
    assert row["id"] == requests["answer"].id
    assert row["request"] == answered
    assert row["body"] == "education-department"
    assert row["public_text"] == "The estimate is attached. Call our engineer [phone removed]."
    assert "text" not in row
    assert [a["name"] for a in row["attachments"]] == ["estimate.pdf"]

    assert public_ids(client.get(f"/api/request-answers/?request={answered}"), "request") == {
        answered
    }
    assert results(client.get("/api/request-answers/?body=construction-department")) == []
    assert len(results(client.get("/api/request-answers/?body=education-department"))) == 1
    assert len(results(client.get("/api/request-answers/?classification=partial"))) == 1
    assert results(client.get("/api/request-answers/?classification=refusal")) == []


# Filters


def test_request_filters(client, requests):
    answered, hidden_name = requests["answered"].public_id, requests["hidden_name"].public_id
    cases = {
        "body=education-department": {answered},
        "body=construction-department": {hidden_name},
        "body=unknown": set(),
        "status=answered_partial": {answered},
        "status=sent": {hidden_name},
        "document=pavlodar-plan": {answered},
        # Unpublished: no request is found through it.
        "document=secret-plan": set(),
        "year=2024": {answered},
        "year=2025": {hidden_name},
        "year=2023": set(),
        "q=ekibastuz": {hidden_name},
        "body=education-department&year=2025": set(),
    }
    for query, expected in cases.items():
        assert public_ids(client.get(f"/api/requests/?{query}")) == expected, query
    assert client.get("/api/requests/?status=draft").status_code == 400
    assert client.get("/api/requests/?year=last").status_code == 400


# Schema


def test_schema_lists_the_request_endpoints(client):
    schema = client.get("/api/schema/").json()
    paths = schema["paths"]
    for path in [
        "/api/requests/",
        "/api/requests/{public_id}/",
        "/api/request-events/",
        "/api/request-answers/",
    ]:
        assert path in paths, path

    def parameters(path):
        return {p["name"] for p in paths[path]["get"]["parameters"]}

    assert {"body", "status", "document", "year", "q", "lang", "limit"} <= parameters(
        "/api/requests/"
    )
    assert {"request", "kind", "since", "lang"} <= parameters("/api/request-events/")
    assert {"request", "body", "classification", "lang"} <= parameters("/api/request-answers/")
    components = schema["components"]["schemas"]
    assert set(components["Request"]["properties"]) == LIST_FIELDS
    assert "text" not in components["RequestAnswer"]["properties"]
    assert "public_text" in components["RequestAnswer"]["properties"]
    assert "original" not in components["AnswerAttachment"]["properties"]
    assert "RequestStatusEnum" in components


def test_schema_generates_without_warnings():
    from drf_spectacular.checks import schema_check
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    assert schema_check(None) == []


# CSV


def test_requests_csv(client, requests):
    assert reverse("downloads:requests_csv") == "/data/requests.csv"
    response = client.get("/data/requests.csv?lang=en")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Language"] == "en"
    assert response["Content-Disposition"] == 'attachment; filename="requests.csv"'
    rows = {row["public_id"]: row for row in read_csv(response)}
    assert len(rows) == 2
    row = rows[requests["answered"].public_id]
    assert row["subject"] == "Repair of school No. 12"
    assert row["body_slug"] == "education-department"
    assert row["body_name_kk"] == "Білім беру басқармасы"
    assert row["requester"] == "Carol"
    assert row["document_slug"] == "pavlodar-plan"
    assert row["object_slug"] == "school-12"
    assert row["status"] == "answered_partial"
    assert row["status_label"] == "answered in part"
    assert row["registration_number"] == "ЖТ-2024-17"
    assert row["registered_on"] == "2024-03-04"
    assert row["extended"] == "no"
    assert row["answered_on"] == "2024-03-20"
    assert row["url"] == f"http://testserver/en/requests/{requests['answered'].public_id}/"
    hidden = rows[requests["hidden_name"].public_id]
    assert hidden["requester"] == "a citizen (name withheld)"
    assert hidden["document_slug"] == ""


def test_csv_links_follow_the_language(client, requests):
    public_id = requests["answered"].public_id
    response = client.get("/data/requests.csv?lang=ru")
    assert response["Content-Language"] == "ru"
    [row] = [row for row in read_csv(response) if row["public_id"] == public_id]
    assert row["url"] == f"http://testserver/ru/requests/{public_id}/"
    response = client.get("/data/requests.csv", HTTP_ACCEPT_LANGUAGE="kk")
    assert response["Content-Language"] == "kk"


def test_requests_csv_filters(client, requests):
    def ids(query):
        response = client.get(f"/data/requests.csv?{query}")
        return response, {row["public_id"] for row in read_csv(response)}

    response, found = ids("body=education-department")
    assert found == {requests["answered"].public_id}
    assert 'filename="requests-education-department.csv"' in response["Content-Disposition"]
    response, found = ids("year=2025")
    assert found == {requests["hidden_name"].public_id}
    assert 'filename="requests-2025.csv"' in response["Content-Disposition"]
    assert ids("body=education-department&year=2025")[1] == set()
    assert client.get("/data/requests.csv?year=last").status_code == 400


def test_request_events_csv(client, requests):
    assert reverse("downloads:request_events_csv") == "/data/request-events.csv"
    answered = requests["answered"].public_id
    response = client.get("/data/request-events.csv?body=education-department&lang=en")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="request-events-education-department.csv"'
    )
    rows = read_csv(response)
    assert [row["kind"] for row in rows] == ANSWERED_EVENTS
    assert {row["request_public_id"] for row in rows} == {answered}
    redirected = rows[2]
    assert redirected["label"] == "redirected to another body"
    assert redirected["other_body_slug"] == "construction-department"
    assert redirected["note"] == "Forwarded to the education department."
    assert redirected["happened_on"] == "2024-03-02"
    assert rows[3]["due_date"] == "2024-04-03"
    assert rows[0]["request_url"] == f"http://testserver/en/requests/{answered}/"

    by_year = read_csv(client.get("/data/request-events.csv?year=2025"))
    assert [(r["request_public_id"], r["kind"]) for r in by_year] == [
        (requests["hidden_name"].public_id, "created"),
        (requests["hidden_name"].public_id, "sent"),
    ]
    assert client.get("/data/request-events.csv?year=last").status_code == 400


# Query counts


def _answered_requests(n, *, requester, body, document, school):
    for i in range(n):
        item = new_request(
            requester=requester,
            body=body,
            subject=f"Request {i}",
            document=document,
            object=school,
            sent_on=date(2024, 6, 1),
            status=Status.ANSWERED_FULL,
        )
        answer = Answer.objects.create(
            request=item,
            source=Answer.Source.EMAIL,
            text="Answer",
            public_text="Answer",
            classification=Answer.Classification.FULL,
        )
        for name in ("a.pdf", "b.pdf"):
            attachment = Attachment(
                request=item,
                answer=answer,
                name=name,
                content_type="application/pdf",
                size=len(PDF_BYTES),
                sha256=Attachment.digest(PDF_BYTES),
            )
            attachment.original.save(name, ContentFile(PDF_BYTES), save=False)
            attachment.public_file.save(name, ContentFile(PDF_BYTES), save=False)
            attachment.save()
        RequestEvent.objects.create(
            request=item, kind=Kind.REDIRECTED, status_after=Status.REDIRECTED, other_body=body
        )


@pytest.mark.parametrize(
    "url",
    [
        "/api/requests/",
        "/api/request-events/",
        "/api/request-answers/",
        "/data/requests.csv",
        "/data/request-events.csv",
    ],
)
@pytest.mark.parametrize("persona", [None, "carol", "dana", "erin"])
def test_list_query_count_does_not_grow_with_rows(client, request, persona, url, body):
    if persona is not None:  # anonymous, a citizen, an officer, staff
        client.force_login(request.getfixturevalue(persona))
    requester = request.getfixturevalue("carol")
    document = PlanningDocumentFactory()
    school = ProjectObjectFactory(document=document)

    def build(n):
        _answered_requests(n, requester=requester, body=body, document=document, school=school)
        # Written behind the services, as a load; the test's transaction never commits, so the
        # site's generation is dropped here rather than at a commit (core/pagecache.py).
        cache.delete(pagecache.GENERATION_KEY)

    build(3)
    few = count_queries(client, url)
    build(27)
    many = count_queries(client, url)
    if url.startswith("/api/"):
        assert client.get(url).json()["count"] >= 30
    assert many == few
    assert few <= 8


def test_detail_query_count_does_not_grow_with_the_timeline(client, requests):
    url = f"/api/requests/{requests['answered'].public_id}/"
    few = count_queries(client, url)
    answered = requests["answered"]
    for _ in range(10):
        answer = Answer.objects.create(
            request=answered, source=Answer.Source.EMAIL, text="More", public_text="More"
        )
        Attachment.objects.create(
            request=answered,
            answer=answer,
            name="more.pdf",
            original="requests/x/private/more.pdf",
            public_file="requests/x/public/more.pdf",
            content_type="application/pdf",
            sha256="0" * 64,
        )
        RequestEvent.objects.create(request=answered, kind=Kind.NOTE, note="More")
    assert count_queries(client, url) == few
