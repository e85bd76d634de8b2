"""The demo texts and figures: Pavlodar region, its bodies, plans, indicators and objects.

All figures are illustrative. Texts are given in Kazakh, Russian and English (`T(kk, ru, en)`).
Amounts of money are in billions (documents) or millions (contracts) of tenge. Plan and actual
lists follow the document's years; None means no value. An actual is published on
`actual_on` = (month, day) of the year after the one it measures.
"""

from datetime import date
from typing import NamedTuple

from baqylau.accounts.models import Role
from baqylau.registry.models import Financing, Organisation, PlanningDocument, ProjectObject


class T(NamedTuple):
    kk: str
    ru: str
    en: str


Kind = Organisation.Kind
Source = Financing.Source
ObjKind = ProjectObject.Kind
ObjStatus = ProjectObject.Status

PASSWORD = "baqylau-demo"
GOV_SITE = "https://www.gov.kz/memleket/entities/pavlodar"


# -- Territories: the 13 units of Pavlodar region, their towns and akimats ------------------


class Unit(NamedTuple):
    district: T | None  # None for a city administration
    town: T | None  # the city, or the district's administrative centre
    akimat: T
    street: T  # the akimat's street address in the town
    phone: str
    email: str
    office_in: str = ""  # a unit administered from elsewhere: where its akimat sits


UNITS = {
    "pavlodar": Unit(
        None,
        T("Павлодар қаласы", "г. Павлодар", "Pavlodar"),
        T("Павлодар қаласының әкімдігі", "Акимат города Павлодара", "Akimat of Pavlodar City"),
        T(
            "Академик Сәтбаев көшесі, 49",
            "ул. Академика Сатпаева, 49",
            "49 Academician Satpayev St",
        ),
        "+7 7182 32-22-95",
        "akimat.pavlodar@pavlodar.gov.kz",
    ),
    "aksu": Unit(
        None,
        T("Ақсу қаласы", "г. Аксу", "Aksu"),
        T("Ақсу қаласының әкімдігі", "Акимат города Аксу", "Akimat of Aksu City"),
        T("Абай көшесі, 21", "ул. Абая, 21", "21 Abai St"),
        "+7 71837 6-12-40",
        "akimat.aksu@pavlodar.gov.kz",
    ),
    "ekibastuz": Unit(
        None,
        T("Екібастұз қаласы", "г. Экибастуз", "Ekibastuz"),
        T("Екібастұз қаласының әкімдігі", "Акимат города Экибастуза", "Akimat of Ekibastuz City"),
        T("Мәшһүр Жүсіп көшесі, 86", "ул. Машхур Жусупа, 86", "86 Mashhur Zhusup St"),
        "+7 7187 34-11-20",
        "akimat.ekibastuz@pavlodar.gov.kz",
    ),
    "aktogay-district": Unit(
        T("Ақтоғай ауданы", "Актогайский район", "Aktogay District"),
        T("Ақтоғай ауылы", "с. Актогай", "Aktogay"),
        T("Ақтоғай ауданының әкімдігі", "Акимат Актогайского района", "Akimat of Aktogay District"),
        T("Абай көшесі, 79", "ул. Абая, 79", "79 Abai St"),
        "+7 71841 2-15-30",
        "akimat.aktogay@pavlodar.gov.kz",
    ),
    "bayanaul-district": Unit(
        T("Баянауыл ауданы", "Баянаульский район", "Bayanaul District"),
        T("Баянауыл ауылы", "с. Баянаул", "Bayanaul"),
        T(
            "Баянауыл ауданының әкімдігі",
            "Акимат Баянаульского района",
            "Akimat of Bayanaul District",
        ),
        T("Сәтбаев көшесі, 49", "ул. Сатпаева, 49", "49 Satpayev St"),
        "+7 71840 9-13-44",
        "akimat.bayanaul@pavlodar.gov.kz",
    ),
    "zhelezin-district": Unit(
        T("Железин ауданы", "Железинский район", "Zhelezin District"),
        T("Железин ауылы", "с. Железинка", "Zhelezinka"),
        T(
            "Железин ауданының әкімдігі",
            "Акимат Железинского района",
            "Akimat of Zhelezin District",
        ),
        T("Абай көшесі, 13", "ул. Абая, 13", "13 Abai St"),
        "+7 71831 2-21-05",
        "akimat.zhelezin@pavlodar.gov.kz",
    ),
    "irtysh-district": Unit(
        T("Ертіс ауданы", "Иртышский район", "Irtysh District"),
        T("Ертіс ауылы", "с. Иртышск", "Irtyshsk"),
        T("Ертіс ауданының әкімдігі", "Акимат Иртышского района", "Akimat of Irtysh District"),
        T("Сәтбаев көшесі, 7", "ул. Сатпаева, 7", "7 Satpayev St"),
        "+7 71832 2-23-16",
        "akimat.irtysh@pavlodar.gov.kz",
    ),
    "terenkol-district": Unit(
        T("Тереңкөл ауданы", "Теренкольский район", "Terenkol District"),
        T("Тереңкөл ауылы", "с. Теренколь", "Terenkol"),
        T(
            "Тереңкөл ауданының әкімдігі",
            "Акимат Теренкольского района",
            "Akimat of Terenkol District",
        ),
        T("Тәуелсіздік көшесі, 12", "ул. Тәуелсіздік, 12", "12 Tauelsizdik St"),
        "+7 71833 2-14-52",
        "akimat.terenkol@pavlodar.gov.kz",
    ),
    "akkuly-district": Unit(
        T("Аққулы ауданы", "Аккулинский район", "Akkuly District"),
        T("Аққулы ауылы", "с. Аккулы", "Akkuly"),
        T("Аққулы ауданының әкімдігі", "Акимат Аккулинского района", "Akimat of Akkuly District"),
        T("Абай көшесі, 67", "ул. Абая, 67", "67 Abai St"),
        "+7 71839 2-11-63",
        "akimat.akkuly@pavlodar.gov.kz",
    ),
    "may-district": Unit(
        T("Май ауданы", "Майский район", "May District"),
        T("Көктөбе ауылы", "с. Коктобе", "Koktobe"),
        T("Май ауданының әкімдігі", "Акимат Майского района", "Akimat of May District"),
        T("Сәтбаев көшесі, 2", "ул. Сатпаева, 2", "2 Satpayev St"),
        "+7 71838 9-12-27",
        "akimat.may@pavlodar.gov.kz",
    ),
    "pavlodar-district": Unit(
        T("Павлодар ауданы", "Павлодарский район", "Pavlodar District"),
        None,
        T(
            "Павлодар ауданының әкімдігі",
            "Акимат Павлодарского района",
            "Akimat of Pavlodar District",
        ),
        T("Кутузов көшесі, 6", "ул. Кутузова, 6", "6 Kutuzov St"),
        "+7 7182 55-31-08",
        "akimat.pavlodar-district@pavlodar.gov.kz",
        office_in="pavlodar",  # the district is administered from the city
    ),
    "uspen-district": Unit(
        T("Успен ауданы", "Успенский район", "Uspen District"),
        T("Успен ауылы", "с. Успенка", "Uspenka"),
        T("Успен ауданының әкімдігі", "Акимат Успенского района", "Akimat of Uspen District"),
        T("Абай көшесі, 94", "ул. Абая, 94", "94 Abai St"),
        "+7 71834 9-17-81",
        "akimat.uspen@pavlodar.gov.kz",
    ),
    "sharbakty-district": Unit(
        T("Шарбақты ауданы", "Шарбактинский район", "Sharbakty District"),
        T("Шарбақты ауылы", "с. Шарбакты", "Sharbakty"),
        T(
            "Шарбақты ауданының әкімдігі",
            "Акимат Шарбактинского района",
            "Akimat of Sharbakty District",
        ),
        T("Достық көшесі, 30", "ул. Достык, 30", "30 Dostyk St"),
        "+7 71836 2-18-49",
        "akimat.sharbakty@pavlodar.gov.kz",
    ),
}


def akimat_slug(unit: str) -> str:
    return f"{unit}-akimat"


# -- Organisations ----------------------------------------------------------------------------
# In order: a parent comes before its subordinates. "unit" places the address in a town.

REGIONAL_AKIMAT = "pavlodar-region-akimat"
EDUCATION = "pavlodar-education-department"
CONSTRUCTION = "pavlodar-construction-department"
ROADS = "pavlodar-roads-department"
UTILITIES = "pavlodar-energy-utilities-department"
HEALTH = "pavlodar-health-department"
MINISTRY_OF_EDUCATION = "ministry-of-education"
NGO_ADAL = "adal-kogam"
NGO_ASHYQ = "ashyq-aimaq"
NGO_EKIBASTUZ = "ekibastuz-civic-initiatives"
BUILDER = "pavlodar-qurylys-invest"
ROAD_BUILDER = "ertis-zhol-service"
WATER_BUILDER = "aksu-su-qurylys"
HEAT_BUILDER = "ekibastuz-teplomontazh"
HEALTH_BUILDER = "saryarqa-medstroy"


def _department(slug, name, short, street, phone, email):
    return {
        "slug": slug,
        "kind": Kind.AKIMAT_DEPARTMENT,
        "parent": REGIONAL_AKIMAT,
        "territory": "pavlodar-region",
        "name": name,
        "short_name": short,
        "unit": "pavlodar",
        "street": street,
        "phone": phone,
        "email": email,
        "website": GOV_SITE,
    }


def _company(slug, name, short, unit, street, phone, email):
    return {
        "slug": slug,
        "kind": Kind.COMPANY,
        "name": name,
        "short_name": short,
        "unit": unit,
        "street": street,
        "phone": phone,
        "email": email,
    }


ORGANISATIONS = [
    {
        "slug": MINISTRY_OF_EDUCATION,
        "kind": Kind.MINISTRY,
        "territory": "kazakhstan",
        "name": T(
            "Қазақстан Республикасының Оқу-ағарту министрлігі",
            "Министерство просвещения Республики Казахстан",
            "Ministry of Education of the Republic of Kazakhstan",
        ),
        "short_name": T("Оқу-ағарту министрлігі", "Минпросвещения", "Ministry of Education"),
        "address": T(
            "Астана қаласы, Мәңгілік Ел даңғылы, 8, Министрліктер үйі",
            "г. Астана, пр. Мангилик Ел, 8, Дом министерств",
            "House of Ministries, 8 Mangilik Yel Ave, Astana",
        ),
        "website": "https://www.gov.kz/memleket/entities/edu",
    },
    {
        "slug": REGIONAL_AKIMAT,
        "kind": Kind.AKIMAT,
        "territory": "pavlodar-region",
        "name": T(
            "Павлодар облысының әкімдігі",
            "Акимат Павлодарской области",
            "Akimat of Pavlodar Region",
        ),
        "short_name": T("Облыс әкімдігі", "Акимат области", "Regional akimat"),
        "unit": "pavlodar",
        "street": T("Астана көшесі, 61", "ул. Астана, 61", "61 Astana St"),
        "phone": "+7 7182 32-11-00",
        "email": "akimat@pavlodar.gov.kz",
        "website": GOV_SITE,
    },
    _department(
        EDUCATION,
        T(
            "Павлодар облысының білім беру басқармасы",
            "Управление образования Павлодарской области",
            "Education Department of Pavlodar Region",
        ),
        T("Білім беру басқармасы", "Управление образования", "Education Department"),
        T("Кривенко көшесі, 25", "ул. Кривенко, 25", "25 Krivenko St"),
        "+7 7182 32-24-10",
        "edu@pavlodar.gov.kz",
    ),
    _department(
        CONSTRUCTION,
        T(
            "Павлодар облысының құрылыс, сәулет және қала құрылысы басқармасы",
            "Управление строительства, архитектуры и градостроительства Павлодарской области",
            "Department of Construction, Architecture and Urban Planning of Pavlodar Region",
        ),
        T("Құрылыс басқармасы", "Управление строительства", "Construction Department"),
        T("Астана көшесі, 61", "ул. Астана, 61", "61 Astana St"),
        "+7 7182 32-17-35",
        "stroy@pavlodar.gov.kz",
    ),
    _department(
        ROADS,
        T(
            "Павлодар облысының жолаушылар көлігі және автомобиль жолдары басқармасы",
            "Управление пассажирского транспорта и автомобильных дорог Павлодарской области",
            "Department of Passenger Transport and Highways of Pavlodar Region",
        ),
        T("Жолдар басқармасы", "Управление автодорог", "Highways Department"),
        T("Луначарский көшесі, 11", "ул. Луначарского, 11", "11 Lunacharsky St"),
        "+7 7182 32-05-61",
        "roads@pavlodar.gov.kz",
    ),
    _department(
        UTILITIES,
        T(
            "Павлодар облысының энергетика және тұрғын үй-коммуналдық шаруашылық басқармасы",
            "Управление энергетики и жилищно-коммунального хозяйства Павлодарской области",
            "Department of Energy and Housing and Communal Services of Pavlodar Region",
        ),
        T("Энергетика және ТКШ басқармасы", "Управление энергетики и ЖКХ", "Energy Department"),
        T("Естай көшесі, 39", "ул. Естая, 39", "39 Estai St"),
        "+7 7182 32-40-77",
        "energy@pavlodar.gov.kz",
    ),
    _department(
        HEALTH,
        T(
            "Павлодар облысының денсаулық сақтау басқармасы",
            "Управление здравоохранения Павлодарской области",
            "Health Department of Pavlodar Region",
        ),
        T("Денсаулық сақтау басқармасы", "Управление здравоохранения", "Health Department"),
        T("Қайырбаев көшесі, 32", "ул. Каирбаева, 32", "32 Kairbayev St"),
        "+7 7182 32-36-48",
        "health@pavlodar.gov.kz",
    ),
    *[
        {
            "slug": akimat_slug(slug),
            "kind": Kind.DISTRICT_AKIMAT,
            "parent": REGIONAL_AKIMAT,
            "territory": slug,
            "name": unit.akimat,
            "unit": unit.office_in or slug,
            "street": unit.street,
            "phone": unit.phone,
            "email": unit.email,
            "website": GOV_SITE,
        }
        for slug, unit in UNITS.items()
    ],
    {
        "slug": NGO_ADAL,
        "kind": Kind.NGO,
        "territory": "pavlodar-region",
        "name": T(
            "«Адал қоғам» қоғамдық қоры",
            "Общественный фонд «Адал қоғам»",
            "Public Foundation 'Adal Kogam'",
        ),
        "short_name": T("Адал қоғам", "Адал қоғам", "Adal Kogam"),
        "description": T(
            "Мемлекеттік бағдарламалардың орындалуына және бюджет қаражатының жұмсалуына "
            "қоғамдық мониторинг жүргізетін павлодарлық қор.",
            "Павлодарский фонд, который ведёт общественный мониторинг исполнения "
            "государственных программ и расходования бюджетных средств.",
            "A Pavlodar foundation that monitors how state programs are carried out and how "
            "budget money is spent.",
        ),
        "unit": "pavlodar",
        "street": T(
            "Торайғыров көшесі, 64, 12-кеңсе",
            "ул. Торайгырова, 64, офис 12",
            "64 Toraigyrov St, office 12",
        ),
        "phone": "+7 705 512 44 81",
        "email": "info@adal-kogam.kz",
    },
    {
        "slug": NGO_ASHYQ,
        "kind": Kind.NGO,
        "territory": "pavlodar-region",
        "name": T(
            "«Ашық аймақ» қоғамдық бірлестігі",
            "Общественное объединение «Ашық аймақ»",
            "Public Association 'Ashyq Aimaq'",
        ),
        "short_name": T("Ашық аймақ", "Ашық аймақ", "Ashyq Aimaq"),
        "description": T(
            "Тұрғындарды жергілікті бюджет пен инфрақұрылым нысандарын бақылауға тартады және "
            "порталдағы азаматтардың хабарламаларын модерациялайды.",
            "Вовлекает жителей в контроль местного бюджета и объектов инфраструктуры и "
            "модерирует сообщения граждан на портале.",
            "Involves residents in scrutinising the local budget and infrastructure projects, "
            "and moderates citizens' reports on the portal.",
        ),
        "unit": "pavlodar",
        "street": T("Естай көшесі, 83", "ул. Естая, 83", "83 Estai St"),
        "phone": "+7 777 301 62 19",
        "email": "info@ashyq-aimaq.kz",
    },
    {
        "slug": NGO_EKIBASTUZ,
        "kind": Kind.NGO,
        "territory": "ekibastuz",
        "name": T(
            "«Екібастұз азаматтық бастамалар орталығы» қоғамдық қоры",
            "Общественный фонд «Центр гражданских инициатив Экибастуза»",
            "Public Foundation 'Ekibastuz Civic Initiatives Centre'",
        ),
        "short_name": T("ЕАБО", "ЦГИ Экибастуза", "Ekibastuz Civic Initiatives"),
        "description": T(
            "Екібастұзда коммуналдық қызметтер мен жылумен жабдықтау сапасын азаматтық баға "
            "карталары арқылы бағалайды.",
            "Оценивает качество коммунальных услуг и теплоснабжения в Экибастузе с помощью "
            "гражданских оценочных карт.",
            "Rates the quality of utilities and district heating in Ekibastuz with citizen "
            "report cards.",
        ),
        "unit": "ekibastuz",
        "street": T("Сәтбаев көшесі, 44", "ул. Сатпаева, 44", "44 Satpayev St"),
        "phone": "+7 747 220 35 07",
        "email": "office@eki-initiatives.kz",
    },
    _company(
        BUILDER,
        T(
            "«Павлодар Құрылыс Инвест» ЖШС",
            "ТОО «Павлодар Құрылыс Инвест»",
            "Pavlodar Qurylys Invest LLP",
        ),
        T("Павлодар Құрылыс Инвест", "Павлодар Құрылыс Инвест", "Pavlodar Qurylys Invest"),
        "pavlodar",
        T("Ломов көшесі, 45", "ул. Ломова, 45", "45 Lomov St"),
        "+7 7182 61-40-12",
        "office@pqi.kz",
    ),
    _company(
        ROAD_BUILDER,
        T("«Ертіс Жол Сервис» ЖШС", "ТОО «Ертіс Жол Сервис»", "Ertis Zhol Service LLP"),
        T("Ертіс Жол Сервис", "Ертіс Жол Сервис", "Ertis Zhol Service"),
        "pavlodar",
        T("Қайырбаев көшесі, 104", "ул. Каирбаева, 104", "104 Kairbayev St"),
        "+7 7182 53-72-90",
        "info@ertiszhol.kz",
    ),
    _company(
        WATER_BUILDER,
        T("«Ақсу Су Құрылыс» ЖШС", "ТОО «Ақсу Су Құрылыс»", "Aksu Su Qurylys LLP"),
        T("Ақсу Су Құрылыс", "Ақсу Су Құрылыс", "Aksu Su Qurylys"),
        "aksu",
        T("Сәтбаев көшесі, 18", "ул. Сатпаева, 18", "18 Satpayev St"),
        "+7 71837 5-30-44",
        "aksu-su@mail.kz",
    ),
    _company(
        HEAT_BUILDER,
        T("«ЭкибастузТеплоМонтаж» ЖШС", "ТОО «ЭкибастузТеплоМонтаж»", "EkibastuzTeploMontazh LLP"),
        T("ЭкибастузТеплоМонтаж", "ЭкибастузТеплоМонтаж", "EkibastuzTeploMontazh"),
        "ekibastuz",
        T("Энергетиктер көшесі, 3", "ул. Энергетиков, 3", "3 Energetikov St"),
        "+7 7187 75-21-36",
        "info@etm.kz",
    ),
    _company(
        HEALTH_BUILDER,
        T("«Сарыарқа МедСтрой» ЖШС", "ТОО «Сарыарқа МедСтрой»", "Saryarqa MedStroy LLP"),
        T("Сарыарқа МедСтрой", "Сарыарқа МедСтрой", "Saryarqa MedStroy"),
        "pavlodar",
        T("Академик Марғұлан көшесі, 7", "ул. Академика Маргулана, 7", "7 Academician Margulan St"),
        "+7 7182 70-16-58",
        "tender@saryarqa-medstroy.kz",
    ),
]


# -- Indicators -------------------------------------------------------------------------------

PERCENT = T("%", "%", "%")
UNITS_COUNT = T("бірлік", "ед.", "units")
PER_1000_BIRTHS = T(
    "1000 тірі туғанға шаққанда", "на 1000 родившихся живыми", "per 1,000 live births"
)
YEARS = T("жыл", "лет", "years")
THOUSAND_M2 = T("мың м²", "тыс. м²", "thousand m²")
PER_100K = T("100 мың тұрғынға шаққанда", "на 100 тыс. населения", "per 100,000 population")
BILLION_TENGE = T("млрд теңге", "млрд тенге", "billion tenge")
PREVIOUS_YEAR = T("алдыңғы жылға %", "% к предыдущему году", "% of previous year")
THOUSAND_PLACES = T("мың орын", "тыс. мест", "thousand places")
THOUSAND_PEOPLE = T("мың адам", "тыс. человек", "thousand people")

# Sources of the actual values (stored as written, in the state language).
STATISTICS = "ҚР СЖРА Ұлттық статистика бюросы"
EDUCATION_REPORT = "Павлодар облысы білім беру басқармасының есебі"
HEALTH_REPORT = "Павлодар облысы денсаулық сақтау басқармасының есебі"
ROADS_REPORT = "Павлодар облысы жолаушылар көлігі және автомобиль жолдары басқармасының есебі"
UTILITIES_REPORT = "Павлодар облысы энергетика және ТКШ басқармасының есебі"
MINISTRY_REPORT = "ҚР Оқу-ағарту министрлігінің ұлттық жобаның іске асырылуы туралы есебі"
EKIBASTUZ_REPORT = "Екібастұз қаласы әкімдігінің даму жоспарын іске асыру туралы есебі"


def indicator(code, name, unit, *, lower=False, baseline, plan, actual, source, actual_on):
    return {
        "code": code,
        "name": name,
        "unit": unit,
        "lower_is_better": lower,
        "baseline": baseline,  # (year, value)
        "plan": plan,
        "actual": actual,
        "source": source,
        "actual_on": actual_on,
    }


KINDERGARTEN_COVERAGE = T(
    "2–6 жас аралығындағы балаларды мектепке дейінгі тәрбиемен және оқытумен қамту",
    "Охват детей в возрасте от 2 до 6 лет дошкольным воспитанием и обучением",
    "Preschool coverage of children aged 2 to 6",
)

REGIONAL_DIRECTIONS = [
    T("Өмір сапасы", "Качество жизни", "Quality of life"),
    T("Жайлы әрі қауіпсіз өңір", "Комфортный и безопасный регион", "A comfortable and safe region"),
    T("Экономикалық өсу", "Экономический рост", "Economic growth"),
]

REGIONAL_GOALS = [
    {
        "number": "1.1",
        "direction": 1,
        "name": T(
            "Білім берудің сапасы мен қолжетімділігін арттыру",
            "Повышение качества и доступности образования",
            "Better quality of and access to education",
        ),
        "indicators": [
            indicator(
                "1.1.1",
                KINDERGARTEN_COVERAGE,
                PERCENT,
                baseline=(2020, "88.4"),
                plan=["90.0", "92.0", "94.5", "97.0", "100.0"],
                actual=["89.1", "92.3", "94.0", "96.2", "98.4"],
                source=EDUCATION_REPORT,
                actual_on=(2, 10),
            ),
            indicator(
                "1.1.2",
                T(
                    "Үш ауысымды мектептер саны",
                    "Количество трёхсменных школ",
                    "Schools teaching in three shifts",
                ),
                UNITS_COUNT,
                lower=True,
                baseline=(2020, "3"),
                plan=["3", "2", "1", "0", "0"],
                actual=["3", "2", "1", "1", "0"],
                source=EDUCATION_REPORT,
                actual_on=(1, 20),
            ),
            indicator(
                "1.1.3",
                T(
                    "Апатты жағдайдағы мектептер саны",
                    "Количество школ в аварийном состоянии",
                    "Schools in emergency condition",
                ),
                UNITS_COUNT,
                lower=True,
                baseline=(2020, "5"),
                plan=["5", "4", "3", "1", "0"],
                actual=["5", "4", "4", "1", "1"],
                source=EDUCATION_REPORT,
                actual_on=(1, 20),
            ),
        ],
    },
    {
        "number": "1.2",
        "direction": 1,
        "name": T(
            "Халықтың денсаулығын нығайту",
            "Укрепление здоровья населения",
            "Better public health",
        ),
        "indicators": [
            indicator(
                "1.2.1",
                T("Нәресте өлімінің деңгейі", "Младенческая смертность", "Infant mortality"),
                PER_1000_BIRTHS,
                lower=True,
                baseline=(2020, "7.9"),
                plan=["7.7", "7.5", "7.3", "7.1", "6.9"],
                actual=["8.1", "7.4", "7.6", "7.0", None],
                source=STATISTICS,
                actual_on=(6, 20),
            ),
            indicator(
                "1.2.2",
                T(
                    "Туған кездегі күтілетін өмір сүру ұзақтығы",
                    "Ожидаемая продолжительность жизни при рождении",
                    "Life expectancy at birth",
                ),
                YEARS,
                baseline=(2020, "70.3"),
                plan=["70.8", "71.5", "72.3", "73.0", "73.6"],
                actual=["69.6", "71.9", "72.6", "73.1", None],
                source=STATISTICS,
                actual_on=(6, 20),
            ),
        ],
    },
    {
        "number": "1.3",
        "direction": 1,
        "name": T(
            "Халықты тиімді жұмыспен қамту",
            "Эффективная занятость населения",
            "Productive employment",
        ),
        "indicators": [
            indicator(
                "1.3.1",
                T("Жұмыссыздық деңгейі", "Уровень безработицы", "Unemployment rate"),
                PERCENT,
                lower=True,
                baseline=(2020, "4.9"),
                plan=["4.8", "4.8", "4.7", "4.7", "4.6"],
                actual=["4.9", "4.7", "4.7", "4.6", "4.6"],
                source=STATISTICS,
                actual_on=(2, 15),
            ),
        ],
    },
    {
        "number": "2.1",
        "direction": 2,
        "name": T(
            "Инженерлік және көлік инфрақұрылымын дамыту",
            "Развитие инженерной и транспортной инфраструктуры",
            "Utilities and transport infrastructure",
        ),
        "indicators": [
            indicator(
                "2.1.1",
                T(
                    "Жақсы және қанағаттанарлық жағдайдағы облыстық және аудандық маңызы бар "
                    "автомобиль жолдарының үлесі",
                    "Доля автомобильных дорог областного и районного значения в хорошем и "
                    "удовлетворительном состоянии",
                    "Share of regional and district roads in good or satisfactory condition",
                ),
                PERCENT,
                baseline=(2020, "78.0"),
                plan=["80.0", "83.0", "86.0", "89.0", "92.0"],
                actual=["80.4", "82.1", "84.5", "86.0", "88.3"],
                source=ROADS_REPORT,
                actual_on=(2, 1),
            ),
            indicator(
                "2.1.2",
                T(
                    "Орталықтандырылған ауыз сумен жабдықтауға қолжетімділігі бар ауыл "
                    "халқының үлесі",
                    "Доля сельского населения, имеющего доступ к централизованному питьевому "
                    "водоснабжению",
                    "Share of rural population with access to centralised drinking water",
                ),
                PERCENT,
                baseline=(2020, "78.5"),
                plan=["81.0", "84.0", "87.0", "90.0", "93.0"],
                actual=["81.3", "83.1", "85.9", "88.7", "90.2"],
                source=UTILITIES_REPORT,
                actual_on=(1, 1),
            ),
            indicator(
                "2.1.3",
                T(
                    "Ауыз сумен қамтамасыз етілген халықтың үлесі",
                    "Доля населения, обеспеченного питьевой водой",
                    "Share of population with drinking water supply",
                ),
                PERCENT,
                baseline=(2020, "97.4"),
                plan=["97.8", "98.2", "98.6", "99.0", "99.4"],
                actual=["97.9", "98.3", "98.7", "99.1", "99.3"],
                source=UTILITIES_REPORT,
                actual_on=(1, 1),
            ),
            indicator(
                "2.1.4",
                T(
                    "Орталықтандырылған сумен жабдықталған ауылдық елді мекендер саны "
                    "(352 елді мекеннің)",
                    "Количество сельских населённых пунктов с централизованным водоснабжением "
                    "(из 352)",
                    "Rural settlements with centralised water supply (of 352)",
                ),
                UNITS_COUNT,
                baseline=(2020, "205"),
                plan=["212", "219", "226", "236", "246"],
                actual=["213", "220", "224", "234", "241"],
                source=UTILITIES_REPORT,
                actual_on=(1, 1),
            ),
        ],
    },
    {
        "number": "2.2",
        "direction": 2,
        "name": T(
            "Тұрғын үйдің қолжетімділігі және тұрғын үй-коммуналдық шаруашылықты жаңғырту",
            "Доступность жилья и модернизация жилищно-коммунального хозяйства",
            "Affordable housing and modern utilities",
        ),
        "indicators": [
            indicator(
                "2.2.1",
                T("Тұрғын үйді пайдалануға беру", "Ввод в эксплуатацию жилья", "Housing built"),
                THOUSAND_M2,
                baseline=(2020, "367.0"),
                plan=["380", "405", "430", "455", "480"],
                actual=["392.6", "371.8", "441.3", "398.2", "452.7"],
                source=STATISTICS,
                actual_on=(2, 5),
            ),
            indicator(
                "2.2.2",
                T("Жылу желілерінің тозуы", "Износ тепловых сетей", "Wear of heat networks"),
                PERCENT,
                lower=True,
                baseline=(2020, "72.0"),
                plan=["70.0", "68.0", "65.0", "62.0", "58.0"],
                actual=["71.5", "69.8", "68.9", "69.5", "66.0"],
                source=UTILITIES_REPORT,
                actual_on=(2, 20),
            ),
        ],
    },
    {
        "number": "2.3",
        "direction": 2,
        "name": T(
            "Тұрғындар үшін қауіпсіз орта",
            "Безопасная среда для жителей",
            "A safe environment for residents",
        ),
        "indicators": [
            indicator(
                "2.3.1",
                T(
                    "Жол-көлік оқиғаларында қаза тапқандар саны",
                    "Число погибших в дорожно-транспортных происшествиях",
                    "Road traffic deaths",
                ),
                PER_100K,
                lower=True,
                baseline=(2020, "9.8"),
                plan=["9.5", "9.2", "8.9", "8.6", "8.3"],
                actual=["10.4", "9.1", "9.6", "8.4", "8.5"],
                source=STATISTICS,
                actual_on=(3, 15),
            ),
        ],
    },
    {
        "number": "3.1",
        "direction": 3,
        "name": T(
            "Инвестициялар және өнеркәсіпті дамыту",
            "Инвестиции и развитие промышленности",
            "Investment and industry",
        ),
        "indicators": [
            indicator(
                "3.1.1",
                T(
                    "Негізгі капиталға салынған инвестициялар",
                    "Инвестиции в основной капитал",
                    "Investment in fixed capital",
                ),
                BILLION_TENGE,
                baseline=(2020, "452.7"),
                plan=["480", "520", "570", "620", "680"],
                actual=["510.3", "498.6", "611.0", "548.2", "702.4"],
                source=STATISTICS,
                actual_on=(2, 12),
            ),
            indicator(
                "3.1.2",
                T(
                    "Өңдеу өнеркәсібінің нақты көлем индексі",
                    "Индекс физического объёма обрабатывающей промышленности",
                    "Manufacturing output volume index",
                ),
                PREVIOUS_YEAR,
                baseline=(2020, "102.1"),
                plan=["103.0", "103.2", "103.5", "103.5", "103.8"],
                actual=["104.6", "101.8", "103.9", "99.2", "104.1"],
                source=STATISTICS,
                actual_on=(2, 12),
            ),
        ],
    },
    {
        "number": "3.2",
        "direction": 3,
        "name": T(
            "Шағын және орта кәсіпкерлікті және цифрлық қызметтерді дамыту",
            "Развитие малого и среднего предпринимательства и цифровых услуг",
            "Small and medium business and digital services",
        ),
        "indicators": [
            indicator(
                "3.2.1",
                T(
                    "Жалпы өңірлік өнімдегі шағын және орта кәсіпкерліктің үлесі",
                    "Доля малого и среднего предпринимательства в валовом региональном продукте",
                    "Share of small and medium enterprises in gross regional product",
                ),
                PERCENT,
                baseline=(2020, "26.8"),
                plan=["27.5", "28.5", "29.5", "30.5", "31.5"],
                actual=["27.1", "28.9", "29.0", "31.0", None],
                source=STATISTICS,
                actual_on=(9, 30),
            ),
            indicator(
                "3.2.2",
                T(
                    "Кеңжолақты интернетке қолжетімділігі бар үй шаруашылықтарының үлесі",
                    "Доля домохозяйств, имеющих доступ к широкополосному интернету",
                    "Share of households with broadband internet access",
                ),
                PERCENT,
                baseline=(2020, "82.0"),
                plan=["85.0", "88.0", "91.0", "94.0", "97.0"],
                actual=["86.2", "89.4", "92.0", "93.1", "95.0"],
                source=STATISTICS,
                actual_on=(4, 30),
            ),
        ],
    },
]

SCHOOL_GOALS = [
    {
        "number": "1",
        "name": T(
            "Оқушы орындарының тапшылығын азайту, апатты және үш ауысымды мектептер мәселесін шешу",
            "Сокращение дефицита ученических мест, решение проблемы аварийных и трёхсменных школ",
            "Reduce the shortage of pupil places and close emergency and three-shift schools",
        ),
        "indicators": [
            indicator(
                "1.1",
                T(
                    "Жоба басталғаннан бері құрылған оқушы орындары (өспелі жиынмен)",
                    "Ученические места, созданные с начала проекта (нарастающим итогом)",
                    "Pupil places created since the project began (cumulative)",
                ),
                THOUSAND_PLACES,
                baseline=(2022, "0"),
                plan=["50", "300", "740"],
                actual=["41.6", "258.3", "611.0"],
                source=MINISTRY_REPORT,
                actual_on=(3, 1),
            ),
            indicator(
                "1.2",
                T(
                    "Үш ауысымды мектептер саны (ел бойынша)",
                    "Количество трёхсменных школ (по стране)",
                    "Schools teaching in three shifts (nationwide)",
                ),
                UNITS_COUNT,
                lower=True,
                baseline=(2022, "120"),
                plan=["100", "60", "0"],
                actual=["104", "58", "21"],
                source=MINISTRY_REPORT,
                actual_on=(3, 1),
            ),
            indicator(
                "1.3",
                T(
                    "Павлодар облысында жоба аясында пайдалануға берілген мектептер",
                    "Школы, введённые в эксплуатацию по проекту в Павлодарской области",
                    "Schools opened under the project in Pavlodar region",
                ),
                UNITS_COUNT,
                baseline=(2022, "0"),
                plan=["0", "1", "3"],
                actual=["0", "0", "1"],
                source=EDUCATION_REPORT,
                actual_on=(1, 20),
            ),
        ],
    },
]

EKIBASTUZ_GOALS = [
    {
        "number": "1",
        "name": T(
            "Қаланың жылу және тұрғын үй-коммуналдық инфрақұрылымын жаңғырту",
            "Модернизация тепловой и жилищно-коммунальной инфраструктуры города",
            "Modernise the city's heating and housing infrastructure",
        ),
        "indicators": [
            indicator(
                "1.1",
                T(
                    "Екібастұз қаласындағы жылу желілерінің тозуы",
                    "Износ тепловых сетей г. Экибастуз",
                    "Wear of heat networks in Ekibastuz",
                ),
                PERCENT,
                lower=True,
                baseline=(2024, "68.0"),
                plan=["65.0", "61.0", "57.0"],
                actual=["66.2", None, None],
                source=EKIBASTUZ_REPORT,
                actual_on=(2, 20),
            ),
            indicator(
                "1.2",
                T(
                    "Екібастұз қаласында тұрғын үйді пайдалануға беру",
                    "Ввод в эксплуатацию жилья в г. Экибастуз",
                    "Housing built in Ekibastuz",
                ),
                THOUSAND_M2,
                baseline=(2024, "62.4"),
                plan=["65.0", "70.0", "75.0"],
                actual=["71.3", None, None],
                source=STATISTICS,
                actual_on=(2, 5),
            ),
        ],
    },
    {
        "number": "2",
        "name": T(
            "Әлеуметтік қызметтер мен қала көшелерінің сапасы",
            "Качество социальных услуг и городских улиц",
            "Quality of social services and city streets",
        ),
        "indicators": [
            indicator(
                "2.1",
                KINDERGARTEN_COVERAGE,
                PERCENT,
                baseline=(2024, "93.5"),
                plan=["96.0", "98.0", "100.0"],
                actual=["95.1", None, None],
                source=EKIBASTUZ_REPORT,
                actual_on=(2, 10),
            ),
            indicator(
                "2.2",
                T(
                    "Жақсы және қанағаттанарлық жағдайдағы қала көшелерінің үлесі",
                    "Доля городских улиц в хорошем и удовлетворительном состоянии",
                    "Share of city streets in good or satisfactory condition",
                ),
                PERCENT,
                baseline=(2024, "71.0"),
                plan=["74.0", "78.0", "82.0"],
                actual=["65.8", None, None],
                source=EKIBASTUZ_REPORT,
                actual_on=(2, 1),
            ),
        ],
    },
]

DRAFT_GOALS = [
    {
        "number": "1",
        "name": T(
            "Баянауыл ауданында туризмді дамыту",
            "Развитие туризма в Баянаульском районе",
            "Tourism in Bayanaul District",
        ),
        "indicators": [
            indicator(
                "1.1",
                T(
                    "Баянауыл мемлекеттік ұлттық табиғи паркіне келушілер саны",
                    "Число посетителей Баянаульского государственного национального "
                    "природного парка",
                    "Visitors to Bayanaul State National Nature Park",
                ),
                THOUSAND_PEOPLE,
                baseline=(2025, "215"),
                plan=["230", "250", "270"],
                actual=[None, None, None],
                source="",
                actual_on=(2, 1),
            ),
        ],
    },
]


# -- Planning documents -----------------------------------------------------------------------
# Financing lines: (year, source, planned, adjusted, executed), in billions of tenge.

REGIONAL_PLAN = "demo-pavlodar-region-development-plan-2021-2025"
COMFORTABLE_SCHOOL = "demo-comfortable-school-national-project"
EKIBASTUZ_PLAN = "demo-ekibastuz-development-plan-2025-2027"
BAYANAUL_DRAFT = "demo-bayanaul-district-development-plan-2026-2028"

DOCUMENTS = [
    {
        "slug": REGIONAL_PLAN,
        "doc_type": PlanningDocument.Type.REGIONAL_PLAN,
        "status": PlanningDocument.Status.IN_FORCE,
        "title": T(
            "Павлодар облысын дамытудың 2021–2025 жылдарға арналған жоспары",
            "План развития Павлодарской области на 2021–2025 годы",
            "Development Plan of Pavlodar Region for 2021–2025",
        ),
        "description": T(
            "Жоспар облыстың 2021–2025 жылдарға арналған нысаналы индикаторларын үш бағыт "
            "бойынша белгілейді: өмір сапасы, жайлы әрі қауіпсіз өңір және экономикалық өсу. "
            "Онда әр индикатордың жылдар бойынша жоспарлы мәндері, іс-шаралар мен нысандар "
            "және қаржыландыру көздері көрсетілген.",
            "План устанавливает целевые индикаторы области на 2021–2025 годы по трём "
            "направлениям: качество жизни, комфортный и безопасный регион, экономический рост. "
            "В нём указаны плановые значения каждого индикатора по годам, мероприятия и "
            "объекты, источники финансирования.",
            "The plan sets the region's target indicators for 2021–2025 in three directions: "
            "quality of life, a comfortable and safe region, and economic growth. It gives "
            "each indicator's planned value by year, the activities and objects, and the "
            "sources of financing.",
        ),
        "approved_by": T(
            "Павлодар облыстық мәслихатының 2021 жылғы 25 наурыздағы № 21/3 шешімі",
            "Решение Павлодарского областного маслихата от 25 марта 2021 года № 21/3",
            "Decision No. 21/3 of the Pavlodar Regional Maslikhat of 25 March 2021",
        ),
        "approval_date": date(2021, 3, 25),
        "years": (2021, 2025),
        "territory": "pavlodar-region",
        "bodies": [REGIONAL_AKIMAT],
        "publish": True,
        "directions": REGIONAL_DIRECTIONS,
        "goals": REGIONAL_GOALS,
        "financing": [
            (2021, Source.REPUBLICAN, "41.2", None, "40.6"),
            (2022, Source.REPUBLICAN, "48.5", "51.2", "50.3"),
            (2023, Source.REPUBLICAN, "56.3", None, "55.1"),
            (2024, Source.REPUBLICAN, "62.8", "60.1", "58.9"),
            (2025, Source.REPUBLICAN, "58.4", None, "52.7"),
            (2021, Source.LOCAL, "62.4", None, "61.8"),
            (2022, Source.LOCAL, "70.1", None, "68.9"),
            (2023, Source.LOCAL, "84.7", "88.9", "86.3"),
            (2024, Source.LOCAL, "93.2", None, "90.4"),
            (2025, Source.LOCAL, "97.5", "92.0", "88.1"),
            (2021, Source.OFF_BUDGET, "148.0", None, "139.6"),
            (2022, Source.OFF_BUDGET, "162.5", None, "171.2"),
            (2023, Source.OFF_BUDGET, "181.3", None, "176.4"),
            (2024, Source.OFF_BUDGET, "205.0", None, "184.9"),
            (2025, Source.OFF_BUDGET, "214.6", None, "190.3"),
        ],
        # (indicator code, year, new plan, reason): made after publication, kept as a revision.
        "revisions": [
            (
                "2.2.1",
                2025,
                "440",
                "Облыстық мәслихаттың 2025 жылғы 14 наурыздағы шешімімен түзетілді: кредиттік "
                "тұрғын үй құрылысына республикалық бюджеттен бөлінетін қаражат азайды.",
            ),
        ],
    },
    {
        "slug": COMFORTABLE_SCHOOL,
        "doc_type": PlanningDocument.Type.NATIONAL_PROJECT,
        "status": PlanningDocument.Status.COMPLETED,
        "title": T(
            "«Жайлы мектеп» ұлттық жобасы",
            "Национальный проект «Комфортная школа»",
            "National Project 'Comfortable School'",
        ),
        "description": T(
            "Оқушы орындарының тапшылығын азайтуға, апатты және үш ауысымды мектептер "
            "мәселесін шешуге бағытталған ұлттық жоба. Павлодар облысында жоба аясында жаңа "
            "мектептер салынады.",
            "Национальный проект, направленный на сокращение дефицита ученических мест и "
            "решение проблемы аварийных и трёхсменных школ. В Павлодарской области по проекту "
            "строятся новые школы.",
            "A national project to reduce the shortage of pupil places and close emergency and "
            "three-shift schools. In Pavlodar region it builds new schools.",
        ),
        "approved_by": T(
            "Қазақстан Республикасы Үкіметінің 2023 жылғы 30 қарашадағы № 1060 қаулысы",
            "Постановление Правительства Республики Казахстан от 30 ноября 2023 года № 1060",
            "Resolution No. 1060 of the Government of the Republic of Kazakhstan of 30 November "
            "2023",
        ),
        "approval_date": date(2023, 11, 30),
        "years": (2023, 2025),
        "territory": "kazakhstan",
        "bodies": [MINISTRY_OF_EDUCATION],
        "publish": True,
        "directions": [],
        "goals": SCHOOL_GOALS,
        "financing": [
            (2023, Source.REPUBLICAN, "410.0", None, "392.5"),
            (2024, Source.REPUBLICAN, "585.0", "560.0", "541.2"),
            (2025, Source.REPUBLICAN, "640.0", None, "598.7"),
            (2023, Source.LOCAL, "38.0", None, "35.2"),
            (2024, Source.LOCAL, "52.0", None, "49.9"),
            (2025, Source.LOCAL, "61.0", "66.5", "60.4"),
        ],
        "revisions": [],
    },
    {
        "slug": EKIBASTUZ_PLAN,
        "doc_type": PlanningDocument.Type.DISTRICT_PLAN,
        "status": PlanningDocument.Status.IN_FORCE,
        "title": T(
            "Екібастұз қаласын дамытудың 2025–2027 жылдарға арналған жоспары",
            "План развития города Экибастуза на 2025–2027 годы",
            "Development Plan of Ekibastuz City for 2025–2027",
        ),
        "description": T(
            "Қаланың аудан деңгейіндегі алғашқы даму жоспары: жылу және тұрғын үй-коммуналдық "
            "инфрақұрылымды жаңғырту, әлеуметтік қызметтердің қолжетімділігі.",
            "Первый план развития города районного уровня: модернизация тепловой и "
            "жилищно-коммунальной инфраструктуры, доступность социальных услуг.",
            "The city's first district-level development plan: modernising heating and housing "
            "infrastructure, and access to social services.",
        ),
        "approved_by": T(
            "Екібастұз қалалық мәслихатының 2024 жылғы 24 желтоқсандағы № 198/27 шешімі",
            "Решение Экибастузского городского маслихата от 24 декабря 2024 года № 198/27",
            "Decision No. 198/27 of the Ekibastuz City Maslikhat of 24 December 2024",
        ),
        "approval_date": date(2024, 12, 24),
        "years": (2025, 2027),
        "territory": "ekibastuz",
        "bodies": [akimat_slug("ekibastuz")],
        "publish": True,
        "directions": [],
        "goals": EKIBASTUZ_GOALS,
        "financing": [
            (2025, Source.REPUBLICAN, "9.2", None, "8.7"),
            (2026, Source.REPUBLICAN, "12.5", None, None),
            (2027, Source.REPUBLICAN, "8.0", None, None),
            (2025, Source.LOCAL, "18.4", "19.1", "18.2"),
            (2026, Source.LOCAL, "21.0", None, None),
            (2027, Source.LOCAL, "23.5", None, None),
            (2025, Source.OFF_BUDGET, "35.0", None, "29.4"),
            (2026, Source.OFF_BUDGET, "41.0", None, None),
            (2027, Source.OFF_BUDGET, "44.0", None, None),
        ],
        "revisions": [],
    },
    {
        "slug": BAYANAUL_DRAFT,
        "doc_type": PlanningDocument.Type.DISTRICT_PLAN,
        "status": PlanningDocument.Status.DRAFT,
        "title": T(
            "Баянауыл ауданын дамытудың 2026–2028 жылдарға арналған жоспары (жоба)",
            "План развития Баянаульского района на 2026–2028 годы (проект)",
            "Development Plan of Bayanaul District for 2026–2028 (draft)",
        ),
        "description": T(
            "Аудан әкімдігі әзірлеп жатқан жоба; мәслихат бекіткенге дейін жарияланбайды.",
            "Проект, который готовит акимат района; не публикуется до утверждения маслихатом.",
            "A draft being prepared by the district akimat; not published until the maslikhat "
            "approves it.",
        ),
        "approved_by": T("", "", ""),
        "approval_date": None,
        "years": (2026, 2028),
        "territory": "bayanaul-district",
        "bodies": [akimat_slug("bayanaul-district")],
        "publish": False,
        "directions": [],
        "goals": DRAFT_GOALS,
        "financing": [
            (2026, Source.LOCAL, "3.2", None, None),
            (2027, Source.LOCAL, "3.6", None, None),
            (2028, Source.LOCAL, "4.1", None, None),
        ],
        "revisions": [],
    },
]


# -- Objects ----------------------------------------------------------------------------------
# "street" places the object in the unit's town; without one it lies somewhere in the unit
# (a road, a group water main). Contract values are in millions of tenge.


def _dates(pair):
    return tuple(date.fromisoformat(d) if d else None for d in pair)


def project_object(
    slug,
    document,
    unit,
    kind,
    name,
    *,
    street=None,
    in_town=None,
    body,
    contractor=None,
    value=None,
    status,
    planned,
    actual=(None, None),
    description=None,
):
    return {
        "slug": slug,
        "document": document,
        "unit": unit,
        "kind": kind,
        "name": name,
        "street": street,
        # Without a street: in the town (True) or anywhere in the unit (False).
        "in_town": street is not None if in_town is None else in_town,
        "body": body,
        "contractor": contractor,
        "value": value,
        "status": status,
        "planned": _dates(planned),
        "actual": _dates(actual),
        "description": description,
    }


_o = project_object
DONE = ObjStatus.COMPLETED
BUILDING = ObjStatus.IN_PROGRESS

OBJECTS = [
    # Pavlodar
    _o(
        "demo-pavlodar-school-1200",
        COMFORTABLE_SCHOOL,
        "pavlodar",
        ObjKind.SCHOOL,
        T(
            "Павлодар қаласында 1200 орындық мектеп салу",
            "Строительство школы на 1200 мест в г. Павлодар",
            "Construction of a school for 1,200 pupils in Pavlodar",
        ),
        street=T("Ломов көшесі, 198", "ул. Ломова, 198", "198 Lomov St"),
        body=CONSTRUCTION,
        contractor=BUILDER,
        value="12480",
        status=BUILDING,
        planned=("2023-08-01", "2025-08-25"),
        actual=("2023-09-12", None),
        description=T(
            "Мердігер жұмыс кестесінен қалып қойды; ғимарат 2025 жылғы 1 қыркүйекке дайын болмады.",
            "Подрядчик отстал от графика; к 1 сентября 2025 года здание не было готово.",
            "The contractor fell behind schedule; the building was not ready by 1 September 2025.",
        ),
    ),
    _o(
        "demo-pavlodar-kindergarten-320",
        REGIONAL_PLAN,
        "pavlodar",
        ObjKind.KINDERGARTEN,
        T(
            "Павлодар қаласының Усолка шағын ауданында 320 орындық балабақша салу",
            "Строительство детского сада на 320 мест в микрорайоне Усольский г. Павлодар",
            "Construction of a 320-place kindergarten in the Usolsky microdistrict of Pavlodar",
        ),
        street=T("Қайырбаев көшесі, 102", "ул. Каирбаева, 102", "102 Kairbayev St"),
        body=CONSTRUCTION,
        contractor=BUILDER,
        value="2640",
        status=DONE,
        planned=("2022-04-01", "2023-08-31"),
        actual=("2022-04-20", "2023-08-15"),
    ),
    _o(
        "demo-pavlodar-polyclinic-500",
        REGIONAL_PLAN,
        "pavlodar",
        ObjKind.HEALTH,
        T(
            "Павлодар қаласында ауысымына 500 келуге арналған емхана салу",
            "Строительство поликлиники на 500 посещений в смену в г. Павлодар",
            "Construction of an outpatient clinic for 500 visits per shift in Pavlodar",
        ),
        street=T("Естай көшесі, 144", "ул. Естая, 144", "144 Estai St"),
        body=HEALTH,
        contractor=HEALTH_BUILDER,
        value="5870",
        status=BUILDING,
        planned=("2023-05-01", "2025-12-31"),
        actual=("2023-06-15", None),
    ),
    _o(
        "demo-pavlodar-heat-main-2",
        REGIONAL_PLAN,
        "pavlodar",
        ObjKind.HEATING,
        T(
            "Павлодар қаласындағы № 2 жылу магистралін реконструкциялау (4,2 км)",
            "Реконструкция тепломагистрали № 2 в г. Павлодар (4,2 км)",
            "Reconstruction of heat main No. 2 in Pavlodar (4.2 km)",
        ),
        street=T("Торайғыров көшесі", "ул. Торайгырова", "Toraigyrov St"),
        body=UTILITIES,
        contractor=HEAT_BUILDER,
        value="3150",
        status=DONE,
        planned=("2022-05-01", "2023-10-01"),
        actual=("2022-05-16", "2023-09-28"),
    ),
    _o(
        "demo-pavlodar-credit-housing-90",
        REGIONAL_PLAN,
        "pavlodar",
        ObjKind.HOUSING,
        T(
            "Павлодар қаласында 90 пәтерлі кредиттік тұрғын үй салу",
            "Строительство 90-квартирного кредитного жилого дома в г. Павлодар",
            "Construction of a 90-apartment credit housing block in Pavlodar",
        ),
        street=T("Сәтбаев көшесі, 251", "ул. Сатпаева, 251", "251 Satpayev St"),
        body=CONSTRUCTION,
        contractor=BUILDER,
        value="2310",
        status=DONE,
        planned=("2023-03-01", "2024-11-30"),
        actual=("2023-03-20", "2024-12-20"),
    ),
    _o(
        "demo-pavlodar-lomov-street",
        REGIONAL_PLAN,
        "pavlodar",
        ObjKind.ROAD,
        T(
            "Павлодар қаласындағы Ломов көшесін күрделі жөндеу (3,1 км)",
            "Капитальный ремонт улицы Ломова в г. Павлодар (3,1 км)",
            "Major repair of Lomov Street in Pavlodar (3.1 km)",
        ),
        street=T("Ломов көшесі", "ул. Ломова", "Lomov St"),
        body=ROADS,
        contractor=ROAD_BUILDER,
        value="1920",
        status=DONE,
        planned=("2024-04-15", "2024-10-31"),
        actual=("2024-04-22", "2024-10-25"),
    ),
    _o(
        "demo-pavlodar-sports-centre",
        REGIONAL_PLAN,
        "pavlodar",
        ObjKind.SPORT,
        T(
            "Павлодар қаласында дене шынықтыру-сауықтыру кешенін салу",
            "Строительство физкультурно-оздоровительного комплекса в г. Павлодар",
            "Construction of a sports and fitness centre in Pavlodar",
        ),
        street=T(
            "Академик Марғұлан көшесі, 120",
            "ул. Академика Маргулана, 120",
            "120 Academician Margulan St",
        ),
        body=CONSTRUCTION,
        contractor=HEALTH_BUILDER,
        value="1480",
        status=ObjStatus.SUSPENDED,
        planned=("2024-05-01", "2025-09-30"),
        actual=("2024-06-10", None),
        description=T(
            "Жобалау-сметалық құжаттаманы қайта сараптауға байланысты жұмыс тоқтатылды.",
            "Работы приостановлены в связи с повторной экспертизой проектно-сметной документации.",
            "Work stopped while the design and cost estimate go through a second review.",
        ),
    ),
    # Ekibastuz
    _o(
        "demo-ekibastuz-school-600",
        COMFORTABLE_SCHOOL,
        "ekibastuz",
        ObjKind.SCHOOL,
        T(
            "Екібастұз қаласында 600 орындық орта мектеп салу",
            "Строительство средней школы на 600 мест в г. Экибастуз",
            "Construction of a secondary school for 600 pupils in Ekibastuz",
        ),
        street=T("Әуезов көшесі, 45", "ул. Ауэзова, 45", "45 Auezov St"),
        body=CONSTRUCTION,
        contractor=BUILDER,
        value="6950",
        status=DONE,
        planned=("2023-09-01", "2025-08-25"),
        actual=("2023-09-20", "2025-08-20"),
    ),
    _o(
        "demo-ekibastuz-heat-networks",
        EKIBASTUZ_PLAN,
        "ekibastuz",
        ObjKind.HEATING,
        T(
            "Екібастұз қаласының жылу желілерін реконструкциялау (2-кезек, 6,8 км)",
            "Реконструкция тепловых сетей г. Экибастуз (2-я очередь, 6,8 км)",
            "Reconstruction of heat networks in Ekibastuz (phase 2, 6.8 km)",
        ),
        street=T("Мәшһүр Жүсіп көшесі", "ул. Машхур Жусупа", "Mashhur Zhusup St"),
        body=akimat_slug("ekibastuz"),
        contractor=HEAT_BUILDER,
        value="4260",
        status=BUILDING,
        planned=("2025-05-01", "2027-10-31"),
        actual=("2025-05-20", None),
    ),
    _o(
        "demo-ekibastuz-kindergarten-280",
        REGIONAL_PLAN,
        "ekibastuz",
        ObjKind.KINDERGARTEN,
        T(
            "Екібастұз қаласында 280 орындық балабақша салу",
            "Строительство детского сада на 280 мест в г. Экибастуз",
            "Construction of a 280-place kindergarten in Ekibastuz",
        ),
        street=T("Торайғыров көшесі, 12", "ул. Торайгырова, 12", "12 Toraigyrov St"),
        body=CONSTRUCTION,
        contractor=BUILDER,
        value="2380",
        status=BUILDING,
        planned=("2024-03-01", "2025-06-30"),
        actual=("2024-04-05", None),
    ),
    _o(
        "demo-ekibastuz-water-main",
        REGIONAL_PLAN,
        "ekibastuz",
        ObjKind.WATER,
        T(
            "Екібастұз қаласындағы магистральдық су құбырын ауыстыру (5,4 км)",
            "Замена магистрального водовода в г. Экибастуз (5,4 км)",
            "Replacement of the trunk water main in Ekibastuz (5.4 km)",
        ),
        street=T("Абай көшесі", "ул. Абая", "Abai St"),
        body=UTILITIES,
        contractor=WATER_BUILDER,
        value="1760",
        status=DONE,
        planned=("2022-04-01", "2022-11-30"),
        actual=("2022-04-11", "2022-11-18"),
    ),
    _o(
        "demo-ekibastuz-housing-60",
        EKIBASTUZ_PLAN,
        "ekibastuz",
        ObjKind.HOUSING,
        T(
            "Екібастұз қаласында 60 пәтерлі тұрғын үй салу",
            "Строительство 60-квартирного жилого дома в г. Экибастуз",
            "Construction of a 60-apartment residential building in Ekibastuz",
        ),
        street=T("Сәтбаев көшесі, 71", "ул. Сатпаева, 71", "71 Satpayev St"),
        body=akimat_slug("ekibastuz"),
        status=ObjStatus.PROCUREMENT,
        planned=("2027-03-01", "2028-06-30"),
    ),
    _o(
        "demo-ekibastuz-streets",
        EKIBASTUZ_PLAN,
        "ekibastuz",
        ObjKind.ROAD,
        T(
            "Екібастұз қаласының көшелерін орташа жөндеу (12 км)",
            "Средний ремонт улиц г. Экибастуз (12 км)",
            "Medium repair of streets in Ekibastuz (12 km)",
        ),
        in_town=True,
        body=akimat_slug("ekibastuz"),
        contractor=ROAD_BUILDER,
        value="1340",
        status=DONE,
        planned=("2025-05-01", "2025-10-31"),
        actual=("2025-05-12", "2025-10-20"),
    ),
    # Aksu
    _o(
        "demo-aksu-school-3-repair",
        REGIONAL_PLAN,
        "aksu",
        ObjKind.SCHOOL,
        T(
            "Ақсу қаласындағы № 3 жалпы білім беретін мектепті күрделі жөндеу",
            "Капитальный ремонт общеобразовательной школы № 3 г. Аксу",
            "Major repair of secondary school No. 3 in Aksu",
        ),
        street=T("Абай көшесі, 37", "ул. Абая, 37", "37 Abai St"),
        body=EDUCATION,
        contractor=BUILDER,
        value="640",
        status=DONE,
        planned=("2023-06-01", "2023-08-25"),
        actual=("2023-06-05", "2023-08-28"),
    ),
    _o(
        "demo-aksu-ice-rink",
        REGIONAL_PLAN,
        "aksu",
        ObjKind.SPORT,
        T(
            "Ақсу қаласында жабық мұз айдынын салу",
            "Строительство крытого катка в г. Аксу",
            "Construction of an indoor ice rink in Aksu",
        ),
        street=T("Сәтбаев көшесі, 8", "ул. Сатпаева, 8", "8 Satpayev St"),
        body=CONSTRUCTION,
        contractor=HEALTH_BUILDER,
        value="2450",
        status=BUILDING,
        planned=("2024-06-01", "2025-12-31"),
        actual=("2024-07-01", None),
    ),
    _o(
        "demo-aksu-heat-networks",
        REGIONAL_PLAN,
        "aksu",
        ObjKind.HEATING,
        T(
            "Ақсу қаласының жылу желілерін күрделі жөндеу (2,6 км)",
            "Капитальный ремонт тепловых сетей г. Аксу (2,6 км)",
            "Major repair of heat networks in Aksu (2.6 km)",
        ),
        street=T("Торайғыров көшесі", "ул. Торайгырова", "Toraigyrov St"),
        body=UTILITIES,
        contractor=HEAT_BUILDER,
        value="1120",
        status=DONE,
        planned=("2021-05-01", "2021-10-01"),
        actual=("2021-05-10", "2021-09-30"),
    ),
    _o(
        "demo-aksu-hospital-admissions",
        REGIONAL_PLAN,
        "aksu",
        ObjKind.HEALTH,
        T(
            "Ақсу қалалық ауруханасының қабылдау бөлімшесін реконструкциялау",
            "Реконструкция приёмного отделения городской больницы г. Аксу",
            "Reconstruction of the admissions unit of Aksu City Hospital",
        ),
        street=T("Достық көшесі, 29", "ул. Достык, 29", "29 Dostyk St"),
        body=HEALTH,
        status=ObjStatus.PLANNED,
        planned=("2027-04-01", "2027-12-15"),
    ),
    # Aktogay District
    _o(
        "demo-aktogay-water-networks",
        REGIONAL_PLAN,
        "aktogay-district",
        ObjKind.WATER,
        T(
            "Ақтоғай ауылында сумен жабдықтау желілерін реконструкциялау",
            "Реконструкция сетей водоснабжения в с. Актогай",
            "Reconstruction of water supply networks in Aktogay",
        ),
        in_town=True,
        body=UTILITIES,
        contractor=WATER_BUILDER,
        value="1040",
        status=DONE,
        planned=("2022-05-01", "2023-09-30"),
        actual=("2022-05-25", "2023-10-20"),
    ),
    _o(
        "demo-aktogay-district-roads",
        REGIONAL_PLAN,
        "aktogay-district",
        ObjKind.ROAD,
        T(
            "Ақтоғай ауданындағы аудандық маңызы бар жолдарды орташа жөндеу (22 км)",
            "Средний ремонт дорог районного значения в Актогайском районе (22 км)",
            "Medium repair of district roads in Aktogay District (22 km)",
        ),
        body=ROADS,
        contractor=ROAD_BUILDER,
        value="2860",
        status=BUILDING,
        planned=("2025-05-01", "2026-10-31"),
        actual=("2025-06-02", None),
    ),
    _o(
        "demo-aktogay-hospital-repair",
        REGIONAL_PLAN,
        "aktogay-district",
        ObjKind.HEALTH,
        T(
            "Ақтоғай аудандық ауруханасын күрделі жөндеу",
            "Капитальный ремонт районной больницы в с. Актогай",
            "Major repair of the district hospital in Aktogay",
        ),
        street=T("Абай көшесі, 73", "ул. Абая, 73", "73 Abai St"),
        body=HEALTH,
        contractor=HEALTH_BUILDER,
        value="780",
        status=DONE,
        planned=("2021-06-01", "2021-12-20"),
        actual=("2021-06-10", "2021-12-15"),
    ),
    # Bayanaul District
    _o(
        "demo-bayanaul-sports-centre",
        REGIONAL_PLAN,
        "bayanaul-district",
        ObjKind.SPORT,
        T(
            "Баянауыл ауылында дене шынықтыру-сауықтыру кешенін салу",
            "Строительство физкультурно-оздоровительного комплекса в с. Баянаул",
            "Construction of a sports and fitness centre in Bayanaul",
        ),
        street=T("Сәтбаев көшесі, 40", "ул. Сатпаева, 40", "40 Satpayev St"),
        body=CONSTRUCTION,
        contractor=HEALTH_BUILDER,
        value="1150",
        status=DONE,
        planned=("2022-04-01", "2023-06-30"),
        actual=("2022-04-18", "2023-07-14"),
    ),
    _o(
        "demo-bayanaul-district-roads",
        REGIONAL_PLAN,
        "bayanaul-district",
        ObjKind.ROAD,
        T(
            "Баянауыл ауданындағы аудандық маңызы бар жолдарды орташа жөндеу (18 км)",
            "Средний ремонт дорог районного значения в Баянаульском районе (18 км)",
            "Medium repair of district roads in Bayanaul District (18 km)",
        ),
        body=ROADS,
        contractor=ROAD_BUILDER,
        value="2240",
        status=DONE,
        planned=("2024-05-01", "2024-10-31"),
        actual=("2024-05-14", "2024-11-20"),
    ),
    _o(
        "demo-bayanaul-water-treatment",
        REGIONAL_PLAN,
        "bayanaul-district",
        ObjKind.WATER,
        T(
            "Баянауыл ауылында су тазарту құрылыстарын салу",
            "Строительство водоочистных сооружений в с. Баянаул",
            "Construction of water treatment facilities in Bayanaul",
        ),
        in_town=True,
        body=UTILITIES,
        contractor=WATER_BUILDER,
        value="1380",
        status=BUILDING,
        planned=("2025-04-01", "2026-09-30"),
        actual=("2025-05-05", None),
    ),
    _o(
        "demo-bayanaul-tourist-centre",
        BAYANAUL_DRAFT,
        "bayanaul-district",
        ObjKind.OTHER,
        T(
            "Баянауыл ауылында туристік-ақпараттық орталық салу",
            "Строительство туристско-информационного центра в с. Баянаул",
            "Construction of a tourist information centre in Bayanaul",
        ),
        in_town=True,
        body=akimat_slug("bayanaul-district"),
        status=ObjStatus.PLANNED,
        planned=("2027-05-01", "2028-08-31"),
    ),
    # Zhelezin District
    _o(
        "demo-zhelezinka-school-300",
        COMFORTABLE_SCHOOL,
        "zhelezin-district",
        ObjKind.SCHOOL,
        T(
            "Железин ауылында 300 орындық мектеп салу",
            "Строительство школы на 300 мест в с. Железинка",
            "Construction of a school for 300 pupils in Zhelezinka",
        ),
        street=T("Абай көшесі, 15", "ул. Абая, 15", "15 Abai St"),
        body=CONSTRUCTION,
        contractor=BUILDER,
        value="3420",
        status=BUILDING,
        planned=("2024-04-01", "2025-08-25"),
        actual=("2024-05-15", None),
    ),
    _o(
        "demo-zhelezin-district-roads",
        REGIONAL_PLAN,
        "zhelezin-district",
        ObjKind.ROAD,
        T(
            "Железин ауданындағы аудандық маңызы бар жолдарды орташа жөндеу (15 км)",
            "Средний ремонт дорог районного значения в Железинском районе (15 км)",
            "Medium repair of district roads in Zhelezin District (15 km)",
        ),
        body=ROADS,
        contractor=ROAD_BUILDER,
        value="1870",
        status=DONE,
        planned=("2023-05-01", "2023-10-31"),
        actual=("2023-05-10", "2023-10-25"),
    ),
    _o(
        "demo-zhelezinka-boiler-house",
        REGIONAL_PLAN,
        "zhelezin-district",
        ObjKind.HEATING,
        T(
            "Железин ауылындағы орталық қазандықты реконструкциялау",
            "Реконструкция центральной котельной в с. Железинка",
            "Reconstruction of the central boiler house in Zhelezinka",
        ),
        in_town=True,
        body=UTILITIES,
        contractor=HEAT_BUILDER,
        value="960",
        status=DONE,
        planned=("2021-05-01", "2021-09-15"),
        actual=("2021-05-12", "2021-09-30"),
    ),
    # Irtysh District
    _o(
        "demo-irtyshsk-kindergarten-140",
        REGIONAL_PLAN,
        "irtysh-district",
        ObjKind.KINDERGARTEN,
        T(
            "Ертіс ауылында 140 орындық балабақша салу",
            "Строительство детского сада на 140 мест в с. Иртышск",
            "Construction of a 140-place kindergarten in Irtyshsk",
        ),
        street=T("Сәтбаев көшесі, 22", "ул. Сатпаева, 22", "22 Satpayev St"),
        body=CONSTRUCTION,
        contractor=BUILDER,
        value="1210",
        status=DONE,
        planned=("2022-03-01", "2023-05-31"),
        actual=("2022-03-15", "2023-05-25"),
    ),
    _o(
        "demo-irtysh-group-water-main",
        REGIONAL_PLAN,
        "irtysh-district",
        ObjKind.WATER,
        T(
            "Ертіс ауданының үш ауылын топтық су құбырына қосу",
            "Подключение трёх сёл Иртышского района к групповому водопроводу",
            "Connecting three villages of Irtysh District to the group water main",
        ),
        body=UTILITIES,
        contractor=WATER_BUILDER,
        value="2050",
        status=BUILDING,
        planned=("2024-05-01", "2025-11-30"),
        actual=("2024-06-10", None),
    ),
    _o(
        "demo-irtysh-regional-road",
        REGIONAL_PLAN,
        "irtysh-district",
        ObjKind.ROAD,
        T(
            "Ертіс ауданындағы облыстық маңызы бар жолды реконструкциялау (9 км)",
            "Реконструкция автодороги областного значения в Иртышском районе (9 км)",
            "Reconstruction of a regional road in Irtysh District (9 km)",
        ),
        body=ROADS,
        status=ObjStatus.PROCUREMENT,
        planned=("2027-04-01", "2028-10-31"),
    ),
    # Terenkol District
    _o(
        "demo-terenkol-polyclinic-150",
        REGIONAL_PLAN,
        "terenkol-district",
        ObjKind.HEALTH,
        T(
            "Тереңкөл ауылында ауысымына 150 келуге арналған емхана салу",
            "Строительство поликлиники на 150 посещений в смену в с. Теренколь",
            "Construction of an outpatient clinic for 150 visits per shift in Terenkol",
        ),
        street=T("Тәуелсіздік көшесі, 31", "ул. Тәуелсіздік, 31", "31 Tauelsizdik St"),
        body=HEALTH,
        contractor=HEALTH_BUILDER,
        value="1980",
        status=DONE,
        planned=("2022-06-01", "2023-12-31"),
        actual=("2022-06-20", "2023-12-22"),
    ),
    _o(
        "demo-terenkol-village-water",
        REGIONAL_PLAN,
        "terenkol-district",
        ObjKind.WATER,
        T(
            "Тереңкөл ауданының ауылдарында сумен жабдықтау желілерін салу",
            "Строительство сетей водоснабжения в сёлах Теренкольского района",
            "Construction of water supply networks in villages of Terenkol District",
        ),
        body=UTILITIES,
        contractor=WATER_BUILDER,
        value="1460",
        status=DONE,
        planned=("2023-04-01", "2024-09-30"),
        actual=("2023-04-20", "2024-09-12"),
    ),
    _o(
        "demo-terenkol-housing-24",
        REGIONAL_PLAN,
        "terenkol-district",
        ObjKind.HOUSING,
        T(
            "Тереңкөл ауылында 24 пәтерлі тұрғын үй салу",
            "Строительство 24-квартирного жилого дома в с. Теренколь",
            "Construction of a 24-apartment residential building in Terenkol",
        ),
        street=T("Абай көшесі, 5", "ул. Абая, 5", "5 Abai St"),
        body=CONSTRUCTION,
        contractor=BUILDER,
        value="720",
        status=BUILDING,
        planned=("2025-06-01", "2026-12-31"),
        actual=("2025-07-01", None),
    ),
    # Akkuly District
    _o(
        "demo-akkuly-school-1",
        REGIONAL_PLAN,
        "akkuly-district",
        ObjKind.SCHOOL,
        T(
            "Аққулы ауылындағы № 1 орта мектепті реконструкциялау",
            "Реконструкция средней школы № 1 в с. Аккулы",
            "Reconstruction of secondary school No. 1 in Akkuly",
        ),
        street=T("Абай көшесі, 52", "ул. Абая, 52", "52 Abai St"),
        body=EDUCATION,
        contractor=BUILDER,
        value="1150",
        status=ObjStatus.SUSPENDED,
        planned=("2024-06-01", "2025-08-25"),
        actual=("2024-06-20", None),
        description=T(
            "Мердігер міндеттемелерін орындамағандықтан шарт бұзылды; жаңа конкурс дайындалуда.",
            "Договор расторгнут из-за неисполнения обязательств подрядчиком; готовится новый "
            "конкурс.",
            "The contract was terminated because the contractor failed to perform; a new "
            "tender is being prepared.",
        ),
    ),
    _o(
        "demo-akkuly-district-roads",
        REGIONAL_PLAN,
        "akkuly-district",
        ObjKind.ROAD,
        T(
            "Аққулы ауданындағы аудандық маңызы бар жолдарды орташа жөндеу (14 км)",
            "Средний ремонт дорог районного значения в Аккулинском районе (14 км)",
            "Medium repair of district roads in Akkuly District (14 km)",
        ),
        body=ROADS,
        contractor=ROAD_BUILDER,
        value="1690",
        status=DONE,
        planned=("2022-05-01", "2022-10-31"),
        actual=("2022-05-16", "2022-10-28"),
    ),
    _o(
        "demo-akkuly-water-networks",
        REGIONAL_PLAN,
        "akkuly-district",
        ObjKind.WATER,
        T(
            "Аққулы ауылында сумен жабдықтау желілерін реконструкциялау",
            "Реконструкция сетей водоснабжения в с. Аккулы",
            "Reconstruction of water supply networks in Akkuly",
        ),
        in_town=True,
        body=UTILITIES,
        contractor=WATER_BUILDER,
        value="890",
        status=DONE,
        planned=("2021-05-01", "2021-11-30"),
        actual=("2021-05-17", "2021-11-25"),
    ),
    # May District
    _o(
        "demo-koktobe-kindergarten-90",
        REGIONAL_PLAN,
        "may-district",
        ObjKind.KINDERGARTEN,
        T(
            "Көктөбе ауылында 90 орындық балабақша салу",
            "Строительство детского сада на 90 мест в с. Коктобе",
            "Construction of a 90-place kindergarten in Koktobe",
        ),
        street=T("Абай көшесі, 18", "ул. Абая, 18", "18 Abai St"),
        body=CONSTRUCTION,
        contractor=BUILDER,
        value="860",
        status=DONE,
        planned=("2021-04-01", "2022-06-30"),
        actual=("2021-04-12", "2022-07-29"),
    ),
    _o(
        "demo-may-district-roads",
        REGIONAL_PLAN,
        "may-district",
        ObjKind.ROAD,
        T(
            "Май ауданындағы аудандық маңызы бар жолдарды орташа жөндеу (20 км)",
            "Средний ремонт дорог районного значения в Майском районе (20 км)",
            "Medium repair of district roads in May District (20 km)",
        ),
        body=ROADS,
        contractor=ROAD_BUILDER,
        value="2480",
        status=BUILDING,
        planned=("2026-05-01", "2027-10-31"),
        actual=("2026-05-18", None),
    ),
    _o(
        "demo-koktobe-outpatient-clinic",
        REGIONAL_PLAN,
        "may-district",
        ObjKind.HEALTH,
        T(
            "Көктөбе ауылында дәрігерлік амбулатория салу",
            "Строительство врачебной амбулатории в с. Коктобе",
            "Construction of a doctor's outpatient clinic in Koktobe",
        ),
        in_town=True,
        body=HEALTH,
        status=ObjStatus.CANCELLED,
        planned=("2023-05-01", "2023-12-31"),
        description=T(
            "Жоба 2023 жылы облыстық бюджетті нақтылау кезінде алынып тасталды.",
            "Проект исключён при уточнении областного бюджета в 2023 году.",
            "The project was dropped when the regional budget was revised in 2023.",
        ),
    ),
    # Pavlodar District
    _o(
        "demo-pavlodar-district-village-water",
        REGIONAL_PLAN,
        "pavlodar-district",
        ObjKind.WATER,
        T(
            "Павлодар ауданының төрт ауылында сумен жабдықтау желілерін салу",
            "Строительство сетей водоснабжения в четырёх сёлах Павлодарского района",
            "Construction of water supply networks in four villages of Pavlodar District",
        ),
        body=UTILITIES,
        contractor=WATER_BUILDER,
        value="2310",
        status=BUILDING,
        planned=("2024-04-01", "2025-10-31"),
        actual=("2024-05-06", None),
    ),
    _o(
        "demo-pavlodar-district-roads",
        REGIONAL_PLAN,
        "pavlodar-district",
        ObjKind.ROAD,
        T(
            "Павлодар ауданындағы аудандық маңызы бар жолдарды орташа жөндеу (16 км)",
            "Средний ремонт дорог районного значения в Павлодарском районе (16 км)",
            "Medium repair of district roads in Pavlodar District (16 km)",
        ),
        body=ROADS,
        contractor=ROAD_BUILDER,
        value="1950",
        status=DONE,
        planned=("2023-05-01", "2023-10-31"),
        actual=("2023-05-15", "2023-10-30"),
    ),
    _o(
        "demo-pavlodar-district-school-gym",
        REGIONAL_PLAN,
        "pavlodar-district",
        ObjKind.SPORT,
        T(
            "Павлодар ауданындағы ауылдық мектепке спорт залын жапсарлас салу",
            "Строительство пристройки спортивного зала к сельской школе Павлодарского района",
            "Construction of a gym extension to a rural school in Pavlodar District",
        ),
        body=EDUCATION,
        contractor=HEALTH_BUILDER,
        value="430",
        status=DONE,
        planned=("2024-04-01", "2024-08-25"),
        actual=("2024-04-10", "2024-08-30"),
    ),
    # Uspen District
    _o(
        "demo-uspenka-school-180",
        REGIONAL_PLAN,
        "uspen-district",
        ObjKind.SCHOOL,
        T(
            "Успен ауылында 180 орындық мектеп салу",
            "Строительство школы на 180 мест в с. Успенка",
            "Construction of a school for 180 pupils in Uspenka",
        ),
        street=T("Абай көшесі, 61", "ул. Абая, 61", "61 Abai St"),
        body=CONSTRUCTION,
        contractor=BUILDER,
        value="2260",
        status=DONE,
        planned=("2022-04-01", "2023-08-25"),
        actual=("2022-04-25", "2023-08-21"),
    ),
    _o(
        "demo-uspenka-boiler-house",
        REGIONAL_PLAN,
        "uspen-district",
        ObjKind.HEATING,
        T(
            "Успен ауылындағы қазандықты жаңғырту",
            "Модернизация котельной в с. Успенка",
            "Modernisation of the boiler house in Uspenka",
        ),
        in_town=True,
        body=UTILITIES,
        contractor=HEAT_BUILDER,
        value="740",
        status=BUILDING,
        planned=("2026-04-01", "2026-09-30"),
        actual=("2026-04-20", None),
    ),
    _o(
        "demo-uspen-district-roads",
        REGIONAL_PLAN,
        "uspen-district",
        ObjKind.ROAD,
        T(
            "Успен ауданындағы аудандық маңызы бар жолдарды орташа жөндеу (12 км)",
            "Средний ремонт дорог районного значения в Успенском районе (12 км)",
            "Medium repair of district roads in Uspen District (12 km)",
        ),
        body=ROADS,
        status=ObjStatus.PLANNED,
        planned=("2027-05-01", "2027-10-31"),
    ),
    # Sharbakty District
    _o(
        "demo-sharbakty-water-networks",
        REGIONAL_PLAN,
        "sharbakty-district",
        ObjKind.WATER,
        T(
            "Шарбақты ауылында сумен жабдықтау желілерін реконструкциялау",
            "Реконструкция сетей водоснабжения в с. Шарбакты",
            "Reconstruction of water supply networks in Sharbakty",
        ),
        in_town=True,
        body=UTILITIES,
        contractor=WATER_BUILDER,
        value="1210",
        status=DONE,
        planned=("2023-04-01", "2024-06-30"),
        actual=("2023-04-14", "2024-06-28"),
    ),
    _o(
        "demo-sharbakty-sports-complex",
        REGIONAL_PLAN,
        "sharbakty-district",
        ObjKind.SPORT,
        T(
            "Шарбақты ауылында спорт кешенін салу",
            "Строительство спортивного комплекса в с. Шарбакты",
            "Construction of a sports complex in Sharbakty",
        ),
        street=T("Достық көшесі, 12", "ул. Достык, 12", "12 Dostyk St"),
        body=CONSTRUCTION,
        contractor=HEALTH_BUILDER,
        value="980",
        status=BUILDING,
        planned=("2025-05-01", "2026-08-31"),
        actual=("2025-06-15", None),
    ),
    _o(
        "demo-sharbakty-district-roads",
        REGIONAL_PLAN,
        "sharbakty-district",
        ObjKind.ROAD,
        T(
            "Шарбақты ауданындағы аудандық маңызы бар жолдарды орташа жөндеу (17 км)",
            "Средний ремонт дорог районного значения в Шарбактинском районе (17 км)",
            "Medium repair of district roads in Sharbakty District (17 km)",
        ),
        body=ROADS,
        contractor=ROAD_BUILDER,
        value="2120",
        status=DONE,
        planned=("2024-05-01", "2024-10-31"),
        actual=("2024-05-20", "2024-10-29"),
    ),
]


# -- People -----------------------------------------------------------------------------------
# All with the password PASSWORD. Memberships: (organisation slug, role).

USERS = [
    {
        "email": "admin@baqylau.local",
        "full_name": "Baqylau Admin",
        "language": "kk",
        "superuser": True,
        "memberships": [],
    },
    {
        "email": "coordinator@baqylau.local",
        "full_name": "Айгерім Сейітова",
        "language": "kk",
        "memberships": [(NGO_ADAL, Role.COORDINATOR)],
    },
    {
        "email": "monitor@baqylau.local",
        "full_name": "Ерлан Жақсылықов",
        "language": "kk",
        "memberships": [(NGO_ADAL, Role.MONITOR)],
    },
    {
        "email": "officer@baqylau.local",
        "full_name": "Данияр Омаров",
        "language": "ru",
        "memberships": [(EDUCATION, Role.OFFICER)],
    },
    {
        "email": "moderator@baqylau.local",
        "full_name": "Мадина Серікқызы",
        "language": "kk",
        "memberships": [(NGO_ASHYQ, Role.MODERATOR)],
    },
    {
        "email": "citizen@baqylau.local",
        "full_name": "Ольга Ким",
        "language": "ru",
        "memberships": [],
    },
]
