"""The citizens' reports on an object's page (open ones with their age, the latest closed ones,
the count and the link to the list filtered by the object), and the list's object filter: public
reports only, and a constant number of queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from baqylau.participation.models import ModerationReason, Report
from baqylau.participation.moderation import moderation_hide
from baqylau.participation.reports import Place

from ..helpers import PERSONAS, count_queries

pytestmark = pytest.mark.django_db


def object_url(obj) -> str:
    return reverse("portal:object", kwargs={"slug": obj.slug})


def section(response) -> str:
    html = response.content.decode()
    start = html.index('id="object-reports-heading"')
    return html[start : html.index("</section>", start)]


def close(report, status=Report.Status.FIXED):
    Report.private_objects.filter(pk=report.pk).update(status=status, closed_at=timezone.now())


def hide(report, moderator):
    reason = ModerationReason.objects.order_by("order").first()
    moderation_hide(item=report, moderator=moderator, reason=reason)


@pytest.fixture
def reports_at_school(published, file_report, school, carol, max_moderator):
    """Two open and one closed public report at the school, and one of each kind the public never
    sees: unconfirmed (by email), held (filed, not published), hidden."""
    opened = [published(title="Open leak"), published(title="Open stairs")]
    closed = published(title="Closed window")
    close(closed)
    file_report(at=school, email="someone@example.org", title="Unconfirmed secret")
    file_report(at=school, reporter=carol, title="Held secret")
    hide(published(title="Hidden insult"), max_moderator)
    return {"open": opened, "closed": closed}


@pytest.mark.parametrize("who", PERSONAS)
def test_the_object_page_lists_its_public_reports(as_persona, who, school, reports_at_school):
    response = as_persona(who).get(object_url(school))
    assert response.status_code == 200
    html = section(response)
    assert html.index("Open leak") < html.index("Closed window")
    assert "Open stairs" in html and "open 0 days" in html
    for secret in ("Unconfirmed secret", "Held secret", "Hidden insult"):
        assert secret not in html
    assert "All reports at this object (3)" in html
    assert f"?object={school.slug}" in html


def test_only_the_latest_five_closed_reports_are_listed(client, school, published):
    for i in range(7):
        close(published(title=f"Closed {i}"))
    html = section(client.get(object_url(school)))
    assert "Closed 6" in html and "Closed 2" in html and "Closed 1" not in html
    assert "No open reports." in html and "All reports at this object (7)" in html


def test_an_object_without_reports_says_so(client, school):
    html = section(client.get(object_url(school)))
    assert "No citizen has reported a problem at this object yet." in html


def test_the_report_list_filters_by_object(client, school, reports_at_school, published):
    published(at=Place(latitude=52.3, longitude=76.9), title="Elsewhere")
    response = client.get(reverse("participation:reports"), {"object": school.slug})
    html = response.content.decode()
    assert "Open leak" in html and "Closed window" in html
    assert "Hidden insult" not in html and "Held secret" not in html
    assert "Elsewhere" not in html
    assert f'name="object" value="{school.slug}"' in html
    assert response.context["page"].paginator.count == 3


def test_the_object_page_runs_the_same_queries_with_more_reports(
    client, school, published, django_assert_max_num_queries
):
    published(title="First")

    small = count_queries(client, object_url(school))
    for i in range(4):
        published(title=f"Open {i}")
        close(published(title=f"Closed {i}"))
    assert count_queries(client, object_url(school)) == small
