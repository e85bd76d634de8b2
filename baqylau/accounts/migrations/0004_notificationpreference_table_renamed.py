from django.db import migrations

MOVED = ['notificationpreference']


def content_types_follow(apps, schema_editor):
    """Permissions and back-office history point at the models' content types: keep them, under
    the app that owns the models now."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="accounts", model=model).exists():
            ContentType.objects.filter(app_label="inforequests", model=model).update(app_label="accounts")


def content_types_go_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="accounts", model__in=MOVED).update(app_label="inforequests")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('accounts', '0003_notificationpreference_from_inforequests'),
    ]

    # The table takes the new app's name.
    operations = [
        migrations.RunPython(content_types_follow, content_types_go_back),
        migrations.AlterModelTable(
            name='notificationpreference',
            table=None,
        ),
    ]
