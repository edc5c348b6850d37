"""Load the workbench demo: users for each role and a mentor with two mentees in the demo unit."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from waffle.models import Switch

from mentoring_xblock.core import limits
from mentoring_xblock.core.platform import Unit
from mentoring_xblock.models import Pair, Participant
from mentoring_xblock.pairs.pairing import create_pair
from mentoring_xblock.workbench.services import anonymous_id_for, workbench_course_key

DEMO_SCENARIO = "mentorship.0"
STAFF = "staff"
MENTOR = "mentor"
MENTEES = ("mentee1", "mentee2")
UNPAIRED = "learner"
# edx-completion's waffle switch (completion/waffle.py, ENABLE_COMPLETION_TRACKING_SWITCH).
COMPLETION_SWITCH = "completion.enable_completion_tracking"


def demo_usage_key():
    """The usage key of the demo unit, as the workbench creates it."""
    from workbench.scenarios import get_scenarios

    return str(get_scenarios()[DEMO_SCENARIO].usage_id)


def demo_program():
    """The demo unit's program, as the workbench loads the block (its pairs' standing follows it)."""
    from workbench.runtime import WorkbenchRuntime
    from workbench.scenarios import get_scenarios

    return WorkbenchRuntime(STAFF).get_block(get_scenarios()[DEMO_SCENARIO].usage_id).program


class Command(BaseCommand):
    help = "Create the demo users and pair a mentor with two mentees in the workbench demo unit."

    def handle(self, *args, **options):
        usage_key = demo_usage_key()
        course_key = workbench_course_key()
        users = get_user_model().objects
        with transaction.atomic():
            # Completion is recorded, as on a Tutor install (edx-completion's switch is off by default).
            Switch.objects.update_or_create(name=COMPLETION_SWITCH, defaults={"active": True})
            users.get_or_create(username=STAFF, defaults={"is_staff": True, "email": f"{STAFF}@example.org"})
            users.get_or_create(username=UNPAIRED, defaults={"email": f"{UNPAIRED}@example.org"})
            mentor = self._participant(usage_key, course_key, MENTOR, "Maya Ortiz")
            started = timezone.localdate() - datetime.timedelta(days=21)
            program = demo_program()
            for username, name in zip(MENTEES, ("Sam Lee", "Noor Haddad"), strict=True):
                mentee = self._participant(usage_key, course_key, username, name)
                if not Pair.objects.filter(usage_key=usage_key, mentee=mentee, status=Pair.ACTIVE).exists():
                    create_pair(
                        Unit(course_key=course_key, usage_key=usage_key),
                        mentor,
                        mentee,
                        capacity=limits.MENTOR_CAPACITY_MAX,
                        formed_by="demo",
                        today=started,
                        program=program,
                    )
        self.stdout.write(
            f"Demo ready in {usage_key}: staff={STAFF}, mentor={MENTOR}, mentees={', '.join(MENTEES)}, "
            f"unpaired learner={UNPAIRED}"
        )

    @staticmethod
    def _participant(usage_key, course_key, username, display_name):
        first, last = display_name.split(" ", 1)
        user, _ = get_user_model().objects.update_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.org"}
        )
        participant, _ = Participant.objects.get_or_create(
            usage_key=usage_key,
            anonymous_id=anonymous_id_for(username, course_key),
            defaults={
                "course_key": course_key,
                "user_id": user.pk,
                "username": username,
                "display_name": display_name,
            },
        )
        return participant
