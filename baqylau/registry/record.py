"""What the public record keeps of the plan: the publication of a planning document and each
indicator's plan and actual value for a year (see `core/record.py`)."""

from baqylau.core import record

from .models import IndicatorValue, PlanningDocument

record.register(PlanningDocument, kind="document", fields=("slug", "published_at"))
record.register(
    IndicatorValue,
    kind="indicator_value",
    fields=("indicator", "year", "plan", "actual", "actual_source", "actual_date"),
    under={PlanningDocument: "indicator__goal__document"},
)
