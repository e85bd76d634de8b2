"""Information requests cannot be used to flood bodies' mailboxes: one account sends only a few
requests by email in an hour, then is told to wait, in its language."""

import pytest
from django.urls import reverse
from django.utils import translation

from baqylau.inforequests import views
from baqylau.inforequests.models import InformationRequest, Status

from ..factories import InformationRequestFactory

pytestmark = pytest.mark.django_db


def send_url(item, lang="en"):
    with translation.override(lang):
        return reverse("inforequests:send", kwargs={"public_id": item.public_id})


def test_requests_by_email_are_limited_per_account_and_hour(
    client, alice, body, mailoutbox, django_capture_on_commit_callbacks
):
    limit = views.SENDS_PER_HOUR["per_account"]
    drafts = [
        InformationRequestFactory(
            requester=alice, body=body, delivery=InformationRequest.Delivery.EMAIL
        )
        for _ in range(limit + 2)
    ]
    client.force_login(alice)
    for draft in drafts:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(send_url(draft))
    statuses = [InformationRequest.private_objects.get(pk=draft.pk).status for draft in drafts]
    assert statuses == [Status.SENT] * limit + [Status.DRAFT] * 2
    assert len(mailoutbox) == limit
    assert "Too many requests in one hour" in response.content.decode()
