"""The access table: for every handler, who may call it and what every kind of caller gets.

One table, read by the code and by the tests. Each row names the handler's *gate*, which
:func:`handlers.json_action` and :func:`handlers.file_action` check before the handler runs:

- ``AUTHORS``: course authors (Studio's write permission; course staff in the LMS);
- ``STAFF``: course staff of the unit;
- ``LEARNERS``: identified learners who are not course staff (invite codes);
- ``PEOPLE``: any signed-in person of the course, staff included, about themselves only
  (their reminders from this unit);
- ``MEMBERS``: the members of the pair named by ``pair_id``; the pair lookup
  (:func:`access.pair_for`) decides, because it needs the pair. A ``writes`` handler changes
  the pair, so staff (who may read any pair of their unit) get 403 and an ended pair 409.

and then the outcome for each kind of caller (``ROLES``) of the handler's ordinary request aimed
at a pair *P* of the unit — its agreement, goal, action item, and a session that *P*'s mentee
logged and the mentor has not confirmed yet:

- ``mentor``, ``mentee``: *P*'s members (the mentee already has their mentor);
- ``other_pair``: a member of another pair of the same unit;
- ``unpaired``: a learner of the unit without a pair;
- ``staff``: course staff;
- ``other_unit``: a member of a pair of another unit, never seen in this one;
- ``anonymous``: a visitor who is not signed in.

An outcome is ``200`` (allowed), ``403`` (forbidden), ``404`` (not found: the same answer as
for an id that does not exist, so ids cannot be probed) or ``409`` (conflict), with an error
code after a colon where it is not the status's usual one (``409:already_paired``).
Why the exceptions: the member who logged a session cannot confirm it themselves (403); a
mentee who already has a mentor cannot pair again (409); staff pair learners from their panel
and cannot pair themselves, by invite code (403) or by naming themselves in the form, a CSV row or
a reassignment (403 ``own_account``); a learner of another unit is simply a learner here.
"""

from dataclasses import dataclass

from ..core import platform
from ..core.errors import Masquerading, NotAllowed
from ..core.i18n import gettext as _
from ..pairs.access import require_pairing_learner

AUTHORS, STAFF, LEARNERS, MEMBERS, PEOPLE = "authors", "staff", "learners", "members", "people"
ROLES = ("mentor", "mentee", "other_pair", "unpaired", "staff", "other_unit", "anonymous")
ERROR_CODES = {403: "forbidden", 404: "not_found", 409: "conflict"}

# fmt: off
TABLE = {
    # handler             gate      writes  mentor mentee                other_pair unpaired staff  other_unit anonymous
    "studio_submit":      (AUTHORS,  True,  "403", "403",                "403",     "403",   "200", "403",     "403"),
    "workspace_state":    (MEMBERS,  False, "200", "200",                "404",     "404",   "200", "404",     "404"),
    "agreement_save":     (MEMBERS,  True,  "200", "200",                "404",     "404",   "403", "404",     "404"),
    "agreement_sign":     (MEMBERS,  True,  "200", "200",                "404",     "404",   "403", "404",     "404"),
    "goal_add":           (MEMBERS,  True,  "200", "200",                "404",     "404",   "403", "404",     "404"),
    "goal_edit":          (MEMBERS,  True,  "200", "200",                "404",     "404",   "403", "404",     "404"),
    "goal_progress":      (MEMBERS,  True,  "200", "200",                "404",     "404",   "403", "404",     "404"),
    "session_log":        (MEMBERS,  True,  "200", "200",                "404",     "404",   "403", "404",     "404"),
    "session_review":     (MEMBERS,  True,  "200", "403",                "404",     "404",   "403", "404",     "404"),
    "action_done":        (MEMBERS,  True,  "200", "200",                "404",     "404",   "403", "404",     "404"),
    "assessment_save":    (MEMBERS,  True,  "200", "200",                "404",     "404",   "403", "404",     "404"),
    "assessment_submit":  (MEMBERS,  True,  "200", "200",                "404",     "404",   "403", "404",     "404"),
    "invite_create":      (LEARNERS, True,  "200", "409",                "200",     "200",   "403", "200",     "403"),
    "invite_redeem":      (LEARNERS, True,  "200", "409:already_paired", "200",     "200",   "403", "200",     "403"),
    "staff_pairs":        (STAFF,    False, "403", "403",                "403",     "403",   "200", "403",     "403"),
    "staff_add_pair":     (STAFF,    True,  "403", "403",                "403",     "403",   "200", "403",     "403"),
    "staff_import_pairs": (STAFF,    True,  "403", "403",                "403",     "403",   "200", "403",     "403"),
    "staff_preview_pairs": (STAFF,   False, "403", "403",                "403",     "403",   "200", "403",     "403"),
    "staff_end_pair":     (STAFF,    True,  "403", "403",                "403",     "403",   "200", "403",     "403"),
    "staff_reassign":     (STAFF,    True,  "403", "403",                "403",     "403",   "200", "403",     "403"),
    "staff_export":       (STAFF,    False, "403", "403",                "403",     "403",   "200", "403",     "403"),
    "staff_outcomes":     (STAFF,    False, "403", "403",                "403",     "403",   "200", "403",     "403"),
    "session_plan":       (MEMBERS,  True,  "200", "200",                "404",     "404",   "403", "404",     "404"),
    "session_reschedule": (MEMBERS,  True,  "200", "200",                "404",     "404",   "403", "404",     "404"),
    "session_cancel":     (MEMBERS,  True,  "200", "200",                "404",     "404",   "403", "404",     "404"),
    "session_invite":     (MEMBERS,  False, "200", "200",                "404",     "404",   "200", "404",     "404"),
    "reminders_set":      (PEOPLE,   True,  "200", "200",                "200",     "200",   "200", "200",     "403"),
}
# fmt: on


@dataclass(frozen=True)
class Rule:
    """A handler's row: its gate, whether it writes, and ``{role: (status, error code or None)}``."""

    handler: str
    gate: str
    writes: bool
    outcomes: dict


def _outcome(cell):
    status, _colon, code = cell.partition(":")
    status = int(status)
    return status, (code or ERROR_CODES.get(status))


RULES = {
    handler: Rule(handler, gate, writes, dict(zip(ROLES, map(_outcome, cells), strict=True)))
    for handler, (gate, writes, *cells) in TABLE.items()
}


def rule(handler):
    """The row of ``handler``; a handler without one is a programming error (KeyError)."""
    return RULES[handler]


def admit(block, handler):
    """Refuse (403) a caller that the handler's gate keeps out, before anything is read.

    ``MEMBERS`` handlers pass here: their pair lookup answers 404 to anyone outside the pair.

    Raises:
        NotAllowed: the caller is not an author (``AUTHORS``), not course staff (``STAFF``), or
            not a signed-in learner other than staff (``LEARNERS``).
        Masquerading: a handler that ``writes``, called while course staff view the course as
            a learner (:func:`platform.masquerading`).
    """
    gate = RULES[handler].gate
    if RULES[handler].writes and platform.masquerading(block):
        raise Masquerading()
    if gate == AUTHORS:
        if not platform.can_edit_program(block):
            raise NotAllowed()
    elif gate == STAFF:
        if not platform.current_actor(block).is_staff:
            raise NotAllowed(_("Only course staff can do this."))
    elif gate == LEARNERS:
        require_pairing_learner(platform.current_actor(block))
    elif gate == PEOPLE and not platform.current_actor(block).is_learner_identity:
        raise NotAllowed(_("Sign in to take part in mentoring."))
