"""Community scorecards: a campaign of that form rates a service at an object with its users'
groups and its provider, and ends in a joint action plan that the body accepts and tracks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScorecardsConfig(AppConfig):
    name = "baqylau.scorecards"
    verbose_name = _("Community scorecards")

    def ready(self):
        from baqylau.core.history import keep_history
        from baqylau.monitoring import pages
        from baqylau.monitoring import services as monitoring

        from . import models

        # What the public has seen keeps its earlier versions: a corrected count or line of the
        # plan is a new version, the earlier one stays on the record.
        keep_history(
            models.InputItem, public=("item", "unit", "entitled", "source", "actual", "note")
        )
        keep_history(models.Indicator, public=("text",))
        keep_history(
            models.GroupScore,
            public=("count_1", "count_2", "count_3", "count_4", "count_5", "reasons"),
        )
        keep_history(models.ProviderScore, public=("value", "reason"))
        keep_history(models.ActionItem, public=("action", "responsible", "due_on"))

        from .pages import campaign_section

        pages.register(
            pages.Section(
                templates=("scorecards/_campaign_section.html",),
                context=campaign_section,
            )
        )
        # A scorecard's commitments and interface meeting become public with its campaign.
        from .services import publish_with_campaign

        if publish_with_campaign not in monitoring.campaign_published_listeners:
            monitoring.campaign_published_listeners.append(publish_with_campaign)
