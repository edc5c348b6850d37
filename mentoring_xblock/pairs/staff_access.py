"""Course staff looking at a pair's workspace: recorded, and shown to the pair.

A pair can read its records together with the course staff, so it is told which staff member
opened its workspace and when. One record is kept per staff member, pair and day: opening the
workspace again that day moves the record's time and counts the view, so a staff member who
clicks through a pair's sections does not flood the list.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..core.transactions import retrying_atomic
from ..models import StaffAccess

# The most recent accesses shown in the workspace.
SHOWN = 10


def record(ctx, pair):
    """Remember that the staff member asking (``ctx.actor``) opened ``pair``'s workspace now."""
    actor = ctx.actor
    username = (actor.username or actor.anonymous_id or "")[:150]
    display_name = (actor.full_name or actor.username or "")[:255]
    _store(pair, username, display_name, actor.user_id, timezone.now(), ctx.today)


@retrying_atomic
def _store(pair, username, display_name, user_id, now, today):
    same_day = StaffAccess.objects.filter(pair=pair, username=username, viewed_on=today)
    if same_day.update(last_at=now, views=F("views") + 1, display_name=display_name):
        return
    try:
        with transaction.atomic():
            StaffAccess.objects.create(
                course_key=pair.course_key,
                usage_key=pair.usage_key,
                pair=pair,
                user_id=user_id,
                username=username,
                display_name=display_name,
                viewed_on=today,
                first_at=now,
                last_at=now,
            )
    except IntegrityError:
        # The same staff member's other request created today's record first.
        same_day.update(last_at=now, views=F("views") + 1)


def recent(pair):
    """The pair's most recent staff accesses, newest first (one query)."""
    return list(StaffAccess.objects.filter(pair=pair).order_by("-last_at", "-pk")[:SHOWN])


def view(accesses):
    """The accesses as the workspace shows them: who, on which day, at what time, how often."""
    return [
        {
            "name": access.display_name or access.username,
            "viewed_on": access.viewed_on,
            "last_at": access.last_at,
            "views": access.views,
        }
        for access in accesses
    ]
