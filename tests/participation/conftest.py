"""Fixtures of participation: categories and rules come from the migrations; a place to report
at in Pavlodar region, with its responsible body."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baqylau.participation.models import Category
from baqylau.participation.reports import Place, report_publish, report_submit
from baqylau.registry.models import ProjectObject
from tests.factories import MembershipFactory


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
def body_school(school, body):
    """The school, made the responsibility of `body`, the department dana is an officer of."""
    ProjectObject.private_objects.filter(pk=school.pk).update(responsible_body=body)
    school.refresh_from_db()
    return school


@pytest.fixture
def reason(db):
    """A moderation reason by its code (from the migrations)."""
    from baqylau.participation.models import ModerationReason

    return lambda code: ModerationReason.objects.get(code=code)


@pytest.fixture
def completed_school(school):
    """The `registry` fixture's school, completed: it can be rated."""
    school.status = school.Status.COMPLETED
    school.save(update_fields=["status"])
    return school


@pytest.fixture
def published_report(published, body_school):
    """`published`, at the school of dana's body unless told: the body receives it today."""

    def publish(*, at=None, **extra):
        return published(at=at or body_school, **extra)

    return publish


@pytest.fixture
def photo_report(file_report, school, carol, max_moderator):
    """Carol's published report with one photo (a 200 × 100 JPEG, left half red, right half
    blue)."""
    from PIL import Image

    from baqylau.participation import reports

    image = Image.new("RGB", (200, 100), (200, 0, 0))
    image.paste((0, 0, 200), (100, 0, 200, 100))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=95)
    upload = SimpleUploadedFile("roof.jpg", buffer.getvalue(), content_type="image/jpeg")
    report = file_report(at=school, reporter=carol, uploads=[upload])
    reports.report_publish(report=report, actor=max_moderator)
    return report


@pytest.fixture
def published(file_report, school, carol, max_moderator):
    """File a report as carol (or as given) and publish it; returns it fresh from the database."""

    def publish(*, at=None, reporter=None, **extra):
        report = file_report(at=at or school, reporter=reporter or carol, **extra)
        report_publish(report=report, actor=max_moderator)
        report.refresh_from_db()
        return report

    return publish


@pytest.fixture
def school_officer(school, dana):
    """dana, also an officer of the school's responsible body (the akimat)."""
    MembershipFactory(user=dana, organisation=school.responsible_body, role="officer")
    return dana
