"""A report about an unpublished plan, or about an object of one, is not public; it becomes
public with the plan (`ReportQuerySet.published`, said as what is left out)."""

import pytest

from baqylau.participation.models import Category, Report
from baqylau.participation.states import Moderation

from ..factories import PlanningDocumentFactory, ProjectObjectFactory

pytestmark = pytest.mark.django_db


def _report(**where):
    return Report.private_objects.create(
        category=Category.objects.first() or Category.objects.create(code="other", name="Other"),
        title="Broken roof",
        description="Water comes through the roof of the gym.",
        reporter_email="resident@example.org",
        moderation=Moderation.PUBLISHED,
        **where,
    )


def test_a_report_at_an_unpublished_plan_or_its_object_leaves_the_public_reports():
    shown, draft = PlanningDocumentFactory(), PlanningDocumentFactory(is_published=False)
    at_shown = _report(project_object=ProjectObjectFactory(document=shown))
    at_draft_object = _report(project_object=ProjectObjectFactory(document=draft))
    at_draft = _report(document=draft)
    at_a_point = _report(latitude=52.3, longitude=76.9)
    with_both = _report(project_object=ProjectObjectFactory(document=shown), document=draft)
    held = _report(document=shown)
    Report.private_objects.filter(pk=held.pk).update(moderation=Moderation.HELD)

    assert set(Report.private_objects.published()) == {at_shown, at_a_point}
    assert Report.private_objects.published().count() == 2

    draft.is_published = True
    draft.save(update_fields=["is_published"])
    assert set(Report.private_objects.published()) == {
        at_shown,
        at_a_point,
        at_draft_object,
        at_draft,
        with_both,
    }
