"""CSV injection: no cell that a person chose can run as a spreadsheet formula, in the staff
export or in the Data Download report's rows."""

import csv
import io
from collections import namedtuple

import pytest
from django.utils import timezone

from mentoring_xblock.models import Participant
from mentoring_xblock.program import config
from mentoring_xblock.reporting import data_download, exports, staff_overview

from ...reliability import record
from .. import people
from ..people import TODAY, UNIT, staff_actor

pytestmark = pytest.mark.django_db

# A username is the one text people choose that these files carry; each starts as a formula would.
FORMULAS = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
UserState = namedtuple("UserState", "username state block_key updated")


@pytest.fixture
def formula_pairs():
    """A pair per formula: its mentor's and its mentee's usernames both start like a formula."""
    names = [f"{role}{number}" for number in range(len(FORMULAS)) for role in ("mentor", "mentee")]
    find_user = people.people_named(names).get
    pairs = []
    for number, formula in enumerate(FORMULAS):
        pair = people.make_pair(f"mentor{number}", f"mentee{number}", find_user=find_user)
        Participant.objects.filter(pk=pair.mentor_id).update(username=f"{formula}mentor")
        Participant.objects.filter(pk=pair.mentee_id).update(username=f"{formula}mentee")
        pairs.append(pair)
    return pairs


def test_the_staff_export_neutralises_every_formula_start(formula_pairs):
    chunks = exports.staff_csv(people.context(staff_actor(), today=TODAY), staff_overview.View())
    rows = list(csv.DictReader(io.StringIO(b"".join(chunks).decode("utf-8"), newline="")))
    cells = sorted(cell for row in rows for cell in (row["mentor"], row["mentee"]))
    assert cells == sorted(f"'{formula}{role}" for formula in FORMULAS for role in ("mentor", "mentee"))
    record("xss", "csv_formula_starts", len(FORMULAS))


def test_the_data_download_rows_neutralise_the_partners_username(formula_pairs):
    names = [f"{formula}{role}" for formula in FORMULAS for role in ("mentor", "mentee")]
    states = [UserState(name, {}, UNIT.usage_key, timezone.now()) for name in names]
    rows = dict(data_download.report_rows(UNIT, config.default_program(), states, today=TODAY))
    for formula in FORMULAS:
        assert rows[f"{formula}mentor"]["partner"] == f"'{formula}mentee"
        assert rows[f"{formula}mentee"]["partner"] == f"'{formula}mentor"
    texts = [value for row in rows.values() for value in row.values() if isinstance(value, str)]
    assert [text for text in texts if text.startswith(exports.FORMULA_STARTS)] == []
