from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "baqylau.monitoring"
    verbose_name = _("Public monitoring")

    def ready(self):
        from . import record  # noqa: F401  what the public record keeps of this app's records
