"""Erasing a learner's personal data when Open edX retires their account.

The platform's retirement pipeline sends ``USER_RETIRE_LMS_MISC`` (with ``user``) to every app
that keeps personal data; the plugin registration (apps.py, ``signals_config``) connects
:func:`erase_retired_user` to it inside the LMS only, so outside Open edX nothing is connected.

What goes, in every unit the user took part in:
- their names: the participant's username becomes ``retired-<random>``, the display name is
  cleared, the anonymous id and user id are replaced, and the pages say "A former participant";
- the words they wrote: goals they created, their progress notes, the sessions they logged (notes
  and review answers), their note on a session they disputed, the action items they created, their
  side of the agreement (what they expect and bring) and its contact details, and every answer and
  comment of their assessments (the needs assessment and SWOT too) become ``[removed]``;
- their name in the reason a pairing ended, their unused invite codes, and their name in the
  record of staff who opened a pairing (when the retiring user is course staff).

What stays, so that the partner's records remain whole and consistent: the pairs themselves, every
record's dates, counts and statuses (goals, sessions and their confirmation, action items,
signatures), the ratings of the assessments, the stored progress and completion, and everything the
partner wrote.
"""

import logging
import re
import secrets

from django.db.models import Q
from django.utils import timezone

from ..core.i18n import gettext_noop
from ..core.transactions import retrying_atomic
from ..models import (
    ActionItem,
    Agreement,
    Assessment,
    Goal,
    GoalUpdate,
    HandledRequest,
    InviteCode,
    Pair,
    Participant,
    PlannedSession,
    Session,
    StaffAccess,
)

log = logging.getLogger(__name__)

# Stored as is (the same in every language); the pages show it translated (workspace.py).
REMOVED = gettext_noop("[removed]")
RATER_OF_ROLE = {"mentee": "self", "mentor": "mentor"}
# The agreement's fields that belong to one side, and those that say how to reach people.
OWN_AGREEMENT_FIELDS = {
    "mentor": ("mentor_expectations", "mentor_brings"),
    "mentee": ("mentee_expectations", "mentee_brings"),
}
CONTACT_FIELDS = ("channels", "contact_hours")


def erase_retired_user(sender, user=None, **kwargs):
    """Receiver of the platform's ``USER_RETIRE_LMS_MISC``: erase ``user``'s personal data."""
    if user is None:
        return
    erased = erase(user)
    log.info("Mentoring: erased the personal data of a retired user in %d unit(s)", erased)


def _platform_anonymous_ids(user):
    """The user's per-course anonymous ids, as the platform stores them (none outside Open edX)."""
    try:
        from common.djangoapps.student.models import AnonymousUserId  # the platform's, when present
    except ImportError:
        return []
    return list(AnonymousUserId.objects.filter(user=user).values_list("anonymous_user_id", flat=True))


def participants_of(user):
    """Every :class:`Participant` that is ``user``, in any unit, not retired yet."""
    match = Q(user_id=user.pk)
    anonymous_ids = _platform_anonymous_ids(user)
    if anonymous_ids:
        match |= Q(anonymous_id__in=anonymous_ids)
    if user.username:
        match |= Q(user_id__isnull=True, username=user.username)
    return Participant.objects.filter(match, retired_at__isnull=True)


@retrying_atomic
def erase(user):
    """Erase ``user``'s names and words in every unit, in one transaction. Returns how many
    units they took part in."""
    participants = list(participants_of(user).select_for_update())
    for participant in participants:
        _erase_participant(participant)
    StaffAccess.objects.filter(Q(user_id=user.pk) | Q(username=user.username)).update(
        username=f"retired-{secrets.token_hex(6)}", display_name="", user_id=None
    )
    Pair.objects.filter(
        Q(ended_by_user_id=user.pk) | Q(ended_by_username=user.username, ended_by_username__gt="")
    ).update(ended_by_user_id=None, ended_by_username="", ended_by_name="")
    return len(participants)


def _erase_participant(participant):
    names = [name for name in {participant.username, participant.display_name} if name]
    pairs = list(Pair.objects.filter(Q(mentor=participant) | Q(mentee=participant)))
    for pair in pairs:
        _erase_in_pair(pair, participant, pair.role_of(participant))
    Goal.objects.filter(created_by=participant).update(statement=REMOVED, why=REMOVED, measure=REMOVED)
    GoalUpdate.objects.filter(author=participant).exclude(note="").update(note=REMOVED)
    for session in Session.objects.filter(logged_by=participant):
        session.notes = REMOVED if session.notes else ""
        session.review = dict.fromkeys(session.review, REMOVED)
        session.save(update_fields=["notes", "review"])
    ActionItem.objects.filter(created_by=participant).update(text=REMOVED)
    InviteCode.objects.filter(created_by=participant, used_at__isnull=True).delete()
    # The answers kept for repeated creates (replay.py) show both members' words and names.
    HandledRequest.objects.filter(usage_key=participant.usage_key).delete()
    for pair in Pair.objects.filter(usage_key=participant.usage_key).exclude(end_reason=""):
        reason = _without_names(pair.end_reason, names)
        if reason != pair.end_reason:
            Pair.objects.filter(pk=pair.pk).update(end_reason=reason)
    token = secrets.token_hex(8)
    participant.username = f"retired-{token}"
    participant.anonymous_id = f"retired-{token}"
    participant.display_name = ""
    participant.user_id = None
    participant.retired_at = timezone.now()
    participant.save(update_fields=["username", "anonymous_id", "display_name", "user_id", "retired_at"])


def _erase_in_pair(pair, participant, role):
    """Their side of the pair's agreement, their assessments' words, their dispute notes."""
    # An update, not a save: the agreement's version, signatures and last change stay as they were.
    for field in (*OWN_AGREEMENT_FIELDS[role], *CONTACT_FIELDS):
        Agreement.objects.filter(pair=pair).exclude(**{field: ""}).update(**{field: REMOVED})
    for assessment in Assessment.objects.filter(pair=pair, rater=RATER_OF_ROLE[role]):
        assessment.answers = _removed_values(assessment.answers)
        assessment.comment = REMOVED if assessment.comment else ""
        assessment.save(update_fields=["answers", "comment"])
    # Who gave the reason for moving or cancelling a planned session is not kept: erased whoever did.
    PlannedSession.objects.filter(pair=pair).exclude(reason="").update(reason=REMOVED)
    for planned in PlannedSession.objects.filter(pair=pair, planned_by=participant):
        planned.note = REMOVED if planned.note else ""
        planned.location = REMOVED if planned.location else ""
        planned.save(update_fields=["note", "location"])
    # The partner logged these sessions; a dispute note on them is the retiring member's.
    Session.objects.filter(pair=pair).exclude(logged_by=participant).exclude(logged_by=None).exclude(
        dispute_note=""
    ).update(dispute_note=REMOVED)


def _removed_values(answers):
    """Answers with every text replaced (nested ones, the SWOT, too); keys stay."""
    if isinstance(answers, dict):
        return {key: _removed_values(value) for key, value in answers.items()}
    return REMOVED if answers else answers


def _without_names(text, names):
    for name in names:
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", REMOVED, text)
    return text
