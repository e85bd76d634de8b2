
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0004_campaign_send_overdue_notified_at_and_more'),
    ]

    # Findings, recommendations, answers and final documents now belong to accountability (its
    # 0001, which runs after this one, takes them over with their tables): monitoring forgets them without touching a row.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='decisionnotice',
                    name='notified_by',
                ),
                migrations.RemoveField(
                    model_name='decisionnotice',
                    name='recommendation',
                ),
                migrations.RemoveField(
                    model_name='finaldocument',
                    name='campaign',
                ),
                migrations.RemoveField(
                    model_name='finaldocument',
                    name='sent_by',
                ),
                migrations.RemoveField(
                    model_name='finding',
                    name='campaign',
                ),
                migrations.RemoveField(
                    model_name='finding',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='finding',
                    name='document',
                ),
                migrations.RemoveField(
                    model_name='finding',
                    name='evidence',
                ),
                migrations.RemoveField(
                    model_name='finding',
                    name='indicator',
                ),
                migrations.RemoveField(
                    model_name='finding',
                    name='project_object',
                ),
                migrations.RemoveField(
                    model_name='recommendation',
                    name='findings',
                ),
                migrations.RemoveField(
                    model_name='plannedmeasure',
                    name='answer',
                ),
                migrations.RemoveField(
                    model_name='recommendation',
                    name='body',
                ),
                migrations.RemoveField(
                    model_name='recommendation',
                    name='campaign',
                ),
                migrations.RemoveField(
                    model_name='recommendation',
                    name='created_by',
                ),
                migrations.RemoveField(
                    model_name='recommendation',
                    name='verified_by',
                ),
                migrations.RemoveField(
                    model_name='recommendationanswer',
                    name='recommendation',
                ),
                migrations.RemoveField(
                    model_name='recommendationanswer',
                    name='answered_by',
                ),
                migrations.DeleteModel(
                    name='AnswerFile',
                ),
                migrations.DeleteModel(
                    name='DecisionNotice',
                ),
                migrations.DeleteModel(
                    name='FinalDocument',
                ),
                migrations.DeleteModel(
                    name='Finding',
                ),
                migrations.DeleteModel(
                    name='PlannedMeasure',
                ),
                migrations.DeleteModel(
                    name='Recommendation',
                ),
                migrations.DeleteModel(
                    name='RecommendationAnswer',
                ),
            ],
            database_operations=[],
        ),
    ]
