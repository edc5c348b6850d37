"""The block's JSON handlers, one function each: parse the request, call one workflow action,
and answer with the new state of what changed (plain data, and the re-rendered HTML the page
swaps in). Domain errors propagate; :func:`handlers.json_action` turns them into HTTP errors.
"""

import datetime

from ..core import platform, transactions
from ..core.cleaner import Cleaner
from ..core.errors import NotAllowed
from ..core.i18n import gettext as _
from ..pairs import (
    access,
    agreement,
    assessments,
    goals,
    invites,
    pair_summary,
    pairing,
    scoring,
    sessions,
    staff_access,
    tracking,
)
from ..reporting import staff_overview
from ..ui import sealing, staff_panel, views, workspace


def jsonable(value):
    """Dates and datetimes as ISO text, recursively (in new dicts and lists; tuples become
    lists); everything else unchanged."""
    if isinstance(value, dict):
        return {key: item if type(item) in _PLAIN else jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [item if type(item) in _PLAIN else jsonable(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# Values that jsonable leaves as they are, known by their type without a call (most of a workspace).
_PLAIN = frozenset({str, int, float, bool, type(None)})


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


# The sections of the workspace a write re-renders, by what it writes.
AGREEMENT = ("header", "agreement")
GOALS = ("header", "goals")
GOAL_DETAILS = ("goals",)  # a goal's text, status or progress: nothing the header counts
SESSIONS = ("header", "sessions", "actions", "agenda")
ASSESSMENTS = ("header", "assessments", "comparison")


@transactions.together
def _write(ctx, pair_id, write, sections):
    """A member's write to pair ``pair_id``, in one transaction with the pair's new standing and
    the records the answer shows.

    The pair is read and locked in one statement (:func:`access.pair_for`); ``write(pair, role)``
    makes the change; then, unless only ``GOAL_DETAILS`` change, the pair's summary is read (two
    statements, unless the write read it to check its limits) and its standing stored. Returns
    what ``write`` returned, the pair, the caller's role, the records of ``sections``, their
    summary (or None), and whether the pair's progress changed.
    """
    pair, role = access.pair_for(ctx, pair_id, write=True)
    result = write(pair, role)
    summary, changed = pair_summary.taken(pair), False
    if "header" in sections:
        summary = summary or pair_summary.read(pair, ctx.today)
        changed = tracking.store_after_write(pair, ctx.program, summary)
    else:
        summary = None
        tracking.touch(pair)
    records = workspace.load(pair, workspace.records_for(sections) - {"sessions"})
    if summary is not None:
        records["sessions"] = summary.sessions
    return result, pair, role, records, summary, changed


def _member_write(block, data, write, sections, keep=lambda result: ()):
    """Run ``write(ctx, pair, role)`` for the calling member of the pair named in ``data`` and
    answer with the ``sections`` it changed, re-rendered (``sections``: {name: HTML}), and their
    data (``workspace``); ``keep(result)``: the sessions shown in any case. Returns the answer and
    what ``write`` returned."""
    ctx = context(block)
    pair_id = _pair_id(data)
    try:
        result, pair, role, records, summary, changed = _write(ctx, pair_id, lambda p, r: write(ctx, p, r), sections)
    except StaleWrite as error:
        raise _with_current(error, block, ctx, pair_id) from None
    pair.locked = False  # its lock ended with the transaction
    if changed:
        scoring.after_write(block, ctx, pair, role)
    view = workspace.view(ctx, pair, role, records, sections, summary, keep=keep(result))
    answer = {
        "pair_id": pair.pk,
        "workspace": jsonable(view),
        "sections": views.workspace_sections_html(block, view, sections),
    }
    return answer, result


class StaleWrite(Exception):
    """A write refused because the partner changed the same thing first: the 409 ``error``
    carries the current workspace, and ``pick(view)`` the part the caller was changing."""

    def __init__(self, error, pick):
        super().__init__(error)
        self.error, self.pick = error, pick


def _with_current(stale, block, ctx, pair_id):
    """Attach the current state to a 409 so the page can show what the partner changed."""
    pair, role = access.pair_for(ctx, pair_id, write=False)
    data = workspace.view(ctx, pair, role)
    stale.error.current = {**jsonable(stale.pick(data)), "html": views.workspace_html(block, data)}
    return stale.error


def _stale(errors, pick):
    """``write`` whose ``errors`` become a :class:`StaleWrite` with ``pick``."""

    def wrap(write):
        def run(ctx, pair, role):
            try:
                return write(ctx, pair, role)
            except errors as error:
                raise StaleWrite(error, pick) from None

        return run

    return wrap


# -- reading ---------------------------------------------------------------------------------------


def pair_workspace(block, data):
    """The whole workspace of a pair; ``history``: ``recent`` (the default) or ``all``, to show
    every session, done action item and goal update."""
    ctx = context(block)
    pair, role = access.pair_for(ctx, _pair_id(data), write=False)
    cleaner = Cleaner()
    history = cleaner.choice("history", data.get("history") or "recent", workspace.HISTORIES)
    cleaner.done()
    if role == "staff":
        staff_access.record(ctx, pair)  # the pair sees who of the course staff opened it, and when
    data = workspace.view(ctx, pair, role, history=history)
    return {"pair_id": pair.pk, "workspace": jsonable(data), "html": views.workspace_html(block, data)}


# -- agreement ---------------------------------------------------------------------------------------

_agreement_pick = _stale(agreement.StaleAgreement, lambda view: {"agreement": view["agreement"]})


def save_agreement(block, data):
    write = _agreement_pick(lambda ctx, pair, role: agreement.save(ctx, pair, role, data))
    answer, _saved = _member_write(block, data, write, AGREEMENT)
    return {**answer, "agreement": answer["workspace"]["agreement"]}


def sign_agreement(block, data):
    write = _agreement_pick(lambda ctx, pair, role: agreement.sign(ctx, pair, role, data.get("version")))
    answer, _signed = _member_write(block, data, write, AGREEMENT)
    return {**answer, "agreement": answer["workspace"]["agreement"]}


# -- goals -----------------------------------------------------------------------------------------------


def _goal_of(answer, goal_id):
    return next((goal for goal in answer["workspace"]["goals"] if goal["id"] == goal_id), None)


def add_goal(block, data):
    answer, goal = _member_write(block, data, lambda ctx, pair, role: goals.add(ctx, pair, role, data), GOALS)
    return {**answer, "goal": _goal_of(answer, goal.pk)}


# Object ids are read once the pair is found: a caller who is not a member learns nothing else.


def edit_goal(block, data):
    pick = lambda view: {"goal": _goal_of({"workspace": view}, _object_id(data, "goal_id"))}  # noqa: E731
    write = lambda ctx, pair, role: goals.edit(ctx, pair, role, _object_id(data, "goal_id"), data)  # noqa: E731
    answer, goal = _member_write(block, data, _stale(goals.StaleGoal, pick)(write), GOAL_DETAILS)
    return {**answer, "goal": _goal_of(answer, goal.pk)}


def add_goal_update(block, data):
    write = lambda ctx, pair, role: goals.add_update(ctx, pair, role, _object_id(data, "goal_id"), data)  # noqa: E731
    answer, goal = _member_write(block, data, write, GOAL_DETAILS)
    return {**answer, "goal": _goal_of(answer, goal.pk)}


# -- sessions and action items ---------------------------------------------------------------------------


def _session_of(answer, session_id):
    return next(s for s in answer["workspace"]["sessions"] if s["id"] == session_id)


def log_session(block, data):
    write = lambda ctx, pair, role: sessions.log(ctx, pair, role, data)  # noqa: E731
    answer, session = _member_write(block, data, write, SESSIONS, keep=lambda session: (session.pk,))
    return {**answer, "session": _session_of(answer, session.pk)}


def review_session(block, data):
    write = lambda ctx, pair, role: sessions.review(ctx, pair, role, _object_id(data, "session_id"), data)  # noqa: E731
    answer, session = _member_write(block, data, write, SESSIONS, keep=lambda session: (session.pk,))
    return {**answer, "session": _session_of(answer, session.pk)}


def mark_action(block, data):
    write = lambda ctx, pair, role: sessions.set_action_done(ctx, pair, role, _object_id(data, "action_id"), data)  # noqa: E731
    answer, item = _member_write(block, data, write, SESSIONS)
    view = answer["workspace"]
    return {**answer, "action": next(a for a in view["actions_open"] + view["actions_done"] if a["id"] == item.pk)}


# -- assessments ---------------------------------------------------------------------------------------


def save_assessment(block, data):
    return _assessment_action(block, data, assessments.save_draft)


def submit_assessment(block, data):
    return _assessment_action(block, data, assessments.submit)


def _assessment_action(block, data, write):
    """Save or submit the caller's assessment of a round; answers with it as ``assessment``."""
    pick = lambda view: {"assessment": sealing.own_in(view, data.get("round"))}  # noqa: E731
    guarded = _stale(assessments.AlreadySubmitted, pick)(lambda ctx, pair, role: write(ctx, pair, role, data))
    answer, saved = _member_write(block, data, guarded, ASSESSMENTS)
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
    default) as data and as HTML, its result line as ``summary``, and what the action adds.
    The pairs' stored standing follows the program first (a changed program is counted again)."""
    views.remember_unit(ctx.unit, ctx.program)
    overview = staff_overview.overview(ctx, view or staff_overview.View())
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
    answer = _staff_answer(block, ctx, staff_overview.clean_view(data))
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
    view = staff_overview.clean_view(data)  # the page the staff member was on, kept after the change
    pair = pairing.end_pair(ctx, data.get("pair_id"), data.get("reason"))
    return _staff_answer(block, ctx, view, pair=_pair_row(pair))


def staff_reassign(block, data):
    ctx = context(block)
    view = staff_overview.clean_view(data)
    pair = pairing.reassign(ctx, _finder(block), data.get("pair_id"), data.get("mentor"))
    return _staff_answer(block, ctx, view, pair=_pair_row(pair))
