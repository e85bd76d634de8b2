"""What monitors and bodies say of a red flag: a monitor's feedback (confirmed, not confirmed,
explained, with a note and files), a body's public answer, their withdrawal with a public reason,
and feedback that becomes a finding of a monitoring campaign.

Feedback and answers are attached to a process and an indicator's code, not to the computed
flags, so a recomputation of the flags loses none of them. Both are public at once, on the
process page, in the API and the downloads, and in the public record; neither is ever deleted.
"""

from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from baqylau.accountability.models import FindingCategory, Severity
from baqylau.accountability.permissions import can_write_findings
from baqylau.accountability.services import finding_save
from baqylau.accounts.following import announce
from baqylau.core import record
from baqylau.core.services import field_error, lock, require_text
from baqylau.core.uploads import prepare_upload, store_prepared
from baqylau.core.withdrawals import record_withdraw
from baqylau.registry.models import Organisation, ProjectObject

from . import feedback_tasks
from .models import ContractingProcess, FeedbackFile, FlagAnswer, FlagFeedback, RiskFlag
from .permissions import (
    Roles,
    buyer_body_id,
    can_answer,
    can_give_feedback,
    can_withdraw_answer,
    can_withdraw_feedback,
)

MAX_FILES = 5


def flag_fires(process: ContractingProcess, code: str) -> bool:
    """Whether the indicator fired on the process, or on its buyer."""
    where = Q(process=process)
    if process.buyer_id is not None:
        where |= Q(party_id=process.buyer_id)
    return RiskFlag.objects.filter(where, code=code).exists()


def _require_flag(process: ContractingProcess, code: str) -> None:
    if not flag_fires(process, code):
        raise ValidationError(
            _("The risk indicator %(code)s does not fire on this contracting process."),
            code="no_flag",
            params={"code": code},
        )


def _prepare(files) -> list:
    """Check every file before anything is stored: at most MAX_FILES photos or documents."""
    files = [item for item in files or () if item]
    if len(files) > MAX_FILES:
        raise field_error(
            "files",
            _("Attach at most %(count)s files.") % {"count": MAX_FILES},
            "too_many_files",
        )
    errors, prepared = [], []
    for upload in files:
        try:
            prepared.append(prepare_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.error_list)
    if errors:
        raise ValidationError({"files": errors})
    return prepared


def _store(feedback: FlagFeedback, prepared: list) -> None:
    """Each checked file as the feedback's private original and its public copy without
    metadata; if anything fails, the files written so far are removed (the transaction undoes
    the rows)."""
    rows = [
        FeedbackFile(
            feedback=feedback,
            original_name=item.name,
            content_type=item.content_type,
            sha256=item.sha256,
            size=len(item.data),
        )
        for item in prepared
    ]
    store_prepared(zip(rows, prepared, strict=True), original="file")


def _organisation(roles: Roles, organisation: Organisation | None) -> int:
    if organisation is None:
        if len(roles.ngos) == 1:
            return next(iter(roles.ngos))
        raise field_error(
            "organisation", _("Say which organisation the feedback is given for."), "required"
        )
    if organisation.pk not in roles.ngos:
        raise field_error(
            "organisation",
            _("You are not a monitor or coordinator of this organisation."),
            "not_member",
        )
    return organisation.pk


def _targets(process: ContractingProcess) -> list:
    """What the followers of a process's news follow: its objects, its planning document and
    the body that bought."""
    objects = ProjectObject.public_objects.filter(contracting_links__process=process)
    targets = list(objects)
    if process.document_id is not None:
        targets.append(process.document)
    body = buyer_body_id(process)
    if body is not None:
        targets.append(Organisation(pk=body))
    return targets


@transaction.atomic
def give_feedback(
    *,
    process: ContractingProcess,
    code: str,
    verdict: str,
    note: str,
    files=(),
    actor,
    organisation: Organisation | None = None,
) -> FlagFeedback:
    """A monitor's feedback on a flag of the process, for their NGO, public at once. When it
    confirms the flag, the buyer's officers are told by email and the followers of the
    process's objects, document and body hear of it."""
    roles = Roles.of(actor)
    if not can_give_feedback(roles):
        raise ValidationError(
            _("Only monitors and coordinators of an NGO give feedback on risk indicators."),
            code="not_monitor",
        )
    organisation_id = _organisation(roles, organisation)
    if verdict not in FlagFeedback.Verdict.values:
        raise field_error("verdict", _("Say what checking the flag showed."), "invalid")
    note = require_text(note, "note", _("Say what you checked and what you found."))
    _require_flag(process, code)
    prepared = _prepare(files)
    feedback = FlagFeedback.objects.create(
        process=process,
        code=code,
        verdict=verdict,
        note=note,
        organisation_id=organisation_id,
        author=actor,
    )
    _store(feedback, prepared)
    record.log(feedback)
    if verdict == FlagFeedback.Verdict.CONFIRMED:
        transaction.on_commit(partial(feedback_tasks.flag_confirmed_send.enqueue, feedback.pk))
        announce(
            targets=_targets(process),
            kind="procurement.flag_confirmed",
            subject=feedback,
            text=lambda: (
                gettext(
                    "Monitors confirmed the risk indicator %(code)s on the contracting process "
                    "“%(process)s”."
                )
                % {"code": code, "process": process}
            ),
            exclude=[actor],
        )
    return feedback


@transaction.atomic
def answer_flag(*, process: ContractingProcess, code: str, text: str, actor) -> FlagAnswer:
    """The buying body's public answer to a flag on its process."""
    if not can_answer(Roles.of(actor), process):
        raise ValidationError(
            _("Only an officer of the body that bought answers its risk indicators."),
            code="not_officer",
        )
    text = require_text(text, "text", _("Write the answer."))
    _require_flag(process, code)
    answer = FlagAnswer.objects.create(
        process=process, code=code, body_id=buyer_body_id(process), text=text, author=actor
    )
    record.log(answer)
    announce(
        targets=_targets(process),
        kind="procurement.flag_answered",
        subject=answer,
        text=lambda: (
            gettext(
                "The body answered the risk indicator %(code)s on the contracting process "
                "“%(process)s”."
            )
            % {"code": code, "process": process}
        ),
        exclude=[actor],
    )
    return answer


@transaction.atomic
def withdraw_feedback(*, feedback: FlagFeedback, actor, reason: str) -> FlagFeedback:
    """Withdraw feedback with a public reason: its author, or a coordinator of its NGO."""
    if not can_withdraw_feedback(Roles.of(actor), feedback):
        raise ValidationError(
            _("Only its author or a coordinator of the organisation withdraws the feedback."),
            code="not_author",
        )
    return record_withdraw(record=feedback, actor=actor, reason=reason)


@transaction.atomic
def withdraw_answer(*, answer: FlagAnswer, actor, reason: str) -> FlagAnswer:
    """Withdraw a body's answer with a public reason: an officer of the body."""
    if not can_withdraw_answer(Roles.of(actor), answer):
        raise ValidationError(
            _("Only an officer of the body withdraws its answer."), code="not_officer"
        )
    return record_withdraw(record=answer, actor=actor, reason=reason)


def _finding_subject(process: ContractingProcess) -> dict:
    """What a finding from the process concerns: its first published object, else its
    published planning document."""
    found = (
        ProjectObject.public_objects.filter(contracting_links__process=process)
        .order_by("contracting_links__linked_at", "pk")
        .first()
    )
    if found is not None:
        return {"project_object": found}
    document = process.document
    if document is not None and type(document).public_objects.filter(pk=document.pk).exists():
        return {"document": document}
    raise ValidationError(
        _(
            "The contracting process is linked to no published object or planning document: "
            "a finding must concern one."
        ),
        code="no_subject",
    )


def finding_text(feedback: FlagFeedback, link: str) -> str:
    """The finding's description: the monitors' note and where it came from."""
    source = gettext(
        "From the monitors' feedback on the risk indicator %(code)s of the contracting "
        "process %(ocid)s: %(link)s"
    ) % {"code": feedback.code, "ocid": feedback.process.ocid, "link": link}
    return f"{feedback.note}\n\n{source}"


@transaction.atomic
def make_finding(
    *,
    feedback: FlagFeedback,
    campaign,
    actor,
    title: str = "",
    category: str = FindingCategory.OTHER,
    severity: str = Severity.MEDIUM,
    link: str = "",
):
    """Turn confirmed feedback into a finding of `campaign` (accountability's `finding_save`),
    which says where it came from (`link`: the feedback's address) and to which the feedback
    then links."""
    lock(feedback)
    if feedback.withdrawn_at is not None:
        raise ValidationError(_("The feedback was withdrawn."), code="withdrawn")
    if feedback.verdict != FlagFeedback.Verdict.CONFIRMED:
        raise ValidationError(
            _("Only feedback that confirms the flag becomes a finding."), code="not_confirmed"
        )
    if feedback.finding_id is not None:
        raise ValidationError(_("The feedback is a finding already."), code="already")
    if campaign.ngo_id != feedback.organisation_id or not can_write_findings(actor, campaign):
        raise field_error(
            "campaign",
            _(
                "Choose a campaign of the organisation that gave the feedback, on whose team "
                "you record findings."
            ),
            "not_member",
        )
    default_title = gettext("Risk indicator %(code)s confirmed: %(process)s") % {
        "code": feedback.code,
        "process": feedback.process,
    }
    link = link or f"{settings.SITE_URL}{feedback.get_absolute_url()}"
    finding = finding_save(
        campaign=campaign,
        actor=actor,
        title=(title or "").strip() or default_title[:300],
        category=category,
        severity=severity,
        description=finding_text(feedback, link),
        **_finding_subject(feedback.process),
    )
    feedback.finding = finding
    feedback.save(update_fields=["finding"])
    record.log(feedback)
    return finding
