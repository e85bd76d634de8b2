"""Background work of the registry."""

from django_tasks import task

from . import mapgrid


@task()
def map_grid_build() -> None:
    mapgrid.build()
