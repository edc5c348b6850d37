"""Count the programme dashboard's running sums again from the records (see
:mod:`mentoring_xblock.pairs.tallies`): after records were changed around the block's own
writes (a shell, a data fix), which leaves them behind. The block's writes keep them; a
program change counts them again by itself."""

from django.core.management.base import BaseCommand

from mentoring_xblock.models import MentoringUnit
from mentoring_xblock.pairs import tallies


class Command(BaseCommand):
    help = "Count the programme dashboard's running sums of every Mentoring unit (or of one course) again."

    def add_arguments(self, parser):
        parser.add_argument("--course", help="Only the units of this course key.")

    def handle(self, *args, course=None, **options):
        units = MentoringUnit.objects.order_by("usage_key")
        if course:
            units = units.filter(course_key=course)
        counted = 0
        for usage_key, window in units.values_list("usage_key", "at_risk_days"):
            tallies.rebuild(usage_key, window)
            counted += 1
        self.stdout.write(f"Counted the running sums of {counted} units again.")
