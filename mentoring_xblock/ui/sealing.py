"""What each viewer may see of a pair's assessments: the sealing rules of the rounds.

What one rater wrote in a round is sealed from the other until both have submitted; until then
the other learns only whether and when it was submitted, and a draft reads as not submitted.
Course staff see submitted assessments only, and the content only of open rounds (both
submitted; the needs assessment once submitted). Writing them is :mod:`assessments`.
"""

from ..core.i18n import gettext as _
from ..models import Pair
from ..pairs import pacing
from ..pairs.assessments import (
    BASELINE,
    MENTOR,
    NEEDS_FIELDS,
    RATER_LABELS,
    RATER_OF_ROLE,
    ROUND_LABELS,
    SELF,
    SERIES_LABELS,
    SWOT,
    raters_of,
    rounds_of,
)
from . import comparison
from .presenters import said, translate


def visible(program, pair, role, records, names, today):
    """What ``role`` (``mentor``, ``mentee`` or ``staff``) may see of the pair's assessments.

    Args:
        records: every :class:`Assessment` of the pair (loaded once with the workspace).
        names: ``{"self": the mentee's name, "mentor": the mentor's name}``.
        today: the day, for the rounds guided pacing opens on a date (:mod:`pacing`).

    Returns:
        ``{"rounds": [...], "comparisons": [...], "baseline_submitted", "scale", "my_rater"}``;
        each round has its ``raters`` (status, and ``content`` only where the viewer may read it),
        ``opens_on`` (the day guided pacing opens it, while that is still to come),
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
    schedule = pacing.schedule(program, pair.started_on)
    for round_ in rounds_of(program):
        mine = found.get((round_, my_rater)) if my_rater in raters_of(round_) else None
        revealed = all(
            found.get((round_, rater)) is not None and found[(round_, rater)].submitted_at
            for rater in raters_of(round_)
        )
        # A round the pair began stays open when the calendar moves (a program edited mid-way).
        begun = any((round_, rater) in found for rater in raters_of(round_))
        opens_on = None if begun or schedule.is_open(round_, today) else schedule.opens_on(round_)
        opened = (round_ == BASELINE or baseline_submitted) and opens_on is None
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
                "opens_on": opens_on,
                "baseline_first": round_ != BASELINE and not baseline_submitted,
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


def any_revealed(program, assessments):
    """Whether a round after the baseline is submitted by both its raters: the comparison shows it."""
    submitted = {(a.round, a.rater) for a in assessments if a.submitted_at}
    return any(
        all((round_, rater) in submitted for rater in raters_of(round_))
        for round_ in rounds_of(program)
        if round_ != BASELINE
    )


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
    content = {"ratings": ratings, "comment": said(assessment.comment), "needs": [], "swot": [], "answers": []}
    if assessment.round == BASELINE:
        answers = assessment.answers or {}
        swot = answers.get("swot") or {}
        content["needs"] = [
            {"key": key, "label": _(label), "text": said(answers.get(key, ""))}
            for key, (label, *_rest) in NEEDS_FIELDS.items()
        ]
        content["swot"] = [
            {"key": key, "label": _(label), "text": said(swot[key])} for key, label in SWOT.items() if swot.get(key)
        ]
    else:
        content["answers"] = [
            {**question, "answer": said((assessment.answers or {}).get(question["id"], ""))} for question in questions
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
