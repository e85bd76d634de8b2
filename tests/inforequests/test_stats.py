"""Each state body's record of answering information requests, and the public ranking.

The hand-computed example, as of Monday 2 December 2024 (requests of 2024 unless noted):

Education Department (`body`):
  1. sent 1 Jan 02:00 in Almaty (31 Dec in UTC), registered 3 Jan, due 17 Jan, answered in full
     13 Jan: on time, 10 days;
  2. registered 2 Apr, due 16 Apr, refused 16 Apr: on time (on the due date), refused, 14 days;
  3. registered 7 May, due 21 May, answered in part 31 May: late, 24 days;
  4. sent 3 Jun 01:00 in Almaty (2 Jun in UTC), never registered, due 17 Jun, answered 20 Jun,
     then appealed; its last classified answer is a refusal: late, refused, 17 days from sending;
  5. registered 1 Jul, due 15 Jul, answered 5 Jul, appealed; a refusal came first, then a partial
     answer, which is the last classification: on time, not refused, 4 days;
  6. registered 3 Sep, due 17 Sep, no answer, overdue: never answered;
  7. registered 2 Oct, due 16 Oct, no answer, still "registered": never answered;
  8. registered 26 Nov, due 10 Dec, no answer: pending;
  9. sent 1 Dec, not registered, no deadline yet: pending;
  not counted: a private answered request, a draft, a withdrawn request.
  In 2023: sent 28 Dec, registered 3 Jan 2024, due 17 Jan, answered 10 Jan: on time, 7 days.

  2024: received 9, on time 3 (1, 2, 5), late 2 (3, 4), never 2 (6, 7), pending 2 (8, 9),
  answered 5, refused 2 (2, 4); days 10, 14, 24, 17, 4 -> median 14; on time 3 / (5 + 2) = 0.4286;
  refusals 2 / 5 = 0.4.
  All years: received 10, on time 4, answered 6; days 4, 7, 10, 14, 17, 24 -> median 12;
  on time 4 / 8 = 0.5; refusals 2 / 6 = 0.3333.

Health Department: two answered on time in 2 and 3 days, one pending: share 1, median 2.5.
Roads Department: one answered on time in 5 days: share 1, median 5.
Culture Department: one pending request only: no share, ranked last.
An NGO and a body whose only request is private are not in the ranking.
"""

import re
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from baqylau.inforequests import stats
from baqylau.inforequests.models import Answer, InformationRequest, Status
from baqylau.registry.models import Organisation

from ..factories import OrganisationFactory, department
from ..helpers import (
    BAD_YEARS,
    assert_csv_rows_match_the_api,
    assert_year_refused,
    count_queries,
    ranking_schema_row,
    read_csv,
)

pytestmark = pytest.mark.django_db

TODAY = date(2024, 12, 2)
FIGURES = [
    "received",
    "answered",
    "answered_on_time",
    "answered_late",
    "never_answered",
    "pending",
    "refused",
    "median_days_to_answer",
    "share_on_time",
    "share_refused",
]


@pytest.fixture
def frozen_today(time_machine):
    """Pages, downloads and the API see TODAY as the current day."""
    time_machine.move_to(at(TODAY), tick=False)
    return TODAY


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def make(body, requester, *, sent, status, registered=None, due=None, answered=None, **extra):
    return InformationRequest.private_objects.create(
        requester=requester,
        body=body,
        subject="Budget of the school repairs",
        text="Please send the estimate.",
        status=status,
        sent_at=at(sent) if type(sent) is date else sent,
        registered_on=registered,
        due_date=due,
        answered_on=answered,
        **extra,
    )


def answer(request, day: date, classification: str):
    Answer.objects.create(
        request=request,
        source=Answer.Source.EMAIL,
        received_on=day,
        classification=classification,
    )


@pytest.fixture
def bodies(db):
    return {
        "health": department(
            "health-department", "Денсаулық сақтау басқармасы", "Управление здравоохранения",
            "Health Department",
        ),
        "roads": department(
            "roads-department", "Жолдар басқармасы", "Управление дорог", "Roads Department"
        ),
        "culture": department(
            "culture-department", "Мәдениет басқармасы", "Управление культуры",
            "Culture Department",
        ),
        "quiet": department(
            "quiet-department", "Тыныш басқарма", "Тихое управление", "Quiet Department"
        ),
    }  # fmt: skip


@pytest.fixture
def example(body, bodies, ngo, carol):
    """The hand-computed example of the module docstring."""
    d = date
    tz = timezone.get_default_timezone()
    for sent, registered, due, answered, status in (
        (datetime(2024, 1, 1, 2, 0, tzinfo=tz), d(2024, 1, 3), d(2024, 1, 17), d(2024, 1, 13),
         Status.ANSWERED_FULL),
        (d(2024, 4, 1), d(2024, 4, 2), d(2024, 4, 16), d(2024, 4, 16), Status.REFUSED),
        (d(2024, 5, 6), d(2024, 5, 7), d(2024, 5, 21), d(2024, 5, 31), Status.ANSWERED_PARTIAL),
        # Not answered yet.
        (d(2024, 9, 2), d(2024, 9, 3), d(2024, 9, 17), None, Status.OVERDUE),
        (d(2024, 10, 1), d(2024, 10, 2), d(2024, 10, 16), None, Status.REGISTERED),
        (d(2024, 11, 25), d(2024, 11, 26), d(2024, 12, 10), None, Status.REGISTERED),
    ):  # fmt: skip
        make(body, carol, sent=sent, registered=registered, due=due, answered=answered,
             status=status)  # fmt: skip
    appealed_refusal = make(
        body,
        carol,
        sent=datetime(2024, 6, 3, 1, 0, tzinfo=tz),
        due=d(2024, 6, 17),
        answered=d(2024, 6, 20),
        status=Status.APPEALED,
    )
    answer(appealed_refusal, d(2024, 6, 20), Answer.Classification.REFUSAL)
    answer(appealed_refusal, d(2024, 6, 25), "")  # a letter nobody classified
    appealed_partial = make(
        body,
        carol,
        sent=d(2024, 7, 1),
        registered=d(2024, 7, 1),
        due=d(2024, 7, 15),
        answered=d(2024, 7, 5),
        status=Status.APPEALED,
    )
    answer(appealed_partial, d(2024, 7, 3), Answer.Classification.REFUSAL)
    answer(appealed_partial, d(2024, 7, 5), Answer.Classification.PARTIAL)
    make(body, carol, sent=d(2024, 12, 1), status=Status.SENT)
    # Not counted: private, draft, withdrawn.
    make(
        body,
        carol,
        sent=d(2024, 2, 1),
        registered=d(2024, 2, 1),
        due=d(2024, 2, 15),
        answered=d(2024, 2, 2),
        status=Status.ANSWERED_FULL,
        is_public=False,
    )
    make(body, carol, sent=None, status=Status.DRAFT)
    make(
        body,
        carol,
        sent=d(2024, 2, 5),
        registered=d(2024, 2, 6),
        due=d(2024, 2, 20),
        status=Status.WITHDRAWN,
    )
    # 2023
    make(
        body,
        carol,
        sent=d(2023, 12, 28),
        registered=d(2024, 1, 3),
        due=d(2024, 1, 17),
        answered=d(2024, 1, 10),
        status=Status.ANSWERED_FULL,
    )

    health, roads, culture = bodies["health"], bodies["roads"], bodies["culture"]
    for sent, answered in ((d(2024, 3, 4), d(2024, 3, 6)), (d(2024, 4, 1), d(2024, 4, 4))):
        make(
            health,
            carol,
            sent=sent,
            registered=sent,
            due=d(sent.year, sent.month, 15),
            answered=answered,
            status=Status.ANSWERED_FULL,
        )
    make(health, carol, sent=d(2024, 11, 28), due=d(2024, 12, 12), status=Status.SENT)
    make(
        roads,
        carol,
        sent=d(2024, 8, 5),
        registered=d(2024, 8, 5),
        due=d(2024, 8, 19),
        answered=d(2024, 8, 10),
        status=Status.ANSWERED_FULL,
    )
    make(culture, carol, sent=d(2024, 11, 29), status=Status.SENT)
    make(
        bodies["quiet"],
        carol,
        sent=d(2024, 3, 1),
        answered=d(2024, 3, 2),
        status=Status.ANSWERED_FULL,
        is_public=False,
    )
    make(ngo, carol, sent=d(2024, 3, 1), status=Status.SENT)
    return {"education": body, **bodies}


EDUCATION_2024 = {
    "received": 9,
    "answered": 5,
    "answered_on_time": 3,
    "answered_late": 2,
    "never_answered": 2,
    "pending": 2,
    "refused": 2,
    "median_days_to_answer": Decimal("14"),
    "share_on_time": Decimal("0.4286"),
    "share_refused": Decimal("0.4"),
}
EDUCATION_ALL_YEARS = {
    "received": 10,
    "answered": 6,
    "answered_on_time": 4,
    "answered_late": 2,
    "never_answered": 2,
    "pending": 2,
    "refused": 2,
    "median_days_to_answer": Decimal("12"),
    "share_on_time": Decimal("0.5"),
    "share_refused": Decimal("0.3333"),
}


def figures(row: dict) -> dict:
    return {name: row[name] for name in FIGURES}


# Selectors


def test_record_of_a_body_for_a_year(example):
    record = stats.body_request_record(example["education"], year=2024, today=TODAY)
    assert figures(record) == EDUCATION_2024
    assert record["year"] == 2024
    assert record["as_of"] == TODAY


def test_record_of_a_body_over_all_years(example):
    record = stats.body_request_record(example["education"], today=TODAY)
    assert figures(record) == EDUCATION_ALL_YEARS


def test_record_of_the_previous_year(example):
    record = stats.body_request_record(example["education"], year=2023, today=TODAY)
    assert figures(record) == {
        "received": 1,
        "answered": 1,
        "answered_on_time": 1,
        "answered_late": 0,
        "never_answered": 0,
        "pending": 0,
        "refused": 0,
        "median_days_to_answer": Decimal("7"),
        "share_on_time": Decimal("1"),
        "share_refused": Decimal("0"),
    }


def test_a_pending_request_is_never_answered_once_its_deadline_passes(example):
    on_due_date = stats.body_request_record(
        example["education"], year=2024, today=date(2024, 12, 10)
    )
    assert (on_due_date["never_answered"], on_due_date["pending"]) == (2, 2)
    day_after = stats.body_request_record(example["education"], year=2024, today=date(2024, 12, 11))
    assert (day_after["never_answered"], day_after["pending"]) == (3, 1)
    assert day_after["share_on_time"] == Decimal("0.375")  # 3 / (5 + 3)


def test_a_body_without_requests_has_an_empty_record(bodies):
    record = stats.body_request_record(bodies["quiet"], today=TODAY)
    assert record["received"] == 0
    assert record["median_days_to_answer"] is None
    assert record["share_on_time"] is None
    assert record["share_refused"] is None


def test_ranking_order(example):
    rows = stats.ranking(year=2024, today=TODAY)
    assert [row["body"].slug for row in rows] == [
        "health-department",  # share 1, median 2.5
        "roads-department",  # share 1, median 5
        "education-department",  # share 0.4286
        "culture-department",  # nothing answered or overdue yet: no share
    ]
    assert [row["rank"] for row in rows] == [1, 2, 3, 4]
    assert figures(rows[2]) == EDUCATION_2024
    health = figures(rows[0])
    assert health["median_days_to_answer"] == Decimal("2.5")
    assert (health["received"], health["answered_on_time"], health["pending"]) == (3, 2, 1)
    assert rows[3]["share_on_time"] is None


def test_ranking_of_a_year_without_requests_is_empty(example):
    assert stats.ranking(year=2020, today=TODAY) == []


def test_ranking_over_all_years(example):
    rows = {row["body"].slug: row for row in stats.ranking(today=TODAY)}
    assert figures(rows["education-department"]) == EDUCATION_ALL_YEARS


def test_request_years(example):
    assert stats.request_years() == [2024, 2023]


def test_ranking_runs_two_queries_whatever_the_number_of_requests(example, carol):
    with CaptureQueriesContext(connection) as before:
        stats.ranking(today=TODAY)
    for i in range(5):
        extra = OrganisationFactory(kind=Organisation.Kind.DISTRICT_AKIMAT)
        for j in range(3):
            make(
                extra,
                carol,
                sent=date(2024, 2, 1 + j),
                due=date(2024, 2, 20),
                answered=date(2024, 2, 10 + i),
                status=Status.ANSWERED_FULL,
            )
    with CaptureQueriesContext(connection) as after:
        rows = stats.ranking(today=TODAY)
    assert len(rows) == 9
    assert len(before.captured_queries) == len(after.captured_queries) == 2


# The ranking page


@pytest.mark.parametrize(
    ("lang", "name", "sep"),
    [
        ("kk", "Білім беру басқармасы", ","),
        ("ru", "Управление образования", ","),
        ("en", "Education Department", "."),
    ],
)
def test_ranking_page(client, example, frozen_today, lang, name, sep):
    response = client.get(f"/{lang}/requests/bodies/?year=2024")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html
    assert f"<title>{name}: 42{sep}9\u00a0%</title>" in html
    assert f'href="/{lang}/organisations/education-department/"' in html
    assert "Quiet Department" not in html
    assert "Adal" not in html
    row = html.split(f">{name}</a>")[1].split("</tr>")[0]
    cells = re.findall(r'<td class="num[^"]*" data-label="[^"]*">([^<]*)</td>', row)
    on_time, refusals = f"42{sep}9\u00a0%", f"40{sep}0\u00a0%"
    # The share answered on time, by which bodies are ranked, comes first.
    assert cells == [on_time, "9", "3", "2", "2", "2", "2", "14", refusals]


def test_ranking_page_url_name():
    assert reverse("rankings:bodies") == "/en/requests/bodies/"


def test_ranking_page_year_filter(client, example, frozen_today):
    html = client.get("/en/requests/bodies/?year=2023").content.decode()
    assert "Education Department" in html
    assert "Health Department" not in html
    everything = client.get("/en/requests/bodies/?year=nonsense").content.decode()
    assert "Health Department" in everything
    assert "50.0\u00a0%" in everything  # education over all years


def test_ranking_page_without_requests(client, db):
    response = client.get("/ru/requests/bodies/")
    assert response.status_code == 200
    assert "<svg" not in response.content.decode()


def test_ranking_page_queries_do_not_grow(client, example, carol, frozen_today):
    before = count_queries(client, "/ru/requests/bodies/")
    for i in range(6):
        extra = OrganisationFactory(kind=Organisation.Kind.MINISTRY)
        for j in range(4):
            make(
                extra,
                carol,
                sent=date(2023 - i % 2, 3, 1 + j),
                registered=date(2023 - i % 2, 3, 2 + j),
                due=date(2023 - i % 2, 3, 20),
                answered=date(2023 - i % 2, 3, 10 + i),
                status=Status.REFUSED if j == 0 else Status.ANSWERED_FULL,
            )
    assert count_queries(client, "/ru/requests/bodies/") == before <= 5


def test_organisation_page_shows_the_record(client, example, frozen_today):
    html = client.get("/en/organisations/education-department/").content.decode()
    assert "How it answers information requests" in html
    assert "50.0\u00a0%" in html  # over all years
    assert 'href="/en/requests/bodies/"' in html
    quiet = client.get("/en/organisations/quiet-department/").content.decode()
    assert "How it answers information requests" not in quiet


# CSV and API


def test_csv_and_api_rows_match(client, example, frozen_today):
    response = client.get("/data/request-ranking.csv?year=2024", HTTP_ACCEPT_LANGUAGE="ru")
    assert 'filename="request-ranking-2024.csv"' in response["Content-Disposition"]
    csv_rows = read_csv(response)
    api = client.get("/api/request-ranking/?year=2024&lang=ru")
    assert api.status_code == 200
    data = api.json()
    assert data["year"] == 2024
    assert data["as_of"] == "2024-12-02"
    assert data["count"] == 4
    api_rows = data["results"]
    assert [r["body_slug"] for r in csv_rows] == [r["body"] for r in api_rows]
    assert [r["body"] for r in api_rows] == [
        "health-department",
        "roads-department",
        "education-department",
        "culture-department",
    ]
    assert_csv_rows_match_the_api(csv_rows, api_rows, FIGURES)
    assert {c["year"] for c in csv_rows} == {"2024"}
    education = api_rows[2]
    assert education["name"] == "Управление образования"
    assert education["name_i18n"]["kk"] == "Білім беру басқармасы"
    assert education["share_on_time"] == "0.4286"
    assert education["median_days_to_answer"] == "14.0"
    assert education["url"].endswith("/organisations/education-department/")
    assert csv_rows[2]["body_name_en"] == "Education Department"
    assert csv_rows[2]["share_refused"] == "0.4"


def test_csv_and_api_over_all_years(client, example, frozen_today):
    response = client.get("/data/request-ranking.csv")
    assert 'filename="request-ranking.csv"' in response["Content-Disposition"]
    rows = {r["body_slug"]: r for r in read_csv(response)}
    assert rows["education-department"]["received"] == "10"
    assert rows["education-department"]["year"] == ""
    data = client.get("/api/request-ranking/").json()
    assert data["year"] is None
    assert {r["body"]: r["received"] for r in data["results"]}["education-department"] == 10


@pytest.mark.parametrize("year", BAD_YEARS)
def test_a_bad_year_is_refused(client, db, year):
    assert_year_refused(client, "request-ranking", year)


def test_ranking_in_the_openapi_schema(client):
    row = ranking_schema_row(client, "request-ranking", "RequestRankingRow")
    assert {"rank", "body", "received", "share_on_time", "median_days_to_answer"} <= set(row)
    assert row["share_on_time"]["format"] == "decimal"
