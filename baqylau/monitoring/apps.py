from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

LANGS = [code for code, _name in settings.LANGUAGES]


class MonitoringConfig(AppConfig):
    name = "baqylau.monitoring"
    verbose_name = _("Public monitoring")

    def ready(self):
        from baqylau.core.history import keep_history

        from . import record  # noqa: F401  what the public record keeps of this app's records
        from .models import Campaign, Evidence

        # What the public has seen keeps its earlier versions (field visits keep theirs too).
        translated = tuple(f"{name}_{code}" for name in ("title", "description") for code in LANGS)
        keep_history(
            Campaign,
            public=(*translated, "goals", "tasks", "method", "starts_on", "ends_on"),
            excluded=("updated_at",),
        )
        keep_history(Evidence, public=("name",))
