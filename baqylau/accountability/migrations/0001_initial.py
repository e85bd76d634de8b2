
import baqylau.accountability.models
import django.db.models.deletion
import django.db.models.manager
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('monitoring', '0005_accountability_moved_out'),
        ('registry', '0002_indexes_for_recent_changes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The models move from monitoring with their tables and rows: only Django's idea of them changes
    # here; the tables are renamed in 0002.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='FinalDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('language', models.CharField(choices=[('kk', 'Қазақша'), ('ru', 'Русский'), ('en', 'English')], default='kk', max_length=2, verbose_name='language of the document')),
                        ('place', models.CharField(max_length=300, verbose_name='place')),
                        ('held_from', models.DateTimeField(verbose_name='held from')),
                        ('held_to', models.DateTimeField(verbose_name='held until')),
                        ('subjects', models.TextField(help_text='Which bodies and organisations were controlled and how they complied.', verbose_name='subjects of control and their compliance')),
                        ('documents_obtained', models.TextField(blank=True, verbose_name='documents obtained')),
                        ('conclusions', models.TextField(blank=True, verbose_name='conclusions')),
                        ('sent_on', models.DateField(blank=True, null=True, verbose_name='sent on')),
                        ('pdf', models.FileField(blank=True, max_length=300, upload_to=baqylau.accountability.models.final_document_path, verbose_name='PDF as sent')),
                        ('pdf_sha256', models.CharField(blank=True, max_length=64, verbose_name='SHA-256 of the PDF')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('campaign', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='final_document', to='monitoring.campaign', verbose_name='campaign')),
                        ('sent_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='sent by')),
                    ],
                    options={
                        'verbose_name': 'final document',
                        'verbose_name_plural': 'final documents',
                        'db_table': 'monitoring_finaldocument',
                        'default_manager_name': 'private_objects',
                    },
                    managers=[
                        ('private_objects', django.db.models.manager.Manager()),
                    ],
                ),
                migrations.CreateModel(
                    name='Finding',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveIntegerField(verbose_name='number')),
                        ('title', models.CharField(max_length=300, verbose_name='title')),
                        ('category', models.CharField(choices=[('delay', 'delay'), ('quality', 'quality'), ('cost', 'cost'), ('access', 'access'), ('transparency', 'transparency'), ('corruption_risk', 'corruption risk'), ('other', 'other')], max_length=20, verbose_name='category')),
                        ('severity', models.CharField(choices=[('low', 'low'), ('medium', 'medium'), ('high', 'high'), ('critical', 'critical')], default='medium', max_length=10, verbose_name='severity')),
                        ('description', models.TextField(verbose_name='description')),
                        ('norm', models.TextField(blank=True, help_text='The law, regulation or contract clause that was not complied with.', verbose_name='legal norm concerned')),
                        ('year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='year')),
                        ('monitor_value', models.DecimalField(blank=True, decimal_places=4, max_digits=20, null=True, verbose_name="the monitors' figure")),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='findings', to='monitoring.campaign', verbose_name='campaign')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                        ('document', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='findings', to='registry.planningdocument', verbose_name='planning document')),
                        ('evidence', models.ManyToManyField(blank=True, related_name='findings', to='monitoring.evidence', verbose_name='evidence')),
                        ('indicator', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='findings', to='registry.indicator', verbose_name='indicator')),
                        ('project_object', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='findings', to='registry.projectobject', verbose_name='object')),
                    ],
                    options={
                        'verbose_name': 'finding',
                        'verbose_name_plural': 'findings',
                        'db_table': 'monitoring_finding',
                        'ordering': ['campaign', 'number'],
                        'default_manager_name': 'private_objects',
                    },
                    managers=[
                        ('private_objects', django.db.models.manager.Manager()),
                    ],
                ),
                migrations.CreateModel(
                    name='Recommendation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveIntegerField(verbose_name='number')),
                        ('text', models.TextField(verbose_name='recommendation')),
                        ('sent_on', models.DateField(blank=True, null=True, verbose_name='received by the body on')),
                        ('due_on', models.DateField(blank=True, null=True, verbose_name='answer due on')),
                        ('state', models.CharField(choices=[('draft', 'not sent yet'), ('awaiting', 'awaiting the answer'), ('overdue', 'no answer, overdue'), ('accepted', 'accepted'), ('partly', 'partly accepted'), ('rejected', 'rejected')], default='draft', max_length=10, verbose_name='answer')),
                        ('answered_on', models.DateField(blank=True, null=True, verbose_name='answered on')),
                        ('answered_late', models.BooleanField(default=False, verbose_name='answered late')),
                        ('reminded_for', models.DateField(blank=True, null=True, verbose_name='reminder sent for the due date')),
                        ('overdue_at', models.DateTimeField(blank=True, null=True, verbose_name='marked overdue at')),
                        ('verification', models.CharField(choices=[('not_verified', 'not verified yet'), ('done', 'carried out'), ('partly_done', 'partly carried out'), ('not_done', 'not carried out')], default='not_verified', max_length=12, verbose_name='verified by the monitors')),
                        ('verified_on', models.DateField(blank=True, null=True, verbose_name='verified on')),
                        ('verification_note', models.TextField(blank=True, verbose_name='what the monitors found')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                        ('body', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='recommendations', to='registry.organisation', verbose_name='state body')),
                        ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recommendations', to='monitoring.campaign', verbose_name='campaign')),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                        ('findings', models.ManyToManyField(blank=True, related_name='recommendations', to='accountability.finding', verbose_name='findings')),
                        ('verified_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='verified by')),
                    ],
                    options={
                        'verbose_name': 'recommendation',
                        'verbose_name_plural': 'recommendations',
                        'db_table': 'monitoring_recommendation',
                        'ordering': ['campaign', 'number'],
                        'default_manager_name': 'private_objects',
                    },
                    managers=[
                        ('private_objects', django.db.models.manager.Manager()),
                    ],
                ),
                migrations.CreateModel(
                    name='DecisionNotice',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('decision_on', models.DateField(verbose_name='date of the decision')),
                        ('notified_on', models.DateField(default=django.utils.timezone.localdate, verbose_name='notified on')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('notified_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='notified by')),
                        ('recommendation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decision_notices', to='accountability.recommendation', verbose_name='recommendation')),
                    ],
                    options={
                        'verbose_name': 'notice of a decision date',
                        'verbose_name_plural': 'notices of decision dates',
                        'db_table': 'monitoring_decisionnotice',
                        'ordering': ['recommendation', 'notified_on', 'id'],
                        'default_manager_name': 'private_objects',
                    },
                    managers=[
                        ('private_objects', django.db.models.manager.Manager()),
                    ],
                ),
                migrations.CreateModel(
                    name='RecommendationAnswer',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('decision', models.CharField(choices=[('accepted', 'accepted'), ('partly', 'partly accepted'), ('rejected', 'rejected')], max_length=10, verbose_name='decision')),
                        ('reasons', models.TextField(verbose_name='reasons')),
                        ('answered_on', models.DateField(verbose_name='answered on')),
                        ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='recorded at')),
                        ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='answered by')),
                        ('recommendation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='answer', to='accountability.recommendation', verbose_name='recommendation')),
                    ],
                    options={
                        'verbose_name': 'answer to a recommendation',
                        'verbose_name_plural': 'answers to recommendations',
                        'db_table': 'monitoring_recommendationanswer',
                        'default_manager_name': 'private_objects',
                    },
                    managers=[
                        ('private_objects', django.db.models.manager.Manager()),
                    ],
                ),
                migrations.CreateModel(
                    name='PlannedMeasure',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(verbose_name='measure')),
                        ('due_on', models.DateField(blank=True, null=True, verbose_name='to be done by')),
                        ('answer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='measures', to='accountability.recommendationanswer', verbose_name='answer')),
                    ],
                    options={
                        'verbose_name': 'planned measure',
                        'verbose_name_plural': 'planned measures',
                        'db_table': 'monitoring_plannedmeasure',
                        'ordering': ['answer', 'due_on', 'id'],
                        'default_manager_name': 'private_objects',
                    },
                    managers=[
                        ('private_objects', django.db.models.manager.Manager()),
                    ],
                ),
                migrations.CreateModel(
                    name='AnswerFile',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('original', models.FileField(max_length=300, upload_to=baqylau.accountability.models.answer_file_path, verbose_name='original file')),
                        ('public_file', models.FileField(max_length=300, upload_to=baqylau.accountability.models.answer_file_public_path, verbose_name='public copy')),
                        ('name', models.CharField(max_length=255, verbose_name='file name')),
                        ('content_type', models.CharField(max_length=100, verbose_name='content type')),
                        ('size', models.PositiveBigIntegerField(default=0, verbose_name='size, bytes')),
                        ('sha256', models.CharField(max_length=64, verbose_name='SHA-256')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='uploaded at')),
                        ('answer', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='files', to='accountability.recommendationanswer', verbose_name='answer')),
                    ],
                    options={
                        'verbose_name': 'file of an answer',
                        'verbose_name_plural': 'files of answers',
                        'db_table': 'monitoring_answerfile',
                        'ordering': ['created_at', 'id'],
                        'default_manager_name': 'private_objects',
                    },
                    managers=[
                        ('private_objects', django.db.models.manager.Manager()),
                    ],
                ),
                migrations.AddConstraint(
                    model_name='finding',
                    constraint=models.UniqueConstraint(fields=('campaign', 'number'), name='finding_number_unique'),
                ),
                migrations.AddConstraint(
                    model_name='finding',
                    constraint=models.CheckConstraint(condition=models.Q(('project_object__isnull', False), ('indicator__isnull', False), ('document__isnull', False), _connector='OR'), name='finding_concerns_something'),
                ),
                migrations.AddIndex(
                    model_name='recommendation',
                    index=models.Index(fields=['body', 'state'], name='monitoring__body_id_d66ce7_idx'),
                ),
                migrations.AddIndex(
                    model_name='recommendation',
                    index=models.Index(fields=['due_on'], name='monitoring__due_on_7cbd01_idx'),
                ),
                migrations.AddConstraint(
                    model_name='recommendation',
                    constraint=models.UniqueConstraint(fields=('campaign', 'number'), name='recommendation_number_unique'),
                ),
            ],
            database_operations=[],
        ),
    ]
