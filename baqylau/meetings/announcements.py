"""The announcement of a meeting to those who follow it, its territory, its bodies and what its
agenda discusses (`accounts.following`): once, on the day its kind's rule says (so many days, or
working days, before it starts), or at publication when that day has already passed. The daily
command `announce_meetings` sends the day's announcements."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baqylau.accounts.following import announce
from baqylau.core.calendar import WorkingCalendar
from baqylau.core.services import lock

from .models import AnnouncementRule, Meeting


def rule_for(kind: str) -> AnnouncementRule | None:
    return AnnouncementRule.objects.filter(kind=kind).first()


def announcement_day(meeting: Meeting, rule: AnnouncementRule | None = None, *, calendar=None):
    """The day the meeting is announced: its rule's days before the day it starts (the day it
    was published, when no rule applies)."""
    rule = rule if rule is not None else rule_for(meeting.kind)
    starts_on = timezone.localdate(meeting.starts_at)
    if rule is None:
        return starts_on
    if rule.working_days:
        return (calendar or WorkingCalendar()).add_working_days(starts_on, -rule.days)
    return starts_on - timedelta(days=rule.days)


def _targets(meeting: Meeting) -> list:
    targets = [meeting, *meeting.bodies.all()]
    place = meeting.territory
    while place is not None and len(targets) < 40:
        targets.append(place)
        place = place.parent
    for item in meeting.agenda.select_related("campaign", "recommendation__campaign"):
        if item.campaign is not None:
            targets.append(item.campaign)
        if item.recommendation is not None:
            targets.append(item.recommendation.campaign)
    return targets


def minutes_announce(*, meeting: Meeting, commitments: int) -> None:
    """Tell those who heard of the meeting that its minutes are out, with what it decided."""

    def text() -> str:
        line = _("The minutes of “%(title)s” are published.") % {"title": meeting.title}
        if commitments:
            line += " " + ngettext(
                "The meeting decided %(count)s commitment of a state body.",
                "The meeting decided %(count)s commitments of state bodies.",
                commitments,
            ) % {"count": commitments}
        return line

    announce(targets=_targets(meeting), kind="meeting.minutes", subject=meeting, text=text)


@transaction.atomic
def meeting_announce(*, meeting: Meeting) -> bool:
    """Announce the published meeting to its followers, unless it was already; whether it was
    announced now."""
    lock(meeting)
    if meeting.announced_at is not None or not meeting.is_published or meeting.is_withdrawn:
        return False

    def text() -> str:
        starts = timezone.localtime(meeting.starts_at)
        line = _("%(kind)s on %(date)s at %(time)s: %(title)s") % {
            "kind": meeting.get_kind_display().capitalize(),
            "date": date_format(starts, "SHORT_DATE_FORMAT"),
            "time": date_format(starts, "TIME_FORMAT"),
            "title": meeting.title,
        }
        if meeting.place:
            line += " — " + meeting.place
        return line

    announce(targets=_targets(meeting), kind="meeting.announced", subject=meeting, text=text)
    meeting.announced_at = timezone.now()
    meeting.save(update_fields=["announced_at"])
    return True


def meetings_announce(*, today: date | None = None) -> int:
    """Announce every published meeting still to come whose announcement day has come; the
    number announced."""
    today = today or timezone.localdate()
    calendar = WorkingCalendar()
    rules = {rule.kind: rule for rule in AnnouncementRule.objects.all()}
    count = 0
    pending = Meeting.public_objects.filter(
        announced_at__isnull=True, starts_at__date__gte=today
    ).order_by("starts_at", "pk")
    for meeting in pending:
        if announcement_day(meeting, rules.get(meeting.kind), calendar=calendar) <= today:
            count += meeting_announce(meeting=meeting)
    return count
