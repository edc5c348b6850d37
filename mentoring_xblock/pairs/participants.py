"""The unit's participants: visits, who is who, and their pairs; each write in one transaction.

The functions take plain values (a :class:`platform.Unit`, a :class:`platform.Actor`) and
return model instances or plain data; they know nothing of XBlock or HTTP.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from ..core.i18n import gettext as _
from ..core.transactions import retrying_atomic
from ..models import Pair, Participant

# A participant's "last seen" is refreshed at most this often, so that reading the unit
# does not write to the database on every page view.
LAST_SEEN_RESOLUTION = datetime.timedelta(minutes=15)


def record_visit(unit, actor):
    """Remember that ``actor`` opened the unit; returns their :class:`Participant` (or None).

    Staff and anonymous visitors are not recorded: only learners can be paired.
    """
    if not actor.is_learner_identity or actor.is_staff:
        return None
    # Most visits change nothing: one read, and a transaction only when there is something to write.
    known = Participant.objects.filter(usage_key=unit.usage_key, anonymous_id=actor.anonymous_id).first()
    if known is not None and not _visit_changes(known, actor):
        return known
    return _visit(unit, actor)


def _visit_changes(participant, actor):
    """The (username, display name, platform user id) to store for a known participant's visit,
    or None when they are current and their last visit recent enough.

    The user id matters most: a learner whom staff paired before their first visit may have been
    stored without it, and the partner's actions credit their completion through it."""
    username = actor.username or participant.username
    display_name = actor.full_name or participant.display_name
    user_id = actor.user_id or participant.user_id
    stale = timezone.now() - participant.last_seen > LAST_SEEN_RESOLUTION
    current = (participant.username, participant.display_name, participant.user_id)
    if stale or (username, display_name, user_id) != current:
        return username, display_name, user_id
    return None


@retrying_atomic
def _visit(unit, actor):
    participant, created = participant_for(unit, actor)
    changes = None if created else _visit_changes(participant, actor)
    if changes:
        # auto_now refreshes last_seen; names and id follow the platform's current values.
        participant.username, participant.display_name, participant.user_id = changes
        participant.save(update_fields=["username", "display_name", "user_id", "last_seen"])
    return participant


def participant_for(unit, who):
    """The unit's :class:`Participant` for ``who`` (an :class:`platform.Actor` or a
    :class:`platform.Person`: anything with anonymous_id, username, full_name and user_id),
    created on first sight. Returns ``(participant, created)``."""
    participant, created = Participant.objects.get_or_create(
        usage_key=unit.usage_key,
        anonymous_id=who.anonymous_id,
        defaults={
            "course_key": unit.course_key,
            "user_id": who.user_id,
            "username": who.username,
            "display_name": who.full_name or who.username,
        },
    )
    if not created:
        # A participant first stored without the platform's id or username gets them now.
        missing = {"username": who.username, "user_id": who.user_id}
        missing = {key: value for key, value in missing.items() if value and not getattr(participant, key)}
        if missing:
            for key, value in missing.items():
                setattr(participant, key, value)
            participant.save(update_fields=list(missing))
    return participant, created


def pairs_of(participant):
    """Every pair of the participant in the unit, active or ended, oldest first (each with its
    members and agreement, which the workspace shows)."""
    if participant is None:
        return []
    return list(
        Pair.objects.filter(Q(mentor=participant) | Q(mentee=participant))
        .select_related("mentor", "mentee", "agreement", "agreement__updated_by")
        .order_by("created_at", "pk")
    )


def name(participant):
    if participant is None or participant.retired_at is not None:
        return _("A former participant")
    return participant.display_name or participant.username


def label(participant):
    """A participant as staff lists show them: their name and username (:func:`person_label`)."""
    if participant is None or participant.retired_at is not None:
        return name(participant)
    return person_label(participant.display_name, participant.username)


def person_label(full_name, username):
    """The one way a person is named with their username: "Maya Lopez (maya)", or just "sam"
    for someone with no full name of their own (the platform then gives the username as the
    name: never "sam (sam)")."""
    if not full_name or full_name == username:
        return username or full_name or ""
    if not username:
        return full_name
    return _("{name} ({username})").format(name=full_name, username=username)


def known_spelling(unit, username):
    """``username`` as the unit's participant whose username it is, whatever the case, spells
    it; ``username`` itself when no participant (or more than one) matches.

    Staff type usernames in any case, as the pairs search matches them. The platform looks a
    username up exactly: ``get_user_by_username_or_email`` (common/djangoapps/student/models/user.py,
    called by ``DjangoXBlockUserService.get_anonymous_user_id``) filters ``username=``, which
    ignores case only where the database's collation does (MySQL's default) and not on
    PostgreSQL or SQLite. The users this unit knows are matched here without case, so that
    "Maya" finds maya wherever the platform runs."""
    if not username:
        return username
    found = list(
        Participant.objects.filter(usage_key=unit.usage_key, username__iexact=username)
        .order_by()
        .values_list("username", flat=True)[:2]
    )
    return found[0] if len(found) == 1 else username
