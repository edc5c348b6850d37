"""The author's completion rules applied to one pair: a checklist, a fraction, and the cadence.

Pure functions over plain facts, so that the workspace, the staff views and the reports all
count the same way.
"""

import datetime
import math
from dataclasses import dataclass, field

from ..core.i18n import gettext as _
from ..core.i18n import ngettext

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


def checklist(program, facts):
    """The requirements in the order a pair meets them: ``[{"key", "label", "met", "detail"}]``."""
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
