"""What the staff panel's template shows of an :class:`reports.Overview`: labels, page links, the
result line, and the export link. Plain data; the template escapes everything it prints."""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..core.i18n import gettext as _
from ..core.i18n import gettext_noop, ngettext
from ..models import Pair
from ..pairs import pair_csv

STATUS_LABELS = {Pair.ACTIVE: gettext_noop("Active"), Pair.CLOSED: gettext_noop("Ended")}
FILTER_LABELS = {
    "all": gettext_noop("All"),
    "not_started": gettext_noop("Not started"),
    "in_progress": gettext_noop("In progress"),
    "at_risk": gettext_noop("At risk"),
    "complete": gettext_noop("Complete"),
}
OUTCOME_LABELS = {
    "created": gettext_noop("Paired"),
    "already_paired": gettext_noop("Already paired"),
    "unknown_user": gettext_noop("Unknown user"),
    "same_person": gettext_noop("Same person twice"),
    "at_capacity": gettext_noop("Mentor at capacity"),
    "own_account": gettext_noop("Your own account"),
    "malformed": gettext_noop("Malformed row"),
}
# A row of a file's preview that importing it would pair.
PREVIEW_PAIRED = gettext_noop("Will be paired")
# The table's sortable columns, in order (the keys of staff_overview.SORTS); the rest of a pair's
# figures are in its row's "Figures".
SORT_COLUMNS = {
    "mentor": gettext_noop("Mentor"),
    "mentee": gettext_noop("Mentee"),
    "stage": gettext_noop("Stage"),
    "at_risk": gettext_noop("At risk"),
    "completion": gettext_noop("Completion"),
    "last_session": gettext_noop("Last session"),
}
# Page links around the current page; the first and the last page are always linked.
PAGE_WINDOW = 2


def with_query(url, **params):
    """``url`` with ``params`` added to its query string (empty values left out)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += [(key, value) for key, value in params.items() if value not in (None, "")]
    return urlunsplit(parts._replace(query=urlencode(query)))


def page_links(page, pages):
    """The page buttons: ``{"number", "current"}`` entries, with ``{"gap": True}`` between distant ones."""
    shown = sorted({1, pages, *range(max(1, page - PAGE_WINDOW), min(pages, page + PAGE_WINDOW) + 1)})
    links, previous = [], 0
    for number in shown:
        if number > previous + 1:
            links.append({"gap": True})
        links.append({"number": number, "current": number == page})
        previous = number
    return links


def result_line(overview):
    """The sentence that heads the table and is announced: which pairs are shown of how many, and
    in which order when staff sorted by a column."""
    line = _shown_line(overview)
    sort = overview.view.sort
    label = SORT_COLUMNS.get(sort.lstrip("-"))
    if not label or not overview.total:
        return line
    if sort.startswith("-"):
        order = _("Sorted by {column}, descending.").format(column=_(label))
    else:
        order = _("Sorted by {column}, ascending.").format(column=_(label))
    return f"{line} {order}"


def _shown_line(overview):
    label = _(FILTER_LABELS[overview.view.filter])
    if not overview.total:
        if overview.view.search:
            return _('{filter}: no pairs match "{search}".').format(filter=label, search=overview.view.search)
        return _("{filter}: no pairs.").format(filter=label)
    if overview.view.search:
        text = ngettext(
            '{filter}: showing {first}–{last} of {total} pair matching "{search}".',
            '{filter}: showing {first}–{last} of {total} pairs matching "{search}".',
            overview.total,
        )
    else:
        text = ngettext(
            "{filter}: showing {first}–{last} of {total} pair.",
            "{filter}: showing {first}–{last} of {total} pairs.",
            overview.total,
        )
    return text.format(
        filter=label, first=overview.first, last=overview.last, total=overview.total, search=overview.view.search
    )


def sort_columns(sort):
    """The table's header cells: ``{"key", "label", "aria_sort", "next"}``, ``next`` being the sort
    its button asks for (ascending first, then the reverse)."""
    columns = []
    for key, label in SORT_COLUMNS.items():
        state = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        columns.append(
            {"key": key, "label": _(label), "aria_sort": state, "next": f"-{key}" if state == "ascending" else key}
        )
    return columns


def _row(row):
    return {
        **row,
        "active": row["status"] == Pair.ACTIVE,
        "status_label": _(STATUS_LABELS[row["status"]]),
        "stage_label": _(dict(Pair.STAGES)[row["stage"]]),
    }


def preview_context(preview):
    """The preview of a CSV file (``{"rows", "separator", "csv"}``) as the template shows it."""
    if preview is None:
        return None
    labels = {**OUTCOME_LABELS, "created": PREVIEW_PAIRED}
    rows = [{**row, "outcome_label": _(labels[row["outcome"]])} for row in preview["rows"]]
    return {
        "rows": rows,
        "pairing": sum(1 for row in rows if row["outcome"] == "created"),
        "separator": _(pair_csv.SEPARATORS[preview["separator"]]),
        "csv": preview["csv"],
    }


def context(overview, *, prefix, export_url, mentor_capacity, report=None, preview=None, dashboard=None):
    """The template context of ``templates/staff.html``."""
    view = overview.view
    if report is not None:
        report = [{**row, "outcome_label": _(OUTCOME_LABELS[row["outcome"]])} for row in report]
    return {
        "prefix": prefix,
        "pairs": [_row(row) for row in overview.rows],
        "active_count": overview.counts["active"],
        "unit_total": overview.counts["unit_total"],
        "view": view,
        "filters": [
            {"key": key, "label": _(label), "count": overview.counts["filters"][key], "current": key == view.filter}
            for key, label in FILTER_LABELS.items()
        ],
        "result_line": result_line(overview),
        "sort_columns": sort_columns(view.sort),
        "page": view.page,
        "pages": overview.pages,
        "previous_page": view.page - 1 if view.page > 1 else None,
        "next_page": view.page + 1 if view.page < overview.pages else None,
        "page_links": page_links(view.page, overview.pages),
        "export_url": with_query(export_url, filter=None if view.filter == "all" else view.filter, search=view.search),
        "at_risk_days": overview.at_risk_days,
        "unpaired": overview.unpaired,
        "unpaired_total": overview.unpaired_total,
        "report": report,
        "preview": preview_context(preview),
        "report_created": sum(1 for row in report or [] if row["outcome"] == "created"),
        "mentor_capacity": mentor_capacity,
        "dashboard": dashboard,
    }
