"""The ``mentorship`` XBlock: fields, views and handlers, each delegating to a module."""

import copy

from xblock.completable import XBlockCompletionMode
from xblock.core import XBlock
from xblock.fields import Boolean, Dict, Float, Integer, List, Scope, String
from xblock.validation import ValidationMessage

from .core import platform
from .core.errors import InvalidInput
from .core.i18n import JS_NAMESPACE, gettext_noop
from .core.i18n import gettext as _
from .program import config, defaults, olx
from .reporting import data_download
from .ui import views
from .web import actions, downloads
from .web.handlers import file_action, json_action


@XBlock.needs("user")
@XBlock.needs("i18n")
@XBlock.wants("studio_user_permissions")
@XBlock.wants("completion")
class MentoringBlock(XBlock):
    """A structured mentoring program inside a course unit."""

    # Completion and the participation score are the share of the author's checklist that the
    # participant's pair has met (see tracking.py); both are published by the block itself.
    completion_mode = XBlockCompletionMode.COMPLETABLE
    has_custom_completion = True
    has_score = True

    display_name = String(
        display_name=gettext_noop("Display name"),
        help=gettext_noop("The unit's title, shown to learners."),
        scope=Scope.settings,
        default=defaults.DISPLAY_NAME,
    )
    introduction = String(scope=Scope.content, default=defaults.INTRODUCTION)
    learning_areas = List(scope=Scope.content, default=defaults.LEARNING_AREAS)
    agenda = List(scope=Scope.content, default=defaults.AGENDA)
    rating_scale = List(scope=Scope.content, default=defaults.RATING_SCALE)
    progress_questions = List(scope=Scope.content, default=defaults.PROGRESS_QUESTIONS)
    checkin_questions = List(scope=Scope.content, default=defaults.CHECKIN_QUESTIONS)
    duration_weeks = Integer(scope=Scope.settings, default=defaults.DURATION_WEEKS)
    min_sessions_per_month = Integer(scope=Scope.settings, default=defaults.MIN_SESSIONS_PER_MONTH)
    session_formats = List(scope=Scope.settings, default=defaults.SESSION_FORMATS)
    pairing_mode = String(scope=Scope.settings, default=defaults.PAIRING_MODE)
    mentor_capacity = Integer(scope=Scope.settings, default=defaults.MENTOR_CAPACITY)
    midpoint_round = Boolean(scope=Scope.settings, default=defaults.MIDPOINT_ROUND)
    at_risk_days = Integer(scope=Scope.settings, default=defaults.AT_RISK_DAYS)
    completion = Dict(scope=Scope.settings, default=defaults.COMPLETION)
    # None: not stored (a new unit, or one stored before pacing existed; see config.resolve_stored).
    pacing = String(scope=Scope.settings, default=None)
    final_round_weeks = Integer(scope=Scope.settings, default=None)
    nudges = Dict(scope=Scope.settings, default=defaults.NUDGES)

    weight = Float(
        display_name=gettext_noop("Problem weight"),
        help=gettext_noop("How many points a completed mentoring unit is worth in the course grade."),
        scope=Scope.settings,
        default=1.0,
        values={"min": 0, "step": 0.1},
    )
    # The progress last published for this user; it also gives every participant the per-user
    # state row that the platform's Problem Responses report iterates over.
    published_progress = Float(scope=Scope.user_state, default=None)

    has_author_view = True
    i18n_js_namespace = JS_NAMESPACE
    # Runtimes serve local resources (CSS, JS) only from this folder of the package.
    public_dir = "static"

    # -- the authored program -------------------------------------------------------------

    @property
    def program(self):
        """The authored program as plain data, built once per block instance (one request) and
        shared by every reader: do not edit it. To change it, edit a copy (``copy.deepcopy``)
        and assign that back.

        It is a copy of the fields, so editing it cannot reach them; it is built again when a
        field was set since (the setter, Studio's settings editor, an OLX import): a field that is
        set holds a new value, and each field's current value is compared by identity."""
        values = tuple(getattr(self, key) for key in config.PROGRAM_KEYS)
        built = self.__dict__.get("_program_built")
        if built is None or any(now is not then for now, then in zip(values, built[0], strict=True)):
            program = copy.deepcopy(dict(zip(config.PROGRAM_KEYS, values, strict=True)))
            built = (values, config.resolve_stored(program, new_unit=not self._program_stored()))
            self.__dict__["_program_built"] = built
        return built[1]

    def _program_stored(self):
        """Whether the author stored a program of their own here (a Studio save, an OLX import)
        rather than running the defaults of a new unit. The display name is left out: runtimes
        may set it when they create a block."""
        return any(self.fields[key].is_set_on(self) for key in config.PROGRAM_KEYS if key != "display_name")

    @program.setter
    def program(self, program):
        self.__dict__.pop("_program_built", None)
        for key in config.PROGRAM_KEYS:
            setattr(self, key, copy.deepcopy(program[key]))

    def max_score(self):
        """The participation score is out of 1; the platform scales it by ``weight``."""
        return 1

    # -- views ----------------------------------------------------------------------------

    # The mobile apps show the view in their webview only when it declares multi_device (the
    # Course Blocks API's student_view_multi_device); otherwise they offer "open in browser".
    @XBlock.supports("multi_device")
    def student_view(self, context=None):
        with platform.reader_time(self):
            return views.learner_fragment(self)

    def author_view(self, context=None):
        with platform.reader_time(self):
            return views.author_fragment(self)

    def studio_view(self, context=None):
        return views.studio_fragment(self)

    # -- handlers ---------------------------------------------------------------------------

    @json_action
    def studio_submit(self, data, suffix=""):
        """Save the whole program from the Studio editor, or nothing if any field is invalid.

        Course authors only: the access table's gate (:mod:`permissions`) is checked first."""
        problems = {}
        try:
            program = config.clean_program(data)
        except InvalidInput as error:
            problems.update(error.fields)
        try:
            weight = config.clean_weight(data.get("weight", self.weight))
        except InvalidInput as error:
            problems.update(error.fields)
        if problems:
            raise InvalidInput(problems)
        self.program = program
        self.weight = weight
        return {"program": {**program, "weight": weight}}

    # -- the pair workspace: each handler hands its request to one function of actions.py ---------

    @json_action
    def workspace_state(self, data, suffix=""):
        return actions.pair_workspace(self, data)

    @json_action
    def agreement_save(self, data, suffix=""):
        return actions.save_agreement(self, data)

    @json_action
    def agreement_sign(self, data, suffix=""):
        return actions.sign_agreement(self, data)

    @json_action
    def goal_add(self, data, suffix=""):
        return actions.add_goal(self, data)

    @json_action
    def goal_edit(self, data, suffix=""):
        return actions.edit_goal(self, data)

    @json_action
    def goal_progress(self, data, suffix=""):
        return actions.add_goal_update(self, data)

    @json_action
    def session_log(self, data, suffix=""):
        return actions.log_session(self, data)

    @json_action
    def session_review(self, data, suffix=""):
        return actions.review_session(self, data)

    @json_action
    def action_done(self, data, suffix=""):
        return actions.mark_action(self, data)

    @json_action
    def assessment_save(self, data, suffix=""):
        return actions.save_assessment(self, data)

    @json_action
    def assessment_submit(self, data, suffix=""):
        return actions.submit_assessment(self, data)

    @json_action
    def invite_create(self, data, suffix=""):
        return actions.create_invite(self, data)

    @json_action
    def invite_redeem(self, data, suffix=""):
        return actions.redeem_invite(self, data)

    # -- planned sessions (pairs/scheduling.py) ------------------------------------------------------

    @json_action
    def session_plan(self, data, suffix=""):
        return actions.plan_session(self, data)

    @json_action
    def session_reschedule(self, data, suffix=""):
        return actions.reschedule_session(self, data)

    @json_action
    def session_cancel(self, data, suffix=""):
        return actions.cancel_session(self, data)

    @file_action
    def session_invite(self, request, suffix=""):
        """A planned session's calendar invite, an ``.ics`` file (GET; ``?pair_id=…&planned_id=…``)."""
        return downloads.session_invite(self, request)

    # -- email reminders (pairs/nudges.py) -----------------------------------------------------------

    @json_action
    def reminders_set(self, data, suffix=""):
        """Turn the caller's own reminders from this unit on or off (``{"on": false}`` stops them)."""
        return actions.set_reminders(self, data)

    # -- pairing by course staff ------------------------------------------------------------------

    @json_action
    def staff_pairs(self, data, suffix=""):
        return actions.staff_pairs(self, data)

    @json_action
    def staff_add_pair(self, data, suffix=""):
        return actions.staff_add_pair(self, data)

    @json_action
    def staff_import_pairs(self, data, suffix=""):
        return actions.staff_import_pairs(self, data)

    @json_action
    def staff_preview_pairs(self, data, suffix=""):
        return actions.staff_preview_pairs(self, data)

    @json_action
    def staff_end_pair(self, data, suffix=""):
        return actions.staff_end_pair(self, data)

    @json_action
    def staff_reassign(self, data, suffix=""):
        return actions.staff_reassign(self, data)

    @file_action
    def staff_export(self, request, suffix=""):
        """The staff list as a streamed CSV file (GET; ``?filter=`` and ``?search=`` as on the page)."""
        return downloads.staff_export(self, request)

    @file_action
    def staff_outcomes(self, request, suffix=""):
        """The outcomes CSV for research: ratings per pair, learning area and round (GET)."""
        return downloads.staff_outcomes(self, request)

    # -- the platform's Problem Responses report (Data Download) ---------------------------------

    def generate_report_data(self, user_state_iterator, limit_responses=None):
        """``(username, row)`` per participant and pair, at most ``limit_responses`` rows.

        Called on a block loaded without a user (in a worker): only content and settings fields,
        the iterator and the package's models are used (see :mod:`data_download`). The pairs'
        stored standing follows the program first (a changed program is counted again)."""
        unit, program = platform.unit(self), self.program
        views.remember_unit(unit, program)
        return data_download.report_rows(unit, program, user_state_iterator, limit_responses)

    # -- Studio validation banner -----------------------------------------------------------

    def validate(self):
        validation = super().validate()
        for field, message in sorted(config.program_problems(self.program).items()):
            text = _("{field}: {message}").format(field=field, message=message)
            validation.add(ValidationMessage(ValidationMessage.ERROR, text))
        return validation

    # -- OLX ----------------------------------------------------------------------------------

    @classmethod
    def parse_xml(cls, node, runtime, keys, *args, **kwargs):
        """Build the block from readable OLX (see :mod:`mentoring_xblock.program.olx`).

        The program comes from child elements and attributes, the grading weight from ``weight``;
        every other attribute naming a content or settings field (the fields the LMS and Studio mix
        into every block: visibility, group access, dates, ...) is read into that field with the
        platform's JSON conversion. Attributes naming no such field are ignored with a warning in
        the log, as XBlock's default ``parse_xml`` ignores attributes that name no field."""
        block = runtime.construct_xblock_from_class(cls, keys)
        block.program = config.clean_program(olx.read_program(node), partial=True)
        if node.get("weight") is not None:
            block.weight = config.clean_weight(node.get("weight"))
        olx.read_other_fields(node, block)
        return block

    def add_xml_to_node(self, node):
        """Export readable OLX: child elements for areas, agenda items, scale and questions.

        Every content or settings field set on the block that the program does not carry (the
        platform's mixed-in fields among them) is written as an attribute, as the platform's XML
        blocks write theirs: the field's JSON value, as is when it is text, as JSON otherwise."""
        node.tag = self.xml_element_name()
        node.set("xblock-family", self.entry_point)
        olx.write_program(node, self.program)
        if self.fields["weight"].is_set_on(self):
            node.set("weight", repr(self.weight))
        olx.write_other_fields(node, self)

    # -- workbench ------------------------------------------------------------------------------

    @staticmethod
    def workbench_scenarios():
        from .workbench.scenarios import workbench_scenarios

        return workbench_scenarios()
