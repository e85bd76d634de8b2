"""Illustrative demo monitoring campaigns of the NGO «Адал қоғам».

The demo coordinator plans three campaigns about the demo regional development plan, with the
demo monitor on each team: kindergartens and schools (in progress, published), heat and water
networks (in analysis, published), and a hearing of the health department's report that is still
being prepared (planned, private to its team, the monitor's declaration not yet filed). Everything
is illustrative: the goals, ties and dates are invented.

The campaigns are played through the services, then the dates the services took from the clock
(creation, joining the team, declarations, the first status, publication) are set back to the
story's dates with a queryset `.update()`, as the demo information requests do. Status changes
are given their dates directly, counted back from `today`.

Running it again changes nothing: a campaign whose slug exists is left alone.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from baqylau.accounts.models import User
from baqylau.registry.demo import content as registry
from baqylau.registry.models import Organisation, PlanningDocument, ProjectObject

from . import services
from .models import Campaign, CampaignStatusChange, ControlForm, Status

COORDINATOR = "coordinator@baqylau.local"
MONITOR = "monitor@baqylau.local"
NO_TIES = "Бақыланатын органдармен және мердігерлермен байланысым жоқ."


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
    ends: int
    planned: int  # days before today
    # (status, days before today, note), in order, after PLANNED
    steps: tuple[tuple[str, int, str], ...] = ()
    monitor_ties: tuple[bool, str] | None = (False, NO_TIES)
    published: int | None = None  # days before today, or None to keep it private


STORIES = [
    Story(
        slug="demo-kindergartens-and-schools-monitoring",
        title=registry.T(
            "Павлодар облысындағы балабақшалар мен мектептер құрылысының қоғамдық мониторингі",
            "Общественный мониторинг строительства детских садов и школ в Павлодарской области",
            "Public monitoring of kindergarten and school construction in Pavlodar region",
        ),
        description=registry.T(
            "Облысты дамыту жоспарындағы балабақшалар мен мектептің мерзімі, сапасы және "
            "қаржыландырылуы: жоспар мен нақты.",
            "Сроки, качество и финансирование детских садов и школы из плана развития "
            "области: план и факт.",
            "Deadlines, quality and financing of the kindergartens and the school of the "
            "regional development plan: plan against actual.",
        ),
        form=ControlForm.MONITORING,
        documents=(registry.REGIONAL_PLAN,),
        objects=(
            "demo-pavlodar-kindergarten-320",
            "demo-ekibastuz-kindergarten-280",
            "demo-aksu-school-3-repair",
        ),
        bodies=(registry.EDUCATION, registry.CONSTRUCTION),
        goals=(
            "Балабақшалар мен мектептің жоспарланған мерзімде және сапалы салынуын тексеру; "
            "анықталған мәселелерді білім беру және құрылыс басқармаларының назарына жеткізу."
        ),
        tasks=(
            "1. Үш нысанға бақылау парағымен бару.\n"
            "2. Жұмыс кестесі мен сметаны ақпарат сұрауымен алу.\n"
            "3. Ата-аналармен және мұғалімдермен сұхбат жүргізу."
        ),
        method=(
            "Ақпарат сұраулары, фотосуретпен және геобелгімен нысанға бару, бенефициарлармен "
            "сұхбат, көрсеткіштер мен бюджеттің жоспар мен нақтысын салыстыру."
        ),
        starts=-75,
        ends=45,
        planned=90,
        steps=((Status.IN_PROGRESS, 70, "Нысандарға алғашқы барулар басталды."),),
        published=68,
    ),
    Story(
        slug="demo-heat-and-water-networks-monitoring",
        title=registry.T(
            "Жылу және су желілерін жаңғырту: жоспар мен нақты",
            "Модернизация тепловых и водопроводных сетей: план и факт",
            "Renewal of heat and water networks: plan against actual",
        ),
        description=registry.T(
            "Павлодар, Ақсу және Екібастұз қалаларындағы жылу магистральдары мен су құбырын "
            "жөндеудің барысы мен сапасы.",
            "Ход и качество ремонта тепломагистралей и водовода в Павлодаре, Аксу и Экибастузе.",
            "Progress and quality of the repair of heat mains and a water main in Pavlodar, "
            "Aksu and Ekibastuz.",
        ),
        form=ControlForm.MONITORING,
        documents=(registry.REGIONAL_PLAN,),
        objects=(
            "demo-pavlodar-heat-main-2",
            "demo-aksu-heat-networks",
            "demo-ekibastuz-water-main",
        ),
        bodies=(registry.UTILITIES,),
        goals=(
            "Жылыту маусымына дейін желілердің жөнделуін және жұмсалған қаражаттың "
            "орындалған жұмысқа сәйкестігін тексеру."
        ),
        tasks=(
            "1. Жөнделген учаскелердің ұзындығын келісімшартпен салыстыру.\n"
            "2. Тұрғындардан жылу мен су берудегі үзілістер туралы сауалнама жинау.\n"
            "3. Мемлекеттік сатып алу деректерін талдау."
        ),
        method=(
            "Нысанға бару, тұрғындар сауалнамасы, мемлекеттік сатып алуды талдау (бір "
            "қатысушы, қысқа мерзімдер, бағаның өзгеруі)."
        ),
        starts=-150,
        ends=15,
        planned=160,
        steps=(
            (Status.IN_PROGRESS, 140, "Учаскелерге барулар мен сауалнама басталды."),
            (Status.ANALYSIS, 25, "Деректер жиналды; жоспар мен нақтыны салыстыру жүріп жатыр."),
        ),
        monitor_ties=(
            False,
            "Туысым жылу желілерін пайдаланатын кәсіпорында есепші болып жұмыс істейді; ол "
            "бақыланатын жөндеу жұмыстарына қатыспайды.",
        ),
        published=135,
    ),
    Story(
        slug="demo-polyclinic-report-hearing",
        title=registry.T(
            "Денсаулық сақтау басқармасының емхана құрылысы туралы есебін тыңдау",
            "Заслушивание отчёта управления здравоохранения о строительстве поликлиники",
            "Hearing of the health department's report on the polyclinic construction",
        ),
        description=registry.T(
            "Павлодардағы ауысымына 500 келуге арналған емхананың құрылысы туралы есепті "
            "қоғамдық кеңесте тыңдауға дайындық.",
            "Подготовка к заслушиванию на общественном совете отчёта о строительстве "
            "поликлиники на 500 посещений в смену в Павлодаре.",
            "Preparing a public council hearing of the report on the polyclinic for 500 "
            "visits per shift in Pavlodar.",
        ),
        form=ControlForm.REPORT_HEARING,
        documents=(),
        objects=("demo-pavlodar-polyclinic-500",),
        bodies=(registry.HEALTH,),
        goals="Құрылыстың кешігу себептерін және емхананың ашылу мерзімін анықтау.",
        tasks=(
            "1. Басқармадан есеп пен кестені сұрау.\n2. Тыңдауға тұрғындардың сұрақтарын жинау."
        ),
        method="Ақпарат сұраулары, тұрғындардың сұрақтарын жинау, қоғамдық кеңесте тыңдау.",
        starts=20,
        ends=80,
        planned=5,
        monitor_ties=None,
    ),
]


def demo_campaigns():
    return Campaign.private_objects.filter(slug__in=[story.slug for story in STORIES])


def load_demo_campaigns(*, today: date | None = None) -> dict:
    """Create the demo campaigns that do not exist yet; return what there is.

    Returns {"created": campaigns made by this run, "campaigns": demo campaigns in all,
    "published": of them published}. Needs the registry demo (`load_demo`)."""
    today = today or timezone.localdate()
    created = 0
    with transaction.atomic():
        existing = set(demo_campaigns().values_list("slug", flat=True))
        stories = [story for story in STORIES if story.slug not in existing]
        if stories:
            player = _Player(today=today)
            for story in stories:
                player.play(story)
                created += 1
    campaigns = demo_campaigns()
    return {
        "created": created,
        "campaigns": campaigns.count(),
        "published": campaigns.filter(is_published=True).count(),
    }


class _Player:
    def __init__(self, *, today: date) -> None:
        self.today = today
        found = User.objects.filter(email__in=[COORDINATOR, MONITOR])
        people = {user.email: user for user in found}
        missing = {COORDINATOR, MONITOR} - set(people)
        if missing:
            raise LookupError(f"Demo accounts missing: {sorted(missing)}. Run load_demo first.")
        self.coordinator, self.monitor = people[COORDINATOR], people[MONITOR]
        self.ngo = Organisation.objects.get(slug=registry.NGO_ADAL)

    def _day(self, days_ago: int) -> date:
        return self.today - timedelta(days=days_ago)

    def _moment(self, days_ago: int, hour: int = 10) -> datetime:
        return timezone.make_aware(datetime.combine(self._day(days_ago), time(hour)))

    def play(self, story: Story) -> Campaign:
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
            starts_on=self.today + timedelta(days=story.starts),
            ends_on=self.today + timedelta(days=story.ends),
        )
        Campaign.private_objects.filter(pk=campaign.pk).update(
            created_at=self._moment(story.planned)
        )
        campaign.status_changes.update(
            changed_on=self._day(story.planned), recorded_at=self._moment(story.planned)
        )
        coordinator = campaign.members.get(user=self.coordinator)
        monitor = services.member_add(campaign=campaign, user=self.monitor, actor=self.coordinator)
        campaign.members.update(added_at=self._moment(story.planned, hour=11))
        joined = story.planned - 1
        services.declaration_file(member=coordinator, has_conflict=False, ties=NO_TIES)
        if story.monitor_ties is not None:
            has_conflict, ties = story.monitor_ties
            services.declaration_file(member=monitor, has_conflict=has_conflict, ties=ties)
        for member in (coordinator, monitor):
            member.declarations.update(filed_at=self._moment(joined))
        for status, days_ago, note in story.steps:
            change = services.campaign_advance(
                campaign=campaign,
                actor=self.coordinator,
                changed_on=self._day(days_ago),
                note=note,
            )
            if change.status != status:
                raise ValueError(f"{story.slug}: the story reaches {change.status}, not {status}")
            CampaignStatusChange.private_objects.filter(pk=change.pk).update(
                recorded_at=self._moment(days_ago)
            )
        if story.published is not None:
            services.campaign_publish(campaign=campaign, actor=self.coordinator)
            Campaign.private_objects.filter(pk=campaign.pk).update(
                published_at=self._moment(story.published, hour=12)
            )
        return campaign
