"""Builds the large downloads as files for the current generation of the registry's data
(baqylau.api.built).

Run daily from cron; the first download asked after a change enqueues the same build.

    baqylau build_downloads          # enqueue the build for db_worker
    baqylau build_downloads --now    # build here and now
"""

from django.core.management.base import BaseCommand

from baqylau.api import built, tasks


class Command(BaseCommand):
    help = "Builds the large downloads as files for the current state of the site."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Build here instead of enqueuing.")

    def handle(self, *args, now=False, **options):
        if now:
            for record in built.build_downloads():
                self.stdout.write(f"{record['path']} {record['size']} bytes")
        else:
            tasks.build_downloads.enqueue()
            self.stdout.write("Enqueued.")
