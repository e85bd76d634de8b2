"""Install the legal deadline rules (baqylau/core/deadline_rules.py); an administrator edits them
afterwards in the admin, and a rule that already exists is left as it is."""

from django.db import migrations

from baqylau.core.deadline_rules import INITIAL_RULES

LANGUAGES = ("kk", "ru", "en")


def install_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("core", "DeadlineRule")
    for rule in INITIAL_RULES:
        translated = {}
        for field in ("name", "legal_reference"):
            # The untranslated column holds the default language (kk), as modeltranslation does.
            translated[field] = rule[field]["kk"]
            for lang in LANGUAGES:
                translated[f"{field}_{lang}"] = rule[field][lang]
        DeadlineRule.objects.get_or_create(
            code=rule["code"], defaults={"days": rule["days"], "unit": rule["unit"], **translated}
        )


def remove_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("core", "DeadlineRule")
    DeadlineRule.objects.filter(code__in=[rule["code"] for rule in INITIAL_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_calendar_and_deadline_rules")]

    operations = [migrations.RunPython(install_rules, remove_rules)]
