"""The reminder sweep at course scale: the 100,000-participant unit (``seed.EXPORT``).

Its people get platform accounts (the sweep writes only to people the platform knows), then one
sweep reads them in batches, works out what is due for each, claims each person's message of
the day and records what it lists. Delivery is counted, not rendered: the sweep hands each
message to a counter instead of edx-ace (rendering and sending mail is edx-ace's and the mail
server's work, the same whatever the sweep does).

The raw scan reads, each once, with ``values_list().iterator()``, the rows the sweep reads to
decide: the unit's people who take reminders, its active pairs (their stored standing), their
pending sessions, open action items past due, submitted assessments and planned sessions past
their time, and the people's accounts. The sweep reads more than that: each pair and its records
twice (with its mentor's batch and with its mentee's), the names of both members with each pair,
what each batch's people were reminded of before (a row per item: none before the first sweep of
a day), whether each person already had the day's message, and on the first sweep it writes the
day's messages and items; the scan leaves all that out.
"""

from itertools import islice

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from mentoring_xblock.models import (
    ActionItem,
    Assessment,
    NudgeItem,
    Pair,
    Participant,
    PlannedSession,
    SentMessage,
    Session,
)
from mentoring_xblock.pairs import nudge_sweep

BATCH = 5000


def prepare(usage_key):
    """Give every participant of the unit a platform account (bulk: a few seconds)."""
    users = get_user_model()
    people = list(Participant.objects.filter(usage_key=usage_key).order_by("pk").values_list("pk", "username"))
    with transaction.atomic():
        rows = iter(people)
        while batch := list(islice(rows, BATCH)):
            users.objects.bulk_create(
                [users(username=f"u-{username}"[:150], email=f"{username}@example.org") for _pk, username in batch],
                ignore_conflicts=True,
            )
        ids = dict(users.objects.filter(username__startswith="u-").values_list("username", "pk"))
        with connection.cursor() as cursor:
            table = Participant._meta.db_table
            cursor.executemany(
                f"UPDATE {table} SET user_id = %s WHERE id = %s",  # noqa: S608  (a model's own table name)
                [(ids[f"u-{username}"[:150]], pk) for pk, username in people],
            )
    return len(people)


def forget(usage_key):
    """Delete what a sweep recorded, so that the next one sends everything again."""
    with transaction.atomic():
        SentMessage.objects.filter(usage_key=usage_key).delete()
        NudgeItem.objects.filter(usage_key=usage_key).delete()


class Counter:
    """Stands in for edx-ace: counts the messages handed to it."""

    def __init__(self):
        self.sent = 0

    def __call__(self, name, recipient, context):
        self.sent += 1


def sweep(usage_key):
    """One sweep of the unit (its reminders; no digest); returns the :class:`nudge_sweep.Outcome`."""
    outcome = nudge_sweep.Outcome()
    unit = nudge_sweep.MentoringUnit.objects.get(usage_key=usage_key)
    nudge_sweep.sweep_unit(unit, timezone.now().date(), outcome, send=Counter())
    return outcome


def raw_scan(usage_key):
    """The rows the sweep reads, each once, as plain values. Returns the number of rows."""
    today = timezone.now().date()
    people = Participant.objects.filter(
        usage_key=usage_key, nudges_off_at__isnull=True, retired_at__isnull=True, user_id__isnull=False
    )
    pairs = Pair.objects.filter(usage_key=usage_key, status=Pair.ACTIVE)
    tables = [
        people.values_list("pk", "user_id"),
        pairs.values_list(
            "pk", "mentor_id", "mentee_id", "started_on", "stage", "sessions_confirmed", "last_session_on"
        ),
        Session.objects.filter(usage_key=usage_key, confirmation=Session.PENDING).values_list(
            "pk", "pair_id", "logged_by_id", "logged_at"
        ),
        ActionItem.objects.filter(usage_key=usage_key, status="open", due_on__lt=today).values_list(
            "pk", "pair_id", "owner"
        ),
        Assessment.objects.filter(usage_key=usage_key, submitted_at__isnull=False).values_list(
            "pair_id", "round", "rater"
        ),
        PlannedSession.objects.filter(
            usage_key=usage_key, status=PlannedSession.PLANNED, starts_at__lt=timezone.now()
        ).values_list("pk", "pair_id", "starts_at"),
        get_user_model().objects.filter(username__startswith="u-").values_list("pk", "email", "username"),
    ]
    rows = 0
    for query in tables:
        for _row in query.iterator(chunk_size=2000):
            rows += 1
    return rows
