"""The moderators' steps on every kind of contribution, and anyone's flag: every step is recorded
with who, the reason and the note; nothing is deleted; a blurred photo replaces only the public
copy."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from baqylau.participation import moderation, opinions, reports
from baqylau.participation.models import (
    Comment,
    Flag,
    ModerationAction,
    Rating,
    Report,
    ReportEvent,
    Score,
)
from baqylau.participation.states import Moderation
from tests.helpers import codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(registry, carol):
    return opinions.comment_add(
        target=registry["school"], author=carol, text="The gym is still closed."
    )


def _actions(item):
    return list(
        ModerationAction.objects.filter(item_id=item.pk).values_list(
            "action", "reason__code", "note", "moderator__email"
        )
    )


def test_publishing_a_held_report_starts_the_bodys_term(
    file_report, school, carol, max_moderator, today
):
    report = file_report(at=school, reporter=carol)
    moderation.moderation_publish(item=report, moderator=max_moderator, note="Checked.")
    report.refresh_from_db()
    assert report.moderation == Moderation.PUBLISHED
    assert report.received_on == today and report.due_on > today
    assert _actions(report) == [("publish", None, "Checked.", "max@example.org")]


def test_publishing_a_held_comment_resolves_its_flags(comment, max_moderator):
    Flag.objects.create(item=comment, auto_check=Flag.Check.PHONE)
    moderation.moderation_publish(item=comment, moderator=max_moderator)
    comment.refresh_from_db()
    assert comment.moderation == Moderation.PUBLISHED
    assert not moderation.unresolved_flags(comment).exists()


def test_hide_keeps_the_item_with_the_reason_and_restore_shows_it_again(
    comment, max_moderator, reason
):
    moderation.moderation_publish(item=comment, moderator=max_moderator)
    moderation.moderation_hide(
        item=comment, moderator=max_moderator, reason=reason("insult"), note="Line 2."
    )
    comment.refresh_from_db()
    assert comment.moderation == Moderation.HIDDEN
    assert comment.text == "The gym is still closed."
    assert moderation.hidden_reasons([comment]) == {comment.pk: "Insult"}
    moderation.moderation_restore(item=comment, moderator=max_moderator)
    comment.refresh_from_db()
    assert comment.moderation == Moderation.PUBLISHED
    assert [a[0] for a in _actions(comment)] == ["restore", "hide", "publish"]
    assert ("hide", "insult", "Line 2.", "max@example.org") in _actions(comment)


def test_hiding_needs_a_reason_and_changes_nothing_without_one(comment, max_moderator):
    with pytest.raises(ValidationError) as error:
        moderation.moderation_hide(item=comment, moderator=max_moderator, reason=None)
    assert "reason" in error.value.message_dict
    comment.refresh_from_db()
    assert comment.moderation == Moderation.HELD
    assert not ModerationAction.objects.exists()


@pytest.mark.parametrize("who", ["carol", "bob", "dana", "alice", "erin"])
def test_only_moderators_moderate(request, comment, reason, who):
    user = request.getfixturevalue(who)
    with pytest.raises(ValidationError) as error:
        moderation.moderation_hide(item=comment, moderator=user, reason=reason("spam"))
    assert codes(error.value) == {"not_moderator"}
    with pytest.raises(ValidationError):
        moderation.moderation_publish(item=comment, moderator=user)
    comment.refresh_from_db()
    assert comment.moderation == Moderation.HELD
    assert not ModerationAction.objects.exists()


def test_an_administrator_moderates(comment, root):
    moderation.moderation_publish(item=comment, moderator=root)
    assert comment.moderation == Moderation.PUBLISHED


def test_a_hidden_report_leaves_the_public_and_comes_back(photo_report, max_moderator, reason):
    moderation.moderation_hide(
        item=photo_report, moderator=max_moderator, reason=reason("personal-data")
    )
    assert not Report.public_objects.filter(pk=photo_report.pk).exists()
    assert Report.private_objects.filter(pk=photo_report.pk).exists()
    hidden = photo_report.events.get(kind=ReportEvent.Kind.HIDDEN)
    assert (hidden.role, hidden.text) == (ReportEvent.Role.MODERATOR, "")
    moderation.moderation_restore(item=photo_report, moderator=max_moderator)
    photo_report.refresh_from_db()
    assert photo_report.moderation == Moderation.PUBLISHED
    # Restoring does not publish it a second time on the timeline.
    assert photo_report.events.filter(kind=ReportEvent.Kind.PUBLISHED).count() == 1


def test_an_unconfirmed_report_is_not_published(file_report, school, max_moderator):
    report = file_report(at=school, email="someone@example.kz")
    with pytest.raises(ValidationError) as error:
        moderation.moderation_publish(item=report, moderator=max_moderator)
    assert codes(error.value) == {"unconfirmed"}
    assert not ModerationAction.objects.exists()


def test_an_update_and_a_ratings_reason_are_moderated_alike(
    photo_report, carol, completed_school, max_moderator, reason
):
    update = reports.report_update_add(report=photo_report, actor=carol, text="Still leaking.")
    assert update.moderation == Moderation.HELD
    moderation.moderation_publish(item=update, moderator=max_moderator)
    update.refresh_from_db()
    assert update.moderation == Moderation.PUBLISHED
    rating = opinions.rating_set(
        project_object=completed_school,
        user=carol,
        scores={c.code: 4 for c in opinions.criteria_for(completed_school)},
        reason="Warm and clean.",
    )
    moderation.moderation_hide(item=rating, moderator=max_moderator, reason=reason("off-topic"))
    rating.refresh_from_db()
    assert rating.moderation == Moderation.HIDDEN
    # The scores still count.
    assert Score.objects.filter(rating=rating).count() == len(
        opinions.criteria_for(completed_school)
    )


# Blurring ---------------------------------------------------------------------------------------


def _pixels(field):
    with field.open("rb") as handle:
        data = handle.read()
    return data, Image.open(io.BytesIO(data)).convert("RGB")


def test_blur_replaces_the_public_copy_and_keeps_the_original(
    photo_report, max_moderator, reason, committed
):
    file = photo_report.files.get()
    original_before, _ = _pixels(file.original)
    old_public = file.public_file.name
    storage = file.public_file.storage
    committed(
        moderation.moderation_blur,
        file=file,
        moderator=max_moderator,
        reason=reason("face-or-plate"),
    )
    file.refresh_from_db()
    assert file.blurred
    assert file.public_file.name != old_public
    assert not storage.exists(old_public)
    original_after, _ = _pixels(file.original)
    assert original_after == original_before
    _, blurred = _pixels(file.public_file)
    # The whole photo is blurred: the sharp edge between red and blue is gone.
    left, right = blurred.getpixel((98, 50)), blurred.getpixel((101, 50))
    assert abs(left[0] - right[0]) < 120
    assert _actions(file) == [("blur", "face-or-plate", "", "max@example.org")]


def test_blur_a_rectangle_leaves_the_rest_sharp(photo_report, max_moderator):
    file = photo_report.files.get()
    moderation.moderation_blur(
        file=file, moderator=max_moderator, box=moderation.parse_box("0", "0", "25", "100")
    )
    file.refresh_from_db()
    _, blurred = _pixels(file.public_file)
    assert blurred.getpixel((150, 50))[2] > 150  # the blue half is untouched
    assert abs(blurred.getpixel((98, 50))[0] - blurred.getpixel((102, 50))[0]) > 100


@pytest.mark.parametrize(
    "box",
    [("a", "0", "10", "10"), ("0", "0", "0", "10"), ("120", "0", "10", "10"), ("1", "", "", "")],
)
def test_a_bad_rectangle_is_refused(box):
    with pytest.raises(ValidationError) as error:
        moderation.parse_box(*box)
    assert "box" in error.value.message_dict


def test_the_whole_photo_when_no_rectangle_is_given():
    assert moderation.parse_box("", "", None, "") is None


def test_blur_refuses_a_document_and_non_moderators(photo_report, max_moderator, carol):
    file = photo_report.files.get()
    with pytest.raises(ValidationError):
        moderation.moderation_blur(file=file, moderator=carol)
    file.content_type = "application/pdf"
    with pytest.raises(ValidationError) as error:
        moderation.moderation_blur(file=file, moderator=max_moderator)
    assert codes(error.value) == {"not_image"}
    assert not ModerationAction.objects.exists()


# Flags ------------------------------------------------------------------------------------------


@pytest.fixture
def published_comment(comment, max_moderator):
    return moderation.moderation_publish(item=comment, moderator=max_moderator)


def test_a_user_flags_once_and_a_moderator_dismisses(published_comment, bob, max_moderator, reason):
    first = moderation.flag_add(
        item=published_comment, reason=reason("insult"), user=bob, note="Rude."
    )
    again = moderation.flag_add(item=published_comment, reason=reason("spam"), user=bob)
    assert first.pk == again.pk
    moderation.flags_dismiss(item=published_comment, moderator=max_moderator, note="Fine.")
    published_comment.refresh_from_db()
    assert published_comment.moderation == Moderation.PUBLISHED
    assert Flag.objects.get().resolved_at is not None
    assert _actions(published_comment)[0] == ("dismiss", None, "Fine.", "max@example.org")
    with pytest.raises(ValidationError) as error:
        moderation.flags_dismiss(item=published_comment, moderator=max_moderator)
    assert codes(error.value) == {"no_flags"}


def test_anonymous_visitors_flag_within_the_hourly_limit(published_comment, reason, settings):
    settings.BAQYLAU_RATE_PER_ADDRESS = 2
    for _ in range(2):
        moderation.flag_add(
            item=published_comment, reason=reason("spam"), client_address="10.0.0.1"
        )
    with pytest.raises(ValidationError) as error:
        moderation.flag_add(
            item=published_comment, reason=reason("spam"), client_address="10.0.0.1"
        )
    assert codes(error.value) == {"rate_limited"}
    assert Flag.objects.count() == 2


def test_a_flag_needs_a_reason_offered_to_users(published_comment, bob, reason):
    with pytest.raises(ValidationError) as error:
        moderation.flag_add(item=published_comment, reason=reason("meets-rules"), user=bob)
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        moderation.flag_add(item=published_comment, reason=None, user=bob)
    assert "reason" in error.value.message_dict
    assert not Flag.objects.exists()


def test_held_items_and_bots_are_not_flagged(comment, published_comment, bob, reason):
    held = Comment.objects.create(target=comment.target, author=bob, text="Held one.")
    with pytest.raises(ValidationError) as error:
        moderation.flag_add(item=held, reason=reason("spam"), user=bob)
    assert codes(error.value) == {"not_published"}
    with pytest.raises(ValidationError) as error:
        moderation.flag_add(item=published_comment, reason=reason("spam"), honeypot="http://x")
    assert codes(error.value) == {"honeypot"}
    assert not Flag.objects.exists()


def test_hiding_resolves_the_flags(published_comment, bob, max_moderator, reason):
    moderation.flag_add(item=published_comment, reason=reason("insult"), user=bob)
    moderation.moderation_hide(
        item=published_comment, moderator=max_moderator, reason=reason("insult")
    )
    assert not moderation.unresolved_flags(published_comment).exists()
    assert Rating.objects.count() == 0


def test_data_files_hide_by_the_reasons_code(published_comment, max_moderator):
    moderation.hide_item(item=published_comment, reason_code="spam", moderator=max_moderator)
    assert moderation.hidden_reasons([published_comment]) == {published_comment.pk: "Spam"}
    with pytest.raises(ValidationError):
        moderation.hide_item(item=published_comment, reason_code="no-such", moderator=max_moderator)
