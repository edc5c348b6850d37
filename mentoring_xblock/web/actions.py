"""The block's JSON handlers, one function each: parse the request, call one workflow action,
and answer with the new state of what changed (plain data, and the re-rendered HTML the page
swaps in). Domain errors propagate; :func:`handlers.json_action` turns them into HTTP errors.
"""

import datetime
import functools
from dataclasses import dataclass

from django.utils import timezone

from ..core import platform, transactions
from ..core.cleaner import Cleaner
from ..core.errors import InvalidInput, NotAllowed, NotFound
from ..core.i18n import gettext as _
from ..pairs import (
    access,
    agreement,
    assessments,
    goals,
    invites,
    nudges,
    pair_csv,
    pair_summary,
    pairing,
    participants,
    scheduling,
    scoring,
    sessions,
    staff_access,
    tracking,
)
from ..pairs.records import load as read_records
from ..reporting import staff_overview
from ..ui import invite_mail, sealing, staff_panel, views, workspace


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
SCHEDULE = ("schedule",)  # the next planned session: nothing the header counts


@dataclass
class Written:
    """What a member's write did, as :func:`_write` returns it."""

    result: object  # what the domain's write returned
    loaded: workspace.Loaded  # the pair after it: the records of the sections it changed, and its
    # summary (None when only goal details changed)
    changed: bool  # whether the pair's progress changed


@transactions.together
def _write(ctx, pair_id, write, data, sections):
    """A member's write to pair ``pair_id``, in one transaction with the pair's new standing and
    the records the answer shows.

    The pair is read and locked in one statement (:func:`access.locked_pair`); ``write(ctx,
    locked, data)`` makes the change; then, unless only ``GOAL_DETAILS`` change, the pair's
    summary is read (two statements, unless the write read it to check its limits) and its
    standing stored. Returns a :class:`Written`.
    """
    locked = access.locked_pair(ctx, pair_id)
    pair, role = locked.pair, locked.role
    result = write(ctx, locked, data)
    summary, changed = locked.summary, False
    if "header" in sections:
        summary = summary or pair_summary.read(pair, ctx.today)
        changed = tracking.store_after_write(pair, ctx.program, summary)
    else:
        summary = None
        tracking.touch(pair)
    records = read_records(pair, workspace.records_for(sections) - {"sessions"})
    if summary is not None:
        records["sessions"] = summary.sessions
    return Written(result, workspace.Loaded(pair, role, records, summary), changed)


def _no_session(result):
    return ()


def _its_session(session):
    """The session a write logged or reviewed: shown however old it is."""
    return (session.pk,)


def _member_write(block, data, write, sections, keep=_no_session):
    """Run ``write(ctx, locked, data)`` for the calling member of the pair named in ``data``
    and answer with the ``sections`` it changed, re-rendered (``sections``: {name: HTML}), and
    their data (``workspace``); ``keep(result)``: the sessions shown in any case. Returns the
    answer and what ``write`` returned."""
    ctx = context(block)
    pair_id = _pair_id(data)
    try:
        written = _write(ctx, pair_id, write, data, sections)
    except StaleWrite as error:
        raise _with_current(error, block, ctx, pair_id, data) from None
    pair = written.loaded.pair
    if written.changed:
        scoring.after_write(block, ctx, pair, written.loaded.role)
    view = workspace.present(ctx, written.loaded, workspace.Scope(sections, keep=keep(written.result)))
    answer = {
        "pair_id": pair.pk,
        "workspace": jsonable(view),
        "sections": views.workspace_sections_html(block, view, sections),
    }
    return answer, written.result


class StaleWrite(Exception):
    """A write refused because the partner changed the same thing first: the 409 ``error``
    carries the current workspace, and ``pick(view, data)`` the part the caller was changing."""

    def __init__(self, error, pick):
        super().__init__(error)
        self.error, self.pick = error, pick


def _with_current(stale, block, ctx, pair_id, data):
    """Attach the current state to a 409 so the page can show what the partner changed."""
    pair, role = access.pair_for(ctx, pair_id, write=False)
    view = workspace.view(ctx, pair, role)
    stale.error.current = {**jsonable(stale.pick(view, data)), "html": views.workspace_html(block, view)}
    return stale.error


def _stale(errors, pick):
    """``write`` whose ``errors`` become a :class:`StaleWrite` with ``pick``."""

    def wrap(write):
        @functools.wraps(write)
        def run(ctx, locked, data):
            try:
                return write(ctx, locked, data)
            except errors as error:
                raise StaleWrite(error, pick) from None

        return run

    return wrap


# -- reading ---------------------------------------------------------------------------------------


def pair_workspace(block, data):
    """The whole workspace of a pair; ``history``: ``recent`` (the default) or ``all``, to show
    every session, done action item and goal update; ``sections``: only these sections (a
    closed section opened, a history shown in full), answered as ``sections`` ({name: HTML})."""
    ctx = context(block)
    pair, role = access.pair_for(ctx, _pair_id(data), write=False)
    cleaner = Cleaner()
    history = cleaner.choice("history", data.get("history") or "recent", workspace.HISTORIES)
    parts = tuple(cleaner.subset("sections", data.get("sections"), workspace.FOLDABLE))
    cleaner.done()
    if role == "staff" and not parts:
        staff_access.record(ctx, pair)  # the pair sees who of the course staff opened it, and when
    if parts:
        view = workspace.view(ctx, pair, role, history=history, sections=parts)
        sections = views.workspace_sections_html(block, view, parts)
        return {"pair_id": pair.pk, "workspace": jsonable(view), "sections": sections}
    data = workspace.view(ctx, pair, role, history=history)
    return {"pair_id": pair.pk, "workspace": jsonable(data), "html": views.workspace_html(block, data)}


# -- agreement ---------------------------------------------------------------------------------------


def _agreement_part(view, data):
    return {"agreement": view["agreement"]}


@_stale(agreement.StaleAgreement, _agreement_part)
def _save_agreement(ctx, locked, data):
    return agreement.save(ctx, locked, agreement.clean(ctx, locked.pair, data))


@_stale(agreement.StaleAgreement, _agreement_part)
def _sign_agreement(ctx, locked, data):
    return agreement.sign(ctx, locked, agreement.clean_version(data))


def save_agreement(block, data):
    answer, _saved = _member_write(block, data, _save_agreement, AGREEMENT)
    return {**answer, "agreement": answer["workspace"]["agreement"]}


def sign_agreement(block, data):
    answer, _signed = _member_write(block, data, _sign_agreement, AGREEMENT)
    return {**answer, "agreement": answer["workspace"]["agreement"]}


# -- goals -----------------------------------------------------------------------------------------------


def _goal_in(view, goal_id):
    return next((goal for goal in view["goals"] if goal["id"] == goal_id), None)


# Object ids are read once the pair is found: a caller who is not a member learns nothing else.


def _goal_part(view, data):
    return {"goal": _goal_in(view, _object_id(data, "goal_id"))}


def _add_goal(ctx, locked, data):
    return goals.add(ctx, locked, goals.clean_goal(ctx, locked.pair, data))


@_stale(goals.StaleGoal, _goal_part)
def _edit_goal(ctx, locked, data):
    goal_id = _object_id(data, "goal_id")
    return goals.edit(ctx, locked, goal_id, goals.clean_goal(ctx, locked.pair, data, edit=True))


def _add_goal_update(ctx, locked, data):
    return goals.add_update(ctx, locked, _object_id(data, "goal_id"), goals.clean_progress(data))


def add_goal(block, data):
    answer, goal = _member_write(block, data, _add_goal, GOALS)
    return {**answer, "goal": _goal_in(answer["workspace"], goal.pk)}


def edit_goal(block, data):
    answer, goal = _member_write(block, data, _edit_goal, GOAL_DETAILS)
    return {**answer, "goal": _goal_in(answer["workspace"], goal.pk)}


def add_goal_update(block, data):
    answer, goal = _member_write(block, data, _add_goal_update, GOAL_DETAILS)
    return {**answer, "goal": _goal_in(answer["workspace"], goal.pk)}


# -- sessions and action items ---------------------------------------------------------------------------


def _session_of(answer, session_id):
    """The session ``session_id`` as the answer shows it.

    Raises:
        NotFound: the answer does not show it (a write always shows the session it changed).
    """
    session = next((s for s in answer["workspace"]["sessions"] if s["id"] == session_id), None)
    if session is None:
        raise NotFound()
    return session


def _log_session(ctx, locked, data):
    entry = sessions.clean_log(ctx, locked.pair, data)
    planned_id = _planned_id(data, required=False)
    session = sessions.log(ctx, locked, entry)
    if planned_id is not None:  # a planned session held: logged through the same flow, then linked
        scheduling.mark_logged(locked.pair, planned_id, session)
    return session


def _review_session(ctx, locked, data):
    return sessions.review(ctx, locked, _object_id(data, "session_id"), sessions.clean_review(data))


def _mark_action(ctx, locked, data):
    return sessions.set_action_done(ctx, locked, _object_id(data, "action_id"), sessions.clean_done(data))


def log_session(block, data):
    # Logging a planned session also changes what the schedule shows.
    sections = SESSIONS + SCHEDULE if data.get("planned_id") not in (None, "") else SESSIONS
    answer, session = _member_write(block, data, _log_session, sections, keep=_its_session)
    return {**answer, "session": _session_of(answer, session.pk)}


def review_session(block, data):
    answer, session = _member_write(block, data, _review_session, SESSIONS, keep=_its_session)
    return {**answer, "session": _session_of(answer, session.pk)}


def mark_action(block, data):
    answer, item = _member_write(block, data, _mark_action, SESSIONS)
    view = answer["workspace"]
    # The item just marked is shown in the recent history; None rather than an error if it is not.
    shown = view["actions_open"] + view["actions_done"]
    return {**answer, "action": next((a for a in shown if a["id"] == item.pk), None)}


# -- planned sessions -------------------------------------------------------------------------------------


def pair_id_of(data):
    """The ``pair_id`` a request names; a missing or malformed one is a 400 naming it."""
    return _pair_id(data)


def planned_id_of(data):
    """The ``planned_id`` a request names; a missing or malformed one is a 400 naming it."""
    return _planned_id(data)


def _planned_id(data, required=True):
    """The ``planned_id`` a request names (None when it is optional and not sent)."""
    if not required and data.get("planned_id") in (None, ""):
        return None
    return _object_id(data, "planned_id")


def _plan(ctx, locked, data):
    return scheduling.plan(ctx, locked, scheduling.clean_plan(ctx, data, _zone(), repeat=True))


def _reschedule(ctx, locked, data):
    planned_id = _planned_id(data)
    plan, reason = _plan_and_reason(ctx, data)
    return scheduling.reschedule(ctx, locked, planned_id, plan, reason)


def _plan_and_reason(ctx, data):
    """The new plan and the reason, every wrong field of both named in one answer."""
    problems = {}
    plan = reason = None
    try:
        plan = scheduling.clean_plan(ctx, data, _zone())
    except InvalidInput as error:
        problems.update(error.fields)
    try:
        reason = scheduling.clean_reason(data)
    except InvalidInput as error:
        problems.update(error.fields)
    if problems:
        raise InvalidInput(problems)
    return plan, reason


def _cancel(ctx, locked, data):
    planned_id = _planned_id(data)
    return scheduling.cancel(ctx, locked, planned_id, scheduling.clean_reason(data))


def _zone():
    """The planner's zone: every handler runs in the reader's (``platform.reader_time``)."""
    return timezone.get_current_timezone()


def _planned_answer(answer, planned, sessions=1):
    return {
        **answer,
        "planned": {
            "id": planned.pk,
            "sessions": sessions,  # how many the request planned (a repeating plan: several)
            "status": planned.status,
            "sequence": planned.sequence,
            "starts_at": planned.starts_at.astimezone(datetime.UTC).isoformat(),
            "minutes": planned.minutes,
            "agenda_items": len(planned.agenda_items),
        },
    }


def _emailed(block, write, kind):
    """``write``, whose planned sessions both members are emailed about once it commits
    (:mod:`invite_mail`: nothing is sent for a write refused or rolled back)."""

    def emailing(ctx, locked, data):
        planned = write(ctx, locked, data)
        invite_mail.after_commit(block, ctx, locked.pair, planned, kind)
        return planned

    return emailing


def plan_session(block, data):
    answer, planned = _member_write(block, data, _emailed(block, _plan, invite_mail.PLANNED), SCHEDULE)
    return _planned_answer(answer, planned[0], sessions=len(planned))


def reschedule_session(block, data):
    answer, planned = _member_write(block, data, _emailed(block, _reschedule, invite_mail.RESCHEDULED), SCHEDULE)
    return _planned_answer(answer, planned)


def cancel_session(block, data):
    answer, planned = _member_write(block, data, _emailed(block, _cancel, invite_mail.CANCELLED), SCHEDULE)
    return _planned_answer(answer, planned)


# -- assessments ---------------------------------------------------------------------------------------


def _assessment_part(view, data):
    return {"assessment": sealing.own_in(view, data.get("round"))}


@_stale(assessments.AlreadySubmitted, _assessment_part)
def _save_assessment(ctx, locked, data):
    return assessments.write(ctx, locked, assessments.clean(ctx.program, locked.role, data, submit=False))


@_stale(assessments.AlreadySubmitted, _assessment_part)
def _submit_assessment(ctx, locked, data):
    return assessments.write(ctx, locked, assessments.clean(ctx.program, locked.role, data, submit=True))


def save_assessment(block, data):
    return _assessment_action(block, data, _save_assessment)


def submit_assessment(block, data):
    return _assessment_action(block, data, _submit_assessment)


def _assessment_action(block, data, write):
    """Save or submit the caller's assessment of a round; answers with it as ``assessment``."""
    answer, saved = _member_write(block, data, write, ASSESSMENTS)
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


# -- reminders ------------------------------------------------------------------------------------------------


def set_reminders(block, data):
    """The caller's reminders from this unit on (``on``: true) or off: their own, and no one
    else's (the caller is who the runtime says; no id is read from the request)."""
    ctx = context(block)
    cleaner = Cleaner()
    on = cleaner.boolean("on", data.get("on"))
    cleaner.done()
    participant, _created = participants.participant_for(ctx.unit, ctx.actor)
    nudges.set_reminders(participant, on)
    announce = _("Email reminders are on.") if on else _("Email reminders are stopped.")
    return {"reminders": {"on": on}, "html": views.reminders_html(block, participant), "announce": announce}


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
        "html": views.staff_html(block, ctx, overview, report=extra.get("report"), preview=extra.get("preview")),
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
    """The runtime's lookup of a user by username, for the pairing functions."""
    return functools.partial(platform.find_user, block)


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
    """Pair from a CSV file: its text (``csv``) or its bytes (``csv_base64``, as the page sends a file)."""
    ctx = context(block)
    text = pair_csv.text_of(data.get("csv"), data.get("csv_base64"))
    report = pairing.import_pairs(ctx, _finder(block), text)
    return _staff_answer(block, ctx, report=report)


def staff_preview_pairs(block, data):
    """What importing a CSV file would do, nothing written; the answer's panel shows the rows and
    offers to pair them, sending the same text to :func:`staff_import_pairs`."""
    ctx = context(block)
    text = pair_csv.text_of(data.get("csv"), data.get("csv_base64"))
    preview = pairing.preview_pairs(ctx, _finder(block), text)
    return _staff_answer(block, ctx, preview={"rows": preview.rows, "separator": preview.separator, "csv": text})


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
