"""Pairing: staff form pairs one at a time, by reassignment or from a CSV, within the unit's limits."""

import pytest
from django.db import IntegrityError, transaction

from mentoring_xblock.core import limits
from mentoring_xblock.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from mentoring_xblock.models import Pair, Participant
from mentoring_xblock.pairs import pairing
from mentoring_xblock.program import config

from .. import people
from ..people import OTHER_UNIT, START, UNIT, people_named, staff_actor

pytestmark = pytest.mark.django_db
PEOPLE = people_named(["mira", "ana", "ben", "cy", "dee", "eve", "sam"])
# A second username for ana's account, as a runtime with aliases could resolve it.
PEOPLE["ana.alias"] = PEOPLE["ana"]


def find_user(username):
    """The runtime's user lookup: exact usernames only, None for anyone unknown."""
    return PEOPLE.get(username)


def actor(name, **changes):
    """Whoever acts here has the user id 99."""
    return people.actor(name, **{"user_id": 99, **changes})


def context(who=None, unit=UNIT, **program_changes):
    program = {**config.default_program(), **program_changes}
    return people.context(who or staff_actor(user_id=99), unit=unit, program=program)


def add(mentor, mentee, ctx=None):
    return pairing.add_pair(ctx or context(), find_user, mentor, mentee)


def counts():
    return Pair.objects.count(), Participant.objects.count()


def active_pair_of(mentee):
    return Pair.objects.get(mentee__username=mentee, status=Pair.ACTIVE)


# -- one pair at a time -------------------------------------------------------------------------------


def test_staff_pair_two_users_who_become_participants_of_the_unit():
    pair = add("mira", "ana")
    assert (pair.mentor.username, pair.mentee.username, pair.status) == ("mira", "ana", Pair.ACTIVE)
    assert (pair.started_on, pair.formed_by, pair.mentor_slot, pair.usage_key) == (START, "staff", 1, UNIT.usage_key)
    assert pair.mentee.display_name == "Ana" and pair.mentee.anonymous_id == "anon-ana"


def test_only_staff_can_pair_people():
    with pytest.raises(NotAllowed) as raised:
        add("mira", "ana", ctx=context(actor("mira")))
    assert raised.value.status == 403
    assert counts() == (0, 0)


@pytest.mark.parametrize(
    "mentor, mentee, fields",
    [
        ("ghost", "ana", {"mentor"}),
        ("mira", "nobody", {"mentee"}),
        ("ghost", "nobody", {"mentor", "mentee"}),
    ],
)
def test_unknown_users_are_reported_per_field_and_never_invented(mentor, mentee, fields):
    with pytest.raises(InvalidInput) as raised:
        add(mentor, mentee)
    assert set(raised.value.fields) == fields
    names = {"mentor": mentor, "mentee": mentee}
    for field in fields:
        assert f'"{names[field]}"' in raised.value.fields[field]
    assert counts() == (0, 0)


@pytest.mark.parametrize("mentor, mentee", [("ana", "ana"), ("Ana", "ana"), ("ana", " ANA "), ("ana.alias", "ana")])
def test_the_mentor_and_the_mentee_must_be_two_people(mentor, mentee):
    with pytest.raises(pairing.SamePerson) as raised:
        add(mentor, mentee)
    assert (raised.value.status, raised.value.code) == (400, "same_person")
    assert set(raised.value.fields) == {"mentee"}
    assert Pair.objects.count() == 0


def test_a_mentee_has_at_most_one_active_mentor():
    add("mira", "ana")
    with pytest.raises(pairing.AlreadyPaired) as raised:
        add("ben", "ana")
    assert (raised.value.status, raised.value.code) == (409, "already_paired")
    assert "ana" in raised.value.message
    assert list(Pair.objects.values_list("mentor__username", "mentee__username")) == [("mira", "ana")]


def test_the_reverse_of_an_active_pair_is_refused():
    add("mira", "ana")
    with pytest.raises(pairing.AlreadyPaired) as raised:
        add("ana", "mira")
    assert raised.value.code == "already_paired"
    # mira has no mentor: the message must name the pair that is in the way.
    assert raised.value.message == "mira already mentors ana in this unit."
    assert Pair.objects.count() == 1


def test_a_mentor_takes_at_most_the_units_capacity_of_mentees():
    for mentee in ("ana", "ben", "cy"):
        add("mira", mentee)
    with pytest.raises(pairing.AtCapacity) as raised:
        add("mira", "dee")
    assert (raised.value.status, raised.value.code) == (409, "at_capacity")
    assert "mira" in raised.value.message and "3" in raised.value.message
    assert sorted(Pair.objects.values_list("mentor_slot", flat=True)) == [1, 2, 3]
    assert not Participant.objects.filter(username="dee").exists()


def test_the_capacity_is_the_programs():
    add("mira", "ana", ctx=context(mentor_capacity=1))
    with pytest.raises(pairing.AtCapacity):
        add("mira", "ben", ctx=context(mentor_capacity=1))
    assert Pair.objects.count() == 1


def test_ending_a_pair_frees_the_mentee_and_the_mentors_place():
    for mentee in ("ana", "ben", "cy"):
        add("mira", mentee)
    ended = pairing.end_pair(context(), active_pair_of("ben").pk, "Moved away")
    assert (ended.status, ended.end_reason, ended.mentor_slot) == (Pair.CLOSED, "Moved away", None)
    assert ended.ended_at is not None

    new_mentee = add("mira", "dee")
    assert new_mentee.mentor_slot == 2
    assert add("eve", "ben").status == Pair.ACTIVE


def test_ending_a_pair_without_a_reason_says_staff_ended_it():
    pair = add("mira", "ana")
    assert pairing.end_pair(context(), str(pair.pk)).end_reason == "Ended by course staff."


def test_ending_a_pair_twice_is_a_conflict():
    pair = add("mira", "ana")
    pairing.end_pair(context(), pair.pk, "First")
    with pytest.raises(Conflict) as raised:
        pairing.end_pair(context(), pair.pk, "Second")
    assert (raised.value.status, raised.value.code) == (409, "conflict")
    assert Pair.objects.get(pk=pair.pk).end_reason == "First"


def test_only_staff_end_pairs_and_only_pairs_of_their_unit():
    pair = add("mira", "ana")
    with pytest.raises(NotAllowed):
        pairing.end_pair(context(actor("mira")), pair.pk)
    with pytest.raises(NotFound):
        pairing.end_pair(context(unit=OTHER_UNIT), pair.pk)
    assert Pair.objects.get(pk=pair.pk).status == Pair.ACTIVE


# -- reassignment ----------------------------------------------------------------------------------


def test_reassign_ends_the_old_pair_and_starts_a_new_one_for_the_same_mentee():
    old = add("mira", "ana")
    new = pairing.reassign(context(), find_user, old.pk, "ben")
    old.refresh_from_db()
    assert old.status == Pair.CLOSED and old.ended_at is not None
    assert "ben" in old.end_reason
    assert (new.mentor.username, new.mentee_id, new.status) == ("ben", old.mentee_id, Pair.ACTIVE)
    assert new.pk != old.pk
    assert list(Pair.objects.filter(status=Pair.ACTIVE).values_list("pk", flat=True)) == [new.pk]


@pytest.mark.parametrize(
    "mentor, error, code",
    [
        ("mira", InvalidInput, "invalid"),  # already the mentee's mentor
        ("ana", pairing.SamePerson, "same_person"),  # the mentee themself
        ("ghost", InvalidInput, "invalid"),  # nobody in the course
        ("", InvalidInput, "invalid"),
    ],
)
def test_reassign_refuses_and_leaves_the_old_pair_untouched(mentor, error, code):
    old = add("mira", "ana")
    before = counts()
    with pytest.raises(error) as raised:
        pairing.reassign(context(), find_user, old.pk, mentor)
    assert raised.value.code == code
    assert set(raised.value.fields) == {"mentor"}
    old.refresh_from_db()
    assert (old.status, old.end_reason, old.ended_at, old.mentor.username) == (Pair.ACTIVE, "", None, "mira")
    assert counts() == before


def test_reassign_to_a_full_mentor_leaves_the_old_pair_untouched():
    old = add("mira", "ana")
    for mentee in ("ben", "cy", "dee"):
        add("eve", mentee)
    with pytest.raises(pairing.AtCapacity):
        pairing.reassign(context(), find_user, old.pk, "eve")
    old.refresh_from_db()
    assert (old.status, old.end_reason, old.mentor_slot) == (Pair.ACTIVE, "", 1)
    assert Pair.objects.count() == 4


def test_reassign_of_an_ended_pair_is_a_conflict():
    old = add("mira", "ana")
    pairing.end_pair(context(), old.pk)
    with pytest.raises(Conflict):
        pairing.reassign(context(), find_user, old.pk, "ben")
    assert Pair.objects.count() == 1


# -- CSV import ------------------------------------------------------------------------------------


def import_csv(text, ctx=None):
    return pairing.import_pairs(ctx or context(), find_user, text)


@pytest.mark.parametrize(
    "header",
    ["mentor,mentee", "Mentor , MENTEE ", "\ufeffmentor,mentee", "  mentor,mentee,", "MENTOR,Mentee\r"],
)
def test_csv_header_may_vary_in_case_whitespace_and_bom(header):
    report = import_csv(f"{header}\nmira,ana\n")
    assert [(row["line"], row["outcome"]) for row in report] == [(2, "created")]
    assert active_pair_of("ana").formed_by == "csv"


@pytest.mark.parametrize(
    "text",
    [
        "mira,ana\nben,cy\n",  # no header
        "mentee,mentor\nana,mira\n",  # header the wrong way round
        "mentor,mentee,notes\nmira,ana,hi\n",
        "",
        " \n\n , \n",
        "mentor,mentee\n",
        "mentor,mentee\n\n\n",
        "mentor,mentee\n" + "mira,ana\n" * (limits.CSV_MAX_ROWS + 1),
        "mentor,mentee\nmira,ana\n" + " " * limits.CSV_MAX_BYTES,
        "mentor,mentee\nmira,ana\x00\n",
        b"mentor,mentee\nmira,ana\n",
        None,
        ["mentor,mentee", "mira,ana"],
    ],
    ids=[
        "no-header",
        "swapped-header",
        "extra-column",
        "empty",
        "blank",
        "header-only",
        "header-and-blank-lines",
        "too-many-rows",
        "too-large",
        "nul",
        "bytes",
        "none",
        "list",
    ],
)
def test_an_unusable_csv_file_is_refused_as_a_whole(text):
    with pytest.raises(InvalidInput) as raised:
        import_csv(text)
    assert set(raised.value.fields) == {"csv"}
    assert counts() == (0, 0)


def test_csv_with_the_most_rows_allowed_is_read():
    text = "mentor,mentee\n" + "ghost,nobody\n" * limits.CSV_MAX_ROWS
    report = import_csv(text)
    assert len(report) == limits.CSV_MAX_ROWS
    assert {row["outcome"] for row in report} == {"unknown_user"}


def test_a_learner_cannot_import_pairs():
    with pytest.raises(NotAllowed):
        import_csv("mentor,mentee\nmira,ana\n", ctx=context(actor("mira")))
    assert counts() == (0, 0)


def test_csv_rows_succeed_or_fail_each_on_their_own_line():
    text = "\n".join(
        [
            "mentor,mentee",  # 1
            "mira,ana",  # 2
            "mira,ana",  # 3: the same pair again
            "ghost,ben",  # 4
            "",  # 5: blank lines are skipped but still counted
            "ben,ben",  # 6
            "mira",  # 7
            "mira,",  # 8
            "mira,ben,cy",  # 9
            "mira,ben,,",  # 10: trailing empty cells are fine
            " mira , cy ",  # 11
            "mira,dee",  # 12: mira already has three mentees
            "ben,dee",  # 13: good rows after bad ones still count
            "eve,mira",  # 14: a mentor may also be the mentee of someone else
        ]
    )
    report = import_csv(text)
    assert [(row["line"], row["outcome"]) for row in report] == [
        (2, "created"),
        (3, "already_paired"),
        (4, "unknown_user"),
        (6, "same_person"),
        (7, "malformed"),
        (8, "malformed"),
        (9, "malformed"),
        (10, "created"),
        (11, "created"),
        (12, "at_capacity"),
        (13, "created"),
        (14, "created"),
    ]
    by_line = {row["line"]: row for row in report}
    assert (by_line[4]["mentor"], by_line[4]["mentee"]) == ("ghost", "ben")
    assert '"ghost"' in by_line[4]["message"]
    assert (by_line[8]["mentor"], by_line[8]["mentee"]) == ("mira", "")
    assert (by_line[11]["mentor"], by_line[11]["mentee"]) == ("mira", "cy")
    assert "mira" in by_line[12]["message"]
    assert all(row["message"] for row in report)
    created = {row["pair_id"] for row in report if row["outcome"] == "created"}
    assert created == set(Pair.objects.values_list("pk", flat=True))
    assert sorted(Pair.objects.values_list("mentor__username", "mentee__username")) == [
        ("ben", "dee"),
        ("eve", "mira"),
        ("mira", "ana"),
        ("mira", "ben"),
        ("mira", "cy"),
    ]
    assert not Participant.objects.filter(username="ghost").exists()


def test_csv_line_numbers_are_those_of_the_file_even_after_a_quoted_line_break():
    report = import_csv('mentor,mentee\r\n"mira\nsmith",ana\r\n\r\nben,cy\rdee,eve\n')
    assert [(row["line"], row["outcome"]) for row in report] == [(2, "malformed"), (5, "created"), (6, "created")]


def test_a_csv_row_for_an_existing_pair_is_already_paired():
    add("mira", "ana")
    report = import_csv("mentor,mentee\nben,ana\n")
    assert [row["outcome"] for row in report] == ["already_paired"]
    assert Pair.objects.count() == 1


# -- what the database itself refuses ----------------------------------------------------------------


def participant(name, unit=UNIT):
    return Participant.objects.create(
        course_key=unit.course_key, usage_key=unit.usage_key, anonymous_id=f"anon-{name}", username=name
    )


def raw_pair(mentor, mentee, slot, unit=UNIT, status=Pair.ACTIVE):
    """A pair written straight to the database, past every check of the workflow."""
    return Pair.objects.create(
        course_key=unit.course_key,
        usage_key=unit.usage_key,
        mentor=mentor,
        mentee=mentee,
        mentor_slot=slot,
        status=status,
        started_on=START,
    )


def test_database_refuses_a_second_active_mentor_for_a_mentee():
    mira, ben, ana = participant("mira"), participant("ben"), participant("ana")
    raw_pair(mira, ana, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_pair(ben, ana, 1)
    assert Pair.objects.count() == 1


def test_database_refuses_the_same_place_of_a_mentor_twice():
    mira, ana, ben = participant("mira"), participant("ana"), participant("ben")
    raw_pair(mira, ana, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_pair(mira, ben, 1)
    assert raw_pair(mira, ben, 2).mentor_slot == 2


def test_database_refuses_a_pair_of_one_person():
    ana = participant("ana")
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_pair(ana, ana, 1)
    assert Pair.objects.count() == 0


@pytest.mark.parametrize("slot", [0, 51])
def test_database_refuses_a_mentor_place_out_of_range(slot):
    mira, ana = participant("mira"), participant("ana")
    with pytest.raises(IntegrityError), transaction.atomic():
        raw_pair(mira, ana, slot)
    assert raw_pair(mira, ana, 50).mentor_slot == 50


def test_database_limits_are_per_unit():
    mira, ana = participant("mira"), participant("ana")
    raw_pair(mira, ana, 1)
    elsewhere = raw_pair(participant("mira", OTHER_UNIT), participant("ana", OTHER_UNIT), 1, unit=OTHER_UNIT)
    assert elsewhere.status == Pair.ACTIVE


def test_closing_a_pair_releases_the_mentee_and_the_place():
    mira, ben, ana = participant("mira"), participant("ben"), participant("ana")
    first = raw_pair(mira, ana, 1)
    first.status = Pair.CLOSED
    first.save()
    assert Pair.objects.filter(pk=first.pk).values_list("active_mentee", "mentor_slot").get() == (None, None)
    second = raw_pair(ben, ana, 1)
    third = raw_pair(mira, participant("cy"), 1)
    assert (second.active_mentee_id, third.mentor_slot) == (ana.pk, 1)
    assert Pair.objects.filter(status=Pair.ACTIVE).count() == 2


def test_a_csv_cell_with_control_characters_is_a_malformed_row_not_an_unknown_user():
    report = import_csv('mentor,mentee\nmi\x07ra,ana\nmira,"an\na"\n')
    assert [row["outcome"] for row in report] == ["malformed", "malformed"]
    assert counts() == (0, 0)


def test_staff_type_usernames_in_any_case_for_the_units_participants():
    # The runtime's lookup is exact (as the platform's on PostgreSQL); mira and ana have been
    # seen in the unit, so "MIRA" and "Ana" are them.
    add("mira", "ana")
    pairing.end_pair(context(), active_pair_of("ana").pk)
    pair = add("MIRA", "Ana")
    assert (pair.mentor.username, pair.mentee.username) == ("mira", "ana")
    report = pairing.import_pairs(context(), find_user, "mentor,mentee\nMira,ANA\n")
    assert report[0]["outcome"] == "already_paired"


def test_a_new_mentor_typed_in_another_case_is_found():
    add("mira", "ana")
    add("ben", "cy")
    pair = pairing.reassign(context(), find_user, active_pair_of("ana").pk, "BEN")
    assert pair.mentor.username == "ben"


def test_an_ended_pair_remembers_who_of_the_staff_ended_it():
    add("mira", "ana")
    ended = pairing.end_pair(context(staff_actor(user_id=99, full_name="Sam Staff")), active_pair_of("ana").pk, "Moved")
    ended.refresh_from_db()
    assert (ended.ended_by_user_id, ended.ended_by_username, ended.ended_by_name) == (99, "sam", "Sam Staff")
    assert ended.end_reason == "Moved"


# -- the preview of a file --------------------------------------------------------------------------


def test_the_preview_says_what_importing_would_do_and_writes_nothing():
    add("mira", "ana")
    before = counts()
    text = "mentor;mentee\nmira;ben\nben;ana\nghost;cy\ncy;CY\nben;cy\njust-one\n"
    preview = pairing.preview_pairs(context(mentor_capacity=1), find_user, text)
    assert counts() == before
    assert preview.separator == ";"
    outcomes = [(row["line"], row["outcome"]) for row in preview.rows]
    assert outcomes == [
        (2, "at_capacity"),  # mira already mentors ana, the most this unit allows
        (3, "already_paired"),  # ana has a mentor
        (4, "unknown_user"),
        (5, "same_person"),
        (6, "created"),
        (7, "malformed"),
    ]
    created = preview.rows[4]
    assert (created["mentor_label"], created["mentee_label"], created["message"]) == (
        "Ben (ben)",
        "Cy (cy)",
        "Would be paired.",
    )
    # Importing the same file does what the preview said.
    report = pairing.import_pairs(context(mentor_capacity=1), find_user, text)
    assert [row["outcome"] for row in report] == [outcome for _line, outcome in outcomes]


def test_the_preview_counts_the_pairs_the_rows_above_would_form():
    preview = pairing.preview_pairs(
        context(mentor_capacity=1), find_user, "mentor,mentee\nmira,ana\nmira,ben\ncy,ana\n"
    )
    assert [row["outcome"] for row in preview.rows] == ["created", "at_capacity", "already_paired"]


def test_only_staff_preview_a_file():
    with pytest.raises(NotAllowed):
        pairing.preview_pairs(context(actor("mira")), find_user, "mentor,mentee\nmira,ana\n")
