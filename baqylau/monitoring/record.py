"""What the public record keeps of a published campaign and its files (see `core/record.py`)."""

from baqylau.core import record

from .models import Campaign, Evidence

record.register(
    Campaign,
    kind="campaign",
    fields=(
        "slug",
        "ngo",
        "title",
        "description",
        "form",
        "documents",
        "project_objects",
        "bodies",
        "goals",
        "tasks",
        "method",
        "starts_on",
        "ends_on",
        "status",
        "published_at",
    ),
)
record.register(
    Evidence,
    kind="evidence",
    fields=("campaign", "visit", "name", "content_type"),
    files=("public_file",),
    under={Campaign: "campaign"},
)
