"""Units, people and request contexts shared by the unit tests.

Where test files need slightly different data (a user id, the day of the request, the users the
runtime knows, the program), they pass it as an argument or wrap a helper; the defaults here are
what most files build.
"""

import datetime

from mentoring_xblock.core.platform import Actor, Person, Unit
from mentoring_xblock.pairs import access, pairing
from mentoring_xblock.program import config

UNIT = Unit(course_key="course-v1:A+B+C", usage_key="block-v1:A+B+C+type@mentorship+block@one")
OTHER_UNIT = Unit(course_key="course-v1:A+B+C", usage_key="block-v1:A+B+C+type@mentorship+block@two")
START = datetime.date(2024, 1, 15)  # the day pairs are formed
TODAY = datetime.date(2024, 3, 15)  # two months later, as sessions and progress are looked at


def people_named(names):
    """The runtime's users by username: a :class:`Person` per name, their user ids counted from 1."""
    return {name: Person(f"anon-{name}", name, name.title(), number) for number, name in enumerate(names, start=1)}


PEOPLE = people_named(["mira", "ana", "ben", "cy"])


def actor(name, **changes):
    """Signed-in learner ``name`` without a user id, as the runtime describes them, with ``changes``."""
    values = dict(
        anonymous_id=f"anon-{name}",
        username=name,
        full_name=name.title(),
        user_id=None,
        is_staff=False,
        role="student",
        is_authenticated=True,
    )
    return Actor(**{**values, **changes})


def staff_actor(**changes):
    """``sam`` of the course staff."""
    return actor("sam", is_staff=True, role="staff", **changes)


def free_program(**changes):
    """The default program paced free (no dates: every round opens with the needs assessment),
    as programs ran before pacing existed; the tests of pacing itself say which they use."""
    return {**config.default_program(), "pacing": "free", **changes}


def context(who, unit=UNIT, today=START, program=None):
    """A request context of ``who`` (a username or an :class:`Actor`); the default program paced
    free (:func:`free_program`) unless given."""
    who = actor(who) if isinstance(who, str) else who
    return access.Context(unit=unit, actor=who, program=program or free_program(), today=today)


def member(name, pair, **context_args):
    """A member's context and their :class:`access.LockedPair`, as a workspace write starts."""
    ctx = context(name, **context_args)
    return ctx, access.locked_pair(ctx, pair.pk)


def make_pair(mentor, mentee, unit=UNIT, find_user=PEOPLE.get):
    """Staff pair ``mentor`` with ``mentee`` on START, the runtime finding users with ``find_user``."""
    return pairing.add_pair(context(staff_actor(), unit=unit, today=START), find_user, mentor, mentee)
