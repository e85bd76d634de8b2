"""Fixtures of participation: categories and rules come from the migrations; a place to report
at in Pavlodar region, with its responsible body."""

import pytest

from baqylau.participation.models import Category
from baqylau.participation.reports import Place, report_submit


@pytest.fixture
def category(db):
    return Category.objects.get(code="quality-of-work")


@pytest.fixture
def school(registry):
    """A published school with a location and a responsible body (the regional education
    department of the `registry` fixture)."""
    return registry["school"]


@pytest.fixture
def file_report(category):
    """File a report through the service, as the form does."""

    def file(*, at, reporter=None, email="", title="Broken roof", **extra):
        return report_submit(
            category=extra.pop("category", category),
            title=title,
            description=extra.pop("description", "Water comes through the roof of the gym."),
            place=at if isinstance(at, Place) else Place(project_object=at),
            reporter=reporter,
            email=email,
            **extra,
        )

    return file


@pytest.fixture
def report_page(monkeypatch):
    """The report page's address, for the tests of links to it while the page itself is not in
    the branch (a no-op once `participation:report` exists)."""
    from django.urls import NoReverseMatch, reverse
    from django.utils.translation import get_language

    from baqylau.participation.models import Report

    try:
        reverse("participation:report", kwargs={"pk": 1})
    except NoReverseMatch:
        monkeypatch.setattr(
            Report,
            "get_absolute_url",
            lambda self: f"/{get_language()}/participation/reports/{self.pk}/",
        )
