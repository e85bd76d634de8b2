"""What monitors and bodies said of the red flags on a process, for its page: per indicator's
code, the standing feedback with its files and the finding it became, the body's standing
answers, and what the user may add. A constant number of queries, however many flags, feedback
and files: the flags' codes, the feedback, its files, the answers, the user's memberships and
(for a monitor) the campaigns whose findings they write."""

from django.db.models import Prefetch
from django.urls import reverse

from .models import ContractingProcess, FeedbackFile, FlagAnswer, FlagFeedback, RiskFlag
from .permissions import (
    Roles,
    can_answer,
    can_give_feedback,
    can_withdraw_answer,
    can_withdraw_feedback,
    finding_campaigns,
    finding_campaigns_for,
)


class Responses(dict):
    """code -> what was said of it; a code nobody spoke of yet gives its empty entry, with the
    actions the user may take."""

    def __init__(self, process, roles: Roles, *args):
        super().__init__(*args)
        self.process, self.roles = process, roles

    def __missing__(self, code):
        return _entry(self.process, self.roles, code, [], [])


def _entry(process, roles: Roles, code: str, feedback: list, answers: list) -> dict:
    kwargs = {"ocid": process.ocid, "code": code}
    return {
        "code": code,
        "feedback": feedback,
        "answers": answers,
        "can_give_feedback": can_give_feedback(roles),
        "can_answer": can_answer(roles, process),
        "feedback_url": reverse("procurement:flag_feedback", kwargs=kwargs),
        "answer_url": reverse("procurement:flag_answer", kwargs=kwargs),
    }


def public_finding(finding):
    """The finding, if the public may see it (its campaign published, neither withdrawn)."""
    if finding is None or finding.withdrawn_at is not None:
        return None
    campaign = finding.campaign
    return finding if campaign.is_published and campaign.withdrawn_at is None else None


def for_process(process: ContractingProcess, *, user) -> dict:
    """code -> {"feedback", "answers", "can_give_feedback", "can_answer", "feedback_url",
    "answer_url"}, for every code that fired on the process or was spoken of. Each feedback
    carries `public_files`, `public_finding` (the finding it became, if public), `can_withdraw`
    and `finding_campaigns` (where the user may make it a finding); each answer
    `can_withdraw`."""
    if process.buyer_id is not None and "buyer" not in process._state.fields_cache:
        process = ContractingProcess.objects.select_related("buyer").get(pk=process.pk)
    roles = Roles.of(user)
    feedback = list(
        FlagFeedback.objects.standing()
        .filter(process=process)
        .select_related("organisation", "finding__campaign")
        .prefetch_related(
            Prefetch("files", queryset=FeedbackFile.objects.order_by("pk"), to_attr="public_files")
        )
        .order_by("created_at", "pk")
    )
    answers = list(
        FlagAnswer.objects.standing()
        .filter(process=process)
        .select_related("body")
        .order_by("answered_at", "pk")
    )
    codes = set(RiskFlag.objects.filter(process=process).values_list("code", flat=True).distinct())
    codes |= {item.code for item in feedback} | {item.code for item in answers}
    campaigns = (
        finding_campaigns(user)
        if any(item.verdict == FlagFeedback.Verdict.CONFIRMED for item in feedback) and roles.ngos
        else []
    )
    for item in feedback:
        item.can_withdraw = can_withdraw_feedback(roles, item)
        item.finding_campaigns = finding_campaigns_for(item, campaigns)
        item.public_finding = public_finding(item.finding)
    for item in answers:
        item.can_withdraw = can_withdraw_answer(roles, item)
    responses = Responses(process, roles)
    for code in sorted(codes):
        responses[code] = _entry(
            process,
            roles,
            code,
            [item for item in feedback if item.code == code],
            [item for item in answers if item.code == code],
        )
    return responses
