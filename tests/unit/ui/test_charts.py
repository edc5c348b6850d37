"""The dashboard's charts: SVG drawn on the server, each with a title, a description and the same
figures as a table; every text escaped."""

import datetime
import re

import pytest

from mentoring_xblock.program import config
from mentoring_xblock.reporting.dashboard import AreaChange, Dashboard, Week, weeks_ending
from mentoring_xblock.ui import charts, dashboard_panel

TODAY = datetime.date(2024, 3, 15)


def found(**changes):
    weeks = [Week(first, last, sessions=n, expected=1.5, at_risk=12 - n)
             for n, (first, last) in enumerate(weeks_ending(TODAY))]  # fmt: skip
    values = dict(
        total=9, active=8, not_started=2, in_progress=4, complete=2, at_risk=3,
        funnel={"paired": 8, "agreed": 6, "goals": 5, "met": 4, "assessed": 2, "complete": 2},
        weeks=weeks,
        areas=[AreaChange("direction", 2.0, 3.5, 3.0), AreaChange("skills", 3.0, 2.5, None)],
        assessed_pairs=4, at_risk_days=21, sessions_per_month=2,
    )  # fmt: skip
    return Dashboard(**{**values, **changes})


def test_a_chart_is_an_svg_image_with_its_title_and_description_and_escapes_its_text():
    svg = charts.horizontal_bars("c1", "Title <b>", "What it shows & why", [("<script>", 3), ("Two", 0)])
    assert svg.startswith('<svg class="mentoring-chart mentoring-dashboard-chart" role="img"')
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Title &lt;b&gt;</title>' in svg
    assert '<desc id="c1-desc">What it shows &amp; why</desc>' in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    widths = [float(w) for w in re.findall(r'<rect class="mentoring-bar-funnel" [^>]*width="([\d.]+)"', svg)]
    assert widths[0] > 0 and widths[1] == 0
    assert "<canvas" not in svg


def test_weekly_columns_draw_the_expected_rhythm_as_a_line_and_label_three_weeks():
    svg = charts.weekly_bars("w", "T", "D", ["a", "b", "c", "d"], [0, 2, 4, 1], line=[1, 1, 2, 2])
    heights = [float(h) for h in re.findall(r'<rect class="mentoring-bar-week" [^>]*height="([\d.]+)"', svg)]
    assert heights == [0, 60, 120, 30]  # the tallest fills the plot
    assert svg.count("<polyline") == 1
    assert re.findall(r'class="mentoring-chart-tick"[^>]*>([a-d])<', svg) == ["a", "c", "d"]


def test_change_bars_go_left_for_a_fall_and_show_a_dash_for_no_value():
    svg = charts.change_bars("a", "T", "D", [("Area", [1.5, -0.5]), ("Other", [None, 0])],
                             [("Self", "mentoring-bar-self"), ("Mentor", "mentoring-bar-mentor")])  # fmt: skip
    values = re.findall(r'class="mentoring-chart-value"[^>]*>([^<]*)<', svg)
    assert values == ["+1.5", "\u22120.5", "\u2013", "0"]


@pytest.mark.parametrize("number, text", [(3, "3"), (2.0, "2"), (1.25, "1.2"), (-0.5, "\u22120.5"), (None, "\u2013")])
def test_numbers_are_written_as_people_write_them(number, text):
    assert charts.number(number) == text


def test_the_dashboard_shows_every_figure_and_each_chart_with_a_title_and_a_table():
    shown = dashboard_panel.context(found(), config.default_program(), "p-dash")
    assert [(f["key"], f["value"]) for f in shown["figures"]] == [
        ("total", 9), ("active", 8), ("not_started", 2), ("at_risk", 3), ("complete", 2),
    ]  # fmt: skip
    assert [chart["key"] for chart in shown["charts"]] == ["funnel", "sessions", "at_risk", "areas"]
    for chart in shown["charts"]:
        assert chart["title"] and '<title id="p-dash-' in chart["svg"] and chart["table"]["rows"]
    funnel, sessions, at_risk, areas = shown["charts"]
    assert funnel["table"]["rows"][1] == ["Agreement signed by both", "6", "75%"]
    assert len(sessions["table"]["rows"]) == 12 and sessions["table"]["rows"][-1][1:] == ["11", "1.5"]
    assert at_risk["table"]["rows"][0][1:] == ["12"] and "21 days" in at_risk["note"]
    assert areas["table"]["columns"][-1] == "Self\u2013mentor gap"
    assert areas["table"]["rows"] == [
        ["Direction and choices", "2", "3.5", "3", "+1.5", "+1", "+0.5"],
        ["Skills for the work", "3", "2.5", "\u2013", "\u22120.5", "\u2013", "\u2013"],
    ]


def test_a_program_without_learning_areas_has_no_area_chart():
    shown = dashboard_panel.context(found(areas=[]), {**config.default_program(), "learning_areas": []}, "p")
    assert [chart["key"] for chart in shown["charts"]] == ["funnel", "sessions", "at_risk"]
