"""The pair story as the load test's people play it: what each request sends, and the board
through which a mentor and a mentee of one locust process meet (the invite code one of them
creates, the pair it forms, the sessions waiting for the partner's confirmation).

Every person's story is a generator that makes one request per step (see :mod:`.locustfile`);
nothing here talks to the server.
"""

import datetime
import os
import uuid
from collections import defaultdict

PREFIX = os.environ.get("LOAD_PREFIX", "load")  # a new set of people for each locust run
STAFF_USERS = 50  # staff0 … staff49, listed in MENTORING_STAFF_USERS for the server
AGREEMENT = {
    "cadence": "Every week",
    "session_minutes": 45,
    "session_format": "video",
    "channels": "Chat and email",
    "contact_hours": "Weekdays",
}
NEEDS = {"why_now": "A new job", "outcome": "Confidence with SQL", "time_available": "Two hours a week"}
AREAS = ("sql", "storytelling", "stakeholders", "career")
QUESTIONS = ("improvement", "new-technique", "impact", "satisfaction", "recommend")
LATER_ROUNDS = ("midpoint", "final")


def request_id():
    return uuid.uuid4().hex


def staff_names():
    return [f"staff{n}" for n in range(STAFF_USERS)]


def name(role, number):
    return f"{PREFIX}-{role}{number}"


class Board:
    """What the people of one locust process share, and the creates that succeeded (which the
    driver compares with the database afterwards: nothing lost, nothing twice)."""

    def __init__(self):
        self.codes = {}  # pair number -> the mentor's invite code
        self.pairs = {}  # pair number -> pair id
        self.agreements = {}  # pair number -> the agreement version the mentor saved
        self.baseline = set()  # pair numbers whose mentee submitted the needs assessment
        self.pending = defaultdict(list)  # pair number -> sessions waiting for the mentee
        self.goals = defaultdict(list)  # pair number -> goal ids
        self.created = defaultdict(lambda: defaultdict(int))  # pair id -> {what: how many}

    def as_json(self):
        return {"pairs": self.pairs, "created": {str(pair): dict(counts) for pair, counts in self.created.items()}}


BOARD = Board()


def session(pair_id):
    today = datetime.date.today()
    return {
        "pair_id": pair_id,
        "held_on": today.isoformat(),
        "minutes": 45,
        "session_format": "video",
        "agenda_items": ["kickoff"],
        "notes": "Walked through a query together",
        "review": {"useful": "The walkthrough", "next_steps": "Draft the chart"},
        "action_items": [
            {"text": "Send the draft", "owner": "mentee", "due_on": (today + datetime.timedelta(days=7)).isoformat()}
        ],
        "request_id": request_id(),
    }


def goal(pair_id, number):
    return {
        "pair_id": pair_id,
        "statement": f"Goal {number}: present a finding to the team",
        "why": "To be heard",
        "measure": "Presented once",
        "target_date": (datetime.date.today() + datetime.timedelta(days=60)).isoformat(),
        "areas": list(AREAS[: number % 3 + 1]),
        "status": "in_progress",
        "request_id": request_id(),
    }


def progress(pair_id, goal_id, value):
    return {"pair_id": pair_id, "goal_id": goal_id, "value": value, "note": "A step further",
            "request_id": request_id()}  # fmt: skip


def assessment(pair_id, round_):
    ratings = dict.fromkeys(AREAS, 2 if round_ == "baseline" else 3)
    if round_ == "baseline":
        return {"pair_id": pair_id, "round": round_, "ratings": ratings, **NEEDS}
    return {
        "pair_id": pair_id,
        "round": round_,
        "ratings": ratings,
        "answers": dict.fromkeys(QUESTIONS, "Clearly better"),
        "comment": "Going well",
    }


def mentor(person, number):
    """A mentor: opens the unit, creates an invite code, waits for the mentee, writes and signs
    the agreement, then logs sessions, rates the mentee's rounds and looks at the workspace."""
    yield person.page()
    body = None
    while body is None:
        body = person.post("invite_create", {"role": "mentor", "request_id": request_id()})
        yield
    BOARD.codes[number] = body["invite"]["code"]
    while number not in BOARD.pairs:
        yield person.page()
    pair_id = BOARD.pairs[number]
    body = None
    while body is None:
        body = person.post("agreement_save", {"pair_id": pair_id, "version": 0, **AGREEMENT})
        yield
    version = body["agreement"]["version"]
    BOARD.agreements[number] = version
    yield person.post("agreement_sign", {"pair_id": pair_id, "version": version})
    rounds = list(LATER_ROUNDS)
    while True:
        yield person.page()
        logged = person.post("session_log", session(pair_id))
        if logged is not None:
            BOARD.pending[number].append(logged["session"]["id"])
            BOARD.created[pair_id]["sessions"] += 1
        yield
        yield person.post("workspace_state", {"pair_id": pair_id})
        if rounds and number in BOARD.baseline:
            if person.post("assessment_submit", assessment(pair_id, rounds[0])) is not None:
                rounds.pop(0)
            yield


def mentee(person, number):
    """A mentee: opens the unit, redeems the mentor's code, submits the needs assessment, adds
    two goals, signs the agreement, then confirms sessions, records progress and assesses."""
    yield person.page()
    while number not in BOARD.codes:
        yield person.page()
    body = None
    while body is None:
        body = person.post("invite_redeem", {"code": BOARD.codes[number], "request_id": request_id()})
        yield
    pair_id = BOARD.pairs[number] = body["pair_id"]
    BOARD.created[pair_id]["pairs"] += 1
    while person.post("assessment_submit", assessment(pair_id, "baseline")) is None:
        yield
    BOARD.baseline.add(number)
    yield
    for count in range(2):
        added = person.post("goal_add", goal(pair_id, count))
        if added is not None:
            BOARD.goals[number].append(added["goal"]["id"])
            BOARD.created[pair_id]["goals"] += 1
        yield
    while number not in BOARD.agreements:
        yield person.post("workspace_state", {"pair_id": pair_id})
    yield person.post("agreement_sign", {"pair_id": pair_id, "version": BOARD.agreements[number]})
    rounds, value = list(LATER_ROUNDS), 0
    while True:
        yield person.page()
        if BOARD.pending[number]:
            session_id = BOARD.pending[number].pop(0)
            yield person.post("session_review", {"pair_id": pair_id, "session_id": session_id, "decision": "confirm"})
        goals = BOARD.goals[number]
        if goals:
            value = min(value + 5, 100)
            if person.post("goal_progress", progress(pair_id, goals[value // 5 % len(goals)], value)) is not None:
                BOARD.created[pair_id]["updates"] += 1
            yield
        if rounds:
            if person.post("assessment_submit", assessment(pair_id, rounds[0])) is not None:
                rounds.pop(0)
            yield
        yield person.post("workspace_state", {"pair_id": pair_id})


def staff(person, number):
    """Course staff: the staff page, pages and searches of the pair list, the CSV, and a pair's
    workspace now and then."""
    page = 0
    while True:
        yield person.page()
        page += 1
        yield person.post("staff_pairs", {"filter": "all", "page": page % 3 + 1})
        yield person.post("staff_pairs", {"filter": "all", "search": f"{PREFIX}-mentee"})
        yield person.download("staff_export")
        if BOARD.pairs:
            pair_ids = list(BOARD.pairs.values())
            yield person.post("workspace_state", {"pair_id": pair_ids[page % len(pair_ids)]})
