"""Ratings of completed objects: the criteria of the object's kind, scores from 1 to 5 counted at
once, the reason moderated, one rating per user and object, the distribution on the object page,
every role on the rating page, query counts."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from baqylau.participation import moderation, opinions
from baqylau.participation.models import Rating, RatingCriterion, Score
from baqylau.participation.states import Moderation
from tests.factories import UserFactory
from tests.helpers import codes, count_queries

pytestmark = pytest.mark.django_db
OBJECT_PAGE = "/en/objects/school-600/"
RATE = "/en/participation/objects/school-600/rate/"
ROLES = ["coordinator", "monitor", "citizen", "officer", "moderator", "administrator"]


def all_scores(obj, value):
    return {c.code: value for c in opinions.criteria_for(obj)}


def test_a_school_is_rated_on_the_criteria_of_its_kind(completed_school):
    codes_ = [c.code for c in opinions.criteria_for(completed_school)]
    assert codes_ == ["quality", "service", "accessibility", "upkeep", "safety"]
    completed_school.kind = "water"
    assert "safety" not in [c.code for c in opinions.criteria_for(completed_school)]


def test_scores_count_at_once_and_the_reason_waits(completed_school, carol):
    rating = opinions.rating_set(
        project_object=completed_school,
        user=carol,
        scores=all_scores(completed_school, 4),
        reason="Bright classrooms.",
    )
    assert rating.moderation == Moderation.HELD
    summary = opinions.rating_summary(completed_school)
    assert summary["ratings_count"] == 1
    assert summary["rating_rows"][0]["mean"] == 4
    assert summary["rating_reasons"] == []


def test_a_rating_without_words_needs_no_moderation(completed_school, carol):
    rating = opinions.rating_set(
        project_object=completed_school, user=carol, scores=all_scores(completed_school, 2)
    )
    assert rating.moderation == Moderation.PUBLISHED


def test_rating_again_replaces_the_scores(completed_school, carol, max_moderator):
    first = opinions.rating_set(
        project_object=completed_school,
        user=carol,
        scores=all_scores(completed_school, 1),
        reason="Cold.",
    )
    moderation.moderation_publish(item=first, moderator=max_moderator)
    same_words = opinions.rating_set(
        project_object=completed_school,
        user=carol,
        scores=all_scores(completed_school, 5),
        reason="Cold.",
    )
    assert same_words.pk == first.pk and same_words.moderation == Moderation.PUBLISHED
    assert set(Score.objects.values_list("value", flat=True)) == {5}
    assert Rating.objects.count() == 1
    new_words = opinions.rating_set(
        project_object=completed_school,
        user=carol,
        scores=all_scores(completed_school, 5),
        reason="Warm now.",
    )
    assert new_words.moderation == Moderation.HELD


def test_the_distribution_and_the_mean(completed_school):
    for value in (5, 5, 4, 1):
        opinions.rating_set(
            project_object=completed_school,
            user=UserFactory(),
            scores=all_scores(completed_school, value),
        )
    row = opinions.rating_summary(completed_school)["rating_rows"][0]
    assert [(bar["value"], bar["count"], bar["width"]) for bar in row["bars"]] == [
        (5, 2, 100),
        (4, 1, 50),
        (3, 0, 0),
        (2, 0, 0),
        (1, 1, 50),
    ]
    assert row["count"] == 4 and row["mean"] == pytest.approx(3.75)


@pytest.mark.parametrize(
    "change,field",
    [({"quality": 6}, "score_quality"), ({"safety": None}, "score_safety"), ({}, "reason")],
)
def test_bad_scores_or_a_long_reason_are_refused(completed_school, carol, change, field):
    scores = all_scores(completed_school, 3) | change
    reason = "x" * 501 if field == "reason" else ""
    with pytest.raises(ValidationError) as error:
        opinions.rating_set(
            project_object=completed_school, user=carol, scores=scores, reason=reason
        )
    assert field in error.value.message_dict
    assert not Rating.objects.exists() and not Score.objects.exists()


def test_only_completed_published_objects_are_rated(school, registry, carol):
    with pytest.raises(ValidationError) as error:
        opinions.rating_set(project_object=school, user=carol, scores=all_scores(school, 3))
    assert codes(error.value) == {"not_completed"}
    with pytest.raises(ValidationError) as error:
        opinions.rating_set(project_object=school, user=None, scores=all_scores(school, 3))
    assert codes(error.value) == {"sign_in"}
    assert not Rating.objects.exists()


# The pages ---------------------------------------------------------------------------------------


@pytest.fixture
def rated(completed_school, carol, bob, max_moderator, reason):
    shown = opinions.rating_set(
        project_object=completed_school,
        user=bob,
        scores=all_scores(completed_school, 5),
        reason="Well built.",
    )
    hidden = opinions.rating_set(
        project_object=completed_school,
        user=UserFactory(),
        scores=all_scores(completed_school, 1),
        reason="Offensive words",
    )
    moderation.moderation_publish(item=hidden, moderator=max_moderator)
    moderation.moderation_hide(item=hidden, moderator=max_moderator, reason=reason("insult"))
    opinions.rating_set(
        project_object=completed_school,
        user=carol,
        scores=all_scores(completed_school, 3),
        reason="Carol's held words",
    )
    return shown


@pytest.mark.parametrize("who", ["anonymous", *ROLES])
def test_the_object_page_shows_the_ratings(as_persona, who, rated):
    html = as_persona(who).get(OBJECT_PAGE).content.decode()
    assert 'id="ratings"' in html
    assert "3.0 of 5, 3 ratings" in html
    assert "Well built." in html
    assert "Offensive words" not in html and "Hidden by a moderator: Insult" in html
    assert "Carol&#x27;s held words" not in html and "Carol's held words" not in html
    if who == "anonymous":
        assert "Sign in to rate this object" in html
    elif who in ("citizen", "monitor"):
        assert "Change your rating" in html
    else:
        assert "Rate this object" in html


def test_an_object_not_completed_shows_no_ratings(client, school):
    assert 'id="ratings"' not in client.get(OBJECT_PAGE).content.decode()


@pytest.mark.parametrize("who", ROLES)
def test_every_signed_in_role_rates_through_the_page(as_persona, who, completed_school, personas):
    client = as_persona(who)
    assert client.get(RATE).status_code == 200
    data = {f"score_{code}": "4" for code in all_scores(completed_school, 4)}
    response = client.post(RATE, data | {"reason": "Good."})
    assert response.status_code == 302 and response.url == OBJECT_PAGE + "#ratings"
    rating = Rating.objects.get()
    assert rating.user == personas[who]
    assert rating.moderation == (Moderation.HELD if who == "citizen" else Moderation.PUBLISHED)


def test_anonymous_visitors_are_sent_to_sign_in_to_rate(client, completed_school):
    response = client.get(RATE)
    assert response.status_code == 302 and "/login/" in response.url


def test_a_refused_rating_comes_back_with_what_was_chosen(as_persona, completed_school):
    client = as_persona("citizen")
    response = client.post(RATE, {"score_quality": "2", "reason": "Typed"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="2" ' in html and "checked" in html and "Typed</textarea>" in html
    assert not Rating.objects.exists()


def test_the_rating_page_of_an_object_not_completed(as_persona, school):
    response = as_persona("citizen").get(RATE)
    assert response.status_code == 200
    assert "Only a completed object can be rated." in response.content.decode()
    assert (
        as_persona("citizen").get("/en/participation/objects/hidden-object/rate/").status_code
        == 404
    )


def test_the_rating_page_shows_my_scores(as_persona, completed_school, carol):
    opinions.rating_set(
        project_object=completed_school, user=carol, scores=all_scores(completed_school, 2)
    )
    html = as_persona("citizen").get(RATE).content.decode()
    assert "Change my rating" in html


def test_the_object_page_query_count_does_not_grow_with_ratings(client, completed_school, carol):
    def grow(n):
        for i in range(n):
            opinions.rating_set(
                project_object=completed_school,
                user=UserFactory(),
                scores=all_scores(completed_school, 1 + i % 5),
                reason=f"Reason {i}",
            )
        Rating.objects.update(moderation=Moderation.PUBLISHED)

    grow(2)
    small = count_queries(client, OBJECT_PAGE)
    grow(10)
    assert count_queries(client, OBJECT_PAGE) == small
    assert RatingCriterion.objects.count() == 5
    assert reverse("participation:rate", kwargs={"slug": completed_school.slug}) == RATE
