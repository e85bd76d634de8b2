"""The pages of meetings: the calendar (and its iCalendar feed), a meeting's page with its
questions and minutes, the organiser's forms, and the pages of commitments. Each works without
JavaScript; views ask `permissions` and call the services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from baqylau.core.forms import put_errors, report_errors, run_step
from baqylau.core.permissions import get_visible_or_404, visible
from baqylau.monitoring.models import Campaign
from baqylau.participation.permissions import is_moderator
from baqylau.participation.states import Moderation

from . import commitments as commitment_services
from . import forms, ical, permissions, selectors, services
from .models import Commitment, Meeting, Question, Registration

# How many held questions the moderators' page shows at once (the oldest first).
HELD_PAGE = 100

GET_AND_POST = ["GET", "HEAD", "POST"]


def _meeting(request, slug) -> Meeting:
    return get_visible_or_404(
        request.user, Meeting.private_objects.select_related("organiser", "territory"), slug=slug
    )


def _editable(request, slug) -> Meeting:
    meeting = _meeting(request, slug)
    if not permissions.can_edit(request.user, meeting):
        raise PermissionDenied(_("Only the people of the organiser edit its meetings."))
    return meeting


def _filtered(request):
    form = forms.MeetingFilterForm(request.GET or None)
    meetings = selectors.meetings_for(request.user)
    if form.is_valid():
        meetings = form.filter(meetings)
    return form, meetings


def meeting_list(request):
    """Upcoming meetings by month, then the past ones, filtered by territory and body."""
    form, meetings = _filtered(request)
    now = timezone.now()
    upcoming = list(meetings.filter(starts_at__gte=now).order_by("starts_at", "pk")[:200])
    past = list(meetings.filter(starts_at__lt=now).order_by("-starts_at", "-pk")[:50])
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "form": form,
            "upcoming": upcoming,
            "past": past,
            "can_organise": permissions.can_organise(request.user),
            "feed_query": request.GET.urlencode(),
        },
    )


def calendar_feed(request):
    """The iCalendar feed of the published meetings, filtered like the list."""
    form = forms.MeetingFilterForm(request.GET or None)
    meetings = Meeting.public_objects.select_related("organiser").order_by("starts_at", "pk")
    if form.is_valid():
        meetings = form.filter(meetings)
    body = ical.calendar_of(meetings[:1000], absolute=request.build_absolute_uri)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


def meeting_detail(request, slug):
    meeting = _meeting(request, slug)
    user = request.user
    now = timezone.now()
    can_edit = permissions.can_edit(user, meeting)
    questions = selectors.questions_of(user, meeting)
    context = {
        "meeting": meeting,
        "bodies": list(meeting.bodies.all()),
        "agenda": selectors.agenda_of(meeting, user),
        "materials": list(meeting.materials.all()),
        "questions": questions,
        "commitments": list(visible(user, meeting.commitments.select_related("body"))),
        "registered_count": meeting.registrations.count(),
        "registered": user.is_authenticated
        and Registration.objects.filter(meeting=meeting, user=user).exists(),
        "can_take_part": permissions.can_take_part(user, meeting, now),
        "can_edit": can_edit,
        "can_moderate": permissions.can_moderate(user, meeting),
        "question_form": forms.QuestionForm(),
        "rule": services.announcements.rule_for(meeting.kind),
    }
    return render(request, "meetings/meeting_detail.html", context)


def _form_page(request, *, meeting, form, title, button, multipart=False, lead=""):
    return render(
        request,
        "meetings/form.html",
        {
            "meeting": meeting,
            "form": form,
            "title": title,
            "button": button,
            "multipart": multipart,
            "lead": lead,
        },
    )


@login_required
@require_http_methods(GET_AND_POST)
def meeting_create(request):
    organisers = permissions.organisers_of(request.user)
    if not organisers.exists():
        raise PermissionDenied(_("Only coordinators and officers organise meetings."))
    form = forms.MeetingForm(request.POST or None, organisers=organisers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(by=request.user, **data)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("The meeting is saved as a draft: add its agenda."))
            return redirect(meeting)
    return _form_page(
        request, meeting=None, form=form, title=_("New meeting"), button=_("Save the draft")
    )


@login_required
@require_http_methods(GET_AND_POST)
def meeting_edit(request, slug):
    meeting = _editable(request, slug)
    form = forms.MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        bodies = data.pop("bodies")
        try:
            services.meeting_edit(meeting=meeting, by=request.user, bodies=bodies, **data)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect(meeting)
    return _form_page(
        request, meeting=meeting, form=form, title=_("Edit the meeting"), button=_("Save")
    )


@login_required
@require_POST
def meeting_publish(request, slug):
    meeting = _editable(request, slug)
    run_step(
        request,
        services.meeting_publish,
        _("The meeting is public."),
        meeting=meeting,
        by=request.user,
    )
    return redirect(meeting)


@login_required
@require_http_methods(GET_AND_POST)
def meeting_withdraw(request, slug):
    meeting = _editable(request, slug)
    form = forms.WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_withdraw(
                meeting=meeting, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            put_errors(form, exc, aliases={"withdrawn_reason": "reason"})
        else:
            messages.success(request, _("The meeting is withdrawn."))
            return redirect("meetings:list")
    return _form_page(
        request,
        meeting=meeting,
        form=form,
        title=_("Withdraw the meeting"),
        button=_("Withdraw"),
        lead=_("The meeting leaves every list; its address says why."),
    )


@login_required
@require_http_methods(GET_AND_POST)
def agenda_add(request, slug):
    meeting = _editable(request, slug)
    campaigns = visible(request.user, Campaign).order_by("-pk")
    form = forms.AgendaItemForm(request.POST or None, campaigns=campaigns)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("The point is on the agenda."))
            return redirect(meeting)
    return _form_page(
        request, meeting=meeting, form=form, title=_("Add to the agenda"), button=_("Add")
    )


@login_required
@require_http_methods(GET_AND_POST)
def material_add(request, slug):
    meeting = _editable(request, slug)
    form = forms.MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.material_add(meeting=meeting, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc, unnamed_field=lambda error: "upload")
        else:
            messages.success(request, _("The document is attached."))
            return redirect(meeting)
    return _form_page(
        request,
        meeting=meeting,
        form=form,
        title=_("Attach a document"),
        button=_("Attach"),
        multipart=True,
    )


@login_required
@require_http_methods(GET_AND_POST)
def minutes(request, slug):
    """The minutes: who took part, the recording, the answers to the questions."""
    meeting = _editable(request, slug)
    questions = selectors.questions_of(request.user, meeting)
    initial = {"participants": meeting.participants, "recording_url": meeting.recording_url}
    form = forms.MinutesForm(request.POST or None, initial=initial, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_write(
                meeting=meeting,
                by=request.user,
                participants=form.cleaned_data["participants"],
                recording_url=form.cleaned_data["recording_url"],
                answers=form.answers(),
            )
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("The minutes are saved."))
            return redirect(meeting)
    return _form_page(
        request, meeting=meeting, form=form, title=_("Minutes"), button=_("Save the minutes")
    )


@login_required
@require_http_methods(GET_AND_POST)
def decision_add(request, slug):
    meeting = _editable(request, slug)
    form = forms.DecisionForm(request.POST or None, items=meeting.agenda.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_add(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            put_errors(form, exc)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect(meeting)
    return _form_page(
        request,
        meeting=meeting,
        form=form,
        title=_("Record a decision"),
        button=_("Record"),
        lead=_(
            "A decision that names a state body and a date becomes its commitment when the "
            "minutes are published."
        ),
    )


@login_required
@require_POST
def minutes_publish(request, slug):
    meeting = _editable(request, slug)
    run_step(
        request,
        services.minutes_publish,
        _("The minutes are public; the bodies are asked to accept."),
        meeting=meeting,
        by=request.user,
    )
    return redirect(meeting)


# -- Taking part ---------------------------------------------------------------------------------


@login_required
@require_POST
def question_ask(request, slug):
    meeting = _meeting(request, slug)
    form = forms.QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write your question."))
        return redirect(meeting)
    try:
        question = services.question_ask(
            meeting=meeting, by=request.user, text=form.cleaned_data["text"]
        )
    except ValidationError as exc:
        report_errors(request, exc)
    else:
        if question.moderation == "published":
            messages.success(request, _("Your question is public."))
        else:
            messages.info(request, _("Your question waits for a moderator."))
    return redirect(f"{meeting.get_absolute_url()}#questions")


@login_required
def held_questions(request):
    """The questions to meetings that wait for a moderator, the oldest first, each with its
    meeting and the steps (moderators only; an organiser moderates on the meeting's page)."""
    if not is_moderator(request.user):
        raise PermissionDenied(_("Only a moderator does this."))
    questions = list(
        visible(request.user, Question)
        .filter(moderation=Moderation.HELD)
        .select_related("meeting", "author")
        .order_by("created_at", "pk")[:HELD_PAGE]
    )
    return render(request, "meetings/held_questions.html", {"questions": questions})


def _question(request, pk) -> Question:
    return get_visible_or_404(request.user, Question.objects.select_related("meeting"), pk=pk)


@login_required
@require_POST
def question_support(request, pk):
    question = _question(request, pk)
    try:
        services.question_support(question=question, by=request.user)
    except ValidationError as exc:
        report_errors(request, exc)
    return redirect(f"{question.meeting.get_absolute_url()}#question-{question.pk}")


@login_required
@require_http_methods(GET_AND_POST)
def question_moderate(request, pk):
    question = _question(request, pk)
    if not permissions.can_moderate(request.user, question.meeting):
        raise PermissionDenied(_("Only a moderator does this."))
    form = forms.HideForm(request.POST or None)
    if request.method == "POST" and "publish" in request.POST:
        services.question_moderate(question=question, by=request.user, publish=True)
        return redirect(f"{question.meeting.get_absolute_url()}#question-{question.pk}")
    if request.method == "POST" and form.is_valid():
        services.question_moderate(
            question=question, by=request.user, publish=False, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("The question is hidden."))
        return redirect(question.meeting)
    return _form_page(
        request,
        meeting=question.meeting,
        form=form,
        title=_("Hide a question"),
        button=_("Hide"),
        lead=question.text,
    )


@login_required
@require_POST
def registration(request, slug):
    meeting = _meeting(request, slug)
    if request.POST.get("cancel"):
        services.registration_cancel(meeting=meeting, by=request.user)
        messages.success(request, _("Your registration is cancelled."))
    else:
        run_step(
            request,
            services.register,
            _("You are registered to attend."),
            meeting=meeting,
            by=request.user,
        )
    return redirect(meeting)


# -- Commitments ---------------------------------------------------------------------------------


def _commitment(request, pk) -> Commitment:
    queryset = Commitment.private_objects.select_related("body", "meeting")
    return get_visible_or_404(request.user, queryset, pk=pk)


def commitment_detail(request, pk):
    commitment = _commitment(request, pk)
    can_answer = permissions.can_answer_commitment(request.user, commitment)
    return render(
        request,
        "meetings/commitment_detail.html",
        {
            "commitment": commitment,
            "updates": list(commitment.updates.select_related("author")),
            "today": timezone.localdate(),
            "can_answer": can_answer,
            "answer_form": forms.CommitmentAnswerForm() if can_answer else None,
            "report_form": forms.CommitmentReportForm() if can_answer else None,
        },
    )


@login_required
@require_POST
def commitment_answer(request, pk):
    """The officer's acceptance or refusal, or report on an accepted commitment."""
    commitment = _commitment(request, pk)
    if not permissions.can_answer_commitment(request.user, commitment):
        raise PermissionDenied(_("Only an officer of the body answers for its commitments."))
    try:
        if "outcome" in request.POST:
            form = forms.CommitmentReportForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Say what has been done."))
            commitment_services.commitment_report(
                commitment=commitment, by=request.user, **form.cleaned_data
            )
        else:
            form = forms.CommitmentAnswerForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose the answer."))
            if form.cleaned_data["answer"] == "accept":
                commitment_services.commitment_accept(
                    commitment=commitment, by=request.user, text=form.cleaned_data["text"]
                )
            else:
                commitment_services.commitment_decline(
                    commitment=commitment, by=request.user, reason=form.cleaned_data["text"]
                )
    except ValidationError as exc:
        report_errors(request, exc)
    else:
        messages.success(request, _("The answer is public."))
    return redirect(commitment)


@login_required
def commitment_inbox(request):
    """The commitments of the officer's bodies, those awaiting an answer first."""
    commitments = list(
        Commitment.private_objects.inbox_of(request.user)
        .select_related("body", "meeting")
        .order_by("state", "due_on", "pk")[:200]
    )
    return render(
        request,
        "meetings/commitment_inbox.html",
        {"commitments": commitments, "today": timezone.localdate()},
    )
