"""Staff uploading overlapping CSV files at once, and learners redeeming one invite code at once:
every mentee keeps one active mentor, no mentor goes over capacity, and each row says why."""

import pytest
from django.contrib.auth import get_user_model

from mentoring_xblock.models import Pair

from .conftest import THREADS, assert_invariants, call, prime, statuses, together

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

CAPACITY = 3  # the demo unit's mentor capacity; Maya already mentors two


def people(*usernames):
    for username in usernames:
        get_user_model().objects.get_or_create(username=username)


def test_overlapping_csv_uploads_at_once_keep_one_mentor_per_mentee_and_the_capacity(demo):
    newcomers = [f"newcomer{index}" for index in range(THREADS)]
    people("ana", "ben", "shared1", "shared2", *newcomers)
    prime("staff")
    uploads = []
    for index, newcomer in enumerate(newcomers):
        other = "ana" if index % 2 else "ben"
        # Every upload wants Maya's last free place for a different newcomer, and pairs the
        # same two learners with one of two other mentors.
        rows = [("mentor", newcomer), (other, "shared1"), (other, "shared2")]
        uploads.append(("staff", "staff_import_pairs", {"csv": "mentor,mentee\n" + "\n".join(map(",".join, rows))}))
    answers = together(uploads)
    assert statuses(answers) == {200: THREADS}

    outcomes = [(row["mentor"], row["mentee"], row["outcome"]) for _status, body in answers for row in body["report"]]
    created = [(mentor, mentee) for mentor, mentee, outcome in outcomes if outcome == "created"]
    assert sum(1 for mentor, _mentee in created if mentor == "mentor") == 1  # Maya's one free place
    assert sum(1 for _mentor, mentee in created if mentee == "shared1") == 1
    assert sum(1 for _mentor, mentee in created if mentee == "shared2") == 1
    refused = {outcome for _mentor, _mentee, outcome in outcomes if outcome != "created"}
    assert refused <= {"at_capacity", "already_paired"}  # each refused row says why
    assert len(created) + sum(1 for *_names, outcome in outcomes if outcome != "created") == 3 * THREADS

    active = set(Pair.objects.filter(status=Pair.ACTIVE).values_list("mentor__username", "mentee__username"))
    assert active == {("mentor", "mentee1"), ("mentor", "mentee2"), *created}
    assert_invariants(demo.usage_key, capacity=CAPACITY)


def test_learners_redeeming_the_same_invite_code_at_once_form_one_pair(demo):
    redeemers = [f"friend{index}" for index in range(THREADS)]
    people("host", *redeemers)
    prime("host", *redeemers)
    status, body = call("host", "invite_create", {"role": "mentor"})
    assert status == 200, body
    code = body["invite"]["code"]
    answers = together([(student, "invite_redeem", {"code": code}) for student in redeemers])
    assert statuses(answers) == {200: 1, 404: THREADS - 1}  # a used code reads as invalid to the others
    assert Pair.objects.filter(mentor__username="host", status=Pair.ACTIVE).count() == 1
    assert_invariants(demo.usage_key, capacity=CAPACITY)
