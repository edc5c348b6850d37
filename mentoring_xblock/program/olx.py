"""Readable OLX for the program: learning areas, agenda items, scale and questions as elements.

Export writes every authored field, so importing an export reproduces the program exactly.
Import reads the same shape back into raw program data and hands it to
:func:`config.clean_program`, so OLX is held to the same rules as a Studio save.

    <mentorship display_name="Mentoring" duration_weeks="26" pacing="guided" final_round_weeks="2" ...>
      <introduction>...</introduction>
      <learning-area id="skills" title="Skills for the work">description</learning-area>
      <agenda-item id="kickoff" title="Kickoff" week="1" required="true" areas="direction habits">
        <prompt>What does each of you hope to get?</prompt>
        <link url="/courses/...">Course handbook</link>
      </agenda-item>
      <rating-scale><point value="1" label="Just starting"/>...</rating-scale>
      <progress-questions><question id="improvement">...</question></progress-questions>
      <checkin-questions><question id="satisfaction">...</question></checkin-questions>
      <completion agreement_signed="true" min_goals="1" ... planned_end_passed="false"/>
      <nudges first_session_days="10" no_session="true" unconfirmed_days="3" .../>
    </mentorship>

OLX written before pacing existed has no ``pacing`` attribute: it reads as ``free``, as the
unit ran then (:data:`config.LEGACY`).

Every other content or settings field set on the block -- above all those the LMS and Studio mix
into every block (``visible_to_staff_only``, ``group_access``, ``start``, ``due``, ``upstream``,
...) -- travels as an attribute, converted as the platform's own XML blocks convert them
(``xmodule/xml_block.py``: ``serialize_field`` / ``deserialize_field``): the field's ``to_json``
value, written as is when it is text and as JSON otherwise (``true``, ``2.5``, ``{"50": [1, 2]}``,
``null``), and read back through the field's ``from_json``. As on the platform, a text field
holding the exact text ``null`` reads back as no value.
"""

import json
import logging

from lxml import etree
from xblock.fields import Scope, String

from ..core.errors import InvalidInput
from . import config

log = logging.getLogger(__name__)

SCALARS = (
    "display_name",
    "duration_weeks",
    "min_sessions_per_month",
    "pairing_mode",
    "mentor_capacity",
    "midpoint_round",
    "at_risk_days",
    "pacing",
    "final_round_weeks",
)
COMPLETION_KEYS = config.COMPLETION_FLAGS + tuple(config.COMPLETION_NUMBERS)
NUDGE_KEYS = tuple(config.NUDGE_DAYS) + config.NUDGE_FLAGS
QUESTION_LISTS = (("progress-questions", "progress_questions"), ("checkin-questions", "checkin_questions"))
# Fields the block writes itself (the program, as above, and its grading weight) or that are structure.
OWN_FIELDS = frozenset(config.PROGRAM_KEYS) | {"weight", "children", "parent"}
# Attributes that runtimes write for their own bookkeeping; they are no field of the block.
RUNTIME_ATTRIBUTES = frozenset({"xblock-family", "url_name"})


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_program(node, program):
    """Write a clean program onto ``node`` (the block's element)."""
    for key in SCALARS:
        node.set(key, _text(program[key]))
    node.set("session_formats", " ".join(program["session_formats"]))
    etree.SubElement(node, "introduction").text = program["introduction"]
    for area in program["learning_areas"]:
        element = etree.SubElement(node, "learning-area", id=area["id"], title=area["title"])
        element.text = area["description"]
    for item in program["agenda"]:
        element = etree.SubElement(
            node,
            "agenda-item",
            id=item["id"],
            title=item["title"],
            week=_text(item["week"]),
            required=_text(item["required"]),
            areas=" ".join(item["areas"]),
        )
        for prompt in item["prompts"]:
            etree.SubElement(element, "prompt").text = prompt
        for link in item["links"]:
            etree.SubElement(element, "link", url=link["url"]).text = link["label"]
    scale = etree.SubElement(node, "rating-scale")
    for point in program["rating_scale"]:
        etree.SubElement(scale, "point", value=_text(point["value"]), label=point["label"])
    for tag, key in QUESTION_LISTS:
        # The container is always written: an empty list must not read back as the default.
        container = etree.SubElement(node, tag)
        for question in program[key]:
            etree.SubElement(container, "question", id=question["id"]).text = question["text"]
    etree.SubElement(node, "completion", {key: _text(program["completion"][key]) for key in COMPLETION_KEYS})
    etree.SubElement(node, "nudges", {key: _text(program["nudges"][key]) for key in NUDGE_KEYS})


def read_program(node):
    """Read raw program data from a block element; missing parts keep their defaults.

    Returns the raw dict for :func:`config.clean_program` (called with ``partial=True``).
    """
    raw = {key: node.get(key) for key in SCALARS if node.get(key) is not None}
    if node.get("session_formats") is not None:
        raw["session_formats"] = node.get("session_formats").split()
    children = [child for child in node if isinstance(child.tag, str)]
    by_tag = {}
    for child in children:
        by_tag.setdefault(child.tag, []).append(child)

    if "introduction" in by_tag:
        raw["introduction"] = by_tag["introduction"][0].text or ""
    if "learning-area" in by_tag:
        raw["learning_areas"] = [
            {"id": el.get("id", ""), "title": el.get("title", ""), "description": el.text or ""}
            for el in by_tag["learning-area"]
        ]
    if "agenda-item" in by_tag:
        raw["agenda"] = [_read_agenda_item(el) for el in by_tag["agenda-item"]]
    if "rating-scale" in by_tag:
        raw["rating_scale"] = [
            {"value": el.get("value"), "label": el.get("label", "")}
            for el in by_tag["rating-scale"][0]
            if el.tag == "point"
        ]
    for tag, key in QUESTION_LISTS:
        if tag in by_tag:
            raw[key] = [
                {"id": el.get("id", ""), "text": el.text or ""} for el in by_tag[tag][0] if el.tag == "question"
            ]
    if "completion" in by_tag:
        element = by_tag["completion"][0]
        raw["completion"] = {key: element.get(key) for key in COMPLETION_KEYS if element.get(key) is not None}
    if "nudges" in by_tag:
        element = by_tag["nudges"][0]
        raw["nudges"] = {key: element.get(key) for key in NUDGE_KEYS if element.get(key) is not None}
    return raw


def _read_agenda_item(element):
    return {
        "id": element.get("id", ""),
        "title": element.get("title", ""),
        "week": element.get("week", "1"),
        "required": element.get("required", "false"),
        "areas": (element.get("areas") or "").split(),
        "prompts": [child.text or "" for child in element if child.tag == "prompt"],
        "links": [{"label": child.text or "", "url": child.get("url", "")} for child in element if child.tag == "link"],
    }


# -- the other fields: those of the platform's mixins, and any the block does not write itself ------


def _other_fields(block):
    return [
        (name, field)
        for name, field in block.fields.items()
        if name not in OWN_FIELDS and field.scope in (Scope.content, Scope.settings)
    ]


def write_other_fields(node, block):
    """Write every content or settings field set on ``block`` that the program does not carry."""
    for name, field in sorted(_other_fields(block)):
        if field.is_set_on(block):
            node.set(name, _attribute(field.to_json(getattr(block, name))))


def read_other_fields(node, block):
    """Set the fields of ``block`` named by the attributes of ``node`` that the program does not carry.

    Attributes that name no content or settings field of the block are left out, as XBlock's own
    ``parse_xml`` leaves out attributes that name no field (with a warning in the log).

    Raises:
        InvalidInput: for an attribute whose text the field cannot take (with the message of the
            field type, untranslated, as XBlock and the platform give it).
    """
    fields = dict(_other_fields(block))
    problems = {}
    for name, text in node.items():
        if name in OWN_FIELDS or name in RUNTIME_ATTRIBUTES:  # read with the program, or bookkeeping
            continue
        if name not in fields:
            log.warning("%s has no field %s; the attribute is not imported", type(block).__name__, name)
            continue
        field = fields[name]
        try:
            setattr(block, name, field.from_json(_json_value(field, text)))
        except (TypeError, ValueError) as error:
            # The field type's own message, as the platform's course import reports it.
            problems[name] = f"{text!r}: {error}"
    if problems:
        raise InvalidInput(problems)


def _attribute(value):
    """An attribute's text for a field's JSON value: text as is, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value)


def _json_value(field, text):
    """The field's JSON value for an attribute's text (the inverse of :func:`_attribute`)."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if value is None:
        return None
    if isinstance(field, String):
        # Text fields are written unquoted, so ``"a"`` or ``12`` is the text itself.
        return text
    try:
        field.from_json(value)
    except (TypeError, ValueError):
        # A field whose JSON is text (a date, a duration) given text that happens to parse as JSON.
        return text
    return value
