"""The final document of a campaign (Article 13 of the Law "On Public Control") as a web page and
as a PDF, in the language the coordinator chose for it.

The PDF is drawn by WeasyPrint from the same self-contained HTML (stylesheet inlined, nothing
fetched), with the system's DejaVu fonts, which have every Kazakh letter.
"""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from .models import Campaign, FinalDocument, Finding, Recommendation

STYLESHEET = "css/letter.css"


def _stylesheet() -> str:
    return mark_safe(Path(finders.find(STYLESHEET)).read_text(encoding="utf-8"))


def report_context(campaign: Campaign) -> dict:
    document = FinalDocument.private_objects.get(campaign=campaign)
    findings = list(
        Finding.private_objects.filter(campaign=campaign).select_related(
            "project_object", "indicator", "document"
        )
    )
    recommendations = list(
        Recommendation.private_objects.filter(campaign=campaign)
        .select_related("body")
        .prefetch_related(Prefetch("findings", queryset=Finding.private_objects.only("number")))
    )
    return {
        "campaign": campaign,
        "document": document,
        "findings": findings,
        "recommendations": recommendations,
    }


def final_document_html(campaign: Campaign) -> str:
    context = report_context(campaign)
    language = context["document"].language
    with translation.override(language):
        return render_to_string(
            "monitoring/report/final_document.html",
            {"language": language, "stylesheet": _stylesheet(), **context},
        )


def final_document_pdf(campaign: Campaign) -> bytes:
    # Imported here: WeasyPrint loads pango when imported, and only the documents need it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=set())
    return HTML(string=final_document_html(campaign), url_fetcher=fetcher).write_pdf()
