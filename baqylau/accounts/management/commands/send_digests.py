"""Daily, from cron: one email to each follower who chose "once a day", with the news of what
they follow since the last digest."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from baqylau.accounts.following import digests_send


class Command(BaseCommand):
    help = "Send each follower who chose a daily email the news of the day in one email."

    def handle(self, *args, **options):
        sent = digests_send()
        self.stdout.write(
            ngettext("%(count)d digest sent.", "%(count)d digests sent.", sent) % {"count": sent}
        )
