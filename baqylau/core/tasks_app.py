"""The background tasks' database app under a name the back office can translate (its own
verbose_name, "Tasks Database Backend", is not marked for translation)."""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class BackgroundTasksConfig(TasksAppConfig):
    verbose_name = _("Background tasks")
