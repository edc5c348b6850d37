"""The part of the authored program that a pair's stored standing depends on, and bringing every
pair of a unit in line with it when the author changes it.

Each pair stores its standing (:mod:`tracking`) and, beside it, what it has done whatever the
program asks (:data:`FACTS`: signatures, goals, agenda items covered, final assessments). When
the rules change — a Studio save, an OLX import — :func:`follow` counts every pair's standing
again from those columns, in one ``UPDATE`` whatever the number of pairs: the checklist of
:func:`progress.checklist` written as SQL conditions (:func:`requirements`), the share met as a
``CASE`` over how many are met, the stage, the completion time and the cadence's due day.

Whether a unit's pairs follow the current rules is known by a digest (:func:`digest`) stored
on its :class:`MentoringUnit` row, which every view reads anyway (:func:`units.remember_unit`):
an unchanged program costs no extra query.

One rule changes with time alone: "the planned end has passed" (``completion.planned_end_passed``),
met from the day ``started_on + duration_weeks`` onwards. Where a program has it, its rules name
the day they were counted on (``as_of`` in :func:`rules`), so the digest changes every day and
the first view of a day counts the unit's pairs again (one ``UPDATE``, the SQL comparing each
pair's start with that day); a member's write counts it too (:func:`tracking.store`). A pair
therefore completes on the first view of the unit on or after its planned end, whoever views.
Programs without the rule keep one digest, as before.
"""

import datetime
import hashlib
import json
from functools import reduce
from operator import add, and_

from django.db.models import Case, DateField, ExpressionWrapper, F, FloatField, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.utils import timezone

from ..models import Pair
from . import progress

# Bump when what a rule means changes in the code: every unit's pairs are then counted again.
RULES_VERSION = 1
FACTS = ("started", "signed_mentor", "signed_mentee", "goals_set", "agenda_covered", "final_self", "final_mentor")


def rules(program, today=None):
    """What a pair's standing depends on: the completion rules, the required agenda items, the
    cadence and the duration (the at-risk threshold is applied when staff read, not stored);
    with the planned-end rule, the day it is counted on (``today``, else the current day)."""
    found = {
        "version": RULES_VERSION,
        "completion": program["completion"],
        "required_agenda": [item["id"] for item in program["agenda"] if item["required"]],
        "min_sessions_per_month": program["min_sessions_per_month"],
        "duration_weeks": program["duration_weeks"],
    }
    if program["completion"].get("planned_end_passed"):
        found["as_of"] = (today or timezone.localdate()).isoformat()
    return found


def digest(program, today=None):
    """A short fingerprint of :func:`rules`: equal for two programs whose standing rules are equal
    (on one day, for a program whose rules depend on the day)."""
    text = json.dumps(rules(program, today), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def covered_text(item_ids):
    """Agenda item ids as stored in :attr:`Pair.agenda_covered`: ``",a,b,"`` (``""`` for none),
    so that "covers ``a``" is a plain ``LIKE '%,a,%'`` on every database (ids hold no comma)."""
    ids = sorted(set(item_ids))
    return f",{','.join(ids)}," if ids else ""


def facts_columns(facts, started):
    """The :data:`FACTS` columns of a pair from its :class:`progress.Facts` and whether it started."""
    return {
        "started": bool(started),
        "signed_mentor": "mentor" in facts.signed,
        "signed_mentee": "mentee" in facts.signed,
        "goals_set": facts.goals,
        "agenda_covered": covered_text(facts.covered),
        "final_self": bool(facts.final_self),
        "final_mentor": bool(facts.final_mentor),
    }


def requirements(program, today=None):
    """The conditions on a pair's row under which each requirement of :func:`progress.checklist`
    is met on ``today`` (else the current day), in its order: ``[(key, Q)]``."""
    completion = program["completion"]
    today = today or timezone.localdate()
    required = [item["id"] for item in program["agenda"] if item["required"]]
    conditions = {
        "agreement": lambda: Q(signed_mentor=True, signed_mentee=True),
        "goals": lambda: Q(goals_set__gte=completion["min_goals"]),
        "sessions": lambda: Q(sessions_confirmed__gte=completion["min_sessions"]),
        "agenda": lambda: reduce(and_, [Q(agenda_covered__contains=f",{item_id},") for item_id in required]),
        "final_self": lambda: Q(final_self=True),
        "final_mentor": lambda: Q(final_mentor=True),
        # started_on + duration <= today, as progress.checklist counts it
        "planned_end": lambda: Q(started_on__lte=today - datetime.timedelta(weeks=program["duration_weeks"])),
    }
    # The checklist of a pair that has done nothing names every requirement the program has.
    return [(item["key"], conditions[item["key"]]()) for item in progress.checklist(program, progress.Facts())]


def standing(program, now):
    """The standing columns as SQL expressions over each pair's own row (see :func:`follow`)."""
    met = [condition for _key, condition in requirements(program, timezone.localdate(now))]
    if met:
        count = reduce(add, [Case(When(c, then=Value(1)), default=Value(0), output_field=IntegerField()) for c in met])
        # The share as the exact float progress.fraction gives (k / n), never divided in SQL.
        share = Case(
            *[When(Exact(count, done), then=Value(done / len(met))) for done in range(len(met))],
            default=Value(1.0),
            output_field=FloatField(),
        )
        complete = reduce(and_, met)
    else:  # nothing to meet: every pair is complete (progress.fraction of no items)
        share, complete = Value(1.0, output_field=FloatField()), Q(pk__isnull=False)
    return {
        "stage": Case(
            When(complete, then=Value(Pair.COMPLETE)),
            When(started=True, then=Value(Pair.IN_PROGRESS)),
            default=Value(Pair.NOT_STARTED),
        ),
        "completed_at": Case(When(complete, then=Coalesce(F("completed_at"), Value(now))), default=None),
        "cadence_due_on": cadence(program),
        "progress": share,
    }


def cadence(program):
    """:func:`tracking.cadence_due_on` as SQL: the start plus :func:`progress.cadence_offset`
    of the pair's confirmed sessions, one branch per month of the cadence (not per pair)."""
    per_month = program["min_sessions_per_month"]
    branches = []
    months = 0
    while per_month and (days := progress.cadence_offset(months * per_month, program)) is not None:
        due = ExpressionWrapper(F("started_on") + datetime.timedelta(days=days), output_field=DateField())
        branches.append(When(sessions_confirmed__lt=(months + 1) * per_month, then=due))
        months += 1
    if not branches:
        return Value(None, output_field=DateField())
    return Case(*branches, default=None, output_field=DateField())


def follow(unit, program):
    """Store the standing of every pair of ``unit`` as ``program`` counts it, from each pair's
    stored facts: one ``UPDATE``, however many pairs the unit has. Returns how many pairs it
    wrote. The caller holds the unit's row (see :func:`units.remember_unit`)."""
    return Pair.objects.filter(usage_key=unit.usage_key).update(**standing(program, timezone.now()))
