from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "baqylau.councils"
    verbose_name = _("Public councils")

    def ready(self):
        from baqylau.core.history import keep_history
        from baqylau.monitoring import pages

        from . import models
        from .sections import campaign_plan_context

        def each_language(*names):
            return tuple(f"{name}_{code}" for name in names for code, _name in settings.LANGUAGES)

        # An approved plan is public: each amendment keeps the earlier version and its reason.
        keep_history(
            models.MonitoringPlan,
            public=(*each_language("title"), "status", "approved_on", "approval_reference"),
            excluded=("updated_at",),
        )
        keep_history(
            models.PlanLine,
            public=(
                "number",
                *each_language("subject", "term_text", "goals", "tasks"),
                "term_from",
                "term_to",
            ),
            excluded=("updated_at",),
        )
        # The campaign page says which line of which council's plan it carries out.
        pages.register(
            pages.Section(
                notice_template="councils/_campaign_plan.html",
                context=campaign_plan_context,
            )
        )
