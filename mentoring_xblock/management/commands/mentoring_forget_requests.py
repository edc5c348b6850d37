"""Delete the answers kept for repeated creates once they are older than a day (run it daily:
a cron job, or Tutor's scheduled jobs). See :mod:`mentoring_xblock.web.replay`."""

from django.core.management.base import BaseCommand

from mentoring_xblock.web import replay


class Command(BaseCommand):
    help = "Delete the answers kept for repeated creates that are older than a day."

    def handle(self, *args, **options):
        deleted = replay.forget()
        self.stdout.write(f"Deleted {deleted} kept answers.")
