"""Install the categories, rating criteria, moderation reasons, trust rule and the term of an
answer to a citizen (baqylau/participation/initial_data.py); rows that exist are left alone."""

from django.db import migrations

from baqylau.participation.initial_data import ANSWER_RULE, CATEGORIES, CRITERIA, REASONS

LANGUAGES = ("kk", "ru", "en")


def _names(field, kk, ru, en):
    # The untranslated column holds the default language (kk), as modeltranslation does.
    return {field: kk, f"{field}_kk": kk, f"{field}_ru": ru, f"{field}_en": en}


def install(apps, schema_editor):
    Category = apps.get_model("participation", "Category")
    RatingCriterion = apps.get_model("participation", "RatingCriterion")
    ModerationReason = apps.get_model("participation", "ModerationReason")
    TrustRule = apps.get_model("participation", "TrustRule")
    DeadlineRule = apps.get_model("core", "DeadlineRule")
    for order, (code, kinds, kk, ru, en) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            code=code, defaults={"object_kinds": kinds, "order": order, **_names("name", kk, ru, en)}
        )
    for order, (code, kinds, kk, ru, en) in enumerate(CRITERIA):
        RatingCriterion.objects.get_or_create(
            code=code, defaults={"object_kinds": kinds, "order": order, **_names("name", kk, ru, en)}
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


def remove(apps, schema_editor):
    apps.get_model("core", "DeadlineRule").objects.filter(code=ANSWER_RULE["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_reports_moderation_opinions"),
        ("core", "0002_initial_deadline_rules"),
    ]

    operations = [migrations.RunPython(install, remove)]
