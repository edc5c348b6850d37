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
assessment is submitted.

Independence: what one rater wrote in a round is sealed from the other until both have
submitted; until then the other learns only whether and when it was submitted, and a draft reads
as not submitted. Course staff see submitted assessments only, and the content only of open
rounds (both submitted; the needs assessment once submitted).
"""

from django.utils import timezone

from . import comparison, limits
from .access import lock_pair
from .cleaner import Cleaner, whole_number
from .errors import Conflict, NotAllowed
from .i18n import gettext as _
from .i18n import gettext_noop
from .models import Assessment, Pair
from .presenters import translate
from .transactions import retrying_atomic

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
ANSWER_MAX = limits.TEXT_MAX
COMMENT_MAX = limits.LONG_TEXT_MAX


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


def save_draft(ctx, pair, role, data):
    """Save the caller's draft of a round; a draft may leave ratings and answers out.

    Args:
        data: ``round``, ``ratings`` ({area_id: value}), ``answers`` ({question_id: text}),
            ``comment``; for the needs assessment ``why_now``, ``outcome``, ``time_available``
            and ``swot`` ({strengths, weaknesses, opportunities, threats}); optionally
            ``rater``, which must be the caller's own.

    Returns:
        The caller's :class:`Assessment` of that round.

    Raises:
        InvalidInput: an unknown round (``round``), a value off the scale, text too long.
        NotAllowed: the mentor writing the needs assessment, or anyone writing the other rater's.
        BaselineFirst: a mid-point or final write before the needs assessment is submitted.
        AlreadySubmitted: the caller already submitted this round.
    """
    return _write(ctx, pair, role, data, submit=False)


def submit(ctx, pair, role, data):
    """Submit the caller's assessment of a round, for good: like :func:`save_draft`, but every
    area must be rated and every question answered (and, for the needs assessment, why now,
    the outcome and the time available given), each missing one named by its field."""
    return _write(ctx, pair, role, data, submit=True)


def _write(ctx, pair, role, data, *, submit):
    round_, rater = _target(ctx.program, role, data)
    cleaner, values = _clean(ctx.program, round_, data, complete=submit)
    return _store(ctx, pair, round_, rater, cleaner, values, submit=submit)


@retrying_atomic
def _store(ctx, pair, round_, rater, cleaner, values, *, submit):
    lock_pair(pair)
    if round_ != BASELINE and not _baseline_submitted(pair):
        raise BaselineFirst()
    assessment = Assessment.objects.select_for_update().filter(pair=pair, round=round_, rater=rater).first()
    if assessment is None:
        assessment = Assessment(
            course_key=pair.course_key, usage_key=pair.usage_key, pair=pair, round=round_, rater=rater
        )
    if assessment.submitted_at is not None:
        raise AlreadySubmitted()
    cleaner.done()
    for key, value in values.items():
        setattr(assessment, key, value)
    assessment.author = ctx.participant
    if submit:
        assessment.submitted_at = timezone.now()
    assessment.save()
    return assessment


def _baseline_submitted(pair):
    return Assessment.objects.filter(pair=pair, round=BASELINE, rater=SELF, submitted_at__isnull=False).exists()


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
    values["comment"] = cleaner.text("comment", data.get("comment"), required=False, max_length=COMMENT_MAX)
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
        text = cleaner.text(path, given.get(question_id), required=False, max_length=ANSWER_MAX)
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
        if (text := cleaner.text(f"swot.{key}", given.get(key), required=False, max_length=ANSWER_MAX))
    }
    return {**{key: text for key, text in needs.items() if text}, "swot": swot}


# -- reading -------------------------------------------------------------------------------------------


def visible(program, pair, role, records, names):
    """What ``role`` (``mentor``, ``mentee`` or ``staff``) may see of the pair's assessments.

    Args:
        records: every :class:`Assessment` of the pair (loaded once with the workspace).
        names: ``{"self": the mentee's name, "mentor": the mentor's name}``.

    Returns:
        ``{"rounds": [...], "comparisons": [...], "baseline_submitted", "scale", "my_rater"}``;
        each round has its ``raters`` (status, and ``content`` only where the viewer may read it),
        the viewer's ``own`` assessment (members) and, while they may still write it, a ``form``.
        Nothing of another rater's draft, nor of a round not yet open, is in it.
    """
    areas = [
        {"id": a["id"], "title": translate(a["title"]), "description": translate(a.get("description", ""))}
        for a in program["learning_areas"]
    ]
    scale = [{"value": point["value"], "label": translate(point["label"])} for point in program["rating_scale"]]
    questions = [
        {"id": q["id"], "text": translate(q["text"]), "kind": kind}
        for kind, key in (("progress", "progress_questions"), ("checkin", "checkin_questions"))
        for q in program[key]
    ]
    found = {(a.round, a.rater): a for a in records}
    my_rater = RATER_OF_ROLE.get(role)
    baseline = found.get((BASELINE, SELF))
    baseline_submitted = bool(baseline and baseline.submitted_at)
    writable = my_rater is not None and pair.status == Pair.ACTIVE
    rounds, comparisons = [], []
    for round_ in rounds_of(program):
        mine = found.get((round_, my_rater)) if my_rater in raters_of(round_) else None
        revealed = all(
            found.get((round_, rater)) is not None and found[(round_, rater)].submitted_at
            for rater in raters_of(round_)
        )
        opened = round_ == BASELINE or baseline_submitted
        entries = [
            _rater_entry(
                round_, found.get((round_, rater)), rater, rater == my_rater, revealed, names, areas, scale, questions
            )
            for rater in raters_of(round_)
        ]
        can_write = writable and my_rater in raters_of(round_) and opened and not (mine and mine.submitted_at)
        rounds.append(
            {
                "round": round_,
                "label": _(ROUND_LABELS[round_]),
                "open": opened,
                "revealed": revealed,
                "raters": entries,
                "mine": my_rater in raters_of(round_),
                "own": _own(mine, round_, my_rater) if my_rater in raters_of(round_) else None,
                "can_write": can_write,
                "form": _form(mine, round_, areas, scale, questions) if can_write else None,
            }
        )
        if round_ != BASELINE and revealed:
            baseline_ratings = baseline.ratings if baseline_submitted else {}
            comparisons.append(
                _comparison(round_, areas, scale, baseline_ratings, found[(round_, SELF)], found[(round_, MENTOR)])
            )
    return {
        "rounds": rounds,
        "comparisons": comparisons,
        "baseline_submitted": baseline_submitted,
        "scale": scale,
        "my_rater": my_rater,
    }


def own_in(view, round_):
    """The caller's own assessment of ``round_`` in a workspace view (plain data), or None."""
    rounds = view.get("assessments", {}).get("rounds", [])
    return next((entry["own"] for entry in rounds if entry["round"] == round_), None)


def _rater_entry(round_, assessment, rater, mine, revealed, names, areas, scale, questions):
    submitted_at = assessment.submitted_at if assessment else None
    readable = assessment is not None and (mine or revealed)
    return {
        "rater": rater,
        "label": _(ROUND_LABELS[BASELINE] if round_ == BASELINE else RATER_LABELS[rater]),
        "name": names[rater],
        "mine": mine,
        # A draft is the rater's own business: others see it as not submitted.
        "submitted_at": submitted_at,
        "draft_saved_at": assessment.updated_at if mine and assessment and not submitted_at else None,
        "content": _content(assessment, areas, scale, questions) if readable else None,
    }


def _content(assessment, areas, scale, questions):
    labels = {point["value"]: point["label"] for point in scale}
    ratings = [
        {
            "area_id": area["id"],
            "title": area["title"],
            "value": assessment.ratings.get(area["id"]),
            "label": labels.get(assessment.ratings.get(area["id"]), ""),
        }
        for area in areas
    ]
    content = {"ratings": ratings, "comment": assessment.comment, "needs": [], "swot": [], "answers": []}
    if assessment.round == BASELINE:
        answers = assessment.answers or {}
        swot = answers.get("swot") or {}
        content["needs"] = [
            {"key": key, "label": _(label), "text": answers.get(key, "")}
            for key, (label, *_rest) in NEEDS_FIELDS.items()
        ]
        content["swot"] = [
            {"key": key, "label": _(label), "text": swot[key]} for key, label in SWOT.items() if swot.get(key)
        ]
    else:
        content["answers"] = [
            {**question, "answer": (assessment.answers or {}).get(question["id"], "")} for question in questions
        ]
    return content


def _own(assessment, round_, rater):
    """The caller's own assessment as the handlers return it (None before their first save)."""
    if assessment is None:
        return None
    data = {
        "round": round_,
        "rater": rater,
        "ratings": dict(assessment.ratings),
        "comment": assessment.comment,
        "submitted_at": assessment.submitted_at,
        "updated_at": assessment.updated_at,
    }
    answers = dict(assessment.answers or {})
    if round_ == BASELINE:
        data.update({key: answers.get(key, "") for key in NEEDS_FIELDS})
        data["swot"] = {key: (answers.get("swot") or {}).get(key, "") for key in SWOT}
    else:
        data["answers"] = answers
    return data


def _form(assessment, round_, areas, scale, questions):
    """The values the caller's form starts from: their draft, or blanks."""
    ratings = assessment.ratings if assessment else {}
    answers = (assessment.answers if assessment else None) or {}
    form = {
        "areas": [
            {
                **area,
                "points": [{**point, "checked": ratings.get(area["id"]) == point["value"]} for point in scale],
            }
            for area in areas
        ],
        "comment": assessment.comment if assessment else "",
    }
    if round_ == BASELINE:
        swot = answers.get("swot") or {}
        form["needs"] = {key: answers.get(key, "") for key in NEEDS_FIELDS}
        form["swot"] = [{"key": key, "label": _(label), "text": swot.get(key, "")} for key, label in SWOT.items()]
        form["questions"] = []
    else:
        form["questions"] = [{**question, "answer": answers.get(question["id"], "")} for question in questions]
    return form


def _comparison(round_, areas, scale, baseline_ratings, by_self, by_mentor):
    rows = comparison.rows(areas, baseline_ratings, by_self.ratings, by_mentor.ratings, scale)
    series = {name: _(label) for name, label in SERIES_LABELS.items()}
    return {
        "round": round_,
        "label": _(ROUND_LABELS[round_]),
        "rows": rows,
        "chart": comparison.chart(rows, scale, series),
        "series": series,
        "scale_low": scale[0] if scale else None,
        "scale_high": scale[-1] if scale else None,
    }
