"""How much of anything can be stored: every cap in one place.

Every free text has a length cap and every list a count cap, so that nobody can fill the
database or a page. Each is refused with a message naming the field (400), or, for a count
that is reached over time (goals, sessions, ...), with a message saying which limit was reached.
The author's program has its own caps (:data:`config.LIMITS`), sent to the Studio editor too.
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

# -- how many (per pair unless said otherwise) ------------------------------------------------------
GOALS_PER_PAIR = 10
UPDATES_PER_GOAL = 100
SESSIONS_PER_PAIR = 500
ACTIONS_PER_SESSION = 10  # new action items logged with one session
ACTIONS_PER_PAIR = 300
AGREEMENT_VERSIONS = 100
OPEN_CODES_PER_LEARNER = 5

# -- a CSV upload of pairs ---------------------------------------------------------------------------
CSV_MAX_BYTES = 1_000_000
CSV_MAX_ROWS = 2000
