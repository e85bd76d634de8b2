from django.db import migrations


def create_head(apps, schema_editor):
    # The one row every append locks; made here so that the first appends already queue on it.
    apps.get_model("core", "LogChain").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_record_log")]

    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
