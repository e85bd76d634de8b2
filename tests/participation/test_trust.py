"""The trust rule (data in TrustRule): roles, the account's age and the published contributions
decide whether what a user writes is published at once (unless a check flags it) or held."""

from datetime import timedelta

import pytest
from django.utils import timezone

from baqylau.participation import opinions, trust
from baqylau.participation.models import Comment, TrustRule
from baqylau.participation.reports import first_moderation
from baqylau.participation.states import Moderation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _rule(**values):
    """The rule (the migrations' row) changed."""
    rule = TrustRule.current()
    for name, value in values.items():
        setattr(rule, name, value)
    rule.save()


def _published_comments(user, target, n):
    Comment.objects.bulk_create(
        Comment(target=target, author=user, text=f"Old {i}", moderation=Moderation.PUBLISHED)
        for i in range(n)
    )


@pytest.mark.parametrize(
    "who,trusted",
    [
        ("coordinator", True),
        ("monitor", True),
        ("officer", True),
        ("moderator", True),
        ("administrator", True),
        ("citizen", False),
        ("staff", False),
        ("anonymous", False),
    ],
)
def test_roles_are_trusted(personas, who, trusted):
    assert trust.is_trusted(personas[who]) is trusted


def test_roles_are_not_trusted_when_the_rule_says_so(bob):
    _rule(roles_trusted=False)
    assert not trust.is_trusted(bob)


@pytest.fixture
def old_citizen(db):
    return UserFactory(date_joined=timezone.now() - timedelta(days=30))


def test_an_old_account_with_enough_published_contributions_is_trusted(old_citizen, registry):
    _rule(min_published=3, min_account_days=14)
    _published_comments(old_citizen, registry["school"], 2)
    assert not trust.is_trusted(old_citizen)
    _published_comments(old_citizen, registry["school"], 1)
    assert trust.is_trusted(old_citizen)


def test_held_and_hidden_contributions_do_not_count(old_citizen, registry):
    Comment.objects.bulk_create(
        Comment(target=registry["school"], author=old_citizen, text="x", moderation=state)
        for state in (Moderation.HELD, Moderation.HIDDEN, Moderation.HIDDEN)
    )
    assert trust.published_contributions(old_citizen) == 0
    assert not trust.is_trusted(old_citizen)


def test_a_new_account_is_not_trusted_whatever_it_published(registry):
    _rule(min_published=1, min_account_days=14)
    new = UserFactory(date_joined=timezone.now() - timedelta(days=13))
    _published_comments(new, registry["school"], 5)
    assert not trust.is_trusted(new)


def test_an_inactive_account_is_not_trusted(bob):
    bob.is_active = False
    assert not trust.is_trusted(bob)


def test_where_contributions_start(old_citizen, registry, carol, bob):
    _published_comments(old_citizen, registry["school"], 3)
    assert first_moderation(None) == Moderation.UNCONFIRMED
    assert first_moderation(carol) == Moderation.HELD
    assert first_moderation(bob) == Moderation.PUBLISHED
    assert first_moderation(old_citizen) == Moderation.PUBLISHED


def test_a_trusted_users_comment_is_published_at_once_unless_a_check_flags_it(
    old_citizen, registry
):
    _published_comments(old_citizen, registry["school"], 3)
    school = registry["school"]
    fine = opinions.comment_add(target=school, author=old_citizen, text="Opened in September.")
    assert fine.moderation == Moderation.PUBLISHED
    flagged = opinions.comment_add(target=school, author=old_citizen, text="Mail me: a@b.kz")
    assert flagged.moderation == Moderation.HELD


def test_a_trusted_users_report_is_published_at_once(file_report, school, bob):
    report = file_report(at=school, reporter=bob)
    assert report.moderation == Moderation.PUBLISHED
    assert report.published_at is not None
