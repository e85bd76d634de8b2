"""The final document of a campaign (Article 13 of the Law "On Public Control") as a web page and
as a PDF, in the language the coordinator chose for it, whatever the reader's language.

Both come from one template, `accountability/report/_document.html`: the web page shows it inside
the site (photos by their public address), the PDF wraps it in a self-contained page that WeasyPrint
draws without fetching anything: the stylesheet is inlined, the photos are small JPEGs made from
the public copies (read through the storage, so S3 works too) and the charts are SVG with their
own style, both embedded as data: URLs, and the fonts are the system's DejaVu, which has every
Kazakh letter. Once the document is sent, the PDF kept at sending is what is served.
"""

import base64
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from PIL import Image, UnidentifiedImageError

from baqylau.core import charts
from baqylau.core.models import DeadlineRule
from baqylau.monitoring import selectors
from baqylau.monitoring.models import Campaign, Evidence
from baqylau.registry.models import IndicatorValue, PlanningDocument, ProjectObject

from .models import FinalDocument, Finding, Recommendation
from .terms import SEND_RULE

STYLESHEET = "css/report.css"
# Photos are printed three a row, some 55 mm wide: 400 pixels give about 180 dpi and keep a
# document with a hundred photos to a few megabytes. A public copy (up to 2000 pixels) is decoded
# at a quarter or an eighth of its size straight away (JPEG draft mode), which makes it fast.
THUMBNAIL_SIDE = 400
THUMBNAIL_QUALITY = 75
THUMBNAIL_WORKERS = 4
# The page's stylesheet does not reach inside a chart drawn by WeasyPrint: in the PDF the charts
# carry their own, with the colours of the portal's charts (baqylau.css).
CHART_STYLE = (
    "<style>"
    ".grid{stroke:#d9dee5;stroke-width:1}"
    ".axis,.legend{font-size:10px;fill:#566172;font-family:'DejaVu Sans',sans-serif}"
    "polyline.plan,line.plan{fill:none;stroke:#8a96a8;stroke-width:2;stroke-dasharray:5 4}"
    "polyline.actual,line.actual{fill:none;stroke:#1d6fb8;stroke-width:2.5}"
    "circle.plan{fill:#fff;stroke:#8a96a8;stroke-width:1.5}"
    "circle.actual{fill:#1d6fb8}"
    "</style>"
)


@dataclass(frozen=True)
class Figures:
    """An indicator's figures for the year of a finding: what was planned, what the body
    reported and what the monitors established."""

    year: int | None
    plan: object
    actual: object
    monitor: object
    unit: str


def _stylesheet() -> str:
    return mark_safe(Path(finders.find(STYLESHEET)).read_text(encoding="utf-8"))


def _thumbnail(field) -> str | None:
    """A small JPEG of a public copy as a data: URL, or None when it cannot be read."""
    try:
        with field.open("rb") as source, Image.open(source) as image:
            scale = THUMBNAIL_SIDE / max(image.size)
            image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
            image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                flat = Image.new("RGB", image.size, (255, 255, 255))
                flat.paste(image, mask=image.getchannel("A"))
                image = flat
            elif image.mode != "RGB":
                image = image.convert("RGB")
            buffer = BytesIO()
            image.save(buffer, format="JPEG", quality=THUMBNAIL_QUALITY)
    except (OSError, ValueError, UnidentifiedImageError):
        return None
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _chart_image(svg: str, title: str) -> str:
    """The chart as an image for the PDF, with its own style: WeasyPrint reads each different
    image once, however many findings show the same indicator."""
    if not svg:
        return svg
    end = svg.find(">") + 1
    data = base64.b64encode((svg[:end] + CHART_STYLE + svg[end:]).encode()).decode("ascii")
    return format_html(
        '<img class="chart" src="data:image/svg+xml;base64,{}" alt="{}">', data, title
    )


def _indicator_years(indicator, values: list[IndicatorValue]) -> list[int]:
    """The years of the planning document, as the portal draws them, else those with values."""
    document = indicator.goal.document
    if document.start_year and document.end_year and document.end_year >= document.start_year:
        return list(range(document.start_year, document.end_year + 1))
    return sorted({v.year for v in values})


def _attach_figures(findings: list[Finding], *, embed: bool) -> None:
    """Each finding about an indicator gets its figures and the indicator's plan/actual chart
    (one query for all of them)."""
    indicators = {f.indicator_id for f in findings if f.indicator_id}
    values = defaultdict(list)
    for value in IndicatorValue.public_objects.filter(indicator_id__in=indicators).order_by(
        "indicator_id", "year"
    ):
        values[value.indicator_id].append(value)
    charts_by_indicator = {}
    for finding in findings:
        finding.figures = finding.chart = None
        indicator = finding.indicator
        if indicator is None:
            continue
        rows = values[indicator.pk]
        by_year = {v.year: v for v in rows}
        year = finding.year
        if year is None:
            known = [v.year for v in rows if v.actual is not None or v.plan is not None]
            year = max(known) if known else None
        value = by_year.get(year)
        finding.figures = Figures(
            year=year,
            plan=value.plan if value else None,
            actual=value.actual if value else None,
            monitor=finding.monitor_value,
            unit=indicator.unit or "",
        )
        if indicator.pk not in charts_by_indicator:
            years = _indicator_years(indicator, rows)
            svg = charts.plan_actual_svg(
                title=str(indicator.name),
                years=years,
                plan=[by_year[y].plan if y in by_year else None for y in years],
                actual=[by_year[y].actual if y in by_year else None for y in years],
                unit=indicator.unit or "",
            )
            charts_by_indicator[indicator.pk] = (
                _chart_image(svg, str(indicator.name)) if embed else svg
            )
        finding.chart = charts_by_indicator[indicator.pk]


def _attach_photos(findings: list[Finding], *, embed: bool) -> None:
    """Every piece of evidence gets `src`: its thumbnail embedded in the PDF, the address of its
    public copy on the web page; documents and unreadable images get none."""
    photos = []
    for finding in findings:
        for item in finding.evidence.all():
            item.src = None
            if item.is_image and item.public_file:
                photos.append(item)
    if not embed:
        for item in photos:
            item.src = item.public_file.url
        return
    # Pillow decodes outside the interpreter lock: the photos are read and shrunk side by side.
    with ThreadPoolExecutor(max_workers=THUMBNAIL_WORKERS) as pool:
        for item, src in zip(
            photos, pool.map(_thumbnail, [item.public_file for item in photos]), strict=True
        ):
            item.src = src


def _legal_reference() -> str:
    rule = DeadlineRule.objects.filter(code=SEND_RULE).first()
    return rule.legal_reference if rule else ""


def report_context(
    campaign: Campaign, document: FinalDocument | None = None, *, embed: bool = False
) -> dict:
    """Everything the document says, read in the active language (the caller overrides it to
    the document's). `embed` prepares the photos and charts for the PDF."""
    document = document or FinalDocument.private_objects.get(campaign=campaign)
    findings = list(
        Finding.private_objects.filter(campaign=campaign)
        .select_related("project_object", "indicator__goal__document", "document")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.private_objects.not_withdrawn().order_by("created_at", "id"),
            )
        )
    )
    _attach_figures(findings, embed=embed)
    _attach_photos(findings, embed=embed)
    recommendations = list(
        Recommendation.private_objects.filter(campaign=campaign)
        .select_related("body")
        .prefetch_related(
            Prefetch("findings", queryset=Finding.private_objects.only("campaign_id", "number"))
        )
    )
    return {
        "campaign": campaign,
        "document": document,
        "findings": findings,
        "recommendations": recommendations,
        "bodies": list(campaign.bodies.order_by("name_ru")),
        "planning_documents": list(
            PlanningDocument.public_objects.filter(campaigns=campaign).order_by("title_ru")
        ),
        "project_objects": list(
            ProjectObject.public_objects.filter(campaigns=campaign).order_by("name_ru")
        ),
        "team": selectors.team(campaign),
        "legal_reference": _legal_reference(),
        "url": settings.SITE_URL + reverse("accountability:final_document", args=[campaign.slug]),
        "prepared_on": timezone.localdate(document.updated_at) if document.updated_at else None,
    }


def final_document_fragment(campaign: Campaign, document: FinalDocument | None = None) -> str:
    """The document for the web page, in its own language, to be shown inside the site."""
    document = document or FinalDocument.private_objects.get(campaign=campaign)
    with translation.override(document.language):
        context = report_context(campaign, document)
        return render_to_string(
            "accountability/report/_document.html", {"language": document.language, **context}
        )


def final_document_html(campaign: Campaign, document: FinalDocument | None = None) -> str:
    """The document as a self-contained page (the one WeasyPrint draws)."""
    document = document or FinalDocument.private_objects.get(campaign=campaign)
    with translation.override(document.language):
        context = report_context(campaign, document, embed=True)
        return render_to_string(
            "accountability/report/final_document.html",
            {"language": document.language, "stylesheet": _stylesheet(), **context},
        )


def final_document_pdf(campaign: Campaign, document: FinalDocument | None = None) -> bytes:
    """The PDF as it stands now; `document` may carry changes not saved yet (the date of
    sending, while it is being sent)."""
    # Imported here: WeasyPrint loads pango when imported, and only the documents need it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Only data: URLs, decoded in memory: everything the document shows is inside it.
    fetcher = URLFetcher(allowed_protocols={"data"})
    html = final_document_html(campaign, document)
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def final_document_filename(campaign: Campaign, document: FinalDocument) -> str:
    return f"final-document-{campaign.slug}-{document.language}.pdf"
