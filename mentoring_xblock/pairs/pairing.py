"""Forming and ending pairs: by course staff (one at a time or from a CSV) and by invite code.

Two limits hold however a pair is formed: a mentee has at most one active mentor in a unit,
and a mentor has at most the author's capacity of active mentees. The database enforces both
(see :class:`models.Pair`); the checks here only turn them into clear messages first.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ..core import limits
from ..core.cleaner import Cleaner
from ..core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from ..core.i18n import gettext as _
from ..core.transactions import retrying_atomic
from ..models import Pair, Participant
from . import pair_csv, participants, tallies, tracking
from .access import require_staff


class AlreadyPaired(Conflict):
    code = "already_paired"


class AtCapacity(Conflict):
    code = "at_capacity"


class SamePerson(InvalidInput):
    code = "same_person"


class OwnAccount(NotAllowed):
    """A staff member naming themself in a pairing: another member of the course staff pairs them."""

    code = "own_account"

    def default_message(self):
        return _("You cannot pair yourself. Ask another member of the course staff to pair you.")


def _refuse_own_account(ctx, people):
    """Raise :class:`OwnAccount` when the acting staff member is one of ``people`` (found users)."""
    if any(person is not None and person.anonymous_id == ctx.actor.anonymous_id for person in people):
        raise OwnAccount()


# -- participants ------------------------------------------------------------------------------


def participant_for(unit, person):
    """The :class:`Participant` for a :class:`platform.Person`, created on first pairing."""
    return participants.participant_for(unit, person)[0]


# -- the one way a pair is created --------------------------------------------------------------


def create_pair(unit, mentor, mentee, *, capacity, formed_by, today=None, program=None):
    """Pair ``mentor`` with ``mentee`` in one transaction; with ``program``, the new pair's row
    carries the standing it counts for a pair that has done nothing yet (:func:`tracking.initial`).

    Raises:
        SamePerson: mentor and mentee are the same participant.
        AlreadyPaired: the mentee already has an active mentor here (or mentors this mentor).
        AtCapacity: the mentor already has ``capacity`` active mentees.
    """
    if mentor.pk == mentee.pk:
        raise SamePerson({"mentee": _("The mentor and the mentee must be two different people.")})
    try:
        with transaction.atomic():
            # Pairings of the same people wait for each other (in one order, so never in a
            # circle) and then see each other's pairs: a mentor's free places are counted right.
            list(Participant.objects.select_for_update().filter(pk__in=[mentor.pk, mentee.pk]).order_by("pk"))
            _check_free(unit, mentor, mentee, capacity)
            taken = set(
                Pair.objects.filter(usage_key=unit.usage_key, mentor=mentor, status=Pair.ACTIVE).values_list(
                    "mentor_slot", flat=True
                )
            )
            slot = next(number for number in range(1, capacity + 1) if number not in taken)
            started_on = today or timezone.localdate()
            pair = Pair(
                course_key=unit.course_key,
                usage_key=unit.usage_key,
                mentor=mentor,
                mentee=mentee,
                formed_by=formed_by,
                started_on=started_on,
                **(tracking.initial(program, started_on) if program is not None else {}),
            )
            pair.mentor_slot = slot
            pair.save()
            if program is None:
                tallies.forget(unit.usage_key)
            else:  # the unit's tallies count the new pair
                tallies.add(unit.usage_key, tallies.pair_part(tallies.columns_of(pair), [], program["at_risk_days"]))
    except IntegrityError as error:
        # Another request won the race for this mentee or this mentor's last place.
        _check_free(unit, mentor, mentee, capacity)
        raise AtCapacity(_("{name} has no free place for another mentee.").format(name=_name(mentor))) from error
    return pair


def _check_free(unit, mentor, mentee, capacity):
    active = Pair.objects.filter(usage_key=unit.usage_key, status=Pair.ACTIVE)
    clash = active.filter(Q(mentee=mentee) | Q(mentor=mentee, mentee=mentor)).first()
    if clash is not None and clash.mentee_id == mentee.pk:
        raise AlreadyPaired(_("{name} already has an active mentor in this unit.").format(name=_name(mentee)))
    if clash is not None:
        # The same two people the other way round: the mentee-to-be already mentors the mentor-to-be.
        raise AlreadyPaired(
            _("{mentor} already mentors {mentee} in this unit.").format(mentor=_name(mentee), mentee=_name(mentor))
        )
    count = active.filter(mentor=mentor).count()
    if count >= capacity:
        raise AtCapacity(
            _("{name} already mentors {count} learners, the most this unit allows.").format(
                name=_name(mentor), count=count
            )
        )


def _name(participant):
    return participant.username or participant.display_name


# -- staff actions -------------------------------------------------------------------------------


def add_pair(ctx, find_user, mentor_name, mentee_name, *, formed_by="staff"):
    """Staff pair two users by username. Returns the new pair.

    ``find_user(username)`` resolves a username through the runtime (None for unknown users).
    """
    require_staff(ctx)
    cleaner = Cleaner()
    names = {
        "mentor": cleaner.text("mentor", mentor_name, max_length=limits.USERNAME_MAX, multiline=False),
        "mentee": cleaner.text("mentee", mentee_name, max_length=limits.USERNAME_MAX, multiline=False),
    }
    cleaner.done()
    if names["mentor"].lower() == names["mentee"].lower():
        raise SamePerson({"mentee": _("The mentor and the mentee must be two different people.")})
    people = {role: find_user(participants.known_spelling(ctx.unit, name)) for role, name in names.items()}
    unknown = {
        role: _('No user "{name}" in this course.').format(name=names[role]) for role, p in people.items() if not p
    }
    if unknown:
        raise InvalidInput(unknown)
    _refuse_own_account(ctx, people.values())
    return _pair_people(ctx, people, formed_by)


@retrying_atomic
def _pair_people(ctx, people, formed_by):
    mentor = participant_for(ctx.unit, people["mentor"])
    mentee = participant_for(ctx.unit, people["mentee"])
    return create_pair(
        ctx.unit,
        mentor,
        mentee,
        capacity=ctx.program["mentor_capacity"],
        formed_by=formed_by,
        today=ctx.today,
        program=ctx.program,
    )


def import_pairs(ctx, find_user, text):
    """Pair learners from CSV text with a ``mentor,mentee`` header, its columns separated by
    commas, semicolons or tabs (:func:`pair_csv.read`).

    Each row succeeds or fails on its own, in its own transaction. Returns the report: one
    entry per data row, ``{"line", "mentor", "mentee", "outcome", "message"}``, where outcome
    is ``created``, ``already_paired``, ``unknown_user``, ``same_person``, ``at_capacity``,
    ``own_account`` (the uploading staff member named themself) or ``malformed``.

    Raises:
        InvalidInput: the file as a whole is unusable (not text, too big, wrong header).
    """
    require_staff(ctx)
    report = []
    for line, cells in pair_csv.read(text).rows:
        entry, values = pair_csv.entry(line, cells)
        report.append(entry)
        if values is None:
            continue
        try:
            pair = add_pair(ctx, find_user, values[0], values[1], formed_by="csv")
        except SamePerson:
            entry.update(outcome="same_person", message=_("The mentor and the mentee are the same person."))
        except InvalidInput as error:
            entry.update(outcome="unknown_user", message=" ".join(error.fields.values()))
        except AlreadyPaired as error:
            entry.update(outcome="already_paired", message=error.message)
        except AtCapacity as error:
            entry.update(outcome="at_capacity", message=error.message)
        except OwnAccount as error:
            entry.update(outcome="own_account", message=error.message)
        else:
            entry.update(message=_("Paired."), pair_id=pair.pk)
    return report


@dataclass(frozen=True)
class Preview:
    """What importing a file would do, nothing written: one entry per data row as
    :func:`import_pairs` reports it (``created``: would be paired; each with the ``mentor_label``
    and ``mentee_label`` of the users found), and the separator the file uses."""

    rows: list
    separator: str


def preview_pairs(ctx, find_user, text):
    """What :func:`import_pairs` would do with ``text`` now, row by row, without writing: who
    would be paired with whom, and which rows would be refused and why (the same outcomes and
    messages; a row counts the pairs the rows above it would form).

    Raises:
        NotAllowed: the reader is not course staff.
        InvalidInput: the file as a whole is unusable.
    """
    require_staff(ctx)
    upload = pair_csv.read(text)
    rows = [pair_csv.entry(line, cells) for line, cells in upload.rows]
    names = {name for _entry, values in rows if values for name in values}
    found = {name: find_user(participants.known_spelling(ctx.unit, name)) for name in sorted(names)}
    ids = {person.anonymous_id for person in found.values() if person is not None}
    active = Pair.objects.filter(usage_key=ctx.unit.usage_key, status=Pair.ACTIVE).filter(
        Q(mentor__anonymous_id__in=ids) | Q(mentee__anonymous_id__in=ids)
    )
    mentor_of, load = {}, {}
    for mentor_id, mentee_id in active.values_list("mentor__anonymous_id", "mentee__anonymous_id"):
        mentor_of[mentee_id] = mentor_id
        load[mentor_id] = load.get(mentor_id, 0) + 1
    capacity = ctx.program["mentor_capacity"]
    for entry, values in rows:
        if values is not None:
            _foresee(ctx, entry, values, found, mentor_of, load, capacity)
    return Preview(rows=[entry for entry, _values in rows], separator=upload.separator)


def _foresee(ctx, entry, values, found, mentor_of, load, capacity):
    """Fill ``entry`` with what :func:`add_pair` would answer for its row, checked in the same
    order; a row that would pair counts in ``mentor_of`` and ``load`` for the rows below it."""
    mentor, mentee = found[values[0]], found[values[1]]
    entry.update(
        mentor_label=participants.person_label(mentor.full_name, mentor.username) if mentor else "",
        mentee_label=participants.person_label(mentee.full_name, mentee.username) if mentee else "",
    )
    unknown = [
        _('No user "{name}" in this course.').format(name=name)
        for name, p in zip(values, (mentor, mentee), strict=True)
        if not p
    ]
    if values[0].lower() == values[1].lower() or (not unknown and mentor.anonymous_id == mentee.anonymous_id):
        entry.update(outcome="same_person", message=_("The mentor and the mentee are the same person."))
    elif unknown:
        entry.update(outcome="unknown_user", message=" ".join(unknown))
    elif ctx.actor.anonymous_id in (mentor.anonymous_id, mentee.anonymous_id):
        entry.update(outcome="own_account", message=OwnAccount().message)
    elif mentee.anonymous_id in mentor_of:
        message = _("{name} already has an active mentor in this unit.").format(name=mentee.username)
        entry.update(outcome="already_paired", message=message)
    elif mentor_of.get(mentor.anonymous_id) == mentee.anonymous_id:
        message = _("{mentor} already mentors {mentee} in this unit.").format(
            mentor=mentee.username, mentee=mentor.username
        )
        entry.update(outcome="already_paired", message=message)
    elif load.get(mentor.anonymous_id, 0) >= capacity:
        message = _("{name} already mentors {count} learners, the most this unit allows.").format(
            name=mentor.username, count=load[mentor.anonymous_id]
        )
        entry.update(outcome="at_capacity", message=message)
    else:
        entry.update(message=_("Would be paired."))
        mentor_of[mentee.anonymous_id] = mentor.anonymous_id
        load[mentor.anonymous_id] = load.get(mentor.anonymous_id, 0) + 1


def _active_staff_pair(ctx, pair_id):
    """The unit's active pair ``pair_id``, its row held until the transaction ends (the pair's
    row only: its members' rows are locked by pairings, in their own order).

    Raises:
        NotFound: no such pair in this unit.
        Conflict: the pairing has already ended.
    """
    pairs = Pair.objects.filter(pk=pair_id, usage_key=ctx.unit.usage_key) if pair_id else Pair.objects.none()
    list(pairs.select_for_update().values_list("pk", flat=True))
    pair = pairs.select_related("mentor", "mentee").first()
    if pair is None:
        raise NotFound()
    if pair.status != Pair.ACTIVE:
        raise Conflict(_("This pairing has already ended."))
    return pair


def end_pair(ctx, pair_id, reason=""):
    """Staff end a pair; its records stay readable. Returns the closed pair."""
    require_staff(ctx)
    cleaner = Cleaner()
    pair_id = cleaner.object_id("pair_id", pair_id)
    reason = cleaner.text("reason", reason, required=False, max_length=limits.END_REASON_MAX)
    cleaner.done()
    return _end(ctx, pair_id, reason)


@retrying_atomic
def _end(ctx, pair_id, reason):
    pair = _active_staff_pair(ctx, pair_id)
    _close(pair, reason or _("Ended by course staff."), ctx.actor, ctx.program)
    return pair


def _close(pair, reason, by, program):
    """End ``pair`` for ``reason``, by the staff member ``by`` (a :class:`platform.Actor`)."""
    days = tallies.days_of(pair.confirmed_days)
    before = (tallies.columns_of(pair), days)
    pair.status = Pair.CLOSED
    pair.ended_at = timezone.now()
    pair.end_reason = reason[: limits.END_REASON_MAX]
    pair.ended_by_user_id = by.user_id
    pair.ended_by_username = by.username[: limits.USERNAME_MAX]
    pair.ended_by_name = (by.full_name or "")[:255]
    pair.save()
    after = (tallies.columns_of(pair), days)
    tallies.follow_pair(pair, program["at_risk_days"], before=before, after=after)


def reassign(ctx, find_user, pair_id, mentor_name):
    """Staff give a pair's mentee a new mentor: the old pair ends, a new one starts, in one transaction."""
    require_staff(ctx)
    cleaner = Cleaner()
    pair_id = cleaner.object_id("pair_id", pair_id)
    mentor_name = cleaner.text("mentor", mentor_name, max_length=limits.USERNAME_MAX, multiline=False)
    cleaner.done()
    person = find_user(participants.known_spelling(ctx.unit, mentor_name))
    if person is None:
        raise InvalidInput({"mentor": _('No user "{name}" in this course.').format(name=mentor_name)})
    _refuse_own_account(ctx, [person])
    return _reassign(ctx, pair_id, person)


@retrying_atomic
def _reassign(ctx, pair_id, person):
    old = _active_staff_pair(ctx, pair_id)
    mentor = participant_for(ctx.unit, person)
    if mentor.pk == old.mentor_id:
        raise InvalidInput({"mentor": _("This is already the mentee's mentor.")})
    if mentor.pk == old.mentee_id:
        raise SamePerson({"mentor": _("The mentor and the mentee must be two different people.")})
    _close(old, _("Reassigned to a new mentor: {name}.").format(name=_name(mentor)), ctx.actor, ctx.program)
    return create_pair(
        ctx.unit,
        mentor,
        old.mentee,
        capacity=ctx.program["mentor_capacity"],
        formed_by="staff",
        today=ctx.today,
        program=ctx.program,
    )
