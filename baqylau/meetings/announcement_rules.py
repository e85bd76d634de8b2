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


def install(get_model) -> None:
    """Install the rules that do not exist yet (a rule an administrator changed stays as it is)."""
    AnnouncementRule = get_model("meetings", "AnnouncementRule")
    for rule in INITIAL_RULES:
        # The untranslated column holds the default language (kk), as modeltranslation does.
        translated = {"legal_reference": rule["legal_reference"]["kk"]}
        for lang in ("kk", "ru", "en"):
            translated[f"legal_reference_{lang}"] = rule["legal_reference"][lang]
        AnnouncementRule.objects.get_or_create(
            kind=rule["kind"],
            defaults={"days": rule["days"], "working_days": rule["working_days"], **translated},
        )
