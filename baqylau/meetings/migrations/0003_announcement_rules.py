"""Install the announcement rules (baqylau/meetings/announcement_rules.py); an administrator edits
them afterwards in the back office, and a rule that already exists is left as it is."""

from django.db import migrations

from baqylau.meetings.announcement_rules import INITIAL_RULES, install


def install_rules(apps, schema_editor):
    install(apps.get_model)


def remove_rules(apps, schema_editor):
    AnnouncementRule = apps.get_model("meetings", "AnnouncementRule")
    AnnouncementRule.objects.filter(kind__in=[rule["kind"] for rule in INITIAL_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_agenda_questions_minutes")]

    operations = [migrations.RunPython(install_rules, remove_rules)]
