"""My Baqylau: what I follow and what I contributed, with its state, for every role; only ever
my own; a followed thing no longer public is not shown; a number of queries that does not grow
with what I follow and wrote."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from baqylau.accounts import following
from baqylau.accounts.models import Follow
from baqylau.participation import reports
from baqylau.participation.models import (
    Comment,
    Moderation,
    Rating,
    RatingCriterion,
    Report,
    Score,
)
from tests.helpers import PERSONAS

pytestmark = pytest.mark.django_db

MINE = "/en/participation/mine/"


def contribute(user, registry, file_report, *, tag: str):
    """One of each contribution by `user`, marked with `tag`: a report, an update on it once
    published, a comment on the document and a rating of the school; and a follow of the region."""
    school = registry["school"]
    report = file_report(at=school, reporter=user, title=f"{tag}-REPORT")
    Report.private_objects.filter(pk=report.pk).update(moderation=Moderation.PUBLISHED)
    report.refresh_from_db()
    reports.report_update_add(report=report, actor=user, text=f"{tag}-UPDATE")
    Comment.objects.create(
        target_type=ContentType.objects.get_for_model(registry["document"]),
        target_id=registry["document"].pk,
        author=user,
        text=f"{tag}-COMMENT",
    )
    rating, _created = Rating.objects.get_or_create(
        project_object=school, user=user, defaults={"reason": f"{tag}-RATING"}
    )
    criterion = RatingCriterion.objects.order_by("pk").first()
    Score.objects.get_or_create(rating=rating, criterion=criterion, defaults={"value": 4})
    following.follow(user=user, target=registry["region"])
    return report


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(MINE)
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("who", [p for p in PERSONAS if p != "anonymous"])
def test_every_role_sees_its_own_contributions_and_follows_only(
    who, as_persona, everyone, registry, file_report, bob
):
    user = everyone[who]
    contribute(user, registry, file_report, tag="MINE")
    if user != bob:
        contribute(bob, registry, file_report, tag="OTHER")
    response = as_persona(who).get(MINE)
    assert response.status_code == 200
    text = response.content.decode()
    for kind in ["REPORT", "UPDATE", "COMMENT", "RATING"]:
        assert f"MINE-{kind}" in text
        assert f"OTHER-{kind}" not in text
    assert "Pavlodar Region" in text
    assert text.count('name="action" value="unfollow"') == 1


def test_the_state_of_each_contribution_is_shown(
    client, carol, registry, file_report, max_moderator
):
    held = file_report(at=registry["school"], reporter=carol, title="Still held")
    client.force_login(carol)
    text = client.get(MINE).content.decode()
    assert "Still held" in text and "waiting for a moderator" in text
    reports.report_publish(report=held, actor=max_moderator)
    Report.private_objects.filter(pk=held.pk).update(status=Report.Status.IN_PROGRESS)
    text = client.get(MINE).content.decode()
    assert "in progress" in text and "public" in text


def test_a_followed_report_no_longer_public_is_not_shown(client, carol, bob, registry, file_report):
    report = file_report(at=registry["school"], reporter=bob, title="SOON-HIDDEN")
    following.follow(user=carol, target=report)
    Report.private_objects.filter(pk=report.pk).update(moderation=Moderation.HIDDEN)
    client.force_login(carol)
    text = client.get(MINE).content.decode()
    assert "SOON-HIDDEN" not in text and "no longer public" in text


def test_frequency_and_unfollow_from_the_page(client, carol, registry):
    following.follow(user=carol, target=registry["akimat"])
    client.force_login(carol)
    form = {"target": following.key_of(registry["akimat"]), "next": MINE}
    response = client.post(reverse("accounts:follow"), form | {"frequency": "daily"})
    assert response["Location"] == MINE
    assert Follow.objects.get().frequency == "daily"
    client.post(reverse("accounts:follow"), form | {"action": "unfollow"})
    assert not Follow.objects.exists()
    assert "You follow nothing yet." in client.get(MINE).content.decode()


def test_the_account_menu_links_the_page(client, carol):
    client.force_login(carol)
    assert f'href="{MINE}"' in client.get("/en/").content.decode()


def test_the_pages_queries_do_not_grow_with_what_i_follow_and_wrote(
    client, carol, body, registry, file_report, category, django_assert_max_num_queries
):
    """One query per kind of thing followed, whatever their number."""
    first = contribute(carol, registry, file_report, tag="FIRST")
    for target in [registry["document"], registry["school"], registry["akimat"], category, first]:
        following.follow(user=carol, target=target)
    client.force_login(carol)
    client.get(MINE)
    with django_assert_max_num_queries(30) as few:
        client.get(MINE)
    for i in range(4):
        report = contribute(carol, registry, file_report, tag=f"MORE{i}")
        following.follow(user=carol, target=report)
    following.follow(user=carol, target=registry["district"])
    following.follow(user=carol, target=body)
    with django_assert_max_num_queries(len(few.captured_queries)):
        text = client.get(MINE).content.decode()
    assert "MORE3-COMMENT" in text and "Ekibastuz City" in text
