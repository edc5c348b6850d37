"""The outcomes CSV for research: each pair's ratings of each learning area, round by round.

One row per pair and learning area of the program: the mentee's baseline rating (the needs
assessment), then the mentee's own (``self``) and the mentor's rating of each later round (the
mid-point where the program has one, the final), from submitted assessments only (a draft is
not an outcome). A rating not given is an empty cell.

People are named by pseudonymous ids, not usernames: each member's anonymous user id for the
course, the one the platform's "anonymized student IDs" download gives, so that researchers can
join the file with the platform's other research data without seeing who anyone is (a retired
learner's id is the unit's ``retired-…`` token). Column names are stable identifiers, not
translated; values are plain numbers and ISO dates.

The pairs are read in pages of neighbouring ids (:func:`pair_values.pages`), each with its
assessments in one more query, so the query count grows with the number of pages, not of pairs.
"""

from ..core import dates
from ..models import Assessment, Pair
from ..pairs import assessments
from ..pairs.access import require_staff
from . import pair_values, staff_overview
from .csv_lines import CsvLines
from .exports import cell

BASE_COLUMNS = ("pair_id", "mentor_id", "mentee_id", "status", "started_on", "ended_on", "area")
PAIR_VALUES = ("pk", "mentor__anonymous_id", "mentee__anonymous_id", "status", "started_on", "ended_at")
CHUNK_SIZE = 1000


def rating_columns(program):
    """``(round, rater)`` of each rating column, in order: ``baseline`` (self), then ``self`` and
    ``mentor`` for each later round of the program."""
    return [(round_, rater) for round_ in assessments.rounds_of(program) for rater in assessments.raters_of(round_)]


def columns(program):
    """The CSV's header: :data:`BASE_COLUMNS`, then ``<round>_<rater>`` for each rating."""
    return (*BASE_COLUMNS, *(f"{round_}_{rater}" for round_, rater in rating_columns(program)))


def filename(today):
    """The download's file name, e.g. ``mentoring-outcomes-2024-03-15.csv``."""
    return f"mentoring-outcomes-{today.isoformat()}.csv"


def outcomes_csv(ctx):
    """The unit's outcomes CSV as an iterator of UTF-8 byte chunks, every pair of the unit
    (active and ended), newest pairing first.

    The staff check happens here, before anything is read; the pairs are read while iterating.

    Raises:
        NotAllowed: the actor is not course staff.
    """
    require_staff(ctx)
    pairs = Pair.objects.filter(usage_key=ctx.unit.usage_key)
    return _lines(pairs, ctx.program)


def _lines(pairs, program):
    writer = CsvLines()

    writer.writerow(columns(program))
    yield writer.take()
    areas = [area["id"] for area in program["learning_areas"]]
    ratings = rating_columns(program)
    for page in pair_values.pages(pairs, CHUNK_SIZE, PAIR_VALUES):
        given = _ratings([row[0] for row in page])
        for pk, mentor_id, mentee_id, status, started_on, ended_at in page:
            first = (
                pk,
                cell(mentor_id),
                cell(mentee_id),
                status,
                started_on,
                dates.local_day(ended_at) if ended_at else "",
            )
            for area in areas:
                values = [given.get((pk, round_, rater), {}).get(area) for round_, rater in ratings]
                writer.writerow((*first, cell(area), *(cell(value) for value in values)))
        yield writer.take()


def _ratings(pair_ids):
    """``{(pair id, round, rater): {area id: rating}}`` of the submitted assessments of ``pair_ids``
    (and of neighbours in their id range, never looked up), in one query."""
    rows = Assessment.objects.filter(staff_overview.id_among("pair__id", pair_ids), submitted_at__isnull=False)
    return {
        (pair_id, round_, rater): ratings if isinstance(ratings, dict) else {}
        for pair_id, round_, rater, ratings in rows.values_list("pair_id", "round", "rater", "ratings")
    }
