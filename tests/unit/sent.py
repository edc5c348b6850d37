"""A member's writes as a request makes them: what the browser sent, cleaned by the domain's own
cleaning function, then written (the order of :mod:`mentoring_xblock.web.actions`)."""

from mentoring_xblock.pairs import agreement, assessments, goals, sessions


def save_agreement(ctx, locked, data):
    return agreement.save(ctx, locked, agreement.clean(ctx, locked.pair, data))


def add_goal(ctx, locked, data):
    return goals.add(ctx, locked, goals.clean_goal(ctx, locked.pair, data))


def edit_goal(ctx, locked, goal_id, data):
    return goals.edit(ctx, locked, goal_id, goals.clean_goal(ctx, locked.pair, data, edit=True))


def add_progress(ctx, locked, goal_id, data):
    return goals.add_update(ctx, locked, goal_id, goals.clean_progress(data))


def log_session(ctx, locked, data):
    return sessions.log(ctx, locked, sessions.clean_log(ctx, locked.pair, data))


def review_session(ctx, locked, session_id, data):
    return sessions.review(ctx, locked, session_id, sessions.clean_review(data))


def mark_action(ctx, locked, action_id, data):
    return sessions.set_action_done(ctx, locked, action_id, sessions.clean_done(data))


def save_assessment(ctx, locked, data):
    return assessments.write(ctx, locked, assessments.clean(ctx.program, locked.role, data, submit=False))


def submit_assessment(ctx, locked, data):
    return assessments.write(ctx, locked, assessments.clean(ctx.program, locked.role, data, submit=True))
