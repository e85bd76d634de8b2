"""baqylau map_grid: build the map's grid of public objects now (after a bulk load)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from baqylau.registry import mapgrid


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _(
            "Count the public objects on the map's grid now. Readers ask for it by themselves "
            "after every change of the registry; run it after a load that bypassed the models."
        )

    def handle(self, *args, **options):
        cells = mapgrid.build()
        self.stdout.write(_("The map's grid holds %(cells)s cells.") % {"cells": cells})
