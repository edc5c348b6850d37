"""Where the mentee started and where each rater sees them now, per learning area.

Pure functions over plain data: the rows of the comparison table (baseline, self-rating and
mentor rating of one round, each rater's change since the baseline and the gap between the two
raters) and the geometry of the bar chart that shows the same numbers. They are given only what
the viewer may see (see :func:`sealing.visible`), so nothing of a sealed round reaches here.
"""

import textwrap

SERIES = ("baseline", "self", "mentor")
# The table's columns after the area, in order.
COLUMNS = ("baseline", "self", "mentor", "self_change", "mentor_change", "gap")

# Chart geometry, in viewBox units (about CSS pixels: the chart is drawn at the width of its
# container, up to 26rem, so its 12-unit text keeps its size from a phone's width up).
WIDTH = 320
PLOT_LEFT = 58  # series names sit right-aligned left of here
PLOT_WIDTH = 230  # bars end by x=288, their values after them, inside WIDTH
AXIS_HEIGHT = 24
TITLE_LINE = 16
BAR_HEIGHT = 14
BAR_GAP = 4
GROUP_GAP = 14
TITLE_CHARS = 40  # an area title wraps onto more lines rather than running past the right edge
MINUS = "\u2212"


def rating(ratings, area_id):
    """The whole-number rating of ``area_id`` in ``ratings``, or None when it has none."""
    value = (ratings or {}).get(area_id)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def difference(first, second):
    """``first - second``, or None when either is missing."""
    if first is None or second is None:
        return None
    return first - second


def signed(number):
    """A difference as people write it: ``+2``, ``0``, ``−1`` (a real minus sign); ``None`` stays None."""
    if number is None:
        return None
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"{MINUS}{-number}"
    return "0"


def rows(areas, baseline, self_ratings, mentor_ratings, scale):
    """One row per learning area (in the program's order).

    Args:
        areas: ``[{"id", "title"}]`` as shown to the viewer.
        baseline, self_ratings, mentor_ratings: ``{area_id: value}`` (empty when not visible).
        scale: the program's rating scale, ``[{"value", "label"}]`` ascending.

    Returns:
        ``[{"area_id", "title", "baseline", "self", "mentor", "self_change", "mentor_change", "gap",
        "labels": {series: scale label or ""}, "shown": {key: text}, "cells": [{"key", "text"}]}]``
        (``cells`` in :data:`COLUMNS` order); a missing rating and every difference that needs it
        are None, and an empty string as text.
    """
    labels = {point["value"]: point["label"] for point in scale}
    result = []
    for area in areas:
        values = {
            "baseline": rating(baseline, area["id"]),
            "self": rating(self_ratings, area["id"]),
            "mentor": rating(mentor_ratings, area["id"]),
        }
        changes = {
            "self_change": difference(values["self"], values["baseline"]),
            "mentor_change": difference(values["mentor"], values["baseline"]),
            "gap": difference(values["self"], values["mentor"]),
        }
        shown = {key: "" if value is None else str(value) for key, value in values.items()}
        shown.update({key: signed(value) or "" for key, value in changes.items()})
        result.append(
            {
                "area_id": area["id"],
                "title": area["title"],
                **values,
                **changes,
                "labels": {key: labels.get(value, "") if value is not None else "" for key, value in values.items()},
                "shown": shown,
                "cells": [{"key": key, "text": shown[key]} for key in COLUMNS],
            }
        )
    return result


def chart(table_rows, scale, series_labels):
    """Horizontal bars, three per learning area (baseline, self, mentor), on the program's scale.

    Returns the geometry a template draws: ``width``, ``height``, ``view_box``, the ``axis``
    ticks (one per point of the scale, with its x), the ``grid`` span, and per area a ``group``
    with its title lines and its ``bars`` (x, y, width, height, the value's text and position).
    A missing rating has no bar, only a dash. Every coordinate lies inside the viewBox.
    """
    top = max((point["value"] for point in scale), default=1)
    top = top if top > 0 else 1

    def x_of(value):
        share = min(max(value / top, 0.0), 1.0)
        return round(PLOT_LEFT + share * PLOT_WIDTH, 1)

    axis = [{"value": point["value"], "x": x_of(point["value"])} for point in scale]
    y = AXIS_HEIGHT
    groups = []
    for row in table_rows:
        lines = textwrap.wrap(row["title"], TITLE_CHARS) or [""]
        title = [{"y": y + TITLE_LINE * (number + 1) - 4, "text": line} for number, line in enumerate(lines)]
        y += TITLE_LINE * len(lines) + 2
        bars = []
        for key in SERIES:
            value = row[key]
            end = x_of(value) if value is not None else PLOT_LEFT
            bars.append(
                {
                    "series": key,
                    "label": series_labels[key],
                    "value": value,
                    "x": PLOT_LEFT,
                    "y": y,
                    "width": round(end - PLOT_LEFT, 1),
                    "height": BAR_HEIGHT,
                    "text": "\u2013" if value is None else str(value),
                    "text_x": round(end + 4, 1),
                    "text_y": y + BAR_HEIGHT - 3,
                    "label_x": PLOT_LEFT - 6,
                }
            )
            y += BAR_HEIGHT + BAR_GAP
        groups.append({"area_id": row["area_id"], "title": title, "bars": bars})
        y += GROUP_GAP
    height = y
    return {
        "width": WIDTH,
        "height": height,
        "view_box": f"0 0 {WIDTH} {height}",
        "axis": axis,
        "axis_y": AXIS_HEIGHT - 8,
        "grid": {"top": AXIS_HEIGHT - 4, "bottom": height - GROUP_GAP},
        "plot_left": PLOT_LEFT,
        "groups": groups,
    }
