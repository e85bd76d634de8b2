from django.db import migrations

MOVED = ['answerfile', 'decisionnotice', 'finaldocument', 'finding', 'plannedmeasure', 'recommendation', 'recommendationanswer']


def content_types_follow(apps, schema_editor):
    """Permissions and back-office history point at the models' content types: keep them, under
    the app that owns the models now."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="accountability", model=model).exists():
            ContentType.objects.filter(app_label="monitoring", model=model).update(app_label="accountability")


def content_types_go_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="accountability", model__in=MOVED).update(app_label="monitoring")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('accountability', '0001_initial'),
    ]

    # The tables (and the tables of their many-to-many fields) take the new app's names.
    operations = [
        migrations.RunPython(content_types_follow, content_types_go_back),
        migrations.RenameIndex(
            model_name='recommendation',
            new_name='accountabil_body_id_4b470a_idx',
            old_name='monitoring__body_id_d66ce7_idx',
        ),
        migrations.RenameIndex(
            model_name='recommendation',
            new_name='accountabil_due_on_4f5395_idx',
            old_name='monitoring__due_on_7cbd01_idx',
        ),
        migrations.AlterModelTable(
            name='answerfile',
            table=None,
        ),
        migrations.AlterModelTable(
            name='decisionnotice',
            table=None,
        ),
        migrations.AlterModelTable(
            name='finaldocument',
            table=None,
        ),
        migrations.AlterModelTable(
            name='finding',
            table=None,
        ),
        migrations.AlterModelTable(
            name='plannedmeasure',
            table=None,
        ),
        migrations.AlterModelTable(
            name='recommendation',
            table=None,
        ),
        migrations.AlterModelTable(
            name='recommendationanswer',
            table=None,
        ),
    ]
