"""Fragments for the block's views: learner, author preview and Studio editor.

Each view renders one Django template through the runtime's i18n service and hands its data
to one JavaScript init function. The data travels as a JSON *string* inside the init
arguments, with ``<``, ``>`` and ``&`` escaped, so that no authored or learner text can break
out of the runtime's ``<script>`` tag.
"""

import functools
import hashlib
import json
import urllib.parse
from pathlib import Path

from django.template import Context, Engine
from django.utils.safestring import mark_safe
from web_fragments.fragment import Fragment

from ..core import i18n, limits, platform
from ..models import Pair
from ..pairs import access, invites, participants, privacy, scheduling, scoring, units
from ..program import config
from ..reporting import dashboard, staff_overview
from . import dashboard_panel, presenters, staff_panel, workspace

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# The tag libraries the package's templates load, named here rather than read from every
# installed app: the templates depend on Django's own libraries only.
TEMPLATE_LIBRARIES = {
    "i18n": "django.templatetags.i18n",
    "l10n": "django.templatetags.l10n",
    "moments": "mentoring_xblock.ui.moments",
}
# http.js, client.js and forms.js first: learner.js takes its helpers from them.
LEARNER_JS = ["static/js/http.js", "static/js/client.js", "static/js/forms.js", "static/js/learner.js"]


def safe_json(data):
    """JSON text that is safe inside an HTML ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@functools.lru_cache(maxsize=1)
def _engine():
    """A Django template engine for the package's templates, ``{% include %}`` included, with a
    loader rooted at the installed package. Its ``{% trans %}`` tags are Django's own; they
    translate through the runtime's i18n service while :func:`i18n.translating_with` is active."""
    return Engine(dirs=[str(PACKAGE_DIR)], libraries=TEMPLATE_LIBRARIES)


def _render(block, template, context):
    with i18n.translating_with(platform.i18n_service(block)):
        return _engine().get_template(template).render(Context(context))


def _program_html(block, program_view, view_name):
    """The shared program partial; its element ids are unique per block and view on a page."""
    digest = hashlib.sha256(str(block.scope_ids.usage_id).encode()).hexdigest()[:10]
    prefix = f"mentoring-{view_name}-{digest}"
    # The partial escapes everything it prints, so its output is safe to embed as HTML.
    return mark_safe(_render(block, "templates/_program.html", {"program": program_view, "prefix": prefix}))  # noqa: S308


def _fragment(block, template, context, *, css, js, init, data):
    html = _render(block, template, context)
    fragment = Fragment(html)
    for path in css:
        fragment.add_css_url(block.runtime.local_resource_url(block, path))
    # The language's JavaScript catalog comes first: the block's scripts translate through it.
    catalog_url = platform.js_catalog_url(block)
    if catalog_url:
        fragment.add_javascript_url(catalog_url)
    for path in js:
        fragment.add_javascript_url(block.runtime.local_resource_url(block, path))
    fragment.initialize_js(init, {"payload": safe_json(data)})
    return fragment


def _prefix(block, view_name):
    """Element ids unique per block and view on a page."""
    digest = hashlib.sha256(str(block.scope_ids.usage_id).encode()).hexdigest()[:10]
    return f"mentoring-{view_name}-{digest}"


def remember_unit(unit, program):
    """The unit's row and its pairs' stored standing, in line with ``program`` (see
    :func:`units.remember_unit`): called by every reader of the stored figures that has the
    block — this view, the staff handlers, the CSV and the Data Download report."""
    units.remember_unit(unit, program, presenters.translate(program["display_name"]))


def learner_fragment(block):
    """The learner's view: the program, and the pair workspace or the staff panel."""
    program = block.program
    actor = platform.current_actor(block)
    authoring = platform.is_authoring(block)
    ctx = None if authoring else access.Context(unit=platform.unit(block), actor=actor, program=program)
    # Course staff viewing the course as a learner see the learner's page, and change nothing.
    viewing_as = platform.NOT_MASQUERADING if authoring else platform.masquerade(block)
    masquerading = viewing_as is not platform.NOT_MASQUERADING
    context = {"state": "anonymous", "prefix": _prefix(block, "learner"), "masquerade": None}
    if not authoring and not masquerading:
        # Before anything shows a figure or publishes one: the stored standing follows the program.
        remember_unit(ctx.unit, program)
    if authoring:
        context["state"] = "preview"
    elif actor.is_staff:
        context.update(state="staff", staff_html=staff_html(block, ctx))
        mine = participants.pairs_of(ctx.participant)
        if mine:
            # Staff may mentor too: they see their own pairs' workspace under the staff panel.
            context["main_html"] = _render_main(block, _main_context(block, ctx, mine=mine))
    elif actor.is_learner_identity:
        if masquerading:
            name = actor.full_name or actor.username if viewing_as == platform.AS_LEARNER else ""
            context["masquerade"] = {"name": name}
        else:
            ctx.participant = participants.record_visit(ctx.unit, actor)
        mine = participants.pairs_of(ctx.participant)
        if not masquerading:
            scoring.publish_on_visit(block, ctx.participant, mine)
        main = _main_context(block, ctx, mine=mine)
        context.update(state=main["state"], main_html=_render_main(block, main))
    program_view = presenters.program_view(program)
    context.update(program=program_view, program_html=_program_html(block, program_view, "learner"))
    return _fragment(
        block,
        "templates/learner.html",
        context,
        css=["static/css/mentoring.css"],
        js=LEARNER_JS,
        init="MentoringLearnerView",
        data={"state": context["state"]},
    )


def _main_context(block, ctx, selected=None, mine=None):
    """What the learner's main area shows: their pairs and one workspace, or how to get paired.
    ``mine``: the learner's pairs (:func:`participants.pairs_of`), when already read."""
    me = ctx.participant
    mine = participants.pairs_of(me) if mine is None else mine
    active = [pair for pair in mine if pair.status == Pair.ACTIVE]
    context = {
        "prefix": _prefix(block, "learner"),
        "pairs": [_pair_summary(pair, me) for pair in active],
        "past_pairs": [_pair_summary(pair, me) for pair in mine if pair.status != Pair.ACTIVE],
        "state": "paired" if active else "unpaired",
    }
    if active:
        chosen = next((pair for pair in mine if pair.pk == selected), active[0])
        context["selected"] = chosen.pk
        if me is not None:
            context["reminders"] = reminders(me)
        context["workspace_html"] = workspace_html(block, workspace.first_view(ctx, chosen, chosen.role_of(me)))
    else:
        context["ended"] = _last_ended(mine, me)
        context["next_step"] = presenters.next_step_unpaired(ctx.program)
        context["invites_allowed"] = ctx.program["pairing_mode"] in invites.INVITE_MODES and not ctx.actor.is_staff
        context["privacy"] = privacy.notes()
        context["codes"] = [
            {
                "code": invites.format_code(code.code),
                "role_label": workspace.role_label(code.role),
                "expires_at": code.expires_at,
            }
            for code in invites.open_codes(ctx)
        ]
    return context


def reminders(participant):
    """Whether ``participant`` gets email reminders from this unit (the reminders section)."""
    return {"on": participant.nudges_off_at is None, "privacy": privacy.notes()["reminders"]}


def reminders_html(block, participant):
    """The reminders section alone, re-rendered after it was switched (the ``reminders_set`` answer)."""
    context = {"prefix": _prefix(block, "learner"), "reminders": reminders(participant)}
    return mark_safe(_render(block, "templates/reminders.html", context))  # noqa: S308  (escaped by the template)


def _render_main(block, context):
    return mark_safe(_render(block, "templates/main.html", context))  # noqa: S308  (escaped by the template)


def main_html(block, ctx, selected=None):
    """The learner's main area, re-rendered after pairing changes (invite codes)."""
    return _render_main(block, _main_context(block, ctx, selected))


def _heading(level):
    """The opening and closing tag of a heading at ``level``: HTML's h1 to h6, then ARIA's."""
    if level <= 6:
        return mark_safe(f"h{level}"), mark_safe(f"h{level}")  # noqa: S308  (constant text)
    return mark_safe(f'p role="heading" aria-level="{level}"'), mark_safe("p")  # noqa: S308


# The levels of a workspace's headings: the pair's (its header's), its sections', their cards'
# and the parts of a card. Under the block's title (h3) a member's workspace starts at h4; course
# staff read it under a panel's h4 (the staff panel, or "Your own mentoring in this unit"), so
# the pair's heading is an h5 and everything in it one level deeper.
HEADINGS = {
    False: {"pair": 4, "section": 4, "card": 5, "minor": 6},
    True: {"pair": 5, "section": 6, "card": 7, "minor": 8},
}


def _headings(nested):
    tags = {}
    for name, level in HEADINGS[bool(nested)].items():
        tags[name], tags[f"{name}_end"] = _heading(level)
    return tags


def workspace_html(block, data, part="workspace"):
    """One pair's workspace (the data of :func:`workspace.view`), or one ``part`` of it."""
    context = {"w": data, "p": f"{_prefix(block, 'learner')}-p{data['id']}", "h": _headings(data.get("nested"))}
    if data.get("planned"):  # each one's calendar invite, downloaded by a link (web/downloads.py)
        context["planned"] = [
            {**planned, "invite_url": _invite_url(block, data["id"], planned["id"])} for planned in data["planned"]
        ]
    return mark_safe(_render(block, f"templates/workspace/{part}.html", context))  # noqa: S308


def _invite_url(block, pair_id, planned_id):
    query = urllib.parse.urlencode({"pair_id": pair_id, "planned_id": planned_id})
    return block.runtime.handler_url(block, "session_invite", query=query)


def invite_text(block, ctx, pair, role, planned):
    """The words of a planned session's calendar invite (:class:`scheduling.InviteText`) for the
    member (or staff reader) downloading it, in their language. The only email it names is the
    reader's own (as the attendee, and as the organizer when they planned it): one member's
    address is never shown to the other."""
    titles = {item["id"]: presenters.translate(item["title"]) for item in ctx.program["agenda"]}
    if role in ("mentor", "mentee"):
        partner = pair.mentee if role == "mentor" else pair.mentor
        summary = i18n.gettext("Mentoring session with {name}").format(name=participants.name(partner))
    else:
        summary = i18n.gettext("Mentoring session: {mentor} and {mentee}").format(
            mentor=participants.name(pair.mentor), mentee=participants.name(pair.mentee)
        )
    email = platform.current_email(block) if role in ("mentor", "mentee") else ""
    me = (email, ctx.actor.full_name) if email else None
    planner = me if me and ctx.participant is not None and planned.planned_by_id == ctx.participant.pk else None
    return scheduling.InviteText(
        summary=summary,
        agenda=tuple(titles.get(item, item) for item in planned.agenda_items),
        link=platform.unit_link(block),
        organizer=planner,
        attendees=(me,) if me else (),
    )


def workspace_sections_html(block, data, sections):
    """The parts ``sections`` of one pair's workspace, each re-rendered alone: {name: HTML}."""
    return {name: workspace_html(block, data, name) for name in sections}


def staff_html(block, ctx, overview=None, report=None, preview=None):
    """The staff panel: the programme dashboard, pairing forms, the last upload's report (or the
    ``preview`` of a file, to confirm), one page of the unit's pairs (an
    :class:`staff_overview.Overview`, the first page of all pairs by default) and unpaired learners."""
    overview = overview or staff_overview.overview(ctx)
    prefix = _prefix(block, "learner")
    # The pairs at risk today are the at-risk filter's count the page has just read (without a search).
    at_risk = None if overview.view.search else overview.counts["filters"]["at_risk"]
    found = dashboard.dashboard(ctx.unit, ctx.program, ctx.today, at_risk)
    context = staff_panel.context(
        overview,
        prefix=prefix,
        export_url=block.runtime.handler_url(block, "staff_export"),
        mentor_capacity=ctx.program["mentor_capacity"],
        report=report,
        preview=preview,
        dashboard=dashboard_panel.context(found, ctx.program, f"{prefix}-dashboard"),
    )
    context["outcomes_url"] = block.runtime.handler_url(block, "staff_outcomes")  # reporting/outcomes.py
    return mark_safe(_render(block, "templates/staff.html", context))  # noqa: S308  (escaped by the template)


def _last_ended(mine, participant):
    """The learner's most recently ended pairing, when they have no active one: when it ended,
    why (the reason staff gave) and who ended it (their name as the platform gave it); None if
    they were never paired."""
    ended = [pair for pair in mine if pair.status != Pair.ACTIVE and pair.ended_at]
    if not ended:
        return None
    pair = max(ended, key=lambda pair: (pair.ended_at, pair.pk))
    return {
        **_pair_summary(pair, participant),
        "reason": pair.end_reason,
        "ended_by": pair.ended_by_name or pair.ended_by_username,
    }


def _pair_summary(pair, participant):
    role = pair.role_of(participant)
    partner = pair.mentee if role == "mentor" else pair.mentor
    return {
        "pair_id": pair.pk,
        "my_role": role,
        "partner_name": participants.name(partner),
        "partner_role_label": workspace.role_label("mentee" if role == "mentor" else "mentor"),
        "started_on": pair.started_on,
        "ended_at": pair.ended_at,
    }


def author_fragment(block):
    """The Studio unit preview: the program, its rules and any configuration problems."""
    program = block.program
    program_view = presenters.program_view(program)
    context = {
        "program": program_view,
        "program_html": _program_html(block, program_view, "author"),
        "problems": _problem_list(config.program_problems(program)),
    }
    return _fragment(
        block,
        "templates/author.html",
        context,
        css=["static/css/mentoring.css"],
        js=LEARNER_JS,
        init="MentoringLearnerView",
        data={"state": "author"},
    )


def studio_fragment(block):
    """The structured Studio editor."""
    # The grading weight travels with the program in the editor (see MentoringBlock.studio_submit).
    data = {
        "program": {**block.program, "weight": block.weight},
        "choices": config.choices(),
        "limits": limits.PROGRAM,
        # The rule of entry ids, which the editor applies as the server does (config.slugify).
        "ids": {"pattern": limits.ID_PATTERN, "max": limits.ID_MAX, "slug_max": limits.ID_SLUG_MAX},
    }
    return _fragment(
        block,
        "templates/studio.html",
        {"display_name": block.display_name},
        css=["static/css/studio.css"],
        # One bundle, built from the ES modules in static/js/studio/ by `make studio-js`.
        js=["static/js/studio.bundle.js"],
        init="MentoringStudioEditor",
        data=data,
    )


def _problem_list(problems):
    return [{"field": field, "message": message} for field, message in sorted(problems.items())]
