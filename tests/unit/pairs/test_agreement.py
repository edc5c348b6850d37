"""The mentoring agreement: versions against lost edits, and signatures that a change resets."""

import pytest

from mentoring_xblock.core.errors import Conflict, InvalidInput
from mentoring_xblock.models import Agreement, AgreementSignature
from mentoring_xblock.pairs import agreement
from mentoring_xblock.program import config

from .. import sent
from ..people import member

pytestmark = pytest.mark.django_db
VALID = {
    "cadence": "Every two weeks",
    "channels": "Email and chat",
    "session_minutes": 60,
    "session_format": "video",
    "boundaries": "No calls after 8pm.",
}


def save(pair, name, version, program=None, **changes):
    return sent.save_agreement(*member(name, pair, program=program), {**VALID, "version": version, **changes})


def sign(pair, name, version):
    return agreement.sign(*member(name, pair), agreement.clean_version({"version": version}))


def stored(pair):
    return agreement.agreement_of(pair)


def test_the_first_save_makes_version_one(pair):
    saved = save(pair, "ana", 0)
    row = stored(pair)
    assert (saved.version, row.version) == (1, 1)
    assert (row.cadence, row.channels, row.session_minutes, row.session_format) == (
        "Every two weeks",
        "Email and chat",
        60,
        "video",
    )
    assert row.boundaries == "No calls after 8pm."
    assert row.updated_by.username == "ana"
    assert agreement.signed_by(row) == set()


def test_missing_required_fields_are_reported_per_field(pair):
    with pytest.raises(InvalidInput) as raised:
        sent.save_agreement(*member("ana", pair), {"version": 0, "cadence": "  ", "boundaries": "Some"})
    assert set(raised.value.fields) == {"cadence", "channels", "session_minutes", "session_format"}
    assert Agreement.objects.count() == 0


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"session_minutes": 4}, "session_minutes"),
        ({"session_minutes": 601}, "session_minutes"),
        ({"session_minutes": "an hour"}, "session_minutes"),
        ({"review_on": "2024-01-14"}, "review_on"),
        ({"review_on": "next month"}, "review_on"),
        ({"cadence": "x" * 201}, "cadence"),
        ({"version": -1}, "version"),
        ({"version": None}, "version"),
    ],
)
def test_wrong_values_are_refused_and_nothing_is_saved(pair, changes, field):
    changes = {"version": 0, **changes}
    with pytest.raises(InvalidInput) as raised:
        save(pair, "ana", **changes)
    assert set(raised.value.fields) == {field}
    assert Agreement.objects.count() == 0


def test_the_session_format_must_be_one_the_program_offers(pair):
    program = {**config.default_program(), "session_formats": ["video", "phone"]}
    for wrong in ("in_person", "carrier_pigeon", ""):
        with pytest.raises(InvalidInput) as raised:
            save(pair, "ana", 0, program=program, session_format=wrong)
        assert set(raised.value.fields) == {"session_format"}
    assert Agreement.objects.count() == 0
    assert save(pair, "ana", 0, program=program, session_format="phone").session_format == "phone"


def test_a_save_from_a_stale_version_is_refused_and_changes_nothing(pair):
    save(pair, "ana", 0)
    with pytest.raises(agreement.StaleAgreement) as raised:
        save(pair, "mira", 0, cadence="Weekly")
    assert (raised.value.status, raised.value.code) == (409, "stale")
    row = stored(pair)
    assert (row.version, row.cadence, row.updated_by.username) == (1, "Every two weeks", "ana")

    save(pair, "mira", 1, cadence="Weekly")
    with pytest.raises(agreement.StaleAgreement):
        save(pair, "ana", 1, cadence="Monthly")
    row = stored(pair)
    assert (row.version, row.cadence, row.updated_by.username) == (2, "Weekly", "mira")
    assert Agreement.objects.count() == 1


def test_a_save_without_changes_keeps_the_version_and_the_signatures(pair):
    save(pair, "ana", 0)
    sign(pair, "ana", 1)
    sign(pair, "mira", 1)
    again = save(pair, "mira", 1, session_minutes="60", cadence=" Every two weeks ")
    assert again.version == 1
    row = stored(pair)
    assert (row.version, row.updated_by.username) == (1, "ana")
    assert agreement.signed_by(row) == {"mentor", "mentee"}


def test_a_change_after_signing_makes_a_new_version_both_must_sign(pair):
    save(pair, "ana", 0)
    sign(pair, "ana", 1)
    sign(pair, "mira", 1)
    assert agreement.signed_by(stored(pair)) == {"mentor", "mentee"}

    changed = save(pair, "mira", 1, channels="Video calls only")
    assert changed.version == 2
    row = stored(pair)
    assert (row.channels, row.updated_by.username) == ("Video calls only", "mira")
    assert agreement.signed_by(row) == set()
    history = AgreementSignature.objects.order_by("version", "role")
    assert [(s.version, s.role, s.signer.username) for s in history] == [(1, "mentee", "ana"), (1, "mentor", "mira")]

    sign(pair, "mira", 2)
    assert agreement.signed_by(stored(pair)) == {"mentor"}
    sign(pair, "ana", 2)
    assert agreement.signed_by(stored(pair)) == {"mentor", "mentee"}
    assert AgreementSignature.objects.filter(version=1).count() == 2


def test_signing_a_version_that_is_not_the_current_one_is_stale(pair):
    save(pair, "ana", 0)
    save(pair, "mira", 1, cadence="Weekly")
    for version in (1, 3):
        with pytest.raises(agreement.StaleAgreement) as raised:
            sign(pair, "ana", version)
        assert raised.value.status == 409
    assert AgreementSignature.objects.count() == 0


def test_signing_before_anything_is_saved_is_a_conflict(pair):
    with pytest.raises(Conflict) as raised:
        sign(pair, "ana", 1)
    assert not isinstance(raised.value, agreement.StaleAgreement)
    assert (raised.value.status, raised.value.code) == (409, "conflict")
    assert "save" in raised.value.message
    assert (Agreement.objects.count(), AgreementSignature.objects.count()) == (0, 0)


def test_signing_twice_is_harmless(pair):
    save(pair, "ana", 0)
    first = sign(pair, "ana", 1)
    second = sign(pair, "ana", 1)
    assert (first.version, second.version) == (1, 1)
    signature = AgreementSignature.objects.get()
    assert (signature.role, signature.version, signature.signer.username) == ("mentee", 1, "ana")
    assert agreement.signed_by(stored(pair)) == {"mentee"}


@pytest.mark.parametrize("version", [0, None, "one"])
def test_signing_needs_a_version_number(pair, version):
    save(pair, "ana", 0)
    with pytest.raises(InvalidInput) as raised:
        sign(pair, "ana", version)
    assert set(raised.value.fields) == {"version"}
    assert AgreementSignature.objects.count() == 0
