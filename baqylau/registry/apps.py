from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "baqylau.registry"
    verbose_name = _("Registry")

    def ready(self):
        from . import record  # noqa: F401  what the public record keeps of this app's records
