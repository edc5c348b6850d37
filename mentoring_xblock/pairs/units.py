"""A unit's row, where course-wide pages read it, kept in line with its program: its name, its
at-risk threshold, and its pairs' stored standing counted with the program's rules."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..core.transactions import retrying_atomic
from ..models import MentoringUnit
from . import nudges, program_rules, tallies


def remember_unit(unit, program, display_name):
    """Keep the unit's row current where course-wide pages read it — its name, its at-risk
    threshold — and its pairs' stored standing in line with ``program``'s rules.

    One read per view while nothing changed. When the rules changed since the unit's pairs were
    last counted (a Studio save, an OLX import: their digest differs), every pair's standing is
    counted again first (:func:`program_rules.follow`), so that whatever the caller shows next
    (the staff list and its counts, the CSV, the report, the published completion and score),
    and the course-wide pages after it, follow the program."""
    values = {
        "course_key": unit.course_key,
        "display_name": display_name[:255],
        "at_risk_days": program["at_risk_days"],
        "rules_digest": program_rules.digest(program),
        "sweep_rules": nudges.sweep_rules(program),
    }
    known = MentoringUnit.objects.filter(usage_key=unit.usage_key).values(*values).first()
    if known is None or known["rules_digest"] != values["rules_digest"]:
        _follow_program(unit, program, values)
    elif known != values:
        _store_unit(unit, values)


def follows(program, rules_digest, at_risk_days):
    """True when a unit's row (its stored ``rules_digest`` and ``at_risk_days``) agrees with
    ``program``: its pairs' standing was counted with these rules and its at-risk threshold is
    the program's. Pure: course-wide pages compare the rows they read anyway."""
    return rules_digest == program_rules.digest(program) and at_risk_days == program["at_risk_days"]


def follow_published(unit, program):
    """What course-wide pages (the Instructor Dashboard's section and tab) do for a unit whose row
    does not follow its published ``program`` (see :func:`follows`): its pairs' standing is
    counted again as :func:`remember_unit` does, and its row takes the program's digest and
    at-risk threshold. Its display name stays as the block's views stored it (they store it in
    their viewer's language; a staff page rewriting it in its own would write at every read)."""
    values = {
        "course_key": unit.course_key,
        "at_risk_days": program["at_risk_days"],
        "rules_digest": program_rules.digest(program),
        "sweep_rules": nudges.sweep_rules(program),
    }
    _follow_program(unit, program, values)


@retrying_atomic
def _follow_program(unit, program, values):
    # The unit's row is held while its pairs are counted: a second reader that saw the old digest
    # waits here, then finds the new one and counts nothing again.
    rows = MentoringUnit.objects.filter(usage_key=unit.usage_key)
    known = rows.select_for_update().values("rules_digest").first()
    if known is None or known["rules_digest"] != values["rules_digest"]:
        program_rules.follow(unit, program)
        tallies.count_again(unit.usage_key, program["at_risk_days"])  # completions may have changed
    if known is None:
        try:
            with transaction.atomic():  # a savepoint: on PostgreSQL a failed insert ends the transaction
                MentoringUnit.objects.create(usage_key=unit.usage_key, **values)
            return
        except IntegrityError:
            pass  # another first reader created the row meanwhile, after counting with the same rules
    rows.update(**values, updated_at=timezone.now())


@retrying_atomic
def _store_unit(unit, values):
    # Two first visits at once may deadlock on MySQL's gap locks; the retry settles it.
    MentoringUnit.objects.update_or_create(usage_key=unit.usage_key, defaults=values)
