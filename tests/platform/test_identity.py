"""Staff pair learners before their first visit: the LMS's user service gives Django users.

Issue: ``get_user_by_anonymous_id`` returns a Django ``User`` in the LMS
(common/djangoapps/xblock_django/user_service.py), not an ``XBlockUser``; a learner paired before
their first visit was stored with no user id and their username as their name.
"""

from mentoring_xblock.models import Participant

from .conftest import pair_before_first_visit
from .story import agreement


def test_a_learner_paired_before_their_first_visit_is_linked_to_their_account(lms):
    pair_before_first_visit(lms)
    bruno = Participant.objects.get(username="bruno")
    assert bruno.user_id == lms.user("bruno").id
    assert bruno.display_name == "Bruno Costa"
    staff_page = lms.render("dana")
    assert "Bruno Costa" in staff_page and "Maya Ortiz" in staff_page


def test_the_partner_of_a_learner_paired_before_their_first_visit_credits_their_completion(lms):
    pair_id = pair_before_first_visit(lms)
    assert lms.call("maya", "agreement_save", agreement(pair_id))[0] == 200
    assert lms.call("maya", "agreement_sign", {"pair_id": pair_id, "version": 1})[0] == 200
    assert lms.completion("bruno") is None  # nothing Bruno's pair counts has changed yet
    # Bruno signs in his first visit's session; Maya's credit already reached him at her sign.
    assert lms.call("bruno", "agreement_sign", {"pair_id": pair_id, "version": 1})[0] == 200
    share = lms.completion("bruno")
    assert share is not None and share > 0
    # Maya, who did not act since, was credited through the completion service at Bruno's write.
    assert lms.completion("maya") == share


def test_a_learner_without_a_profile_name_is_shown_by_username(lms):
    lms.add_user("maya", "Maya Ortiz")
    lms.add_user("nameless")  # an account made without a profile
    assert lms.call("dana", "staff_add_pair", {"mentor": "maya", "mentee": "nameless"})[0] == 200
    nameless = Participant.objects.get(username="nameless")
    assert (nameless.display_name, nameless.user_id) == ("nameless", lms.user("nameless").id)


def test_a_participant_stored_without_their_platform_id_gets_it_at_their_next_visit(lms):
    pair_before_first_visit(lms)
    Participant.objects.filter(username="bruno").update(user_id=None)  # as stored before the fix
    page = lms.render("bruno")
    assert "Maya Ortiz" in page
    assert Participant.objects.get(username="bruno").user_id == lms.user("bruno").id


def test_the_current_user_is_named_by_their_profile(lms):
    lms.add_user("maya", "Maya Ortiz")
    lms.render("maya")
    assert Participant.objects.get(username="maya").display_name == "Maya Ortiz"


def test_staff_pair_a_learner_who_opened_the_unit_whatever_the_case_they_type(lms):
    lms.add_user("maya", "Maya Ortiz")
    lms.add_user("Bruno", "Bruno Costa")
    lms.render("maya")
    lms.render("Bruno")
    # The platform's lookup is exact here (as on PostgreSQL): the unit's participants are matched without case.
    status, body = lms.call("dana", "staff_add_pair", {"mentor": "MAYA", "mentee": "bruno"})
    assert status == 200, body
    assert (body["pair"]["mentor"], body["pair"]["mentee"]) == ("maya", "Bruno")


def test_staff_lists_name_a_learner_without_a_profile_name_once(lms):
    lms.add_user("maya", "Maya Ortiz")
    lms.add_user("nameless")
    assert lms.call("dana", "staff_add_pair", {"mentor": "maya", "mentee": "nameless"})[0] == 200
    page = lms.render("dana")
    assert "Maya Ortiz (maya)" in page and "nameless (nameless)" not in page
