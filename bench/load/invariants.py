"""What must hold in the database after a load step, however the requests raced.

The unit's rules are those the concurrency tests assert (``tests/concurrency/conftest.py``,
reused here): one active mentor per mentee, every mentor within capacity, one assessment per
round and rater, one signature per version and role, and each pair's stored standing equal to
what its records say. Added for the load test: the creates the people saw succeed are in the
database once each (pairs, goals, progress updates, sessions: nothing lost, nothing twice), every
confirmed session has its one confirmation's time, and the workbench's state table has one row per block and user.
"""

from collections import Counter


def check(usage_key, board):
    """The broken invariants after a step, as text (an empty list when all hold)."""
    from django.db.models import Count
    from workbench.models import XBlockState

    from mentoring_xblock.models import Goal, GoalUpdate, Pair, Session
    from tests.concurrency.conftest import assert_invariants

    broken = []
    try:
        assert_invariants(usage_key)
    except AssertionError as error:
        broken.append(f"unit invariants: {str(error)[:300]}")
    created = {int(pair_id): counts for pair_id, counts in board["created"].items()}
    found = {
        "pairs": Counter(Pair.objects.filter(pk__in=created).values_list("pk", flat=True)),
        "goals": Counter(Goal.objects.filter(pair_id__in=created).values_list("pair_id", flat=True)),
        "updates": Counter(
            GoalUpdate.objects.filter(goal__pair_id__in=created).values_list("goal__pair_id", flat=True)
        ),
        "sessions": Counter(Session.objects.filter(pair_id__in=created).values_list("pair_id", flat=True)),
    }
    for pair_id, counts in created.items():
        for what, seen in found.items():
            if seen[pair_id] != counts.get(what, 0):
                broken.append(f"pair {pair_id}: {seen[pair_id]} {what} in the database, {counts.get(what, 0)} created")
    unstamped = Session.objects.filter(pair_id__in=created, confirmation=Session.CONFIRMED, confirmed_at__isnull=True)
    if unstamped.exists():
        broken.append(f"{unstamped.count()} confirmed sessions without their confirmation's time")
    doubles = XBlockState.objects.values("scope", "scope_id", "user_id").annotate(rows=Count("id")).filter(rows__gt=1)
    if doubles.exists():
        broken.append(f"workbench state stored twice: {list(doubles[:5])}")
    return broken
