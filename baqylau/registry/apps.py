from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "baqylau.registry"
    verbose_name = _("Registry")

    def ready(self):
        from baqylau.core.history import keep_history

        from . import (
            record,  # noqa: F401  what the public record keeps of this app's records
            versions,
        )
        from .models import Financing, Indicator, IndicatorValue, PlanVersionTagged, ProjectObject

        # What a plan promises keeps every earlier version, each historical row tagged with the
        # version of the plan it belongs to (baqylau.registry.versions). Plan and actual values
        # changed after publication also leave their public plan revision.
        tagged = (PlanVersionTagged,)
        keep_history(
            IndicatorValue, public=("plan", "actual", "actual_source", "actual_date"), bases=tagged
        )
        keep_history(
            Indicator, public=("baseline_year", "baseline_value"), excluded=(), bases=tagged
        )
        keep_history(
            ProjectObject,
            public=("planned_start", "planned_end", "capacity", "capacity_unit"),
            excluded=("search_text", "updated_at"),
            bases=tagged,
        )
        keep_history(Financing, public=("planned", "adjusted"), bases=tagged)
        versions.connect()
