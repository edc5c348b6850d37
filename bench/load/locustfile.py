"""The load test's people for locust: mentors, mentees and course staff of the demo unit, and
visitors of the workbench's ``thumbs`` sample page, each making about one request a second.

Run by :mod:`bench.load.steps` (``locust -f bench/load/locustfile.py --headless ...``) with:

    LOAD_USAGE_ID   the demo unit's usage id (handler URLs)
    LOAD_PREFIX     the names of this run's people (each run has new people: a new story)
    LOAD_CLASSES    "mentoring" (mentors, mentees, staff) or "thumbs"
    LOAD_OUTPUT     where the run's figures go (JSON), written when the run stops

Every request sends ``X-Load-Kind`` (the server's CPU clock files it under that kind). A request
counts from the moment every user has been started (``spawning_complete``): answers by kind,
status and time. Any status of 500 or more, or no answer, is a server error; 409 (a conflict, or
busy) and 503 (unavailable, with ``Retry-After``) are answers, counted by status.
"""

import itertools
import json
import os
import time
from collections import defaultdict

from locust import HttpUser, constant_pacing, events, task

from bench.load import story

USAGE_ID = os.environ.get("LOAD_USAGE_ID", "")
CLASSES = os.environ.get("LOAD_CLASSES", "mentoring")


class Recorder:
    def __init__(self):
        self.started = None
        self.times = defaultdict(list)  # kind -> milliseconds
        self.statuses = defaultdict(lambda: defaultdict(int))  # kind -> status -> count
        self.samples = []  # unexpected answers, a few

    def note(self, kind, status, milliseconds, body):
        if self.started is None:
            return
        self.times[kind].append(round(milliseconds, 1))
        self.statuses[kind][str(status)] += 1
        if (status >= 500 or status == 0 or status in (400, 403, 404)) and len(self.samples) < 20:
            self.samples.append({"kind": kind, "status": status, "body": body[:300]})

    def as_json(self, stopped):
        return {
            "seconds": stopped - self.started if self.started else 0,
            "times": self.times,
            "statuses": self.statuses,
            "samples": self.samples,
            "board": story.BOARD.as_json(),
        }


RECORDER = Recorder()


@events.spawning_complete.add_listener
def _measure(user_count, **kwargs):
    RECORDER.started = time.monotonic()


@events.test_stop.add_listener
def _write(**kwargs):
    stopped = time.monotonic()
    with open(os.environ["LOAD_OUTPUT"], "w", encoding="utf-8") as handle:
        json.dump(RECORDER.as_json(stopped), handle)


class Person(HttpUser):
    """One person: a story (a generator, see :mod:`.story`) advanced one request per second."""

    abstract = True
    wait_time = constant_pacing(1)
    role = ""
    scenario = "mentorship.0"
    numbers = None

    def on_start(self):
        self.number = next(type(self).numbers)
        self.student = self.name_of(self.number)
        self.last_status = None
        self.story = self.play()

    def name_of(self, number):
        return story.name(self.role, number)

    def play(self):
        raise NotImplementedError

    @task
    def step(self):
        next(self.story)

    def _request(self, kind, method, url, **kwargs):
        headers = {"X-Load-Kind": kind, **kwargs.pop("headers", {})}
        started = time.perf_counter()
        with self.client.request(method, url, name=kind, headers=headers, catch_response=True, **kwargs) as answer:
            status = answer.status_code or 0
            RECORDER.note(kind, status, (time.perf_counter() - started) * 1000, answer.text or "")
            self.last_status = status
            if status >= 500 or status == 0:
                answer.failure(f"server error {status}")
            else:
                answer.success()  # conflicts and busy answers are answers; counted by status
            return answer

    def page(self, kind="learner page"):
        return self._request(kind, "GET", f"/scenario/{self.scenario}/?student={self.student}")

    def post(self, handler, data):
        """POST JSON to a handler as the block's page does; the answer's JSON on 2xx, else None."""
        token = self.client.cookies.get("csrftoken", "")
        answer = self._request(
            handler, "POST", f"/handler/{USAGE_ID}/{handler}/?student={self.student}", data=json.dumps(data),
            headers={"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token},
        )  # fmt: skip
        return answer.json() if 200 <= answer.status_code < 300 else None

    def download(self, handler):
        return self._request(handler, "GET", f"/handler/{USAGE_ID}/{handler}/?student={self.student}")


class Mentor(Person):
    weight = 4
    role = "mentor"
    numbers = itertools.count()

    def play(self):
        return story.mentor(self, self.number)


class Mentee(Person):
    weight = 4
    role = "mentee"
    numbers = itertools.count()

    def play(self):
        return story.mentee(self, self.number)


class Staff(Person):
    weight = 1
    role = "staff"
    numbers = itertools.count()

    def name_of(self, number):
        return story.staff_names()[number % story.STAFF_USERS]

    def play(self):
        return story.staff(self, self.number)

    def page(self, kind="staff page"):
        return super().page(kind)


class Thumbs(Person):
    """A visitor of the workbench's thumbs sample page (three thumbs blocks), the baseline."""

    role = "thumbs"
    scenario = "thumbs.0"
    numbers = itertools.count()

    def play(self):
        while True:
            yield self.page("thumbs page")


# locust runs every concrete HttpUser of this file: keep those of this run.
if CLASSES == "thumbs":
    del Mentor, Mentee, Staff
else:
    del Thumbs
