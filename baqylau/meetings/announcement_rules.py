"""The announcement rules a new installation starts with (installed by migration 0003; an
administrator edits them in the back office afterwards)."""

ARTICLE_13 = {
    "kk": "«Қоғамдық бақылау туралы» Қазақстан Республикасы Заңының 13-бабы",
    "ru": "Статья 13 Закона Республики Казахстан «Об общественном контроле»",
    "en": 'Article 13 of the Law of the Republic of Kazakhstan "On Public Control"',
}
NONE = {"kk": "", "ru": "", "en": ""}

INITIAL_RULES = [
    {"kind": "decision_hearing", "days": 3, "working_days": True, "legal_reference": ARTICLE_13},
    {"kind": "public_hearing", "days": 10, "working_days": False, "legal_reference": NONE},
    {"kind": "council_session", "days": 5, "working_days": False, "legal_reference": NONE},
    {"kind": "report_hearing", "days": 10, "working_days": False, "legal_reference": NONE},
    {"kind": "interface_meeting", "days": 3, "working_days": False, "legal_reference": NONE},
]
