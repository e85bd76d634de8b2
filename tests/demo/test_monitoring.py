"""The demo monitoring cycle: campaigns at every stage, recommendations in every answer state on
dates the working-day calendar allows, photos whose public copies carry no metadata, texts in
three languages, pages that open for anyone, and a second load that changes nothing."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from PIL import Image

from baqylau.accountability import terms
from baqylau.accountability.models import (
    AnswerFile,
    AnswerState,
    DecisionNotice,
    FinalDocument,
    Finding,
    PlannedMeasure,
    Recommendation,
    RecommendationAnswer,
    Verification,
)
from baqylau.accounts.models import User
from baqylau.core.calendar import WorkingCalendar
from baqylau.demo import monitoring as demo
from baqylau.monitoring.models import (
    CampaignStatusChange,
    Checklist,
    ConflictDeclaration,
    Evidence,
    Question,
    Status,
    Visit,
    VisitAnswer,
)
from baqylau.registry.models import IndicatorValue, Organisation

from ..helpers import CYRILLIC, KAZAKH_ONLY

LANGUAGES = ("kk", "ru", "en")


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", "--skip-iati", stdout=out)
    return out.getvalue()


@pytest.fixture
def campaigns(demo_data):
    return demo.demo_campaigns()


def in_demo(model, path="campaign__in"):
    return model.private_objects.filter(**{path: demo.demo_campaigns()})


def counts() -> dict:
    return {
        "campaigns": demo.demo_campaigns().count(),
        "changes": in_demo(CampaignStatusChange).count(),
        "declarations": in_demo(ConflictDeclaration, "member__campaign__in").count(),
        "checklists": in_demo(Checklist).count(),
        "visits": in_demo(Visit).count(),
        "answers": in_demo(VisitAnswer, "visit__campaign__in").count(),
        "evidence": in_demo(Evidence).count(),
        "findings": in_demo(Finding).count(),
        "recommendations": in_demo(Recommendation).count(),
        "body answers": in_demo(RecommendationAnswer, "recommendation__campaign__in").count(),
        "notices": in_demo(DecisionNotice, "recommendation__campaign__in").count(),
        "documents": in_demo(FinalDocument).count(),
    }


def test_every_stage_and_every_answer_state_on_lawful_dates(campaigns, demo_day):
    calendar = WorkingCalendar()
    statuses = set(campaigns.values_list("status", flat=True))
    assert statuses == set(Status.values)
    finished = campaigns.filter(status__in=[Status.CLOSED, Status.ANSWERS_RECEIVED])
    assert finished.count() == 2

    recommendations = in_demo(Recommendation).select_related("body", "campaign")
    assert set(recommendations.values_list("state", flat=True)) == set(AnswerState.values)
    assert set(recommendations.values_list("verification", flat=True)) == set(Verification.values)
    late = recommendations.filter(answered_late=True)
    assert late.count() >= 2
    assert all(r.overdue_at and r.answered_on > r.due_on for r in late)
    overdue = recommendations.filter(state=AnswerState.OVERDUE)
    assert overdue and all(r.due_on < demo_day and not r.is_answered for r in overdue)
    awaiting = recommendations.filter(state=AnswerState.AWAITING)
    assert awaiting and all(r.due_on >= demo_day for r in awaiting)
    answer_rule = calendar.rule(terms.ANSWER_RULE)
    for recommendation in recommendations.exclude(state=AnswerState.DRAFT):
        assert recommendation.due_on == calendar.deadline(answer_rule, recommendation.sent_on)
        if recommendation.is_answered:
            answered = recommendation.answered_on
            assert recommendation.sent_on <= answered <= demo_day
            assert recommendation.answered_late == (answered > recommendation.due_on)
            assert calendar.is_working_day(answered)
    bodies = Organisation.objects.filter(recommendations__in=recommendations).distinct()
    assert bodies.count() >= 6
    assert {b.kind for b in bodies} >= {"akimat_department", "district_akimat"}

    # Measures with dates, a file, notices of decision dates at least three working days ahead.
    measures = in_demo(PlannedMeasure, "answer__recommendation__campaign__in")
    assert measures.count() >= 8 and not measures.filter(due_on=None).exists()
    assert in_demo(AnswerFile, "answer__recommendation__campaign__in").exists()
    notices = in_demo(DecisionNotice, "recommendation__campaign__in").select_related(
        "recommendation"
    )
    assert notices.count() >= 3
    notice_days = calendar.rule(terms.NOTICE_RULE).days
    for notice in notices:
        assert notice.recommendation.sent_on <= notice.notified_on <= demo_day
        assert notice.decision_on >= calendar.add_working_days(notice.notified_on, notice_days)
    assert notices.filter(decision_on__gt=demo_day, recommendation__state=AnswerState.AWAITING)

    # Final documents in Kazakh and Russian, sent within the term, the PDF kept as sent.
    documents = in_demo(FinalDocument).select_related("campaign")
    assert {d.language for d in documents} == {"kk", "ru"}
    for document in documents:
        campaign = document.campaign
        assert campaign.ends_on <= document.sent_on <= demo_day
        assert not terms.send_term(campaign, calendar=calendar).sent_late
        with document.pdf.open("rb") as pdf:
            data = pdf.read()
        assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == document.pdf_sha256
    for campaign in campaigns:
        days = list(campaign.status_changes.values_list("changed_on", flat=True))
        assert days == sorted(days) and days[-1] <= demo_day, campaign.slug

    # The demo officer finds answered, overdue and awaiting recommendations in the inbox.
    officer = User.objects.get(email=demo.OFFICER)
    inbox = Recommendation.private_objects.inbox_of(officer)
    assert {AnswerState.AWAITING, AnswerState.OVERDUE, AnswerState.PARTLY} <= set(
        inbox.values_list("state", flat=True)
    )


def test_teams_checklists_visits_findings_and_evidence(demo_day, campaigns):
    # The demo loaded on demo_day (first): its findings cite reported values of 2024 and 2025.
    coordinator = User.objects.get(email=demo.COORDINATOR)
    monitor = User.objects.get(email=demo.MONITOR)
    for campaign in campaigns:
        assert {m.user for m in campaign.members.all()} == {coordinator, monitor}
        for lang in LANGUAGES:
            title = getattr(campaign, f"title_{lang}")
            description = getattr(campaign, f"description_{lang}")
            assert title and description, (campaign.slug, lang)
            if lang == "en":
                assert not CYRILLIC.search(title + description), campaign.slug
        assert KAZAKH_ONLY.search(campaign.title_kk) and CYRILLIC.search(campaign.title_ru)
        assert campaign.title_kk != campaign.title_ru
    assert len({c.goals for c in campaigns}) == campaigns.count()
    assert len({c.method for c in campaigns}) == campaigns.count()
    declarations = in_demo(ConflictDeclaration, "member__campaign__in")
    assert declarations.filter(has_conflict=True).exclude(ties="").exists()

    # The campaign in progress has visits with answers and an imported checklist of many kinds.
    running = campaigns.filter(status=Status.IN_PROGRESS)
    visits = in_demo(Visit).filter(campaign__in=running)
    assert visits.count() >= 3
    assert VisitAnswer.private_objects.filter(visit__in=visits).count() >= 15
    kinds = Question.private_objects.filter(version__checklist__campaign__in=running)
    assert len(set(kinds.values_list("kind", flat=True))) == 8

    findings = in_demo(Finding).select_related("indicator")
    assert len(set(findings.values_list("category", flat=True))) >= 6
    assert len(set(findings.values_list("severity", flat=True))) == 4
    assert findings.exclude(project_object=None).exists()
    assert findings.exclude(document=None).exists()
    assert findings.filter(evidence__isnull=False).distinct().count() >= 10
    with_figure = findings.exclude(monitor_value=None)
    assert with_figure.count() >= 3
    for finding in with_figure:
        reported = IndicatorValue.public_objects.get(
            indicator=finding.indicator, year=finding.year
        ).actual
        assert reported is not None and reported != finding.monitor_value

    # Photos keep their capture time and place privately; the public copies have no metadata.
    evidence = in_demo(Evidence)
    photos = evidence.filter(content_type="image/jpeg")
    assert photos.count() >= 12
    assert evidence.filter(content_type="application/pdf").count() >= 2
    assert photos.filter(far_from_object=True).count() == 1
    for photo in photos:
        assert photo.taken_at and photo.latitude and photo.distance_m is not None
        assert photo.far_from_object == (photo.distance_m > 500)
        with photo.original.open("rb") as original, Image.open(original) as image:
            assert image.size == (1200, 900) and image.getexif().get_ifd(0x8825)
        with photo.public_file.open("rb") as public, Image.open(public) as image:
            assert not image.getexif() and "exif" not in image.info
    for item in evidence.filter(content_type="application/pdf"):
        with item.public_file.open("rb") as public:
            assert public.read(5) == b"%PDF-"


def _url(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def test_pages_open_for_anyone_and_a_second_load_changes_nothing(campaigns, client):
    before = counts()
    files = set(in_demo(Evidence).values_list("original", flat=True))
    output = load_demo()
    assert counts() == before
    assert set(in_demo(Evidence).values_list("original", flat=True)) == files
    assert f"monitoring campaigns: {before['campaigns']}" in output

    published = [c for c in campaigns if c.is_published]
    assert len(published) == campaigns.count() - 1
    findings = list(in_demo(Finding).filter(campaign__is_published=True).select_related("campaign"))
    recommendations = list(
        in_demo(Recommendation).filter(campaign__is_published=True).select_related("campaign")
    )
    for lang in LANGUAGES:
        with translation.override(lang):
            for campaign in campaigns:
                response = client.get(campaign.get_absolute_url())
                assert response.status_code == (200 if campaign.is_published else 404)
            # The pages of findings and recommendations, where they are routed already.
            for item in findings:
                url = _url("accountability:finding", slug=item.campaign.slug, number=item.number)
                if url:
                    assert client.get(url).status_code == 200, url
            for item in recommendations:
                url = _url(
                    "accountability:recommendation", slug=item.campaign.slug, number=item.number
                )
                if url:
                    assert client.get(url).status_code == 200, url
    inbox = _url("accountability:inbox")
    if inbox:
        client.force_login(User.objects.get(email=demo.OFFICER))
        page = client.get(inbox)
        assert page.status_code == 200
        awaiting = Recommendation.private_objects.inbox_of(page.wsgi_request.user).filter(
            state=AnswerState.AWAITING
        )
        content = page.content.decode()
        assert awaiting and all(r.get_absolute_url() in content for r in awaiting)
