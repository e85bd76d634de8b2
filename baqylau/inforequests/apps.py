from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InforequestsConfig(AppConfig):
    name = "baqylau.inforequests"
    verbose_name = _("Information requests")

    def ready(self):
        from . import record  # noqa: F401  what the public record keeps of this app's records
