from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InforequestsConfig(AppConfig):
    name = "baqylau.inforequests"
    verbose_name = _("Information requests")

    def ready(self):
        from baqylau.core.history import keep_history
        from baqylau.core.withdrawals import withdrawn

        from . import record  # noqa: F401  what the public record keeps of this app's records
        from .models import Answer, InformationRequest, RequestEvent

        # What the public has seen keeps its earlier versions. A request's text changes only
        # while it is a private draft, so its page shows none; an answer's public text is
        # redacted to take personal data out: its page says it changed, never what it was.
        keep_history(InformationRequest, public=(), excluded=("search_text", "updated_at"))
        keep_history(RequestEvent, public=("happened_on", "due_date"))
        keep_history(Answer, public=("received_on", "classification"), undisclosed=("public_text",))
        # A withdrawn answer's words leave the search of its request.
        withdrawn.connect(_reindex_request, sender=Answer, dispatch_uid="answer_withdrawn")


def _reindex_request(sender, record, **kwargs):
    from .services import request_reindex

    request_reindex(request=record.request)
