from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "baqylau.registry"
    verbose_name = _("Registry")

    def ready(self):
        from baqylau.core.history import keep_history

        from . import record  # noqa: F401  what the public record keeps of this app's records
        from .models import IndicatorValue

        # Plan and actual values keep every earlier version (a plan changed after publication
        # also leaves its public plan revision).
        keep_history(IndicatorValue, public=("plan", "actual", "actual_source", "actual_date"))
