"""Turn the authored program into what the learner and author views show.

Authored text that still equals a default is translated into the viewer's language; text the
author wrote is shown as written. Templates escape everything; nothing here builds HTML.
"""

import datetime
import functools

from django.core.signals import setting_changed
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import get_current_timezone_name, template_localtime

from ..core.i18n import gettext as _
from ..core.i18n import ngettext
from ..pairs.retirement import REMOVED
from ..program import config


def translate(text):
    """Translate text that came from the package's defaults; authors' own text is unchanged."""
    return _(text) if text else text


# Django's formats that show a time of day: shown with the zone named (:func:`zoned`).
TIME_FORMATS = frozenset({"DATETIME_FORMAT", "SHORT_DATETIME_FORMAT", "TIME_FORMAT"})


def day(value, format_name="DATE_FORMAT", language=None):
    """A date, or a datetime in the current time zone, in the viewer's language as a template's
    ``date`` filter shows it ("" for None). Pages show the same days over and over (a long
    history's items done at one session, every learner's "today"), so a day is formatted once
    per language and format; times of day are formatted each time. ``language``: the active
    one, when the caller has looked it up already."""
    if value is None:
        return ""
    value = template_localtime(value)
    if isinstance(value, datetime.datetime):
        if format_name in TIME_FORMATS:
            return zoned(date_format(value, format_name))
        if format_name != "DATE_FORMAT":
            return date_format(value, format_name)
        value = value.date()  # the date format has no time of day
    return _formatted_day(value, format_name, language or translation.get_language())


def zoned(text):
    """A formatted time of day with the zone it is in named: "3 December 2026, 9:43 a.m.
    (Europe/Madrid)". Times are shown in the reader's zone (``platform.reader_time``), which a
    reader elsewhere, or a reader whose zone is not known (UTC), must not take for their own."""
    return _("{time} ({zone})").format(time=text, zone=get_current_timezone_name())


def moment(value):
    """A stored moment as its date and time of day in the reader's zone, the zone named ("" for None)."""
    return day(value, "DATETIME_FORMAT")


@functools.lru_cache(maxsize=2048)
def _formatted_day(value, format_name, language):  # language: the key; date_format reads the active one
    return date_format(value, format_name)


def _forget_days(**kwargs):
    _formatted_day.cache_clear()  # a test changed the formats' settings


setting_changed.connect(_forget_days)


def program_view(program):
    """The program as the learner and author views display it."""
    areas = {area["id"]: translate(area["title"]) for area in program["learning_areas"]}
    return {
        "display_name": translate(program["display_name"]),
        "introduction": [translate(p) for p in _paragraphs(program["introduction"])],
        "learning_areas": [
            {"id": area["id"], "title": areas[area["id"]], "description": translate(area["description"])}
            for area in program["learning_areas"]
        ],
        "agenda": [
            {
                "id": item["id"],
                "number": number,
                "title": translate(item["title"]),
                "week": item["week"],
                "required": item["required"],
                "prompts": [translate(prompt) for prompt in item["prompts"]],
                "areas": [areas[ref] for ref in item["areas"] if ref in areas],
                "links": item["links"],
            }
            for number, item in enumerate(program["agenda"], start=1)
        ],
        "rules": program_rules(program),
        "completion": completion_rules(program),
    }


def _paragraphs(text):
    return [part.strip() for part in (text or "").split("\n\n") if part.strip()]


def program_rules(program):
    """Sentences that describe how the program runs."""
    weeks = program["duration_weeks"]
    per_month = program["min_sessions_per_month"]
    labels = dict(config.SESSION_FORMATS)
    formats = ", ".join(_(labels[key]) for key in program["session_formats"])
    rules = [
        ngettext("The program runs for {count} week.", "The program runs for {count} weeks.", weeks).format(count=weeks)
    ]
    if per_month:
        rules.append(
            ngettext("Meet at least {count} time a month.", "Meet at least {count} times a month.", per_month).format(
                count=per_month
            )
        )
    rules.append(_("Meetings can be held as: {formats}.").format(formats=formats))
    rules.append(_(config.PAIRING_MODES[program["pairing_mode"]]) + ".")
    if program["midpoint_round"]:
        rules.append(_("Progress is assessed at the mid-point and at the end, by the mentee and by the mentor."))
    else:
        rules.append(_("Progress is assessed at the end, by the mentee and by the mentor."))
    if program.get("pacing") == "guided":
        final = program["final_round_weeks"]
        rules.append(
            ngettext(
                "Each agenda item has a suggested week, counted from the day your pair starts; the final "
                "assessment opens in the last week of the program.",
                "Each agenda item has a suggested week, counted from the day your pair starts; the final "
                "assessment opens in the last {count} weeks of the program.",
                final,
            ).format(count=final)
        )
        if program["midpoint_round"]:
            rules.append(_("The mid-point assessment opens half-way through."))
    return rules


def completion_rules(program):
    """The checklist of what completing the unit requires, in the order a pair meets it."""
    rules = program["completion"]
    items = []
    if rules["agreement_signed"]:
        items.append(_("Both of you sign the mentoring agreement."))
    if rules["min_goals"]:
        items.append(
            ngettext("Set at least {count} goal.", "Set at least {count} goals.", rules["min_goals"]).format(
                count=rules["min_goals"]
            )
        )
    if rules["min_sessions"]:
        items.append(
            ngettext(
                "Hold at least {count} session, confirmed by both of you.",
                "Hold at least {count} sessions, confirmed by both of you.",
                rules["min_sessions"],
            ).format(count=rules["min_sessions"])
        )
    if rules["required_agenda"]:
        required = sum(1 for item in program["agenda"] if item["required"])
        if required:
            items.append(
                ngettext(
                    "Cover the {count} required agenda item in your sessions.",
                    "Cover the {count} required agenda items in your sessions.",
                    required,
                ).format(count=required)
            )
    if rules["final_self_assessment"]:
        items.append(_("The mentee submits the final self-assessment."))
    if rules["final_mentor_assessment"]:
        items.append(_("The mentor submits the final assessment of the mentee."))
    if rules.get("planned_end_passed"):
        items.append(_("Keep going until the program's planned end."))
    if not items:
        items.append(_("Opening this unit completes it."))
    return items


def next_step_unpaired(program):
    """What an unpaired learner should expect, by pairing mode."""
    mode = program["pairing_mode"]
    if mode == "invite":
        return _("Ask your mentor or mentee for an invite code, or create one and share it with them.")
    if mode == "both":
        return _(
            "Course staff will pair you with a partner, or you can pair yourselves with an invite code "
            "that one of you creates and the other enters."
        )
    return _("Course staff will pair you with a partner. Your workspace opens here as soon as they do.")


def said(text):
    """A member's words as the page shows them: what a retired member's erasure left
    (``[removed]``, :data:`retirement.REMOVED`) in the reader's language, all else as written."""
    return _(REMOVED) if text == REMOVED else text
