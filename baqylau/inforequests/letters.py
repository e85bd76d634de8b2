"""The letters of an information request and of an appeal, as a web page and as PDF.

A letter is written in the request's language (kk or ru). Its fixed legal wording lives in one
template per language (templates/inforequests/letters/), so that it reads exactly as checked;
names and addresses of bodies follow the same language, with the usual fallback. The letter goes
to the body, so it always carries the requester's name, even when the name is hidden from the
public. The PDF is drawn by WeasyPrint, which needs pango and a font with every Kazakh letter
(DejaVu Sans or Noto Sans) from Debian: scripts/bootstrap installs them.
"""

import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from baqylau.core.models import DeadlineRule

from .models import Answer, Appeal, InformationRequest, Status

STYLESHEET = "css/letter.css"
ANSWER_RULE = "info-request-answer"
# The term of the Law as first installed (baqylau/core/deadline_rules.py), for a database where
# an administrator has switched the rule off.
DEFAULT_ANSWER_DAYS = 15

# A leading list marker that the requester typed in "what exactly is asked": "-", "•", "1.", "2)".
_MARKER = re.compile(r"^\s*(?:[-–—•*]|\d{1,3}[.)])\s*")


@dataclass(frozen=True)
class AnswerTerm:
    days: int
    working: bool


def _stylesheet() -> str:
    # Inlined so that the page is self-contained and WeasyPrint fetches nothing.
    return mark_safe(Path(finders.find(STYLESHEET)).read_text(encoding="utf-8"))


def _asked_items(text: str) -> list[str]:
    """One item a line, without the markers the requester may have typed."""
    items = (_MARKER.sub("", line).strip() for line in text.splitlines())
    return [item for item in items if item]


def _answer_term() -> AnswerTerm:
    rule = DeadlineRule.objects.filter(code=ANSWER_RULE, is_active=True).first()
    if rule is None:
        return AnswerTerm(days=DEFAULT_ANSWER_DAYS, working=False)
    return AnswerTerm(days=rule.days, working=rule.unit == DeadlineRule.Unit.WORKING)


def _requester(request: InformationRequest) -> dict:
    user = request.requester
    return {
        "requester_name": user.get_full_name() or user.email,
        "requester_email": user.email,
    }


def _sent_on(request: InformationRequest):
    return timezone.localdate(request.sent_at) if request.sent_at else None


def _outcome(request: InformationRequest) -> tuple[str, Answer | None]:
    """What the appeal is about: "refusal", "partial" or "silence", with the answer if any."""
    answers = [a for a in request.answers.all() if a.classification]
    last = answers[-1] if answers else None
    if last is not None and last.classification == Answer.Classification.REFUSAL:
        return "refusal", last
    if last is not None and last.classification == Answer.Classification.PARTIAL:
        return "partial", last
    if request.status == Status.REFUSED:
        return "refusal", None
    if request.status == Status.ANSWERED_PARTIAL:
        return "partial", None
    return "silence", None


def _render(template: str, language: str, context: dict) -> str:
    return render_to_string(
        f"inforequests/letters/{template}_{language}.html",
        {"language": language, "stylesheet": _stylesheet(), **context},
    )


def request_letter_html(request: InformationRequest) -> str:
    """The letter that asks the body for the information, as a self-contained HTML page."""
    language = request.language
    with translation.override(language):
        return _render(
            "request",
            language,
            {
                "item": request,
                "body": request.body,
                "addressee": request.body,
                "letter_date": _sent_on(request) or timezone.localdate(),
                "asked": _asked_items(request.asked),
                "answer_term": _answer_term(),
                "url": settings.SITE_URL + request.get_absolute_url(),
                **_requester(request),
            },
        )


def appeal_letter_html(appeal: Appeal) -> str:
    """The complaint to the superior body about the request, as a self-contained HTML page."""
    request = appeal.request
    language = request.language
    outcome, answer = _outcome(request)
    with translation.override(language):
        return _render(
            "appeal",
            language,
            {
                "appeal": appeal,
                "item": request,
                "body": request.body,
                "addressee": appeal.superior_body,
                "letter_date": appeal.filed_on,
                "sent_on": _sent_on(request),
                "asked": _asked_items(request.asked),
                "outcome": outcome,
                "outcome_on": answer.received_on if answer else request.answered_on,
                "refusal_ground": (answer.legal_ground if answer else "").strip().rstrip("."),
                "url": settings.SITE_URL + request.get_absolute_url(),
                **_requester(request),
            },
        )


def _pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads pango when imported, and only the letters need it.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # No protocol is allowed: the letter carries its stylesheet and fonts are the system's.
    fetcher = URLFetcher(allowed_protocols=set())
    return HTML(string=html, url_fetcher=fetcher).write_pdf()


def request_letter_pdf(request: InformationRequest) -> bytes:
    return _pdf(request_letter_html(request))


def appeal_letter_pdf(appeal: Appeal) -> bytes:
    return _pdf(appeal_letter_html(appeal))
