"""Factories for the models of every app, shared by every test.

The registry's and the accounts' models are plain model factories. A monitoring campaign, a
finding, a recommendation and an information request are made through their app's services, as
the platform makes them (their `_create` calls the services), so that their teams, timelines,
events and search indexes are those a user would get."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from baqylau.accountability import services as accountability
from baqylau.accountability.models import Finding, Recommendation
from baqylau.accounts.models import Membership, Role, User
from baqylau.inforequests import services as inforequests
from baqylau.inforequests.models import InformationRequest
from baqylau.meetings import models as meetings
from baqylau.meetings import services as meeting_services
from baqylau.methods import services as methods
from baqylau.methods.models import ItemKind, LibraryItem
from baqylau.monitoring import services as monitoring
from baqylau.monitoring import visits
from baqylau.monitoring.models import Campaign, ControlForm
from baqylau.procurement import models as procurement
from baqylau.procurement.models import FlagAnswer, FlagFeedback
from baqylau.registry import models as m


def square(lon: float, lat: float, size: float = 1.0) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
        ],
    }


def numbered(kk: str, ru: str, en: str) -> tuple:
    """A name in Kazakh, Russian and English, each with the factory's sequence number."""
    return tuple(factory.Sequence(lambda n, name=name: f"{name} {n}") for name in (kk, ru, en))


class TerritoryFactory(DjangoModelFactory):
    class Meta:
        model = m.Territory
        django_get_or_create = ["slug"]

    kind = m.Territory.Kind.DISTRICT
    slug = factory.Sequence(lambda n: f"territory-{n}")
    name_kk, name_ru, name_en = numbered("Аудан", "Район", "District")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = m.Organisation

    kind = m.Organisation.Kind.AKIMAT_DEPARTMENT
    slug = factory.Sequence(lambda n: f"org-{n}")
    name_kk, name_ru, name_en = numbered("Басқарма", "Управление", "Department")
    email = factory.Sequence(lambda n: f"body{n}@gov.example.kz")


def department(slug: str, kk: str, ru: str, en: str, **fields) -> m.Organisation:
    """A department of an akimat (a state body) named in Kazakh, Russian and English."""
    return OrganisationFactory(
        kind=m.Organisation.Kind.AKIMAT_DEPARTMENT,
        slug=slug,
        name_kk=kk,
        name_ru=ru,
        name_en=en,
        **fields,
    )


class PlanningDocumentFactory(DjangoModelFactory):
    class Meta:
        model = m.PlanningDocument

    doc_type = m.PlanningDocument.Type.REGIONAL_PLAN
    slug = factory.Sequence(lambda n: f"plan-{n}")
    title_kk, title_ru, title_en = numbered("Даму жоспары", "План развития", "Development plan")
    start_year = 2021
    end_year = 2025
    status = m.PlanningDocument.Status.IN_FORCE
    is_published = True


class DirectionFactory(DjangoModelFactory):
    class Meta:
        model = m.Direction

    document = factory.SubFactory(PlanningDocumentFactory)
    number = factory.Sequence(lambda n: n + 1)
    name_kk = "Өмір сапасы"
    name_ru = "Качество жизни"
    name_en = "Quality of life"


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = m.Goal

    document = factory.SubFactory(PlanningDocumentFactory)
    number = factory.Sequence(lambda n: f"{n + 1}")
    name_kk, name_ru, name_en = numbered("Мақсат", "Цель", "Goal")


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = m.Indicator

    goal = factory.SubFactory(GoalFactory)
    code = factory.Sequence(lambda n: f"I{n}")
    name_kk, name_ru, name_en = numbered("Көрсеткіш", "Показатель", "Indicator")
    unit_kk = "%"
    unit_ru = "%"
    unit_en = "%"
    baseline_year = 2020
    baseline_value = Decimal("50")


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = m.IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2021
    plan = Decimal("60")
    actual = Decimal("61")


class ProjectObjectFactory(DjangoModelFactory):
    class Meta:
        model = m.ProjectObject

    document = factory.SubFactory(PlanningDocumentFactory)
    kind = m.ProjectObject.Kind.SCHOOL
    slug = factory.Sequence(lambda n: f"object-{n}")
    name_kk, name_ru, name_en = numbered("Мектеп", "Школа", "School")
    status = m.ProjectObject.Status.IN_PROGRESS
    latitude = 52.28
    longitude = 76.95


class FinancingFactory(DjangoModelFactory):
    class Meta:
        model = m.Financing

    document = factory.SubFactory(PlanningDocumentFactory)
    year = 2022
    source = m.Financing.Source.LOCAL
    planned = Decimal("1000000")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"User {n}")
    email_verified = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MONITOR


# -- Monitoring ----------------------------------------------------------------------------------

CAMPAIGN_TITLE = {
    "kk": "Облыстағы мектептер құрылысының мониторингі",
    "ru": "Мониторинг строительства школ области",
    "en": "Monitoring of school construction in the region",
}


def campaign_plan(registry, today, **changes) -> dict:
    """The plan of a campaign about the regional plan of the `registry` fixture, its school and
    the akimat, running from a month before `today` to two months after."""
    return {
        "title": CAMPAIGN_TITLE,
        "description": {"ru": "Проверяем сроки и качество.", "en": "Deadlines and quality."},
        "form": ControlForm.MONITORING,
        "documents": [registry["document"]],
        "project_objects": [registry["school"]],
        "bodies": [registry["akimat"]],
        "goals": "See whether the school opens on time.",
        "tasks": "Visit the site; ask the akimat for the schedule.",
        "method": "Field visits with a checklist; information requests.",
        "starts_on": today - timedelta(days=30),
        "ends_on": today + timedelta(days=60),
    } | changes


class CampaignFactory(factory.Factory):
    """A campaign of `ngo` planned by `coordinator` (campaign_create) about the `registry`
    fixture's plan, dated from `today` (see campaign_plan); `monitors` join the team
    (member_add), the people in `declared` file a declaration of no conflict (declaration_file)
    and, if `published`, the coordinator publishes it (campaign_publish). Any other keyword
    changes the plan. `registry`, `ngo`, `coordinator` and `today` have no default: a factory
    never reads the clock."""

    class Meta:
        model = Campaign

    monitors = ()
    declared = ()
    published = False

    @classmethod
    def _create(
        cls,
        model_class,
        *,
        registry,
        ngo,
        coordinator,
        today,
        monitors=(),
        declared=(),
        published=False,
        **changes,
    ):
        campaign = monitoring.campaign_create(
            ngo=ngo, author=coordinator, **campaign_plan(registry, today, **changes)
        )
        for monitor in monitors:
            monitoring.member_add(campaign=campaign, user=monitor, actor=coordinator)
        for person in declared:
            member = campaign.members.active().get(user=person)
            monitoring.declaration_file(member=member, has_conflict=False, ties="none")
        if published:
            monitoring.campaign_publish(campaign=campaign, actor=coordinator)
        campaign.refresh_from_db()
        return campaign


def declared_campaign(registry, ngo, coordinator, today, monitors=(), **changes) -> Campaign:
    """A campaign (CampaignFactory) whose coordinator and `monitors` all declared no conflict."""
    return CampaignFactory(
        registry=registry,
        ngo=ngo,
        coordinator=coordinator,
        today=today,
        monitors=monitors,
        declared=[coordinator, *monitors],
        **changes,
    )


def school_visit(campaign, monitor, registry, today, version=None, *, answers=None, **changes):
    """`monitor`'s visit to the registry's school the day before `today` (visit_record); with a
    `version` of a checklist, the roof is finished unless `answers` say otherwise."""
    if answers is None:
        answers = {"roof": "yes"} if version else {}
    return visits.visit_record(
        campaign=campaign,
        object=registry["school"],
        visited_on=today - timedelta(days=1),
        actor=monitor,
        checklist_version=version,
        answers=answers,
        **changes,
    )


# -- Accountability ------------------------------------------------------------------------------


class FindingFactory(factory.Factory):
    """A finding of `campaign` recorded by `actor` (finding_save): by default a high-severity
    delay about the school of the `registry` fixture, if it is given."""

    class Meta:
        model = Finding

    class Params:
        registry = None

    title = "The school is 40 % built, not 100 %"
    category = "delay"
    severity = "high"
    description = "Works stopped in May; the roof is missing."
    norm = "Contract No. 12, clause 4.1"
    project_object = factory.LazyAttribute(lambda o: o.registry["school"] if o.registry else None)

    @classmethod
    def _create(cls, model_class, *, campaign, actor, **values):
        return accountability.finding_save(campaign=campaign, actor=actor, **values)


class RecommendationFactory(factory.Factory):
    """A recommendation of `campaign` to `body` on `findings`, written by `actor`
    (recommendation_save)."""

    class Meta:
        model = Recommendation

    text = "Resume the works by June."
    findings = ()

    @classmethod
    def _create(cls, model_class, *, campaign, actor, body, text, findings):
        return accountability.recommendation_save(
            campaign=campaign, actor=actor, body=body, text=text, findings=findings
        )


# -- Information requests ------------------------------------------------------------------------


class InformationRequestFactory(factory.Factory):
    """A draft request of `requester` to `body`, in Russian, delivered by hand (request_create);
    with `sent=True` the requester sends it (request_send)."""

    class Meta:
        model = InformationRequest

    subject = "Repairs of school No. 7"
    text = "Please send the estimate of the repairs."
    asked = "The estimate for 2025."
    language = "ru"
    delivery = InformationRequest.Delivery.BY_HAND
    sent = False

    @classmethod
    def _create(cls, model_class, *, sent=False, **values):
        request = inforequests.request_create(**values)
        if sent:
            request = inforequests.request_send(request=request, actor=values["requester"])
        return request


# -- Procurement: feedback and answers -----------------------------------------------------------


class FlagFeedbackFactory(DjangoModelFactory):
    """A monitor's standing feedback on the flag `code` of `process` (given: no default), for
    the author's NGO; made as a row, as the tests of pages and open data need it (the services'
    own tests call `give_feedback`)."""

    class Meta:
        model = FlagFeedback

    code = "R018"
    verdict = FlagFeedback.Verdict.CONFIRMED
    note = "Only one bid: the deadline was two days after the notice."
    author = None
    organisation = factory.LazyAttribute(
        lambda o: o.author.memberships.first().organisation if o.author else None
    )


class FlagAnswerFactory(DjangoModelFactory):
    """The answer of `body` to the flag `code` of `process` (both given: no default)."""

    class Meta:
        model = FlagAnswer

    code = "R018"
    text = "The notice was extended by ten days; no one else applied."
    author = None


# -- Procurement ---------------------------------------------------------------------------------
# Contracting processes as the OCDS import leaves them: the flat facts of the compiled release
# (the release itself is not needed by the pages), with their bids, awards, contracts, amendments,
# parties and red flags.


class PartyFactory(DjangoModelFactory):
    class Meta:
        model = procurement.Party

    scheme = "KZ-BIN"
    identifier = factory.Sequence(lambda n: f"{100000000000 + n}")
    name = factory.Sequence(lambda n: f"Company {n} LLP")


class ContractingProcessFactory(DjangoModelFactory):
    class Meta:
        model = procurement.ContractingProcess

    ocid = factory.Sequence(lambda n: f"ocds-kz0001-{n:06d}")
    title = factory.Sequence(lambda n: f"Repair of school No. {n}")
    buyer = factory.SubFactory(PartyFactory, name=factory.Sequence(lambda n: f"Akimat {n}"))
    procurement_method = "open"
    tender_status = "complete"
    tender_start = factory.LazyFunction(lambda: datetime(2024, 3, 1, 9, tzinfo=UTC))
    tender_end = factory.LazyFunction(lambda: datetime(2024, 3, 20, 18, tzinfo=UTC))
    value_amount = Decimal("150000000")
    currency = "KZT"
    compiled_sha256 = "0" * 64
    first_release_date = factory.LazyFunction(lambda: datetime(2024, 3, 1, 9, tzinfo=UTC))
    last_release_date = factory.LazyFunction(lambda: datetime(2024, 5, 1, 9, tzinfo=UTC))


class ReleaseFactory(DjangoModelFactory):
    class Meta:
        model = procurement.Release

    process = factory.SubFactory(ContractingProcessFactory)
    release_id = factory.Sequence(lambda n: f"release-{n}")
    date = factory.LazyFunction(lambda: datetime(2024, 3, 1, 9, tzinfo=UTC))
    tags = factory.LazyFunction(lambda: ["tender"])
    data = factory.LazyFunction(dict)
    sha256 = "0" * 64


class BidFactory(DjangoModelFactory):
    """A bid of `tenderers` (one new party unless given)."""

    class Meta:
        model = procurement.Bid
        skip_postgeneration_save = True

    process = factory.SubFactory(ContractingProcessFactory)
    bid_id = factory.Sequence(lambda n: f"bid-{n}")
    date = factory.LazyFunction(lambda: datetime(2024, 3, 15, 10, tzinfo=UTC))
    status = "valid"
    value_amount = Decimal("140000000")
    currency = "KZT"

    @factory.post_generation
    def tenderers(self, create, extracted, **kwargs):
        self.tenderers.set(extracted if extracted is not None else [PartyFactory()])


class AwardFactory(DjangoModelFactory):
    """An award to `suppliers` (one new party unless given)."""

    class Meta:
        model = procurement.Award
        skip_postgeneration_save = True

    process = factory.SubFactory(ContractingProcessFactory)
    award_id = factory.Sequence(lambda n: f"award-{n}")
    status = "active"
    date = factory.LazyFunction(lambda: datetime(2024, 3, 25, 10, tzinfo=UTC))
    value_amount = Decimal("140000000")
    currency = "KZT"

    @factory.post_generation
    def suppliers(self, create, extracted, **kwargs):
        self.suppliers.set(extracted if extracted is not None else [PartyFactory()])


class ContractFactory(DjangoModelFactory):
    class Meta:
        model = procurement.Contract

    process = factory.SubFactory(ContractingProcessFactory)
    contract_id = factory.Sequence(lambda n: f"contract-{n}")
    status = "active"
    date_signed = factory.LazyFunction(lambda: datetime(2024, 4, 2, 10, tzinfo=UTC))
    period_start = factory.LazyFunction(lambda: datetime(2024, 4, 5, tzinfo=UTC))
    period_end = factory.LazyFunction(lambda: datetime(2024, 10, 31, tzinfo=UTC))
    value_amount = Decimal("140000000")
    currency = "KZT"


class AmendmentFactory(DjangoModelFactory):
    class Meta:
        model = procurement.Amendment

    contract = factory.SubFactory(ContractFactory)
    amendment_id = factory.Sequence(lambda n: f"amendment-{n}")
    date = factory.LazyFunction(lambda: datetime(2024, 8, 1, 10, tzinfo=UTC))
    rationale = "Additional works on the roof."
    value_before = Decimal("140000000")
    value_after = Decimal("168000000")


class ProcessObjectFactory(DjangoModelFactory):
    class Meta:
        model = procurement.ProcessObject

    process = factory.SubFactory(ContractingProcessFactory)
    object = factory.SubFactory(ProjectObjectFactory)
    link = procurement.ProcessObject.Link.MANUAL


class RiskFlagFactory(DjangoModelFactory):
    """A flag on `process` (subject process) unless a `party` and another subject are given."""

    class Meta:
        model = procurement.RiskFlag

    code = "R018"
    subject = procurement.RiskFlag.Subject.PROCESS
    process = factory.SubFactory(ContractingProcessFactory)
    value = 1.0


class FlagRunFactory(DjangoModelFactory):
    class Meta:
        model = procurement.FlagRun

    processes = 100
    parameters = factory.LazyFunction(dict)
    counts = factory.LazyFunction(lambda: {"R018": {"fired": 12, "of": 100}})


# -- Meetings --------------------------------------------------------------------------------------


class MeetingFactory(factory.Factory):
    """A meeting of `organiser` starting `days` days after `today` at 15:00 in Almaty, made by
    `by` (meeting_create), published unless `published=False`. `today` has no default: the test's
    own day (the `today` fixture), never the clock."""

    class Meta:
        model = meetings.Meeting

    kind = meetings.MeetingKind.PUBLIC_HEARING
    title = factory.Sequence(lambda n: f"Hearing on the school roof {n}")
    days = 20
    place = "Akimat, room 12"
    territory = None
    bodies = ()
    published = True

    @classmethod
    def _create(
        cls,
        model_class,
        *,
        organiser,
        by,
        today,
        kind,
        title,
        days,
        place,
        territory,
        bodies,
        published,
    ):
        from datetime import time as clock_time

        from django.utils import timezone

        day = today + timedelta(days=days)
        meeting = meeting_services.meeting_create(
            organiser=organiser,
            by=by,
            kind=kind,
            title=title,
            starts_at=timezone.make_aware(datetime.combine(day, clock_time(15))),
            place=place,
            territory=territory,
            bodies=bodies,
        )
        if published:
            meeting_services.meeting_publish(meeting=meeting, by=by)
        meeting.refresh_from_db()
        return meeting


# -- Methods (the library) ----------------------------------------------------------------------


LIBRARY_QUESTIONS = [
    {"code": "roof", "text": "Is the roof finished?", "kind": "yes_no", "required": True},
    {"code": "floors", "text": "How many floors are built?", "kind": "number", "unit": "floors"},
    {
        "code": "heating",
        "text": "Which heating is installed?",
        "kind": "single_choice",
        "choices": [{"value": "gas", "label": "Gas"}, {"value": "coal", "label": "Coal"}],
    },
]


class LibraryItemFactory(factory.Factory):
    """An item of the library written by `actor`, a coordinator of `author` (item_create): a
    checklist with LIBRARY_QUESTIONS unless told otherwise; `published` publishes it
    (item_publish). `author` and `actor` have no default."""

    class Meta:
        model = LibraryItem

    kind = ItemKind.CHECKLIST
    title = factory.Sequence(lambda n: f"School construction checklist {n}")
    language = "ru"
    published = False

    @classmethod
    def _create(cls, model_class, *, author, actor, published=False, **fields):
        if fields["kind"] == ItemKind.CHECKLIST:
            fields.setdefault("questions", LIBRARY_QUESTIONS)
        elif fields["kind"] == ItemKind.INDICATOR_SET:
            fields.setdefault("indicators", ["The school opened on time", "Classes are warm"])
        else:
            fields.setdefault("body", "Dear akim,\n\nWe ask you to answer.")
        item = methods.item_create(author=author, actor=actor, **fields)
        if published:
            methods.item_publish(item=item, actor=actor)
        item.refresh_from_db()
        return item


# -- Community scorecards --------------------------------------------------------------------------
# A scorecard of the school of the `registry` fixture, made through the scorecards' services: three
# groups' paper scores on two indicators (numbers checked by hand in tests/scorecards), the
# provider's self-evaluation and a two-line action plan for `body`, not yet submitted.

SCORECARD_GROUPS = [("women", 12), ("youth", 8), ("elderly", 6)]
SCORECARD_INDICATORS = ["Classrooms are warm in winter", "Teachers come to every lesson"]
# Per indicator, per group (in SCORECARD_GROUPS' order): how many gave 1, 2, 3, 4, 5.
SCORECARD_COUNTS = [
    [[2, 3, 4, 2, 1], [0, 1, 2, 3, 2], [3, 2, 1, 0, 0]],
    [[0, 0, 2, 5, 5], [1, 1, 1, 1, 4], [0, 0, 0, 3, 3]],
]
SCORECARD_PROVIDER = [4, 5]


def make_scorecard(
    *, registry, ngo, coordinator, body, today, monitors=(), published=False, slug=None
):
    from baqylau.scorecards import services as scorecards
    from baqylau.scorecards.models import GroupKind

    changes = {"slug": slug} if slug else {}
    campaign = declared_campaign(
        registry,
        ngo,
        coordinator,
        today,
        monitors,
        form=ControlForm.SCORECARD,
        bodies=[body],
        **changes,
    )
    scorecard = scorecards.scorecard_start(
        campaign=campaign,
        project_object=registry["school"],
        service="Teaching at school No. 600",
        by=coordinator,
    )
    scorecards.input_save(
        scorecard=scorecard,
        item="Teachers",
        unit="people",
        entitled=Decimal(40),
        source="Staffing norm, order No. 77",
        actual=Decimal(34),
    )
    groups = [
        scorecards.group_add(
            scorecard=scorecard, kind=GroupKind.objects.get(code=code), participants=n
        )
        for code, n in SCORECARD_GROUPS
    ]
    indicators = [
        scorecards.indicator_add(scorecard=scorecard, text=text, proposed_by=groups[:2])
        for text in SCORECARD_INDICATORS
    ]
    for g, group in enumerate(groups):
        scorecards.paper_scores_save(
            group=group,
            rows=[
                (indicator, SCORECARD_COUNTS[i][g], f"{group} on {indicator}")
                for i, indicator in enumerate(indicators)
            ],
        )
    scorecards.provider_scores_save(
        scorecard=scorecard,
        rows=[
            (indicator, value, "We do our best")
            for indicator, value in zip(indicators, SCORECARD_PROVIDER, strict=True)
        ],
    )
    for text in ("Repair the heating", "Hire six teachers"):
        scorecards.action_add(
            scorecard=scorecard,
            action=text,
            responsible="Director",
            due_on=today + timedelta(days=90),
            body=body,
            indicator=indicators[0],
        )
    if published:
        monitoring.campaign_publish(campaign=campaign, actor=coordinator)
    scorecard.refresh_from_db()
    return scorecard


# -- Public councils and their plans of public monitoring ---------------------------------------


def make_council(slug: str = "pavlodar-public-council", **fields) -> m.Organisation:
    """The public council at the regional akimat of Pavlodar region."""
    return OrganisationFactory(
        kind=m.Organisation.Kind.PUBLIC_COUNCIL,
        slug=slug,
        name_kk=fields.pop("name_kk", "Павлодар облысының қоғамдық кеңесі"),
        name_ru=fields.pop("name_ru", "Общественный совет Павлодарской области"),
        name_en=fields.pop("name_en", "Public Council of Pavlodar Region"),
        **fields,
    )


LINE_TEXT = {
    "subject": {
        "kk": "Екібастұздағы мектеп құрылысы",
        "ru": "Строительство школы в Экибастузе",
        "en": "Construction of the school in Ekibastuz",
    },
    "goals": {
        # Every letter of the Kazakh alphabet that Russian lacks: ә ғ қ ң ө ұ ү һ і.
        "kk": "Мектептің уақытында ашылуын тексеру: әкімдік, ғимарат, қаңтар, өңір, ұлы, үй, һәм",
        "ru": "Проверить, откроется ли школа вовремя",
        "en": "See whether the school opens on time",
    },
    "tasks": {
        "kk": "Нысанға бару; әкімдіктен кестені сұрау",
        "ru": "Посетить объект; запросить график у акимата",
    },
    "term_text": {"kk": "II тоқсан", "ru": "II квартал", "en": "second quarter"},
}


def plan_line(plan, actor, *, number=None, reason="", **changes):
    """A line of `plan` about the Ekibastuz school (councils.services.line_save)."""
    from baqylau.councils import services as councils

    return councils.line_save(
        plan=plan, actor=actor, number=number, reason=reason, **(LINE_TEXT | changes)
    )


def council_plan(council, actor, today, *, year=None, lines=1, approved=True, **line_changes):
    """A plan of `council` for `year` (today's by default) drafted by `actor` (a coordinator of
    the council) with `lines` lines about the school, approved by protocol No. 3 a week ago."""
    from baqylau.councils import services as councils

    plan = councils.plan_create(
        council=council,
        actor=actor,
        year=year or today.year,
        title={
            "kk": "Қоғамдық мониторинг жоспары",
            "ru": "План общественного мониторинга",
            "en": "Plan of public monitoring",
        },
    )
    for _ in range(lines):
        plan_line(plan, actor, **line_changes)
    if approved:
        councils.plan_approve(
            plan=plan, actor=actor, approved_on=today - timedelta(days=7), approval_reference="3"
        )
    plan.refresh_from_db()
    return plan
