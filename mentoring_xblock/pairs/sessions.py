"""Sessions and action items: one loop from the agenda to the log to what each side promised.

A member logs a session (with the agenda items it covered, shared notes, the end-of-session
review and new action items, and may close carried-forward ones). The partner then confirms or
disputes it; only confirmed sessions count toward requirements and hours.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from ..core import limits
from ..core.cleaner import Cleaner
from ..core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from ..core.i18n import gettext as _
from ..core.transactions import retrying_atomic
from ..models import ActionItem, Session
from . import pair_summary

MINUTES = (5, 600)
REVIEW_KEYS = ("useful", "next_steps", "mentor_before_next", "mentee_before_next", "change")


@dataclass(frozen=True)
class NewActionItem:
    """An action item agreed at a session: what, who does it, by when (or None)."""

    text: str
    owner: str
    due_on: datetime.date | None


@dataclass(frozen=True)
class SessionEntry:
    """A session to log, cleaned (:func:`clean_log`)."""

    held_on: datetime.date
    minutes: int
    session_format: str
    agenda_items: list
    notes: str
    review: dict  # of REVIEW_KEYS, only those answered
    new_items: tuple = ()  # of NewActionItem
    done_ids: tuple = ()  # open action items of the pair that were done by this session

    def session_fields(self):
        names = ("held_on", "minutes", "session_format", "agenda_items", "notes", "review")
        return {key: getattr(self, key) for key in names}


def clean_log(ctx, pair, data):
    """The :class:`SessionEntry` a member sent for ``pair``.

    Raises:
        InvalidInput: every wrong field, named (a date before the pair began or after today,
            an agenda item not in the program, too long a text, too many action items).
    """
    cleaner = Cleaner()
    agenda_ids = [item["id"] for item in ctx.program["agenda"]]
    held_on = cleaner.date("held_on", data.get("held_on"), earliest=pair.started_on, latest=ctx.today)
    review = data.get("review") if isinstance(data.get("review"), dict) else {}
    if data.get("review") not in (None, "") and not isinstance(data.get("review"), dict):
        cleaner.fail("review", _("Expected the review answers as an object."))
    entry = SessionEntry(
        held_on=held_on,
        minutes=cleaner.integer("minutes", data.get("minutes"), MINUTES),
        session_format=cleaner.choice("session_format", data.get("session_format"), ctx.program["session_formats"]),
        agenda_items=cleaner.subset("agenda_items", data.get("agenda_items"), agenda_ids),
        notes=cleaner.text("notes", data.get("notes"), required=False, max_length=limits.LONG_TEXT_MAX),
        review={
            key: text
            for key in REVIEW_KEYS
            if (text := cleaner.text(f"review.{key}", review.get(key), required=False, max_length=limits.TEXT_MAX))
        },
        new_items=_clean_new_items(cleaner, data.get("action_items"), held_on),
        done_ids=tuple(cleaner.id_list("done_action_items", data.get("done_action_items"))),
    )
    cleaner.done()
    return entry


@retrying_atomic
def log(ctx, locked, entry):
    """Log ``entry`` (a :class:`SessionEntry`) for the pair of ``locked`` (:class:`access.LockedPair`).
    Returns the session (confirmation pending); ``locked.summary`` is the pair's summary after it.

    Raises:
        InvalidInput: an action item to close is not an open item of this pair, or the pair
            would have too many sessions or action items.
    """
    pair, done_ids, new_items = locked.pair, entry.done_ids, entry.new_items
    if done_ids:
        # Closed first, and all or none: an id that is not an open item of this pair stops the log.
        open_items = ActionItem.objects.filter(pair=pair, status="open", pk__in=done_ids)
        if open_items.update(status="done", done_at=timezone.now(), done_by=ctx.participant) != len(done_ids):
            raise _not_open(pair, done_ids)
    session = Session.objects.create(
        course_key=pair.course_key, usage_key=pair.usage_key, pair=pair, logged_by=ctx.participant,
        **entry.session_fields(),
    )  # fmt: skip
    ActionItem.objects.bulk_create(
        ActionItem(course_key=pair.course_key, usage_key=pair.usage_key, pair=pair, session=session,
                   created_by=ctx.participant, text=item.text, owner=item.owner, due_on=item.due_on)
        for item in new_items
    )  # fmt: skip
    # The limits hold for what the pair has now: one over, and the whole log is undone.
    summary = locked.summary = pair_summary.read(pair, ctx.today)  # the answer shows it too
    if len(summary.sessions) > limits.SESSIONS_PER_PAIR:
        raise InvalidInput(
            {"held_on": _("A pair can log up to {limit} sessions.").format(limit=limits.SESSIONS_PER_PAIR)}
        )
    if new_items and summary.actions > limits.ACTIONS_PER_PAIR:
        raise InvalidInput(
            {"action_items": _("A pair can have up to {limit} action items.").format(limit=limits.ACTIONS_PER_PAIR)}
        )
    return session


def _not_open(pair, done_ids):
    """The error naming the first of ``done_ids`` that is not an open action item of ``pair``."""
    cleaner = Cleaner()
    cleaner.subset("done_action_items", [str(pk) for pk in done_ids], _open_item_ids(pair))
    return InvalidInput(cleaner.errors)


def _open_item_ids(pair):
    return {str(pk) for pk in ActionItem.objects.filter(pair=pair, status="open").values_list("pk", flat=True)}


def _clean_new_items(cleaner, value, held_on):
    items = []
    for index, entry in cleaner.items("action_items", value, maximum=limits.ACTIONS_PER_SESSION):
        path = f"action_items.{index}"
        items.append(
            NewActionItem(
                text=cleaner.text(
                    f"{path}.text", entry.get("text"), max_length=limits.ACTION_TEXT_MAX, multiline=False
                ),
                owner=cleaner.choice(f"{path}.owner", entry.get("owner"), ("mentor", "mentee")),
                due_on=cleaner.date(f"{path}.due_on", entry.get("due_on"), required=False, earliest=held_on),
            )
        )
    return tuple(items)


REVIEW_DECISIONS = ("confirm", "dispute")


@dataclass(frozen=True)
class Review:
    """The partner's answer to a logged session: ``confirm`` or ``dispute`` (with a ``note``)."""

    decision: str
    note: str


def clean_review(data):
    """The :class:`Review` a member sent; a dispute needs a note."""
    cleaner = Cleaner()
    decision = cleaner.choice("decision", data.get("decision"), REVIEW_DECISIONS)
    note = cleaner.text("note", data.get("note"), required=decision == "dispute", max_length=limits.TEXT_MAX)
    cleaner.done()
    return Review(decision, note if decision == "dispute" else "")


@retrying_atomic
def review(ctx, locked, session_id, answer):
    """The partner confirms or disputes (``answer``: a :class:`Review`) a session the other member
    logged. Returns the session.

    Raises:
        NotFound: no such session in this pair.
        NotAllowed: the member who logged it cannot confirm it.
        Conflict: it was already confirmed or disputed.
    """
    session = Session.objects.select_for_update().filter(pk=session_id, pair=locked.pair).first()
    if session is None:
        raise NotFound()
    if ctx.participant is None or session.logged_by_id == ctx.participant.pk:
        raise NotAllowed(_("Your partner confirms the sessions you log."))
    if session.confirmation != Session.PENDING:
        raise Conflict(_("This session has already been confirmed or disputed."))
    session.confirmation = Session.CONFIRMED if answer.decision == "confirm" else Session.DISPUTED
    session.dispute_note = answer.note
    session.confirmed_at = timezone.now()
    session.save(update_fields=["confirmation", "dispute_note", "confirmed_at"])
    return session


def clean_done(data):
    """Whether a member marks an action item done (``done``, true unless sent) or open again."""
    cleaner = Cleaner()
    done = cleaner.boolean("done", data.get("done", True))
    cleaner.done()
    return done


@retrying_atomic
def set_action_done(ctx, locked, action_id, done):
    """Mark an action item done (or, ``done`` false, open again). Returns it."""
    item = ActionItem.objects.select_for_update().filter(pk=action_id, pair=locked.pair).first()
    if item is None:
        raise NotFound()
    if done and item.status != "done":
        item.status, item.done_at, item.done_by = "done", timezone.now(), ctx.participant
    elif not done and item.status == "done":
        item.status, item.done_at, item.done_by = "open", None, None
    item.save(update_fields=["status", "done_at", "done_by"])
    return item
