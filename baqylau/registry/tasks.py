"""Background work of the registry: the map's grid, and the plan imports started from the back
office."""

from django_tasks import task

from . import mapgrid
from .importers import background


@task()
def map_grid_build() -> None:
    mapgrid.build()


@task()
def plan_import_run(import_id: int) -> None:
    background.plan_import_run(import_id=import_id)
