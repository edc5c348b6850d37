"""Who can see what a learner enters: one short note per form, all in this one place.

The notes follow the rules the product enforces (access.py and assessments.py): a pair's
records are read by its two members and by the unit's course staff, nobody else; drafts of
assessments are their writer's alone; in a round the other rater sees nothing until both have
submitted, and staff see the content once the round is complete.
"""

from ..core.i18n import gettext as _
from ..core.i18n import gettext_noop

PAIR_AND_STAFF = gettext_noop("Seen by you, your partner and the course staff of this unit.")

NOTES = {
    "workspace": gettext_noop(
        "Only the two of you and the course staff of this unit can open this pairing. "
        "When course staff open it, you see who did and when, below."
    ),
    "agreement": gettext_noop(
        "Seen by you, your partner and the course staff of this unit. Signatures show who signed and when."
    ),
    "goal": PAIR_AND_STAFF,
    "goal_update": gettext_noop(
        "Progress notes are kept as a history, seen by you, your partner and the course staff of this unit."
    ),
    "session_log": gettext_noop(
        "Notes, review answers and action items are seen by your partner, who confirms the session, "
        "and by the course staff of this unit."
    ),
    "session_review": gettext_noop(
        "Your partner and the course staff of this unit see whether you confirmed or disputed, and your note."
    ),
    "action_items": PAIR_AND_STAFF,
    "needs_assessment": gettext_noop(
        "A draft is seen by you alone. Once you submit it, your mentor and the course staff of this unit see it."
    ),
    "assessment_self": gettext_noop(
        "Your ratings, answers and comment stay hidden from your mentor until both of you have submitted; "
        "course staff see them once the round is complete. A draft is seen by you alone."
    ),
    "assessment_mentor": gettext_noop(
        "Your ratings, answers and comment stay hidden from your mentee until both of you have submitted; "
        "course staff see them once the round is complete. A draft is seen by you alone."
    ),
    "planned_session": gettext_noop(
        "Seen by you, your partner and the course staff of this unit. You both get an email with the calendar "
        "invite; each email, like the invite you download, names no email address but its reader's own."
    ),
    "reminders": gettext_noop(
        "Whether you take email reminders is seen by you and, with who was reminded of what, by the course "
        "staff of this unit. The emails go to the address your account has."
    ),
    "invite": gettext_noop(
        "A code pairs its creator with whoever enters it: the two of you and the course staff of this unit then "
        "see your names and everything your pairing records."
    ),
}


def notes():
    """Every note, translated into the reader's language, by form."""
    return {form: _(text) for form, text in NOTES.items()}
