from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "baqylau.accountability"
    verbose_name = _("Accountability")

    def ready(self):
        from baqylau.core.history import keep_history

        from . import models

        # What the public has seen keeps its earlier versions, with who changed it and why.
        keep_history(
            models.Finding,
            public=(
                "title",
                "category",
                "severity",
                "description",
                "norm",
                "year",
                "monitor_value",
            ),
        )
        keep_history(models.Recommendation, public=("text",))
        keep_history(models.RecommendationAnswer, public=("decision", "reasons", "answered_on"))
        keep_history(models.PlannedMeasure, public=("text", "due_on"))
        keep_history(models.VerificationRecord, public=("verification", "verified_on", "note"))
        keep_history(
            models.FinalDocument,
            public=models.FinalDocument.WRITTEN,
            excluded=("updated_at",),
        )

        from baqylau.monitoring import pages

        from . import record  # noqa: F401  what the public record keeps of this app's records
        from .selectors import recommendation_summaries
        from .views import final_document, findings

        # The campaign page shows where its recommendations stand near the top (as does each
        # campaign's card in the list), the findings and recommendations after the visits, then
        # the final document.
        pages.register(
            pages.Section(
                templates=(
                    "accountability/_findings_section.html",
                    "accountability/_recommendations_section.html",
                ),
                notice_template="accountability/_recommendation_summary.html",
                context=findings.campaign_sections,
                card_lines=recommendation_summaries,
            )
        )
        pages.register(
            pages.Section(
                templates=("accountability/_final_document_section.html",),
                notice_template="accountability/_final_document_notice.html",
                context=final_document.final_document_context,
            )
        )
