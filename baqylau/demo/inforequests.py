"""Illustrative demo information requests to the bodies of Pavlodar region.

The demo citizen, monitor and coordinator write about thirty requests, in Kazakh and in Russian,
about the demo programs and objects; together they reach every status of the workflow, and one
batch goes to all thirteen district and city akimats with a mix of outcomes, so that the ranking
of bodies has something to rank. Everything is illustrative: the figures, names, registration
numbers and answers are invented, and the legal grounds quoted in refusals must be checked
against the official text of the Law before anyone relies on them.

The stories are data, in `data/inforequests.json`: each request (a `Story`), and the batch, with
its steps in order (a `Step`: an action, `after` days after the previous step or `due` days from
the current due date, and its texts). Texts may name the registration ({registered}, {number}),
the sending ({sent}) and the clarification ({clarified}), filled in when the step is played. The
akimats' answers to the batch share their lines, written once (see `_written_out`).

How the history is made. Each request is played step by step through the services, in date
order, on dates counted back from `today`: the services take the registration, redirection,
clarification and answer dates as parameters, and deadlines always come from the calendar rules
(`deadline()`). Some services stamp the real date instead of a date they could be given: the
sending (`sent_at`, the due date counted from it, the event), the clarification (its event and the
restarted term), the extension, the classification and the withdrawal events, the appeal (its
filing date and event), and every `created_at` / `recorded_at`. The loader corrects these
right after each step with a queryset `.update()`, recomputing the due dates with `deadline()`
from the demo date, so that a later step (an extension counted from the current due date) builds
on the right date. Requests that end past their deadline without an answer are marked by
`requests_mark_overdue(today=...)`, as the nightly job would (like that job, it marks any request
of the database that is past its deadline); the one appealed for silence is marked overdue by
the same service on the day after its deadline, before the appeal.

Emails. The services enqueue emails once a transaction commits. The loader runs in its own
transaction with the tasks backend swapped for django_tasks' DummyBackend (which keeps the
tasks in memory and never runs them) and the email backend for locmem, so nothing is queued for
the worker or printed. Call it outside any transaction, as `load_demo` does: inside another one
the emails would be enqueued when that outer transaction commits, with the settings of then.

Running it again changes nothing: when a request with one of the demo subjects from one of the
demo people exists, the loader creates nothing and reports what is there.
"""

import copy
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from string import Template

from django.db import transaction
from django.db.models import Subquery
from django.test.utils import override_settings
from django.utils import timezone

from baqylau.accounts.models import User
from baqylau.core.calendar import WorkingCalendar, deadline
from baqylau.demo import registry
from baqylau.demo.data import build, read
from baqylau.inforequests import services
from baqylau.inforequests.models import (
    Answer,
    Appeal,
    InformationRequest,
    RequestBatch,
    RequestEvent,
    Status,
)
from baqylau.registry.models import Organisation, PlanningDocument, ProjectObject

CITIZEN = "citizen@baqylau.local"
MONITOR = "monitor@baqylau.local"
COORDINATOR = "coordinator@baqylau.local"
OFFICER = "officer@baqylau.local"
MODERATOR = "moderator@baqylau.local"
PEOPLE = (CITIZEN, MONITOR, COORDINATOR, OFFICER, MODERATOR)
# The body the demo officer answers for: its answers come through the platform.
OFFICER_BODY = registry.EDUCATION

BY_HAND = InformationRequest.Delivery.BY_HAND
PLATFORM = Answer.Source.PLATFORM

# The personal data a moderator removed from one answer.
REDACTED_PHONE = "+7 701 482 15 36"

QUIET = {
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
}


# -- The shape of a story ------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One step of a request's history. Its day is `after` days after the previous step, or,
    when `due` is given, that many days from the request's current due date. Steps of the body
    fall on working days."""

    action: str
    after: int = 0
    due: int | None = None
    text: str = ""
    source: str = ""
    classification: str = ""
    legal_ground: str = ""
    to: str = ""
    public_text: str = ""


@dataclass(frozen=True)
class Story:
    requester: str
    body: str
    language: str
    subject: str
    text: str
    asked: str
    start: int  # the request is written this many days before `today`
    steps: tuple[Step, ...] = ()
    document: str | None = None
    object: str | None = None
    is_public: bool = True
    hide_requester_name: bool = False
    delivery: str = InformationRequest.Delivery.EMAIL


@dataclass(frozen=True)
class Batch:
    requester: str
    language: str
    subject: str
    text: str
    asked: str
    start: int
    steps: dict[str, tuple[Step, ...]] = field(default_factory=dict)  # body slug → its story
    document: str | None = None


def _written_out(batch: dict) -> dict:
    """The batch with each answer's text written out. The akimats answer alike: an answer gives
    its akimat's `figures` and the `lines` it says, each a line of the batch's `answer` (the
    four of DEFAULT_LINES unless it names others) or a line of its own; `$name` in a line is the
    figure of that name."""
    batch = copy.deepcopy(batch)
    shared = batch.pop("answer")
    for steps in batch["steps"].values():
        for step in steps:
            figures = step.pop("figures", None)
            if figures is not None:
                lines = [shared.get(line, line) for line in step.pop("lines", DEFAULT_LINES)]
                step["text"] = "\n".join(Template(line).substitute(figures) for line in lines)
    return batch


DEFAULT_LINES = ("opening", "settlements", "money", "unsupplied")
_CONTENT = read("inforequests")
STORIES = [build(Story, story) for story in _CONTENT["stories"]]
WATER_BATCH = build(Batch, _written_out(_CONTENT["batch"]))

SUBJECTS = [story.subject for story in STORIES] + [WATER_BATCH.subject]
DEMO_REQUESTERS = (CITIZEN, MONITOR, COORDINATOR)


# -- Loading -------------------------------------------------------------------------------------


def demo_requests():
    """The demo requests, found by their subjects and requesters."""
    return InformationRequest.private_objects.filter(
        requester__email__in=DEMO_REQUESTERS, subject__in=SUBJECTS
    )


def _report(*, created: int) -> dict:
    requests = demo_requests()
    statuses = dict.fromkeys(Status.values, 0)
    for status in requests.values_list("status", flat=True):
        statuses[status] += 1
    return {
        "created": created,
        "requests": requests.count(),
        "statuses": statuses,
        "batch": requests.filter(batch__subject=WATER_BATCH.subject).count(),
    }


def load_demo_requests(*, today: date | None = None) -> dict:
    """Create the demo requests unless they exist; return what there is.

    Returns {"created": requests made by this run, "requests": demo requests in all,
    "statuses": {status: count}, "batch": requests of the batch}. `today` moves the whole
    history; it must not come after the real date, which the services check dates against.
    Needs the registry demo (`load_demo`) and the working-day calendar."""
    today = today or timezone.localdate()
    with override_settings(**QUIET), transaction.atomic():
        if demo_requests().exists():
            return _report(created=0)
        player = _Player(today=today)
        for story in STORIES:
            player.play_story(story)
        player.play_batch(WATER_BATCH)
        services.requests_mark_overdue(today=today)
        player.stamp_overdue_events()
        created = player.created
    return _report(created=created)


class _Player:
    """Plays stories through the services, then sets the dates the services took from the
    clock to the story's dates."""

    def __init__(self, *, today: date) -> None:
        self.today = today
        self.calendar = WorkingCalendar()
        self.created = 0
        people = {user.email: user for user in User.objects.filter(email__in=PEOPLE)}
        missing = set(PEOPLE) - set(people)
        if missing:
            raise LookupError(f"Demo accounts missing: {sorted(missing)}. Run load_demo first.")
        self.people = people
        self.requesters = {user.id: user for user in people.values()}
        self.bodies = {org.slug: org for org in Organisation.objects.all()}
        self.documents = {d.slug: d for d in PlanningDocument.private_objects.all()}
        self.objects = {o.slug: o for o in ProjectObject.private_objects.all()}

    # Dates -----------------------------------------------------------------------------------

    def _moment(self, day: date, tick: int) -> datetime:
        """A working-hours moment of `day`; later ticks of one day come later."""
        start = datetime.combine(day, time(9, 10))
        return timezone.make_aware(start + timedelta(minutes=37 * tick))

    def _body_day(self, day: date, earliest: date) -> date:
        """The working day the body acts on: `day`, or the next working day, or, when that is
        after today, the last working day before it (never before `earliest`)."""
        shifted = self.calendar.next_working_day(day)
        if shifted <= self.today:
            return shifted
        shifted = min(day, self.today)
        while shifted > earliest and not self.calendar.is_working_day(shifted):
            shifted -= timedelta(days=1)
        return shifted

    def _day_of(self, step: Step, request: InformationRequest, previous: date) -> date:
        if step.due is not None:
            if request.due_date is None:
                raise ValueError(f"{request.subject}: {step.action} counts from no due date")
            day = request.due_date + timedelta(days=step.due)
        else:
            day = previous + timedelta(days=step.after)
        day = min(max(day, previous), self.today)
        body_acts = step.action in {"register", "redirect", "clarification", "extend", "answer"}
        if body_acts or (step.action == "send" and request.delivery == BY_HAND):
            day = self._body_day(day, previous)
        return day

    # Stories ---------------------------------------------------------------------------------

    def play_story(self, story: Story) -> None:
        requester = self.people[story.requester]
        request = services.request_create(
            requester=requester,
            body=self.bodies[story.body],
            subject=story.subject,
            text=story.text,
            asked=story.asked,
            language=story.language,
            document=self.documents.get(story.document),
            object=self.objects.get(story.object),
            is_public=story.is_public,
            hide_requester_name=story.hide_requester_name,
            delivery=story.delivery,
        )
        self._play(request, story.start, story.steps)

    def play_batch(self, batch: Batch) -> None:
        requester = self.people[batch.requester]
        bodies = [self.bodies[registry.akimat_slug(unit)] for unit in batch.steps]
        made = services.batch_create(
            requester=requester,
            bodies=bodies,
            subject=batch.subject,
            text=batch.text,
            asked=batch.asked,
            language=batch.language,
            document=self.documents.get(batch.document),
        )
        written = self.today - timedelta(days=batch.start)
        RequestBatch.objects.filter(pk=made.pk).update(created_at=self._moment(written, 0))
        requests = {r.body.slug: r for r in made.requests.select_related("body")}
        for unit, steps in batch.steps.items():
            request = requests[registry.akimat_slug(unit)]
            self._play(request, batch.start, (Step("send"), *steps))

    def _play(self, request: InformationRequest, start: int, steps) -> None:
        day = self.today - timedelta(days=start)
        tick = 0
        InformationRequest.private_objects.filter(pk=request.pk).update(
            created_at=self._moment(day, tick)
        )
        self._stamp_last_event(request, day, tick)
        context = {}
        for step in steps:
            next_day = self._day_of(step, request, day)
            tick = tick + 1 if next_day == day else 0
            day = next_day
            self._do(step, request, day, tick, context)
        self.created += 1
        InformationRequest.private_objects.filter(pk=request.pk).update(
            updated_at=self._moment(day, tick)
        )

    def _actor_for_body(self, request: InformationRequest) -> User:
        """The officer records the steps of the body he works for; the requester records the
        others'."""
        if request.body_id == self.bodies[OFFICER_BODY].id:
            return self.people[OFFICER]
        return self.requesters[request.requester_id]

    def _do(self, step: Step, request, day: date, tick: int, context: dict) -> None:
        requester = self.requesters[request.requester_id]
        moment = self._moment(day, tick)
        fix = {}  # request fields the services took from the clock
        event_fix = {}
        if step.action == "send":
            services.request_send(request=request, actor=requester)
            due = deadline(services.ANSWER_RULE, day, calendar=self.calendar)
            fix = {"sent_at": moment, "due_date": due}
            event_fix = {"due_date": due}
            context["sent"] = day
        elif step.action == "register":
            number = self._registration_number(request, day)
            services.request_register(
                request=request,
                registered_on=day,
                registration_number=number,
                actor=self._actor_for_body(request),
            )
            context.update(registered=day, number=number)
        elif step.action == "redirect":
            services.request_redirect(
                request=request,
                to_body=self.bodies[step.to],
                happened_on=day,
                note=step.text,
                actor=self._actor_for_body(request),
            )
        elif step.action == "clarification":
            services.request_ask_clarification(
                request=request,
                note=step.text,
                happened_on=day,
                actor=self._actor_for_body(request),
            )
        elif step.action == "clarify":
            services.request_clarify(request=request, note=step.text, actor=requester)
            due = deadline(services.ANSWER_RULE, day, calendar=self.calendar)
            fix = {"due_date": due}
            event_fix = {"due_date": due}
            context["clarified"] = day
        elif step.action == "extend":
            services.request_extend(
                request=request, reason=step.text, actor=self._actor_for_body(request)
            )
        elif step.action == "answer":
            platform = step.source == PLATFORM
            made = services.answer_submit(
                request=request,
                author=self._actor_for_body(request) if platform else requester,
                source=step.source,
                text=self._fill(step.text, context),
                received_on=day,
                legal_ground=step.legal_ground,
            )
            Answer.objects.filter(pk=made.pk).update(created_at=moment)
        elif step.action == "classify":
            latest = request.answers.order_by("-received_on", "-id").first()
            services.answer_classify(
                answer=latest,
                classification=step.classification,
                legal_ground=step.legal_ground,
                actor=requester,
            )
        elif step.action == "redact":
            latest = request.answers.order_by("-received_on", "-id").first()
            services.answer_redact(
                answer=latest,
                public_text=self._fill(step.public_text, context),
                actor=self.people[MODERATOR],
            )
            return  # a redaction is no step of the timeline
        elif step.action == "overdue":
            # The nightly job on the day after the deadline: it marks every request past due.
            services.requests_mark_overdue(today=day)
            return  # its event is dated by the service; stamp_overdue_events sets the time
        elif step.action == "appeal":
            made = services.request_appeal(request=request, grounds=step.text, actor=requester)
            Appeal.objects.filter(pk=made.pk).update(filed_on=day, created_at=moment)
        elif step.action == "withdraw":
            services.request_withdraw(request=request, actor=requester)
        else:
            raise ValueError(f"Unknown step {step.action!r}")
        if fix:
            InformationRequest.private_objects.filter(pk=request.pk).update(**fix)
            for name, value in fix.items():
                setattr(request, name, value)
        self._stamp_last_event(request, day, tick, **event_fix)

    def _stamp_last_event(self, request, day: date, tick: int, **extra) -> None:
        last = request.events.order_by("-id").values("pk")[:1]
        RequestEvent.objects.filter(pk=Subquery(last)).update(
            happened_on=day, recorded_at=self._moment(day, tick), **extra
        )

    def stamp_overdue_events(self) -> None:
        """The overdue run records its events now: date them early on the day they tell of."""
        events = RequestEvent.objects.filter(
            request__in=demo_requests(), kind=RequestEvent.Kind.OVERDUE
        )
        for event in events:
            moment = timezone.make_aware(datetime.combine(event.happened_on, time(0, 5)))
            RequestEvent.objects.filter(pk=event.pk).update(recorded_at=moment)
            if not event.request.events.filter(id__gt=event.id).exists():
                InformationRequest.private_objects.filter(pk=event.request_id).update(
                    updated_at=moment
                )

    @staticmethod
    def _registration_number(request: InformationRequest, day: date) -> str:
        """An e-Otinish style number, the same on every run: ЖТ for a person, ЗТ for an
        organisation (the coordinator writes for an NGO)."""
        kind = "ЗТ" if request.requester.email == COORDINATOR else "ЖТ"
        serial = zlib.crc32(f"{request.subject}|{request.body_id}".encode()) % 9_000_000
        return f"{kind}-{day.year}-{1_000_000 + serial:08d}"

    @staticmethod
    def _fill(text: str, context: dict) -> str:
        values = {
            key: value.strftime("%d.%m.%Y") if isinstance(value, date) else value
            for key, value in context.items()
        }
        return text.format_map(values)
