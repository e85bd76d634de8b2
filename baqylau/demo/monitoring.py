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

from baqylau.accounts.models import User
from baqylau.core.calendar import WorkingCalendar
from baqylau.demo import files, registry
from baqylau.monitoring import accountability, checklists, services, visits
from baqylau.monitoring.models import AnswerDecision as Decision
from baqylau.monitoring.models import (
    AnswerState,
    Campaign,
    CampaignStatusChange,
    Checklist,
    ChecklistVersion,
    ControlForm,
    DecisionNotice,
    Evidence,
    FinalDocument,
    Finding,
    Recommendation,
    RecommendationAnswer,
    Status,
    Visit,
)
from baqylau.monitoring.models import FindingCategory as Category
from baqylau.monitoring.models import Severity as Sev
from baqylau.monitoring.models import Verification as Check
from baqylau.monitoring.xlsform import xlsform_parse
from baqylau.registry.models import Indicator, Organisation, PlanningDocument, ProjectObject

COORDINATOR = "coordinator@baqylau.local"
MONITOR = "monitor@baqylau.local"
OFFICER = "officer@baqylau.local"
# The body the demo officer answers for: its answers come through the platform.
OFFICER_BODY = registry.EDUCATION
NO_TIES = "Бақыланатын органдармен және мердігерлермен байланысым жоқ."
NO_TIES_RU = "Связей с контролируемыми органами и подрядчиками не имею."
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


@dataclass(frozen=True)
class InDays:
    """A date answer counted from the day of the visit."""

    days: int


HERE = "here"  # a location answer: where the monitor stood, near the object


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
    monitor_ties: tuple[bool, str] | None = (False, NO_TIES)
    coordinator_ties: str = NO_TIES
    published: int | None = None  # days before today, or None to keep it private
    checklists: tuple[ChecklistPlan, ...] = ()
    visits: tuple[VisitPlan, ...] = ()
    findings: tuple[FindingPlan, ...] = ()
    recommendations: tuple[RecommendationPlan, ...] = ()
    cycle: Cycle | None = None


def district(unit: str) -> str:
    return registry.akimat_slug(unit)


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


# -- The campaigns of the whole cycle -------------------------------------------------------------

ROAD_CHECKLIST = ChecklistPlan(
    title="Осмотр отремонтированного участка дороги",
    questions=(
        {
            "code": "surface_ok",
            "text": "Покрытие без трещин и выбоин?",
            "kind": "yes_no",
            "required": True,
        },
        {"code": "potholes", "text": "Выбоин на 100 м", "kind": "number", "unit": "шт."},
        {
            "code": "depth",
            "text": "Глубина самой глубокой выбоины",
            "kind": "number",
            "unit": "см",
        },
        {
            "code": "drainage",
            "text": "Водоотвод",
            "kind": "single_choice",
            "choices": [
                {"value": "works", "label": "работает"},
                {"value": "blocked", "label": "засорён"},
                {"value": "none", "label": "отсутствует"},
            ],
        },
        {"code": "signs", "text": "Знаки и разметка на месте?", "kind": "yes_no"},
        {"code": "photo", "text": "Фото участка", "kind": "photo"},
        {"code": "comment", "text": "Замечания", "kind": "text"},
    ),
)

ROADS = Story(
    slug="demo-district-roads-repair-quality",
    title=registry.T(
        "Аудандық маңызы бар жолдарды жөндеу сапасы және мердігерлердің кепілдік міндеттемелері",
        "Качество ремонта дорог районного значения и гарантийные обязательства подрядчиков",
        "Quality of district road repairs and the contractors' warranty obligations",
    ),
    description=registry.T(
        "Павлодардағы Ломов көшесі, Баянауыл және Шарбақты аудандарының жолдары: жөндеуден "
        "кейінгі жағдайы, мерзімдері және ақауларды кепілдік бойынша жою.",
        "Улица Ломова в Павлодаре, дороги Баянаульского и Шарбактинского районов: состояние "
        "после ремонта, сроки и устранение дефектов по гарантии.",
        "Lomov Street in Pavlodar and the district roads of Bayanaul and Sharbakty: their "
        "condition after repair, the deadlines and the repair of defects under warranty.",
    ),
    form=ControlForm.MONITORING,
    documents=(registry.REGIONAL_PLAN,),
    objects=(
        "demo-pavlodar-lomov-street",
        "demo-bayanaul-district-roads",
        "demo-sharbakty-district-roads",
    ),
    bodies=(registry.ROADS, district("bayanaul-district"), district("sharbakty-district")),
    goals=(
        "Проверить качество ремонта дорог, выполненного в 2024 году, и добиться устранения "
        "дефектов за счёт подрядчиков в пределах гарантийного срока."
    ),
    tasks=(
        "1. Осмотреть отремонтированные участки с фотофиксацией и замерами.\n"
        "2. Получить по информационным запросам договоры подряда, акты выполненных работ и "
        "заключения технического надзора.\n"
        "3. Сравнить отчётную долю дорог в хорошем и удовлетворительном состоянии с "
        "результатами осмотра.\n"
        "4. Направить рекомендации управлению автомобильных дорог и акиматам районов."
    ),
    method=(
        "Выезды на участки с чек-листом, фото с геометками, замеры выбоин и трещин, "
        "информационные запросы, сравнение плана и факта по индикатору 2.1.1 плана развития "
        "области."
    ),
    starts=-300,
    ends=-200,
    planned=310,
    steps=(
        (Status.IN_PROGRESS, 298, "Начаты выезды на отремонтированные участки."),
        (Status.ANALYSIS, END, "Выезды завершены; готовим итоговый документ."),
    ),
    monitor_ties=(
        True,
        "Мой дядя работает в отделе ЖКХ акимата Баянаульского района. В осмотре дорог "
        "Баянаульского района и в подготовке рекомендаций акимату района я не участвую.",
    ),
    coordinator_ties=NO_TIES_RU,
    published=296,
    checklists=(ROAD_CHECKLIST,),
    visits=(
        VisitPlan(
            object="demo-pavlodar-lomov-street",
            days_ago=236,
            by=MONITOR,
            participants="Ерлан Жақсылықов; двое жителей дома № 22 по ул. Ломова",
            checklist=0,
            answers={
                "surface_ok": "no",
                "potholes": 7,
                "depth": 9,
                "drainage": "blocked",
                "signs": "yes",
                "comment": "Сетка трещин у домов № 18–26, выбоины в правой полосе; у "
                "остановки «Ломова» после дождя стоит вода.",
            },
            photos=(
                Photo("lomov-cracks", "road", "ул. Ломова, Павлодар"),
                Photo("lomov-pothole", "road", "ул. Ломова: выбоина глубиной 9 см", minute=14),
            ),
        ),
        VisitPlan(
            object="demo-bayanaul-district-roads",
            days_ago=229,
            by=COORDINATOR,
            participants="Айгерім Сейітова; мастер участка подрядчика",
            checklist=0,
            answers={
                "surface_ok": "no",
                "potholes": 3,
                "depth": 5,
                "drainage": "none",
                "signs": "no",
                "comment": "Покрытие укладывали в холодную погоду: шелушение и выкрашивание на "
                "участке около 4 км; водоотводных лотков нет.",
            },
            photos=(Photo("bayanaul-road", "road", "Баянаульский район, 18 км"),),
            hour=13,
        ),
        VisitPlan(
            object="demo-sharbakty-district-roads",
            days_ago=222,
            by=MONITOR,
            participants="Ерлан Жақсылықов; завуч сельской школы",
            checklist=0,
            answers={
                "surface_ok": "yes",
                "potholes": 0,
                "depth": 0,
                "drainage": "works",
                "signs": "no",
                "comment": "Покрытие в хорошем состоянии, но у школы нет тротуара и пешеходного "
                "перехода: дети идут по обочине.",
            },
            photos=(Photo("sharbakty-school-road", "road", "Шарбакты, дорога у школы"),),
            hour=8,
        ),
    ),
    findings=(
        FindingPlan(
            key="lomov",
            title="Трещины и выбоины на улице Ломова через полтора года после капитального ремонта",
            category=Category.QUALITY,
            severity=Sev.HIGH,
            description=(
                "На участке около 1,2 км зафиксированы сетка трещин и до 7 выбоин на 100 м "
                "глубиной до 9 см; у остановки «Ломова» не работает водоотвод. Ремонт принят в "
                "октябре 2024 года, гарантийный срок не истёк, но подрядчик ТОО «Ертіс Жол "
                "Сервис» к устранению дефектов не приступил."
            ),
            norm="Договор подряда, раздел «Гарантийные обязательства» (гарантия на покрытие — "
            "3 года).",
            object="demo-pavlodar-lomov-street",
            evidence=("lomov-cracks", "lomov-pothole"),
            by=MONITOR,
        ),
        FindingPlan(
            key="bayanaul",
            title="Ремонт дорог Баянаульского района сдан на 20 дней позже срока, неустойка не "
            "начислена",
            category=Category.DELAY,
            severity=Sev.MEDIUM,
            description=(
                "По плану работы должны были завершиться 31 октября 2024 года, акт приёмки "
                "подписан 20 ноября 2024 года; асфальт укладывали при минусовой температуре, "
                "сейчас покрытие шелушится. По ответу на информационный запрос неустойка "
                "подрядчику не начислялась."
            ),
            norm="Договор подряда, раздел «Ответственность сторон» (неустойка за просрочку).",
            object="demo-bayanaul-district-roads",
            evidence=("bayanaul-road",),
        ),
        FindingPlan(
            key="indicator",
            title="Доля дорог в хорошем и удовлетворительном состоянии за 2024 год завышена",
            category=Category.TRANSPARENCY,
            severity=Sev.MEDIUM,
            description=(
                "По отчёту управления доля составила 86,0 %. Мы осмотрели 47 км из 51 км "
                "дорог, отремонтированных в 2022–2024 годах в трёх районах: на 8,6 км "
                "покрытие в неудовлетворительном состоянии. Пересчёт с учётом осмотра даёт "
                "около 81,5 %."
            ),
            indicator="2.1.1",
            year=2024,
            monitor_value="81.5",
            evidence=("lomov-pothole", "bayanaul-road"),
        ),
        FindingPlan(
            key="sharbakty",
            title="У сельской школы в Шарбакты нет тротуара и пешеходного перехода",
            category=Category.ACCESS,
            severity=Sev.LOW,
            description=(
                "После ремонта дороги у школы не обустроены тротуар, освещение и пешеходный "
                "переход; утром дети идут в школу по обочине."
            ),
            object="demo-sharbakty-district-roads",
            evidence=("sharbakty-school-road",),
            by=MONITOR,
        ),
        FindingPlan(
            key="report",
            title="Отчёт о реализации плана не раскрывает ремонт дорог по районам и участкам",
            category=Category.TRANSPARENCY,
            severity=Sev.LOW,
            description=(
                "В отчёте о реализации плана развития области приводится только общая доля "
                "дорог в хорошем состоянии; протяжённость и стоимость ремонта по районам и "
                "участкам не раскрываются, и без информационных запросов проверить показатель "
                "нельзя."
            ),
            document=registry.REGIONAL_PLAN,
        ),
    ),
    recommendations=(
        RecommendationPlan(
            body=registry.ROADS,
            text=(
                "Предъявить подрядчику требование об устранении дефектов покрытия улицы Ломова "
                "по гарантии и принять работы с участием общественных мониторов."
            ),
            findings=("lomov",),
            answer=AnswerPlan(
                Decision.ACCEPTED,
                "Управление направило ТОО «Ертіс Жол Сервис» претензию об устранении дефектов в "
                "рамках гарантийных обязательств. Обследование участка проведено совместно с "
                "техническим надзором, дефекты подтверждены.",
                after=8,
                measures=(
                    ("Гарантийный ремонт покрытия на участке 1,2 км силами подрядчика", 45),
                    ("Комиссионная приёмка ремонта с участием общественных мониторов", 60),
                ),
            ),
            check=CheckPlan(
                Check.DONE,
                "Повторный осмотр: выбоины заделаны картами, трещины залиты на всём участке, "
                "водоотвод у остановки прочищен. Мы участвовали в приёмке.",
                after=75,
            ),
        ),
        RecommendationPlan(
            body=district("bayanaul-district"),
            text=(
                "Начислить подрядчику неустойку за просрочку и проверить лабораторно качество "
                "покрытия, уложенного в ноябре 2024 года."
            ),
            findings=("bayanaul",),
            answer=AnswerPlan(
                Decision.PARTLY,
                "Качество покрытия будет проверено лабораторией в пределах гарантийного срока. "
                "Неустойка не начисляется: срок продлён дополнительным соглашением из-за "
                "дополнительных работ по водопропускным трубам.",
                after=9,
                measures=(("Отбор кернов и лабораторные испытания покрытия на трёх участках", 40),),
            ),
            check=CheckPlan(
                Check.PARTLY_DONE,
                "Керны отобраны только на одном участке из трёх; результаты испытаний акимат "
                "не опубликовал и по запросу не предоставил.",
                after=60,
                by=COORDINATOR,
            ),
        ),
        RecommendationPlan(
            body=district("sharbakty-district"),
            text=(
                "Обустроить тротуар, освещение и пешеходный переход у сельской школы в "
                "с. Шарбакты до начала учебного года."
            ),
            findings=("sharbakty",),
            notice=Notice(
                after=6,
                decides_after=7,
                note="Рекомендация будет рассмотрена на совещании у акима района с участием "
                "представителей фонда «Адал қоғам».",
            ),
            answer=AnswerPlan(
                Decision.ACCEPTED,
                "Вопрос рассмотрен на совещании у акима района. Устройство тротуара и освещения "
                "включено в план текущего ремонта, пешеходный переход будет обустроен со "
                "светофором Т.7.",
                after=13,
                measures=(
                    ("Устройство тротуара длиной 350 м от школы до остановки", 60),
                    ("Освещение и пешеходный переход со светофором Т.7", 75),
                ),
            ),
            check=CheckPlan(
                Check.NOT_DONE,
                "К началу учебного года тротуар не построен, на переходе нанесена только "
                "разметка, освещения нет.",
                after=85,
            ),
        ),
        RecommendationPlan(
            body=registry.ROADS,
            text=(
                "Публиковать на сайте управления акты выполненных работ, заключения технического "
                "надзора и ежегодные данные о состоянии дорог по районам и участкам."
            ),
            findings=("indicator", "report"),
            answer=AnswerPlan(
                Decision.REJECTED,
                "Акты выполненных работ содержат цены подрядчиков и предоставляются по "
                "информационным запросам. Состояние дорог публикуется в отчёте о реализации "
                "плана развития области; публикация по участкам не предусмотрена.",
                after=7,
            ),
        ),
    ),
    cycle=Cycle(
        language="ru",
        place="г. Павлодар, Баянаульский и Шарбактинский районы Павлодарской области",
        subjects=(
            "Управление пассажирского транспорта и автомобильных дорог Павлодарской области: "
            "на информационные запросы ответило в срок, предоставило договоры и акты "
            "выполненных работ.\n"
            "Акимат Баянаульского района: ответил на запрос с опозданием, заключения "
            "технического надзора не предоставил.\n"
            "Акимат Шарбактинского района: предоставил запрошенные сведения в срок."
        ),
        documents_obtained=(
            "Договоры подряда на ремонт улицы Ломова и дорог районного значения Баянаульского и "
            "Шарбактинского районов; акты выполненных работ; отчёт о реализации плана развития "
            "области за 2024 год (цель 2.1)."
        ),
        conclusions=(
            "Ремонт выполнен с дефектами, которые подрядчики обязаны устранить по гарантии. "
            "Отчётная доля дорог в хорошем и удовлетворительном состоянии за 2024 год, по нашей "
            "оценке, завышена примерно на 4,5 процентного пункта."
        ),
        sent_after=5,
        closed=(
            95,
            "Итоги мониторинга обсуждены на заседании общественного совета Павлодарской "
            "области; мониторинг завершён.",
        ),
    ),
)

WATER_CHECKLIST = ChecklistPlan(
    title="Ауылдағы су құбырын тексеру",
    questions=(
        {
            "code": "water_flows",
            "text": "Үйлерде немесе колонкаларда су бар ма?",
            "kind": "yes_no",
            "required": True,
        },
        {
            "code": "hours",
            "text": "Тәулігіне неше сағат су беріледі?",
            "kind": "number",
            "unit": "сағ",
        },
        {
            "code": "connected",
            "text": "Су құбырына қосылған үйлер",
            "kind": "number",
            "unit": "үй",
        },
        {
            "code": "quality",
            "text": "Судың түсі мен иісі",
            "kind": "single_choice",
            "choices": [
                {"value": "clear", "label": "мөлдір, иіссіз"},
                {"value": "turbid", "label": "лайлы"},
                {"value": "smell", "label": "иісі бар"},
            ],
        },
        {
            "code": "problems",
            "text": "Тұрғындар атаған мәселелер",
            "kind": "multiple_choice",
            "choices": [
                {"value": "price", "label": "үйге кіргізу қымбат"},
                {"value": "schedule", "label": "су кесте бойынша беріледі"},
                {"value": "pressure", "label": "қысым әлсіз"},
                {"value": "none", "label": "мәселе жоқ"},
            ],
        },
        {"code": "comment", "text": "Ескертпелер", "kind": "text"},
    ),
)

UTILITIES_LETTER = Scan(
    key="utilities-letter",
    name="zhauap-khat-tkhsh-baskarmasy.pdf",
    heading="Павлодар облысының энергетика және ТКШ басқармасы",
    lines=(
        "«Адал қоғам» қоғамдық қорына",
        "",
        "Қорытынды құжаттағы № 1 ұсынымға жауап",
        "",
        "Басқарма мердігер «Ақсу Су Құрылыс» ЖШС-ға сорғы станциясын іске қосу және үш ауылға "
        "су беруді бастау туралы талап жіберді. Жұмыс кестесі қоса беріліп отыр.",
        "",
        "2.1.4 көрсеткішін есептеу әдістемесіне су берудің нақты басталуы туралы талап енгізіледі.",
        "",
        "Басқарма басшысы                                  (қолы)",
    ),
)

WATER = Story(
    slug="demo-rural-water-supply-monitoring",
    title=registry.T(
        "Ауылдарды орталықтандырылған ауыз сумен қамту: жоспар мен нақты",
        "Обеспечение сёл централизованным питьевым водоснабжением: план и факт",
        "Centralised drinking water for villages: plan against actual",
    ),
    description=registry.T(
        "Ертіс, Тереңкөл және Павлодар аудандарындағы ауылдарды су құбырына қосу: құрылыс "
        "мерзімі, судың сапасы және тұрғындардың қосылуы.",
        "Подключение сёл Иртышского, Теренкольского и Павлодарского районов к водопроводу: "
        "сроки строительства, качество воды и подключение домов.",
        "Connecting villages of Irtysh, Terenkol and Pavlodar districts to water mains: "
        "construction deadlines, water quality and household connections.",
    ),
    form=ControlForm.MONITORING,
    documents=(registry.REGIONAL_PLAN,),
    objects=(
        "demo-irtysh-group-water-main",
        "demo-terenkol-village-water",
        "demo-pavlodar-district-village-water",
    ),
    bodies=(
        registry.UTILITIES,
        district("irtysh-district"),
        district("terenkol-district"),
        district("pavlodar-district"),
    ),
    goals=(
        "Ауылдарды сумен жабдықтау нысандарының мерзімінде салынуын және тұрғындардың іс "
        "жүзінде таза суға қол жеткізуін тексеру; есептік көрсеткішті нақты жағдаймен "
        "салыстыру."
    ),
    tasks=(
        "1. Үш ауданның ауылдарына барып, су құбырының жұмысын тексеру.\n"
        "2. Тұрғындар арасында сауалнама жүргізу: су беру кестесі, судың сапасы, қосылу құны.\n"
        "3. Орталықтандырылған сумен жабдықталған ауылдар көрсеткішін (2.1.4) жергілікті "
        "деректермен салыстыру.\n"
        "4. Жауапты органдарға ұсынымдар жіберу."
    ),
    method=(
        "Бақылау парағымен нысанға бару, геобелгісі бар фотосуреттер, тұрғындар сауалнамасы, "
        "ақпарат сұраулары, жоспар мен нақтыны салыстыру."
    ),
    starts=-165,
    ends=-80,
    planned=175,
    steps=(
        (Status.IN_PROGRESS, 163, "Ауылдарға алғашқы барулар басталды."),
        (Status.ANALYSIS, END, "Сауалнама аяқталды; қорытынды құжатты дайындап жатырмыз."),
    ),
    published=160,
    checklists=(WATER_CHECKLIST,),
    visits=(
        VisitPlan(
            object="demo-irtysh-group-water-main",
            days_ago=125,
            by=MONITOR,
            participants="Ерлан Жақсылықов; ауылдық округ әкімінің орынбасары",
            checklist=0,
            answers={
                "water_flows": "no",
                "hours": 0,
                "connected": 0,
                "problems": ["schedule"],
                "comment": "Құбыр ауылға дейін тартылған, бірақ сорғы станциясы іске "
                "қосылмаған. Тұрғындар тасымалданатын суды бір текше метріне 2 500 теңгеден "
                "сатып алады.",
            },
            photos=(
                Photo("irtysh-pipe", "water", "Ертіс ауданы: топтық су құбыры"),
                Photo("irtysh-standpipe", "water", "Колонкада су жоқ", minute=22),
            ),
        ),
        VisitPlan(
            object="demo-terenkol-village-water",
            days_ago=117,
            by=COORDINATOR,
            participants="Айгерім Сейітова; ауыл тұрғындары",
            checklist=0,
            answers={
                "water_flows": "yes",
                "hours": 24,
                "connected": 186,
                "quality": "clear",
                "problems": ["price"],
                "comment": "Магистральдық желі жұмыс істейді; 40-қа жуық отбасы үйге су "
                "кіргізу қымбат болғандықтан қосылмаған.",
            },
            photos=(Photo("terenkol-standpipe", "water", "Тереңкөл ауданы: су колонкасы"),),
        ),
        VisitPlan(
            object="demo-pavlodar-district-village-water",
            days_ago=110,
            by=MONITOR,
            participants="Ерлан Жақсылықов",
            checklist=0,
            answers={
                "water_flows": "yes",
                "hours": 6,
                "connected": 94,
                "quality": "turbid",
                "problems": ["schedule", "pressure"],
                "comment": "Су таңертең және кешке үш сағаттан беріледі; ыдысқа құйғанда лайлы.",
            },
            photos=(Photo("pavlodar-district-tap", "water", "Павлодар ауданы: су лайлы"),),
            scans=(
                Scan(
                    key="survey-results",
                    name="sauannama-natizheleri.pdf",
                    heading="Тұрғындар сауалнамасының қорытындысы",
                    lines=(
                        "Павлодар ауданының төрт ауылы, 112 үй шаруашылығы",
                        "",
                        "Су тәулік бойы беріледі — 9 %",
                        "Су кесте бойынша беріледі — 78 %",
                        "Су мүлде жоқ — 13 %",
                        "Су лайлы немесе иісі бар — 41 %",
                        "Қосылу құны 150 мың теңгеден асады — 64 %",
                        "",
                        "Сауалнаманы «Адал қоғам» мониторлары жүргізді.",
                    ),
                ),
            ),
            hour=17,
        ),
    ),
    findings=(
        FindingPlan(
            key="irtysh",
            title="Ертіс ауданының үш ауылы топтық су құбырына әлі қосылмаған",
            category=Category.DELAY,
            severity=Sev.HIGH,
            description=(
                "Жоспар бойынша жұмыс 2025 жылғы 30 қарашада аяқталуы тиіс еді. Құбыр "
                "ауылдарға дейін тартылған, бірақ сорғы станциясы іске қосылмаған; тұрғындар "
                "тасымалданатын суды сатып алады."
            ),
            norm="Облысты дамыту жоспарының 2.1-мақсаты; мердігерлік шарттың жұмыс кестесі.",
            object="demo-irtysh-group-water-main",
            evidence=("irtysh-pipe", "irtysh-standpipe"),
            by=MONITOR,
        ),
        FindingPlan(
            key="pavlodar-district",
            title="Павлодар ауданының ауылдарында су тәулігіне алты сағат қана беріледі және лайлы",
            category=Category.QUALITY,
            severity=Sev.MEDIUM,
            description=(
                "Сауалнамаға қатысқан үй шаруашылықтарының 78 %-ына су кесте бойынша беріледі, "
                "41 %-ы судың лайлы екенін айтты. Судың сапасы туралы зертхана қорытындысы "
                "жарияланбаған."
            ),
            object="demo-pavlodar-district-village-water",
            evidence=("pavlodar-district-tap", "survey-results"),
            by=MONITOR,
        ),
        FindingPlan(
            key="terenkol",
            title="Үйді су құбырына қосу тұрғындар үшін тым қымбат",
            category=Category.ACCESS,
            severity=Sev.MEDIUM,
            description=(
                "Тереңкөл ауданында магистральдық желі салынғанымен, үйге су кіргізу құны "
                "180–250 мың теңге; 40-қа жуық отбасы әлі қосылмаған."
            ),
            object="demo-terenkol-village-water",
            evidence=("terenkol-standpipe",),
        ),
        FindingPlan(
            key="tender",
            title="Топтық су құбырының мердігері жалғыз қатысушы болған конкурста таңдалған",
            category=Category.CORRUPTION_RISK,
            severity=Sev.MEDIUM,
            description=(
                "Мемлекеттік сатып алу порталындағы деректер бойынша конкурсқа бір ғана өтінім "
                "берілген, өтінім қабылдау мерзімі 10 күн болған; шарт бағасы бөлінген соманың "
                "99,8 %-ын құрайды. Кейін шарт құны қосымша келісіммен ұлғайтылған."
            ),
            norm="«Мемлекеттік сатып алу туралы» Заң: бәсекелестік және ашықтық қағидаттары.",
            object="demo-irtysh-group-water-main",
        ),
        FindingPlan(
            key="indicator",
            title="Орталықтандырылған сумен жабдықталған ауылдар саны есепте асыра көрсетілген",
            category=Category.TRANSPARENCY,
            severity=Sev.MEDIUM,
            description=(
                "2024 жылғы есепте 234 ауыл көрсетілген. Біз тексерген бес ауылда құбыр "
                "салынғанымен, су берілмейді немесе тек колонкаларға кесте бойынша беріледі; "
                "оларды есептен шығарсақ, 229 ауыл болады."
            ),
            indicator="2.1.4",
            year=2024,
            monitor_value="229",
            evidence=("irtysh-standpipe",),
        ),
    ),
    recommendations=(
        RecommendationPlan(
            body=registry.UTILITIES,
            text=(
                "Ертіс ауданының үш ауылын топтық су құбырына қосуды аяқтау мерзімін белгілеп, "
                "жариялау және 2.1.4 көрсеткішін су іс жүзінде берілетін ауылдар бойынша ғана "
                "есептеу."
            ),
            findings=("irtysh", "indicator"),
            answer=AnswerPlan(
                Decision.ACCEPTED,
                "Басқарма мердігерге сорғы станциясын іске қосу туралы талап қойды. "
                "Көрсеткішті есептеу әдістемесі келесі есептен бастап нақтыланады.",
                after=7,
                measures=(
                    ("Сорғы станциясын іске қосу және үш ауылға су беруді бастау", 120),
                    (
                        "2.1.4 көрсеткішінің әдістемесіне су берудің нақты басталуы туралы "
                        "талапты енгізу",
                        60,
                    ),
                ),
                file=UTILITIES_LETTER,
            ),
        ),
        RecommendationPlan(
            body=district("irtysh-district"),
            text=(
                "Су құбыры іске қосылғанға дейін үш ауылдың тұрғындарына ауыз суды тегін "
                "тасымалдауды ұйымдастыру."
            ),
            findings=("irtysh",),
            notice=Notice(
                after=8,
                decides_after=6,
                note="Ұсыным аудан әкімі жанындағы кеңесте қаралады; қор өкілдері шақырылады.",
            ),
            answer=AnswerPlan(
                Decision.PARTLY,
                "Ауыз суды тегін жеткізуге қаражат тек әлеуметтік осал отбасылар үшін бөлінді; "
                "қалған тұрғындар үшін тасымалдау бағасы бір текше метріне 1 200 теңгеге дейін "
                "төмендетілді.",
                after=14,
                measures=(("Әлеуметтік осал отбасыларға ауыз суды тегін жеткізу", 14),),
            ),
        ),
        RecommendationPlan(
            body=district("terenkol-district"),
            text=(
                "Аз қамтылған отбасылардың үйге су кіргізу шығынын өтеуді аудандық бюджетте "
                "қарастыру."
            ),
            findings=("terenkol",),
            answer=AnswerPlan(
                Decision.REJECTED,
                "Үйге су кіргізу тұрғындардың өз қаражаты есебінен жүргізіледі; аудандық "
                "бюджетте мұндай шығыстар көзделмеген. Мердігермен бөліп төлеу мүмкіндігі "
                "туралы келіссөз жүргізу ұсынылды.",
                after=9,
            ),
        ),
        RecommendationPlan(
            body=district("pavlodar-district"),
            text=(
                "Су беру кестесін ауыл тұрғындарына жариялау және судың сапасын зертханада "
                "тексеріп, қорытындысын жариялау."
            ),
            findings=("pavlodar-district",),
            answer=AnswerPlan(
                Decision.ACCEPTED,
                "Су беру кестесі ауылдық округтерде жарияланады, судың сапасы санитариялық-"
                "эпидемиологиялық зертханада тексеріледі.",
                after=6,
                measures=(
                    (
                        "Су беру кестесін хабарландыру тақталарында және әлеуметтік желілерде "
                        "жариялау",
                        10,
                    ),
                    ("Судың сапасын зертханада тексеріп, қорытындысын жариялау", 30),
                ),
            ),
            check=CheckPlan(
                Check.DONE,
                "Кесте төрт ауылда ілінген; зертхана қорытындысы аудан әкімдігінің сайтында "
                "жарияланды, су нормаға сәйкес.",
                after=35,
            ),
        ),
    ),
    cycle=Cycle(
        language="kk",
        place="Павлодар облысы, Ертіс, Тереңкөл және Павлодар аудандары",
        subjects=(
            "Павлодар облысының энергетика және тұрғын үй-коммуналдық шаруашылық басқармасы: "
            "ақпарат сұрауына толық жауап берді.\n"
            "Ертіс ауданының әкімдігі: жауапты кешіктіріп берді.\n"
            "Тереңкөл және Павлодар аудандарының әкімдіктері: сұралған ақпаратты уақытында "
            "берді."
        ),
        documents_obtained=(
            "Мердігерлік шарттар және олардың жұмыс кестелері; 2024 жылы орталықтандырылған "
            "сумен жабдықталған ауылдардың тізбесі; тұрғындар сауалнамасының қорытындысы."
        ),
        conclusions=(
            "Үш ауданда су құбырлары салынғанымен, тұрғындардың бір бөлігі суды тұрақты "
            "алмайды. 2.1.4 көрсеткіші құбырдың салынуы бойынша есептеледі, судың іс жүзінде "
            "берілуі ескерілмейді."
        ),
        sent_after=4,
    ),
)


SURVEY_HEADER = ("type", "name", "label::Russian (ru)", "label::Kazakh (kk)", "required", "hint")
CHOICES_HEADER = ("list_name", "name", "label::Russian (ru)", "label::Kazakh (kk)")

SCHOOL_XLSFORM = (
    (
        SURVEY_HEADER,
        ("start", "start", "", "", "", ""),
        ("end", "end", "", "", "", ""),
        ("deviceid", "deviceid", "", "", "", ""),
        (
            "note",
            "intro",
            "Заполняйте анкету на месте, у информационного щита.",
            "Сауалнаманы нысанда, ақпараттық тақтаның жанында толтырыңыз.",
            "",
            "",
        ),
        ("begin_group", "site", "Стройплощадка", "Құрылыс алаңы", "", ""),
        (
            "select_one yes_no",
            "works",
            "Ведутся ли работы на площадке?",
            "Алаңда жұмыс жүріп жатыр ма?",
            "yes",
            "",
        ),
        (
            "integer",
            "workers",
            "Сколько рабочих на площадке?",
            "Алаңда неше жұмысшы бар?",
            "",
            "Единица: чел.",
        ),
        (
            "decimal",
            "readiness",
            "Строительная готовность по информационному щиту",
            "Ақпараттық тақта бойынша құрылыстың дайындығы",
            "",
            "Unit: %",
        ),
        ("select_one stage", "stage", "Этап строительства", "Құрылыс кезеңі", "yes", ""),
        ("select_multiple defects", "defects", "Замечания", "Ескертпелер", "", ""),
        (
            "date",
            "opening",
            "Срок открытия по информационному щиту",
            "Ақпараттық тақта бойынша ашылу мерзімі",
            "",
            "",
        ),
        ("end_group", "", "", "", "", ""),
        ("image", "facade", "Фото фасада", "Қасбеттің фотосы", "", ""),
        ("geopoint", "where", "Место съёмки", "Түсірілген орны", "", ""),
        ("text", "comment", "Комментарий монитора", "Монитордың түсініктемесі", "", ""),
    ),
    (
        CHOICES_HEADER,
        ("yes_no", "yes", "Да", "Иә"),
        ("yes_no", "no", "Нет", "Жоқ"),
        ("stage", "frame", "каркас", "қаңқа"),
        ("stage", "roof", "кровля", "шатыр"),
        ("stage", "finishing", "отделка", "әрлеу жұмыстары"),
        ("stage", "landscaping", "благоустройство", "аумақты абаттандыру"),
        ("defects", "cracks", "трещины в стенах", "қабырғадағы жарықтар"),
        ("defects", "leaks", "протечки кровли", "шатырдың ағуы"),
        ("defects", "fence", "нет ограждения", "қоршау жоқ"),
        ("defects", "board", "нет информационного щита", "ақпараттық тақта жоқ"),
        ("defects", "none", "замечаний нет", "ескертпе жоқ"),
    ),
)

NEW_SCHOOLS = Story(
    slug="demo-comfortable-school-construction",
    title=registry.T(
        "«Жайлы мектеп» ұлттық жобасы: Павлодар облысындағы жаңа мектептердің құрылысы",
        "Национальный проект «Комфортная школа»: строительство новых школ в Павлодарской области",
        "The 'Comfortable School' national project: new schools being built in Pavlodar region",
    ),
    description=registry.T(
        "Павлодардағы 1200 орындық, Железинкадағы 300 орындық және Екібастұздағы 600 орындық "
        "мектептер: құрылыстың барысы мен сапасы, ашылу мерзімі.",
        "Школы на 1200 мест в Павлодаре, на 300 мест в Железинке и на 600 мест в Экибастузе: "
        "ход и качество строительства, сроки открытия.",
        "Schools for 1,200 pupils in Pavlodar, 300 in Zhelezinka and 600 in Ekibastuz: "
        "progress and quality of the works, and when they open.",
    ),
    form=ControlForm.MONITORING,
    documents=(registry.COMFORTABLE_SCHOOL,),
    objects=(
        "demo-pavlodar-school-1200",
        "demo-zhelezinka-school-300",
        "demo-ekibastuz-school-600",
    ),
    bodies=(registry.CONSTRUCTION, registry.EDUCATION),
    goals=(
        "Выяснить, почему школы национального проекта не открылись к 1 сентября 2025 года, "
        "проверить качество строительства и готовность школ к приёму учеников."
    ),
    tasks=(
        "1. Выезды на три школы с анкетой KoboToolbox.\n"
        "2. Интервью с родителями и учителями о подвозе и переполненности действующих школ.\n"
        "3. Запросы о дополнительных соглашениях к договорам и неустойках.\n"
        "4. Сравнение сроков и стоимости по договорам с фактом."
    ),
    method=(
        "Выездной мониторинг с анкетой, импортированной из KoboToolbox (XLSForm), фото с "
        "геометками, интервью, анализ договоров и государственных закупок."
    ),
    starts=-100,
    ends=45,
    planned=110,
    steps=((Status.IN_PROGRESS, 98, "Первый выезд на стройплощадку в Павлодаре."),),
    monitor_ties=(False, NO_TIES_RU),
    coordinator_ties=NO_TIES_RU,
    published=96,
    checklists=(
        ChecklistPlan(title="Выезд на стройку школы (KoboToolbox)", xlsform=SCHOOL_XLSFORM),
    ),
    visits=(
        VisitPlan(
            object="demo-pavlodar-school-1200",
            days_ago=88,
            by=COORDINATOR,
            participants="Айгерім Сейітова, Ерлан Жақсылықов",
            checklist=0,
            answers={
                "works": "yes",
                "workers": 46,
                "readiness": "72,5",
                "stage": "roof",
                "defects": ["fence"],
                "opening": InDays(270),
                "where": HERE,
                "comment": "На щите новый срок открытия; идёт монтаж кровли, со стороны "
                "ул. Ломова в ограждении проём.",
            },
            photos=(Photo("school-1200", "site", "Школа на 1200 мест, ул. Ломова, 198"),),
        ),
        VisitPlan(
            object="demo-zhelezinka-school-300",
            days_ago=52,
            by=MONITOR,
            participants="Ерлан Жақсылықов; двое родителей учеников",
            checklist=0,
            answers={
                "works": "no",
                "workers": 0,
                "readiness": 85,
                "stage": "finishing",
                "defects": ["cracks", "leaks"],
                "opening": InDays(120),
                "where": HERE,
                "comment": "Работы не ведутся; в спортзале следы протечек на потолке, у входа "
                "трещина в стене.",
            },
            photos=(
                Photo("zhelezinka-gym", "building", "Железинка: школа на 300 мест"),
                # Taken at the bus station, where the school bus timetable hangs.
                Photo("zhelezinka-bus", "building", "Автостанция: расписание подвоза", False, 48),
            ),
            scans=(
                Scan(
                    key="zhelezinka-act",
                    name="akt-osmotra-sportzala.pdf",
                    heading="Акт общественного осмотра",
                    lines=(
                        "Объект: школа на 300 мест, с. Железинка",
                        "",
                        "1. Работы на объекте не ведутся, рабочих нет.",
                        "2. В спортивном зале следы протечек кровли на потолке (около 12 м²).",
                        "3. У главного входа вертикальная трещина в стене длиной около 1,5 м.",
                        "4. Информационный щит есть; готовность по щиту — 85 %.",
                        "",
                        "Осмотр провёл монитор ОФ «Адал қоғам» Е. Жақсылықов.",
                        "Присутствовали: двое родителей учеников.",
                    ),
                ),
            ),
            hour=10,
        ),
        VisitPlan(
            object="demo-ekibastuz-school-600",
            days_ago=19,
            by=COORDINATOR,
            participants="Айгерім Сейітова; заместитель директора школы",
            checklist=0,
            answers={
                "works": "yes",
                "workers": 6,
                "readiness": 100,
                "stage": "landscaping",
                "defects": ["none"],
                "where": HERE,
                "comment": "Школа работает с сентября 2025 года; подрядчик заканчивает "
                "благоустройство стадиона.",
            },
            photos=(Photo("ekibastuz-school", "building", "Экибастуз: школа на 600 мест"),),
            hour=15,
        ),
    ),
    findings=(
        FindingPlan(
            key="pavlodar",
            title="Школа на 1200 мест в Павлодаре не открыта: срок сдвинут почти на год",
            category=Category.DELAY,
            severity=Sev.CRITICAL,
            description=(
                "По договору школа должна была быть сдана 25 августа 2025 года. На момент "
                "выезда готовность по информационному щиту — 72,5 %, идёт монтаж кровли. "
                "Ученики микрорайона продолжают учиться в три смены в соседних школах."
            ),
            norm="Договор подряда, календарный график работ; паспорт национального проекта "
            "«Комфортная школа».",
            object="demo-pavlodar-school-1200",
            evidence=("school-1200",),
        ),
        FindingPlan(
            key="zhelezinka",
            title="Протечки кровли и трещина в стене школы в Железинке ещё до её сдачи",
            category=Category.QUALITY,
            severity=Sev.HIGH,
            description=(
                "В спортивном зале следы протечек кровли на площади около 12 м², у главного "
                "входа трещина в стене длиной около 1,5 м. Работы на объекте остановлены."
            ),
            object="demo-zhelezinka-school-300",
            evidence=("zhelezinka-gym", "zhelezinka-act"),
            by=MONITOR,
        ),
        FindingPlan(
            key="zhelezinka-cost",
            title="Стоимость школы в Железинке выросла дополнительными соглашениями",
            category=Category.COST,
            severity=Sev.MEDIUM,
            description=(
                "По данным портала государственных закупок, два дополнительных соглашения "
                "увеличили цену договора подряда примерно на 18 %, а срок сдачи перенесён; "
                "обоснования изменений в открытом доступе нет."
            ),
            object="demo-zhelezinka-school-300",
        ),
    ),
    recommendations=(
        RecommendationPlan(
            body=registry.CONSTRUCTION,
            text=(
                "Обязать подрядчика устранить протечки кровли и трещины до ввода школы в "
                "Железинке в эксплуатацию и опубликовать новый график работ по школе на 1200 "
                "мест в Павлодаре."
            ),
            findings=("pavlodar", "zhelezinka"),
        ),
    ),
)

EMERGENCY_SCHOOLS = Story(
    slug="demo-schools-in-emergency-condition",
    title=registry.T(
        "Апатты жағдайдағы мектептер: Аққулыдағы реконструкция және Павлодар ауданындағы "
        "спорт залы",
        "Школы в аварийном состоянии: реконструкция в Аккулы и спортзал в Павлодарском районе",
        "Schools in emergency condition: a reconstruction in Akkuly and a gym in Pavlodar District",
    ),
    description=registry.T(
        "Аққулы ауылындағы № 1 мектепті реконструкциялаудың тоқтап қалуы, Павлодар ауданындағы "
        "мектепке спорт залын жапсарлас салу және апатты мектептер көрсеткіші.",
        "Остановленная реконструкция школы № 1 в с. Аккулы, пристройка спортзала к сельской "
        "школе Павлодарского района и показатель аварийных школ.",
        "The stalled reconstruction of school No. 1 in Akkuly, a gym added to a village school "
        "in Pavlodar District, and the indicator of schools in emergency condition.",
    ),
    form=ControlForm.MONITORING,
    documents=(registry.REGIONAL_PLAN,),
    objects=("demo-akkuly-school-1", "demo-pavlodar-district-school-gym"),
    bodies=(registry.EDUCATION, district("akkuly-district")),
    goals=(
        "Апатты мектептерді жою жөніндегі міндеттемелердің орындалуын тексеру және Аққулы "
        "мектебінің оқушылары қандай жағдайда оқып жатқанын анықтау."
    ),
    tasks=(
        "1. Екі мектепке бару.\n"
        "2. Ата-аналармен және мұғалімдермен кездесу.\n"
        "3. 1.1.3 көрсеткішінің 2025 жылғы мәнін тексеру.\n"
        "4. Білім беру басқармасы мен аудан әкімдігіне ұсынымдар жіберу."
    ),
    method=(
        "Нысанға бару, ата-аналар жиналысындағы сұхбат, ақпарат сұраулары, жоспар мен "
        "нақтыны салыстыру."
    ),
    starts=-140,
    ends=-35,
    planned=150,
    steps=(
        (Status.IN_PROGRESS, 138, "Аққулы ауылына алғашқы бару жоспарланды."),
        (Status.ANALYSIS, END, "Деректер жиналды; қорытынды құжатты жазып жатырмыз."),
    ),
    published=136,
    visits=(
        VisitPlan(
            object="demo-akkuly-school-1",
            days_ago=95,
            by=MONITOR,
            participants="Ерлан Жақсылықов, Айгерім Сейітова; ата-аналар комитетінің төрайымы",
            notes=(
                "Құрылыс алаңы қоршалған, жұмыс жүрмейді; ғимараттың терезелері мен шатыры жоқ. "
                "Оқушылар ескі ғимараттың бір қанатында және мәдениет үйінде оқиды."
            ),
            photos=(Photo("akkuly-site", "site", "Аққулы: № 1 мектеп, жұмыс тоқтап тұр"),),
        ),
    ),
    findings=(
        FindingPlan(
            key="akkuly",
            title="Аққулы ауылындағы № 1 мектепті реконструкциялау бір жылдан астам тоқтап тұр",
            category=Category.DELAY,
            severity=Sev.CRITICAL,
            description=(
                "Жұмыс 2025 жылдың көктемінде тоқтатылды; ғимарат ашық тұр, терезелері "
                "орнатылмаған. 420 оқушы бейімделген ғимараттарда үш ауысыммен оқиды."
            ),
            norm="Облысты дамыту жоспарының 1.1-мақсаты; мердігерлік шарттың жұмыс кестесі.",
            object="demo-akkuly-school-1",
            evidence=("akkuly-site",),
            by=MONITOR,
        ),
        FindingPlan(
            key="indicator",
            title="Апатты мектептер саны есепте азайтылып көрсетілген",
            category=Category.TRANSPARENCY,
            severity=Sev.MEDIUM,
            description=(
                "2025 жылғы есепте апатты жағдайдағы бір мектеп көрсетілген. Аққулыдағы № 1 "
                "мектептің оқушылары әлі де апатты деп танылған ескі ғимараттың бір қанатында "
                "оқиды; біздің есебіміз бойынша апатты мектептер — екеу."
            ),
            indicator="1.1.3",
            year=2025,
            monitor_value="2",
            evidence=("akkuly-site",),
        ),
        FindingPlan(
            key="gym",
            title="Спорт залы кеш ашылды, желдеткіш жүйесі жұмыс істемейді",
            category=Category.QUALITY,
            severity=Sev.LOW,
            description=(
                "Спорт залы жоспардан бес күн кеш пайдалануға берілді. Мұғалімдердің айтуынша, "
                "желдеткіш жүйесі қосылмаған, сабақ кезінде терезелерді ашуға тура келеді."
            ),
            object="demo-pavlodar-district-school-gym",
        ),
    ),
    recommendations=(
        RecommendationPlan(
            body=registry.EDUCATION,
            text=(
                "Аққулы ауылындағы № 1 мектепті реконструкциялауды қайта бастаудың нақты "
                "мерзімін белгілеу және оқушыларды уақытша қауіпсіз ғимаратқа көшіру."
            ),
            findings=("akkuly",),
        ),
        RecommendationPlan(
            body=registry.EDUCATION,
            text=(
                "1.1.3 көрсеткішін есептегенде оқушылар іс жүзінде оқитын ғимараттардың "
                "жағдайын ескеру және апатты ғимараттардың тізбесін жариялау."
            ),
            findings=("indicator",),
            answer=AnswerPlan(
                Decision.PARTLY,
                "Перечень школ в аварийном состоянии будет опубликован на сайте управления. "
                "Методика расчёта индикатора утверждена Министерством просвещения и не может "
                "быть изменена управлением; здание школы № 1 в с. Аккулы учитывается как "
                "объект реконструкции.",
                after=9,
                measures=(("Публикация перечня аварийных школ со сроками их замены", 20),),
            ),
        ),
        RecommendationPlan(
            body=district("akkuly-district"),
            text=(
                "Ата-аналармен кездесу өткізіп, реконструкция кестесін түсіндіру және "
                "оқушыларды мектепке тасымалдауды ұйымдастыру."
            ),
            findings=("akkuly", "gym"),
            answer=AnswerPlan(
                Decision.ACCEPTED,
                "Ата-аналармен кездесу өткізілді, оқушыларды мәдениет үйіне тасымалдау үшін "
                "қосымша автобус бөлінді.",
                after=6,
                measures=(
                    ("Ата-аналармен кездесу өткізу", 7),
                    ("Оқушыларды тасымалдауға қосымша автобус бөлу", 14),
                ),
            ),
        ),
    ),
    cycle=Cycle(
        language="kk",
        place="Павлодар облысы, Аққулы ауылы және Павлодар ауданы",
        subjects=(
            "Павлодар облысының білім беру басқармасы: ақпарат сұрауына уақытында жауап берді, "
            "бірақ мердігерлік шарттың көшірмесін бермеді.\n"
            "Аққулы ауданының әкімдігі: мониторингке жәрдемдесті, ата-аналармен кездесу "
            "ұйымдастырды."
        ),
        documents_obtained=(
            "Аққулы ауылындағы № 1 мектепті реконструкциялау шартының жұмыс кестесі; апатты "
            "жағдайдағы мектептердің 2025 жылғы тізбесі."
        ),
        conclusions=(
            "Аққулы мектебінің реконструкциясы тоқтап тұр, ал оқушылар апатты ғимаратта оқуын "
            "жалғастыруда. 1.1.3 көрсеткішінің 2025 жылғы мәні нақты жағдайды толық "
            "көрсетпейді."
        ),
        sent_after=5,
    ),
)

KINDERGARTENS = Story(
    slug="demo-village-kindergartens",
    title=registry.T(
        "Ауылдағы балабақшалар: мектепке дейінгі тәрбиемен қамту және бос орындар",
        "Сельские детские сады: охват дошкольным воспитанием и пустующие места",
        "Village kindergartens: preschool coverage and empty places",
    ),
    description=registry.T(
        "Ертіс пен Көктөбедегі жаңа балабақшалар толық жұмыс істей ме және мектепке дейінгі "
        "тәрбиемен қамту көрсеткіші шындыққа сәйкес пе.",
        "Работают ли в полную силу новые детские сады в Иртышске и Коктобе и соответствует ли "
        "действительности показатель охвата дошкольным воспитанием.",
        "Whether the new kindergartens in Irtyshsk and Koktobe are fully used, and whether the "
        "preschool coverage figure is accurate.",
    ),
    form=ControlForm.MONITORING,
    documents=(registry.REGIONAL_PLAN,),
    objects=("demo-irtyshsk-kindergarten-140", "demo-koktobe-kindergarten-90"),
    bodies=(registry.EDUCATION, district("may-district")),
    goals=(
        "Проверить, сколько мест в новых сельских детских садах реально занято, почему в "
        "сёлах остаются очереди и насколько точен отчётный охват детей дошкольным "
        "воспитанием."
    ),
    tasks=(
        "1. Посетить детские сады в Иртышске и Коктобе.\n"
        "2. Сравнить проектную мощность с числом детей в группах.\n"
        "3. Запросить в отделах образования данные об очереди по сёлам.\n"
        "4. Пересчитать охват по индикатору 1.1.1 за 2025 год."
    ),
    method="Выезды, интервью с заведующими и родителями, информационные запросы, анализ "
    "данных электронной очереди.",
    starts=-120,
    ends=None,
    planned=130,
    steps=(
        (Status.IN_PROGRESS, 118, "Направлены информационные запросы, запланированы выезды."),
        (Status.ANALYSIS, END, "Выезды завершены; пересчитываем охват."),
    ),
    monitor_ties=(False, NO_TIES_RU),
    coordinator_ties=NO_TIES_RU,
    published=116,
    visits=(
        VisitPlan(
            object="demo-koktobe-kindergarten-90",
            days_ago=45,
            by=COORDINATOR,
            participants="Айгерім Сейітова; заведующая детским садом",
            notes=(
                "Из пяти групп работают три; две групповые комнаты закрыты — нет воспитателей. "
                "В очереди в селе 37 детей."
            ),
            photos=(Photo("koktobe", "building", "Коктобе: детский сад на 90 мест"),),
        ),
    ),
    findings=(
        FindingPlan(
            key="koktobe",
            title="В детском саду в Коктобе работают три группы из пяти: нет воспитателей",
            category=Category.ACCESS,
            severity=Sev.HIGH,
            description=(
                "Детский сад на 90 мест принимает 54 ребёнка; две группы закрыты, потому что "
                "нет воспитателей. В очереди в селе 37 детей."
            ),
            object="demo-koktobe-kindergarten-90",
            evidence=("koktobe",),
        ),
        FindingPlan(
            key="indicator",
            title="Охват дошкольным воспитанием в 2025 году ниже отчётного",
            category=Category.TRANSPARENCY,
            severity=Sev.MEDIUM,
            description=(
                "Отчётный охват детей 2–6 лет за 2025 год — 98,4 %. Он считается по списочному "
                "составу групп; по данным о фактическом посещении в сёлах Майского и "
                "Иртышского районов охват около 95,7 %."
            ),
            indicator="1.1.1",
            year=2025,
            monitor_value="95.7",
        ),
    ),
    recommendations=(
        RecommendationPlan(
            body=registry.EDUCATION,
            text=(
                "Пересчитать охват детей дошкольным воспитанием за 2025 год по фактически "
                "посещающим детям и опубликовать данные по районам."
            ),
            findings=("indicator",),
            notice=Notice(
                after=2,
                decides_after=4,
                note="Рекомендация будет рассмотрена на совещании управления; приглашаем "
                "представителя фонда.",
            ),
        ),
        RecommendationPlan(
            body=registry.EDUCATION,
            text=(
                "Открыть две пустующие группы детского сада в с. Коктобе и принять детей из "
                "очереди."
            ),
            findings=("koktobe",),
        ),
        RecommendationPlan(
            body=district("may-district"),
            text=(
                "Укомплектовать детский сад в с. Коктобе воспитателями: предоставить служебное "
                "жильё и подъёмные молодым специалистам."
            ),
            findings=("koktobe",),
        ),
    ),
    cycle=Cycle(
        language="ru",
        place="Павлодарская область: с. Коктобе Майского района, с. Иртышск",
        subjects=(
            "Управление образования Павлодарской области: на информационный запрос ответило в "
            "срок.\n"
            "Акимат Майского района: предоставил данные об очереди в детский сад в с. Коктобе."
        ),
        documents_obtained=(
            "Данные электронной очереди в детские сады по сёлам Майского района; штатное "
            "расписание детского сада в с. Коктобе."
        ),
        conclusions=(
            "Новые детские сады используются не полностью из-за нехватки воспитателей, а "
            "отчётный охват за 2025 год учитывает списочный, а не фактический состав групп."
        ),
        sent_after=4,
        sent_ago=3,
    ),
)

STORIES += [ROADS, WATER, EMERGENCY_SCHOOLS, KINDERGARTENS, NEW_SCHOOLS]


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
    with override_settings(**QUIET), transaction.atomic(), files.final_documents_cached():
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
                campaign=campaign, title=plan.title, actor=self.coordinator, questions=questions
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
            if isinstance(value, InDays):
                value = (day + timedelta(days=value.days)).isoformat()
            elif value == HERE:
                value = {
                    "lat": round(place.latitude + 0.0004, 6),
                    "lon": round(place.longitude + 0.0005, 6),
                }
            answers[code] = value
        uploads, keys = [], []
        for photo in plan.photos:
            taken = self._at(day, plan.hour, photo.minute)
            uploads.append(_photo_upload(photo, place, taken, campaign.slug))
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
        if decides < self._working(day, self.calendar.rule(accountability.NOTICE_RULE).days):
            raise ValueError(f"{recommendation}: the decision is announced too late")
        # The service counts from the real date; the notice is then set to the story's dates.
        earliest = self.calendar.deadline(
            self.calendar.rule(accountability.NOTICE_RULE), timezone.localdate()
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


def _photo_upload(photo: Photo, place: ProjectObject, taken: datetime, slug: str):
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
