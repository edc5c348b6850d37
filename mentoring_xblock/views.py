"""Fragments for the block's views: learner, author preview and Studio editor.

Each view renders one Django template through the runtime's i18n service and hands its data
to one JavaScript init function. The data travels as a JSON *string* inside the init
arguments, with ``<``, ``>`` and ``&`` escaped, so that no authored or learner text can break
out of the runtime's ``<script>`` tag.
"""

import hashlib
import json

from django.utils.safestring import mark_safe
from web_fragments.fragment import Fragment
from xblock.utils.resources import ResourceLoader

from . import config, platform, presenters, workflow
from .i18n import gettext as _

loader = ResourceLoader(__name__)


def safe_json(data):
    """JSON text that is safe inside an HTML ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _render(block, template, context):
    return loader.render_django_template(template, context, i18n_service=platform.i18n_service(block))


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
    for path in js:
        fragment.add_javascript_url(block.runtime.local_resource_url(block, path))
    fragment.initialize_js(init, {"payload": safe_json(data)})
    return fragment


def learner_fragment(block):
    """The learner's view: the program, and where they stand in it."""
    program = block.program
    actor = platform.current_actor(block)
    state, pairs = "anonymous", []
    if actor.is_staff:
        state = "staff"
    elif not platform.is_authoring(block) and actor.is_learner_identity:
        participant = workflow.record_visit(platform.unit(block), actor)
        pairs = [_pair_summary(pair, participant) for pair in workflow.active_pairs_of(participant)]
        state = "paired" if pairs else "unpaired"
    elif platform.is_authoring(block):
        state = "preview"
    program_view = presenters.program_view(program)
    context = {
        "program": program_view,
        "program_html": _program_html(block, program_view, "learner"),
        "state": state,
        "pairs": pairs,
        "next_step": presenters.next_step_unpaired(program),
    }
    return _fragment(
        block,
        "templates/learner.html",
        context,
        css=["static/css/mentoring.css"],
        js=["static/js/learner.js"],
        init="MentoringLearnerView",
        data={"state": state, "pairs": pairs},
    )


def _pair_summary(pair, participant):
    is_mentor = pair.mentor_id == participant.pk
    partner = pair.mentee if is_mentor else pair.mentor
    return {
        "pair_id": pair.pk,
        "my_role": "mentor" if is_mentor else "mentee",
        "role_label": _("You mentor") if is_mentor else _("Your mentor"),
        "partner_name": partner.display_name or partner.username,
        "started_on": pair.started_on.isoformat(),
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
        js=["static/js/learner.js"],
        init="MentoringLearnerView",
        data={"state": "author"},
    )


def studio_fragment(block):
    """The structured Studio editor."""
    data = {"program": block.program, "choices": config.choices(), "limits": config.LIMITS}
    return _fragment(
        block,
        "templates/studio.html",
        {"display_name": block.display_name},
        css=["static/css/studio.css"],
        # util.js first: the other files take their helpers from it as they load.
        js=[
            "static/js/studio/util.js",
            "static/js/studio/errors.js",
            "static/js/studio/fields.js",
            "static/js/studio/lists.js",
            "static/js/studio/list-items.js",
            "static/js/studio/agenda.js",
            "static/js/studio/sections.js",
            "static/js/studio/program.js",
            "static/js/studio/save.js",
            "static/js/studio/editor.js",
        ],
        init="MentoringStudioEditor",
        data=data,
    )


def _problem_list(problems):
    return [{"field": field, "message": message} for field, message in sorted(problems.items())]
