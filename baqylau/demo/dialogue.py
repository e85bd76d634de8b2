"""The demo's dialogue with the state: the regional public council with its members and its plan
of public monitoring for the year, a community scorecard at school No. 3 in Aksu with its
interface meeting and joint action plan, a council session whose decision became the education
department's commitment (accepted, with a progress report), a hearing of the department's report
still to come with citizens' questions, and the library of methods the NGOs share. The texts are
data in `data/dialogue.json`, in Kazakh and Russian as their authors write them.

Everything goes through the services people use, on dates counted from the demo day: a step
runs, then the moments it took from the clock are set to the story's with a queryset update.
Emails are not sent while the demo loads. A second run changes nothing once the demo's meetings
exist.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.apps import apps as django_apps
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from baqylau.accounts.models import User
from baqylau.councils import services as councils
from baqylau.councils.models import MonitoringPlan, PlanLine
from baqylau.demo.data import read
from baqylau.meetings import announcement_rules
from baqylau.meetings import commitments as commitment_services
from baqylau.meetings import services as meetings
from baqylau.meetings.models import Commitment, Meeting, Question
from baqylau.methods import services as methods
from baqylau.methods.models import ItemKind, LibraryItem
from baqylau.monitoring.models import Campaign, ChecklistVersion
from baqylau.registry.models import Organisation, PlanningDocument, ProjectObject, Territory
from baqylau.scorecards import initial_data as scorecard_kinds
from baqylau.scorecards import services as scorecards
from baqylau.scorecards.models import GroupKind, Scorecard

QUIET = {
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}
COORDINATOR = "coordinator@baqylau.local"
OFFICER = "officer@baqylau.local"


def _text(value, language: str) -> str:
    """The text in the language its author wrote it in."""
    return getattr(value, language) if hasattr(value, language) else value


def _both(value) -> dict:
    """A text the council writes in Kazakh and Russian (English where the demo has it)."""
    return {"kk": value.kk, "ru": value.ru, "en": value.en}


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def demo_meetings():
    slugs = [meeting["slug"] for meeting in read("dialogue")["meetings"]]
    return Meeting.private_objects.filter(slug__in=slugs)


def load_demo_dialogue(*, today: date | None = None) -> dict:
    """Create the demo's councils, scorecards, meetings and library once."""
    today = today or timezone.localdate()
    data = read("dialogue")
    with override_settings(**QUIET), transaction.atomic():
        # The reference data of the data migrations (a transactional test empties it).
        announcement_rules.install(django_apps.get_model)
        scorecard_kinds.install(django_apps.get_model)
        if not demo_meetings().exists():
            player = _Player(today=today)
            player.scorecard(data["scorecard"])
            player.council(data["council"])
            player.library(data["library"])
            for meeting in data["meetings"]:
                player.meeting(meeting)
    return {"meetings": demo_meetings().count()}


class _Player:
    def __init__(self, *, today: date) -> None:
        self.today = today
        self.people = {user.email: user for user in User.objects.filter(email__contains="@")}
        self.coordinator = self.people[COORDINATOR]
        self.officer = self.people[OFFICER]

    def _organisation(self, slug: str) -> Organisation:
        return Organisation.objects.get(slug=slug)

    # -- The public council -------------------------------------------------------------------

    def council(self, entry: dict) -> None:
        """The regional public council (an organisation of the registry's demo), its members and
        its plan of public monitoring for the year, approved in January and amended once; the
        campaigns that carry out its lines are linked to them by their coordinator."""
        council = self._organisation(entry["slug"])
        for member in entry["members"]:
            councils.council_member_add(
                council=council,
                name=member["name"],
                position=_both(member["represents"]),
                role=member["role"],
                user=self.people.get(member.get("user", "")),
                since=date(self.today.year - 1, 2, 1),
            )
        plan_entry = entry["plan"]
        plan = councils.plan_create(
            council=council,
            actor=self.coordinator,
            year=self.today.year,
            title=_both(plan_entry["title"]),
        )
        lines = []
        for line in plan_entry["lines"]:
            lines.append(
                councils.line_save(
                    plan=plan,
                    actor=self.coordinator,
                    subject=_both(line["subject"]),
                    goals=_both(line["goals"]),
                    tasks=_both(line["tasks"]),
                    term_text=_both(line.get("planned_term") or line["term"]),
                    project_objects=ProjectObject.private_objects.filter(slug__in=line["objects"]),
                    documents=PlanningDocument.private_objects.filter(
                        slug__in=line.get("documents", ())
                    ),
                    bodies=Organisation.objects.filter(slug__in=line["bodies"]),
                    performers=Organisation.objects.filter(slug__in=line["performers"]),
                )
            )
        approved = min(date(self.today.year, 1, 28), self.today)
        councils.plan_approve(
            plan=plan,
            actor=self.coordinator,
            approved_on=approved,
            approval_reference=plan_entry["protocol"],
        )
        # The versions are dated the day of the approval (the drafts an hour before it).
        approval = _moment(approved, 12)
        PlanLine.history.filter(plan_id=plan.pk).update(history_date=approval - timedelta(hours=1))
        MonitoringPlan.history.filter(id=plan.pk).update(history_date=approval)
        MonitoringPlan.private_objects.filter(pk=plan.pk).update(published_at=approval)
        amended = min(approved + timedelta(days=plan_entry["amended_after"]), self.today)
        for made, line in zip(lines, plan_entry["lines"], strict=True):
            if line.get("planned_term"):
                # The council moved the line to a later quarter, by a later protocol.
                councils.line_save(
                    plan=plan,
                    actor=self.coordinator,
                    line=made,
                    subject=_both(line["subject"]),
                    goals=_both(line["goals"]),
                    tasks=_both(line["tasks"]),
                    term_text=_both(line["term"]),
                    project_objects=made.project_objects.all(),
                    documents=made.documents.all(),
                    bodies=made.bodies.all(),
                    performers=made.performers.all(),
                    reason=_text(plan_entry["amendment"], "ru"),
                )
                PlanLine.history.filter(plan_id=plan.pk, history_date__gt=approval).update(
                    history_date=_moment(amended, 15)
                )
                MonitoringPlan.history.filter(id=plan.pk, history_date__gt=approval).update(
                    history_date=_moment(amended, 15)
                )
                MonitoringPlan.private_objects.filter(pk=plan.pk).update(amended_on=amended)
            if line["campaign"]:
                councils.line_link_campaign(
                    line=made,
                    campaign=Campaign.private_objects.get(slug=line["campaign"]),
                    actor=self.coordinator,
                )

    # -- The community scorecard -----------------------------------------------------------

    def scorecard(self, entry: dict) -> Scorecard:
        """School No. 3 in Aksu rated by three groups of its users and by its administration;
        the interface meeting agreed a plan of three lines, two of which the education
        department accepted (the third, the town akimat's, still awaits)."""
        language = "kk"
        campaign = Campaign.private_objects.get(slug=entry["campaign"]["slug"])
        scorecard = scorecards.scorecard_start(
            campaign=campaign,
            project_object=ProjectObject.private_objects.get(slug=entry["campaign"]["object"]),
            service=_text(entry["service"], language),
            by=self.coordinator,
        )
        for line in entry["inputs"]:
            scorecards.input_save(
                scorecard=scorecard,
                item=_text(line["item"], language),
                unit=line["unit"],
                entitled=Decimal(line["entitled"]),
                actual=Decimal(line["actual"]),
                source=_text(line["source"], language),
                note=_text(line["note"], language),
            )
        groups = [
            scorecards.group_add(
                scorecard=scorecard,
                kind=GroupKind.objects.get(code=group["kind"]),
                label=_text(group["label"], language),
                participants=group["participants"],
            )
            for group in entry["groups"]
        ]
        indicators = [
            scorecards.indicator_add(
                scorecard=scorecard, text=_text(indicator["text"], language), proposed_by=groups
            )
            for indicator in entry["indicators"]
        ]
        for g, group in enumerate(groups):
            scorecards.paper_scores_save(
                group=group,
                rows=[
                    (made, plan["counts"][g], _text(plan["reasons"][g], language))
                    for made, plan in zip(indicators, entry["indicators"], strict=True)
                ],
            )
        scorecards.provider_scores_save(
            scorecard=scorecard,
            rows=[
                (made, plan["provider"], _text(plan["provider_reason"], language))
                for made, plan in zip(indicators, entry["indicators"], strict=True)
            ],
        )
        held = self.today + timedelta(days=entry["interface"]["days"])
        scorecards.interface_meeting_set(
            scorecard=scorecard,
            starts_at=_moment(held, 15),
            place=_text(entry["interface"]["place"], language),
            by=self.coordinator,
        )
        for action in entry["actions"]:
            scorecards.action_add(
                scorecard=scorecard,
                action=_text(action["text"], language),
                responsible=_text(action["who"], language),
                due_on=self.today + timedelta(days=action["due"]),
                body=self._organisation(action["body"]),
            )
        made = scorecards.plan_submit(scorecard=scorecard, by=self.coordinator)
        for commitment, action in zip(made, entry["actions"], strict=True):
            Commitment.private_objects.filter(pk=commitment.pk).update(
                proposed_at=_moment(held + timedelta(days=1), 11)
            )
            if action["accept"]:
                commitment_services.commitment_accept(commitment=commitment, by=self.officer)
                Commitment.private_objects.filter(pk=commitment.pk).update(
                    accepted_at=_moment(held + timedelta(days=3), 10)
                )
                commitment.updates.update(created_at=_moment(held + timedelta(days=3), 10))
        return scorecard

    # -- The library ------------------------------------------------------------------------

    def library(self, items: list) -> None:
        for entry in items:
            language = entry["language"]
            title = _text(entry["title"], language)
            if LibraryItem.private_objects.filter(title=title).exists():
                continue
            summary = _text(entry["summary"], language)
            if entry["kind"] == ItemKind.CHECKLIST:
                campaign = Campaign.private_objects.get(slug=entry["from_campaign"])
                version = (
                    ChecklistVersion.private_objects.filter(checklist__campaign=campaign)
                    .order_by("checklist__pk", "-number")
                    .first()
                )
                made = methods.checklist_to_library(
                    checklist_version=version,
                    actor=self.coordinator,
                    title=title,
                    summary=summary,
                    object_kind=entry["object_kind"],
                    language=language,
                    change_note=_text(entry["change_note"], language),
                )
                item = made.item
            else:
                item = methods.item_create(
                    author=self._organisation(entry["author"]),
                    actor=self.coordinator,
                    kind=entry["kind"],
                    title=title,
                    language=language,
                    summary=summary,
                    object_kind=entry["object_kind"],
                    indicators=list(entry.get("indicators") or []) or None,
                    body=entry.get("body", ""),
                    change_note=_text(entry["change_note"], language),
                )
            methods.item_publish(item=item, actor=self.coordinator)

    # -- Meetings ---------------------------------------------------------------------------

    def meeting(self, entry: dict) -> Meeting:
        language = entry["language"]
        organiser = self._organisation(entry["organiser"])
        by = self.people[entry["by"]]
        day = self.today + timedelta(days=entry["days"])
        held = entry["days"] < 0
        # Questions are asked before a meeting: a meeting already held is made in the future,
        # asked about, then moved to its day.
        starts = _moment(self.today + timedelta(days=3) if held else day, entry["hour"])
        meeting = meetings.meeting_create(
            organiser=organiser,
            kind=entry["kind"],
            title=_text(entry["title"], language),
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place=_text(entry["place"], language),
            description=_text(entry.get("description", ""), language),
            territory=Territory.objects.get(slug=entry["territory"]),
            bodies=Organisation.objects.filter(slug__in=entry["bodies"]),
            video_url=entry.get("video", ""),
            by=by,
        )
        Meeting.private_objects.filter(pk=meeting.pk).update(slug=entry["slug"])
        meeting.slug = entry["slug"]
        items = [
            meetings.agenda_item_add(
                meeting=meeting,
                by=by,
                title=_text(point["title"], language),
                campaign=Campaign.private_objects.get(slug=point["campaign"]),
            )
            for point in entry["agenda"]
        ]
        meetings.meeting_publish(meeting=meeting, by=by)
        questions = []
        for asked in entry.get("questions", ()):
            question = meetings.question_ask(
                meeting=meeting,
                by=self.people[asked["by"]],
                text=_text(asked["text"], asked["language"]),
            )
            for supporter in asked.get("supporters", ()):
                meetings.question_support(question=question, by=self.people[supporter])
            questions.append((question, asked))
        published = _moment(self.today - timedelta(days=entry["published"]), 17)
        Meeting.private_objects.filter(pk=meeting.pk).update(
            published_at=published, created_at=published
        )
        Question.objects.filter(meeting=meeting).update(created_at=published + timedelta(days=1))
        if held:
            self._held(meeting, entry, items, questions, by, day)
        return meeting

    def _held(self, meeting, entry, items, questions, by, day) -> None:
        language = entry["language"]
        starts = _moment(day, entry["hour"])
        Meeting.private_objects.filter(pk=meeting.pk).update(
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            announced_at=starts - timedelta(days=7),
        )
        meeting.refresh_from_db()
        meetings.minutes_write(
            meeting=meeting,
            by=by,
            participants=_text(entry["participants"], language),
            recording_url=entry.get("recording", ""),
            answers={
                question.pk: _text(asked["answer"], language) for question, asked in questions
            },
        )
        decision = entry["decision"]
        meetings.decision_add(
            item=items[0],
            by=by,
            text=_text(decision["text"], language),
            votes_for=decision["for"],
            votes_against=decision["against"],
            votes_abstained=decision["abstained"],
            body=self._organisation(decision["body"]),
            due_on=self.today + timedelta(days=decision["due"]),
            responsible=_text(decision["who"], language),
        )
        made = meetings.minutes_publish(meeting=meeting, by=by)
        Meeting.private_objects.filter(pk=meeting.pk).update(
            minutes_published_at=_moment(day + timedelta(days=2), 12)
        )
        for commitment in made:
            self._answered(commitment, decision, day)

    def _answered(self, commitment: Commitment, decision: dict, day: date) -> None:
        """The department's officer accepts the commitment, then reports how it goes."""
        Commitment.private_objects.filter(pk=commitment.pk).update(
            proposed_at=_moment(day + timedelta(days=2), 12)
        )
        commitment_services.commitment_accept(
            commitment=commitment, by=self.officer, text=_text(decision["accepted"], "ru")
        )
        commitment_services.commitment_report(
            commitment=commitment, by=self.officer, text=_text(decision["progress"], "ru")
        )
        accepted = _moment(day + timedelta(days=5), 10)
        Commitment.private_objects.filter(pk=commitment.pk).update(accepted_at=accepted)
        updates = list(commitment.updates.order_by("pk"))
        for offset, update in enumerate(updates):
            type(update).objects.filter(pk=update.pk).update(
                created_at=accepted + timedelta(days=9 * offset)
            )
