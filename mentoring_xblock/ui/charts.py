"""Charts drawn on the server as SVG: no script, nothing drawn on a canvas.

Each function returns the markup of one ``<svg role="img">`` whose ``<title>`` and ``<desc>``
name it and say what it shows; every text it prints is escaped here. The figures themselves are
shown again as a table next to the chart (see ``templates/_dashboard.html``), so nothing is only
in the picture. Coordinates are in viewBox units, about CSS pixels: the chart is drawn at the
width of its container (up to about 30rem), so its 12-unit text keeps its size.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH = 360
FONT = 12
LABEL_WIDTH = 70  # the change bars' series names sit left of here
ROW = 22
BAR = 14
TOP = 8
PLOT_HEIGHT = 120
AXIS = 18
MINUS = "\u2212"


def number(value):
    """A figure as people write it: whole numbers without decimals, others with one; a real minus."""
    if value is None:
        return "\u2013"
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
    return text.replace("-", MINUS)


def _svg(chart_id, title, desc, width, height, body):
    return mark_safe(  # noqa: S308  (every text below went through escape)
        f'<svg class="mentoring-chart mentoring-dashboard-chart" role="img" focusable="false" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>{"".join(body)}</svg>'
    )


def _text(x, y, text, css, anchor="start"):
    return f'<text class="{css}" x="{x:g}" y="{y:g}" text-anchor="{anchor}">{escape(text)}</text>'


def _rect(x, y, width, height, css):
    return f'<rect class="{css}" x="{x:g}" y="{y:g}" width="{max(width, 0):g}" height="{height:g}"></rect>'


def _short(text, limit=24):
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def horizontal_bars(chart_id, title, desc, items):
    """One bar per ``(label, value)``, longest for the largest value (the stage funnel); each
    label on its own line above its bar, so that no translation is cut."""
    top = max([value for _label, value in items] + [1])
    plot = WIDTH - 40
    body = []
    step = FONT + BAR + 10
    for row, (label, value) in enumerate(items):
        y = TOP + row * step
        length = round(plot * value / top, 1)
        body.append(_text(0, y + FONT - 2, _short(label, 56), "mentoring-chart-series"))
        body.append(_rect(0, y + FONT + 2, length, BAR, "mentoring-bar-funnel"))
        body.append(_text(length + 4, y + FONT + BAR - 1, number(value), "mentoring-chart-value"))
    return _svg(chart_id, title, desc, WIDTH, TOP + len(items) * step, body)


def weekly_bars(chart_id, title, desc, labels, values, *, line=None, css="mentoring-bar-week"):
    """A column per week (``labels`` under the first, middle and last), and optionally a dashed
    ``line`` across them (the expected rhythm)."""
    count = max(len(values), 1)
    left, right = 30, 8
    step = (WIDTH - left - right) / count
    top = max([v for v in values] + [v for v in (line or [])] + [1])
    scale = PLOT_HEIGHT / top
    base = TOP + PLOT_HEIGHT
    body = [
        f'<line class="mentoring-chart-grid" x1="{left}" x2="{WIDTH - right}" y1="{base}" y2="{base}"></line>',
        _text(left - 4, base, "0", "mentoring-chart-tick", "end"),
        _text(left - 4, TOP + FONT - 2, number(top), "mentoring-chart-tick", "end"),
        f'<line class="mentoring-chart-grid" x1="{left}" x2="{WIDTH - right}" y1="{TOP}" y2="{TOP}"></line>',
    ]
    for index, value in enumerate(values):
        height = round(value * scale, 1)
        x = round(left + index * step + step * 0.15, 1)
        body.append(_rect(x, round(base - height, 1), round(step * 0.7, 1), height, css))
    if line:
        points = " ".join(
            f"{round(left + index * step + step / 2, 1):g},{round(base - value * scale, 1):g}"
            for index, value in enumerate(line)
        )
        body.append(f'<polyline class="mentoring-chart-expected" points="{points}"></polyline>')
    shown = sorted({0, len(labels) // 2, len(labels) - 1}) if labels else []
    for index in shown:
        anchor = "start" if index == 0 else "end" if index == len(labels) - 1 else "middle"
        x = left if anchor == "start" else WIDTH - right if anchor == "end" else left + index * step + step / 2
        body.append(_text(round(x, 1), base + AXIS - 4, labels[index], "mentoring-chart-tick", anchor))
    return _svg(chart_id, title, desc, WIDTH, base + AXIS, body)


def change_bars(chart_id, title, desc, groups, series):
    """Bars from a zero line, left for a fall and right for a rise: per group (a learning area,
    ``(label, [value per series])``) one bar per series (``[(label, css)]``); a missing value has
    no bar, only a dash."""
    middle = LABEL_WIDTH + (WIDTH - LABEL_WIDTH) / 2
    half = (WIDTH - LABEL_WIDTH) / 2 - 28
    top = max([abs(v) for _label, values in groups for v in values if v is not None] + [1])
    body = []
    y = TOP
    for label, values in groups:
        body.append(_text(0, y + FONT, _short(label, 56), "mentoring-chart-area"))
        y += ROW - 4
        for (name, css), value in zip(series, values, strict=True):
            body.append(_text(LABEL_WIDTH - 6, y + BAR - 3, name, "mentoring-chart-series", "end"))
            length = 0 if value is None else round(half * abs(value) / top, 1)
            x = middle - length if value is not None and value < 0 else middle
            body.append(_rect(x, y, length, BAR, css))
            text_x = x - 4 if value is not None and value < 0 else middle + length + 4
            anchor = "end" if value is not None and value < 0 else "start"
            signed = number(value) if value is None or value <= 0 else f"+{number(value)}"
            body.append(_text(text_x, y + BAR - 3, signed, "mentoring-chart-value", anchor))
            y += BAR + 4
        y += 8
    body.insert(0, f'<line class="mentoring-chart-axis" x1="{middle:g}" x2="{middle:g}" y1="{TOP}" y2="{y}"></line>')
    return _svg(chart_id, title, desc, WIDTH, y + 4, body)
