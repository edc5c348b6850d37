"""Links the workbench's messages give: a unit is its scenario's page, as the recipient."""

import os
from urllib.parse import quote


def unit_url(course_key, usage_key, username=""):
    """The workbench page of the scenario holding ``usage_key`` (its block or the scenario's
    root), signed in as ``username`` (the workbench's ``?student=``)."""
    from workbench.scenarios import get_scenarios  # noqa: PLC0415  (the workbench only)

    scenario = next(
        (key for key, found in get_scenarios().items() if str(found.usage_id) == usage_key),
        usage_key.split(".", 1)[0],
    )
    root = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
    return f"{root}/scenario/{quote(scenario)}/?student={quote(username)}"
