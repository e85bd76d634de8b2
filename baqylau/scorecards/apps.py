from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScorecardsConfig(AppConfig):
    name = "baqylau.scorecards"
    verbose_name = _("Community scorecards")
