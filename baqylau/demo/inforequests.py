"""Illustrative demo information requests to the bodies of Pavlodar region.

The demo citizen, monitor and coordinator write about thirty requests, in Kazakh and in Russian,
about the demo programs and objects; together they reach every status of the workflow, and one
batch goes to all thirteen district and city akimats with a mix of outcomes, so that the ranking
of bodies has something to rank. Everything is illustrative: the figures, names, registration
numbers and answers are invented, and the legal grounds quoted in refusals must be checked
against the official text of the Law before anyone relies on them.

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

import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Subquery
from django.test.utils import override_settings
from django.utils import timezone

from baqylau.accounts.models import User
from baqylau.core.calendar import WorkingCalendar, deadline
from baqylau.demo import registry
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

KK = InformationRequest.Language.KK
RU = InformationRequest.Language.RU
BY_HAND = InformationRequest.Delivery.BY_HAND
PLATFORM, POST, EMAIL = Answer.Source.PLATFORM, Answer.Source.POST, Answer.Source.EMAIL
FULL, PARTIAL, REFUSAL = (
    Answer.Classification.FULL,
    Answer.Classification.PARTIAL,
    Answer.Classification.REFUSAL,
)

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


def send(after: int = 0) -> Step:
    return Step("send", after=after)


def register(after: int = 1) -> Step:
    return Step("register", after=after)


def redirect(to: str, note: str, after: int = 2) -> Step:
    return Step("redirect", after=after, to=to, text=note)


def ask_clarification(note: str, after: int = 3) -> Step:
    return Step("clarification", after=after, text=note)


def clarify(note: str, after: int = 2) -> Step:
    return Step("clarify", after=after, text=note)


def extend(reason: str, due: int = -2) -> Step:
    return Step("extend", due=due, text=reason)


def answer(source: str, text: str, *, due: int, legal_ground: str = "") -> Step:
    return Step("answer", due=due, source=source, text=text, legal_ground=legal_ground)


def classify(classification: str, after: int = 1, legal_ground: str = "") -> Step:
    return Step("classify", after=after, classification=classification, legal_ground=legal_ground)


def redact(public_text: str, after: int = 2) -> Step:
    return Step("redact", after=after, public_text=public_text)


def mark_overdue(due: int = 1) -> Step:
    return Step("overdue", due=due)


def appeal(grounds: str, after: int = 7) -> Step:
    return Step("appeal", after=after, text=grounds)


def withdraw(after: int = 5) -> Step:
    return Step("withdraw", after=after)


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


# -- Texts ---------------------------------------------------------------------------------------

LAW_KK = (
    "«Ақпаратқа қол жеткізу туралы» Қазақстан Республикасының Заңына сәйкес мынадай ақпаратты "
    "ұсынуыңызды сұраймын."
)
LAW_KK_WE = LAW_KK.replace("сұраймын", "сұраймыз")
LAW_RU = (
    "В соответствии с Законом Республики Казахстан «О доступе к информации» прошу "
    "предоставить следующую информацию."
)
HEARD_KK = "Сіздің {registered} ж. тіркелген № {number} сұрауыңызды қарап, мынаны хабарлайды."
HEARD_RU = (
    "Рассмотрев Ваш запрос, зарегистрированный {registered} за № {number}, сообщаем следующее."
)

REFUSAL_PERSONAL_DATA = (
    "Закон РК «О доступе к информации», статья 11: запрошена информация с ограниченным "
    "доступом — персональные данные третьих лиц (Закон РК «О персональных данных и их защите»)"
)
REFUSAL_OFFICIAL_USE = (
    "«Ақпаратқа қол жеткізу туралы» ҚР Заңының 11-бабы: «Қызмет бабында пайдалану үшін» "
    "белгісі бар қызметтік ақпарат (қолжетімділігі шектелген ақпарат)"
)

KINDERGARTEN_ANSWER = (
    "Павлодар облысының білім беру басқармасы " + HEARD_KK + "\n"
    "1. Балабақша ғимаратының құрылысын облыстың құрылыс, сәулет және қала құрылысы басқармасы "
    "жүргізеді. Мердігер ішкі инженерлік желілерді орнатуды кешіктіргендіктен, нысанды "
    "пайдалануға беру мерзімі 2026 жылдың IV тоқсанына ауыстырылды.\n"
    "2. Орындар «Мектепке дейінгі ұйымдарға жолдама беру» мемлекеттік көрсетілетін қызметі "
    "арқылы электрондық кезек тәртібімен бөлінеді; жеңілдігі бар санаттағы балаларға орын бірінші "
    "кезекте беріледі.\n"
    "3. Қазіргі жағдай бойынша Екібастұз қаласында 2–6 жас аралығындағы 1 146 бала кезекте тұр.\n"
)
KINDERGARTEN_CONTACT = (
    "Қосымша сұрақтар бойынша Екібастұз қаласы білім беру бөлімінің бас маманы Ахметова Сәуле "
    f"Нұрланқызына {REDACTED_PHONE} ұялы телефоны арқылы хабарласуға болады."
)
KINDERGARTEN_CONTACT_REDACTED = (
    "Қосымша сұрақтар бойынша Екібастұз қаласы білім беру бөлімінің бас маманына хабарласуға "
    "болады (байланыс деректерін модератор жасырды)."
)

STORIES = [
    # Drafts --------------------------------------------------------------------------------------
    Story(
        requester=CITIZEN,
        body=registry.EDUCATION,
        language=RU,
        subject="Места в детском саду на 320 мест в микрорайоне Усольский",
        text=(
            "Детский сад на 320 мест по ул. Каирбаева, 102 в г. Павлодаре введён в эксплуатацию "
            "в августе 2023 года, однако в микрорайоне Усольский по-прежнему большая очередь. "
            + LAW_RU
        ),
        asked=(
            "1) сколько мест в детском саду занято на текущую дату и сколько свободно;\n"
            "2) сколько детей микрорайона Усольский стоит в очереди;\n"
            "3) планируется ли открытие дополнительных групп."
        ),
        start=2,
        object="demo-pavlodar-kindergarten-320",
        document=registry.REGIONAL_PLAN,
    ),
    Story(
        requester=MONITOR,
        body=registry.ROADS,
        language=KK,
        subject="Ломов көшесін күрделі жөндеу: мердігердің кепілдік міндеттемелері",
        text=(
            "Павлодар қаласындағы Ломов көшесін күрделі жөндеу 2024 жылдың қазанында аяқталды. "
            "Биыл көктемде жол жабынында жарықтар мен ойықтар пайда болды. " + LAW_KK
        ),
        asked=(
            "1) шарт бойынша кепілдік мерзімі;\n"
            "2) мердігерге кепілдік бойынша жөндеу туралы талап қойылды ма;\n"
            "3) кепілдік жөндеу жұмыстарының кестесі."
        ),
        start=20,
        object="demo-pavlodar-lomov-street",
        document=registry.REGIONAL_PLAN,
    ),
    # Sent, waiting for the body -----------------------------------------------------------------
    Story(
        requester=COORDINATOR,
        body=registry.HEALTH,
        language=RU,
        subject="Поликлиника на 500 посещений в смену в Павлодаре: срок ввода в эксплуатацию",
        text=(
            "Согласно Плану развития Павлодарской области строительство поликлиники на 500 "
            "посещений в смену по ул. Естая, 144 должно было завершиться 31 декабря 2025 года. "
            "По нашим наблюдениям, работы на объекте продолжаются. " + LAW_RU
        ),
        asked=(
            "1) процент строительной готовности на текущую дату;\n"
            "2) новый срок ввода в эксплуатацию и основание его переноса;\n"
            "3) освоенная сумма по договору подряда по источникам (республиканский и местный "
            "бюджет)."
        ),
        start=6,
        steps=(send(after=1),),
        object="demo-pavlodar-polyclinic-500",
        document=registry.REGIONAL_PLAN,
    ),
    Story(
        requester=MONITOR,
        body=registry.REGIONAL_AKIMAT,
        language=KK,
        subject="Облысты дамыту жоспарының 2025 жылғы іске асырылуы туралы есеп",
        text=(
            "Павлодар облысын дамытудың 2021–2025 жылдарға арналған жоспарының мерзімі 2025 "
            "жылы аяқталды. Облыс әкімдігінің ресми интернет-ресурсында жоспардың 2025 жылғы "
            "іске асырылуы туралы есеп әлі жарияланбаған. Сұрау әкімдіктің кеңсесіне қолма-қол "
            "тапсырылды. " + LAW_KK
        ),
        asked=(
            "1) жоспарды іске асырудың 2025 жылғы қорытынды есебі;\n"
            "2) есепті жариялау мерзімі;\n"
            "3) жоспарлы мәнге жетпеген нысаналы индикаторлардың тізбесі және себептері."
        ),
        start=4,
        steps=(send(after=1),),
        document=registry.REGIONAL_PLAN,
        delivery=BY_HAND,
    ),
    # Registered ---------------------------------------------------------------------------------
    Story(
        requester=MONITOR,
        body=registry.CONSTRUCTION,
        language=KK,
        subject="Павлодардағы 1200 орындық мектеп: мердігердің құрылыс мерзімін бұзуы",
        text=(
            "«Жайлы мектеп» ұлттық жобасы аясында Ломов көшесі, 198 мекенжайында салынып жатқан "
            "1200 орындық мектеп 2025 жылғы 25 тамызда пайдалануға берілуі тиіс еді, бірақ мектеп "
            "әлі ашылған жоқ. Мемлекеттік сатып алу шартының орындалуын тексеру үшін " + LAW_KK
        ),
        asked=(
            "1) шартқа жасалған қосымша келісімдер және құрылыс мерзімін ұзарту негіздері;\n"
            "2) мердігерге тұрақсыздық айыбы есептелді ме, есептелсе, қандай сомада;\n"
            "3) нысанды пайдалануға берудің жаңа мерзімі."
        ),
        start=11,
        steps=(send(), register(after=2)),
        object="demo-pavlodar-school-1200",
        document=registry.COMFORTABLE_SCHOOL,
    ),
    # Redirected to the competent body, which has not registered it yet ---------------------------
    Story(
        requester=CITIZEN,
        body=registry.EDUCATION,
        language=RU,
        subject=(
            "Договор на строительство школы на 1200 мест в Павлодаре и дополнительные соглашения"
        ),
        text=(
            "Мой ребёнок должен был пойти в новую школу на 1200 мест по ул. Ломова, 198 с 1 "
            "сентября 2025 года, но школа до сих пор не открыта. Хочу понять, что происходит со "
            "строительством. " + LAW_RU
        ),
        asked=(
            "1) копию договора подряда на строительство школы и дополнительных соглашений к нему;\n"
            "2) сведения о переносе срока строительства и его причинах."
        ),
        start=12,
        steps=(
            send(),
            redirect(
                registry.CONSTRUCTION,
                "Заказчиком строительства школы является управление строительства, архитектуры и "
                "градостроительства Павлодарской области; запрос направлен ему по компетенции.",
                after=3,
            ),
        ),
        object="demo-pavlodar-school-1200",
        document=registry.COMFORTABLE_SCHOOL,
        hide_requester_name=True,
    ),
    # Clarification asked, not given yet ----------------------------------------------------------
    Story(
        requester=COORDINATOR,
        body=registry.ROADS,
        language=KK,
        subject="Аудандық маңызы бар жолдарды жөндеу: орындалған жұмыстарды қабылдау актілері",
        text=(
            "Облысты дамыту жоспары бойынша аудандық маңызы бар жолдарды орташа жөндеу "
            "жұмыстары жүргізілді. Қоғамдық мониторинг барысында бірқатар учаскелерде жол "
            "жабынының бұзылғаны анықталды. " + LAW_KK_WE
        ),
        asked=(
            "1) орындалған жұмыстардың актілері және нысанды қабылдау актілері;\n"
            "2) техникалық қадағалаудың қорытындылары;\n"
            "3) анықталған ақаулар және оларды жою мерзімдері."
        ),
        start=16,
        steps=(
            send(),
            register(after=2),
            ask_clarification(
                "Сұрауда жолдар мен жылдар көрсетілмеген: басқарма 2021–2025 жылдары 40-тан астам "
                "учаскеде жөндеу жүргізді. Қай аудандар мен қай жылдардың актілері қажет екенін "
                "нақтылауыңызды сұраймыз.",
                after=5,
            ),
        ),
        document=registry.REGIONAL_PLAN,
    ),
    # Extended, the new term still running --------------------------------------------------------
    Story(
        requester=MONITOR,
        body=registry.UTILITIES,
        language=RU,
        subject="Финансирование подключения трёх сёл Иртышского района к групповому водопроводу",
        text=(
            "Подключение трёх сёл Иртышского района к групповому водопроводу должно было "
            "завершиться 30 ноября 2025 года, однако объект до сих пор не введён, и жители "
            "по-прежнему пользуются привозной водой. " + LAW_RU
        ),
        asked=(
            "1) сумма договора подряда и её изменения;\n"
            "2) выделенные и освоенные средства по годам и источникам (республиканский и местный "
            "бюджет);\n"
            "3) причины переноса срока и новый срок завершения."
        ),
        start=22,
        steps=(
            send(),
            register(after=2),
            extend(
                "Для подготовки ответа запрошены сведения у подрядчика ТОО «Ақсу Су Құрылыс» и у "
                "управления финансов области о платежах по объекту за 2024–2026 годы.",
                due=-2,
            ),
        ),
        object="demo-irtysh-group-water-main",
        document=registry.REGIONAL_PLAN,
    ),
    # Answered in full ---------------------------------------------------------------------------
    Story(
        requester=COORDINATOR,
        body=registry.REGIONAL_AKIMAT,
        language=KK,
        subject=(
            "Облысты дамыту жоспарының нысаналы индикаторлары: 2024 жылғы нақты мәндер және "
            "олардың дереккөздері"
        ),
        text=(
            "«Адал қоғам» қоғамдық бірлестігі Павлодар облысын дамытудың 2021–2025 жылдарға "
            "арналған жоспарының орындалуына қоғамдық мониторинг жүргізеді. Облыс әкімдігінің "
            "интернет-ресурсында 2024 жылғы нақты мәндер жарияланған, бірақ әр мәннің дереккөзі "
            "мен есептеу әдістемесі көрсетілмеген. " + LAW_KK_WE
        ),
        asked=(
            "1) жоспардың әр нысаналы индикаторы бойынша 2024 жылғы жоспарлы және нақты мәндер;\n"
            "2) әр нақты мәннің дереккөзі (статистикалық нысан немесе ведомстволық есеп) және "
            "оның жарияланған күні;\n"
            "3) жоспарлы мәнге жетпеген индикаторлар бойынша себептер."
        ),
        start=540,
        steps=(
            send(),
            register(after=2),
            extend(
                "Жауап дайындау үшін облыс әкімдігінің бес басқармасынан және Ұлттық статистика "
                "бюросының облыстық департаментінен мәліметтер сұратылды.",
                due=-3,
            ),
            answer(
                EMAIL,
                "Павлодар облысының әкімдігі " + HEARD_KK + "\n"
                "1. Жоспардың барлық нысаналы индикаторлары бойынша 2024 жылғы жоспарлы және "
                "нақты мәндер жоспарды іске асыру туралы есептің 1-қосымшасында келтірілген; есеп "
                "облыс әкімдігінің ресми интернет-ресурсында жарияланған.\n"
                "2. Демографиялық көрсеткіштердің, еңбек нарығы мен тұрғын үй пайдалануға беру "
                "көрсеткіштерінің дереккөзі — Ұлттық статистика бюросының ресми статистикалық "
                "деректері; білім беру, денсаулық сақтау, жолдар және сумен жабдықтау "
                "көрсеткіштері — облыстың тиісті басқармаларының ведомстволық есептері. Мысалы, "
                "орталықтандырылған сумен жабдықталған ауылдық елді мекендер саны (352 елді "
                "мекеннің 234-і) облыстың "
                "энергетика және тұрғын үй-коммуналдық шаруашылық басқармасының 2025 жылғы 1 "
                "қаңтардағы есебі бойынша берілген.\n"
                "3. Жоспарлы мәнге жетпеген индикаторлар бойынша себептер есептің 3-бөлімінде "
                "түсіндірілген: негізгі себептер — мердігерлердің жұмыс кестесін бұзуы және "
                "республикалық бюджеттен бөлінетін қаражаттың қысқаруы.",
                due=-2,
            ),
            classify(FULL, after=2),
        ),
        document=registry.REGIONAL_PLAN,
    ),
    Story(
        requester=COORDINATOR,
        body=registry.REGIONAL_AKIMAT,
        language=RU,
        subject="Конкурс на реконструкцию тепловых сетей г. Экибастуза (2-я очередь)",
        text=(
            "По данным веб-портала государственных закупок, на реконструкцию тепловых сетей "
            "г. Экибастуза (2-я очередь, 6,8 км) проведён конкурс, договор заключён с ТОО "
            "«ЭкибастузТеплоМонтаж», работы начались в мае 2025 года. В рамках мониторинга "
            "закупок прошу в соответствии с Законом Республики Казахстан «О доступе к информации» "
            "предоставить сведения о проведённом конкурсе."
        ),
        asked=(
            "1) количество поданных заявок и количество допущенных потенциальных поставщиков;\n"
            "2) выделенная сумма и цена, предложенная победителем;\n"
            "3) основания отклонения заявок, если они отклонялись;\n"
            "4) график производства работ по годам."
        ),
        start=500,
        steps=(
            send(),
            redirect(
                registry.akimat_slug("ekibastuz"),
                "Акимат области направил запрос по компетенции в акимат города Экибастуза — "
                "заказчика работ.",
                after=3,
            ),
            register(after=2),
            answer(
                EMAIL,
                "Акимат города Экибастуза, рассмотрев запрос, поступивший по компетенции из "
                "акимата Павлодарской области и зарегистрированный {registered} за № {number}, "
                "сообщает следующее.\n"
                "1. На конкурс поступило 4 заявки, к участию допущены 3 потенциальных поставщика.\n"
                "2. Сумма, выделенная для закупки, — 4 390,5 млн тенге; цена победителя, ТОО "
                "«ЭкибастузТеплоМонтаж», — 4 260,0 млн тенге (экономия 3 %).\n"
                "3. Одна заявка отклонена: потенциальный поставщик не подтвердил наличие лицензии "
                "на работы по реконструкции тепловых сетей.\n"
                "4. Работы ведутся в три этапа: 2025 год — 2,1 км, 2026 год — 2,7 км, 2027 год — "
                "2,0 км. Итоги конкурса опубликованы на веб-портале государственных закупок.",
                due=-5,
            ),
            classify(FULL),
        ),
        object="demo-ekibastuz-heat-networks",
        document=registry.EKIBASTUZ_PLAN,
    ),
    Story(
        requester=COORDINATOR,
        body=registry.EDUCATION,
        language=RU,
        subject="Капитальный ремонт школы № 3 г. Аксу: акт приёмки и гарантийные обязательства",
        text=(
            "Капитальный ремонт общеобразовательной школы № 3 г. Аксу (ул. Абая, 37) завершён в "
            "августе 2023 года. Во время мониторинга родители учеников сообщили о протечках "
            "кровли в спортивном зале и в кабинетах третьего этажа. " + LAW_RU
        ),
        asked=(
            "1) дата и состав комиссии, принявшей объект в эксплуатацию;\n"
            "2) гарантийный срок по договору подряда с ТОО «Павлодар Құрылыс Инвест»;\n"
            "3) выполнялись ли гарантийные работы по кровле, и если да, то когда."
        ),
        start=480,
        steps=(
            send(),
            register(),
            answer(
                PLATFORM,
                "Управление образования Павлодарской области. " + HEARD_RU + "\n"
                "1. Объект принят в эксплуатацию актом приёмочной комиссии от 28 августа 2023 "
                "года, подписанным представителями заказчика, подрядчика, технического и "
                "авторского надзора.\n"
                "2. Гарантийный срок по договору подряда — два года с даты подписания акта "
                "приёмки, то есть до 28 августа 2025 года. Претензии по гарантийным дефектам "
                "подрядчику направляет заказчик — управление образования.\n"
                "3. По обращению школы подрядчик в мае выполнил гарантийный ремонт кровли "
                "спортивного зала. Протечки в кабинетах третьего этажа обследованы комиссией, "
                "подрядчику направлена претензия; работы будут выполнены до начала учебного года.",
                due=-2,
            ),
            classify(FULL, after=3),
        ),
        object="demo-aksu-school-3-repair",
        document=registry.REGIONAL_PLAN,
    ),
    Story(
        requester=MONITOR,
        body=registry.UTILITIES,
        language=RU,
        subject=(
            "Доля сельского населения с доступом к централизованному водоснабжению: как "
            "рассчитано значение за 2024 год"
        ),
        text=(
            "В отчёте о реализации Плана развития Павлодарской области фактическое значение "
            "индикатора «Доля сельского населения, имеющего доступ к централизованному питьевому "
            "водоснабжению» за 2024 год указано как 88,7 % при плане 90 %, источник — отчёт "
            "управления энергетики и ЖКХ. Прошу раскрыть расчёт этого значения. " + LAW_RU
        ),
        asked=(
            "1) численность сельского населения и численность сельских жителей с доступом к "
            "централизованному водоснабжению, использованные в расчёте;\n"
            "2) методика расчёта и дата, на которую взяты данные;\n"
            "3) перечень сёл, подключённых к водоснабжению в 2024 году."
        ),
        start=455,
        steps=(
            send(),
            register(),
            answer(
                EMAIL,
                "Управление энергетики и жилищно-коммунального хозяйства Павлодарской области. "
                + HEARD_RU
                + "\n"
                "1. Значение рассчитано на 1 января 2025 года: численность сельского населения — "
                "214,6 тыс. человек, из них доступ к централизованному питьевому водоснабжению "
                "имеют 190,4 тыс. человек, или 88,7 %.\n"
                "2. Доступ имеет житель села, подключённого к централизованной системе "
                "водоснабжения, в том числе через водоразборные колонки. Численность населения "
                "взята по данным Бюро национальной статистики, сведения о подключении — по отчётам "
                "акиматов районов и городов областного значения.\n"
                "3. В 2024 году к централизованному водоснабжению подключено 10 сёл; их перечень "
                "приведён в приложении к отчёту управления, опубликованному на портале gov.kz.",
                due=-7,
            ),
            classify(FULL),
        ),
        document=registry.REGIONAL_PLAN,
    ),
    Story(
        requester=CITIZEN,
        body=registry.CONSTRUCTION,
        language=RU,
        subject="Школа на 600 мест в Экибастузе: ввод в эксплуатацию и итоговая стоимость",
        text=(
            "Строительство средней школы на 600 мест по ул. Ауэзова, 45 в г. Экибастузе по "
            "национальному проекту «Комфортная школа» завершено в августе 2025 года. " + LAW_RU
        ),
        asked=(
            "1) дата и реквизиты акта ввода школы в эксплуатацию;\n"
            "2) итоговая стоимость строительства и её изменение по сравнению с договором;\n"
            "3) устранены ли замечания приёмочной комиссии."
        ),
        start=440,
        steps=(
            send(),
            register(after=2),
            answer(
                POST,
                "Управление строительства, архитектуры и градостроительства Павлодарской "
                "области. " + HEARD_RU + "\n"
                "Школа на 600 мест по ул. Ауэзова, 45 принята в эксплуатацию актом приёмочной "
                "комиссии от 20 августа 2025 года. Итоговая стоимость строительства — 6 950,0 млн "
                "тенге, что соответствует цене договора. Все 12 замечаний приёмочной комиссии "
                "(благоустройство территории, пожарная сигнализация спортивного зала) устранены "
                "подрядчиком до 1 октября 2025 года. Приносим извинения за задержку ответа.",
                due=9,
            ),
            classify(FULL, after=2),
        ),
        object="demo-ekibastuz-school-600",
        document=registry.COMFORTABLE_SCHOOL,
    ),
    Story(
        requester=MONITOR,
        body=registry.ROADS,
        language=KK,
        subject="Ломов көшесін күрделі жөндеу: нысанды қабылдау актісі",
        text=(
            "Павлодар қаласындағы Ломов көшесін (3,1 км) күрделі жөндеу 2024 жылғы қазанда "
            "аяқталды. Қоғамдық мониторинг барысында жаяу жүргіншілер жолдарының бір бөлігі мен "
            "жаңбыр суын бұратын науалар жобада көрсетілгендей жасалмағаны байқалды. " + LAW_KK
        ),
        asked=(
            "1) нысанды қабылдау актісінің күні мен нөмірі;\n"
            "2) жоба бойынша орындалуға тиіс жұмыстардың тізбесі (жол жабыны, жаяу жүргіншілер "
            "жолдары, жаңбыр кәрізі, жарықтандыру);\n"
            "3) техникалық қадағалау анықтаған ескертулер және олардың жойылуы."
        ),
        start=420,
        steps=(
            send(),
            register(after=3),
            answer(
                POST,
                "Павлодар облысының жолаушылар көлігі және автомобиль жолдары басқармасы "
                + HEARD_KK
                + "\n"
                "1. Нысан 2024 жылғы 25 қазандағы қабылдау комиссиясының актісімен пайдалануға "
                "қабылданды.\n"
                "2. Жоба бойынша 3,1 км жол жабыны толық ауыстырылды, 5,8 км жаяу жүргіншілер жолы "
                "мен 2,4 км жаңбыр кәрізі салынды, 96 жарықтандыру тірегі орнатылды.\n"
                "3. Техникалық қадағалау 14 ескерту жасады, оның ішінде жаңбыр суын бұратын "
                "науалардың еңісі туралы ескерту бар. Ескертулердің барлығы 2024 жылғы 20 қарашаға "
                "дейін мердігердің кепілдік міндеттемелері есебінен жойылды.",
                due=-1,
            ),
            classify(FULL),
        ),
        object="demo-pavlodar-lomov-street",
        document=registry.REGIONAL_PLAN,
    ),
    Story(
        requester=CITIZEN,
        body=registry.EDUCATION,
        language=KK,
        subject="Екібастұздағы 280 орындық балабақша: ашылу мерзімі және орындарды бөлу",
        text=(
            "Екібастұз қаласы, Торайғыров көшесі, 12 мекенжайында 280 орындық балабақша салынып "
            "жатыр. Жоспар бойынша құрылыс 2025 жылғы 30 маусымда аяқталуы тиіс еді, бірақ "
            "балабақша әлі ашылған жоқ. Менің балам мектепке дейінгі ұйымға жолдама алу кезегінде "
            "тұр. " + LAW_KK
        ),
        asked=(
            "1) балабақшаның ашылуының жаңа мерзімі;\n"
            "2) балабақшадағы орындар қалай бөлінеді (электрондық кезек бойынша ма, әлде басқа "
            "тәртіппен бе);\n"
            "3) Екібастұз қаласында 2–6 жас аралығындағы қанша бала балабақшаға кезекте тұр."
        ),
        start=326,
        steps=(
            send(),
            register(),
            answer(PLATFORM, KINDERGARTEN_ANSWER + KINDERGARTEN_CONTACT, due=-4),
            classify(FULL),
            redact(KINDERGARTEN_ANSWER + KINDERGARTEN_CONTACT_REDACTED, after=1),
        ),
        object="demo-ekibastuz-kindergarten-280",
        document=registry.REGIONAL_PLAN,
        hide_requester_name=True,
    ),
    # Answered in part ---------------------------------------------------------------------------
    Story(
        requester=COORDINATOR,
        body=registry.CONSTRUCTION,
        language=RU,
        subject="Школа на 300 мест в с. Железинка: причины срыва срока ввода",
        text=(
            "Школа на 300 мест в с. Железинка (ул. Абая, 15), которую строят по национальному "
            "проекту «Комфортная школа», должна была принять учеников 1 сентября 2025 года. Школа "
            "не открыта, дети продолжают учиться в старом здании в две смены. " + LAW_RU
        ),
        asked=(
            "1) причины нарушения срока строительства;\n"
            "2) копии дополнительных соглашений к договору подряда с ТОО «Павлодар Құрылыс "
            "Инвест»;\n"
            "3) начислена ли подрядчику неустойка и в каком размере;\n"
            "4) новый срок ввода школы в эксплуатацию."
        ),
        start=380,
        steps=(
            send(),
            register(after=2),
            answer(
                EMAIL,
                "Управление строительства, архитектуры и градостроительства Павлодарской "
                "области. " + HEARD_RU + "\n"
                "Срок строительства сдвинулся из-за корректировки проектно-сметной документации "
                "(замена системы отопления после повторной экспертизы) и несвоевременной поставки "
                "металлоконструкций. Подрядчику направлена претензия, неустойка начисляется в "
                "соответствии с договором. Ввод школы в эксплуатацию планируется в IV квартале "
                "2026 года. Договор и дополнительные соглашения к нему размещены на веб-портале "
                "государственных закупок.",
                due=0,
            ),
            classify(PARTIAL, after=2),
        ),
        object="demo-zhelezinka-school-300",
        document=registry.COMFORTABLE_SCHOOL,
    ),
    Story(
        requester=MONITOR,
        body=registry.ROADS,
        language=RU,
        subject="Ремонт дорог районного значения в Баянаульском районе: акты приёмки",
        text=(
            "В 2024 году в Баянаульском районе проведён средний ремонт 18 км дорог районного "
            "значения. Работы завершены 20 ноября 2024 года, позже срока по договору. Жители сёл "
            "сообщают, что весной покрытие на ряде участков разрушилось. " + LAW_RU
        ),
        asked=(
            "1) акты выполненных работ и акт приёмки объекта;\n"
            "2) заключения технического надзора;\n"
            "3) применялись ли к подрядчику штрафные санкции за нарушение срока."
        ),
        start=250,
        steps=(
            send(),
            register(),
            ask_clarification(
                "Просим уточнить, о каких участках идёт речь: в 2024 году в Баянаульском районе "
                "ремонтировались четыре участка дорог районного значения по двум договорам.",
                after=4,
            ),
            clarify(
                "Речь идёт об участках Баянаул — Жанатилек и Торайгыр — Куркели (подрядчик ТОО "
                "«Ертіс Жол Сервис»). Прошу предоставить документы по обоим участкам.",
                after=2,
            ),
            answer(
                EMAIL,
                "Управление пассажирского транспорта и автомобильных дорог Павлодарской области. "
                "Рассмотрев Ваш запрос с уточнением от {clarified}, сообщаем следующее.\n"
                "1. Работы на участках Баянаул — Жанатилек и Торайгыр — Куркели приняты актом "
                "приёмочной комиссии от 20 ноября 2024 года. Акты выполненных работ содержат "
                "расценки подрядчика, которые он отнёс к коммерческой тайне, поэтому они не "
                "предоставляются.\n"
                "2. Заключения технического надзора замечаний к качеству работ не содержат.\n"
                "3. За нарушение срока подрядчику начислена неустойка 11,2 млн тенге. Весной "
                "выявлены дефекты покрытия на 1,4 км; подрядчик обязан устранить их до 1 июля в "
                "рамках гарантийных обязательств.",
                due=-3,
            ),
            classify(PARTIAL, after=2),
        ),
        object="demo-bayanaul-district-roads",
        document=registry.REGIONAL_PLAN,
    ),
    # Refused ------------------------------------------------------------------------------------
    Story(
        requester=MONITOR,
        body=registry.EDUCATION,
        language=RU,
        subject="Очередь в детские сады г. Экибастуза: списки очередников и получивших направления",
        text=(
            "Жители г. Экибастуза жалуются, что места в детских садах получают дети, поставленные "
            "в очередь позже других. Для проверки соблюдения очерёдности "
            + LAW_RU[0].lower()
            + LAW_RU[1:]
        ),
        asked=(
            "1) список детей, стоящих в очереди в дошкольные организации г. Экибастуза, с датами "
            "постановки на учёт;\n"
            "2) список детей, получивших направления в детские сады за последние шесть месяцев, с "
            "указанием льготной категории."
        ),
        start=300,
        steps=(
            send(),
            register(),
            answer(
                PLATFORM,
                "Управление образования Павлодарской области. " + HEARD_RU + "\n"
                "Списки детей, стоящих в очереди и получивших направления, содержат фамилии, "
                "имена и даты рождения детей и сведения о льготах их семей, то есть персональные "
                "данные третьих лиц, доступ к которым ограничен. Предоставить их без согласия "
                "законных представителей детей управление не вправе. Обезличенные сведения об "
                "очереди (число детей по годам рождения и датам постановки на учёт) ежемесячно "
                "публикуются на портале электронного правительства; родители могут проверить "
                "место ребёнка в очереди в личном кабинете.",
                due=-6,
                legal_ground=REFUSAL_PERSONAL_DATA,
            ),
            classify(REFUSAL),
        ),
        document=registry.REGIONAL_PLAN,
        is_public=False,
    ),
    # Refused, then appealed to the regional akimat ---------------------------------------------
    Story(
        requester=COORDINATOR,
        body=registry.CONSTRUCTION,
        language=KK,
        subject="Павлодардағы дене шынықтыру-сауықтыру кешені: жобалау-сметалық құжаттама",
        text=(
            "Академик Марғұлан көшесі, 120 мекенжайындағы дене шынықтыру-сауықтыру кешенінің "
            "құрылысы жобалау-сметалық құжаттаманы қайта сараптауға байланысты тоқтатылды. "
            "Құрылыс жергілікті бюджет қаражатына жүргізіледі. " + LAW_KK_WE
        ),
        asked=(
            "1) мемлекеттік сараптаманың алғашқы және қайталама қорытындылары;\n"
            "2) жобалау-сметалық құжаттаманың жиынтық сметалық есебі;\n"
            "3) құрылысты жалғастыру мерзімі және қосымша қажет қаражат көлемі."
        ),
        start=150,
        steps=(
            send(),
            register(after=2),
            answer(
                EMAIL,
                "Павлодар облысының құрылыс, сәулет және қала құрылысы басқармасы "
                + HEARD_KK
                + "\n"
                "Сұралған сараптама қорытындылары мен сметалық құжаттамада «Қызмет бабында "
                "пайдалану үшін» белгісі бар, сондықтан олар қолжетімділігі шектелген қызметтік "
                "ақпаратқа жатады және ұсынылмайды. Құрылысты жалғастыру мерзімі қайталама "
                "сараптама аяқталғаннан кейін айқындалады.",
                due=-1,
                legal_ground=REFUSAL_OFFICIAL_USE,
            ),
            classify(REFUSAL, after=2),
            appeal(
                "Басқарманың бас тартуы негізсіз деп санаймыз: сұралған құжаттар жергілікті бюджет "
                "қаражатын жұмсауға қатысты, ал бюджет қаражатын пайдалану туралы ақпаратқа қол "
                "жеткізуді шектеуге болмайды. Сонымен қатар басқарма құрылысты жалғастыру мерзімі "
                "мен қосымша қаражат туралы сұраққа мәні бойынша жауап бермеді. Облыс әкімдігінен "
                "бас тартудың заңдылығын тексеріп, сұралған ақпаратты ұсынуды қамтамасыз етуді "
                "сұраймыз.",
                after=5,
            ),
        ),
        object="demo-pavlodar-sports-centre",
        document=registry.REGIONAL_PLAN,
    ),
    # Overdue: registered, never answered -------------------------------------------------------
    Story(
        requester=CITIZEN,
        body=registry.akimat_slug("ekibastuz"),
        language=RU,
        subject="60-квартирный жилой дом по ул. Сатпаева, 71 в Экибастузе: сроки и распределение",
        text=(
            "В Плане развития г. Экибастуза на 2025–2027 годы предусмотрено строительство "
            "60-квартирного жилого дома по ул. Сатпаева, 71. Я состою в очереди на жильё из "
            "государственного жилищного фонда. " + LAW_RU
        ),
        asked=(
            "1) на какой стадии находится закупка работ по строительству дома;\n"
            "2) сроки начала и окончания строительства;\n"
            "3) сколько квартир будет распределено очередникам и по каким категориям."
        ),
        start=120,
        steps=(send(), register(after=3)),
        object="demo-ekibastuz-housing-60",
        document=registry.EKIBASTUZ_PLAN,
        hide_requester_name=True,
    ),
    # Withdrawn ----------------------------------------------------------------------------------
    Story(
        requester=CITIZEN,
        body=registry.HEALTH,
        language=RU,
        subject="Реконструкция приёмного отделения городской больницы г. Аксу: сроки",
        text=(
            "Приёмное отделение городской больницы г. Аксу находится в неудовлетворительном "
            "состоянии. В Плане развития области предусмотрена его реконструкция. " + LAW_RU
        ),
        asked=(
            "1) сроки начала и окончания реконструкции;\n"
            "2) стоимость работ и источник финансирования;\n"
            "3) порядок приёма пациентов на время работ."
        ),
        start=200,
        steps=(send(), register(after=2), withdraw(after=6)),
        object="demo-aksu-hospital-admissions",
        document=registry.REGIONAL_PLAN,
        is_public=False,
    ),
]


# -- The batch to every district and city akimat -------------------------------------------------


@dataclass(frozen=True)
class WaterFigures:
    """One unit's answer: rural settlements, of them with centralised water supply, and money
    for water supply in 2025 (million tenge): allocated, of it republican, and spent."""

    total: int
    connected: int
    allocated: str = ""
    republican: str = ""
    executed: str = ""


WATER = {
    "pavlodar": WaterFigures(8, 8, "186,4", "120,0", "181,9"),
    "aksu": WaterFigures(32, 24, "412,6", "280,0", "398,1"),
    "ekibastuz": WaterFigures(30, 21, "355,2", "230,5", "341,7"),
    "aktogay-district": WaterFigures(24, 14, "298,7", "210,0", "290,3"),
    "bayanaul-district": WaterFigures(26, 15, "521,4", "365,0", "488,6"),
    "zhelezin-district": WaterFigures(28, 17, "276,9", "190,0", "270,2"),
    "irtysh-district": WaterFigures(36, 22),
    "terenkol-district": WaterFigures(27, 18, "244,3", "160,0", "238,8"),
    "akkuly-district": WaterFigures(23, 12),
    "may-district": WaterFigures(16, 9),
    "pavlodar-district": WaterFigures(40, 33, "634,5", "450,0", "611,2"),
    "uspen-district": WaterFigures(24, 15, "219,8", "150,0", "212,4"),
    "sharbakty-district": WaterFigures(38, 33),
}


def _akimat_name(unit: str) -> str:
    return registry.UNITS[unit].akimat.kk


def water_answer(unit: str, *, late: bool = False, partial: str = "") -> str:
    """A unit akimat's answer in Kazakh; `partial` replaces the points it did not answer."""
    figures = WATER[unit]
    name = _akimat_name(unit)
    where = name.removesuffix("әкімдігі") + "аумағында"
    lines = [
        f"{name} {HEARD_KK}",
        f"1. {where} {figures.total} ауылдық елді мекен бар, оның ішінде орталықтандырылған "
        f"сумен жабдықталғаны — {figures.connected} (2026 жылғы 1 қаңтардағы жағдай бойынша).",
    ]
    if partial:
        lines.append(partial)
    else:
        lines.append(
            f"2. 2025 жылы сумен жабдықтау жобаларына {figures.allocated} млн теңге бөлінді, оның "
            f"ішінде республикалық бюджеттен — {figures.republican} млн теңге; "
            f"{figures.executed} млн теңге игерілді."
        )
        if figures.total == figures.connected:
            lines.append("3. Барлық ауылдық елді мекендер орталықтандырылған сумен жабдықталған.")
        else:
            lines.append(
                f"3. Орталықтандырылған сумен жабдықталмаған "
                f"{figures.total - figures.connected} елді мекенге ауыз су тасымалданып "
                "жеткізіледі немесе жергілікті құдықтар пайдаланылады. Олардың тізбесі мен "
                "сумен жабдықтау желілеріне қосу мерзімдері әкімдіктің интернет-ресурсында "
                "жарияланған."
            )
    if late:
        lines.append("Жауаптың кешіктірілгені үшін кешірім сұраймыз.")
    return "\n".join(lines)


def _answered(unit, source, *, due, register_after=1, classification=FULL, late=False, **kw):
    return (
        register(after=register_after),
        answer(source, water_answer(unit, late=late, **kw), due=due),
        classify(classification, after=1 if source == EMAIL else 2),
    )


WATER_BATCH = Batch(
    requester=COORDINATOR,
    language=KK,
    subject="Ауылдық елді мекендерді орталықтандырылған сумен жабдықтау: 2025 жылғы деректер",
    text=(
        "«Адал қоғам» қоғамдық бірлестігі Павлодар облысын дамыту жоспарының «Орталықтандырылған "
        "сумен жабдықталған ауылдық елді мекендер саны» индикаторының орындалуына қоғамдық "
        "мониторинг жүргізеді. Облыс бойынша деректерді аудандар мен қалалар бөлігінде салыстыру "
        "үшін " + LAW_KK_WE
    ),
    asked=(
        "1) аудандағы (қаладағы) ауылдық елді мекендер саны және олардың ішінде орталықтандырылған "
        "сумен жабдықталғандары, 2026 жылғы 1 қаңтардағы жағдай бойынша;\n"
        "2) 2025 жылы сумен жабдықтау жобаларына бөлінген және игерілген қаражат, бюджет көздері "
        "бойынша;\n"
        "3) орталықтандырылған сумен жабдықталмаған елді мекендердің тізбесі және оларды қосу "
        "мерзімдері."
    ),
    start=210,
    document=registry.REGIONAL_PLAN,
    steps={
        "pavlodar": _answered("pavlodar", EMAIL, due=-6),
        "aksu": _answered("aksu", POST, due=-2, register_after=2),
        "ekibastuz": _answered(
            "ekibastuz",
            EMAIL,
            due=-1,
            classification=PARTIAL,
            partial=(
                "2–3. Қаржыландыру туралы мәліметтер мен сумен жабдықталмаған елді мекендердің "
                "тізбесі қала әкімдігінің бөлімдерінде жинақталып жатыр, олар қосымша жіберіледі."
            ),
        ),
        "aktogay-district": _answered(
            "aktogay-district", POST, due=12, register_after=3, late=True
        ),
        "bayanaul-district": (
            register(),
            extend(
                "Ауылдық округтердің әкімдерінен мәліметтер жинау қажет болғандықтан, жауап беру "
                "мерзімі ұзартылды.",
                due=-1,
            ),
            answer(EMAIL, water_answer("bayanaul-district"), due=-3),
            classify(FULL),
        ),
        "zhelezin-district": _answered("zhelezin-district", EMAIL, due=-4, register_after=2),
        "irtysh-district": (register(after=2),),
        "terenkol-district": _answered("terenkol-district", EMAIL, due=21, late=True),
        "akkuly-district": (
            mark_overdue(due=1),
            appeal(
                "Аққулы ауданының әкімдігі «Ақпаратқа қол жеткізу туралы» Заңда белгіленген "
                "мерзімде сұрауға жауап бермеді, сұраудың тіркелгені туралы хабарлама да келген "
                "жоқ. Облыс әкімдігінен аудан әкімдігінің әрекетсіздігін қарап, сұралған "
                "ақпараттың ұсынылуын қамтамасыз етуді сұраймыз.",
                after=13,
            ),
        ),
        "may-district": _answered(
            "may-district",
            POST,
            due=5,
            register_after=2,
            classification=PARTIAL,
            late=True,
            partial=(
                "2–3. Аудандағы сумен жабдықтау жобаларының тапсырыс берушісі — облыстың "
                "энергетика және тұрғын үй-коммуналдық шаруашылық басқармасы, сондықтан "
                "қаржыландыру туралы мәліметтерді сол басқармадан сұрауды ұсынамыз."
            ),
        ),
        "pavlodar-district": _answered("pavlodar-district", EMAIL, due=-8),
        "uspen-district": _answered("uspen-district", EMAIL, due=3, register_after=2, late=True),
        "sharbakty-district": (register(),),
    },
)

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
            self._play(request, batch.start, (send(), *steps))

    def _play(self, request: InformationRequest, start: int, steps) -> None:
        day = self.today - timedelta(days=start)
        tick = 0
        InformationRequest.private_objects.filter(pk=request.pk).update(
            created_at=self._moment(day, tick)
        )
        self._stamp_last_event(request, day, tick)
        context = {}
        for step in steps:
            request.refresh_from_db()
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
