"""Background work of the registry: the plan imports started from the back office."""

from django_tasks import task

from .importers import background


@task()
def plan_import_run(import_id: int) -> None:
    background.plan_import_run(import_id=import_id)
