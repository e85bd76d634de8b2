from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "baqylau.api"
    verbose_name = _("Open data API")

    def ready(self):
        # The downloads built as files register themselves (the worker builds them too).
        from . import downloads  # noqa: F401, PLC0415
