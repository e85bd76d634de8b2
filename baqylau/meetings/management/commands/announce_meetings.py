"""Daily, from cron: announce to their followers the meetings whose announcement day has come
(each once)."""

from django.utils.translation import ngettext

from baqylau.core.management.daily import DailyCommand
from baqylau.meetings.announcements import meetings_announce


class Command(DailyCommand):
    help = (
        "Announce to their followers the published meetings whose announcement day has come "
        "(the days before each kind of meeting are data); each meeting once."
    )
    days_setting = "the announcement rules"

    def run(self, *, today, days):
        count = meetings_announce(today=today)
        return [
            ngettext("%(count)d meeting announced.", "%(count)d meetings announced.", count)
            % {"count": count}
        ]
