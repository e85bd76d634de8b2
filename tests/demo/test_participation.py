"""The demo's citizens' participation: reports in every state, anonymous and named, with photos,
supporters, updates, official answers, comments, ratings and hidden items with their reasons, in
Kazakh and Russian; none of it shows a reporter's address on the public pages."""

import pytest
from django.urls import reverse

from baqylau.demo.participation import demo_reports
from baqylau.participation.models import (
    Comment,
    ModerationAction,
    Rating,
    Report,
    ReportEvent,
)
from baqylau.participation.states import Moderation

from ..helpers import KAZAKH_ONLY


@pytest.fixture
def reports(demo_data):
    return demo_reports()


def test_the_demo_has_reports_in_every_state(reports):
    assert set(reports.values_list("moderation", flat=True)) == set(Moderation.values)
    published = reports.filter(moderation=Moderation.PUBLISHED)
    assert set(published.values_list("status", flat=True)) == set(Report.Status.values)
    assert published.filter(reopened_count__gt=0).exists()
    assert published.filter(supporters_count__gte=3).exists()
    kinds = set(ReportEvent.objects.filter(report__in=reports).values_list("kind", flat=True))
    assert {"forwarded", "not_fixed", "fixed", "update", "done", "rejected"} <= kinds


def test_the_demo_reports_are_anonymous_and_named_with_photos_in_both_languages(reports):
    assert reports.filter(reporter=None).exclude(reporter_email="").exists()
    assert reports.filter(name_public=True).exists()
    assert reports.filter(files__content_type="image/jpeg").distinct().count() >= 5
    titles = list(reports.values_list("title", flat=True))
    assert any(KAZAKH_ONLY.search(t) for t in titles)
    assert any(not KAZAKH_ONLY.search(t) for t in titles)


def test_the_demo_has_comments_ratings_and_hidden_items_with_reasons(reports):
    assert Comment.objects.exclude(official_body=None).exists()
    assert Comment.objects.exclude(parent=None).exists()
    assert Comment.objects.filter(moderation=Moderation.HELD).exists()
    assert Rating.objects.filter(moderation=Moderation.PUBLISHED).count() >= 5
    hidden = ModerationAction.objects.filter(action=ModerationAction.Action.HIDE)
    assert set(hidden.values_list("reason__code", flat=True)) == {"personal-data", "insult"}


def test_the_demo_reports_pages_never_show_a_reporters_address(reports, client):
    addresses = [e for e in reports.values_list("reporter_email", flat=True) if e]
    pages = [reverse("participation:reports")] + [
        r.get_absolute_url() for r in reports.filter(moderation=Moderation.PUBLISHED)
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200
        text = response.content.decode()
        assert not [address for address in addresses if address in text]
        assert "@baqylau.local" not in text
