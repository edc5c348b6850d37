"""Invite codes: one learner creates a short code, the other redeems it, and they are paired.

Codes are single-use and expire; they cannot pair someone with themself, and the pair they
form obeys the same limits as one formed by staff.
"""

import datetime
import secrets

from django.utils import timezone

from ..core import limits
from ..core.cleaner import Cleaner
from ..core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from ..core.i18n import gettext as _
from ..core.transactions import retrying_atomic
from ..models import InviteCode, Pair
from . import participants
from .access import require_pairing_learner
from .pairing import create_pair

# No 0/O, 1/I/L: a code is read aloud and typed by hand.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
LIFETIME = datetime.timedelta(days=7)
INVITE_MODES = ("invite", "both")


class InvalidCode(NotFound):
    code = "invalid_code"

    def default_message(self):
        return _("This code is not valid. It may be mistyped, used already or expired: ask for a new one.")


def _require_invites(ctx):
    require_pairing_learner(ctx.actor)
    if ctx.program["pairing_mode"] not in INVITE_MODES:
        raise NotAllowed(_("In this unit, course staff form the pairs."))


def _me(ctx):
    """The actor's participant, created if this is their first action in the unit.

    Looked up inside the write's transaction each time: a participant remembered from an
    attempt that was rolled back would no longer exist.
    """
    ctx.participant = participants.participant_for(ctx.unit, ctx.actor)[0]
    return ctx.participant


def format_code(code):
    """``ABCD2345`` shown as ``ABCD-2345``."""
    return f"{code[:4]}-{code[4:]}"


def normalise(text):
    return "".join(ch for ch in text.upper() if ch.isalnum())


def open_codes(ctx):
    """The actor's unused, unexpired codes, newest first."""
    if ctx.participant is None:
        return []
    return list(
        InviteCode.objects.filter(
            usage_key=ctx.unit.usage_key,
            created_by=ctx.participant,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).order_by("-created_at")
    )


def create_code(ctx, role):
    """Create a code that pairs the actor, in ``role``, with whoever redeems it."""
    _require_invites(ctx)
    cleaner = Cleaner()
    role = cleaner.choice("role", role, ("mentor", "mentee"))
    cleaner.done()
    return _create(ctx, role)


@retrying_atomic
def _create(ctx, role):
    me = _me(ctx)
    active = Pair.objects.filter(usage_key=ctx.unit.usage_key, status=Pair.ACTIVE)
    if role == "mentee" and active.filter(mentee=me).exists():
        raise Conflict(_("You already have a mentor in this unit."))
    if role == "mentor" and active.filter(mentor=me).count() >= ctx.program["mentor_capacity"]:
        raise Conflict(_("You already mentor as many learners as this unit allows."))
    if len(open_codes(ctx)) >= limits.OPEN_CODES_PER_LEARNER:
        raise Conflict(
            _("You have {count} unused codes. Share one of them, or wait for them to expire.").format(
                count=limits.OPEN_CODES_PER_LEARNER
            )
        )
    while True:
        code = "".join(secrets.choice(ALPHABET) for _i in range(CODE_LENGTH))
        if not InviteCode.objects.filter(code=code).exists():
            break
    return InviteCode.objects.create(
        course_key=ctx.unit.course_key,
        usage_key=ctx.unit.usage_key,
        code=code,
        created_by=me,
        role=role,
        expires_at=timezone.now() + LIFETIME,
    )


def redeem_code(ctx, text):
    """Pair the actor with the code's creator. Returns the new pair.

    Raises:
        InvalidInput: no code given, or the actor's own code.
        InvalidCode (404): unknown, used, expired or another unit's code, all alike.
        Conflict: the pair would break a limit (already paired, mentor at capacity).
    """
    _require_invites(ctx)
    cleaner = Cleaner()
    text = cleaner.text("code", text, max_length=limits.INVITE_CODE_MAX, multiline=False)
    cleaner.done()
    return _redeem(ctx, text, timezone.now())


@retrying_atomic
def _redeem(ctx, text, now):
    me = _me(ctx)
    invite = (
        InviteCode.objects.select_related("created_by")
        .filter(usage_key=ctx.unit.usage_key, code=normalise(text), used_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if invite is None:
        raise InvalidCode()
    if invite.created_by_id == me.pk:
        raise InvalidInput({"code": _("This is your own code: share it with your partner instead.")})
    creator = invite.created_by
    mentor, mentee = (creator, me) if invite.role == "mentor" else (me, creator)
    pair = create_pair(
        ctx.unit,
        mentor,
        mentee,
        capacity=ctx.program["mentor_capacity"],
        formed_by="invite",
        today=ctx.today,
        program=ctx.program,
    )
    # The conditional update makes the code single-use even when two people redeem it at once.
    used = InviteCode.objects.filter(pk=invite.pk, used_at__isnull=True).update(used_at=now, used_by=me, pair=pair)
    if used != 1:
        raise InvalidCode()
    return pair
