"""A pair's part in its unit's tallies (pairs/tallies.py): when it is quiet, what its ratings add."""

import datetime

from mentoring_xblock.pairs import tallies

D = datetime.date
DAY = datetime.timedelta(days=1)


def test_a_pair_is_quiet_from_the_window_after_its_start_or_last_session_until_it_meets_or_closes():
    start = D(2026, 1, 1)
    # Never met: quiet from the 31st day after its start (the window of 30 days has passed), for good.
    assert tallies.quiet_spans(start, None, [], 30) == [(D(2026, 2, 1), None)]
    # Met on the 10th and the 20th of March (twice that day): quiet from its 31st day until the
    # first session, then 30 days after the last one; the pair ended on the 1st of May.
    held = [D(2026, 3, 10), D(2026, 3, 20), D(2026, 3, 20)]
    assert tallies.quiet_spans(start, D(2026, 5, 1), held, 30) == [
        (D(2026, 2, 1), D(2026, 3, 10)),
        (D(2026, 4, 19), D(2026, 5, 1)),
    ]
    # Sessions closer than the window: never quiet in between; closed before it fell quiet: never.
    assert tallies.quiet_spans(start, D(2026, 1, 20), [D(2026, 1, 5)], 30) == []


def test_the_part_counts_each_session_held_and_each_change_of_quiet():
    part = tallies.days_part(D(2026, 1, 1), None, [D(2026, 1, 5), D(2026, 1, 5)], 7)
    spans = tallies.quiet_spans(D(2026, 1, 1), None, [D(2026, 1, 5)], 7)
    assert spans == [(D(2026, 1, 12), None)]  # met before its first window ended: quiet a week after
    assert part == {
        ("started", "2026-01-01"): (0.0, 1),
        ("held", "2026-01-05"): (0.0, 2),
        ("quiet", "2026-01-12"): (0.0, 1),
    }
    closed = tallies.days_part(D(2026, 1, 1), D(2026, 1, 20), [], 7)
    assert closed == {
        ("started", "2026-01-01"): (0.0, 1),
        ("closed", "2026-01-20"): (0.0, 1),
        ("quiet", "2026-01-09"): (0.0, 1),
        ("quiet", "2026-01-20"): (0.0, -1),
    }


def test_the_standing_counts_active_pairs_by_stage_and_step():
    values = {"status": "active", "stage": "in_progress", "signed_mentor": True, "signed_mentee": True,
              "goals_set": 2, "sessions_confirmed": 0, "final_self": True, "final_mentor": False}  # fmt: skip
    found = {key for (_kind, key) in tallies.standing_part(values)}
    assert found == {"total", "active", "in_progress", "agreed", "goals"}
    assert {key for (_kind, key) in tallies.standing_part({**values, "status": "closed"})} == {"total"}


def test_ratings_count_the_baseline_and_each_raters_last_round_once_a_later_round_is_in():
    now = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    baseline = ("baseline", "self", {"a": 1, "b": 2}, now)
    assert tallies.ratings_part([baseline]) == {}  # nothing later yet
    rows = [
        baseline,
        ("midpoint", "self", {"a": 2}, now + DAY),
        ("final", "self", {"a": 4, "b": "not a rating"}, now + 2 * DAY),
        ("midpoint", "mentor", {"a": 3}, now + DAY),
        ("final", "mentor", {"a": 5}, None),  # a draft
    ]
    assert tallies.ratings_part(rows) == {
        ("assessed", ""): (0.0, 1),
        ("baseline", "a"): (1.0, 1),
        ("baseline", "b"): (2.0, 1),
        ("self", "a"): (4.0, 1),
        ("mentor", "a"): (3.0, 1),
    }


def test_the_difference_leaves_out_what_did_not_change():
    before = {("held", "2026-01-05"): (0.0, 1), ("quiet", "2026-02-04"): (0.0, 1)}
    after = {("held", "2026-01-05"): (0.0, 1), ("held", "2026-02-01"): (0.0, 1), ("quiet", "2026-03-03"): (0.0, 1)}
    assert tallies.difference(before, after) == {
        ("held", "2026-02-01"): (0.0, 1),
        ("quiet", "2026-02-04"): (0.0, -1),
        ("quiet", "2026-03-03"): (0.0, 1),
    }
