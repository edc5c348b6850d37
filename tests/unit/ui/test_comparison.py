"""The comparison per learning area: the numbers of its table and the geometry of its chart."""

import re

import pytest

from mentoring_xblock.ui import comparison

SCALE = [{"value": v, "label": label} for v, label in ((1, "Just starting"), (2, "Developing"), (3, "Capable"),
                                                       (4, "Strong"), (5, "Could teach others"))]  # fmt: skip
AREAS = [
    {"id": "sql", "title": "Querying data"},
    {"id": "story", "title": "Telling the story in the data"},
    {"id": "people", "title": "Working with stakeholders"},
]
SERIES = {"baseline": "Baseline", "self": "Self", "mentor": "Mentor"}


def table(baseline, by_self, by_mentor, areas=AREAS, scale=SCALE):
    return comparison.rows(areas, baseline, by_self, by_mentor, scale)


def test_each_area_shows_the_change_since_the_baseline_and_the_gap_between_the_raters():
    rows = table(
        {"sql": 1, "story": 3, "people": 4}, {"sql": 4, "story": 3, "people": 2}, {"sql": 2, "story": 5, "people": 2}
    )
    picked = [(r["area_id"], r["baseline"], r["self"], r["mentor"], r["self_change"], r["mentor_change"], r["gap"])
              for r in rows]  # fmt: skip
    assert picked == [
        ("sql", 1, 4, 2, 3, 1, 2),
        ("story", 3, 3, 5, 0, 2, -2),
        ("people", 4, 2, 2, -2, -2, 0),
    ]
    # As read in the table: signed changes with a real minus sign, in the column order.
    assert [[cell["text"] for cell in r["cells"]] for r in rows] == [
        ["1", "4", "2", "+3", "+1", "+2"],
        ["3", "3", "5", "0", "+2", "\u22122"],
        ["4", "2", "2", "\u22122", "\u22122", "0"],
    ]
    assert [cell["key"] for cell in rows[0]["cells"]] == list(comparison.COLUMNS)
    assert rows[0]["labels"] == {"baseline": "Just starting", "self": "Strong", "mentor": "Developing"}


def test_a_missing_rating_leaves_its_cell_and_every_difference_that_needs_it_empty():
    # "people" was added to the program after the baseline; the mentor left "story" out of an
    # old record; values that are not whole numbers count as missing.
    rows = table({"sql": 2, "story": 2}, {"sql": 3, "story": 4, "people": 3}, {"sql": "3", "people": True})
    by_area = {r["area_id"]: r for r in rows}
    assert [by_area["sql"][k] for k in ("baseline", "self", "mentor", "self_change", "mentor_change", "gap")] == [
        2, 3, None, 1, None, None,
    ]  # fmt: skip
    assert by_area["people"]["baseline"] is None and by_area["people"]["self_change"] is None
    assert by_area["story"]["gap"] is None
    assert [c["text"] for c in by_area["people"]["cells"]] == ["", "3", "", "", "", ""]
    assert table({}, {}, {})[0]["cells"] == [{"key": key, "text": ""} for key in comparison.COLUMNS]


def test_ratings_of_areas_no_longer_in_the_program_are_left_out():
    rows = table({"sql": 1, "gone": 5}, {"sql": 2, "gone": 5}, {"sql": 2, "gone": 5})
    assert [r["area_id"] for r in rows] == ["sql", "story", "people"]
    assert "gone" not in str(rows)


def bars(geometry):
    return [bar for group in geometry["groups"] for bar in group["bars"]]


def inside(geometry):
    """Every drawn coordinate, checked against the viewBox."""
    width, height = geometry["width"], geometry["height"]
    assert geometry["view_box"] == f"0 0 {width} {height}"
    for bar in bars(geometry):
        assert bar["x"] >= 0 and bar["x"] + bar["width"] <= width, bar
        assert bar["y"] >= 0 and bar["y"] + bar["height"] <= height, bar
        assert bar["width"] >= 0
        assert 0 < bar["text_x"] < width and 0 < bar["text_y"] < height
        assert 0 < bar["label_x"] <= geometry["plot_left"]
    for tick in geometry["axis"]:
        assert geometry["plot_left"] <= tick["x"] <= width
    for group in geometry["groups"]:
        assert all(0 < line["y"] < height for line in group["title"])
    return True


def test_bars_are_proportional_to_the_rating_and_sit_inside_the_view_box():
    rows = table({"sql": 1, "story": 3, "people": 5}, {"sql": 2, "story": 4, "people": 5}, {"sql": 5, "story": 1})
    geometry = comparison.chart(rows, SCALE, SERIES)
    assert inside(geometry)
    first = geometry["groups"][0]["bars"]
    assert [bar["series"] for bar in first] == ["baseline", "self", "mentor"]
    assert [bar["label"] for bar in first] == ["Baseline", "Self", "Mentor"]
    full = comparison.PLOT_WIDTH
    assert [bar["width"] for bar in first] == [pytest.approx(full / 5), pytest.approx(2 * full / 5), full]
    # A missing rating draws no bar, only a dash where its value would be.
    missing = geometry["groups"][2]["bars"][2]
    assert (missing["value"], missing["width"], missing["text"]) == (None, 0, "\u2013")
    # The scale's points are the axis ticks, left to right.
    assert [tick["value"] for tick in geometry["axis"]] == [1, 2, 3, 4, 5]
    xs = [tick["x"] for tick in geometry["axis"]]
    assert xs == sorted(xs) and xs[-1] == comparison.PLOT_LEFT + full
    # Bars do not overlap: each starts below the one before.
    ys = [bar["y"] for bar in bars(geometry)]
    assert all(later >= earlier + comparison.BAR_HEIGHT for earlier, later in zip(ys, ys[1:], strict=False))


def test_long_titles_wrap_and_odd_scales_stay_inside_the_view_box():
    areas = [{"id": "long", "title": "Planning, prioritising and protecting time for deep work " * 3},
             {"id": "word", "title": "x" * 120}]  # fmt: skip
    scale = [{"value": 0, "label": "None"}, {"value": 10, "label": "Expert"}]
    rows = table({"long": 0, "word": 10}, {"long": 10, "word": 40}, {"long": -3}, areas=areas, scale=scale)
    geometry = comparison.chart(rows, scale, SERIES)
    assert inside(geometry)
    for group in geometry["groups"]:
        assert len(group["title"]) > 1
        assert all(len(line["text"]) <= comparison.TITLE_CHARS for line in group["title"])
    # A value above the scale's top is drawn at the top; one below zero draws nothing.
    word_self = geometry["groups"][1]["bars"][1]
    assert word_self["width"] == comparison.PLOT_WIDTH and word_self["text"] == "40"
    assert geometry["groups"][0]["bars"][2]["width"] == 0


def test_the_chart_grows_with_the_number_of_areas():
    one = comparison.chart(table({}, {}, {}, areas=AREAS[:1]), SCALE, SERIES)
    three = comparison.chart(table({}, {}, {}), SCALE, SERIES)
    assert three["height"] > one["height"] and inside(one) and inside(three)
    assert re.fullmatch(r"0 0 \d+ \d+", three["view_box"])
