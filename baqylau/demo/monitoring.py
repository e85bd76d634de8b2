"""Illustrative demo monitoring campaigns of the NGO «Адал қоғам».

The demo coordinator and the demo monitor are on every team. Eight campaigns about the demo
regional development plan and the «Comfortable school» national project together show every
stage of the monitoring cycle:

- a report hearing of the health department still being prepared (planned, private to its team);
- kindergartens and schools, and the new schools of the national project (in progress; the
  second with checklists, one of them imported from a KoboToolbox XLSForm, field visits, photos
  and a scanned act, and its first findings and a draft recommendation);
- heat and water networks (analysis);
- village kindergartens (final document sent a few working days ago: the answers are awaited,
  and the demo officer of the education department has them in the inbox, one with the date of
  the decision given);
- schools in emergency condition (final document sent some weeks ago: one answer overdue);
- drinking water for villages (all answers received, one of them late; final document in Kazakh);
- district roads (closed, its final document in Russian; answers accepted, partly accepted,
  rejected and late, with measures checked by the monitors).

Everything is illustrative: the goals, ties, figures, answers and dates are invented, and the
legal references must be checked against the official texts before anyone relies on them.

The stories are data, in `data/monitoring.json`, one `Story` each (the dataclasses below give
their shape): the plan, the status changes, team, checklists, visits with their photos and scans,
findings, recommendations and the final document with the answers that followed it.

How the history is made. Each campaign is played through the services step by step, in date order,
on dates counted back from `today`; the working-day calendar places the sending of the final
document, the answers and the notices of decision dates, and the terms come from its rules (the
services count the due dates themselves). Photos are drawn with Pillow and carry the EXIF capture
time and position a phone would write; they go through the evidence services, which keep the
original private and publish a copy without metadata, and flag the photo taken far from the object.
Where a service stamps the real clock (creation, team, declarations, publication, uploads, answers
recorded, a notice's dates, the overdue mark) the stamp is set back to the story's date with a
queryset `.update()`, as the demo information requests do.

Emails. The services enqueue emails once a transaction commits; the loader runs in its own
transaction with the tasks backend swapped for django_tasks' DummyBackend and the email backend
for locmem, so nothing is queued for the worker. Call it outside any transaction, as `load_demo`
does.

Running it again changes nothing: a campaign whose slug exists is left alone.
"""

import functools
import hashlib
import io
import random
import textwrap
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone, translation
from openpyxl import Workbook
from PIL import Image, ImageDraw, ImageFont

from baqylau.accountability import services as accountability
from baqylau.accountability import terms
from baqylau.accountability.models import (
    AnswerState,
    DecisionNotice,
    FinalDocument,
    Finding,
    Recommendation,
    RecommendationAnswer,
)
from baqylau.accounts.models import User
from baqylau.core.calendar import WorkingCalendar
from baqylau.demo import files, registry
from baqylau.demo.data import build, read
from baqylau.monitoring import checklists, services, visits
from baqylau.monitoring.models import (
    DEFAULT_GPS_ACCURACY_M,
    Campaign,
    CampaignStatusChange,
    Checklist,
    ChecklistVersion,
    Evidence,
    Status,
    Visit,
)
from baqylau.monitoring.xlsform import xlsform_parse
from baqylau.registry.models import Indicator, Organisation, PlanningDocument, ProjectObject

COORDINATOR = "coordinator@baqylau.local"
MONITOR = "monitor@baqylau.local"
OFFICER = "officer@baqylau.local"
# The body the demo officer answers for: its answers come through the platform.
OFFICER_BODY = registry.EDUCATION
END = None  # a status change on the last day of control

QUIET = {
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
}


# -- The shape of a story ------------------------------------------------------------------------


@dataclass(frozen=True)
class Photo:
    """A phone photo drawn for the demo: `scene` is road, building, site or water. `near` puts
    its GPS position about 60 m from the object, otherwise about 2.5 km away."""

    key: str
    scene: str
    caption: str
    near: bool = True
    minute: int = 0  # after the visit's hour


@dataclass(frozen=True)
class Scan:
    """A paper document photographed page by page into a PDF."""

    key: str
    name: str
    heading: str
    lines: tuple[str, ...]


# Answers of a visit: {"in_days": n} is the date n days after the visit, and "here" the place
# where the monitor stood, near the object.
IN_DAYS = "in_days"
HERE = "here"


@dataclass(frozen=True)
class VisitPlan:
    object: str
    days_ago: int
    by: str
    notes: str = ""
    participants: str = ""
    checklist: int | None = None  # index into the story's checklists
    answers: dict = field(default_factory=dict)
    photos: tuple[Photo, ...] = ()
    scans: tuple[Scan, ...] = ()
    hour: int = 11


@dataclass(frozen=True)
class ChecklistPlan:
    title: str
    questions: tuple[dict, ...] = ()
    gps_accuracy_m: int = DEFAULT_GPS_ACCURACY_M
    # An XLSForm as KoboToolbox exports it: (survey rows, choices rows), first row the header.
    xlsform: tuple[tuple[tuple, ...], tuple[tuple, ...]] | None = None


@dataclass(frozen=True)
class FindingPlan:
    key: str
    title: str
    category: str
    severity: str
    description: str
    norm: str = ""
    object: str | None = None
    indicator: str | None = None  # the code of an indicator of the regional plan
    document: str | None = None
    year: int | None = None
    monitor_value: str | None = None
    evidence: tuple[str, ...] = ()
    by: str = COORDINATOR


@dataclass(frozen=True)
class Notice:
    """The body gives the date of its decision `after` working days after it received the
    recommendation; the decision falls `decides_after` working days after the notice."""

    after: int
    decides_after: int
    note: str = ""


@dataclass(frozen=True)
class AnswerPlan:
    decision: str
    reasons: str
    after: int  # working days after the body received the final document
    measures: tuple[tuple[str, int], ...] = ()  # (text, due that many days after the answer)
    file: Scan | None = None


@dataclass(frozen=True)
class CheckPlan:
    verification: str
    note: str
    after: int  # days after the answer
    by: str = MONITOR


@dataclass(frozen=True)
class RecommendationPlan:
    body: str
    text: str
    findings: tuple[str, ...] = ()
    notice: Notice | None = None
    answer: AnswerPlan | None = None
    check: CheckPlan | None = None


@dataclass(frozen=True)
class Cycle:
    """The final document and what followed it. It is sent `sent_after` working days after
    the end of control; when the story has no end, the end is counted back from a sending
    `sent_ago` working days before today."""

    language: str
    place: str
    subjects: str
    documents_obtained: str
    conclusions: str
    sent_after: int
    sent_ago: int | None = None
    closed: tuple[int, str] | None = None  # (days after the answers were all in, note)


@dataclass(frozen=True)
class Story:
    """One campaign: its plan, and its history in days before today."""

    slug: str
    title: registry.T
    description: registry.T
    form: str
    documents: tuple[str, ...]
    objects: tuple[str, ...]
    bodies: tuple[str, ...]
    goals: str
    tasks: str
    method: str
    starts: int  # days from today (negative: in the past)
    ends: int | None  # None: counted back from the sending of the final document
    planned: int  # days before today
    # (status, days before today or END, note), in order, after PLANNED
    steps: tuple[tuple[str, int | None, str], ...] = ()
    monitor_ties: tuple[bool, str] | None = None  # (has a conflict, ties); None: no declaration
    coordinator_ties: str = ""
    published: int | None = None  # days before today, or None to keep it private
    checklists: tuple[ChecklistPlan, ...] = ()
    visits: tuple[VisitPlan, ...] = ()
    findings: tuple[FindingPlan, ...] = ()
    recommendations: tuple[RecommendationPlan, ...] = ()
    cycle: Cycle | None = None


STORIES = [build(Story, story) for story in read("monitoring")["stories"]]


# -- Loading -------------------------------------------------------------------------------------


def demo_campaigns():
    return Campaign.private_objects.filter(slug__in=[story.slug for story in STORIES])


def load_demo_campaigns(*, today: date | None = None) -> dict:
    """Create the demo campaigns that do not exist yet; return what there is.

    Returns {"created": campaigns made by this run, "campaigns": demo campaigns in all,
    "published": of them published}. `today` moves the whole history; it must not come after
    the real date, which the services check dates against. Needs the registry demo
    (`load_demo`) and the working-day calendar."""
    today = today or timezone.localdate()
    created = 0
    with override_settings(**QUIET), transaction.atomic(), files.campaign_files_cached():
        existing = set(demo_campaigns().values_list("slug", flat=True))
        stories = [story for story in STORIES if story.slug not in existing]
        if stories:
            player = _Player(today=today)
            for story in stories:
                player.play(story)
                created += 1
            # The nightly job: what is still unanswered after its due date becomes overdue.
            accountability.recommendations_mark_overdue(today=today)
            player.stamp_overdue()
    campaigns = demo_campaigns()
    return {
        "created": created,
        "campaigns": campaigns.count(),
        "published": campaigns.filter(is_published=True).count(),
    }


class _Player:
    def __init__(self, *, today: date) -> None:
        self.today = today
        self.calendar = WorkingCalendar()
        people = (COORDINATOR, MONITOR, OFFICER)
        found = {user.email: user for user in User.objects.filter(email__in=people)}
        missing = set(people) - set(found)
        if missing:
            raise LookupError(f"Demo accounts missing: {sorted(missing)}. Run load_demo first.")
        self.people = found
        self.coordinator, self.monitor = found[COORDINATOR], found[MONITOR]
        self.ngo = Organisation.objects.get(slug=registry.NGO_ADAL)
        self.bodies = {org.slug: org for org in Organisation.objects.all()}

    # Dates -----------------------------------------------------------------------------------

    def _day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def _moment(self, days_ago: int, hour: int = 10) -> datetime:
        return self._at(self._day(days_ago), hour)

    @staticmethod
    def _at(day: date, hour: int, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, minute)))

    def _working(self, start: date, days: int) -> date:
        return self.calendar.add_working_days(start, days)

    def _past(self, day: date, what: str) -> date:
        if day > self.today:
            raise ValueError(f"{what} falls on {day}, after {self.today}: adjust the story")
        return day

    def _term(self, story: Story) -> tuple[date, date, date | None]:
        """The start and end of control, and the day the final document was sent."""
        starts = self.today + timedelta(days=story.starts)
        cycle = story.cycle
        if story.ends is None:
            sent = self._working(self.today, -cycle.sent_ago)
            return starts, self._working(sent, -cycle.sent_after), sent
        ends = self.today + timedelta(days=story.ends)
        sent = self._working(ends, cycle.sent_after) if cycle else None
        return starts, ends, sent

    # The campaign ----------------------------------------------------------------------------

    def play(self, story: Story) -> Campaign:
        starts, ends, sent = self._term(story)
        campaign = services.campaign_create(
            ngo=self.ngo,
            author=self.coordinator,
            slug=story.slug,
            title=story.title._asdict(),
            description=story.description._asdict(),
            form=story.form,
            documents=PlanningDocument.private_objects.filter(slug__in=story.documents),
            project_objects=ProjectObject.private_objects.filter(slug__in=story.objects),
            bodies=Organisation.objects.filter(slug__in=story.bodies),
            goals=story.goals,
            tasks=story.tasks,
            method=story.method,
            starts_on=starts,
            ends_on=ends,
        )
        Campaign.private_objects.filter(pk=campaign.pk).update(
            created_at=self._moment(story.planned)
        )
        campaign.status_changes.update(
            changed_on=self._day(story.planned), recorded_at=self._moment(story.planned)
        )
        self._team(campaign, story)
        for status, days_ago, note in story.steps:
            day = ends if days_ago is END else self._day(days_ago)
            change = services.campaign_advance(
                campaign=campaign, actor=self.coordinator, changed_on=day, note=note
            )
            if change.status != status:
                raise ValueError(f"{story.slug}: the story reaches {change.status}, not {status}")
        if story.published is not None:
            services.campaign_publish(campaign=campaign, actor=self.coordinator)
            Campaign.private_objects.filter(pk=campaign.pk).update(
                published_at=self._moment(story.published, hour=12)
            )
        versions = self._checklists(campaign, story, starts)
        evidence = {}
        for plan in story.visits:
            evidence.update(self._visit(campaign, plan, versions))
        findings = self._findings(campaign, story, evidence, ends)
        recommendations = self._recommendations(campaign, story, findings, sent, ends)
        if story.cycle is not None:
            self._cycle(campaign, story, recommendations, starts, ends, sent)
        self._stamp_timeline(campaign)
        return campaign

    def _team(self, campaign: Campaign, story: Story) -> None:
        coordinator = campaign.members.get(user=self.coordinator)
        monitor = services.member_add(campaign=campaign, user=self.monitor, actor=self.coordinator)
        campaign.members.update(added_at=self._moment(story.planned, hour=11))
        services.declaration_file(
            member=coordinator, has_conflict=False, ties=story.coordinator_ties
        )
        if story.monitor_ties is not None:
            has_conflict, ties = story.monitor_ties
            services.declaration_file(member=monitor, has_conflict=has_conflict, ties=ties)
        for member in (coordinator, monitor):
            member.declarations.update(filed_at=self._moment(story.planned - 1))

    def _stamp_timeline(self, campaign: Campaign) -> None:
        """The services record the real time of each status change; give them the story's."""
        last = None
        for number, change in enumerate(campaign.status_changes.order_by("changed_on", "id")):
            moment = self._at(change.changed_on, 9 + number % 8, 15)
            CampaignStatusChange.private_objects.filter(pk=change.pk).update(recorded_at=moment)
            last = moment
        Campaign.private_objects.filter(pk=campaign.pk).update(updated_at=last)

    # Checklists, visits, evidence --------------------------------------------------------------

    def _checklists(self, campaign: Campaign, story: Story, starts: date) -> list:
        made = []
        for plan in story.checklists:
            if plan.xlsform is not None:
                with translation.override("ru"):
                    questions, problems = xlsform_parse(_workbook(*plan.xlsform))
                if problems:
                    raise ValueError(f"{story.slug}: the XLSForm has problems: {problems}")
            else:
                questions = [dict(question) for question in plan.questions]
            checklist = checklists.checklist_create(
                campaign=campaign,
                title=plan.title,
                actor=self.coordinator,
                questions=questions,
                gps_accuracy_m=plan.gps_accuracy_m,
            )
            moment = self._at(starts, 16)
            Checklist.private_objects.filter(pk=checklist.pk).update(created_at=moment)
            ChecklistVersion.private_objects.filter(checklist=checklist).update(created_at=moment)
            made.append(checklist.current_version)
        return made

    def _visit(self, campaign: Campaign, plan: VisitPlan, versions: list) -> dict:
        place = ProjectObject.private_objects.get(slug=plan.object)
        day = self._past(self._day(plan.days_ago), f"{campaign.slug}: a visit")
        answers = {}
        for code, value in plan.answers.items():
            if isinstance(value, dict) and IN_DAYS in value:
                value = (day + timedelta(days=value[IN_DAYS])).isoformat()
            elif value == HERE:
                value = {
                    "lat": round(place.latitude + 0.0004, 6),
                    "lon": round(place.longitude + 0.0005, 6),
                }
            answers[code] = value
        uploads, keys = [], []
        for photo in plan.photos:
            taken = self._at(day, plan.hour, photo.minute)
            uploads.append(photo_upload(photo, place, taken, campaign.slug))
            keys.append(photo.key)
        for scan in plan.scans:
            uploads.append(SimpleUploadedFile(scan.name, _scan_pdf(scan), "application/pdf"))
            keys.append(scan.key)
        visit = visits.visit_record(
            campaign=campaign,
            object=place,
            visited_on=day,
            actor=self.people[plan.by],
            checklist_version=versions[plan.checklist] if plan.checklist is not None else None,
            answers=answers,
            notes=plan.notes,
            participants=plan.participants,
            files=uploads,
            # The monitor confirms a visit whose photo was taken away from the object.
            far_confirmed=any(not photo.near for photo in plan.photos),
        )
        Visit.private_objects.filter(pk=visit.pk).update(created_at=self._at(day, 19))
        stored = list(visit.evidence.order_by("id"))
        for number, item in enumerate(stored):
            Evidence.private_objects.filter(pk=item.pk).update(created_at=self._at(day, 19, number))
        return {key: (item, day) for key, item in zip(keys, stored, strict=True)}

    # Findings and recommendations --------------------------------------------------------------

    def _findings(self, campaign: Campaign, story: Story, evidence: dict, ends: date) -> dict:
        indicators = {
            i.code: i
            for i in Indicator.private_objects.filter(goal__document__slug=registry.REGIONAL_PLAN)
        }
        found = {}
        for plan in story.findings:
            items = [evidence[key] for key in plan.evidence]
            finding = accountability.finding_save(
                campaign=campaign,
                actor=self.people[plan.by],
                title=plan.title,
                category=plan.category,
                severity=plan.severity,
                description=plan.description,
                norm=plan.norm,
                project_object=(
                    ProjectObject.private_objects.get(slug=plan.object) if plan.object else None
                ),
                indicator=indicators[plan.indicator] if plan.indicator else None,
                document=(
                    PlanningDocument.private_objects.get(slug=plan.document)
                    if plan.document
                    else None
                ),
                year=plan.year,
                monitor_value=Decimal(plan.monitor_value) if plan.monitor_value else None,
                evidence=[item for item, _day in items],
            )
            # Recorded two days after the visit that showed it, or at the end of control.
            day = max((seen for _item, seen in items), default=None)
            day = day + timedelta(days=2) if day else min(ends, self.today)
            Finding.private_objects.filter(pk=finding.pk).update(
                created_at=self._at(min(day, self.today), 18, finding.number)
            )
            found[plan.key] = finding
        return found

    def _recommendations(self, campaign, story, findings, sent, ends) -> list:
        """Written after the findings, before the final document is sent."""
        day = self._working(sent, -2) if sent else min(ends, self.today - timedelta(days=2))
        made = []
        for plan in story.recommendations:
            recommendation = accountability.recommendation_save(
                campaign=campaign,
                actor=self.coordinator,
                body=self.bodies[plan.body],
                text=plan.text,
                findings=[findings[key] for key in plan.findings],
            )
            Recommendation.private_objects.filter(pk=recommendation.pk).update(
                created_at=self._at(day, 15, recommendation.number)
            )
            made.append((plan, recommendation))
        return made

    # The final document and the answers -------------------------------------------------------

    def _cycle(self, campaign, story, recommendations, starts, ends, sent) -> None:
        cycle = story.cycle
        accountability.final_document_save(
            campaign=campaign,
            actor=self.coordinator,
            language=cycle.language,
            place=cycle.place,
            held_from=self._at(starts, 9),
            held_to=self._at(ends, 18),
            subjects=cycle.subjects,
            documents_obtained=cycle.documents_obtained,
            conclusions=cycle.conclusions,
        )
        self._past(sent, f"{campaign.slug}: the sending")
        accountability.final_document_send(
            campaign=campaign, actor=self.coordinator, sent_on=sent, calendar=self.calendar
        )
        FinalDocument.private_objects.filter(campaign=campaign).update(
            updated_at=self._at(sent, 11)
        )
        steps = []
        for plan, recommendation in recommendations:
            if plan.notice is not None:
                notified = self._working(sent, plan.notice.after)
                steps.append((notified, 0, "notice", plan, recommendation))
            if plan.answer is not None:
                answered = self._working(sent, plan.answer.after)
                steps.append((answered, 1, "answer", plan, recommendation))
        for day, _order, action, plan, recommendation in sorted(steps, key=lambda s: s[:2]):
            self._past(day, f"{campaign.slug}: a step of recommendation {recommendation.number}")
            recommendation.refresh_from_db()
            if action == "notice":
                self._notice(recommendation, plan.notice, day)
            else:
                self._answer(recommendation, plan.answer, day)
        checks = []
        for plan, recommendation in recommendations:
            if plan.check is not None:
                recommendation.refresh_from_db()
                day = recommendation.answered_on + timedelta(days=plan.check.after)
                checks.append((day, plan.check, recommendation))
        closing = None
        if cycle.closed is not None:
            campaign.refresh_from_db()
            received = campaign.status_changes.get(status=Status.ANSWERS_RECEIVED).changed_on
            closing = received + timedelta(days=cycle.closed[0])
        for day, check, recommendation in sorted(checks, key=lambda c: c[0]):
            accountability.verification_record(
                recommendation=recommendation,
                actor=self.people[check.by],
                verification=check.verification,
                note=check.note,
                verified_on=self._past(day, f"{campaign.slug}: a check"),
            )
        if closing is not None:
            services.campaign_advance(
                campaign=campaign,
                actor=self.coordinator,
                changed_on=self._past(closing, f"{campaign.slug}: the closing"),
                note=cycle.closed[1],
            )

    def _body_actor(self, recommendation: Recommendation) -> User | None:
        """The demo officer acts for his body; the others answer on paper, with no account."""
        return self.people[OFFICER] if recommendation.body.slug == OFFICER_BODY else None

    def _notice(self, recommendation: Recommendation, notice: Notice, day: date) -> None:
        decides = self._working(day, notice.decides_after)
        if decides < self._working(day, self.calendar.rule(terms.NOTICE_RULE).days):
            raise ValueError(f"{recommendation}: the decision is announced too late")
        # The service counts from the real date; the notice is then set to the story's dates.
        earliest = self.calendar.deadline(
            self.calendar.rule(terms.NOTICE_RULE), timezone.localdate()
        )
        made = accountability.decision_notice_give(
            recommendation=recommendation,
            actor=self._body_actor(recommendation),
            decision_on=max(decides, earliest),
            note=notice.note,
            calendar=self.calendar,
        )
        DecisionNotice.private_objects.filter(pk=made.pk).update(
            notified_on=day, decision_on=decides
        )

    def _answer(self, recommendation: Recommendation, plan: AnswerPlan, day: date) -> None:
        if day > recommendation.due_on and recommendation.state == AnswerState.AWAITING:
            # The nightly job marked it overdue on the morning after its due date.
            marked = recommendation.due_on + timedelta(days=1)
            accountability.recommendations_mark_overdue(today=marked)
            Recommendation.private_objects.filter(pk=recommendation.pk).update(
                overdue_at=self._at(marked, 0, 5)
            )
            recommendation.refresh_from_db()
        files = []
        if plan.file is not None:
            files.append(
                SimpleUploadedFile(plan.file.name, _scan_pdf(plan.file), "application/pdf")
            )
        answer = accountability.answer_give(
            recommendation=recommendation,
            actor=self._body_actor(recommendation),
            decision=plan.decision,
            reasons=plan.reasons,
            answered_on=day,
            measures=[
                accountability.Measure(text, day + timedelta(days=after))
                for text, after in plan.measures
            ],
            files=files,
        )
        RecommendationAnswer.private_objects.filter(pk=answer.pk).update(
            recorded_at=self._at(day, 16)
        )
        answer.files.update(created_at=self._at(day, 16))

    def stamp_overdue(self) -> None:
        """The overdue run marks now: date the marks early on the morning after the due date."""
        late = Recommendation.private_objects.filter(
            campaign__in=demo_campaigns(), state=AnswerState.OVERDUE
        )
        for recommendation in late:
            marked = recommendation.due_on + timedelta(days=1)
            Recommendation.private_objects.filter(pk=recommendation.pk).update(
                overdue_at=self._at(marked, 0, 5)
            )


# -- Pictures ------------------------------------------------------------------------------------

PHOTO_SIZE = (1200, 900)
PAGE_SIZE = (827, 1169)  # A4 at 100 dpi
# About 60 m from the object, and about 2.5 km away.
NEAR_OFFSET = (0.0004, 0.0005)
FAR_OFFSET = (0.018, -0.024)
PHONE = ("samsung", "Galaxy A15")
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
MAKE, MODEL = 0x010F, 0x0110
DATETIME_ORIGINAL, OFFSET_TIME_ORIGINAL = 0x9003, 0x9011


# This module's text: a drawn file is kept until the code that draws it changes.
_DRAWING = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


@functools.lru_cache
def _font(size: int, bold: bool = False):
    """DejaVu has every Kazakh letter; without it Pillow's own font is used."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(name, size)
    except OSError:
        return ImageFont.load_default(size)


def _dms(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round((value - degrees - minutes / 60) * 3600, 2)
    return float(degrees), float(minutes), seconds


def photo_upload(photo: Photo, place: ProjectObject, taken: datetime, slug: str):
    """A JPEG as a cheap phone writes it: the capture time with its offset and the position."""
    offset = NEAR_OFFSET if photo.near else FAR_OFFSET
    latitude, longitude = place.latitude + offset[0], place.longitude + offset[1]
    local = timezone.localtime(taken)
    exif = Image.Exif()
    exif[MAKE], exif[MODEL] = PHONE
    exif.get_ifd(EXIF_IFD)[DATETIME_ORIGINAL] = local.strftime("%Y:%m:%d %H:%M:%S")
    zone = local.strftime("%z")
    exif.get_ifd(EXIF_IFD)[OFFSET_TIME_ORIGINAL] = f"{zone[:3]}:{zone[3:]}"
    exif[GPS_IFD] = {1: "N", 2: _dms(latitude), 3: "E", 4: _dms(longitude)}

    def draw() -> bytes:
        image = _scene(photo, stamp=local.strftime("%d.%m.%Y %H:%M"), seed=f"{slug}/{photo.key}")
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=82, exif=exif)
        return buffer.getvalue()

    key = repr((_DRAWING, photo, latitude, longitude, local.isoformat(), slug))
    name = local.strftime("IMG_%Y%m%d_%H%M%S.jpg")
    return SimpleUploadedFile(name, files.cached("photo", key, draw), "image/jpeg")


def _scene(photo: Photo, *, stamp: str, seed: str) -> Image.Image:
    """A simple drawn scene of a road, a building, a building site or a water pipe."""
    rng = random.Random(zlib.crc32(seed.encode()))
    width, height = PHOTO_SIZE
    horizon = 520 + rng.randint(-30, 30)
    image = Image.new("RGB", PHOTO_SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(0, horizon, 4):
        shade = y / horizon
        draw.rectangle(
            (0, y, width, y + 4),
            fill=(int(120 + 90 * shade), int(165 + 60 * shade), int(215 + 25 * shade)),
        )
    ground = {"road": (120, 130, 95), "water": (140, 110, 80)}.get(photo.scene, (125, 140, 90))
    draw.rectangle((0, horizon, width, height), fill=ground)
    for _speck in range(400):
        x, y = rng.randrange(width), rng.randrange(horizon, height)
        tone = rng.randint(-25, 25)
        draw.point((x, y), fill=tuple(max(0, min(255, c + tone)) for c in ground))
    getattr(_Scenes, photo.scene)(draw, rng, horizon)
    draw.rectangle((0, height - 90, width, height), fill=(20, 20, 20))
    draw.text((30, height - 68), photo.caption, font=_font(34), fill=(255, 255, 255))
    draw.text((width - 330, 24), stamp, font=_font(32, bold=True), fill=(255, 170, 40))
    return image


class _Scenes:
    @staticmethod
    def road(draw, rng, horizon) -> None:
        width, height = PHOTO_SIZE
        mid = width // 2 + rng.randint(-80, 80)
        draw.polygon(
            [(mid - 40, horizon), (mid + 40, horizon), (width + 200, height), (-200, height)],
            fill=(70, 70, 72),
        )
        for step in range(6):
            top = horizon + 12 + step * step * 11
            draw.line((mid, top, mid, top + 6 + step * 6), fill=(235, 235, 235), width=2 + step)
        for _hole in range(rng.randint(3, 7)):
            y = rng.randint(horizon + 80, height - 140)
            spread = (y - horizon) / (height - horizon)
            x = mid + rng.randint(-int(500 * spread), int(500 * spread))
            w, h = int(30 + 110 * spread), int(10 + 35 * spread)
            draw.ellipse((x - w, y - h, x + w, y + h), fill=(38, 38, 40))
        for _crack in range(rng.randint(6, 12)):
            x, y = rng.randint(150, width - 150), rng.randint(horizon + 60, height - 100)
            points = [(x, y)]
            for _part in range(6):
                x, y = x + rng.randint(-40, 40), y + rng.randint(-10, 25)
                points.append((x, y))
            draw.line(points, fill=(30, 30, 30), width=3)

    @staticmethod
    def building(draw, rng, horizon) -> None:
        left, right = 180 + rng.randint(-60, 60), 1020 + rng.randint(-60, 60)
        top = horizon - 300
        wall = rng.choice([(228, 214, 180), (214, 200, 190), (236, 226, 205)])
        draw.rectangle((left, top, right, horizon + 40), fill=wall, outline=(90, 80, 70), width=3)
        draw.polygon(
            [(left - 20, top), (right + 20, top), (right - 30, top - 50), (left + 30, top - 50)],
            fill=(120, 70, 60),
        )
        for row in range(3):
            for column in range((right - left - 60) // 110):
                x, y = left + 40 + column * 110, top + 30 + row * 90
                draw.rectangle((x, y, x + 70, y + 55), fill=(90, 140, 180), outline=(250, 250, 250))
        door = (left + right) // 2
        draw.rectangle((door - 45, horizon - 70, door + 45, horizon + 40), fill=(110, 80, 60))
        for column in range(rng.randint(2, 4)):
            x = rng.randint(20, 160) if column % 2 else rng.randint(1060, 1180)
            draw.rectangle((x, horizon - 40, x + 12, horizon + 80), fill=(100, 70, 40))
            draw.ellipse((x - 50, horizon - 160, x + 60, horizon - 20), fill=(70, 120, 60))

    @staticmethod
    def site(draw, rng, horizon) -> None:
        left, right = 250, 950
        for floor in range(4):
            y = horizon - floor * 90
            draw.rectangle((left, y - 12, right, y), fill=(160, 160, 160))
            for column in range(8):
                x = left + column * 100
                draw.rectangle((x, y - 90, x + 16, y), fill=(150, 150, 150))
        crane = rng.randint(980, 1100)
        draw.line((crane, horizon + 20, crane, 80), fill=(230, 180, 30), width=14)
        draw.line((crane - 420, 100, crane + 80, 100), fill=(230, 180, 30), width=10)
        draw.line((crane - 300, 100, crane - 300, 260), fill=(60, 60, 60), width=3)
        for board in range(0, 1200, 60):
            draw.rectangle((board, horizon + 40, board + 56, horizon + 170), fill=(40, 110, 120))
        gap = rng.randint(300, 800)
        draw.rectangle((gap, horizon + 40, gap + 120, horizon + 170), fill=(125, 140, 90))

    @staticmethod
    def water(draw, rng, horizon) -> None:
        width, height = PHOTO_SIZE
        draw.polygon(
            [(540, horizon), (620, horizon), (900, height), (260, height)], fill=(95, 70, 50)
        )
        draw.line((580, horizon, 560, height), fill=(40, 90, 170), width=40)
        for _house in range(3):
            x = rng.randint(40, 380) if _house % 2 else rng.randint(820, 1080)
            draw.rectangle((x, horizon - 110, x + 140, horizon), fill=(225, 220, 205))
            draw.polygon(
                [(x - 10, horizon - 110), (x + 150, horizon - 110), (x + 70, horizon - 170)],
                fill=(60, 110, 90),
            )
        pipe = rng.randint(850, 1000)
        draw.rectangle((pipe, horizon + 60, pipe + 36, horizon + 260), fill=(40, 90, 170))
        draw.rectangle((pipe - 30, horizon + 70, pipe + 10, horizon + 90), fill=(40, 90, 170))
        draw.ellipse((pipe - 160, horizon + 250, pipe + 160, horizon + 320), fill=(110, 130, 140))


def _scan_pdf(scan: Scan) -> bytes:
    """A page of a paper document, photographed into a PDF."""
    return files.cached("scan", repr((_DRAWING, scan)), lambda: _draw_scan(scan))


def _draw_scan(scan: Scan) -> bytes:
    page = Image.new("L", PAGE_SIZE, 250)
    draw = ImageDraw.Draw(page)
    draw.text((70, 70), scan.heading, font=_font(26, bold=True), fill=20)
    draw.line((70, 115, PAGE_SIZE[0] - 70, 115), fill=60, width=2)
    y = 150
    for line in scan.lines:
        for part in textwrap.wrap(line, 62) or [""]:
            draw.text((70, y), part, font=_font(20), fill=30)
            y += 32
    draw.ellipse((540, y + 20, 720, y + 200), outline=110, width=5)
    draw.ellipse((560, y + 40, 700, y + 180), outline=110, width=2)
    buffer = io.BytesIO()
    page.save(buffer, format="PDF", resolution=100)
    return buffer.getvalue()


def _workbook(survey: tuple, choices: tuple) -> io.BytesIO:
    """An XLSForm workbook in memory, as KoboToolbox exports it."""
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(list(row))
    options = book.create_sheet("choices")
    for row in choices:
        options.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer
