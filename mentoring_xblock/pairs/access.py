"""Who is asking, and what they may see: the checks every workspace action starts with.

A learner reads and writes only the pairs they belong to; course staff read every pair of
their unit but write none; anyone else is told an object does not exist, whether it does or
not, so that ids cannot be probed. Every lookup is scoped to the unit's usage key, so an id
from another unit never works here.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from ..core.errors import Conflict, NotAllowed, NotFound
from ..core.i18n import gettext as _
from ..models import Pair, Participant


@dataclass
class Context:
    """The unit, the program as authored, and the user an action is for."""

    unit: object
    actor: object
    program: dict
    today: datetime.date = field(default_factory=timezone.localdate)
    _participant: object = field(default=None, repr=False)
    _looked_up: bool = field(default=False, repr=False)

    @property
    def participant(self):
        """The actor's :class:`Participant` in this unit, or None if they have none."""
        if not self._looked_up:
            self._looked_up = True
            if self.actor.is_learner_identity:
                self._participant = Participant.objects.filter(
                    usage_key=self.unit.usage_key, anonymous_id=self.actor.anonymous_id
                ).first()
        return self._participant

    @participant.setter
    def participant(self, value):
        self._participant, self._looked_up = value, True

    @property
    def knows_participant(self):
        """Whether :attr:`participant` is known already (looked up, or set), so costs no query."""
        return self._looked_up


def require_staff(ctx):
    """Stop anyone but course staff."""
    if not ctx.actor.is_staff:
        raise NotAllowed(_("Only course staff can do this."))


def pair_for(ctx, pair_id, *, write):
    """The pair ``pair_id`` of this unit and the actor's role in it (``mentor``, ``mentee`` or ``staff``).

    With ``write``, the caller is in a transaction, and the pair comes locked (see
    :class:`LockedPair`) by the statement that reads it with its members, so that what the member
    writes next needs no other query to find or lock the pair. (Only the pair's own row is sure
    to be current when that statement had to wait for the lock: on PostgreSQL, the rest of it is
    read as it was when it started. Whatever a write reads of the pair's records, it reads after.)

    Raises:
        NotFound: the pair is not in this unit, or the actor is neither a member nor staff.
        NotAllowed: staff asking to change a pair they are not a member of.
        Conflict: a member asking to change a pair that has ended.
    """
    pair = None
    if pair_id is not None:
        pairs = Pair.objects.select_related("mentor", "mentee")
        if write:
            # PostgreSQL would lock the members' rows too; lock the pair's row alone.
            pairs = pairs.select_for_update(of=("self",) if connection.features.has_select_for_update_of else ())
        pair = pairs.filter(pk=pair_id, usage_key=ctx.unit.usage_key).first()
    if pair is not None and not ctx.knows_participant and ctx.actor.is_learner_identity:
        # A member's participant row came with the pair: no query for it.
        members = (pair.mentor, pair.mentee)
        member = next((person for person in members if person.anonymous_id == ctx.actor.anonymous_id), None)
        if member is not None:
            ctx.participant = member
    role = pair.role_of(ctx.participant) if pair else None
    if role:
        if write and pair.status != Pair.ACTIVE:
            raise PairEnded()
        return pair, role
    if pair is not None and ctx.actor.is_staff:
        if write:
            raise NotAllowed(_("Course staff can read a pair's workspace but only its members can change it."))
        return pair, "staff"
    raise NotFound()


@dataclass
class LockedPair:
    """A pair a member is changing, its row held until the transaction ends (:func:`locked_pair`).

    Every pair-scoped write takes one, so the pair's row is the first lock it holds and a pair's
    writes run one after the other, each seeing what the previous one committed. ``summary``: the
    pair's :class:`pair_summary.Summary` as a write read it to check its limits, so that the
    answer to the write shows it without reading it again (None until then).
    """

    pair: Pair
    role: str
    summary: object = None


def locked_pair(ctx, pair_id):
    """The pair ``pair_id`` of a member's write, read and locked in one statement (see
    :func:`pair_for`); the caller is in a transaction.

    Raises:
        NotFound, NotAllowed, PairEnded: as :func:`pair_for` with ``write``.
    """
    return LockedPair(*pair_for(ctx, pair_id, write=True))


class PairEnded(Conflict):
    code = "pair_ended"

    def default_message(self):
        return _("This pairing has ended. Its history can be read but no longer changed.")


def require_pairing_learner(actor):
    """Stop visitors who cannot pair themselves: anonymous users, Studio previews, course staff."""
    if not actor.is_learner_identity:
        raise NotAllowed(_("Sign in to take part in mentoring."))
    if actor.is_staff:
        # Staff never see a workspace of their own (their page is the staff panel): they pair others.
        raise NotAllowed(_("Course staff pair learners from the staff panel; they cannot pair themselves."))
