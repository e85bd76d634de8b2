"""The data participation starts with, installed by a migration: report categories, rating
criteria, moderation reasons, the trust rule and the legal term of an answer to a citizen.
Administrators correct and extend all of it in the back office afterwards.

The term: the Administrative Procedural and Process Code (APPC) of 29 June 2020 No. 350-VI,
article 76, has an administrative case started by an appeal considered within fifteen working
days of its receipt; check it against the official text on adilet.zan.kz (docs/calendar.md).
"""

ALL_BUILDINGS = ["school", "kindergarten", "health", "sport", "culture", "housing"]
SERVICES = ["school", "kindergarten", "health", "water", "heating", "sport", "culture"]

CATEGORIES = [
    # code, kinds of object (empty: any, and reports without an object), kk, ru, en
    (
        "construction-stopped",
        [],
        "Құрылыс тоқтап тұр",
        "Стройка остановлена",
        "Construction stopped",
    ),
    ("quality-of-work", [], "Жұмыс сапасы нашар", "Низкое качество работ", "Poor quality of work"),
    (
        "not-built",
        [],
        "Салынды деп есеп берілген, бірақ салынбаған",
        "Отчитались о завершении, но не построено",
        "Not built although reported done",
    ),
    (
        "service-not-provided",
        SERVICES,
        "Қызмет көрсетілмейді",
        "Услуга не оказывается",
        "Service not provided",
    ),
    ("damaged-unsafe", [], "Бүлінген немесе қауіпті", "Повреждено или опасно", "Damaged or unsafe"),
    (
        "road-defects",
        ["road"],
        "Шұңқырлар, белгілер мен жарық жоқ",
        "Ямы, нет разметки или освещения",
        "Potholes, no markings or lighting",
    ),
    (
        "water-supply",
        ["water"],
        "Су жоқ немесе сапасы нашар",
        "Нет воды или плохое качество воды",
        "No water or poor water quality",
    ),
    (
        "heating",
        ["heating", "housing"],
        "Жылу немесе ыстық су жоқ",
        "Нет отопления или горячей воды",
        "No heating or hot water",
    ),
    (
        "accessibility",
        ALL_BUILDINGS,
        "Мүмкіндігі шектеулі адамдарға қолжетімсіз",
        "Недоступно для людей с инвалидностью",
        "Not accessible for people with disabilities",
    ),
    (
        "figure-mismatch",
        [],
        "Есептегі көрсеткіш шындыққа сәйкес емес",
        "Отчётная цифра не соответствует действительности",
        "The reported figure does not match reality",
    ),
    ("other", [], "Басқа мәселе", "Другая проблема", "Other problem"),
]

CRITERIA = [
    (
        "quality",
        [],
        "Құрылыс пен жұмыс сапасы",
        "Качество строительства и работ",
        "Quality of construction and work",
    ),
    ("service", SERVICES, "Қызмет сапасы", "Качество услуги", "Quality of the service"),
    ("accessibility", [], "Қолжетімділік", "Доступность", "Accessibility"),
    ("upkeep", [], "Тазалық пен күтім", "Чистота и содержание", "Cleanliness and upkeep"),
    (
        "safety",
        ["road", "school", "kindergarten", "sport"],
        "Қауіпсіздік",
        "Безопасность",
        "Safety",
    ),
]

REASONS = [
    # code, offered to users who flag, kk, ru, en
    ("personal-data", True, "Жеке деректер", "Персональные данные", "Personal data"),
    ("insult", True, "Қорлау", "Оскорбление", "Insult"),
    ("spam", True, "Спам", "Спам", "Spam"),
    ("off-topic", True, "Бұл объект туралы емес", "Не об этом объекте", "Not about this object"),
    ("duplicate", True, "Қайталанады", "Повтор", "Duplicate"),
    ("unlawful", True, "Заңсыз мазмұн", "Противоправное содержание", "Unlawful content"),
    (
        "face-or-plate",
        False,
        "Адамның беті немесе көлік нөмірі көрінеді",
        "Видно лицо или номер автомобиля",
        "A face or a number plate is visible",
    ),
    ("meets-rules", False, "Ережелерге сай", "Соответствует правилам", "Meets the rules"),
]

ANSWER_RULE = {
    "code": "citizen-report-answer",
    "days": 15,
    "unit": "working",
    "name": {
        "kk": "Азаматтың өтінішіне жауап беру",
        "ru": "Ответ на обращение гражданина",
        "en": "Answer to a citizen's appeal",
    },
    "legal_reference": {
        "kk": "Қазақстан Республикасының 2020 жылғы 29 маусымдағы № 350-VI Әкімшілік "
        "рәсімдік-процестік кодексі, 76-бап",
        "ru": "Административный процедурно-процессуальный кодекс Республики Казахстан от 29 "
        "июня 2020 года № 350-VI, статья 76",
        "en": "Administrative Procedural and Process Code of the Republic of Kazakhstan No. "
        "350-VI of 29 June 2020, art. 76",
    },
}


LANGUAGES = ("kk", "ru", "en")


def _names(field, kk, ru, en):
    # The untranslated column holds the default language (kk), as modeltranslation does.
    return {field: kk, f"{field}_kk": kk, f"{field}_ru": ru, f"{field}_en": en}


def install(get_model) -> None:
    """Create what is missing (a row that exists is left alone); `get_model` is a migration's
    `apps.get_model`, or the installed apps' for the demo, whose database a test may have
    emptied."""
    Category = get_model("participation", "Category")
    RatingCriterion = get_model("participation", "RatingCriterion")
    ModerationReason = get_model("participation", "ModerationReason")
    TrustRule = get_model("participation", "TrustRule")
    DeadlineRule = get_model("core", "DeadlineRule")
    for order, (code, kinds, kk, ru, en) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            code=code,
            defaults={"object_kinds": kinds, "order": order, **_names("name", kk, ru, en)},
        )
    for order, (code, kinds, kk, ru, en) in enumerate(CRITERIA):
        RatingCriterion.objects.get_or_create(
            code=code,
            defaults={"object_kinds": kinds, "order": order, **_names("name", kk, ru, en)},
        )
    for order, (code, flaggable, kk, ru, en) in enumerate(REASONS):
        ModerationReason.objects.get_or_create(
            code=code,
            defaults={"flaggable": flaggable, "order": order, **_names("name", kk, ru, en)},
        )
    if not TrustRule.objects.exists():
        TrustRule.objects.create()
    rule = ANSWER_RULE
    DeadlineRule.objects.get_or_create(
        code=rule["code"],
        defaults={
            "days": rule["days"],
            "unit": rule["unit"],
            **_names("name", *(rule["name"][lang] for lang in LANGUAGES)),
            **_names("legal_reference", *(rule["legal_reference"][lang] for lang in LANGUAGES)),
        },
    )
