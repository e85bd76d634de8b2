"""The figures of each state body's answers to problem reports (participation.stats): received,
answered on time or late, not answered, awaiting, confirmed fixed, reopened; on the organisation
page and in the bodies' ranking, by year, in a constant number of queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from baqylau.participation import reports, stats
from baqylau.participation.models import Moderation, Report, ReportEvent
from baqylau.registry.models import Organisation
from tests.factories import OrganisationFactory
from tests.helpers import count_queries, read_csv, section

pytestmark = pytest.mark.django_db


def past_due(report, today, days=3):
    Report.private_objects.filter(pk=report.pk).update(
        received_on=today - timedelta(days=40), due_on=today - timedelta(days=days)
    )
    report.refresh_from_db()
    return report


def published_in(report, year):
    moment = timezone.now().replace(year=year, month=6, day=15)
    Report.private_objects.filter(pk=report.pk).update(published_at=moment)


@pytest.fixture
def roads(db):
    return OrganisationFactory(
        kind=Organisation.Kind.AKIMAT_DEPARTMENT, slug="roads", name_en="Roads Department"
    )


@pytest.fixture
def example(published_report, file_report, body_school, dana, carol, bob, max_moderator, roads):
    """Reports to dana's body through the services, one of each case; returns them by name."""
    answer = reports.report_answer
    kind = ReportEvent.Kind
    made = {name: published_report(title=name) for name in ("on_time", "awaiting", "forwarded")}
    answer(report=made["on_time"], actor=dana, kind=kind.ACKNOWLEDGED)
    answer(report=made["forwarded"], actor=dana, kind=kind.FORWARDED, text="Roads.", to_body=roads)
    today = timezone.localdate()
    made["late"] = past_due(published_report(title="late"), today)
    answer(report=made["late"], actor=dana, kind=kind.REJECTED, text="No.")
    made["not_answered"] = past_due(published_report(title="not_answered"), today)
    made["fixed"] = published_report(title="fixed")
    answer(report=made["fixed"], actor=dana, kind=kind.DONE, text="Repaired.")
    reports.report_check_fixed(report=made["fixed"], fixed=True, user=carol)
    # Done, not fixed (reopened: its term starts again), done again and then fixed.
    made["reopened"] = published_report(title="reopened", reporter=bob)
    answer(report=made["reopened"], actor=dana, kind=kind.DONE, text="Repaired.")
    reports.report_check_fixed(report=made["reopened"], fixed=False, user=bob)
    # Reopened and not answered again yet.
    made["reopened_open"] = published_report(title="reopened_open", reporter=bob)
    answer(report=made["reopened_open"], actor=dana, kind=kind.DONE, text="Repaired.")
    reports.report_check_fixed(report=made["reopened_open"], fixed=False, user=bob)
    answer(report=made["reopened"], actor=dana, kind=kind.DONE, text="Now really.")
    reports.report_check_fixed(report=made["reopened"], fixed=True, user=bob)
    # Neither a held report nor a hidden one counts.
    made["held"] = file_report(at=body_school, reporter=carol, title="held")
    made["hidden"] = published_report(title="hidden")
    Report.private_objects.filter(pk=made["hidden"].pk).update(moderation=Moderation.HIDDEN)
    return made


@pytest.mark.dated
def test_each_report_counts_in_one_group(example, body, roads, today):
    record = stats.body_report_record(body, today=today)
    # on time: on_time, fixed and reopened (answered again since it was reopened).
    assert {name: record[name] for name in stats.FIGURES} == {
        "received": 7,
        "answered_on_time": 3,
        "answered_late": 1,
        "not_answered": 1,
        "awaiting": 2,  # awaiting, and reopened_open whose term started again today
        "fixed": 2,
        "reopened": 2,
        "share_on_time": stats.share(3, 5),
    }
    # The forwarded report counts for the body it was forwarded to, awaiting its answer.
    assert stats.body_report_record(roads, today=today)["awaiting"] == 1


@pytest.mark.dated
def test_not_answered_once_the_due_date_has_passed(example, body, today):
    """The day after the due date, what still awaits the answer is not answered."""
    later = example["awaiting"].due_on + timedelta(days=1)
    record = stats.body_report_record(body, today=later)
    assert record["awaiting"] == 0 and record["not_answered"] == 3


def test_an_answer_on_the_due_date_is_on_time(published_report, dana, body, today):
    report = published_report()
    Report.private_objects.filter(pk=report.pk).update(due_on=today)
    report.refresh_from_db()
    reports.report_answer(report=report, actor=dana, kind=ReportEvent.Kind.ACKNOWLEDGED)
    record = stats.body_report_record(body, today=today)
    assert (record["answered_on_time"], record["answered_late"]) == (1, 0)
    assert record["share_on_time"] == 1


def test_figures_by_year(example, body, today):
    for name in ("late", "not_answered"):
        published_in(example[name], today.year - 1)
    last_year = stats.body_report_record(body, year=today.year - 1, today=today)
    assert (last_year["received"], last_year["answered_late"], last_year["not_answered"]) == (
        2,
        1,
        1,
    )
    assert stats.body_report_record(body, year=today.year, today=today)["received"] == 5
    rows, years = stats.ranking_and_years(year=today.year - 1, today=today)
    assert years == [today.year, today.year - 1]
    assert [(row["body"], row["received"]) for row in rows] == [(body, 2)]


def test_the_ranking_best_first(example, body, roads, today, published_report):
    rows = stats.ranking(today=today)
    # roads: nothing answered yet, no share: last.
    assert [row["body"] for row in rows] == [body, roads]
    assert [row["rank"] for row in rows] == [1, 2]
    assert rows[0]["share_on_time"] == stats.share(3, 5)
    assert rows[1]["share_on_time"] is None


def test_the_figures_take_a_constant_number_of_queries(
    example, body, today, published_report, django_assert_num_queries, bob, settings
):
    with django_assert_num_queries(1):
        stats.body_report_record(body, today=today)
    with django_assert_num_queries(2):
        stats.ranking_and_years(today=today)
    for _ in range(4):
        published_report(reporter=bob)
    with django_assert_num_queries(1):
        stats.body_report_record(body, today=today)
    with django_assert_num_queries(2):
        stats.ranking_and_years(today=today)


def test_nothing_counted_is_one_query(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert stats.ranking_and_years() == ([], [])


# The pages ---------------------------------------------------------------------------------------


def test_the_organisation_page_shows_the_record(client, example, body):
    html = client.get(body.get_absolute_url()).content.decode()
    record = section(html, "report-record")
    assert "problem reports</h2>" in html
    assert "<strong>7</strong> received" in record
    assert "<strong>2</strong> reopened" in record
    assert "#reports" in record


def test_a_body_without_reports_shows_no_record(client, example, roads, registry):
    html = client.get(registry["akimat"].get_absolute_url()).content.decode()
    assert 'id="report-record"' not in html


def test_the_ranking_page_has_the_reports_table_and_its_rules(client, example, body, today):
    html = client.get("/en/requests/bodies/").content.decode()
    table = section(html, "reports")
    assert "Education Department" in table and "Roads Department" in table
    assert table.index("Education Department") < table.index("Roads Department")
    assert "Confirmed fixed" in html.split('id="figures"')[1]
    assert "in the year it was published" in html.split('id="figures"')[1]


def test_the_ranking_page_year_filter_knows_the_years_of_reports(client, example, today):
    published_in(example["late"], today.year - 3)
    html = client.get(f"/en/requests/bodies/?year={today.year - 3}").content.decode()
    assert f'<option value="{today.year - 3}" selected>' in html
    table = html.split('id="reports"')[1].split("</table>")[0]
    assert "Education Department" in table and "Roads Department" not in table
    html = client.get(f"/en/requests/bodies/?year={today.year}").content.decode()
    assert "Roads Department" in html.split('id="reports"')[1]


def test_the_ranking_page_without_reports(client, db):
    html = client.get("/en/requests/bodies/").content.decode()
    assert "No problem report to a state body has been published yet." in html


def test_the_pages_queries_do_not_grow_with_reports(client, example, body, bob, published_report):
    ranking = count_queries(client, "/en/requests/bodies/")
    organisation = count_queries(client, body.get_absolute_url())
    other = OrganisationFactory(kind=Organisation.Kind.AKIMAT_DEPARTMENT, slug="water")
    for _ in range(3):
        report = published_report(reporter=bob)
        Report.private_objects.filter(pk=report.pk).update(body=other)
    assert count_queries(client, "/en/requests/bodies/") == ranking
    assert count_queries(client, body.get_absolute_url()) == organisation


# Open data ---------------------------------------------------------------------------------------


def test_the_ranking_in_the_api_and_the_csv(client, example, body, roads, today):
    data = client.get("/api/report-ranking/").json()
    assert (data["year"], data["count"]) == (None, 2)
    first = data["results"][0]
    assert (first["rank"], first["body"], first["received"], first["reopened"]) == (
        1,
        body.slug,
        7,
        2,
    )
    assert first["share_on_time"] == "0.6000" and first["url"].endswith(body.get_absolute_url())
    assert client.get(f"/api/report-ranking/?year={today.year - 1}").json()["count"] == 0
    assert client.get("/api/report-ranking/?year=x").status_code == 400
    rows = read_csv(client.get("/data/report-ranking.csv"))
    assert [(row["body_slug"], row["received"]) for row in rows] == [
        (body.slug, "7"),
        ("roads", "1"),
    ]
    assert "/api/report-ranking/" in client.get("/api/schema/?format=json").json()["paths"]
    for page in ("/en/requests/bodies/", "/en/open-data/"):
        html = client.get(page).content.decode()
        assert 'href="/data/report-ranking.csv' in html and 'href="/api/report-ranking/' in html
