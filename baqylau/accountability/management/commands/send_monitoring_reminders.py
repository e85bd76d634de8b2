"""Daily, from cron: mark the recommendations answered too late, remind officers of answers due
soon, and warn coordinators of final documents due soon or late."""

from django.utils.translation import ngettext

from baqylau.accountability.deadlines import deadlines_run
from baqylau.core.management.daily import DailyCommand


class Command(DailyCommand):
    help = (
        "Mark overdue recommendations, remind officers before recommendations are due and warn "
        "coordinators whose final document is due soon or late."
    )
    days_setting = "BAQYLAU_RECOMMENDATION_REMINDER_DAYS"

    def run(self, *, today, days):
        report = deadlines_run(today=today, days=days)
        return [
            ngettext(
                "%(count)d recommendation marked overdue.",
                "%(count)d recommendations marked overdue.",
                report.overdue,
            )
            % {"count": report.overdue},
            ngettext(
                "Officers reminded of %(count)d recommendation.",
                "Officers reminded of %(count)d recommendations.",
                report.reminded,
            )
            % {"count": report.reminded},
            ngettext(
                "Coordinators warned of %(count)d final document due soon.",
                "Coordinators warned of %(count)d final documents due soon.",
                report.send_near,
            )
            % {"count": report.send_near},
            ngettext(
                "Coordinators told of %(count)d final document not sent in time.",
                "Coordinators told of %(count)d final documents not sent in time.",
                report.send_late,
            )
            % {"count": report.send_late},
        ]
