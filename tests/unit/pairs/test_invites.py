"""Invite codes: one learner creates a code, another redeems it, and they are paired."""

import datetime

import pytest
from django.utils import timezone

from mentoring_xblock.core import limits
from mentoring_xblock.core.errors import Conflict, InvalidInput, NotAllowed
from mentoring_xblock.models import InviteCode, Pair, Participant
from mentoring_xblock.pairs import access, invites, pairing
from mentoring_xblock.program import config

from .. import people
from ..people import OTHER_UNIT, START, UNIT, make_pair, people_named

pytestmark = pytest.mark.django_db
NAMES = ["mira", "ana", "ben", "cy", "dee", "eve"]
PEOPLE = people_named(NAMES)


def actor(name, **changes):
    """Their number in NAMES is their user id, as in PEOPLE (None for anyone else)."""
    return people.actor(name, **{"user_id": NAMES.index(name) + 1 if name in NAMES else None, **changes})


def context(name, unit=UNIT, mode="invite", **changes):
    """A fresh request context of learner ``name`` (a new one per action, as in the block)."""
    program = {**config.default_program(), "pairing_mode": mode}
    return people.context(actor(name, **changes), unit=unit, program=program)


def staff_pair(mentor, mentee):
    return make_pair(mentor, mentee, find_user=PEOPLE.get)


def create(name, role="mentor", **kwargs):
    return invites.create_code(context(name, **kwargs), role)


def redeem(name, code, **kwargs):
    return invites.redeem_code(context(name, **kwargs), code)


def test_creating_a_code_is_refused_where_staff_form_the_pairs():
    with pytest.raises(NotAllowed) as raised:
        create("mira", mode="staff")
    assert raised.value.status == 403
    assert "staff" in raised.value.message
    assert (InviteCode.objects.count(), Participant.objects.count()) == (0, 0)


def test_redeeming_is_refused_where_staff_form_the_pairs():
    code = create("mira").code
    with pytest.raises(NotAllowed):
        redeem("ana", code, mode="staff")
    assert Pair.objects.count() == 0
    assert InviteCode.objects.get().used_at is None


@pytest.mark.parametrize("changes", [{"is_authenticated": False}, {"anonymous_id": None}, {"anonymous_id": "student"}])
def test_visitors_without_a_learner_identity_cannot_use_invites(changes):
    with pytest.raises(NotAllowed):
        create("mira", **changes)
    assert (InviteCode.objects.count(), Participant.objects.count()) == (0, 0)


@pytest.mark.parametrize("mode", ["invite", "both"])
def test_a_code_has_eight_unambiguous_characters_and_lasts_a_week(mode):
    before = timezone.now()
    codes = [create("mira", role=role, mode=mode) for role in ("mentor", "mentee", "mentor")]
    for invite in codes:
        assert len(invite.code) == invites.CODE_LENGTH == 8
        assert set(invite.code) <= set(invites.ALPHABET)
        assert before + invites.LIFETIME <= invite.expires_at <= timezone.now() + invites.LIFETIME
        assert (invite.used_at, invite.created_by.username, invite.usage_key) == (None, "mira", UNIT.usage_key)
    assert [invite.role for invite in codes] == ["mentor", "mentee", "mentor"]
    assert len({invite.code for invite in codes}) == 3
    assert not set(invites.ALPHABET) & set("01OIL")


def test_a_code_is_made_for_a_mentor_or_a_mentee_only():
    with pytest.raises(InvalidInput) as raised:
        create("mira", role="staff")
    assert set(raised.value.fields) == {"role"}
    assert InviteCode.objects.count() == 0


@pytest.mark.parametrize("role, mentor, mentee", [("mentor", "mira", "ana"), ("mentee", "ana", "mira")])
def test_redeeming_pairs_the_creator_in_the_role_they_chose(role, mentor, mentee):
    invite = create("mira", role=role)
    pair = redeem("ana", invite.code)
    assert (pair.mentor.username, pair.mentee.username) == (mentor, mentee)
    assert (pair.status, pair.formed_by, pair.started_on) == (Pair.ACTIVE, "invite", START)
    invite.refresh_from_db()
    assert invite.used_at is not None
    assert (invite.used_by.username, invite.pair_id) == ("ana", pair.pk)
    assert Participant.objects.get(username="ana").display_name == "Ana"


def test_a_code_works_only_once():
    code = create("mira").code
    first = redeem("ana", code)
    with pytest.raises(invites.InvalidCode) as raised:
        redeem("ben", code)
    assert (raised.value.status, raised.value.code) == (404, "invalid_code")
    assert list(Pair.objects.values_list("pk", flat=True)) == [first.pk]
    assert InviteCode.objects.get().used_by.username == "ana"


def test_an_expired_code_is_invalid_like_an_unknown_one():
    invite = create("mira")
    InviteCode.objects.filter(pk=invite.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(invites.InvalidCode) as expired:
        redeem("ana", invite.code)
    with pytest.raises(invites.InvalidCode) as unknown:
        redeem("ana", "ZZZZ9999")
    assert expired.value.as_json() == unknown.value.as_json()
    assert Pair.objects.count() == 0
    assert InviteCode.objects.get().used_at is None


def test_a_code_of_another_unit_is_invalid_here():
    code = create("mira", unit=OTHER_UNIT).code
    with pytest.raises(invites.InvalidCode):
        redeem("ana", code)
    assert Pair.objects.count() == 0
    assert InviteCode.objects.get().used_at is None
    assert redeem("ana", code, unit=OTHER_UNIT).usage_key == OTHER_UNIT.usage_key


def test_a_learner_cannot_redeem_their_own_code():
    code = create("mira").code
    with pytest.raises(InvalidInput) as raised:
        redeem("mira", code)
    assert raised.value.code == "invalid"
    assert set(raised.value.fields) == {"code"}
    assert Pair.objects.count() == 0
    assert InviteCode.objects.get().used_at is None


def test_an_empty_code_is_reported_on_the_field():
    with pytest.raises(InvalidInput) as raised:
        redeem("ana", "  ")
    assert set(raised.value.fields) == {"code"}


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.lower(),
        lambda code: invites.format_code(code),
        lambda code: invites.format_code(code).lower(),
        lambda code: f" {code[:4]} {code[4:]} ",
        lambda code: f"{code[:2]}-{code[2:5]} {code[5:]}".lower(),
    ],
    ids=["lowercase", "dash", "lowercase-dash", "space", "mixed"],
)
def test_a_typed_code_may_be_lowercase_with_dashes_and_spaces(typed):
    code = create("mira").code
    pair = redeem("ana", typed(code))
    assert (pair.mentor.username, pair.mentee.username) == ("mira", "ana")


def test_a_mentee_who_has_a_mentor_cannot_offer_a_mentee_code():
    staff_pair("mira", "ana")
    with pytest.raises(Conflict) as raised:
        create("ana", role="mentee")
    assert raised.value.status == 409
    assert InviteCode.objects.count() == 0
    assert create("ana", role="mentor").role == "mentor"


def test_a_full_mentor_cannot_offer_a_mentor_code():
    for mentee in ("ana", "ben", "cy"):
        staff_pair("mira", mentee)
    with pytest.raises(Conflict):
        create("mira", role="mentor")
    assert InviteCode.objects.count() == 0


def test_redeeming_the_code_of_a_full_mentor_fails_and_keeps_the_code():
    code = create("mira").code
    for mentee in ("ben", "cy", "dee"):
        staff_pair("mira", mentee)
    with pytest.raises(pairing.AtCapacity) as raised:
        redeem("ana", code)
    assert raised.value.code == "at_capacity"
    invite = InviteCode.objects.get()
    assert (invite.used_at, invite.used_by, invite.pair) == (None, None, None)
    assert Pair.objects.count() == 3
    assert not Participant.objects.filter(username="ana").exists()

    ended = Pair.objects.get(mentee__username="ben")
    pairing.end_pair(
        access.Context(UNIT, actor("sam", is_staff=True, role="staff"), config.default_program()), ended.pk
    )
    assert redeem("ana", code).mentee.username == "ana"


def test_redeeming_a_mentee_code_when_already_paired_is_refused():
    code = create("ana", role="mentee").code
    staff_pair("ben", "ana")
    with pytest.raises(pairing.AlreadyPaired):
        redeem("mira", code)
    assert InviteCode.objects.get().used_at is None
    assert Pair.objects.count() == 1


def test_a_learner_has_a_limited_number_of_open_codes():
    codes = [create("mira") for _ in range(limits.OPEN_CODES_PER_LEARNER)]
    with pytest.raises(Conflict) as raised:
        create("mira", role="mentee")
    assert str(limits.OPEN_CODES_PER_LEARNER) in raised.value.message
    assert InviteCode.objects.count() == limits.OPEN_CODES_PER_LEARNER

    # A used or an expired code no longer counts.
    redeem("ana", codes[0].code)
    InviteCode.objects.filter(pk=codes[1].pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    create("mira")
    create("mira")
    with pytest.raises(Conflict):
        create("mira")
    assert len(invites.open_codes(context("mira"))) == limits.OPEN_CODES_PER_LEARNER
    assert create("ben").created_by.username == "ben"
