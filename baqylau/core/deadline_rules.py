"""The legal terms that Baqylau counts, as first installed by a data migration.

After installation the rules live in the database (DeadlineRule) and an administrator corrects
them in the admin; this list is only the starting point. Every number and article reference must
be checked against the official texts on adilet.zan.kz (see docs/calendar.md).
"""

ACCESS_TO_INFORMATION = {
    "kk": "«Ақпаратқа қол жеткізу туралы» Қазақстан Республикасының 2015 жылғы 16 қарашадағы "
    "№ 401-V Заңы, 11-бап",
    "ru": "Закон Республики Казахстан от 16 ноября 2015 года № 401-V «О доступе к информации», "
    "статья 11",
    "en": "Law of the Republic of Kazakhstan No. 401-V of 16 November 2015 «On Access to "
    "Information», art. 11",
}

PUBLIC_CONTROL = {
    "kk": "«Қоғамдық бақылау туралы» Қазақстан Республикасының 2023 жылғы 2 қазандағы "
    "№ 30-VIII Заңы, 13-бап",
    "ru": "Закон Республики Казахстан от 2 октября 2023 года № 30-VIII «Об общественном "
    "контроле», статья 13",
    "en": "Law of the Republic of Kazakhstan No. 30-VIII of 2 October 2023 «On Public Control», "
    "art. 13",
}

INITIAL_RULES = [
    {
        "code": "info-request-answer",
        "days": 15,
        "unit": "calendar",
        "name": {
            "kk": "Ақпарат сұрауына жауап беру",
            "ru": "Ответ на запрос информации",
            "en": "Answer to an information request",
        },
        "legal_reference": ACCESS_TO_INFORMATION,
    },
    {
        "code": "info-request-extension",
        "days": 15,
        "unit": "calendar",
        "name": {
            "kk": "Ақпарат сұрауына жауап беру мерзімін ұзарту",
            "ru": "Продление срока ответа на запрос информации",
            "en": "Extension of the answer to an information request",
        },
        "legal_reference": ACCESS_TO_INFORMATION,
    },
    {
        "code": "final-document-send",
        "days": 7,
        "unit": "working",
        "name": {
            "kk": "Қоғамдық бақылаудың қорытынды құжатын бақылау объектісіне жіберу",
            "ru": "Направление итогового документа общественного контроля объекту контроля",
            "en": "Sending the final document of public control to the object of control",
        },
        "legal_reference": PUBLIC_CONTROL,
    },
    {
        "code": "recommendation-answer",
        "days": 10,
        "unit": "working",
        "name": {
            "kk": "Әрбір ұсынымға дәлелді жауап беру",
            "ru": "Мотивированный ответ на каждую рекомендацию",
            "en": "Reasoned answer to each recommendation",
        },
        "legal_reference": PUBLIC_CONTROL,
    },
    {
        # Counted from the day the subject is notified: the result is the earliest day on which
        # the object may take its decision.
        "code": "decision-notice",
        "days": 3,
        "unit": "working",
        "name": {
            "kk": "Шешім қабылданғанға дейін қоғамдық бақылау субъектісін хабардар ету",
            "ru": "Уведомление субъекта общественного контроля до принятия решения",
            "en": "Notice to the subject of public control before the decision",
        },
        "legal_reference": PUBLIC_CONTROL,
    },
]
