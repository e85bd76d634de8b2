
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('inforequests', '0003_notificationpreference_campaign_updates_and_more'),
    ]

    # The choice of emails now belongs to accounts (its 0003, which runs after
    # this one, takes it over with its table).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='NotificationPreference',
                ),
            ],
            database_operations=[],
        ),
    ]
