from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "baqylau.accountability"
    verbose_name = _("Accountability")

    def ready(self):
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
