"""Write the figures of the last reliability run into docs/RELIABILITY.md.

    python tools/reliability.py    # what ``make reliability`` runs after the tests

The tests record what they checked in ``var/reliability/<report>.json`` (see
``tests/reliability.py``); each section of the report has a block between
``<!-- figures:<report> -->`` and ``<!-- /figures -->`` that is replaced by the figures of that
report. Nothing else in the file is touched. A report without a file says so instead of keeping
old numbers.
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "RELIABILITY.md"
FIGURES = ROOT / "var" / "reliability"
BLOCK = re.compile(r"(<!-- figures:(?P<name>[a-z]+) -->\n).*?(<!-- /figures -->)", re.S)


def load(name):
    path = FIGURES / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def run_line(data):
    run = data.get("_run", {})
    return f"Last run: {run.get('at', '?')}, on {run.get('database', '?')}."


def authorization(data):
    matrix = {key: value for key, value in data.items() if isinstance(value, dict) and not key.startswith("_")}
    roles = sorted({role for outcomes in matrix.values() for role in outcomes})
    outcomes = Counter(status for row in matrix.values() for status in row.values())
    objects = {key: value for key, value in data.items() if key.startswith("object of another pair")}
    units = {key: value for key, value in data.items() if key.startswith("pair from another unit")}
    by_status = ", ".join(f"{count} × {status}" for status, count in sorted(outcomes.items()))
    lines = [
        run_line(data),
        "",
        f"- Handlers × callers checked against the table: **{len(matrix)} × {len(roles)} = "
        f"{sum(map(len, matrix.values()))}** ({by_status}).",
        f"- Callers: {', '.join(roles)}.",
        f"- An object id of another pair sent through one's own pair: {sum(objects.values())} calls "
        f"({len(objects)} handlers), all 404 like a missing id.",
        f"- The target pair's ids from another unit's block, by its members and staff: {sum(units.values())} calls "
        f"({len(units)} handlers), all 404.",
        "- Failures: **0** (a figure is recorded only when its check passed).",
    ]
    return lines


def fuzzing(data):
    handlers = {key: value for key, value in data.items() if not key.startswith("_")}
    total = sum(entry["examples"] for entry in handlers.values())
    lines = [
        run_line(data),
        "",
        f"**{total:,} examples** over **{len(handlers)} handlers**, no status 500 or above, every refusal "
        "leaving the database as it was.",
        "",
        "| handler | examples | answers by status |",
        "|---|---:|---|",
    ]
    for handler, entry in sorted(handlers.items()):
        statuses = ", ".join(f"{status}: {count}" for status, count in sorted(entry["statuses"].items()))
        lines.append(f"| `{handler}` | {entry['examples']} | {statuses} |")
    return lines


def xss(data):
    views = data.get("views", {})
    fields = data.get("fields", {})
    lines = [
        run_line(data),
        "",
        f"- Payloads: **{data.get('payloads', 0)}**, all of them in every field.",
        f"- Fields: **{fields.get('author', 0)}** authored, **{fields.get('learner', 0)}** written by learners "
        "and staff.",
        f"- Views: **{len(views)}**; fields checked in each: "
        + ", ".join(f"{view} {count}" for view, count in sorted(views.items()))
        + ".",
        f"- Payload × field × view checks: **{data.get('payload_checks', 0):,}**, none run, no dialog, "
        "every link http(s).",
        f"- CSV: usernames starting with each of the **{data.get('csv_formula_starts', 0)}** formula starts "
        "neutralised in the staff export and the Data Download rows.",
    ]
    return lines


def limits(data):
    texts = data.get("texts", [])
    counts = {key.split(": ", 1)[1]: value for key, value in data.items() if key.startswith("count: ")}
    lines = [
        run_line(data),
        "",
        f"- Text caps checked at the cap and one over: **{len(texts)}** fields in "
        f"{len({text.split(':')[0] for text in texts})} handlers"
        + (", and the program's link address" if "link_url" in data else "")
        + ".",
        f"- Count caps checked at the cap and one over: **{len(counts)}**:",
        "",
        "| what | cap |",
        "|---|---:|",
        *[f"| {name} | {value:,} |" for name, value in sorted(counts.items())],
        "",
        "| handler | field | characters |",
        "|---|---|---:|",
        *[f"| `{handler}` | `{field}` | {cap} |" for handler, field, cap in (text.split(":") for text in texts)],
    ]
    return lines


SECTIONS = {"authorization": authorization, "fuzz": fuzzing, "xss": xss, "limits": limits}


def render(name):
    data = load(name)
    if data is None:
        return [f"No figures: `var/reliability/{name}.json` is missing (run `make reliability`)."]
    return SECTIONS[name](data)


def main():
    text = DOC.read_text()

    def replace(match):
        return match.group(1) + "\n".join(render(match.group("name"))) + "\n" + match.group(3)

    updated = BLOCK.sub(replace, text)
    DOC.write_text(updated)
    print(f"{DOC.relative_to(ROOT)}: figures of {', '.join(m.group('name') for m in BLOCK.finditer(updated))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
