"""Send the day's mentoring reminders and the week's staff digests (run it daily or more often:
a cron job, Tutor's scheduled jobs, or the periodic task that :mod:`mentoring_xblock.tasks`
registers where Celery runs). Running it again the same day sends nothing twice."""

import datetime

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from mentoring_xblock.pairs import nudge_sweep
from mentoring_xblock.reporting import nudge_digest


def _day(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--date: expected a day as YYYY-MM-DD, not {text!r}.") from error


class Command(BaseCommand):
    help = "Send each mentor and mentee at most one reminder a day of what is due, and staff a weekly digest."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_day, help="The day to sweep for (YYYY-MM-DD; today in UTC by default).")
        parser.add_argument("--unit", action="append", dest="units", help="Only this unit's usage key (repeatable).")
        parser.add_argument("--batch-size", type=int, default=nudge_sweep.BATCH, help="People read at a time.")
        parser.add_argument("--no-digest", action="store_true", help="Send no staff digest.")

    def handle(self, *args, **options):
        if options["batch_size"] < 1:
            raise CommandError("--batch-size: expected a whole number of 1 or more.")
        try:
            outcome = nudge_digest.run(
                options["date"],
                batch_size=options["batch_size"],
                usage_keys=options["units"],
                digests=not options["no_digest"],
            )
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Swept {outcome.units} units, {outcome.people} people: {outcome.sent} reminders sent, "
            f"{outcome.digests} digests sent, {outcome.failed} failed."
        )
        if outcome.failed:
            raise CommandError(f"{outcome.failed} messages could not be sent; the next run tries them again.")
