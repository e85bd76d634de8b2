"""What the public record keeps of what is said of the red flags: monitors' feedback with the
public copies of its files, and the bodies' answers (see `core/record.py`)."""

from baqylau.core import record

from .models import FeedbackFile, FlagAnswer, FlagFeedback

record.register(
    FlagFeedback,
    kind="flag_feedback",
    fields=("process", "code", "verdict", "note", "organisation", "created_at", "finding"),
)
record.register(
    FeedbackFile,
    kind="flag_feedback_file",
    fields=("feedback", "original_name", "content_type", "sha256", "size"),
    files=("public_file",),
    public=lambda: FeedbackFile.objects.filter(feedback__withdrawn_at__isnull=True),
    under={FlagFeedback: "feedback"},
)
record.register(
    FlagAnswer, kind="flag_answer", fields=("process", "code", "body", "text", "answered_at")
)
