"""Findings, recommendations, the final document and the answers of state bodies.

Every write is a typed service with keyword-only arguments that runs in one transaction; who may
take a step is decided in permissions.py before a service is called, the services keep the rules
of the cycle:

- the team records findings and the coordinator numbered recommendations, each to one state body,
  while the final document is not sent: what was sent is never changed afterwards;
- the final document is sent from a published campaign within the term `final-document-send`
  after the end of control; sending keeps the PDF sent with its SHA-256, moves the campaign to
  "final document sent" and puts every recommendation in its body's inbox, due within the term
  `recommendation-answer` counted from the day the body received it;
- the body answers each recommendation separately (accepted, partly accepted, rejected; reasons,
  measures with dates, files) and may first give the date of its decision, at least the term
  `decision-notice` ahead; a recommendation not answered by its due date becomes overdue, and a
  late answer is recorded as late; once every recommendation is answered the campaign moves to
  "answers received";
- the team later records whether the measures were carried out.

Emails leave through background tasks enqueued once the transaction commits (tasks.py).
"""

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from baqylau.core import record
from baqylau.core.calendar import WorkingCalendar
from baqylau.core.history import note_change
from baqylau.core.services import field_error, lock, require_text
from baqylau.core.uploads import store_prepared
from baqylau.core.withdrawals import record_withdraw
from baqylau.monitoring.evidence import evidence_prepare
from baqylau.monitoring.models import Campaign, CampaignStatusChange, Evidence, Status
from baqylau.monitoring.news import campaign_announce
from baqylau.monitoring.services import require_after_last_change
from baqylau.registry.models import Indicator, Organisation, PlanningDocument, ProjectObject

from . import report, tasks
from .models import (
    AnswerDecision,
    AnswerFile,
    AnswerState,
    DecisionNotice,
    FinalDocument,
    Finding,
    FindingCategory,
    PlannedMeasure,
    Recommendation,
    RecommendationAnswer,
    Severity,
    Verification,
    VerificationRecord,
)
from .terms import ANSWER_RULE, NOTICE_RULE

# Called with each new notice of a decision date, inside its transaction: the apps above
# accountability add theirs when they are ready (meetings makes the hearing of the decision).
decision_notice_listeners: list = []


def _short(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _not_future(day: date, field: str) -> date:
    if day > timezone.localdate():
        raise field_error(field, _("The date cannot be in the future."), "future")
    return day


def _require_open(campaign: Campaign) -> None:
    """Findings, recommendations and the final document change only until the document is sent."""
    if campaign.is_closed:
        raise ValidationError(_("The campaign is closed."), code="closed")
    if FinalDocument.private_objects.filter(campaign=campaign, sent_on__isnull=False).exists():
        raise ValidationError(
            _("The final document has been sent: what it says can no longer be changed."),
            code="sent",
        )


def _record_status(campaign: Campaign, status: str, *, actor, changed_on: date, note: str = ""):
    campaign.status = status
    campaign.save(update_fields=["status", "updated_at"])
    record.log(campaign)
    return CampaignStatusChange.private_objects.create(
        campaign=campaign, status=status, changed_on=changed_on, note=note, actor=actor
    )


# Findings ---------------------------------------------------------------------------------------


def _check_finding_subjects(
    campaign: Campaign,
    project_object: ProjectObject | None,
    indicator: Indicator | None,
    document: PlanningDocument | None,
) -> None:
    if project_object is None and indicator is None and document is None:
        raise ValidationError(
            _("Say what the finding concerns: an object, an indicator or a planning document."),
            code="no_subject",
        )
    # Only what the public may see: a finding is published with its campaign.
    if (
        project_object is not None
        and not ProjectObject.public_objects.filter(pk=project_object.pk).exists()
    ):
        raise field_error("project_object", _("This object is not published."), "unpublished")
    if document is not None and not PlanningDocument.public_objects.filter(pk=document.pk).exists():
        raise field_error("document", _("This document is not published."), "unpublished")
    if indicator is not None and not Indicator.public_objects.filter(pk=indicator.pk).exists():
        raise field_error("indicator", _("This indicator is not published."), "unpublished")


def _open_to_write(campaign: Campaign, item, other_campaign) -> None:
    """Lock the campaign whose finding or recommendation `item` (None for a new one) is written,
    and refuse when the cycle is over or the item is another campaign's."""
    lock(campaign)
    _require_open(campaign)
    if item is not None and item.campaign_id != campaign.pk:
        raise ValidationError(other_campaign, code="other_campaign")
    if item is not None and item.withdrawn_at is not None:
        raise ValidationError(_("It was withdrawn and no longer changes."), code="withdrawn")


def _of_campaign(campaign: Campaign, items: Iterable, field: str, message) -> list:
    """The items (evidence, findings) as a list; an error beside `field` when one belongs to
    another campaign."""
    items = list(items)
    if any(item.campaign_id != campaign.pk for item in items):
        raise field_error(field, message, "other_campaign")
    return items


def _numbered(model, campaign: Campaign, item, actor):
    """`item`, or a new finding or recommendation (by `model`) numbered after the last."""
    if item is None:
        last = model.private_objects.filter(campaign=campaign).aggregate(n=Max("number"))["n"]
        item = model(campaign=campaign, number=(last or 0) + 1, created_by=actor)
    return item


def _delete(item, *, actor=None, reason: str = "") -> None:
    """Remove a finding or a recommendation, while the final document is not sent. On a
    published campaign the public has seen it: it is withdrawn with the public `reason`."""
    campaign = item.campaign
    lock(campaign)
    _require_open(campaign)
    if campaign.is_published:
        record_withdraw(record=item, actor=actor, reason=reason)
    else:
        item.delete()


@transaction.atomic
def finding_save(
    *,
    campaign: Campaign,
    actor,
    finding: Finding | None = None,
    title: str,
    category: str,
    severity: str,
    description: str,
    norm: str = "",
    project_object: ProjectObject | None = None,
    indicator: Indicator | None = None,
    document: PlanningDocument | None = None,
    year: int | None = None,
    monitor_value: Decimal | None = None,
    evidence: Iterable[Evidence] = (),
    reason: str = "",
) -> Finding:
    """Record a new finding (numbered after the last) or change one, until the final document
    is sent; a change of a published finding keeps its earlier version with the `reason`."""
    _open_to_write(campaign, finding, _("The finding belongs to another campaign."))
    title = require_text(title, "title", _("Give the finding a title."))
    description = require_text(description, "description", _("Describe what was found."))
    if category not in FindingCategory.values:
        raise field_error("category", _("Choose a category."), "invalid")
    if severity not in Severity.values:
        raise field_error("severity", _("Choose a severity."), "invalid")
    _check_finding_subjects(campaign, project_object, indicator, document)
    if monitor_value is not None and indicator is None:
        raise field_error(
            "monitor_value",
            _("The monitors' own figure is given for an indicator."),
            "no_indicator",
        )
    if monitor_value is not None and year is None:
        raise field_error("year", _("Say which year the figure is for."), "no_year")
    evidence = _of_campaign(
        campaign, evidence, "evidence", _("The evidence must belong to this campaign.")
    )
    finding = _numbered(Finding, campaign, finding, actor)
    finding.title = title
    finding.category = category
    finding.severity = severity
    finding.description = description
    finding.norm = (norm or "").strip()
    finding.project_object = project_object
    finding.indicator = indicator
    finding.document = document
    finding.year = year
    finding.monitor_value = monitor_value
    note_change(finding, actor=actor, reason=reason)
    finding.save()
    finding.evidence.set(evidence)
    record.log(finding)
    return finding


@transaction.atomic
def finding_delete(*, finding: Finding, actor, reason: str = "") -> None:
    """Remove a finding that was recorded by mistake, while the final document is not sent
    (withdraw it with the `reason` once it is public)."""
    _delete(finding, actor=actor, reason=reason)


# Recommendations --------------------------------------------------------------------------------


@transaction.atomic
def recommendation_save(
    *,
    campaign: Campaign,
    actor,
    recommendation: Recommendation | None = None,
    body: Organisation,
    text: str,
    findings: Iterable[Finding] = (),
    reason: str = "",
) -> Recommendation:
    """Record a numbered recommendation to one state body, tied to findings of the campaign; a
    change keeps the earlier version with the `reason`."""
    _open_to_write(campaign, recommendation, _("The recommendation belongs to another campaign."))
    text = require_text(text, "text", _("Write the recommendation."))
    if body is None or not body.is_state_body:
        raise field_error(
            "body", _("A recommendation is addressed to one state body."), "not_state_body"
        )
    findings = _of_campaign(
        campaign, findings, "findings", _("The findings must belong to this campaign.")
    )
    recommendation = _numbered(Recommendation, campaign, recommendation, actor)
    recommendation.body = body
    recommendation.text = text
    note_change(recommendation, actor=actor, reason=reason)
    recommendation.save()
    recommendation.findings.set(findings)
    record.log(recommendation)
    return recommendation


@transaction.atomic
def recommendation_delete(*, recommendation: Recommendation, actor, reason: str = "") -> None:
    _delete(recommendation, actor=actor, reason=reason)


# The final document -----------------------------------------------------------------------------


@transaction.atomic
def final_document_save(
    *,
    campaign: Campaign,
    actor,
    language: str,
    place: str,
    held_from: datetime,
    held_to: datetime,
    subjects: str,
    documents_obtained: str = "",
    conclusions: str = "",
    reason: str = "",
) -> FinalDocument:
    """Write or change the final document, until it is sent (each version is kept)."""
    lock(campaign)
    _require_open(campaign)
    if language not in ("kk", "ru", "en"):
        raise field_error("language", _("Choose the language of the document."), "invalid")
    place = require_text(place, "place", _("Say where control was held."))
    subjects = require_text(
        subjects, "subjects", _("Name the subjects of control and how they complied.")
    )
    if held_to < held_from:
        raise field_error("held_to", _("The end cannot come before the start."), "order")
    document = FinalDocument.private_objects.filter(campaign=campaign).first()
    document = document or FinalDocument(campaign=campaign)
    document.language = language
    document.place = place
    document.held_from = held_from
    document.held_to = held_to
    document.subjects = subjects
    document.documents_obtained = (documents_obtained or "").strip()
    document.conclusions = (conclusions or "").strip()
    note_change(document, actor=actor, reason=reason)
    document.save()
    record.log(document)
    return document


@dataclass(frozen=True)
class Unmet:
    """A condition of sending the final document that does not hold yet: what is missing, and
    where the coordinator goes to fix it (no link when nothing can be done)."""

    code: str
    message: str
    fix_url: str = ""
    fix_label: str = ""


def final_document_send_unmet(
    campaign: Campaign, document: FinalDocument | None, *, today: date | None = None
) -> list[Unmet]:
    """Every condition of sending the final document that does not hold on `today`, all at once,
    so that the page asking to confirm says everything that is missing and the service refuses
    for the same reasons. `document` is the campaign's final document, None when unwritten."""
    today = today or timezone.localdate()
    if campaign.is_closed:
        return [Unmet("closed", _("The campaign is closed."))]
    if document is not None and document.is_sent:
        return [
            Unmet(
                "sent",
                _("The final document has been sent: what it says can no longer be changed."),
            )
        ]
    page = campaign.get_absolute_url()
    unmet = []
    if document is None:
        unmet.append(
            Unmet(
                "no_document",
                _("Write the final document first."),
                reverse("accountability:final_document_edit", kwargs={"slug": campaign.slug}),
                _("Write the final document"),
            )
        )
    if not campaign.is_published:
        unmet.append(
            Unmet(
                "unpublished",
                _(
                    "Publish the campaign before sending its final document: the answers of the "
                    "state bodies are public."
                ),
                f"{page}#step-publish",
                _("Publish the campaign"),
            )
        )
    if campaign.status != Status.ANALYSIS:
        unmet.append(
            Unmet(
                "status",
                _(
                    "The final document is sent when the campaign is at the analysis stage; it "
                    "is at the stage “%(stage)s”."
                )
                % {"stage": campaign.get_status_display()},
                f"{page}#step-advance",
                _("Move the campaign to its next stage"),
            )
        )
    if today < campaign.ends_on:
        unmet.append(
            Unmet(
                "control_ongoing",
                _("The final document is sent after the end of control, %(date)s.")
                % {"date": _short(campaign.ends_on)},
                reverse("monitoring:edit", kwargs={"slug": campaign.slug}),
                _("Change the end of control"),
            )
        )
    return unmet


def _render_pdf(campaign: Campaign, document: FinalDocument) -> bytes:
    """The PDF as sent: drawn from `document`, which already carries the date of sending."""
    return report.final_document_pdf(campaign, document)


@transaction.atomic
def final_document_send(
    *, campaign: Campaign, actor, sent_on: date | None = None, calendar=None
) -> FinalDocument:
    """Record that the final document was sent to the bodies on `sent_on` (today by default):
    keep the PDF sent, start each recommendation's term and move the campaign on."""
    lock(campaign)
    document = FinalDocument.private_objects.filter(campaign=campaign).first()
    unmet = final_document_send_unmet(campaign, document)
    if unmet:
        raise ValidationError([ValidationError(u.message, code=u.code) for u in unmet])
    sent_on = _not_future(sent_on or timezone.localdate(), "sent_on")
    if sent_on < campaign.ends_on:
        raise field_error(
            "sent_on",
            _("The final document is sent after the end of control, %(date)s.")
            % {"date": _short(campaign.ends_on)},
            "before_end",
        )
    require_after_last_change(campaign, sent_on, "sent_on")
    calendar = calendar or WorkingCalendar()
    rule = calendar.rule(ANSWER_RULE)
    document.sent_on = sent_on
    document.sent_by = actor
    data = _render_pdf(campaign, document)
    document.pdf_sha256 = hashlib.sha256(data).hexdigest()
    document.pdf.save(
        get_valid_filename(f"{campaign.slug}-{document.language}.pdf"),
        ContentFile(data),
        save=False,
    )
    try:
        document.save()
    except Exception:
        document.pdf.storage.delete(document.pdf.name)
        raise
    due_on = calendar.deadline(rule, sent_on)
    Recommendation.private_objects.filter(campaign=campaign).update(
        sent_on=sent_on, due_on=due_on, state=AnswerState.AWAITING
    )
    _record_status(campaign, Status.DOCUMENT_SENT, actor=actor, changed_on=sent_on)
    campaign_announce(
        campaign,
        kind="campaign.final_document",
        text=lambda: (
            _("%(title)s: the final document with its recommendations was sent to the state bodies")
            % {"title": campaign.title}
        ),
        path=lambda: reverse("accountability:final_document", kwargs={"slug": campaign.slug}),
        exclude=[actor],
    )
    for body_id in set(
        Recommendation.private_objects.filter(campaign=campaign).values_list("body_id", flat=True)
    ):
        transaction.on_commit(
            partial(tasks.recommendations_received_send.enqueue, campaign.pk, body_id)
        )
    record.log(campaign, parts=True)
    return document


# Answers of the state bodies --------------------------------------------------------------------


def _require_sent(recommendation: Recommendation) -> None:
    if not recommendation.is_sent:
        raise ValidationError(
            _("The recommendation has not been sent to the body yet."), code="not_sent"
        )


def _require_unanswered(recommendation: Recommendation) -> None:
    if recommendation.is_answered:
        raise ValidationError(
            _("The body has already answered this recommendation."), code="answered"
        )


@dataclass
class Measure:
    text: str
    due_on: date | None = None


@transaction.atomic
def answer_give(
    *,
    recommendation: Recommendation,
    actor,
    decision: str,
    reasons: str,
    answered_on: date | None = None,
    measures: Sequence[Measure] = (),
    files: Sequence = (),
) -> RecommendationAnswer:
    """The body's answer to one recommendation. Files are checked before anything is written;
    if one is refused nothing is kept."""
    lock(recommendation)
    _require_sent(recommendation)
    _require_unanswered(recommendation)
    if decision not in AnswerDecision.values:
        raise field_error("decision", _("Choose the decision."), "invalid")
    reasons = require_text(reasons, "reasons", _("Give the reasons of the decision."))
    answered_on = _not_future(answered_on or timezone.localdate(), "answered_on")
    if answered_on < recommendation.sent_on:
        raise field_error(
            "answered_on",
            _("The answer cannot come before the body received the recommendation, %(date)s.")
            % {"date": _short(recommendation.sent_on)},
            "before_sent",
        )
    measures = [m for m in measures if (m.text or "").strip()]
    if decision != AnswerDecision.REJECTED and not measures:
        raise field_error(
            "measures",
            _("Name at least one measure the body plans, with its date."),
            "no_measures",
        )
    for measure in measures:
        if measure.due_on is not None and measure.due_on < answered_on:
            raise field_error(
                "measures", _("A measure cannot be due before the answer."), "measure_past"
            )
    prepared = [evidence_prepare(upload) for upload in files]
    answer = RecommendationAnswer.private_objects.create(
        recommendation=recommendation,
        decision=decision,
        reasons=reasons,
        answered_on=answered_on,
        answered_by=actor,
    )
    PlannedMeasure.private_objects.bulk_create(
        PlannedMeasure(answer=answer, text=m.text.strip(), due_on=m.due_on) for m in measures
    )
    store_prepared((AnswerFile(answer=answer, **item.columns()), item) for item in prepared)
    recommendation.state = decision
    recommendation.answered_on = answered_on
    recommendation.answered_late = answered_on > recommendation.due_on
    recommendation.save(update_fields=["state", "answered_on", "answered_late"])
    record.log(recommendation)
    record.log(answer, parts=True)
    campaign = recommendation.campaign
    lock(campaign)
    pending = Recommendation.private_objects.filter(campaign=campaign).exclude(
        state__in=[AnswerState.ACCEPTED, AnswerState.PARTLY, AnswerState.REJECTED]
    )
    if campaign.status == Status.DOCUMENT_SENT and not pending.exists():
        _record_status(
            campaign,
            Status.ANSWERS_RECEIVED,
            actor=None,
            changed_on=max(answered_on, _last_change(campaign)),
        )
    campaign_announce(
        campaign,
        kind="recommendation.answer",
        subject=recommendation,
        targets=[campaign, recommendation.body],
        text=lambda: (
            _("%(body)s answered recommendation %(number)s of %(title)s: %(decision)s")
            % {
                "body": recommendation.body,
                "number": recommendation.number,
                "title": campaign.title,
                "decision": answer.get_decision_display(),
            }
        ),
        exclude=[actor],
    )
    transaction.on_commit(partial(tasks.answer_news_send.enqueue, answer.pk))
    return answer


def _last_change(campaign: Campaign) -> date:
    return (
        campaign.status_changes.order_by("-changed_on").values_list("changed_on", flat=True).first()
        or campaign.starts_on
    )


@transaction.atomic
def decision_notice_give(
    *, recommendation: Recommendation, actor, decision_on: date, note: str = "", calendar=None
) -> DecisionNotice:
    """The body tells the NGO the date it will decide on the recommendation: at least the term
    `decision-notice` in working days after today."""
    lock(recommendation)
    _require_sent(recommendation)
    _require_unanswered(recommendation)
    calendar = calendar or WorkingCalendar()
    today = timezone.localdate()
    earliest = calendar.deadline(calendar.rule(NOTICE_RULE), today)
    if decision_on < earliest:
        raise field_error(
            "decision_on",
            _(
                "The NGO is told at least %(days)s working days ahead: the decision can be "
                "taken on %(date)s at the earliest."
            )
            % {"days": calendar.rule(NOTICE_RULE).days, "date": _short(earliest)},
            "too_soon",
        )
    notice = DecisionNotice.private_objects.create(
        recommendation=recommendation,
        decision_on=decision_on,
        notified_on=today,
        note=(note or "").strip(),
        notified_by=actor,
    )
    transaction.on_commit(partial(tasks.decision_notice_send.enqueue, notice.pk))
    record.log(notice)
    for listener in decision_notice_listeners:
        listener(notice)
    return notice


@transaction.atomic
def verification_record(
    *,
    recommendation: Recommendation,
    actor,
    verification: str,
    note: str,
    verified_on: date | None = None,
) -> Recommendation:
    """What the monitors found when they checked the measures: carried out, in part, or not.
    Each check is a new dated record; the earlier ones stay on the public record."""
    lock(recommendation)
    _require_sent(recommendation)
    if verification not in Verification.values or verification == Verification.NOT_VERIFIED:
        raise field_error("verification", _("Choose what the monitors found."), "invalid")
    note = require_text(note, "note", _("Say what the monitors found and how."))
    verified_on = _not_future(verified_on or timezone.localdate(), "verified_on")
    if verified_on < recommendation.sent_on:
        raise field_error(
            "verified_on",
            _("The check cannot come before the recommendation was sent, %(date)s.")
            % {"date": _short(recommendation.sent_on)},
            "before_sent",
        )
    if recommendation.verified_on and verified_on < recommendation.verified_on:
        raise field_error(
            "verified_on",
            _(
                "A new check cannot come before the last one, %(date)s: the earlier checks stay "
                "on the record."
            )
            % {"date": _short(recommendation.verified_on)},
            "before_last_check",
        )
    VerificationRecord.private_objects.create(
        recommendation=recommendation,
        verification=verification,
        verified_on=verified_on,
        note=note,
        verified_by=actor,
    )
    recommendation.verification = verification
    recommendation.verification_note = note
    recommendation.verified_on = verified_on
    recommendation.verified_by = actor
    recommendation.save(
        update_fields=["verification", "verification_note", "verified_on", "verified_by"]
    )
    record.log(recommendation)
    return recommendation


# Deadlines --------------------------------------------------------------------------------------


def recommendations_mark_overdue(*, today: date | None = None) -> int:
    """Recommendations still awaiting their answer after the due date become overdue; each is
    claimed by a conditional UPDATE so that two runs never notify twice."""
    today = today or timezone.localdate()
    count = 0
    candidates = Recommendation.private_objects.filter(
        state=AnswerState.AWAITING, due_on__lt=today
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            claimed = Recommendation.private_objects.filter(
                pk=pk, state=AnswerState.AWAITING
            ).update(state=AnswerState.OVERDUE, overdue_at=timezone.now())
            if claimed:
                count += 1
                record.log(Recommendation(pk=pk))
                transaction.on_commit(partial(tasks.recommendation_overdue_send.enqueue, pk))
    return count
