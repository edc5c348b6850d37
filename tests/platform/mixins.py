"""The fields that the Open edX LMS and Studio mix into every XBlock, imitated for tests.

The platform builds every block class as ``type(Block.__name__ + "WithMixins", (Block, *XBLOCK_MIXINS), {})``,
so a block carries these fields next to its own: they are set in Studio (visibility, group access,
dates, library links) and must survive the block's own OLX export and import.

Each class has the platform class's field names, types, scopes and defaults (help texts shortened)
and the same service declarations; the behaviour around the fields (validation against course
partitions, inheritance down the course tree, Studio views) is not imitated.

``LMS_MIXINS`` and ``STUDIO_MIXINS`` list the classes in the order of the platform's settings:
``openedx/envs/common.py`` ``XBLOCK_MIXINS`` (the LMS uses it as is) and ``cms/envs/common.py``
(inserts ``ResourceTemplates`` at position 2 and appends ``UpstreamSyncMixin``, ``AuthoringMixin``).
"""

import datetime
from collections import namedtuple

from xblock.core import XBlock, XBlockMixin
from xblock.fields import Boolean, Date, Dict, Float, Integer, List, Scope, String, Timedelta

# xmodule/course_metadata_utils.py: DEFAULT_START_DATE
DEFAULT_START_DATE = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)


# -- xmodule/partitions/partitions.py --------------------------------------------------------------


class Group(namedtuple("Group", "id name")):
    """``xmodule.partitions.partitions.Group``: an id and a name, serialized with a version."""

    VERSION = 1

    def __new__(cls, id, name):  # noqa: A002 - the platform's argument name
        return super().__new__(cls, int(id), name)

    def to_json(self):
        return {"id": self.id, "name": self.name, "version": self.VERSION}

    @staticmethod
    def from_json(value):
        if isinstance(value, Group):
            return value
        for key in ("id", "name", "version"):
            if key not in value:
                raise TypeError(f"Group dict {value} missing value key '{key}'")
        return Group(value["id"], value["name"])


class UserPartition(namedtuple("UserPartition", "id name description groups scheme parameters active")):
    """``xmodule.partitions.partitions.UserPartition`` (version 3). The scheme is kept by name: the
    platform looks it up among its ``openedx.user_partition_scheme`` plugins."""

    VERSION = 3

    def __new__(cls, id, name, description, groups, scheme="random", parameters=None, active=True):  # noqa: A002
        return super().__new__(cls, int(id), name, description, groups, scheme, parameters or {}, active)

    def to_json(self):
        return {
            "id": self.id,
            "name": self.name,
            "scheme": self.scheme,
            "description": self.description,
            "parameters": self.parameters,
            "groups": [group.to_json() for group in self.groups],
            "active": bool(self.active),
            "version": self.VERSION,
        }

    @staticmethod
    def from_json(value):
        if isinstance(value, UserPartition):
            return value
        for key in ("id", "name", "description", "version", "groups"):
            if key not in value:
                raise TypeError(f"UserPartition dict {value} missing value key '{key}'")
        return UserPartition(
            value["id"],
            value["name"],
            value["description"],
            [Group.from_json(group) for group in value["groups"]],
            value.get("scheme", "random"),
            value.get("parameters", {}),
            value.get("active", True),
        )


class UserPartitionList(List):
    """``xmodule.modulestore.inheritance.UserPartitionList``: stored as JSON dicts, read as partitions."""

    def from_json(self, values):
        return [UserPartition.from_json(value) for value in values]

    def to_json(self, values):
        return [partition.to_json() for partition in values]


# -- lms/djangoapps/lms_xblock/mixin.py ------------------------------------------------------------


class GroupAccessDict(Dict):
    """``lms.djangoapps.lms_xblock.mixin.GroupAccessDict``: partition ids are ints in Python and
    strings in JSON."""

    def from_json(self, value):
        return None if value is None else {int(key): value[key] for key in value}

    def to_json(self, value):
        return None if value is None else {str(key): value[key] for key in value}


@XBlock.needs("partitions")
@XBlock.needs("i18n")
@XBlock.wants("completion")
class LmsBlockMixin(XBlockMixin):
    """``lms/djangoapps/lms_xblock/mixin.py`` ``LmsBlockMixin``: who may see the block and where."""

    hide_from_toc = Boolean(
        help="Whether to display this block in the table of contents", default=False, scope=Scope.settings
    )
    format = String(help="What format this block is in (grader, TOC)", scope=Scope.settings)
    chrome = String(display_name="Course Chrome", help="Navigation tools", scope=Scope.settings, default=None)
    default_tab = String(display_name="Default Tab", help="The tab selected", scope=Scope.settings, default=None)
    source_file = String(
        display_name="LaTeX Source File Name", help="The LaTeX source file name", scope=Scope.settings, deprecated=True
    )
    visible_to_staff_only = Boolean(
        help="If true, can be seen only by course staff, regardless of start date.", default=False, scope=Scope.settings
    )
    group_access = GroupAccessDict(
        help="Maps group configuration ids to the group ids that can see this block.", default={}, scope=Scope.settings
    )
    user_partitions = UserPartitionList(help="The course's group configurations", default=[], scope=Scope.settings)


# -- xmodule/modulestore/inheritance.py ------------------------------------------------------------


class InheritanceMixin(XBlockMixin):
    """``xmodule/modulestore/inheritance.py`` ``InheritanceMixin``: settings a block inherits from
    its ancestors unless set on it (dates, grading, problem defaults, visibility)."""

    graded = Boolean(
        help="Whether this block contributes to the final course grade", scope=Scope.settings, default=False
    )
    start = Date(help="Start time when this block is visible", default=DEFAULT_START_DATE, scope=Scope.settings)
    due = Date(display_name="Due Date", help="The date by which problems are due.", scope=Scope.settings)
    relative_weeks_due = Integer(
        display_name="Number of Relative Weeks Due By", help="Weeks after enrollment", scope=Scope.settings
    )
    visible_to_staff_only = Boolean(
        help="If true, can be seen only by course staff, regardless of start date.", default=False, scope=Scope.settings
    )
    course_edit_method = String(
        display_name="Course Editor", help='"XML" or "Studio"', default="Studio", scope=Scope.settings, deprecated=True
    )
    giturl = String(display_name="GIT URL", help="The course data GIT repository.", scope=Scope.settings)
    xqa_key = String(display_name="XQA Key", help="Not supported.", scope=Scope.settings, deprecated=True)
    graceperiod = Timedelta(help="Time after the due date that submissions are accepted", scope=Scope.settings)
    group_access = Dict(help="The content groups this problem belongs to.", scope=Scope.settings)
    showanswer = String(
        display_name="Show Answer", help="When Show Answer appears", scope=Scope.settings, default="finished"
    )
    show_correctness = String(
        display_name="Show Results", help="When correctness is shown", scope=Scope.settings, default="always"
    )
    rerandomize = String(
        display_name="Randomization", help="How often to randomize", scope=Scope.settings, default="never"
    )
    days_early_for_beta = Float(
        display_name="Days Early for Beta Users", help="Beta access before start", scope=Scope.settings, default=None
    )
    static_asset_path = String(
        display_name="Static Asset Path", help="Path for Files & Uploads", scope=Scope.settings, default=""
    )
    use_latex_compiler = Boolean(
        display_name="Enable LaTeX Compiler", help="LaTeX templates", default=False, scope=Scope.settings
    )
    max_attempts = Integer(
        display_name="Maximum Attempts", help="Attempts allowed", values={"min": 0}, scope=Scope.settings
    )
    matlab_api_key = String(display_name="Matlab API key", help="MathWorks key", scope=Scope.settings)
    user_partitions = UserPartitionList(
        display_name="Group Configurations", help="How students are grouped", default=[], scope=Scope.settings
    )
    video_speed_optimizations = Boolean(
        display_name="Enable video caching system", help="Video caching", default=True, scope=Scope.settings
    )
    video_auto_advance = Boolean(
        display_name="Enable video auto-advance", help="Auto-advance button", scope=Scope.settings, default=False
    )
    video_bumper = Dict(display_name="Video Pre-Roll", help="A video to play first", scope=Scope.settings)
    show_reset_button = Boolean(
        display_name="Show Reset Button for Problems", help="Reset button", scope=Scope.settings, default=False
    )
    edxnotes = Boolean(display_name="Enable Student Notes", help="Student Notes", default=False, scope=Scope.settings)
    edxnotes_visibility = Boolean(
        display_name="Student Notes Visibility", help="Notes shown", default=True, scope=Scope.user_info
    )
    in_entrance_exam = Boolean(
        display_name="Tag this block as part of an Entrance Exam section",
        help="Entrance Exam scoring",
        scope=Scope.settings,
        default=False,
    )
    self_paced = Boolean(display_name="Self Paced", help="Self-paced course", default=False, scope=Scope.settings)
    hide_from_toc = Boolean(
        display_name="Hide from Table of Contents", help="Hidden from the TOC", default=False, scope=Scope.settings
    )


# -- xmodule/x_module.py ---------------------------------------------------------------------------


class ResourceTemplates:
    """``xmodule/x_module.py`` ``ResourceTemplates``: Studio's "new component" templates; no fields."""

    @classmethod
    def templates(cls):
        return []


class XModuleFields:
    """``xmodule/x_module.py`` ``XModuleFields``: the display name every block has (a block's own
    ``display_name`` field comes first in the mixed class and wins)."""

    display_name = String(
        display_name="Display Name", help="The display name for this component.", scope=Scope.settings, default=None
    )


@XBlock.needs("i18n")
class XModuleMixin(XModuleFields, XBlock):
    """``xmodule/x_module.py`` ``XModuleMixin``: its fields (``XModuleFields``); none of its methods."""


# -- xmodule/modulestore/edit_info.py --------------------------------------------------------------


class EditInfoMixin(XBlockMixin):
    """``xmodule/modulestore/edit_info.py`` ``EditInfoMixin``: who edited the block and when, read from
    the runtime; no fields."""


# -- cms/lib/xblock/upstream_sync.py and authoring_mixin.py (Studio only) -------------------------


HIDDEN_SETTING = {"scope": Scope.settings, "hidden": True, "enforce_type": True}


class UpstreamSyncMixin(XBlockMixin):
    """``cms/lib/xblock/upstream_sync.py`` ``UpstreamSyncMixin``: the link from a course block to the
    content-library block it was copied from (Studio only)."""

    # Every field here: Scope.settings, hidden=True, enforce_type=True.
    upstream = String(help="The upstream block or container key", default=None, **HIDDEN_SETTING)
    upstream_version = Integer(help="The upstream version last synced", default=None, **HIDDEN_SETTING)
    upstream_version_declined = Integer(help="The upstream version the author declined", default=None, **HIDDEN_SETTING)
    upstream_display_name = String(help="display_name on the upstream block", default=None, **HIDDEN_SETTING)
    top_level_downstream_parent_key = String(
        help="Block key of the top-level imported container", default=None, **HIDDEN_SETTING
    )
    downstream_customized = List(help="Fields overridden on this downstream block", default=[], **HIDDEN_SETTING)


@XBlock.needs("i18n")
@XBlock.needs("mako")
class AuthoringMixin(XBlockMixin):
    """``cms/lib/xblock/authoring_mixin.py`` ``AuthoringMixin``: Studio's visibility editor and the
    block a pasted block was copied from."""

    copied_from_block = String(help="ID of the block this one was copied from", scope=Scope.settings, enforce_type=True)


# openedx/envs/common.py XBLOCK_MIXINS (the LMS settings use it unchanged).
LMS_MIXINS = (LmsBlockMixin, InheritanceMixin, XModuleMixin, EditInfoMixin)
# cms/envs/common.py: the same list with ResourceTemplates inserted at 2, then the Studio mixins.
STUDIO_MIXINS = (
    LmsBlockMixin,
    InheritanceMixin,
    ResourceTemplates,
    XModuleMixin,
    EditInfoMixin,
    UpstreamSyncMixin,
    AuthoringMixin,
)
