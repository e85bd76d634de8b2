"""Background work of the API: the large downloads built as files (baqylau.api.built)."""

from django_tasks import task

from . import built


@task()
def build_downloads() -> None:
    built.build_downloads()
