"""The year's plan as the document the council signs: a PDF in Kazakh or Russian, drawn by
WeasyPrint from a self-contained page (the stylesheet inlined, nothing fetched) in the system's
DejaVu fonts, which have every Kazakh letter. It shows the plan as it stands, with the public
members only, so that anyone who may read the plan may download it."""

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from .models import CouncilMember, CouncilRole, MonitoringPlan
from .selectors import lines_with_campaigns

STYLESHEET = "css/plan-document.css"
# The languages the council signs its plan in.
DOCUMENT_LANGUAGES = ("kk", "ru")


def _stylesheet() -> str:
    return mark_safe(Path(finders.find(STYLESHEET)).read_text(encoding="utf-8"))


def plan_document_html(plan: MonitoringPlan, language: str) -> str:
    with translation.override(language):
        signatories = {
            member.role: member
            for member in CouncilMember.public_objects.filter(
                council=plan.council, role__in=(CouncilRole.CHAIR, CouncilRole.SECRETARY)
            ).order_by("-since", "-id")[:10]
        }
        # The public's lines: the document names the campaigns no one may keep from the public.
        lines = list(lines_with_campaigns(None, plan))
        return render_to_string(
            "councils/document/plan.html",
            {
                "language": language,
                "stylesheet": _stylesheet(),
                "plan": plan,
                "council": plan.council,
                "lines": lines,
                "chair": signatories.get(CouncilRole.CHAIR),
                "secretary": signatories.get(CouncilRole.SECRETARY),
            },
        )


def plan_document_pdf(plan: MonitoringPlan, language: str) -> bytes:
    # Imported here: WeasyPrint loads pango when imported, and only the documents need it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=plan_document_html(plan, language), url_fetcher=fetcher).write_pdf()


def plan_document_filename(plan: MonitoringPlan, language: str) -> str:
    return f"monitoring-plan-{plan.council.slug}-{plan.year}-{language}.pdf"
