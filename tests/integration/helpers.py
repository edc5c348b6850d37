"""Helpers shared by the integration tests: the demo data, pages, handler calls and the rows they may change."""

import contextlib
import functools
import io
import json
import re
from collections import namedtuple

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from webob import Request

from mentoring_xblock.models import (
    ActionItem,
    Agreement,
    AgreementSignature,
    Assessment,
    Goal,
    GoalUpdate,
    InviteCode,
    Pair,
    Participant,
    PlannedSession,
    Session,
)

from ..conftest import DEMO, call_json, load_block

MENTORING_MODELS = (
    Pair,
    Agreement,
    AgreementSignature,
    Goal,
    GoalUpdate,
    Session,
    ActionItem,
    InviteCode,
    Participant,
    Assessment,
    PlannedSession,
)


# The platform's XBlockUserState, as its user state client yields it to generate_report_data.
UserState = namedtuple("UserState", "username state block_key updated")


def user_states(block):
    """What the platform iterates over: the users with per-user state for the block (here, the
    workbench's stored user state, as the LMS's StudentModule rows)."""
    from workbench.models import XBlockState

    rows = XBlockState.objects.filter(scope="usage", scope_id=str(block.scope_ids.usage_id), user_id__isnull=False)
    for row in rows.order_by("user_id"):
        state = json.loads(row.state)
        if state:  # the workbench also keeps empty rows for users who only looked
            yield UserState(row.user_id, state, block.scope_ids.usage_id, timezone.now())


def load_demo():
    """The demo pairs, people and programs of ``manage.py load_demo``, quietly."""
    call_command("load_demo", stdout=io.StringIO())


def snapshot(models=MENTORING_MODELS):
    """Every row of ``models``, every field (counts, versions, ``updated_at``, ``last_seen`` included)."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models}


def page(client, student, scenario=DEMO):
    """The scenario's page as ``student`` sees it (a learner's visit is recorded)."""
    response = client.get(f"/scenario/{scenario}/?student={student}")
    assert response.status_code == 200
    return response.content.decode()


def opened_page(client, student, scenario=DEMO):
    """The page as ``student`` reads it with every section open: the sections it shows closed
    are read as the page reads them when opened (``workspace_state`` with ``sections``)."""
    return with_closed_sections(page(client, student, scenario), student, functools.partial(act, scenario=scenario))


def with_closed_sections(html, student, call):
    """``html`` (a page of ``student``'s) followed by the sections it shows closed, read as the
    page reads them when opened: ``call(student, "workspace_state", data)`` answers (status, body)."""
    closed = re.findall(r'data-fold="(\w+)" aria-expanded="false"', html)
    pair_id = re.search(r'class="mentoring-pair" data-pair-id="(\d+)"', html)
    if closed and pair_id:
        status, body = call(student, "workspace_state", {"pair_id": pair_id.group(1), "sections": closed})
        assert status == 200, body
        html += "".join(body["sections"].values())
    return html


def visit(client, student, scenario=DEMO):
    """Open the scenario as ``student``, as a learner who opens the unit."""
    page(client, student, scenario)


def act(student, handler, data, scenario=DEMO):
    """Call a JSON handler of the scenario's block as ``student``; returns (status, parsed body)."""
    return call_json(load_block(scenario, student), handler, data)


def fetch(student, handler, query="", scenario=DEMO, method="GET"):
    """Call a file handler (a download) as ``student``; returns (status, body bytes)."""
    block = load_block(scenario, student)
    response = block.runtime.handle(block, handler, Request.blank(f"/?{query}", method=method))
    return response.status_code, response.body


@contextlib.contextmanager
def rolled_back():
    """Undo every write made inside, as if it never happened (a savepoint of the test's transaction).

    Lets one loaded world serve many independent calls: each starts from the same data."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def ok(result):
    """The body of a call that must have succeeded."""
    status, body = result
    assert status == 200, body
    return body


def html_of(body):
    """The HTML an answer brings: a whole view, or the sections of a workspace a write re-rendered."""
    return body["html"] if "html" in body else "".join(body["sections"].values())
