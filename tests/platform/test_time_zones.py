"""Times in the reader's zone: the LMS gives the user's ``time_zone`` preference through the user
service (common/djangoapps/xblock_django/user_service.py, ``USER_PREFERENCES_WHITE_LIST``).

Issue: the workbench showed New York time with no zone named, and the LMS's preference was
never read; people read "2:43 a.m." for their own morning.
"""

import json

from mentoring_xblock.core import platform

from .conftest import pair_before_first_visit
from .story import agreement


def signature_line(page, role):
    start = page.index(f'data-signature="{role}-1"')
    return page[start : page.index("</li>", start)]


def test_each_reader_sees_a_signature_time_in_their_own_zone_with_the_zone_named(lms):
    pair_id = pair_before_first_visit(lms)
    # Maya chose her zone in her account settings (the platform's UserPreference "time_zone").
    lms.accounts.preferences[lms.user("maya").pk] = {"time_zone": "America/Bogota", "pref-lang": "en"}
    assert lms.call("maya", "agreement_save", agreement(pair_id))[0] == 200
    assert lms.call("maya", "agreement_sign", {"pair_id": pair_id, "version": 1})[0] == 200

    # Signed by her, the agreement shows closed on her page; opened, it is read by this handler.
    status, body = lms.call("maya", "workspace_state", {"pair_id": pair_id, "sections": ["agreement"]})
    assert status == 200 and "(America/Bogota)" in signature_line(body["sections"]["agreement"], "mentor")
    status, body = lms.call("maya", "workspace_state", {"pair_id": pair_id})  # a handler's answer too
    assert status == 200 and "(America/Bogota)" in signature_line(json.dumps(body).replace('\\"', '"'), "mentor")
    # Bruno chose no zone on the platform and his browser has not said one: UTC, named.
    assert "(UTC)" in signature_line(lms.render("bruno"), "mentor")
    # His browser's zone, once the page's script has kept it, where the platform gives none.
    lms.cookies["bruno"] = {platform.ZONE_COOKIE: "Asia/Tokyo"}
    assert "(Asia/Tokyo)" in signature_line(lms.render("bruno"), "mentor")
    lms.cookies["bruno"] = {platform.ZONE_COOKIE: "Not/AZone"}
    assert "(UTC)" in signature_line(lms.render("bruno"), "mentor")  # never an error
