"""Figures of the reliability checks, kept for docs/RELIABILITY.md (``make reliability``).

Tests record what they really checked (handlers × callers, fuzz examples, payloads × fields ×
views, caps) in ``var/reliability/<report>.json``; ``tools/reliability.py`` writes them into the
report. Each figure is written when the check that produced it has passed, so a figure in the
report is one that held.
"""

import json

from django.conf import settings
from django.db import connection
from django.utils import timezone


def record(report, key, value):
    """Set ``key`` of ``var/reliability/<report>.json`` to ``value``, keeping its other keys, and
    note the database and the time of the run."""
    folder = settings.VAR_DIR / "reliability"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{report}.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[key] = value
    data["_run"] = {"database": connection.vendor, "at": timezone.now().isoformat(timespec="seconds")}
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
