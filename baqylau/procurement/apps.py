from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcurementConfig(AppConfig):
    name = "baqylau.procurement"
    verbose_name = _("Procurement")

    def ready(self):
        from . import feedback_admin, record  # noqa: F401  the back office, the public record
