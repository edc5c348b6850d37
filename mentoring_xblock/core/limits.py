"""How much of anything can be stored: every cap in one place.

Every free text has a length cap and every list a count cap, so that nobody can fill the
database or a page. Each is refused with a message naming the field (400), or, for a count
that is reached over time (goals, sessions, ...), with a message saying which limit was reached.
The author's program has its own caps (:data:`PROGRAM`), and entry ids their one rule
(:data:`ID_PATTERN`); the Studio editor receives both from the server (``ui/views.py``).
"""

# -- a request --------------------------------------------------------------------------------
# The JSON body of a handler call; the largest legitimate one is a CSV upload (see CSV_MAX_BYTES)
# as JSON text, where quotes and line breaks take two characters each. It is Django's own default
# for a request body read at once (DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MiB), which Open edX keeps:
# one limit, so that every body over it gets the block's JSON error.
REQUEST_MAX_BYTES = 2_621_440

# -- texts learners and staff write (characters) -------------------------------------------------
USERNAME_MAX = 150
SHORT_TEXT_MAX = 200  # one-line texts: the agreement's cadence and contact hours, time available
CHANNELS_MAX = 500
GOAL_STATEMENT_MAX = 500
ACTION_TEXT_MAX = 500
END_REASON_MAX = 500
TEXT_MAX = 2000  # answers, notes on a goal, the agreement's longer fields, a session's review
LONG_TEXT_MAX = 4000  # session notes and an assessment's comment
INVITE_CODE_MAX = 32
SEARCH_MAX = 150
URL_MAX = 500  # a planned session's place or video link

# -- how many (per pair unless said otherwise) ------------------------------------------------------
GOALS_PER_PAIR = 10
UPDATES_PER_GOAL = 100
SESSIONS_PER_PAIR = 500
ACTIONS_PER_SESSION = 10  # new action items logged with one session
ACTIONS_PER_PAIR = 300
AGREEMENT_VERSIONS = 100
OPEN_CODES_PER_LEARNER = 5
PLANNED_AHEAD = 10  # sessions planned and not yet logged or cancelled
PLANNED_PER_PAIR = 500  # sessions planned, cancelled ones included

# -- a CSV upload of pairs ---------------------------------------------------------------------------
CSV_MAX_BYTES = 1_000_000
CSV_MAX_ROWS = 2000

# -- a pair's mentor -----------------------------------------------------------------------------------
# The most mentees a mentor can take in one unit: the program's highest ``mentor_capacity``, and a
# database constraint on a pair's mentor slot (models.Pair).
MENTOR_CAPACITY_MAX = 50

# -- the author's program (Studio; the editor receives these too, to stop at a cap first) ----------------
PROGRAM = {
    "learning_areas": 30,
    "agenda": 60,
    "rating_scale": 10,
    "questions": 20,
    "prompts": 10,
    "links": 10,
    "title": 200,
    "text": 4000,
    "url": 2000,
}
# An entry's id (learning area, agenda item, question): lowercase letters, digits, - and _,
# starting with a letter or digit, at most ID_MAX characters. The editor checks it with the same
# pattern, as a JavaScript regular expression. An id made from a title (config.slugify, and the
# editor's slugify in static/js/studio/util.js: one rule, tested on both sides with the examples
# of tests/fixtures/studio_rules.json) is at most ID_SLUG_MAX characters long, which leaves room
# for the "-2", "-3", ... that keeps it unique.
ID_MAX = 64
ID_SLUG_MAX = 48
ID_PATTERN = rf"^[a-z0-9][a-z0-9_-]{{0,{ID_MAX - 1}}}$"
