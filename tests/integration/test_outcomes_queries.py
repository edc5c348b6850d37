"""The outcomes CSV reads a unit of 60 pairs in as many queries as one of 3 (the query-count
tests' unit, :mod:`.test_query_counts`)."""

import csv
import io

import pytest
from django.utils import timezone

from mentoring_xblock.models import Assessment

from .helpers import fetch
from .test_query_counts import grow, pair, statements  # noqa: F401  (the query-count tests' unit and pair)

pytestmark = pytest.mark.django_db


def download():
    status, body = fetch("staff", "staff_outcomes")
    assert status == 200
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))


def test_staff_read_the_outcomes_in_the_same_number_of_queries_at_any_size(pair):  # noqa: F811
    scoped = {"course_key": pair.course_key, "usage_key": pair.usage_key}
    Assessment.objects.create(**scoped, pair=pair, round="midpoint", rater="mentor", ratings={"sql": 3},
                              submitted_at=timezone.now())  # fmt: skip
    small, rows = statements(download)
    areas = len({row["area"] for row in rows})
    assert len(rows) == 3 * areas
    assert [row["midpoint_mentor"] for row in rows if row["area"] == "sql" and row["pair_id"] == str(pair.pk)] == ["3"]
    grow(pair)
    large, rows = statements(download)
    assert len(rows) == 60 * areas
    assert large == small
