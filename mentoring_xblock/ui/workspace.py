"""What a pair's workspace shows, from its records (:mod:`pairs.records`), as plain data for templates.

The same view serves both members (``role`` is ``mentor`` or ``mentee``) and course staff
(``role`` is ``staff``, read-only).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone, translation

from ..core import i18n, limits
from ..core.i18n import gettext as _
from ..core.i18n import gettext_noop
from ..models import Goal, Pair, PlannedSession, Session
from ..pairs import agreement as agreements
from ..pairs import pacing, pair_summary, privacy, progress, scheduling, staff_access
from ..pairs.assessments import ROUND_LABELS, rounds_of
from ..pairs.participants import name
from ..pairs.records import WORKSPACE as WORKSPACE_RECORDS
from ..pairs.records import load as read_records
from ..program import config
from . import notices, sealing
from .presenters import day, moment, said, translate


def role_label(role):
    return _("Mentor") if role == "mentor" else _("Mentee")


SECTIONS = ("header", "schedule", "agreement", "goals", "assessments", "comparison", "sessions", "actions", "agenda",
            "privacy")  # fmt: skip
# The sections a reader may close (the header, with the next step, and the sessions planned
# ahead always show).
FOLDABLE = SECTIONS[2:]
# The records each section of the page shows (beside the pair's summary, which every view has).
SECTION_RECORDS = {
    "header": (),
    "schedule": ("planned",),
    "agreement": ("agreement",),
    "goals": ("goals", "goal_updates"),
    "assessments": ("assessments",),
    "comparison": ("assessments",),
    "sessions": ("sessions", "actions"),
    "actions": ("actions",),
    "agenda": (),
    "privacy": ("staff_accesses",),
}


def records_for(sections):
    """The records (of :data:`RECORDS`) that ``sections`` show."""
    return {name for section in sections for name in SECTION_RECORDS[section]}


# A long history shows its most recent part first; "show all" (``history="all"``) brings the rest.
SESSIONS_SHOWN = 10  # and every older session still waiting for the viewer to confirm it
DONE_SHOWN = 5  # action items done, the most recently done first
UPDATES_SHOWN = 5  # of each goal's progress history
HISTORIES = ("recent", "all")


@dataclass(frozen=True)
class Loaded:
    """What a workspace is shown from: the pair, the viewer's ``role`` in it (``mentor``,
    ``mentee`` or ``staff``), its ``records`` (:func:`records.load`, at least those the shown
    sections need) and its ``summary`` (a :class:`pair_summary.Summary`, or None: then the header's
    figures and the next step are left out)."""

    pair: object
    role: str
    records: dict
    summary: object


@dataclass(frozen=True)
class Scope:
    """What of a workspace to show: its ``sections``; ``history``: ``recent`` shows the latest of
    the sessions, done action items and goal updates (the counts say how many there are in all),
    ``all`` everything; ``keep``: ids of sessions shown in any case (one just reviewed);
    ``folded``: sections shown closed, by their heading only (the page reads them when opened)."""

    sections: tuple = SECTIONS
    history: str = "recent"
    keep: tuple = ()
    folded: tuple = ()

    @property
    def everything(self):
        return self.history == "all"


def read(pair, role, today):
    """All of ``pair``'s workspace as ``role`` sees it, read in a fixed number of queries
    (:func:`records.load`)."""
    records = read_records(pair, WORKSPACE_RECORDS)
    return Loaded(pair, role, records, pair_summary.from_records(records, today))


def view(ctx, pair, role, history="recent", sections=SECTIONS):
    """The workspace of ``pair`` as ``role`` sees it (:func:`read`, then :func:`present`)."""
    return present(ctx, read(pair, role, ctx.today), Scope(sections, history=history))


def first_view(ctx, pair, role):
    """A member's page as it first shows: the sections :func:`folded` closed, and not read.

    Who of the course staff opened the pairing (the privacy section's records) is read only when
    that section shows open: a member's page shows it closed, which pays for the sessions planned
    ahead that the page shows at its top."""
    records = read_records(pair, set(WORKSPACE_RECORDS) - set(SECTION_RECORDS["privacy"]))
    loaded = Loaded(pair, role, records, pair_summary.from_records(records, ctx.today))
    folds = folded(ctx, loaded)
    if "privacy" not in folds:
        records.update(read_records(pair, SECTION_RECORDS["privacy"]))
    return present(ctx, loaded, Scope(folded=folds))


def folded(ctx, loaded):
    """The sections a pair's page first shows closed: every one but those that ask something of
    this member now (an agreement to write or sign, goals still to set, the needs assessment
    still to submit). Course staff, and an ended pairing, see every section open. The top of the
    page offers the likely actions (:func:`quick_actions`) whatever is closed."""
    summary, role = loaded.summary, loaded.role
    if role not in ("mentor", "mentee") or summary is None or loaded.pair.status != Pair.ACTIVE:
        return ()
    shown = set()
    if not summary.agreement_version or role not in summary.signed:
        shown.add("agreement")
    if summary.goals < ctx.program["completion"]["min_goals"] or not summary.goals:
        shown.add("goals")
    if not summary.assessed:
        shown.add("assessments")
    return tuple(section for section in FOLDABLE if section not in shown)


class _Titles:
    """The program's agenda items, learning areas and session formats in the reader's language."""

    def __init__(self, program):
        self.agenda = {item["id"]: translate(item["title"]) for item in program["agenda"]}
        self.areas = {area["id"]: translate(area["title"]) for area in program["learning_areas"]}
        self.formats = {key: _(label) for key, label in config.SESSION_FORMATS.items()}


def present(ctx, loaded, scope=Scope()):
    """The workspace of a :class:`Loaded` pair as plain data for the templates: the parts of
    ``scope.sections`` and, with its summary, the header's figures and the next step."""
    pair, role, records, summary = loaded.pair, loaded.role, loaded.records, loaded.summary
    program, titles = ctx.program, _Titles(ctx.program)
    # A folded section shows its heading only: nothing of it is presented.
    folds = scope.folded
    sections = tuple(section for section in scope.sections if section not in folds)
    scope = Scope(sections, scope.history, scope.keep)
    my_role = role if role in ("mentor", "mentee") else None
    data = _pair_view(ctx, pair, role, my_role, titles)
    data["folded"] = dict.fromkeys(folds, True)
    # Course staff read a workspace under a panel of theirs: its headings sit one level deeper.
    data["nested"] = bool(ctx.actor.is_staff)
    if "comparison" in folds:  # a closed comparison shows its heading when there is one to open
        data["has_comparison"] = sealing.any_revealed(ctx.program, records.get("assessments", ()))
    if "agreement" in sections:
        data["agreement"] = _agreement_view(records["agreement"], pair, program, titles.formats)
    elif "sessions" in sections and summary is not None:  # its form starts from the agreed length and format
        data["agreement"] = {"values": {**_agreement_values(None, pair, program), **summary.agreed}}
    if "goals" in sections:
        data.update(_goals_view(records, titles.areas, None if scope.everything else UPDATES_SHOWN))
    if "actions" in records and ("actions" in sections or "sessions" in sections):
        member = my_role is not None and pair.status == Pair.ACTIVE
        data.update(_actions_view(ctx, records, titles, member, scope))
    if "assessments" in records and ("assessments" in sections or "comparison" in sections):
        # Only what this viewer may read: the partner's part of a round stays sealed until both submit.
        names = {"self": name(pair.mentee), "mentor": name(pair.mentor)}
        data["assessments"] = sealing.visible(program, pair, role, records["assessments"], names, ctx.today)
    if "schedule" in sections:
        data.update(_schedule_view(ctx, data, records["planned"], titles))
        # A new plan starts from the agreed length and format, as the session log does.
        agreed = summary.agreed if summary is not None else {}
        data["plan_minutes"] = agreed.get("session_minutes") or 60
        data["plan_format"] = agreed.get("session_format") or ""
    if "privacy" in sections:
        # Which course staff opened this pairing lately.
        data["staff_views"] = staff_access.view(records["staff_accesses"])
    if summary is not None:  # the header's figures and the agenda's coverage
        data.update(_standing_view(ctx, pair, summary, titles.agenda))
        data["next_step"] = progress.next_step(
            summary,
            data["checklist"],
            active=data["active"],
            role=my_role,
            me=ctx.participant,
            partner_name=data["partner_name"],
            program=program,
            agenda_titles=titles.agenda,
            schedule=pacing.schedule(program, pair.started_on),
            today=ctx.today,
        )
        data["quick"] = _quick_actions(ctx, summary, data, titles.agenda)
        data["notices"] = notices.notices(
            program, pair, summary, my_role, ctx.today, data.get("partner_name") or "", records.get("planned", ())
        )
    return data


def _quick_actions(ctx, summary, data, agenda_titles):
    """The likely actions the top of a member's page offers beside the next step: log a
    session, confirm those waiting for this member, plan the next session, the next agenda item."""
    if not data["can_edit"]:
        return {}
    upcoming = progress.upcoming_agenda_item(ctx.program, summary)
    return {
        "log": True,
        "confirm": sum(1 for s in summary.sessions if progress.awaits(s, ctx.participant)),
        "plan": True,
        "agenda": agenda_titles[upcoming] if upcoming else "",
    }


def _pair_view(ctx, pair, role, my_role, titles):
    """Who is in the pair, since when, and what its forms offer."""
    program = ctx.program
    partner_role = {"mentor": "mentee", "mentee": "mentor"}.get(my_role)
    data = {
        "id": pair.pk,
        "active": pair.status == Pair.ACTIVE,
        "ended_at": pair.ended_at,
        "end_reason": said(pair.end_reason),
        "role": role,
        "role_label": role_label(my_role) if my_role else _("Course staff (read only)"),
        "mentor_name": name(pair.mentor),
        "mentee_name": name(pair.mentee),
        "partner_name": name(pair.member(partner_role)) if partner_role else "",
        "partner_role_label": role_label(partner_role) if partner_role else "",
        "started_on": pair.started_on,
        "planned_end": progress.planned_end(pair.started_on, program),
        "formats": [{"value": key, "label": titles.formats[key]} for key in program["session_formats"]],
        "areas": [{"value": key, "label": title} for key, title in titles.areas.items()],
        "statuses": [{"value": key, "label": _(label)} for key, label in Goal.STATUSES],
        "today": ctx.today,
        # Who can see what each form records.
        "privacy": privacy.notes(),
    }
    data["can_edit"] = bool(my_role) and data["active"]
    return data


def _goals_view(records, area_titles, updates_shown):
    updates = records["goal_updates"]
    return {
        "goals": [_goal_view(goal, updates.get(goal.pk, []), area_titles, updates_shown) for goal in records["goals"]],
        "goals_max": limits.GOALS_PER_PAIR,
        "blank_goal": {"key": "gnew", "statement": "", "why": "", "measure": "", "target_date": None, "areas": [],
                       "status": "not_started"},
    }  # fmt: skip


def _actions_view(ctx, records, titles, member, scope):
    """The open and done action items and, if the ``scope`` shows them, the sessions with theirs."""
    everything = scope.everything
    language = translation.get_language()  # looked up once for every item's labels and dates
    labels = _ActionLabels(language)
    actions = [_action_view(item, ctx.today, labels) for item in records["actions"]]
    # Done items, the most recently done first; only those shown say when.
    done = [a for a in actions if not a["open"]]
    done.sort(key=lambda a: (a["done_at"] is not None, a["done_at"] or 0, a["id"]), reverse=True)
    data = {
        "actions_open": [a for a in actions if a["open"]],
        "actions_done": done if everything else done[:DONE_SHOWN],
        "actions_done_total": len(done),
    }
    for item in data["actions_done"]:
        item["done_label"] = labels.done.format(date=day(item["done_at"], language=language))
    if "sessions" in scope.sections:
        shown = records["sessions"]
        if not everything:
            shown = _recent_sessions(shown, ctx.participant, member, scope.keep)
        data["sessions"] = [_session_view(s, ctx, titles, actions, member) for s in shown]
        data["sessions_total"] = len(records["sessions"])
    return data


def _recent_sessions(sessions, me, member, keep=()):
    """The latest :data:`SESSIONS_SHOWN` of ``sessions`` (newest first), any older one that
    ``me`` still has to confirm, and those of ``keep``."""
    return [
        s for number, s in enumerate(sessions)
        if number < SESSIONS_SHOWN or s.pk in keep or (member and progress.awaits(s, me))
    ]  # fmt: skip


def _standing_view(ctx, pair, summary, agenda_titles):
    program = ctx.program
    checklist = progress.checklist(program, summary.facts, started_on=pair.started_on, today=ctx.today)
    confirmed = summary.confirmed
    schedule = pacing.schedule(program, pair.started_on)
    expected = progress.sessions_expected(pair.started_on, ctx.today, program)
    return {
        "sessions_confirmed": len(confirmed),
        "sessions_expected": expected,
        "behind_cadence": len(confirmed) < expected,
        "per_month": program["min_sessions_per_month"],
        "hours": round(sum(s.minutes for s in confirmed) / 60, 1),
        "checklist": checklist,
        "percent": round(progress.fraction(checklist) * 100),
        "met": sum(1 for item in checklist if item["met"]),
        "agenda": _agenda_view(program, summary.sessions, agenda_titles, schedule),
        "opens": _opens_view(program, schedule, ctx.today),
    }


def _opens_view(program, schedule, today):
    """What guided pacing opens when: ``[{"round", "label", "on", "open"}]`` (empty when free)."""
    return [
        {"round": round_, "label": _(ROUND_LABELS[round_]), "on": schedule.opens_on(round_),
         "open": schedule.is_open(round_, today)}
        for round_ in rounds_of(program)
        if schedule.opens_on(round_) is not None
    ]  # fmt: skip


def _agreement_values(agreement, pair, program):
    """The agreement's fields, or what a new one starts from."""
    if agreement is not None:
        return {key: said(getattr(agreement, key)) for key in agreements.FIELDS}
    return {
        **dict.fromkeys(agreements.FIELDS, ""),
        "cadence": _("At least once a month") if program["min_sessions_per_month"] <= 1 else "",
        "session_minutes": 60,
        "session_format": program["session_formats"][0],
        # A review half-way through, when the mid-point assessment falls.
        "review_on": pair.started_on + (progress.planned_end(pair.started_on, program) - pair.started_on) / 2,
    }


def _agreement_view(agreement, pair, program, formats):
    values = _agreement_values(agreement, pair, program)
    if agreement is None:
        return {"exists": False, "version": 0, "signed": [], "history": [], "values": values}
    signatures = sorted(agreements.signatures_of(agreement), key=lambda s: (s.version, s.signed_at))
    return {
        "exists": True,
        "version": agreement.version,
        "values": values,
        "format_label": formats.get(agreement.session_format, agreement.session_format),
        "signed": sorted(agreements.signed_by(agreement)),
        "history": [
            {
                "role": s.role,
                "role_label": role_label(s.role),
                "name": name(s.signer),
                "version": s.version,
                "signed_at": s.signed_at,
            }
            for s in signatures
        ],  # fmt: skip
        "updated_at": agreement.updated_at,
        "updated_by": name(agreement.updated_by) if agreement.updated_by_id else "",
    }


def _goal_view(goal, updates, area_titles, shown=None):
    """A goal, with the ``shown`` latest of its ``updates`` (newest first; all of them when None)."""
    language = translation.get_language()  # looked up once for the goal's labels and dates
    gettext = i18n.translator(language).gettext
    history = []
    for u in updates[:shown]:
        author = name(u.author)
        history.append({
            "value": u.value, "note": said(u.note), "author": author, "created_at": u.created_at,
            "label": gettext("{value}%, by {author} on {date}").format(
                value=u.value, author=author, date=day(u.created_at, "DATETIME_FORMAT", language)
            ),
        })  # fmt: skip
    return {
        "id": goal.pk,
        "key": f"g{goal.pk}",
        "version": goal.version,
        "statement": said(goal.statement),
        "why": said(goal.why),
        "measure": said(goal.measure),
        "target_date": goal.target_date,
        "areas": goal.areas,
        "area_titles": [area_titles[a] for a in goal.areas if a in area_titles],
        "status": goal.status,
        "status_label": gettext(dict(Goal.STATUSES)[goal.status]),
        "target_label": day(goal.target_date, language=language),
        "target_value": goal.target_date.isoformat() if goal.target_date else "",  # the date field's value
        "latest": updates[0].value if updates else None,
        "latest_label": gettext("Latest progress: {value}%").format(value=updates[0].value) if updates else "",
        "updates": history,
        "updates_total": len(updates),
        "updated_by": name(goal.updated_by) if goal.updated_by_id else "",
        "updated_at": goal.updated_at,
    }


class _ActionLabels:
    """The labels of action items in ``language``, translated once for a whole list."""

    def __init__(self, language):
        gettext = i18n.translator(language).gettext
        self.language = language
        self.owners = {"mentor": gettext("Mentor"), "mentee": gettext("Mentee")}
        self.due, self.done = gettext("due {date}"), gettext("done {date}")


def _action_view(item, today, labels):
    is_open = item.status == "open"
    return {
        "id": item.pk,
        "text": said(item.text),
        "owner": item.owner,
        "owner_label": labels.owners.get(item.owner, ""),
        "due_on": item.due_on,
        # Formatted once here: the page shows an open item twice (its list and the session form).
        "due_label": labels.due.format(date=day(item.due_on, language=labels.language)) if item.due_on else "",
        "open": is_open,
        "overdue": is_open and item.due_on is not None and item.due_on < today,
        "done_at": item.done_at,
        "done_label": "",  # set for the done items shown
        "session_id": item.session_id,
    }


def _session_view(session, ctx, titles, actions, is_member):
    language = translation.get_language()  # looked up once for the session's labels and date
    gettext = i18n.translator(language).gettext
    me = ctx.participant
    session_id = session.pk
    format_label = titles.formats.get(session.session_format, session.session_format)
    logged_by = name(session.logged_by)
    return {
        "id": session_id,
        "held_on": session.held_on,
        "minutes": session.minutes,
        "format_label": format_label,
        "heading": gettext("{date}: {minutes} minutes, {format}").format(
            date=day(session.held_on, language=language), minutes=session.minutes, format=format_label
        ),
        "agenda": [titles.agenda.get(i, i) for i in session.agenda_items],
        "notes": said(session.notes),
        "review": [
            {"label": gettext(label), "text": said(session.review[key])}
            for key, label in REVIEW_LABELS.items()
            if session.review.get(key)
        ],
        "logged_by": logged_by,
        "logged_by_label": gettext("Logged by {name}").format(name=logged_by),
        "logged_by_me": me is not None and session.logged_by_id == me.pk,
        "confirmation": session.confirmation,
        "confirmation_label": gettext(dict(Session.CONFIRMATIONS)[session.confirmation]),
        "confirmed_at": session.confirmed_at,
        "dispute_note": said(session.dispute_note),
        "can_review": is_member and progress.awaits(session, me),
        "actions": [a for a in actions if a["session_id"] == session_id],
    }


def _schedule_view(ctx, data, planned, titles):
    """The sessions planned ahead, the soonest first, with what their forms start from: times in
    the reader's zone (named on the page), a session whose time has passed offered as a log
    prefilled with its date, length, format and agenda items."""
    zone = timezone.get_current_timezone()
    now = timezone.now()
    language = translation.get_language()
    gettext = i18n.translator(language).gettext
    shown = []
    for p in planned:
        local = p.starts_at.astimezone(zone)
        held_on = min(max(local.date(), data["started_on"]), ctx.today)
        format_label = titles.formats.get(p.session_format, p.session_format)
        shown.append({
            "id": p.pk,
            "starts_at": p.starts_at,
            "heading": gettext("{when}: {minutes} minutes, {format}").format(
                when=moment(p.starts_at), minutes=p.minutes, format=format_label
            ),
            "date_value": local.date().isoformat(),
            "time_value": local.strftime("%H:%M"),
            "minutes": p.minutes,
            "session_format": p.session_format,
            "location": said(p.location),
            "location_is_link": scheduling.is_link(p.location),
            "agenda_items": list(p.agenda_items),
            "agenda": [titles.agenda.get(i, i) for i in p.agenda_items],
            "note": said(p.note),
            "reason": said(p.reason),
            "rescheduled": p.sequence > 0,
            "planned_by": gettext("Planned by {name}").format(name=name(p.planned_by)),
            "cancelled": p.status == PlannedSession.CANCELLED,
            "due": p.starts_at <= now,
            "held_on_value": held_on.isoformat(),
        })  # fmt: skip
    return {
        "planned": shown,
        "can_plan": data["can_edit"] and sum(not s["cancelled"] for s in shown) < limits.PLANNED_AHEAD,
        "zone_name": zone.key if hasattr(zone, "key") else str(zone),
        "agenda_choices": [
            {"id": item["id"], "number": number, "title": titles.agenda[item["id"]]}
            for number, item in enumerate(ctx.program["agenda"], start=1)
        ],
        "plan_date": (ctx.today + datetime.timedelta(days=7)).isoformat(),
        "plan_max": limits.PLANNED_AHEAD,
    }


REVIEW_LABELS = {
    "useful": gettext_noop("What was useful"),
    "next_steps": gettext_noop("Next steps"),
    "mentor_before_next": gettext_noop("The mentor will, before next time"),
    "mentee_before_next": gettext_noop("The mentee will, before next time"),
    "change": gettext_noop("What to change"),
}


def _agenda_view(program, sessions, agenda_titles, schedule):
    first_cover, pending = {}, set()
    for session in sorted(sessions, key=lambda s: (s.held_on, s.pk)):
        for item_id in session.agenda_items:
            if session.confirmation == Session.CONFIRMED:
                first_cover.setdefault(item_id, session.held_on)
            elif session.confirmation == Session.PENDING:
                pending.add(item_id)
    return [
        {
            "id": item["id"],
            "number": number,
            "title": agenda_titles[item["id"]],
            "week": item["week"],
            "suggested_on": schedule.item_date(item["week"]),  # guided pacing only
            "required": item["required"],
            "covered_on": first_cover.get(item["id"]),
            "pending": item["id"] in pending and item["id"] not in first_cover,
        }
        for number, item in enumerate(program["agenda"], start=1)
    ]
