"""What the public record keeps of findings, recommendations, the bodies' answers, the monitors'
verification and the final document (see `core/record.py`)."""

from baqylau.core import record
from baqylau.monitoring.models import Campaign

from .models import (
    AnswerFile,
    DecisionNotice,
    FinalDocument,
    Finding,
    PlannedMeasure,
    Recommendation,
    RecommendationAnswer,
)

record.register(
    Finding,
    kind="finding",
    fields=(
        "campaign",
        "number",
        "title",
        "category",
        "severity",
        "description",
        "norm",
        "project_object",
        "indicator",
        "document",
        "year",
        "monitor_value",
        "evidence",
    ),
    under={Campaign: "campaign"},
)
record.register(
    Recommendation,
    kind="recommendation",
    fields=(
        "campaign",
        "number",
        "body",
        "text",
        "findings",
        "sent_on",
        "due_on",
        "state",
        "answered_on",
        "answered_late",
        "verification",
        "verified_on",
        "verification_note",
    ),
    under={Campaign: "campaign"},
)
record.register(
    RecommendationAnswer,
    kind="answer",
    fields=("recommendation", "decision", "reasons", "answered_on"),
    under={Campaign: "recommendation__campaign"},
)
record.register(
    PlannedMeasure,
    kind="measure",
    fields=("answer", "text", "due_on"),
    under={RecommendationAnswer: "answer", Campaign: "answer__recommendation__campaign"},
)
record.register(
    AnswerFile,
    kind="answer_file",
    fields=("answer", "name", "content_type"),
    files=("public_file",),
    under={RecommendationAnswer: "answer", Campaign: "answer__recommendation__campaign"},
)
record.register(
    DecisionNotice,
    kind="decision_notice",
    fields=("recommendation", "decision_on", "notified_on", "note"),
    under={Campaign: "recommendation__campaign"},
)
record.register(
    FinalDocument,
    kind="final_document",
    fields=(
        "campaign",
        "language",
        *FinalDocument.WRITTEN,
        "sent_on",
        "pdf_sha256",
    ),
    files=("pdf",),
    under={Campaign: "campaign"},
)
