"""What the public record keeps of public information requests, their timeline and answers (see
`core/record.py`)."""

from baqylau.core import record

from .models import Answer, Attachment, InformationRequest, RequestEvent


def _of_public_requests(model):
    return lambda: model.objects.filter(request__in=InformationRequest.public_objects.all())


record.register(
    InformationRequest,
    kind="request",
    fields=(
        "public_id",
        "body",
        "subject",
        "text",
        "asked",
        "language",
        "document",
        "object",
        "status",
        "sent_at",
        "registered_on",
        "registration_number",
        "due_date",
        "extended",
        "answered_on",
    ),
)
record.register(
    RequestEvent,
    kind="request_event",
    fields=(
        "request",
        "kind",
        "status_after",
        "happened_on",
        "note",
        "legal_ground",
        "due_date",
        "other_body",
    ),
    public=_of_public_requests(RequestEvent),
    under={InformationRequest: "request"},
)
record.register(
    Answer,
    kind="request_answer",
    fields=(
        "request",
        "source",
        "received_on",
        "public_text",
        "redacted",
        "classification",
        "legal_ground",
    ),
    under={InformationRequest: "request"},
)
record.register(
    Attachment,
    kind="request_attachment",
    fields=("request", "answer", "name", "content_type"),
    files=("public_file",),
    # The files of a withdrawn answer leave with it.
    public=lambda: _of_public_requests(Attachment)().filter(
        hidden=False, answer__withdrawn_at__isnull=True
    ),
    under={InformationRequest: "request", Answer: "answer"},
)
