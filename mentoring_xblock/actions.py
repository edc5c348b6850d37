"""The block's JSON handlers, one function each: parse the request, call one workflow action,
and answer with the new state of what changed (plain data, and the re-rendered HTML the page
swaps in). Domain errors propagate; :func:`handlers.json_action` turns them into HTTP errors.
"""

import datetime

from . import (
    access,
    agreement,
    assessments,
    goals,
    invites,
    pairing,
    platform,
    reports,
    scoring,
    sealing,
    sessions,
    staff_access,
    staff_panel,
    tracking,
    transactions,
    views,
    workspace,
)
from .cleaner import Cleaner
from .errors import NotAllowed
from .i18n import gettext as _


def jsonable(value):
    """Dates and datetimes as ISO text, recursively; everything else unchanged."""
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def context(block):
    """The :class:`access.Context` of a handler call; nothing learners own is written in Studio."""
    if platform.is_authoring(block):
        raise NotAllowed(_("Mentoring records are kept in the course, not in Studio."))
    return access.Context(unit=platform.unit(block), actor=platform.current_actor(block), program=block.program)


def _pair_id(data, key="pair_id"):
    cleaner = Cleaner()
    value = cleaner.object_id(key, data.get(key))
    cleaner.done()
    return value


def _object_id(data, key):
    """An object id named in the request; a missing or malformed one is a 400 naming ``key``."""
    return _pair_id(data, key)


@transactions.together
def _write(ctx, pair, write):
    """``write()``, then the pair's new standing, in one transaction. Returns what ``write``
    returned and the pair's records the standing was computed from."""
    result = write()
    return result, tracking.refresh_and_read(pair, ctx.program)[1]


def _answer(block, ctx, pair, role, records=None, **changed):
    if role in ("mentor", "mentee"):
        # The records the new standing was computed from are the ones the answer shows.
        records = scoring.after_write(block, ctx, pair, role, records)
    data = workspace.view(ctx, pair, role, records)
    return {
        **jsonable(changed),
        "pair_id": pair.pk,
        "workspace": jsonable(data),
        "html": views.workspace_html(block, data),
    }


def _with_current(error, block, ctx, pair, role, pick):
    """Attach the current state to a 409 so the page can show what the partner changed."""
    data = workspace.view(ctx, pair, role)
    error.current = {**jsonable(pick(data)), "html": views.workspace_html(block, data)}
    return error


# -- reading ---------------------------------------------------------------------------------------


def pair_workspace(block, data):
    ctx = context(block)
    pair, role = access.pair_for(ctx, _pair_id(data), write=False)
    if role == "staff":
        staff_access.record(ctx, pair)  # the pair sees who of the course staff opened it, and when
    data = workspace.view(ctx, pair, role)
    return {"pair_id": pair.pk, "workspace": jsonable(data), "html": views.workspace_html(block, data)}


# -- agreement ---------------------------------------------------------------------------------------


def save_agreement(block, data):
    ctx = context(block)
    pair, role = access.pair_for(ctx, _pair_id(data), write=True)
    try:
        _saved, records = _write(ctx, pair, lambda: agreement.save(ctx, pair, role, data))
    except agreement.StaleAgreement as error:
        raise _with_current(error, block, ctx, pair, role, lambda view: {"agreement": view["agreement"]}) from None
    answer = _answer(block, ctx, pair, role, records)
    return {**answer, "agreement": answer["workspace"]["agreement"]}


def sign_agreement(block, data):
    ctx = context(block)
    pair, role = access.pair_for(ctx, _pair_id(data), write=True)
    try:
        _signed, records = _write(ctx, pair, lambda: agreement.sign(ctx, pair, role, data.get("version")))
    except agreement.StaleAgreement as error:
        raise _with_current(error, block, ctx, pair, role, lambda view: {"agreement": view["agreement"]}) from None
    answer = _answer(block, ctx, pair, role, records)
    return {**answer, "agreement": answer["workspace"]["agreement"]}


# -- goals -----------------------------------------------------------------------------------------------


def _goal_of(answer, goal_id):
    return next((goal for goal in answer["workspace"]["goals"] if goal["id"] == goal_id), None)


def add_goal(block, data):
    ctx = context(block)
    pair, role = access.pair_for(ctx, _pair_id(data), write=True)
    goal, records = _write(ctx, pair, lambda: goals.add(ctx, pair, role, data))
    answer = _answer(block, ctx, pair, role, records)
    return {**answer, "goal": _goal_of(answer, goal.pk)}


def edit_goal(block, data):
    ctx = context(block)
    pair, role = access.pair_for(ctx, _pair_id(data), write=True)
    goal_id = _object_id(data, "goal_id")
    try:
        _goal, records = _write(ctx, pair, lambda: goals.edit(ctx, pair, role, goal_id, data))
    except goals.StaleGoal as error:
        pick = lambda view: {"goal": next(g for g in view["goals"] if g["id"] == goal_id)}  # noqa: E731
        raise _with_current(error, block, ctx, pair, role, pick) from None
    answer = _answer(block, ctx, pair, role, records)
    return {**answer, "goal": _goal_of(answer, goal_id)}


def add_goal_update(block, data):
    ctx = context(block)
    pair, role = access.pair_for(ctx, _pair_id(data), write=True)
    goal_id = _object_id(data, "goal_id")
    _goal, records = _write(ctx, pair, lambda: goals.add_update(ctx, pair, role, goal_id, data))
    answer = _answer(block, ctx, pair, role, records)
    return {**answer, "goal": _goal_of(answer, goal_id)}


# -- sessions and action items ---------------------------------------------------------------------------


def log_session(block, data):
    ctx = context(block)
    pair, role = access.pair_for(ctx, _pair_id(data), write=True)
    session, records = _write(ctx, pair, lambda: sessions.log(ctx, pair, role, data))
    answer = _answer(block, ctx, pair, role, records)
    return {**answer, "session": next(s for s in answer["workspace"]["sessions"] if s["id"] == session.pk)}


def review_session(block, data):
    ctx = context(block)
    pair, role = access.pair_for(ctx, _pair_id(data), write=True)
    session_id = _object_id(data, "session_id")
    _session, records = _write(ctx, pair, lambda: sessions.review(ctx, pair, role, session_id, data))
    answer = _answer(block, ctx, pair, role, records)
    return {**answer, "session": next(s for s in answer["workspace"]["sessions"] if s["id"] == session_id)}


def mark_action(block, data):
    ctx = context(block)
    pair, role = access.pair_for(ctx, _pair_id(data), write=True)
    action_id = _object_id(data, "action_id")
    item, records = _write(ctx, pair, lambda: sessions.set_action_done(ctx, pair, role, action_id, data))
    answer = _answer(block, ctx, pair, role, records)
    view = answer["workspace"]
    return {**answer, "action": next(a for a in view["actions_open"] + view["actions_done"] if a["id"] == item.pk)}


# -- assessments ---------------------------------------------------------------------------------------


def save_assessment(block, data):
    return _assessment_action(block, data, assessments.save_draft)


def submit_assessment(block, data):
    return _assessment_action(block, data, assessments.submit)


def _assessment_action(block, data, write):
    """Save or submit the caller's assessment of a round; answers with it as ``assessment``."""
    ctx = context(block)
    pair, role = access.pair_for(ctx, _pair_id(data), write=True)
    try:
        saved, records = _write(ctx, pair, lambda: write(ctx, pair, role, data))
    except assessments.AlreadySubmitted as error:
        pick = lambda view: {"assessment": sealing.own_in(view, data.get("round"))}  # noqa: E731
        raise _with_current(error, block, ctx, pair, role, pick) from None
    answer = _answer(block, ctx, pair, role, records)
    return {**answer, "assessment": sealing.own_in(answer["workspace"], saved.round)}


# -- invite codes ---------------------------------------------------------------------------------------


def create_invite(block, data):
    ctx = context(block)
    invite = invites.create_code(ctx, data.get("role"))
    return {
        "invite": {
            "code": invites.format_code(invite.code),
            "role": invite.role,
            "expires_at": invite.expires_at.isoformat(),
        },
        "html": views.main_html(block, ctx),
    }


def redeem_invite(block, data):
    ctx = context(block)
    pair = invites.redeem_code(ctx, data.get("code"))
    return {"pair_id": pair.pk, "html": views.main_html(block, ctx, selected=pair.pk)}


# -- staff ----------------------------------------------------------------------------------------------------


def _staff_answer(block, ctx, view=None, **extra):
    """The refreshed staff panel: one page of the pairs (``view``; the first page of all pairs by
    default) as data and as HTML, its result line as ``summary``, and what the action adds."""
    overview = reports.overview(ctx, view or reports.View())
    return {
        **jsonable(extra),
        **jsonable(overview.as_data()),
        "summary": staff_panel.result_line(overview),
        "html": views.staff_html(block, ctx, overview, report=extra.get("report")),
    }


def _pair_row(pair):
    return {
        "id": pair.pk,
        "mentor": pair.mentor.username,
        "mentee": pair.mentee.username,
        "status": pair.status,
        "started_on": pair.started_on.isoformat(),
        "ended_at": pair.ended_at.isoformat() if pair.ended_at else None,
        "formed_by": pair.formed_by,
    }


def _finder(block):
    return lambda username: platform.find_user(block, username)


def staff_pairs(block, data):
    """One page of the unit's pairs: ``{"filter", "search", "page"}`` in, the rows out; the page
    announces its result line."""
    ctx = context(block)
    answer = _staff_answer(block, ctx, reports.clean_view(data))
    return {**answer, "announce": answer["summary"]}


def staff_add_pair(block, data):
    ctx = context(block)
    pair = pairing.add_pair(ctx, _finder(block), data.get("mentor"), data.get("mentee"))
    return _staff_answer(block, ctx, pair=_pair_row(pair))


def staff_import_pairs(block, data):
    ctx = context(block)
    report = pairing.import_pairs(ctx, _finder(block), data.get("csv"))
    return _staff_answer(block, ctx, report=report)


def staff_end_pair(block, data):
    ctx = context(block)
    view = reports.clean_view(data)  # the page the staff member was on, kept after the change
    pair = pairing.end_pair(ctx, data.get("pair_id"), data.get("reason"))
    return _staff_answer(block, ctx, view, pair=_pair_row(pair))


def staff_reassign(block, data):
    ctx = context(block)
    view = reports.clean_view(data)
    pair = pairing.reassign(ctx, _finder(block), data.get("pair_id"), data.get("mentor"))
    return _staff_answer(block, ctx, view, pair=_pair_row(pair))
