"""Assessing the mentee's progress: the needs assessment at the start, then a mid-point round
(where the program has one) and a final round.

The needs assessment (round ``baseline``) is the mentee's alone: why now, the outcome hoped for,
the time available, an optional personal SWOT, and a self-rating of each learning area, which
becomes the baseline. It is stored as the baseline ``self`` assessment, its text fields in
``answers`` (``why_now``, ``outcome``, ``time_available``, ``swot``). In the later rounds the
mentee rates themself (rater ``self``) and the mentor rates the mentee (rater ``mentor``): a
rating per learning area, an answer to each progress and check-in question, and a comment.

A rater saves drafts (partial ones too) as often as they like; submitting checks that every area
is rated and every question answered, and is final. The later rounds open once the needs
assessment is submitted and, where the program is paced ``guided``, once their day has come
(:mod:`pacing`); a round a pair has already begun stays open whatever the calendar says, so
that a program edited mid-way does not take back what a pair started.

Independence: what one rater wrote in a round is sealed from the other until both have
submitted; until then the other learns only whether and when it was submitted, and a draft reads
as not submitted. Course staff see submitted assessments only, and the content only of open
rounds (both submitted; the needs assessment once submitted).
"""

from dataclasses import dataclass

from django.utils import timezone

from ..core import limits
from ..core.cleaner import Cleaner, whole_number
from ..core.errors import Conflict, InvalidInput, NotAllowed
from ..core.i18n import gettext as _
from ..core.i18n import gettext_noop
from ..core.transactions import retrying_atomic
from ..models import Assessment
from . import pacing, tallies

BASELINE, MIDPOINT, FINAL = "baseline", "midpoint", "final"
SELF, MENTOR = "self", "mentor"
RATER_OF_ROLE = {"mentee": SELF, "mentor": MENTOR}

ROUND_LABELS = {
    BASELINE: gettext_noop("Needs assessment"),
    MIDPOINT: gettext_noop("Mid-point assessment"),
    FINAL: gettext_noop("Final assessment"),
}
RATER_LABELS = {SELF: gettext_noop("Self-assessment"), MENTOR: gettext_noop("Mentor's assessment")}
SERIES_LABELS = {"baseline": gettext_noop("Baseline"), "self": gettext_noop("Self"), "mentor": gettext_noop("Mentor")}

# The needs assessment's own fields: (label, required on submit, max length, multi-line).
NEEDS_FIELDS = {
    "why_now": (gettext_noop("Why now"), True, limits.TEXT_MAX, True),
    "outcome": (gettext_noop("The outcome hoped for"), True, limits.TEXT_MAX, True),
    "time_available": (gettext_noop("Time available"), True, limits.SHORT_TEXT_MAX, False),
}
SWOT = {
    "strengths": gettext_noop("Strengths"),
    "weaknesses": gettext_noop("Weaknesses"),
    "opportunities": gettext_noop("Opportunities"),
    "threats": gettext_noop("Threats"),
}


class BaselineFirst(Conflict):
    code = "baseline_first"

    def default_message(self):
        return _("This round opens once the mentee has submitted the needs assessment.")


class AlreadySubmitted(Conflict):
    code = "already_submitted"

    def default_message(self):
        return _("This assessment has been submitted and can no longer be changed.")


def rounds_of(program):
    """The rounds of the program, in order: the needs assessment, the mid-point (if any), the final."""
    return [BASELINE, *([MIDPOINT] if program["midpoint_round"] else []), FINAL]


def raters_of(round_):
    return (SELF,) if round_ == BASELINE else (SELF, MENTOR)


# -- writing -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A member's assessment of a round as sent (:func:`clean`): to ``submit`` for good, or to
    keep as a draft. ``problems``: the wrong fields, each named; they are answered only once the
    round is known to be still open (a submitted round is a conflict whatever was sent)."""

    round: str
    rater: str
    values: dict
    submit: bool
    problems: dict


def clean(program, role, data, *, submit):
    """The :class:`Entry` a member (``role``) sent: a draft, which may leave ratings and answers
    out, or, ``submit``, a submission, where every area must be rated and every question answered
    (and, for the needs assessment, why now, the outcome and the time available given).

    Args:
        data: ``round``, ``ratings`` ({area_id: value}), ``answers`` ({question_id: text}),
            ``comment``; for the needs assessment ``why_now``, ``outcome``, ``time_available``
            and ``swot`` ({strengths, weaknesses, opportunities, threats}); optionally
            ``rater``, which must be the caller's own.

    Raises:
        InvalidInput: an unknown round (``round``) or rater.
        NotAllowed: the mentor writing the needs assessment, or anyone writing the other rater's.
    """
    round_, rater = _target(program, role, data)
    cleaner, values = _clean(program, round_, data, complete=submit)
    return Entry(round_, rater, values, submit, dict(cleaner.errors))


@retrying_atomic
def write(ctx, locked, entry):
    """Save or submit (``entry.submit``) the caller's :class:`Entry` of a round.

    Returns:
        The caller's :class:`Assessment` of that round.

    Raises:
        InvalidInput: the entry's problems (a value off the scale, text too long, a missing answer).
        BaselineFirst: a mid-point or final write before the needs assessment is submitted.
        pacing.RoundNotOpen: a write to a round that guided pacing does not open yet (and that
            the pair has not begun).
        AlreadySubmitted: the caller already submitted this round.
    """
    pair, round_, rater = locked.pair, entry.round, entry.rater
    # Every round of the pair, in one statement: the one being written, the needs assessment it
    # builds on, and the others, which the unit's tallies of ratings count with it.
    found = {(a.round, a.rater): a for a in Assessment.objects.select_for_update().filter(pair=pair)}
    baseline = found.get((BASELINE, SELF))
    if round_ != BASELINE and (baseline is None or baseline.submitted_at is None):
        raise BaselineFirst()
    begun = any(key[0] == round_ for key in found)
    schedule = pacing.schedule(ctx.program, pair.started_on)
    if not begun and not schedule.is_open(round_, ctx.today):
        raise pacing.RoundNotOpen(_(ROUND_LABELS[round_]), schedule.opens_on(round_))
    assessment = found.get((round_, rater))
    if assessment is None:
        assessment = Assessment(
            course_key=pair.course_key, usage_key=pair.usage_key, pair=pair, round=round_, rater=rater
        )
    if assessment.submitted_at is not None:
        raise AlreadySubmitted()
    if entry.problems:
        raise InvalidInput(entry.problems)
    before = tallies.ratings_part([_row(other) for other in found.values()])
    for key, value in entry.values.items():
        setattr(assessment, key, value)
    assessment.author = ctx.participant
    if entry.submit:
        assessment.submitted_at = timezone.now()
    assessment.save()
    if entry.submit:
        found[(round_, rater)] = assessment
        after = tallies.ratings_part([_row(other) for other in found.values()])
        tallies.add(pair.usage_key, tallies.difference(before, after))
    return assessment


def _row(assessment):
    return (assessment.round, assessment.rater, assessment.ratings, assessment.submitted_at)


def _target(program, role, data):
    """The round and rater a write is for, checked against the caller's role."""
    cleaner = Cleaner()
    round_ = data.get("round")
    if round_ in (None, ""):
        cleaner.fail("round", _("Choose an assessment round."))
    elif not isinstance(round_, str) or round_ not in rounds_of(program):
        cleaner.fail("round", _("This program has no such assessment round."))
    named = data.get("rater")
    if named not in (None, "") and named not in (SELF, MENTOR):
        cleaner.fail("rater", _("Choose one of the options."))
    cleaner.done()
    rater = RATER_OF_ROLE.get(role)
    if rater is None:
        raise NotAllowed(_("Only the pair's members write its assessments."))
    if round_ == BASELINE and rater != SELF:
        raise NotAllowed(_("Only the mentee fills in the needs assessment."))
    if named not in (None, "") and named != rater:
        if named == SELF:
            raise NotAllowed(_("Only the mentee writes the self-assessment."))
        raise NotAllowed(_("Only the mentor writes the mentor's assessment."))
    return round_, rater


def _mapping(cleaner, path, value, message):
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        cleaner.fail(path, message)
        return {}
    return value


def _clean(program, round_, data, *, complete):
    """The values to store, and a cleaner holding every problem found."""
    # Problems are collected in the order of the form, so that the page focuses the first one.
    cleaner = Cleaner()
    needs = _clean_needs(cleaner, data, complete) if round_ == BASELINE else None
    values = {"ratings": _clean_ratings(cleaner, program, data.get("ratings"), complete)}
    values["answers"] = needs if needs is not None else _clean_answers(cleaner, program, data.get("answers"), complete)
    values["comment"] = cleaner.text("comment", data.get("comment"), required=False, max_length=limits.LONG_TEXT_MAX)
    return cleaner, values


def _clean_ratings(cleaner, program, value, complete):
    given = _mapping(cleaner, "ratings", value, _("Expected a rating per learning area."))
    area_ids = [area["id"] for area in program["learning_areas"]]
    unknown = [key for key in given if key not in area_ids]
    if unknown:
        cleaner.fail("ratings", _('Unknown learning area: "{id}".').format(id=str(unknown[0])[:64]))
    points = {point["value"] for point in program["rating_scale"]}
    ratings = {}
    for area_id in area_ids:
        raw = given.get(area_id)
        path = f"ratings.{area_id}"
        if raw in (None, ""):
            if complete:
                cleaner.fail(path, _("Choose a rating for this area."))
            continue
        raw = whole_number(raw)
        if isinstance(raw, bool) or not isinstance(raw, int) or raw not in points:
            cleaner.fail(path, _("Choose one of the points of the scale."))
            continue
        ratings[area_id] = raw
    return ratings


def _clean_answers(cleaner, program, value, complete):
    given = _mapping(cleaner, "answers", value, _("Expected an answer per question."))
    questions = [q["id"] for q in program["progress_questions"] + program["checkin_questions"]]
    unknown = [key for key in given if key not in questions]
    if unknown:
        cleaner.fail("answers", _('Unknown question: "{id}".').format(id=str(unknown[0])[:64]))
    answers = {}
    for question_id in questions:
        path = f"answers.{question_id}"
        text = cleaner.text(path, given.get(question_id), required=False, max_length=limits.TEXT_MAX)
        if text:
            answers[question_id] = text
        elif complete and path not in cleaner.errors:
            cleaner.fail(path, _("Answer this question."))
    return answers


def _clean_needs(cleaner, data, complete):
    needs = {
        key: cleaner.text(key, data.get(key), required=complete and required, max_length=limit, multiline=multiline)
        for key, (_label, required, limit, multiline) in NEEDS_FIELDS.items()
    }
    given = _mapping(cleaner, "swot", data.get("swot"), _("Expected the four parts of the SWOT."))
    swot = {
        key: text
        for key in SWOT
        if (text := cleaner.text(f"swot.{key}", given.get(key), required=False, max_length=limits.TEXT_MAX))
    }
    return {**{key: text for key, text in needs.items() if text}, "swot": swot}
