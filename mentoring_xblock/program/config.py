"""The authored mentoring program: its shape, defaults, limits and the one place it is validated.

A program is plain JSON-ready data (dicts, lists, str, int, bool). Studio saves, OLX imports
and the block's ``validate()`` all go through :func:`clean_program`, so every path into the
course applies the same rules and reports the same per-field messages.
"""

import copy
import re
import unicodedata

from ..core import limits
from ..core.cleaner import Cleaner
from ..core.errors import InvalidInput
from ..core.i18n import gettext as _
from ..core.i18n import gettext_noop
from . import defaults

ID_PATTERN = re.compile(limits.ID_PATTERN)
COMBINING_MARKS = re.compile("[\u0300-\u036f]")
# An address on the web, or a page of this site ("/path"; not "//host" nor "/\host", which
# browsers read as another site).
URL_PATTERN = re.compile(r"^(https?://[^\s/\\]+|/(?![/\\]))[^\s\\]*$", re.I)

SESSION_FORMATS = {
    "video": gettext_noop("Video call"),
    "phone": gettext_noop("Phone"),
    "in_person": gettext_noop("In person"),
    "chat": gettext_noop("Chat"),
}
PAIRING_MODES = {
    "staff": gettext_noop("Course staff pair learners"),
    "invite": gettext_noop("Learners pair themselves with invite codes"),
    "both": gettext_noop("Both: staff pairing and invite codes"),
}
PACING_MODES = {
    "guided": gettext_noop("Guided: dates from each pair's start"),
    "free": gettext_noop("Free: no dates, every round open from the start"),
}

# Bounds (lowest, highest) of the whole-number settings.
NUMBERS = {
    "duration_weeks": (1, 104),
    "min_sessions_per_month": (0, 8),
    "mentor_capacity": (1, limits.MENTOR_CAPACITY_MAX),  # the database refuses more
    "at_risk_days": (1, 365),
}
COMPLETION_NUMBERS = {"min_goals": (0, 20), "min_sessions": (0, 100)}
COMPLETION_FLAGS = (
    "agreement_signed",
    "required_agenda",
    "final_self_assessment",
    "final_mentor_assessment",
    "planned_end_passed",
)
# The reminders (``nudges``): days after which each falls due (0 turns it off), and switches.
NUDGE_DAYS = {
    "first_session_days": (0, 365),
    "unconfirmed_days": (0, 90),
    "round_open_days": (0, 365),
    "end_within_days": (0, 365),
    "planned_unlogged_days": (0, 90),
}
NUDGE_FLAGS = ("no_session", "action_overdue", "staff_digest")
SCALE_VALUE_BOUNDS = (0, 100)
WEEK_BOUNDS = (1, 104)

PROGRAM_KEYS = (
    "display_name",
    "introduction",
    "learning_areas",
    "agenda",
    "rating_scale",
    "progress_questions",
    "checkin_questions",
    "duration_weeks",
    "min_sessions_per_month",
    "session_formats",
    "pairing_mode",
    "mentor_capacity",
    "midpoint_round",
    "at_risk_days",
    "completion",
    "pacing",
    "final_round_weeks",
    "nudges",
)
# What a program stored before pacing existed (no ``pacing`` key: an older OLX export, a unit
# saved earlier) reads as: free, as it ran then. ``final_round_weeks`` never exceeds the duration.
LEGACY = {"pacing": "free", "final_round_weeks": defaults.FINAL_ROUND_WEEKS}
# Keys a stored program may lack (it was saved before they existed): they take their defaults.
OPTIONAL_KEYS = ("nudges",)


def default_program():
    """A fresh copy of the ready-to-use six-month program."""
    return copy.deepcopy(
        {
            "display_name": defaults.DISPLAY_NAME,
            "introduction": defaults.INTRODUCTION,
            "learning_areas": defaults.LEARNING_AREAS,
            "agenda": defaults.AGENDA,
            "rating_scale": defaults.RATING_SCALE,
            "progress_questions": defaults.PROGRESS_QUESTIONS,
            "checkin_questions": defaults.CHECKIN_QUESTIONS,
            "duration_weeks": defaults.DURATION_WEEKS,
            "min_sessions_per_month": defaults.MIN_SESSIONS_PER_MONTH,
            "session_formats": defaults.SESSION_FORMATS,
            "pairing_mode": defaults.PAIRING_MODE,
            "mentor_capacity": defaults.MENTOR_CAPACITY,
            "midpoint_round": defaults.MIDPOINT_ROUND,
            "at_risk_days": defaults.AT_RISK_DAYS,
            "completion": defaults.COMPLETION,
            "pacing": defaults.PACING,
            "final_round_weeks": defaults.FINAL_ROUND_WEEKS,
            "nudges": defaults.NUDGES,
        }
    )


def resolve_stored(program, *, new_unit):
    """Fill in, in place, the settings that a program stored before they existed lacks (None):
    the pacing of a unit stored with a program of its own (``new_unit`` false) reads as
    :data:`LEGACY`, a new unit's as the defaults; the final round's weeks as the default, never
    more than the duration; the planned-end completion rule as off. Returns ``program``."""
    if program.get("pacing") is None:
        program["pacing"] = defaults.PACING if new_unit else LEGACY["pacing"]
    if program.get("final_round_weeks") is None:
        program["final_round_weeks"] = min(defaults.FINAL_ROUND_WEEKS, program["duration_weeks"])
    if "planned_end_passed" not in program["completion"]:
        program["completion"] = {**program["completion"], "planned_end_passed": False}
    return program


def choices():
    """Translated labels for the enumerations, for editors and previews."""
    return {
        "session_formats": [{"value": key, "label": _(label)} for key, label in SESSION_FORMATS.items()],
        "pairing_modes": [{"value": key, "label": _(label)} for key, label in PAIRING_MODES.items()],
        "pacing_modes": [{"value": key, "label": _(label)} for key, label in PACING_MODES.items()],
    }


def slugify(text):
    """The id a title makes, or "" when it makes none (the rule of ``limits.ID_SLUG_MAX``).

    Accents are dropped (NFKD, then the combining marks U+0300 to U+036F), the text is put in
    lowercase, every run of other characters than ``a-z`` and ``0-9`` becomes one ``-``, and the
    ends lose their hyphens. A longer slug is cut to ``ID_SLUG_MAX`` characters, at its last
    hyphen when that leaves more than 16. The Studio editor's ``slugify`` does the same.
    """
    text = COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text or "")).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > limits.ID_SLUG_MAX:
        slug = slug[: limits.ID_SLUG_MAX]
        cut = slug.rfind("-")
        slug = (slug[:cut] if cut > 16 else slug).rstrip("-")
    return slug if ID_PATTERN.match(slug) else ""


def slugify_id(text, taken, prefix):
    """An id for an entry the author left without one: the :func:`slugify` of its title (``prefix``
    when it makes none), followed by ``-2``, ``-3``, ... while that is in ``taken``. The Studio
    editor's ``uniqueId`` does the same."""
    base = slugify(text) or prefix
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


class _ProgramCleaner(Cleaner):
    """The generic cleaner plus the program's entry ids."""

    def ids(self, path, entries, prefix):
        """Clean the ``id`` of each entry, generating missing ones; report malformed or repeated ids."""
        given = {e.get("id") for _i, e in entries if isinstance(e.get("id"), str)}
        seen, result = set(), []
        for index, entry in entries:
            raw = entry.get("id")
            raw = raw.strip() if isinstance(raw, str) else raw
            if raw in (None, ""):
                title = entry.get("title") or entry.get("text") or ""
                raw = slugify_id(title if isinstance(title, str) else "", given | seen, prefix)
            elif not isinstance(raw, str) or not ID_PATTERN.match(raw):
                self.fail(
                    f"{path}.{index}.id",
                    _("Use 1 to 64 lowercase letters, digits, hyphens or underscores; start with a letter or digit."),
                )
                raw = None
            elif raw in seen:
                self.fail(f"{path}.{index}.id", _('The id "{id}" is used twice.').format(id=raw))
            if raw:
                seen.add(raw)
            result.append(raw or "")
        return result


def clean_program(raw, *, partial=False):
    """Validate raw program input and return the clean program.

    Args:
        raw: a dict shaped like :func:`default_program` (numbers and booleans may be strings,
            as they are in OLX attributes); unknown keys are ignored.
        partial: when true, missing keys take their defaults (OLX import); otherwise every key
            is required (a Studio save sends the whole program).

    Returns:
        The clean program (texts trimmed, ids filled in, the scale in ascending order).

    Raises:
        InvalidInput: with a message per field path (``agenda.2.areas``, ``completion.min_goals``).
    """
    cleaner = _ProgramCleaner()
    if not isinstance(raw, dict):
        raise InvalidInput({"program": _("Expected the program as an object.")})
    base = default_program()
    source = {}
    for key in PROGRAM_KEYS:
        if key in raw:
            source[key] = raw[key]
        elif key in LEGACY:  # a program from before pacing existed runs as it did
            source[key] = LEGACY[key]
        elif partial or key in OPTIONAL_KEYS:
            source[key] = base[key]
        else:
            cleaner.fail(key, _("This field is required."))
    if cleaner.errors:
        raise InvalidInput(cleaner.errors)

    program = {
        "display_name": cleaner.text(
            "display_name", source["display_name"], max_length=limits.PROGRAM["title"], multiline=False
        ),
        "introduction": cleaner.text("introduction", source["introduction"], required=False),
    }
    for key, bounds in NUMBERS.items():
        program[key] = cleaner.integer(key, source[key], bounds)
    program["midpoint_round"] = cleaner.boolean("midpoint_round", source["midpoint_round"])
    program["learning_areas"] = _clean_areas(cleaner, source["learning_areas"])
    area_ids = {area["id"] for area in program["learning_areas"]}
    # An invalid duration is reported once, not again on every agenda item's week.
    last_week = WEEK_BOUNDS[1] if "duration_weeks" in cleaner.errors else program["duration_weeks"]
    program["agenda"] = _clean_agenda(cleaner, source["agenda"], area_ids, last_week)
    program["rating_scale"] = _clean_scale(cleaner, source["rating_scale"])
    program["progress_questions"] = _clean_questions(cleaner, "progress_questions", source["progress_questions"])
    program["checkin_questions"] = _clean_questions(cleaner, "checkin_questions", source["checkin_questions"])
    program["session_formats"] = _clean_formats(cleaner, source["session_formats"])
    program["pairing_mode"] = _clean_choice(cleaner, "pairing_mode", source["pairing_mode"], PAIRING_MODES)
    program["completion"] = _clean_completion(cleaner, source["completion"])
    program["pacing"] = _clean_choice(cleaner, "pacing", source["pacing"], PACING_MODES)
    program["final_round_weeks"] = _clean_final_round_weeks(
        cleaner, source["final_round_weeks"], program["duration_weeks"], "final_round_weeks" in raw
    )
    program["nudges"] = _clean_nudges(cleaner, source["nudges"])
    if cleaner.errors:
        raise InvalidInput(cleaner.errors)
    return program


def program_problems(raw):
    """The per-field problems of a stored program (empty when it is valid)."""
    try:
        clean_program(raw)
    except InvalidInput as error:
        return error.fields
    return {}


def _clean_areas(cleaner, value):
    entries = cleaner.items("learning_areas", value, maximum=limits.PROGRAM["learning_areas"], minimum=1)
    ids = cleaner.ids("learning_areas", entries, "area")
    areas = []
    for (index, entry), area_id in zip(entries, ids, strict=True):
        path = f"learning_areas.{index}"
        areas.append(
            {
                "id": area_id,
                "title": cleaner.text(
                    f"{path}.title", entry.get("title"), max_length=limits.PROGRAM["title"], multiline=False
                ),
                "description": cleaner.text(f"{path}.description", entry.get("description"), required=False),
            }
        )
    return areas


def _clean_agenda(cleaner, value, area_ids, duration_weeks):
    entries = cleaner.items("agenda", value, maximum=limits.PROGRAM["agenda"], minimum=1)
    ids = cleaner.ids("agenda", entries, "item")
    agenda = []
    for (index, entry), item_id in zip(entries, ids, strict=True):
        path = f"agenda.{index}"
        week = cleaner.integer(f"{path}.week", entry.get("week", 1), WEEK_BOUNDS)
        if f"{path}.week" not in cleaner.errors and week > duration_weeks:
            cleaner.fail(
                f"{path}.week",
                _("Week {week} is after the program ends (week {last}).").format(week=week, last=duration_weeks),
            )
        agenda.append(
            {
                "id": item_id,
                "title": cleaner.text(
                    f"{path}.title", entry.get("title"), max_length=limits.PROGRAM["title"], multiline=False
                ),
                "prompts": _clean_prompts(cleaner, f"{path}.prompts", entry.get("prompts", [])),
                "week": week,
                "required": cleaner.boolean(f"{path}.required", entry.get("required", False)),
                "areas": _clean_area_refs(cleaner, f"{path}.areas", entry.get("areas", []), area_ids),
                "links": _clean_links(cleaner, f"{path}.links", entry.get("links", [])),
            }
        )
    return agenda


def _clean_prompts(cleaner, path, value):
    if not isinstance(value, list):
        cleaner.fail(path, _("Expected a list."))
        return []
    if len(value) > limits.PROGRAM["prompts"]:
        cleaner.fail(path, _("No more than {limit} entries.").format(limit=limits.PROGRAM["prompts"]))
        return []
    prompts = [cleaner.text(f"{path}.{i}", prompt) for i, prompt in enumerate(value)]
    return [prompt for prompt in prompts if prompt]


def _clean_area_refs(cleaner, path, value, area_ids):
    if not isinstance(value, list) or not all(isinstance(ref, str) for ref in value):
        cleaner.fail(path, _("Expected a list of learning area ids."))
        return []
    refs = []
    for ref in value:
        ref = ref.strip()
        if ref not in area_ids:
            cleaner.fail(
                path, _('Links to a learning area that does not exist: "{id}".').format(id=ref[: limits.ID_MAX])
            )
        elif ref not in refs:
            refs.append(ref)
    return refs


def _clean_links(cleaner, path, value):
    entries = cleaner.items(path, value, maximum=limits.PROGRAM["links"])
    links = []
    for index, entry in entries:
        label = cleaner.text(
            f"{path}.{index}.label", entry.get("label"), max_length=limits.PROGRAM["title"], multiline=False
        )
        url = cleaner.text(f"{path}.{index}.url", entry.get("url"), max_length=limits.PROGRAM["url"], multiline=False)
        if url and f"{path}.{index}.url" not in cleaner.errors and not URL_PATTERN.match(url):
            cleaner.fail(
                f"{path}.{index}.url",
                _("Enter a web address starting with https://, http:// or / (a page of this site)."),
            )
        links.append({"label": label, "url": url})
    return links


def _clean_scale(cleaner, value):
    entries = cleaner.items("rating_scale", value, maximum=limits.PROGRAM["rating_scale"], minimum=2)
    points, seen = [], set()
    for index, entry in entries:
        path = f"rating_scale.{index}"
        number = cleaner.integer(f"{path}.value", entry.get("value"), SCALE_VALUE_BOUNDS)
        if f"{path}.value" not in cleaner.errors and number in seen:
            cleaner.fail(f"{path}.value", _("The value {value} is used twice.").format(value=number))
        seen.add(number)
        label = cleaner.text(f"{path}.label", entry.get("label"), max_length=limits.PROGRAM["title"], multiline=False)
        points.append({"value": number, "label": label})
    return sorted(points, key=lambda point: point["value"])


def _clean_questions(cleaner, key, value):
    entries = cleaner.items(key, value, maximum=limits.PROGRAM["questions"])
    ids = cleaner.ids(key, entries, "question")
    return [
        {
            "id": question_id,
            "text": cleaner.text(f"{key}.{index}.text", entry.get("text"), max_length=limits.PROGRAM["title"]),
        }
        for (index, entry), question_id in zip(entries, ids, strict=True)
    ]


def _clean_formats(cleaner, value):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        cleaner.fail("session_formats", _("Expected a list of session formats."))
        return []
    formats = [item for item in SESSION_FORMATS if item in value]
    unknown = [item for item in value if item not in SESSION_FORMATS]
    if unknown:
        cleaner.fail("session_formats", _('Unknown session format: "{value}".').format(value=unknown[0][:40]))
    elif not formats:
        cleaner.fail("session_formats", _("Allow at least one session format."))
    return formats


def _clean_choice(cleaner, key, value, options):
    if not isinstance(value, str) or value not in options:
        cleaner.fail(key, _("Choose one of the options."))
        return next(iter(options))
    return value


def _clean_completion(cleaner, value):
    if not isinstance(value, dict):
        cleaner.fail("completion", _("Expected the completion rules as an object."))
        return dict(defaults.COMPLETION)
    rules = {}
    for flag in COMPLETION_FLAGS:
        rules[flag] = cleaner.boolean(f"completion.{flag}", value.get(flag, defaults.COMPLETION[flag]))
    for key, bounds in COMPLETION_NUMBERS.items():
        rules[key] = cleaner.integer(f"completion.{key}", value.get(key, defaults.COMPLETION[key]), bounds)
    return rules


def _clean_final_round_weeks(cleaner, value, duration_weeks, given):
    """1 to the program's duration; a program that did not say (written before the setting
    existed) takes the default, shortened to a shorter program's duration."""
    if "duration_weeks" in cleaner.errors:
        duration_weeks = WEEK_BOUNDS[1]
    if not given:
        return min(defaults.FINAL_ROUND_WEEKS, duration_weeks)
    weeks = cleaner.integer("final_round_weeks", value, WEEK_BOUNDS)
    if "final_round_weeks" not in cleaner.errors and weeks > duration_weeks:
        cleaner.fail(
            "final_round_weeks",
            _("Enter a number of weeks from 1 to {count}, the program's length.").format(count=duration_weeks),
        )
    return weeks


def _clean_nudges(cleaner, value):
    if not isinstance(value, dict):
        cleaner.fail("nudges", _("Expected the reminders as an object."))
        return dict(defaults.NUDGES)
    rules = {}
    for key, bounds in NUDGE_DAYS.items():
        rules[key] = cleaner.integer(f"nudges.{key}", value.get(key, defaults.NUDGES[key]), bounds)
    for flag in NUDGE_FLAGS:
        rules[flag] = cleaner.boolean(f"nudges.{flag}", value.get(flag, defaults.NUDGES[flag]))
    return rules


WEIGHT_BOUNDS = (0, 100)


def clean_weight(value):
    """The block's grading weight: a number from 0 to 100 (decimals allowed).

    Raises:
        InvalidInput: on ``weight``.
    """
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            value = None
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise InvalidInput({"weight": _("Enter a number.")})
    low, high = WEIGHT_BOUNDS
    if not low <= value <= high:
        raise InvalidInput({"weight": _("Enter a number from {low} to {high}.").format(low=low, high=high)})
    return float(value)
