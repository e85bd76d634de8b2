"""Install the kinds of user groups (baqylau/scorecards/initial_data.py)."""

from django.db import migrations

from baqylau.scorecards import initial_data


def install(apps, schema_editor):
    initial_data.install(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("scorecards", "0001_scorecards")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
