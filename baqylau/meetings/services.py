"""The services of meetings: the organiser's people create, edit and publish a meeting, its agenda
and materials, write and publish its minutes (whose decisions become commitments) and withdraw
it; signed-in users ask questions, support them and register to attend; moderators and the
organiser moderate the questions. A notice of a decision date given in the accountability inbox
becomes a hearing (`decision_notice_hearing`).

Every function is a service: keyword-only arguments, one transaction, a ValidationError with a
translated message naming its field.
"""

from datetime import date, datetime, time
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baqylau.core.permissions import signed_in
from baqylau.core.services import field_error, lock, require_text
from baqylau.core.text import free_slug, latin_slug
from baqylau.core.uploads import prepare_upload, store_prepared
from baqylau.core.withdrawals import record_withdraw
from baqylau.participation import checks
from baqylau.participation.states import Moderation

from . import announcements, permissions, tasks
from .commitments import commitment_propose, commitments_publish
from .models import (
    AgendaItem,
    Decision,
    Material,
    Meeting,
    MeetingKind,
    Question,
    QuestionSupport,
    Registration,
)

EDITABLE = ("kind", "title", "description", "territory", "starts_at", "ends_at", "place")
LINKS = ("video_url", "recording_url")


def _require_organiser(user, organisation) -> None:
    if not permissions.can_organise(user, organisation):
        raise ValidationError(
            _("Only the people of the organiser organise its meetings."), code="not_organiser"
        )


def _require_editor(user, meeting: Meeting) -> None:
    _require_organiser(user, meeting.organiser)


def _slug_for(title: str, starts_at: datetime) -> str:
    base = f"{timezone.localdate(starts_at):%Y-%m-%d}-{latin_slug(title, 60)}".strip("-")
    return free_slug(base, lambda slug: Meeting.private_objects.filter(slug=slug).exists())


def _check_times(starts_at, ends_at) -> None:
    if starts_at is None:
        raise field_error("starts_at", _("Give the date and time it starts."), "required")
    if ends_at is not None and ends_at <= starts_at:
        raise field_error("ends_at", _("It ends after it starts."), "ends_before")


def _set_bodies(meeting: Meeting, bodies) -> None:
    bodies = list(bodies or ())
    if any(not body.is_state_body for body in bodies):
        raise field_error("bodies", _("Choose state bodies only."), "not_state_body")
    meeting.bodies.set(bodies)


@transaction.atomic
def meeting_create(
    *,
    organiser,
    kind: str,
    title: str,
    starts_at: datetime,
    by,
    ends_at: datetime | None = None,
    place: str = "",
    description: str = "",
    territory=None,
    bodies=(),
    video_url: str = "",
    decision_notice=None,
) -> Meeting:
    """A draft meeting of `organiser`, private to its people until published."""
    if by is not None:
        _require_organiser(by, organiser)
    if kind not in MeetingKind.values:
        raise field_error("kind", _("Choose the kind of meeting."), "bad_kind")
    title = require_text(title, "title", _("Give the meeting a title."))
    _check_times(starts_at, ends_at)
    meeting = Meeting.private_objects.create(
        kind=kind,
        slug=_slug_for(title, starts_at),
        title=title,
        description=(description or "").strip(),
        organiser=organiser,
        territory=territory,
        starts_at=starts_at,
        ends_at=ends_at,
        place=(place or "").strip(),
        video_url=video_url or "",
        created_by=by if signed_in(by) else None,
        decision_notice=decision_notice,
    )
    _set_bodies(meeting, bodies)
    return meeting


@transaction.atomic
def meeting_edit(*, meeting: Meeting, by, bodies=None, **changes) -> Meeting:
    """Change what the meeting says of itself (the fields of EDITABLE and LINKS)."""
    lock(meeting)
    _require_editor(by, meeting)
    unknown = set(changes) - set(EDITABLE) - set(LINKS)
    if unknown:
        raise TypeError(f"meeting_edit does not change {', '.join(sorted(unknown))}")
    if "title" in changes:
        changes["title"] = require_text(changes["title"], "title", _("Give the meeting a title."))
    for name, value in changes.items():
        blank = None if name in ("ends_at", "territory", "starts_at", "kind") else ""
        setattr(meeting, name, blank if value is None else value)
    _check_times(meeting.starts_at, meeting.ends_at)
    meeting.save()
    if bodies is not None:
        _set_bodies(meeting, bodies)
    return meeting


@transaction.atomic
def meeting_publish(*, meeting: Meeting, by) -> Meeting:
    """Make the meeting public; it is announced at once when its announcement day has passed."""
    lock(meeting)
    _require_editor(by, meeting)
    if meeting.is_published:
        raise ValidationError(_("The meeting is already published."), code="published")
    meeting.is_published = True
    meeting.published_at = timezone.now()
    meeting.save(update_fields=["is_published", "published_at"])
    if meeting.starts_at > timezone.now() and (
        announcements.announcement_day(meeting) <= timezone.localdate()
    ):
        announcements.meeting_announce(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_withdraw(*, meeting: Meeting, by, reason: str) -> Meeting:
    _require_editor(by, meeting)
    return record_withdraw(record=meeting, actor=by, reason=reason)


# -- Agenda and materials ------------------------------------------------------------------------


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    by,
    title: str,
    campaign=None,
    recommendation=None,
    report: str = "",
    report_url: str = "",
) -> AgendaItem:
    """Add a point to the agenda, about a campaign, a recommendation or a body's report."""
    lock(meeting)
    _require_editor(by, meeting)
    if meeting.has_minutes:
        raise ValidationError(
            _("The minutes are published: the agenda is closed."), code="minutes_published"
        )
    title = require_text(title, "title", _("Say what the point is about."))
    order = meeting.agenda.count() + 1
    return AgendaItem.private_objects.create(
        meeting=meeting,
        order=order,
        title=title,
        campaign=campaign,
        recommendation=recommendation,
        report=(report or "").strip(),
        report_url=report_url or "",
    )


@transaction.atomic
def material_add(*, meeting: Meeting, by, title: str, upload) -> Material:
    """Attach a document, checked like every upload; its public copy has no metadata."""
    _require_editor(by, meeting)
    title = require_text(title, "title", _("Name the document."))
    if upload is None:
        raise field_error("upload", _("Choose a file."), "required")
    prepared = prepare_upload(upload)
    material = Material(meeting=meeting, title=title, **prepared.columns())
    store_prepared([(material, prepared)])
    return material


# -- Questions and attendance --------------------------------------------------------------------


def _require_open(user, meeting: Meeting) -> None:
    if not signed_in(user):
        raise ValidationError(_("Sign in first."), code="sign_in")
    if not permissions.can_take_part(user, meeting, timezone.now()):
        raise ValidationError(
            _("Questions and registrations close when the meeting starts."), code="closed"
        )


@transaction.atomic
def question_ask(*, meeting: Meeting, by, text: str) -> Question:
    """A signed-in user's question: public at once, unless the automatic checks (personal data,
    links...) hold it for a moderator."""
    _require_open(by, meeting)
    text = require_text(text, "text", _("Write your question."))
    if len(text) > 2000:
        raise field_error("text", _("Keep the question under 2000 characters."), "too_long")
    found = checks.run(text)
    return Question.objects.create(
        meeting=meeting,
        author=by,
        text=text,
        moderation=Moderation.HELD if found else Moderation.PUBLISHED,
    )


@transaction.atomic
def question_support(*, question: Question, by) -> bool:
    """Support another's published question, once; whether it was supported now."""
    _require_open(by, question.meeting)
    if question.moderation != Moderation.PUBLISHED:
        raise ValidationError(_("This question is not public."), code="not_public")
    if question.author_id == by.pk:
        raise ValidationError(_("You cannot support your own question."), code="own")
    try:
        with transaction.atomic():
            QuestionSupport.objects.create(question=question, user=by)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def question_moderate(*, question: Question, by, publish: bool, reason: str = "") -> Question:
    """A moderator or the organiser publishes a held question or hides one, saying why."""
    lock(question)
    if not permissions.can_moderate(by, question.meeting):
        raise ValidationError(_("Only a moderator does this."), code="not_moderator")
    if publish:
        question.moderation = Moderation.PUBLISHED
        question.hidden_reason = ""
    else:
        question.hidden_reason = require_text(
            reason, "reason", _("Say why the question is hidden.")
        )
        question.moderation = Moderation.HIDDEN
    question.save(update_fields=["moderation", "hidden_reason"])
    return question


@transaction.atomic
def register(*, meeting: Meeting, by) -> Registration:
    """Register to attend (once; registering again changes nothing)."""
    _require_open(by, meeting)
    found, _created = Registration.objects.get_or_create(meeting=meeting, user=by)
    return found


@transaction.atomic
def registration_cancel(*, meeting: Meeting, by) -> bool:
    if not signed_in(by):
        return False
    deleted, _rows = Registration.objects.filter(meeting=meeting, user=by).delete()
    return bool(deleted)


# -- The minutes ---------------------------------------------------------------------------------


def _require_minutes_open(meeting: Meeting) -> None:
    if meeting.has_minutes:
        raise ValidationError(
            _("The minutes are published: a correction is a new meeting record."),
            code="minutes_published",
        )


@transaction.atomic
def minutes_write(
    *,
    meeting: Meeting,
    by,
    participants: str,
    recording_url: str = "",
    answers: dict[int, str] | None = None,
) -> Meeting:
    """Who took part, the recording, and the answers to the questions (by question id)."""
    lock(meeting)
    _require_editor(by, meeting)
    _require_minutes_open(meeting)
    meeting.participants = (participants or "").strip()
    meeting.recording_url = recording_url or ""
    meeting.save(update_fields=["participants", "recording_url", "updated_at"])
    for question in meeting.questions.filter(pk__in=list(answers or {})):
        question.answer = (answers[question.pk] or "").strip()
        question.save(update_fields=["answer"])
    return meeting


@transaction.atomic
def decision_add(
    *,
    item: AgendaItem,
    by,
    text: str,
    votes_for: int | None = None,
    votes_against: int | None = None,
    votes_abstained: int | None = None,
    body=None,
    due_on: date | None = None,
    responsible: str = "",
) -> Decision:
    """What the meeting decided on the agenda item; with a state body and a date, it becomes
    the body's commitment when the minutes are published."""
    meeting = item.meeting
    lock(meeting)
    _require_editor(by, meeting)
    _require_minutes_open(meeting)
    text = require_text(text, "text", _("Write what was decided."))
    if (body is None) != (due_on is None):
        field = "due_on" if body is not None else "body"
        raise field_error(
            field,
            _("A decision that a body carries out names the body and the date it is due by."),
            "incomplete",
        )
    if body is not None and not body.is_state_body:
        raise field_error("body", _("A commitment is a state body's."), "not_state_body")
    for name, value in (
        ("votes_for", votes_for),
        ("votes_against", votes_against),
        ("votes_abstained", votes_abstained),
    ):
        if value is not None and value < 0:
            raise field_error(name, _("A number of votes is not negative."), "negative")
    return Decision.objects.create(
        item=item,
        text=text,
        votes_for=votes_for,
        votes_against=votes_against,
        votes_abstained=votes_abstained,
        body=body,
        due_on=due_on,
        responsible=(responsible or "").strip(),
    )


@transaction.atomic
def minutes_publish(*, meeting: Meeting, by) -> list:
    """Publish the minutes of a published meeting that has taken place; each decision naming a
    body becomes that body's published commitment, awaiting its acceptance. The commitments."""
    lock(meeting)
    _require_editor(by, meeting)
    _require_minutes_open(meeting)
    if not meeting.is_published or meeting.is_withdrawn:
        raise ValidationError(_("Publish the meeting first."), code="unpublished")
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("The minutes are published after the meeting."), code="not_held")
    if not meeting.participants:
        raise field_error("participants", _("Say who took part."), "required")
    created = []
    decisions = Decision.objects.filter(item__meeting=meeting, body__isnull=False)
    for decision in decisions.select_related("body", "item").filter(commitment__isnull=True):
        commitment = commitment_propose(
            body=decision.body,
            text=decision.text,
            due_on=decision.due_on,
            by=by,
            organisation=meeting.organiser,
            meeting=meeting,
            origin=decision.item,
            responsible=decision.responsible,
            publish=True,
        )
        decision.commitment = commitment
        decision.save(update_fields=["commitment"])
        created.append(commitment)
    commitments_publish(commitments=meeting.commitments.filter(is_published=False))
    meeting.minutes_published_at = timezone.now()
    meeting.save(update_fields=["minutes_published_at"])
    announcements.minutes_announce(meeting=meeting, commitments=len(created))
    for body_id in sorted({commitment.body_id for commitment in created}):
        transaction.on_commit(partial(tasks.commitments_proposed_send.enqueue, meeting.pk, body_id))
    return created


# -- Hearings of decisions on recommendations ---------------------------------------------------


def decision_notice_hearing(notice) -> Meeting:
    """The hearing before the body decides on a recommendation, for the notice of its date that
    the body gave in its inbox: organised by the body, published and announced (the law asks
    for the notice a set number of working days ahead, so the announcement day has come)."""
    recommendation = notice.recommendation
    body = recommendation.body
    starts_at = timezone.make_aware(datetime.combine(notice.decision_on, time(10)))
    meeting = meeting_create(
        organiser=body,
        kind=MeetingKind.DECISION_HEARING,
        title=str(
            _("Decision on recommendation %(number)s of “%(campaign)s”")
            % {"number": recommendation.number, "campaign": recommendation.campaign}
        ),
        starts_at=starts_at,
        by=None,
        description=notice.note,
        territory=body.territory,
        bodies=[body],
        decision_notice=notice,
    )
    AgendaItem.private_objects.create(
        meeting=meeting,
        order=1,
        title=str(_("Recommendation %(number)s") % {"number": recommendation.number}),
        campaign=recommendation.campaign,
        recommendation=recommendation,
    )
    meeting.is_published = True
    meeting.published_at = timezone.now()
    meeting.save(update_fields=["is_published", "published_at"])
    announcements.meeting_announce(meeting=meeting)
    return meeting
