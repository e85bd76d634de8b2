
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('inforequests', '0004_notificationpreference_moved_to_accounts'),
        ('accounts', '0002_initial'),
    ]

    # The choice of emails moves from inforequests with its table and rows (renamed in 0004).
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='NotificationPreference',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('request_updates', models.BooleanField(default=True, help_text='An answer, a new deadline or a missed one on a request I wrote.', verbose_name='news of my requests')),
                        ('reminders', models.BooleanField(default=True, help_text='For officers: a reminder before a request to my body is due.', verbose_name='reminders of answers due')),
                        ('recommendations_received', models.BooleanField(default=True, help_text='For officers: a monitoring campaign sent recommendations to my body.', verbose_name='recommendations to my body')),
                        ('campaign_updates', models.BooleanField(default=True, help_text='For campaign teams: an answer or a decision date from a state body, a deadline near or missed.', verbose_name='news of my campaigns')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='request_notifications', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'email preference',
                        'verbose_name_plural': 'email preferences',
                        'db_table': 'inforequests_notificationpreference',
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
