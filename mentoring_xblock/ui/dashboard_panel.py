"""What ``templates/_dashboard.html`` shows of a :class:`reporting.dashboard.Dashboard`: the
headline figures, and each chart with its title, its SVG (:mod:`charts`) and the same figures
as a table. Plain data and escaped markup; every word is translatable.

"Open concerns" are not part of the product yet: the headline figures have no slot for them.
"""

from ..core.i18n import gettext as _
from ..core.i18n import gettext_noop, ngettext
from . import charts, presenters

FIGURE_LABELS = (
    ("total", gettext_noop("Pairs")),
    ("active", gettext_noop("Active")),
    ("not_started", gettext_noop("Not started")),
    ("at_risk", gettext_noop("At risk")),
    ("complete", gettext_noop("Complete")),
)
FUNNEL_LABELS = {
    "paired": gettext_noop("Paired"),
    "agreed": gettext_noop("Agreement signed by both"),
    "goals": gettext_noop("Goals set"),
    "met": gettext_noop("A session confirmed"),
    "assessed": gettext_noop("Final assessments by both"),
    "complete": gettext_noop("Complete"),
}


def _week(week):
    return presenters.day(week.first, "MONTH_DAY_FORMAT")


def _table(columns, rows):
    return {"columns": columns, "rows": [[charts.number(cell) if not isinstance(cell, str) else cell
                                          for cell in row] for row in rows]}  # fmt: skip


def _percent(part, whole):
    return _("{percent}%").format(percent=round(100 * part / whole)) if whole else "\u2013"


def funnel_chart(found, chart_id):
    items = [(_(FUNNEL_LABELS[key]), found.funnel[key]) for key in FUNNEL_LABELS]
    title = _("Where the active pairs are")
    desc = ngettext(
        "How many of the {count} active pair reached each step: {steps}.",
        "How many of the {count} active pairs reached each step: {steps}.",
        found.active,
    ).format(count=found.active, steps="; ".join(f"{label} {value}" for label, value in items))
    rows = [[label, value, _percent(value, found.active)] for label, value in items]
    return {
        "key": "funnel",
        "title": title,
        "svg": charts.horizontal_bars(chart_id, title, desc, items),
        "note": "",
        "table": _table([_("Step"), _("Active pairs"), _("Share of active pairs")], rows),
    }


def sessions_chart(found, chart_id):
    weeks = found.weeks
    title = _("Confirmed sessions per week")
    last = weeks[-1]
    desc = _(
        "Columns: confirmed sessions held in each of the last {weeks} weeks. Dashed line: the sessions the "
        "program's rhythm ({per_month} a month per pair) expects of the pairs running that week. "
        "This week: {held} held, {expected} expected."
    ).format(weeks=len(weeks), per_month=found.sessions_per_month, held=last.sessions,
             expected=charts.number(last.expected))  # fmt: skip
    labels = [_week(week) for week in weeks]
    rows = [[label, week.sessions, week.expected] for label, week in zip(labels, weeks, strict=True)]
    return {
        "key": "sessions",
        "title": title,
        "svg": charts.weekly_bars(
            chart_id, title, desc, labels, [w.sessions for w in weeks], line=[w.expected for w in weeks]
        ),
        "note": _("Columns: sessions held. Dashed line: sessions expected."),
        "table": _table([_("Week of"), _("Confirmed sessions"), _("Expected by the rhythm")], rows),
    }


def at_risk_chart(found, chart_id):
    weeks = found.weeks
    title = _("Pairs at risk by week")
    note = _(
        "A pair counts in a week when, at its end, it had had no confirmed session for more than {days} days. "
        "Falling behind the meeting rhythm is counted for today only, in the figure above."
    ).format(days=found.at_risk_days)
    desc = _("{note} Now: {now}; {weeks} weeks ago: {then}.").format(
        note=note, now=weeks[-1].at_risk, weeks=len(weeks) - 1, then=weeks[0].at_risk
    )
    labels = [_week(week) for week in weeks]
    return {
        "key": "at_risk",
        "title": title,
        "svg": charts.weekly_bars(chart_id, title, desc, labels, [w.at_risk for w in weeks], css="mentoring-bar-risk"),
        "note": note,
        "table": _table(
            [_("Week of"), _("Pairs at risk")], [[label, w.at_risk] for label, w in zip(labels, weeks, strict=True)]
        ),
    }


def areas_chart(found, program, chart_id):
    titles = {area["id"]: presenters.translate(area["title"]) for area in program["learning_areas"]}
    title = _("Change per learning area since the baseline")
    if not found.areas:
        return None
    series = [(_("Self"), "mentoring-bar-self"), (_("Mentor"), "mentoring-bar-mentor")]
    groups = [(titles.get(area.area_id, area.area_id), [area.self_change, area.mentor_change]) for area in found.areas]
    desc = ngettext(
        "Average change from the mentee's baseline self-assessment to the last round, as the mentee (self) and "
        "the mentor rate it, over {count} pair with a baseline and a later round.",
        "Average change from the mentee's baseline self-assessment to the last round, as the mentee (self) and "
        "the mentor rate it, over {count} pairs with a baseline and a later round.",
        found.assessed_pairs,
    ).format(count=found.assessed_pairs)
    rows = [
        [titles.get(a.area_id, a.area_id), a.baseline, a.self_last, a.mentor_last, _signed(a.self_change),
         _signed(a.mentor_change), _signed(a.gap)]
        for a in found.areas
    ]  # fmt: skip
    return {
        "key": "areas",
        "title": title,
        "svg": charts.change_bars(chart_id, title, desc, groups, series),
        "note": ngettext(
            "Over {count} pair with a baseline and a later round. The gap is the self rating minus the mentor's.",
            "Over {count} pairs with a baseline and a later round. The gap is the self rating minus the mentor's.",
            found.assessed_pairs,
        ).format(count=found.assessed_pairs),
        "table": _table(
            [
                _("Learning area"),
                _("Baseline"),
                _("Self, last round"),
                _("Mentor, last round"),
                _("Self change"),
                _("Mentor change"),
                _("Self–mentor gap"),
            ],
            rows,
        ),  # fmt: skip
    }


def _signed(value):
    if value is None or value <= 0:
        return charts.number(value)
    return f"+{charts.number(value)}"


def context(found, program, prefix, level=5):
    """The dashboard's template context; ``prefix`` makes its element ids unique on the page,
    ``level`` is its heading's."""
    charts_shown = [
        funnel_chart(found, f"{prefix}-funnel"),
        sessions_chart(found, f"{prefix}-sessions"),
        at_risk_chart(found, f"{prefix}-risk"),
        areas_chart(found, program, f"{prefix}-areas"),
    ]
    return {
        "prefix": prefix,
        "level": level,
        "sublevel": level + 1,
        "figures": [{"key": key, "label": _(label), "value": getattr(found, key)} for key, label in FIGURE_LABELS],
        "charts": [chart for chart in charts_shown if chart is not None],
        "at_risk_days": found.at_risk_days,
    }
