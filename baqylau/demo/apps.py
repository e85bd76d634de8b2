from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Illustrative demo data and `load_demo`; no models, and no app imports it."""

    name = "baqylau.demo"
    verbose_name = _("Demo data")
