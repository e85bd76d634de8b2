from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "baqylau.participation"
    verbose_name = _("Participation")

    def ready(self):
        from baqylau.monitoring import pages

        from . import opinions

        # A published campaign's page ends with its comments.
        pages.register(
            pages.Section(
                templates=("participation/opinions/_campaign_comments.html",),
                context=opinions.campaign_comments,
            )
        )
