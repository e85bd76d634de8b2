"""Daily, from cron: remind the officers of state bodies of the citizens' problem reports due
within a few working days and of those past the due date."""

from django.utils.translation import ngettext

from baqylau.core.management.daily import DailyCommand
from baqylau.participation.reminders import reports_remind


class Command(DailyCommand):
    help = (
        "Remind the officers of state bodies of the problem reports whose answer is due soon or "
        "overdue: one email per body, once per due date."
    )
    days_setting = "BAQYLAU_REPORT_REMINDER_DAYS"

    def run(self, *, today, days):
        report = reports_remind(today=today, days=days)
        return [
            ngettext(
                "Officers reminded of %(count)d report due soon.",
                "Officers reminded of %(count)d reports due soon.",
                report.due_soon,
            )
            % {"count": report.due_soon},
            ngettext(
                "Officers told of %(count)d report past the due date.",
                "Officers told of %(count)d reports past the due date.",
                report.overdue,
            )
            % {"count": report.overdue},
        ]
