"""The iCalendar feed of published meetings (RFC 5545, built with the `icalendar` package): one
event per meeting, its UID stable, its times in UTC."""

from datetime import UTC, timedelta

from django.conf import settings
from icalendar import Calendar, Event

from .models import Meeting

DEFAULT_LENGTH = timedelta(hours=2)


def uid_of(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{getattr(settings, 'BAQYLAU_ICAL_DOMAIN', 'baqylau.kz')}"


def calendar_of(meetings, *, absolute) -> bytes:
    """The feed of `meetings`; `absolute(path)` makes a page's full address."""
    calendar = Calendar()
    calendar.add("prodid", "-//Baqylau//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Baqylau")
    for meeting in meetings:
        event = Event()
        event.add("uid", uid_of(meeting))
        event.add("summary", meeting.title)
        starts = meeting.starts_at.astimezone(UTC)
        event.add("dtstart", starts)
        event.add("dtend", (meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH).astimezone(UTC))
        event.add("dtstamp", (meeting.published_at or meeting.created_at).astimezone(UTC))
        event.add("last-modified", meeting.updated_at.astimezone(UTC))
        if meeting.place:
            event.add("location", meeting.place)
        url = absolute(meeting.get_absolute_url())
        event.add("url", url)
        lines = [meeting.get_kind_display(), meeting.organiser.name]
        if meeting.description:
            lines.append(meeting.description)
        if meeting.video_url:
            lines.append(meeting.video_url)
        lines.append(url)
        event.add("description", "\n\n".join(str(line) for line in lines))
        calendar.add_component(event)
    return calendar.to_ical()
