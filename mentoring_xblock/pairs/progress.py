"""The author's completion rules applied to one pair: a checklist, a fraction, and the cadence.

Pure functions over plain facts, so that the workspace, the staff views and the reports all
count the same way.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.utils.formats import date_format

from ..core.i18n import gettext as _
from ..core.i18n import ngettext
from ..models import Session

DAYS_PER_MONTH = 365.25 / 12


@dataclass
class Facts:
    """What a pair has done, as far as completion is concerned."""

    signed: set = field(default_factory=set)  # roles that signed the agreement's current version
    goals: int = 0
    confirmed_sessions: int = 0
    covered: set = field(default_factory=set)  # agenda item ids covered by confirmed sessions
    final_self: bool = False
    final_mentor: bool = False


def checklist(program, facts, *, started_on=None, today=None):
    """The requirements in the order a pair meets them: ``[{"key", "label", "met", "detail"}]``.

    ``started_on`` and ``today``: the pair's start and the day it is counted on, for the rule
    that the planned end has passed (unmet without them)."""
    rules = program["completion"]
    items = []
    if rules["agreement_signed"]:
        items.append(
            _item(
                "agreement",
                _("Both of you sign the mentoring agreement."),
                facts.signed >= {"mentor", "mentee"},
                _("{count} of 2 signatures").format(count=len(facts.signed & {"mentor", "mentee"})),
            )
        )
    if rules["min_goals"]:
        need = rules["min_goals"]
        items.append(
            _item(
                "goals",
                ngettext("Set at least {count} goal.", "Set at least {count} goals.", need).format(count=need),
                facts.goals >= need,
                _("{done} of {need}").format(done=min(facts.goals, need), need=need),
            )
        )
    if rules["min_sessions"]:
        need = rules["min_sessions"]
        items.append(
            _item(
                "sessions",
                ngettext(
                    "Hold at least {count} session, confirmed by both of you.",
                    "Hold at least {count} sessions, confirmed by both of you.",
                    need,
                ).format(count=need),
                facts.confirmed_sessions >= need,
                _("{done} of {need}").format(done=min(facts.confirmed_sessions, need), need=need),
            )
        )
    required = [item["id"] for item in program["agenda"] if item["required"]]
    if rules["required_agenda"] and required:
        done = sum(1 for item_id in required if item_id in facts.covered)
        items.append(
            _item(
                "agenda",
                ngettext(
                    "Cover the {count} required agenda item in your sessions.",
                    "Cover the {count} required agenda items in your sessions.",
                    len(required),
                ).format(count=len(required)),
                done == len(required),
                _("{done} of {need}").format(done=done, need=len(required)),
            )
        )
    if rules["final_self_assessment"]:
        items.append(_item("final_self", _("The mentee submits the final self-assessment."), facts.final_self, ""))
    if rules["final_mentor_assessment"]:
        items.append(
            _item("final_mentor", _("The mentor submits the final assessment of the mentee."), facts.final_mentor, "")
        )
    if rules.get("planned_end_passed"):
        end = planned_end(started_on, program) if started_on is not None else None
        items.append(
            _item(
                "planned_end",
                _("Keep going until the program's planned end."),
                end is not None and today is not None and today >= end,
                _("planned end: {date}").format(date=date_format(end, "DATE_FORMAT")) if end else "",
            )
        )
    return items


def _item(key, label, met, detail):
    return {"key": key, "label": label, "met": bool(met), "detail": detail}


def fraction(items):
    """Share of the checklist met, from 0.0 to 1.0 (1.0 when there is nothing to meet)."""
    if not items:
        return 1.0
    return sum(1 for item in items if item["met"]) / len(items)


def planned_end(started_on, program):
    return started_on + datetime.timedelta(weeks=program["duration_weeks"])


def sessions_expected(started_on, today, program):
    """How many sessions the cadence expects by ``today`` (whole months since the start × per month)."""
    per_month = program["min_sessions_per_month"]
    end = min(today, planned_end(started_on, program))
    months = max(0, (end - started_on).days) / DAYS_PER_MONTH
    return math.floor(months) * per_month


def cadence_offset(confirmed, program):
    """Days from a pair's start to the first day on which ``confirmed`` sessions fall short of
    what the cadence expects (see :func:`sessions_expected`), or None if they never do before
    the planned end. It depends on the count and the program alone, not on the start."""
    per_month = program["min_sessions_per_month"]
    if not per_month:
        return None
    months = confirmed // per_month + 1
    days = math.ceil(months * DAYS_PER_MONTH)
    return days if days <= program["duration_weeks"] * 7 else None


def awaits(session, me):
    """Whether ``session`` waits for ``me`` (a participant, or None) to confirm or dispute it:
    pending, and logged by the partner."""
    return me is not None and session.confirmation == Session.PENDING and session.logged_by_id != me.pk


def next_step(summary, checklist, *, active, role, me, partner_name, program, agenda_titles, schedule=None, today=None):
    """One sentence: what the viewer should do next in a pair.

    Args:
        summary: the pair's :class:`pair_summary.Summary`.
        checklist: its :func:`checklist`.
        active: whether the pairing goes on.
        role: the viewer's, ``mentor`` or ``mentee``; None for course staff.
        me: the viewer's participant (or None); partner_name: the other member's name.
        agenda_titles: the program's agenda item titles by id, as the viewer reads them.
        schedule: the pair's :class:`pacing.Schedule` and ``today``, for what opens when
            (guided pacing); None leaves dates out.
    """
    if not active:
        return _("This pairing has ended. Its history stays readable here.")
    if role is None:
        return _("Course staff can read this workspace; only the pair can change it.")
    to_confirm = [s for s in summary.sessions if awaits(s, me)]
    if to_confirm:
        return _("{name} logged a session held on {date}: confirm it or say what is wrong.").format(
            name=partner_name, date=date_format(to_confirm[-1].held_on, "DATE_FORMAT")
        )
    if not summary.agreement_version:
        return _("Write your mentoring agreement together, then both sign it.")
    if role not in summary.signed:
        return _("Read version {version} of the agreement and sign it.").format(version=summary.agreement_version)
    if len(summary.signed) < 2:
        return _("Waiting for {name} to sign the agreement.").format(name=partner_name)
    for item in checklist:
        if item["met"]:
            continue
        if item["key"] == "goals":
            return _("Set your goals together: make each one specific, measurable and dated.")
        if item["key"] in ("sessions", "agenda"):
            if role in summary.overdue:
                return _("You have an overdue action item: {text}").format(text=summary.overdue[role])
            upcoming = upcoming_agenda_item(program, summary)
            week = _suggested_day(schedule, program, upcoming)
            if week:
                return _("Plan your next session. Suggested topic: {title}, for the week of {date}.").format(
                    title=agenda_titles[upcoming], date=date_format(week, "DATE_FORMAT")
                )
            if upcoming:
                return _("Plan your next session. Suggested topic: {title}.").format(title=agenda_titles[upcoming])
            return _("Log your next session.")
        if item["key"] in ("final_self", "final_mentor") and schedule and not schedule.is_open("final", today):
            return _(
                "The final assessment opens on {date}. Until then, keep meeting and logging your sessions."
            ).format(date=date_format(schedule.final_opens, "DATE_FORMAT"))
        if item["key"] == "planned_end":
            return (
                _("Keep meeting until the planned end of the program, on {date}.").format(
                    date=date_format(planned_end(schedule.started_on, program), "DATE_FORMAT")
                )
                if schedule
                else item["label"]
            )
        return item["label"]
    return _("Everything this unit asks of your pair is done. Well done!")


def _suggested_day(schedule, program, item_id):
    """The first day of the week guided pacing suggests for agenda item ``item_id`` (or None)."""
    if schedule is None or not schedule.guided or item_id is None:
        return None
    week = next(item["week"] for item in program["agenda"] if item["id"] == item_id)
    return schedule.item_date(week)


def upcoming_agenda_item(program, summary):
    """The id of the first required agenda item no confirmed session covered yet, else of the
    first such item of any kind; None when every item is covered."""
    covered = {item_id for s in summary.confirmed for item_id in s.agenda_items}
    open_items = [item for item in program["agenda"] if item["id"] not in covered]
    upcoming = next((item for item in open_items if item["required"]), open_items[0] if open_items else None)
    return upcoming["id"] if upcoming else None
