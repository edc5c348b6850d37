"""The block's file handlers: parse the query string, call one action, answer a streamed file.

Domain errors propagate; :func:`handlers.file_action` turns them into JSON HTTP errors.
"""

from webob import Response

from ..pairs import access, scheduling
from ..reporting import exports, outcomes, staff_overview
from ..ui import views
from . import actions, handlers


def staff_export(block, request):
    """The staff list as CSV: every pair that ``?filter=`` and ``?search=`` select (all pages),
    streamed in chunks. Course staff only: the access table's gate is checked before this runs
    (and :func:`exports.staff_csv` checks again before anything is read)."""
    ctx = actions.context(block)
    view = staff_overview.clean_view(handlers.query(request))
    views.remember_unit(ctx.unit, ctx.program)  # the figures follow the program (a changed one is counted again)
    return _csv(exports.staff_csv(ctx, view), exports.filename(view, ctx.today))


def staff_outcomes(block, request):
    """The outcomes CSV for research (:mod:`outcomes`): each pair's ratings of each learning area,
    round by round, under pseudonymous ids. Course staff only, like :func:`staff_export`."""
    ctx = actions.context(block)
    return _csv(outcomes.outcomes_csv(ctx), outcomes.filename(ctx.today))


def session_invite(block, request):
    """A planned session's calendar invite (``?pair_id=…&planned_id=…``), as an ``.ics`` file for
    one of the pair's members (course staff may read it too, as they read the pair)."""
    params = handlers.query(request)
    ctx = actions.context(block)
    pair, role = access.pair_for(ctx, actions.pair_id_of(params), write=False)
    planned = scheduling.planned_of(pair, actions.planned_id_of(params))
    text = views.invite_text(block, ctx, pair, role, planned)
    response = Response(
        body=scheduling.invite(planned, text=text),
        content_type="text/calendar",
        charset="utf-8",
        content_disposition='attachment; filename="mentoring-session.ics"',
    )
    response.cache_control = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _csv(chunks, name):
    """A streamed CSV download of ``chunks`` (UTF-8 bytes) named ``name``."""
    response = Response(
        app_iter=chunks,
        content_type="text/csv",
        charset="utf-8",
        content_disposition=f'attachment; filename="{name}"',
    )
    # Learners' names and progress: never kept by a shared cache.
    response.cache_control = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
