"""Install the categories, rating criteria, moderation reasons, trust rule and the term of an
answer to a citizen (baqylau/participation/initial_data.py); rows that exist are left alone."""

from django.db import migrations

from baqylau.participation import initial_data
from baqylau.participation.initial_data import ANSWER_RULE


def install(apps, schema_editor):
    initial_data.install(apps.get_model)


def remove(apps, schema_editor):
    apps.get_model("core", "DeadlineRule").objects.filter(code=ANSWER_RULE["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0001_reports_moderation_opinions"),
        ("core", "0002_initial_deadline_rules"),
    ]

    operations = [migrations.RunPython(install, remove)]
