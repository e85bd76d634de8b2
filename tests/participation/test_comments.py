"""Comments on documents, indicators, objects and published campaigns: who writes, what waits for
a moderator, one level of replies, official answers, hidden places on public pages, every role on
the pages, query counts."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from baqylau.participation import moderation, opinions
from baqylau.participation.models import Comment
from baqylau.participation.states import Moderation
from tests.factories import CampaignFactory, MembershipFactory, UserFactory
from tests.helpers import codes, count_queries

pytestmark = pytest.mark.django_db
OBJECT_PAGE = "/en/objects/school-600/"
DOCUMENT_PAGE = "/en/documents/{slug}/"


@pytest.fixture
def officer(registry, dana):
    """Dana, an officer of the school's responsible body (the akimat) too."""
    MembershipFactory(user=dana, organisation=registry["akimat"], role="officer")
    return dana


def _new(target, **extra):
    kind = opinions.target_kind(target)
    return reverse("participation:comment_new", kwargs={"kind": kind, "pk": target.pk})


# The service ----------


def test_a_new_users_comment_waits_and_a_trusted_users_is_published(registry, carol, bob):
    school = registry["school"]
    assert opinions.comment_add(target=school, author=carol, text="A").moderation == "held"
    assert opinions.comment_add(target=school, author=bob, text="B").moderation == "published"


def test_documents_indicators_and_published_campaigns_take_comments(
    registry, bob, ngo, alice, today
):
    for target in (registry["document"], registry["indicator"]):
        assert opinions.comment_add(target=target, author=bob, text="Fine.").pk
    draft = CampaignFactory(registry=registry, ngo=ngo, coordinator=alice, today=today)
    with pytest.raises(ValidationError) as error:
        opinions.comment_add(target=draft, author=bob, text="Too early.")
    assert codes(error.value) == {"not_commentable"}
    published = CampaignFactory(
        registry=registry, ngo=ngo, coordinator=alice, today=today, published=True, declared=[alice]
    )
    assert opinions.comment_add(target=published, author=bob, text="Good work.").pk


def test_unpublished_things_take_no_comments(registry, bob):
    with pytest.raises(ValidationError) as error:
        opinions.comment_add(target=registry["hidden"], author=bob, text="Secret?")
    assert codes(error.value) == {"not_commentable"}


def test_a_reply_to_a_reply_joins_the_first_comments_thread(registry, bob, alice):
    school = registry["school"]
    first = opinions.comment_add(target=school, author=bob, text="When?")
    reply = opinions.comment_add(target=school, author=alice, text="In May.", parent=first)
    again = opinions.comment_add(target=school, author=bob, text="Thanks.", parent=reply)
    assert reply.parent == first and again.parent == first


def test_a_reply_belongs_to_the_same_page_and_a_published_comment(registry, bob, carol):
    first = opinions.comment_add(target=registry["school"], author=bob, text="When?")
    with pytest.raises(ValidationError) as error:
        opinions.comment_add(target=registry["document"], author=bob, text="x", parent=first)
    assert "parent" in error.value.message_dict
    held = opinions.comment_add(target=registry["school"], author=carol, text="Held.")
    with pytest.raises(ValidationError) as error:
        opinions.comment_add(target=registry["school"], author=bob, text="x", parent=held)
    assert "parent" in error.value.message_dict


def test_an_officer_of_the_responsible_body_answers_officially(registry, officer, bob):
    for target in (registry["school"], registry["document"], registry["indicator"]):
        comment = opinions.comment_add(target=target, author=officer, text="Ok.", official=True)
        assert comment.official_body == registry["akimat"]
    with pytest.raises(ValidationError) as error:
        opinions.comment_add(target=registry["school"], author=bob, text="x", official=True)
    assert "official" in error.value.message_dict


def test_an_officer_answers_for_the_bodies_a_campaign_controls(
    registry, officer, ngo, alice, today
):
    campaign = CampaignFactory(
        registry=registry, ngo=ngo, coordinator=alice, today=today, published=True, declared=[alice]
    )
    comment = opinions.comment_add(target=campaign, author=officer, text="Noted.", official=True)
    assert comment.official_body == registry["akimat"]


def test_bad_input_leaves_nothing(registry, carol, settings):
    school = registry["school"]
    for text, code in [("  ", "required"), ("x" * 3001, "too_long")]:
        with pytest.raises(ValidationError) as error:
            opinions.comment_add(target=school, author=carol, text=text)
        assert codes(error.value) == {code}
    with pytest.raises(ValidationError) as error:
        opinions.comment_add(target=school, author=None, text="Hi")
    assert codes(error.value) == {"sign_in"}
    with pytest.raises(ValidationError) as error:
        opinions.comment_add(target=school, author=carol, text="Hi", honeypot="spam")
    assert codes(error.value) == {"honeypot"}
    settings.BAQYLAU_RATE_PER_ACCOUNT = 1
    opinions.comment_add(target=school, author=carol, text="One")
    with pytest.raises(ValidationError) as error:
        opinions.comment_add(target=school, author=carol, text="Two")
    assert codes(error.value) == {"rate_limited"}
    assert list(Comment.objects.values_list("text", flat=True)) == ["One"]


# The pages ----------


@pytest.fixture
def thread(registry, bob, carol, alice, max_moderator, reason, officer):
    """On the school: bob's published comment with alice's reply and the officer's official
    answer; a hidden comment; carol's held one."""
    school = registry["school"]
    first = opinions.comment_add(target=school, author=bob, text="When does it open?")
    opinions.comment_add(target=school, author=alice, text="We will check.", parent=first)
    opinions.comment_add(
        target=school, author=officer, text="In September.", parent=first, official=True
    )
    hidden = opinions.comment_add(target=school, author=bob, text="Rude remark")
    moderation.moderation_hide(item=hidden, moderator=max_moderator, reason=reason("insult"))
    held = opinions.comment_add(target=school, author=carol, text="Carol waits")
    return {"first": first, "hidden": hidden, "held": held}


@pytest.mark.parametrize(
    "who",
    ["anonymous", "coordinator", "monitor", "citizen", "officer", "moderator", "administrator"],
)
def test_the_object_page_shows_comments_and_hidden_places(as_persona, who, thread):
    html = as_persona(who).get(OBJECT_PAGE).content.decode()
    assert "When does it open?" in html and "We will check." in html
    assert "Official answer of" in html and "In September." in html
    assert "Rude remark" not in html
    assert "Hidden by a moderator: Insult" in html
    # A held comment: only its author sees it, marked.
    assert ("Carol waits" in html) == (who == "citizen")
    assert "bob@example.org" not in html
    if who == "anonymous":
        assert "Sign in to comment" in html and 'name="text"' not in html
    else:
        assert 'name="text"' in html


def test_only_the_bodys_officer_is_offered_the_official_answer(as_persona, thread):
    assert "An official answer of" in as_persona("officer").get(OBJECT_PAGE).content.decode()
    assert "An official answer of" not in as_persona("monitor").get(OBJECT_PAGE).content.decode()


def test_the_document_page_shows_its_comments(client, registry, bob):
    opinions.comment_add(target=registry["document"], author=bob, text="Where are the schools?")
    html = client.get(DOCUMENT_PAGE.format(slug=registry["document"].slug)).content.decode()
    assert "Where are the schools?" in html


def test_the_campaign_page_shows_its_comments_once_published(
    as_persona, registry, ngo, alice, bob, today
):
    campaign = CampaignFactory(
        registry=registry, ngo=ngo, coordinator=alice, today=today, published=True, declared=[alice]
    )
    opinions.comment_add(target=campaign, author=bob, text="Thank you for checking.")
    html = as_persona("anonymous").get(campaign.get_absolute_url()).content.decode()
    assert "Thank you for checking." in html and 'id="comments"' in html
    draft = CampaignFactory(registry=registry, ngo=ngo, coordinator=alice, today=today)
    assert (
        'id="comments"'
        not in as_persona("coordinator").get(draft.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize(
    "who,status",
    [
        ("coordinator", "published"),
        ("monitor", "published"),
        ("citizen", "held"),
        ("officer", "published"),
        ("moderator", "published"),
        ("administrator", "published"),
    ],
)
def test_every_signed_in_role_comments_through_the_page(as_persona, who, status, registry):
    client = as_persona(who)
    assert client.get(_new(registry["school"])).status_code == 200
    response = client.post(_new(registry["school"]), {"text": f"From {who}"})
    comment = Comment.objects.get(text=f"From {who}")
    assert response.status_code == 302
    assert response.url == f"/en/objects/school-600/#comment-{comment.pk}"
    assert comment.moderation == status


def test_anonymous_visitors_are_sent_to_sign_in_to_comment(as_persona, registry):
    response = as_persona("anonymous").post(_new(registry["school"]), {"text": "Hi"})
    assert response.status_code == 302 and "/login/" in response.url
    assert not Comment.objects.exists()


def test_a_refused_comment_comes_back_with_what_was_typed(as_persona, registry):
    client = as_persona("citizen")
    response = client.post(_new(registry["school"]), {"text": "Mine", "official": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Only an officer of the responsible body" in html and "Mine</textarea>" in html
    assert client.post(_new(registry["school"]), {"text": "Bot", "website": "x"}).status_code == 400
    assert not Comment.objects.exists()


def test_a_reply_through_the_page(as_persona, thread, registry):
    client = as_persona("monitor")
    url = _new(registry["school"]) + f"?parent={thread['first'].pk}"
    page = client.get(url).content.decode()
    assert f'value="{thread["first"].pk}"' in page
    assert "In reply to" in page and "When does it open?" in page
    client.post(_new(registry["school"]), {"text": "Me too", "parent": thread["first"].pk})
    assert Comment.objects.get(text="Me too").parent == thread["first"]


def test_unpublished_targets_and_unknown_kinds_are_404(as_persona, registry):
    client = as_persona("citizen")
    assert client.get(_new(registry["hidden"])).status_code == 404
    assert client.get("/en/participation/comments/user/1/").status_code == 404


def test_the_object_page_query_count_does_not_grow_with_comments(client, registry, bob, carol):
    school = registry["school"]

    def grow(n):
        for i in range(n):
            top = Comment.objects.create(
                target=school, author=UserFactory(), text=f"T{i}", moderation="published"
            )
            Comment.objects.create(
                target=school,
                author=UserFactory(),
                text=f"R{i}",
                parent=top,
                moderation="published",
            )
            Comment.objects.create(target=school, author=bob, text=f"H{i}", moderation="hidden")

    grow(1)
    small = count_queries(client, OBJECT_PAGE)
    grow(10)
    assert count_queries(client, OBJECT_PAGE) == small
    client.force_login(carol)
    signed_in = count_queries(client, OBJECT_PAGE)
    grow(5)
    assert count_queries(client, OBJECT_PAGE) == signed_in


def test_a_flag_link_for_published_comments_only(client, thread):
    html = client.get(OBJECT_PAGE).content.decode()
    flag = reverse("participation:flag", kwargs={"kind": "comment", "pk": thread["first"].pk})
    hidden = reverse("participation:flag", kwargs={"kind": "comment", "pk": thread["hidden"].pk})
    assert flag in html and hidden not in html
    assert thread["held"].moderation == Moderation.HELD


# An indicator's comments ----------

ROLES = ["anonymous", "coordinator", "monitor", "citizen", "officer", "moderator", "administrator"]


def _page(target):
    return reverse("participation:comments", kwargs={"kind": "indicator", "pk": target.pk})


@pytest.mark.parametrize("who", ROLES)
def test_an_indicators_comments_have_a_page_linked_from_the_document(
    as_persona, who, registry, bob
):
    indicator = registry["indicator"]
    opinions.comment_add(target=indicator, author=bob, text="The 2022 figure looks too high.")
    client = as_persona(who)
    document = client.get(DOCUMENT_PAGE.format(slug=registry["document"].slug)).content.decode()
    assert _page(indicator) in document
    response = client.get(_page(indicator))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The 2022 figure looks too high." in html and indicator.name in html
    assert ('name="text"' in html) == (who != "anonymous")


def test_a_comment_on_an_indicator_returns_to_its_page(as_persona, registry):
    indicator = registry["indicator"]
    response = as_persona("monitor").post(_new(indicator), {"text": "Source?"})
    comment = Comment.objects.get()
    assert response.url == _page(indicator) + f"#comment-{comment.pk}"


def test_the_comments_of_unpublished_things_are_404(as_persona, registry):
    from tests.factories import GoalFactory, IndicatorFactory

    hidden = IndicatorFactory(goal=GoalFactory(document=registry["hidden"]))
    assert as_persona("citizen").get(_page(hidden)).status_code == 404


def test_the_indicator_comments_page_query_count_does_not_grow(client, registry):
    indicator = registry["indicator"]

    def grow(n):
        for i in range(n):
            Comment.objects.create(
                target=indicator, author=UserFactory(), text=f"C{i}", moderation="published"
            )

    grow(1)
    small = count_queries(client, _page(indicator))
    grow(8)
    assert count_queries(client, _page(indicator)) == small


def test_a_long_discussion_shows_its_latest_threads(client, registry, monkeypatch):
    monkeypatch.setattr(opinions, "MAX_COMMENTS_SHOWN", 2)
    for text in ("First", "Second", "Third"):
        Comment.objects.create(
            target=registry["school"], author=UserFactory(), text=text, moderation="published"
        )
    html = client.get(OBJECT_PAGE).content.decode()
    assert "First" not in html and html.index("Second") < html.index("Third")
    assert "Only the latest comments are shown." in html


def test_a_hidden_comment_never_shows_its_text_even_without_a_recorded_reason(client, registry):
    Comment.objects.create(
        target=registry["school"], author=UserFactory(), text="Secret words", moderation="hidden"
    )
    html = client.get(OBJECT_PAGE).content.decode()
    assert "Secret words" not in html and "Hidden by a moderator" in html
