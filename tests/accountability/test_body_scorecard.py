"""How each state body answers the recommendations of public monitoring: its scorecard on its
portal page, the ranking page, the CSV and the API, against figures computed by hand.

The example, with TODAY the day the tests run and every due date set by hand:

A published campaign sent its final document 14 days ago with seven recommendations:

    to the education department            due         answer                 verified
    1  accepted 8 days ago                  4 days ago  on time                carried out
    2  partly accepted 2 days ago           4 days ago  late                   partly carried out
    3  rejected 5 days ago                  4 days ago  on time                not carried out
    4  no answer                            4 days ago  overdue (not marked)   -
    5  no answer, marked overdue            4 days ago  overdue                -
    6  no answer                            in 3 days   awaiting               -
    to the regional akimat
    7  accepted 6 days ago                  4 days ago  on time                -

Not counted: a recommendation to the department in a campaign whose final document is not sent
(a draft), and a sent recommendation of a campaign that is no longer published.

Education department: received 6; answered 3 (on time 2, late 1); overdue 2; awaiting 1;
accepted 1, partly 1, rejected 1; share on time 2 ÷ (3 + 2) = 0.4; verified: carried out 1,
partly 1, not carried out 1; share carried out 1 ÷ 3 = 0.3333.
Regional akimat: received 1, on time 1, share 1. The akimat ranks first, the department second.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext as _

from baqylau.accountability import services as accountability
from baqylau.accountability import stats
from baqylau.accountability.models import Recommendation
from baqylau.accounts.models import Role
from baqylau.monitoring.models import Campaign

from ..cycle import add_finding, add_recommendation, finished_control, write_document
from ..factories import MembershipFactory, UserFactory
from ..helpers import (
    BAD_YEARS,
    assert_csv_rows_match_the_api,
    assert_year_refused,
    count_queries,
    ranking_schema_row,
    read_csv,
    section,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_pdf")]

EDUCATION = {
    "received": 6,
    "answered": 3,
    "answered_on_time": 2,
    "answered_late": 1,
    "overdue": 2,
    "awaiting": 1,
    "accepted": 1,
    "partly_accepted": 1,
    "rejected": 1,
    "share_on_time": Decimal("0.4000"),
    "verified_done": 1,
    "verified_partly_done": 1,
    "verified_not_done": 1,
    "share_carried_out": Decimal("0.3333"),
}
AKIMAT = {
    "received": 1,
    "answered": 1,
    "answered_on_time": 1,
    "answered_late": 0,
    "overdue": 0,
    "awaiting": 0,
    "accepted": 1,
    "partly_accepted": 0,
    "rejected": 0,
    "share_on_time": Decimal("1.0000"),
    "verified_done": 0,
    "verified_partly_done": 0,
    "verified_not_done": 0,
    "share_carried_out": None,
}


def days(today, n: int):
    return today + timedelta(days=n)


def sent(registry, ngo, alice, bodies, *, today, title: str):
    """A published campaign with one recommendation to each body in `bodies`, sent 14 days ago
    (the end of control three weeks ago), each due 4 days ago."""
    campaign = finished_control(registry, ngo, alice, today, title={"en": title, "ru": title})
    finding = add_finding(campaign, alice, registry)
    recommendations = [
        add_recommendation(campaign, alice, body, [finding], text=f"{title} {n}")
        for n, body in enumerate(bodies, start=1)
    ]
    write_document(campaign, alice)
    accountability.final_document_send(campaign=campaign, actor=alice, sent_on=days(today, -14))
    Recommendation.private_objects.filter(campaign=campaign).update(due_on=days(today, -4))
    for item in recommendations:
        item.refresh_from_db()
    return campaign, recommendations


def answer(recommendation, officer, decision, answered_on):
    measures = (
        []
        if decision == "rejected"
        else [accountability.Measure("A measure", answered_on + timedelta(days=30))]
    )
    accountability.answer_give(
        recommendation=recommendation,
        actor=officer,
        decision=decision,
        reasons="Reasons.",
        answered_on=answered_on,
        measures=measures,
    )
    recommendation.refresh_from_db()


def verify(recommendation, monitor, verification):
    accountability.verification_record(
        recommendation=recommendation, actor=monitor, verification=verification, note="Checked."
    )


@pytest.fixture
def akimat_officer(registry):
    return MembershipFactory(
        user=UserFactory(email="aigul@example.org"),
        organisation=registry["akimat"],
        role=Role.OFFICER,
    ).user


@pytest.fixture
def example(registry, ngo, alice, body, dana, akimat_officer, today):
    akimat = registry["akimat"]
    campaign, recs = sent(
        registry, ngo, alice, [body] * 6 + [akimat], title="Scorecard check", today=today
    )
    r1, r2, r3, r4, r5, r6, r7 = recs
    answer(r1, dana, "accepted", days(today, -8))
    answer(r2, dana, "partly", days(today, -2))
    answer(r3, dana, "rejected", days(today, -5))
    answer(r7, akimat_officer, "accepted", days(today, -6))
    Recommendation.private_objects.filter(pk=r6.pk).update(due_on=days(today, 3))
    assert accountability.recommendations_mark_overdue(today=days(today, -3)) == 2  # r4 and r5
    # The nightly check has not reached r4 yet: it counts as overdue all the same.
    Recommendation.private_objects.filter(pk=r4.pk).update(state="awaiting", overdue_at=None)
    verify(r1, alice, "done")
    verify(r2, alice, "partly_done")
    verify(r3, alice, "not_done")
    assert not r1.answered_late and r2.answered_late and not r3.answered_late

    # Not counted: a draft, and a sent recommendation of a campaign no longer published.
    draft = finished_control(registry, ngo, alice, today, title={"en": "Draft check"})
    add_recommendation(draft, alice, body, [add_finding(draft, alice, registry)])
    withdrawn, _ = sent(registry, ngo, alice, [body], title="Withdrawn check", today=today)
    Campaign.private_objects.filter(pk=withdrawn.pk).update(is_published=False)
    return {"campaign": campaign, "recommendations": recs, "akimat": akimat}


def figures(record: dict) -> dict:
    return {name: record[name] for name in stats.FIGURES}


# The figures


def test_record_of_a_body_against_the_hand_computed_example(example, body):
    record = stats.body_recommendation_record(body)
    assert figures(record) == EDUCATION
    assert record["body"] == body and record["year"] is None


def test_record_of_the_year_sent(example, body, today):
    year = days(today, -14).year
    assert figures(stats.body_recommendation_record(body, year=year)) == EDUCATION
    empty = stats.body_recommendation_record(body, year=year - 1)
    assert empty["received"] == 0 and empty["share_on_time"] is None


def test_an_awaiting_recommendation_becomes_overdue_when_its_day_passes(example, body, today):
    record = stats.body_recommendation_record(body, today=days(today, 4))
    assert record["awaiting"] == 0 and record["overdue"] == 3
    assert record["share_on_time"] == Decimal("0.3333")  # 2 ÷ (3 + 3)


def test_ranking(example, body, today):
    rows = stats.ranking()
    assert [row["body"].slug for row in rows] == ["akimat", "education-department"]
    assert [row["rank"] for row in rows] == [1, 2]
    assert figures(rows[0]) == AKIMAT
    assert figures(rows[1]) == EDUCATION
    assert stats.ranking(year=days(today, -14).year - 1) == []


def test_ranking_and_years_read_together(example, today):
    rows, years = stats.ranking_and_years()
    assert years == [days(today, -14).year]
    assert [row["body"].slug for row in rows] == ["akimat", "education-department"]
    rows, _years = stats.ranking_and_years(year=years[0] - 1)
    assert rows == []


def test_figures_run_a_constant_number_of_queries(example, registry, ngo, alice, body, today):
    with CaptureQueriesContext(connection) as before:
        stats.ranking()
        stats.body_recommendation_record(body)
    sent(registry, ngo, alice, [body] * 5 + [registry["akimat"]], title="More check", today=today)
    with CaptureQueriesContext(connection) as after:
        rows = stats.ranking()
        stats.body_recommendation_record(body)
    assert rows[1]["received"] == 11
    assert len(before.captured_queries) == len(after.captured_queries) == 3


def test_nothing_counts_before_anything_is_sent(registry, ngo, alice, body, today):
    draft = finished_control(registry, ngo, alice, today)
    add_recommendation(draft, alice, body, [add_finding(draft, alice, registry)])
    assert stats.ranking() == []
    assert stats.body_recommendation_record(body)["received"] == 0


# The portal


def test_organisation_page_shows_the_scorecard_next_to_the_request_record(client, example):
    html = client.get("/en/organisations/education-department/").content.decode()
    record = section(html, "recommendation-record")
    for figure, label in [
        (6, "received"),
        (2, "answered on time"),
        (1, "answered late"),
        (2, "not answered, overdue"),
        (1, "awaiting the answer"),
        (1, "accepted"),
        (1, "partly accepted"),
        (1, "rejected"),
        (1, "verified as carried out"),
    ]:
        assert f"<strong>{figure}</strong> {label}" in record, label
    assert "<strong>40.0\u00a0%</strong> share answered on time" in record


@pytest.mark.parametrize(
    ("lang", "name", "first", "share"),
    [
        ("kk", "Білім беру басқармасы", "Облыс әкімдігі", "40,0\u00a0%"),
        ("ru", "Управление образования", "Акимат области", "40,0\u00a0%"),
        ("en", "Education Department", "Regional akimat", "40.0\u00a0%"),
    ],
)
def test_ranking_page_has_the_recommendation_table(client, example, lang, name, first, share):
    response = client.get(f"/{lang}/requests/bodies/")
    assert response.status_code == 200
    html = response.content.decode()
    table = section(html, "recommendations")
    assert f"<title>{name}: {share}</title>" in table
    row = table.split(f">{name}</a>")[1].split("</tr>")[0]
    cells = re.findall(r'<td class="num([^"]*)" data-label="([^"]*)">([^<]*)</td>', row)
    assert [figure for _class, _label, figure in cells] == [
        share,
        "6",
        "2",
        "1",
        "2",
        "1",
        "1",
        "1",
        "1",
        "1",
    ]
    # A phone shows the main figures as a card, each labelled; the breakdown is secondary.
    with translation.override(lang):
        assert cells[0] == (" key", str(_("Share answered on time")), share)
        assert cells[3] == (" secondary", str(_("Answered late")), "1")
    assert table.index(f">{first}</a>") < table.index(f">{name}</a>")
    assert f'href="/{lang}/organisations/education-department/#recommendation-record"' in table
    assert "Withdrawn check" not in html and "Draft check" not in html


def test_ranking_page_year_filter_knows_the_years_of_recommendations(client, example, today):
    year = days(today, -14).year
    html = client.get(f"/en/requests/bodies/?year={year}").content.decode()
    assert f'<option value="{year}" selected>' in html
    assert "Education Department" in html.split('id="recommendations"')[1]
    html = client.get(f"/en/requests/bodies/?year={year - 1}").content.decode()
    assert f'<option value="{year - 1}"' not in html
    assert "Education Department" in html.split('id="recommendations"')[1]  # all years


def test_ranking_page_queries_do_not_grow(client, example, registry, ngo, alice, body, today):
    before = count_queries(client, "/ru/requests/bodies/")
    sent(registry, ngo, alice, [body, registry["akimat"]] * 3, title="More check", today=today)
    assert count_queries(client, "/ru/requests/bodies/") == before <= 6


def test_ranking_page_without_recommendations(client, db):
    html = client.get("/en/requests/bodies/").content.decode()
    assert "No recommendation of a published campaign has been sent yet." in html


# CSV and API


def test_csv_and_api_rows_match(client, example, today):
    response = client.get("/data/recommendation-ranking.csv?lang=ru")
    assert 'filename="recommendation-ranking.csv"' in response["Content-Disposition"]
    csv_rows = read_csv(response)
    data = client.get("/api/recommendation-ranking/?lang=ru").json()
    assert data["year"] is None
    assert data["as_of"] == today.isoformat()
    assert data["count"] == 2
    api_rows = data["results"]
    assert [r["body_slug"] for r in csv_rows] == [r["body"] for r in api_rows]
    assert [r["body"] for r in api_rows] == ["akimat", "education-department"]
    assert_csv_rows_match_the_api(csv_rows, api_rows, stats.FIGURES)
    education = api_rows[1]
    assert education["name"] == "Управление образования"
    assert education["share_on_time"] == "0.4000"
    assert education["share_carried_out"] == "0.3333"
    assert education["url"].endswith("/organisations/education-department/")
    assert csv_rows[1]["body_name_en"] == "Education Department"
    assert csv_rows[1]["share_on_time"] == "0.4"
    assert csv_rows[0]["share_carried_out"] == ""


def test_csv_and_api_of_a_year(client, example, today):
    year = days(today, -14).year
    response = client.get(f"/data/recommendation-ranking.csv?year={year}")
    assert f'filename="recommendation-ranking-{year}.csv"' in response["Content-Disposition"]
    assert len(read_csv(response)) == 2
    assert client.get(f"/api/recommendation-ranking/?year={year - 1}").json()["count"] == 0


@pytest.mark.parametrize("year", BAD_YEARS)
def test_a_bad_year_is_refused(client, db, year):
    assert_year_refused(client, "recommendation-ranking", year)


def test_ranking_in_the_openapi_schema(client):
    row = ranking_schema_row(client, "recommendation-ranking", "RecommendationRankingRow")
    assert set(stats.FIGURES) <= set(row)
    assert row["share_on_time"]["format"] == "decimal"
