"""Public meetings where monitoring turns into dialogue: public council sessions, public hearings,
hearings of a body's report and of its decision on recommendations, the interface meetings of
community scorecards; their questions, attendance, minutes and the commitments they decide."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "baqylau.meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from baqylau.accountability import pages as recommendation_pages
        from baqylau.accountability import services as accountability
        from baqylau.monitoring import pages

        from . import services
        from .selectors import discussing

        # A notice of a decision date given in the inbox becomes the hearing of the decision.
        if services.decision_notice_hearing not in accountability.decision_notice_listeners:
            accountability.decision_notice_listeners.append(services.decision_notice_hearing)

        # The campaign page lists the meetings that discussed the campaign.
        pages.register(
            pages.Section(
                templates=("meetings/_campaign_section.html",),
                context=lambda user, campaign, rights: {
                    "discussed_at": discussing(user, campaign=campaign)
                },
            )
        )
        # The recommendation page lists them too.
        recommendation_pages.register(
            recommendation_pages.Section(
                template="meetings/_campaign_section.html",
                context=lambda user, recommendation: {
                    "discussed_at": discussing(user, recommendation=recommendation)
                },
            )
        )
        # The moderators' queue links to the questions that wait for them.
        from baqylau.participation import queue
        from baqylau.participation.states import Moderation

        from .models import Question

        queue.register_other_queue(
            queue.OtherQueue(
                label=_("Questions to meetings"),
                count=lambda: Question.objects.filter(moderation=Moderation.HELD).count(),
                url_name="meetings:held_questions",
            )
        )
