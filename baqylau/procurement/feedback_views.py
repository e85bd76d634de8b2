"""The pages of what is said of a red flag: give feedback, answer, withdraw either, make a
finding of confirmed feedback, and the address of each piece of feedback and answer (which says
so when it was withdrawn). Each works without JavaScript; views ask `permissions` and call
`feedback`."""

import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from baqylau.core.forms import form_page
from baqylau.core.permissions import get_visible_or_404

from . import feedback as services
from .feedback_forms import AnswerForm, FeedbackForm, FindingForm, WithdrawForm
from .models import ContractingProcess, FlagAnswer, FlagFeedback
from .permissions import (
    Roles,
    can_answer,
    can_give_feedback,
    can_withdraw_answer,
    can_withdraw_feedback,
    finding_campaigns,
    finding_campaigns_for,
)
from .responses import public_finding

GET_AND_POST = ["GET", "HEAD", "POST"]
CODE = re.compile(r"[A-Z][0-9]{3}")


def _flagged(request, ocid: str, code: str) -> ContractingProcess:
    if not CODE.fullmatch(code):
        raise Http404
    queryset = ContractingProcess.objects.select_related("buyer__organisation")
    process = get_visible_or_404(request.user, queryset, ocid=ocid)
    if not services.flag_fires(process, code):
        raise Http404
    return process


def _back(process: ContractingProcess, code: str) -> str:
    return f"{process.get_absolute_url()}#flag-{code}"


def _form_page(
    request, form, *, process, code, save, done, to_saved=False, aliases=None, **context
):
    """The form of one step on a flag (core's form_page): once the service is called the user
    goes back to the flag, or with `to_saved` to what it saved."""
    return form_page(
        request,
        form,
        "procurement/flag_form.html",
        {"process": process, "code": code, **context},
        save=save,
        done=done,
        back=None if to_saved else _back(process, code),
        aliases=aliases,
    )


@login_required
@require_http_methods(GET_AND_POST)
def flag_feedback(request, ocid, code):
    """A monitor's feedback on a flag: confirmed, not confirmed or explained, a note, files."""
    process = _flagged(request, ocid, code)
    roles = Roles.of(request.user)
    if not can_give_feedback(roles):
        raise PermissionDenied(
            _("Only monitors and coordinators of an NGO give feedback on risk indicators.")
        )
    form = FeedbackForm(request.POST or None, request.FILES or None, ngos=roles.ngos)
    return _form_page(
        request,
        form,
        process=process,
        code=code,
        save=lambda data: services.give_feedback(
            process=process,
            code=code,
            verdict=data["verdict"],
            note=data["note"],
            files=data["files"],
            organisation=data.get("organisation"),
            actor=request.user,
        ),
        done=_("Your feedback is published beside the flag."),
        multipart=True,
        title=_("Feedback on a risk indicator"),
        lead=_(
            "Say what you found when you checked this flag. Your feedback is public at "
            "once, in the name of your organisation; a flag is a risk, not proof."
        ),
        button=_("Publish the feedback"),
    )


@login_required
@require_http_methods(GET_AND_POST)
def flag_answer(request, ocid, code):
    """The buying body's public answer to a flag on its process."""
    process = _flagged(request, ocid, code)
    if not can_answer(Roles.of(request.user), process):
        raise PermissionDenied(
            _("Only an officer of the body that bought answers its risk indicators.")
        )
    return _form_page(
        request,
        AnswerForm(request.POST or None),
        process=process,
        code=code,
        save=lambda data: services.answer_flag(
            process=process, code=code, text=data["text"], actor=request.user
        ),
        done=_("The answer is published beside the flag."),
        title=_("Answer a risk indicator"),
        lead=_(
            "Your answer is public, in the name of %(body)s, beside the flag and what "
            "monitors found."
        )
        % {"body": process.buyer.organisation},
        button=_("Publish the answer"),
    )


def _feedback(request, pk) -> FlagFeedback:
    queryset = FlagFeedback.objects.select_related(
        "process", "organisation", "finding__campaign"
    ).prefetch_related("files")
    return get_visible_or_404(request.user, queryset, pk=pk)


def _answer(request, pk) -> FlagAnswer:
    queryset = FlagAnswer.objects.select_related("process", "body")
    return get_visible_or_404(request.user, queryset, pk=pk)


@require_http_methods(["GET", "HEAD"])
def feedback_detail(request, pk):
    """One piece of feedback at its own address; a withdrawn one answers with its withdrawal."""
    item = _feedback(request, pk)
    roles = Roles.of(request.user)
    item.can_withdraw = can_withdraw_feedback(roles, item)
    item.finding_campaigns = (
        finding_campaigns_for(item, finding_campaigns(request.user)) if roles.ngos else []
    )
    item.public_files = list(item.files.all())
    item.public_finding = public_finding(item.finding)
    return render(
        request, "procurement/feedback_detail.html", {"item": item, "process": item.process}
    )


@require_http_methods(["GET", "HEAD"])
def answer_detail(request, pk):
    """A body's answer at its own address; a withdrawn one answers with its withdrawal."""
    item = _answer(request, pk)
    item.can_withdraw = can_withdraw_answer(Roles.of(request.user), item)
    return render(
        request, "procurement/answer_detail.html", {"item": item, "process": item.process}
    )


def _withdraw_page(request, item, *, withdraw, title, lead, done):
    return _form_page(
        request,
        WithdrawForm(request.POST or None),
        process=item.process,
        code=item.code,
        save=lambda data: withdraw(actor=request.user, reason=data["reason"]),
        done=done,
        aliases={"withdrawn_reason": "reason"},
        title=title,
        lead=lead,
        button=title,
        danger=True,
        cancel=item.get_absolute_url(),
    )


@login_required
@require_http_methods(GET_AND_POST)
def feedback_withdraw(request, pk):
    item = _feedback(request, pk)
    if not can_withdraw_feedback(Roles.of(request.user), item):
        raise PermissionDenied(
            _("Only its author or a coordinator of the organisation withdraws the feedback.")
        )
    return _withdraw_page(
        request,
        item,
        withdraw=lambda **kw: services.withdraw_feedback(feedback=item, **kw),
        title=_("Withdraw the feedback"),
        lead=_(
            "The feedback leaves the process page, the API and the downloads, with its files. "
            "Its address and the public log of withdrawals show the reason you give. This "
            "cannot be undone."
        ),
        done=_("The feedback is withdrawn."),
    )


@login_required
@require_http_methods(GET_AND_POST)
def answer_withdraw(request, pk):
    item = _answer(request, pk)
    if not can_withdraw_answer(Roles.of(request.user), item):
        raise PermissionDenied(_("Only an officer of the body withdraws its answer."))
    return _withdraw_page(
        request,
        item,
        withdraw=lambda **kw: services.withdraw_answer(answer=item, **kw),
        title=_("Withdraw the answer"),
        lead=_(
            "The answer leaves the process page, the API and the downloads. Its address and "
            "the public log of withdrawals show the reason you give. This cannot be undone."
        ),
        done=_("The answer is withdrawn."),
    )


@login_required
@require_http_methods(GET_AND_POST)
def feedback_finding(request, pk):
    """Turn confirmed feedback into a finding of one of the user's campaigns."""
    item = _feedback(request, pk)
    campaigns = finding_campaigns_for(item, finding_campaigns(request.user))
    if not campaigns:
        raise PermissionDenied(
            _(
                "Only confirmed feedback becomes a finding, once, of a campaign of its "
                "organisation on whose team you record findings."
            )
        )
    form = FindingForm(request.POST or None, campaigns=campaigns)
    return _form_page(
        request,
        form,
        process=item.process,
        code=item.code,
        save=lambda data: services.make_finding(
            feedback=item,
            campaign=form.campaigns[data["campaign"]],
            actor=request.user,
            title=data["title"],
            category=data["category"],
            severity=data["severity"],
            link=f"{settings.SITE_URL}{item.get_absolute_url()}",
        ),
        done=_("The feedback is now a finding of the campaign."),
        to_saved=True,
        title=_("Make a finding of the feedback"),
        lead=_(
            "The finding takes the note of the feedback and says where it came from; the "
            "feedback then links to it. It concerns the object or the planning document "
            "the process is linked to."
        ),
        button=_("Make the finding"),
        cancel=item.get_absolute_url(),
    )
