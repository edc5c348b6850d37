"""The ready-to-use six-month program a new Mentoring unit starts with.

Every text is marked with ``gettext_noop``: it is stored in the course as the author's
content and translated where it is shown, as long as the author has not rewritten it.
"""

from ..core.i18n import gettext_noop as _

DISPLAY_NAME = _("Mentoring")

INTRODUCTION = _(
    "For the next six months you will work one-to-one with a partner from this course: a mentee "
    "who wants to grow and a mentor who has walked the path. Together you agree how you will "
    "work, set a few clear goals, meet at least once a month and log each meeting against the "
    "agenda below. Halfway through and at the end, the mentee and the mentor each look back at "
    "the progress made, separately, so that both views count."
)

LEARNING_AREAS = [
    {
        "id": "direction",
        "title": _("Direction and choices"),
        "description": _("Knowing where you want to go next and which choices lead there."),
    },
    {
        "id": "skills",
        "title": _("Skills for the work"),
        "description": _("The subject and technical skills this course builds, applied to real tasks."),
    },
    {
        "id": "communication",
        "title": _("Communication and feedback"),
        "description": _("Explaining ideas, asking for help, and giving and taking feedback."),
    },
    {
        "id": "habits",
        "title": _("Habits and self-management"),
        "description": _("Planning time, keeping momentum and reflecting on what works."),
    },
]

AGENDA = [
    {
        "id": "kickoff",
        "title": _("Kickoff: meet and set expectations"),
        "prompts": [
            _("What does each of you hope to get out of these six months?"),
            _("How often and how will you meet, and how can you reach each other in between?"),
            _("What is off limits, and how will you say so if something is not working?"),
        ],
        "week": 1,
        "required": True,
        "areas": [],
        "links": [],
    },
    {
        "id": "needs",
        "title": _("Needs and a personal SWOT"),
        "prompts": [
            _("Why is now the right time for mentoring?"),
            _("Name your strengths, weaknesses, opportunities and threats. Which one matters most now?"),
            _("How much time can you give to this each week?"),
        ],
        "week": 2,
        "required": True,
        "areas": ["direction", "habits"],
        "links": [],
    },
    {
        "id": "smart-goals",
        "title": _("Setting SMART goals"),
        "prompts": [
            _(
                "Turn the most important need into a goal that is specific, measurable, achievable, "
                "relevant and time-bound."
            ),
            _("How will both of you know that the goal has been reached?"),
        ],
        "week": 4,
        "required": True,
        "areas": ["direction", "skills"],
        "links": [],
    },
    {
        "id": "roadmap",
        "title": _("A roadmap of topics"),
        "prompts": [
            _("Which topics should the coming meetings cover, and in what order?"),
            _("Which parts of the course, people or resources would help along the way?"),
        ],
        "week": 6,
        "required": False,
        "areas": ["skills", "communication"],
        "links": [],
    },
    {
        "id": "midpoint",
        "title": _("Mid-point check"),
        "prompts": [
            _("What has changed since the kickoff?"),
            _("Which goals need adjusting, and which can stay as they are?"),
            _("What should your meetings do more of, or less of?"),
        ],
        "week": 13,
        "required": True,
        "areas": ["direction", "skills", "communication", "habits"],
        "links": [],
    },
    {
        "id": "lessons",
        "title": _("Lessons learned"),
        "prompts": [
            _("What worked, what did not, and what would you do differently next time?"),
        ],
        "week": 22,
        "required": False,
        "areas": ["communication", "habits"],
        "links": [],
    },
    {
        "id": "final-review",
        "title": _("Final review and thank-you"),
        "prompts": [
            _("Go through the goals together: which were reached, and what comes next?"),
            _("Thank your partner: name one thing they did that made a difference."),
        ],
        "week": 26,
        "required": True,
        "areas": ["direction", "skills", "communication", "habits"],
        "links": [],
    },
]

RATING_SCALE = [
    {"value": 1, "label": _("Just starting")},
    {"value": 2, "label": _("Developing")},
    {"value": 3, "label": _("Capable")},
    {"value": 4, "label": _("Strong")},
    {"value": 5, "label": _("Could teach others")},
]

PROGRESS_QUESTIONS = [
    {"id": "improvement", "text": _("Where has the mentee improved most since the start?")},
    {"id": "new-approach", "text": _("What did the mentee try for the first time because of this mentoring?")},
    {"id": "obstacle", "text": _("Which obstacle was overcome, and how?")},
    {"id": "impact", "text": _("What visible difference has it made to the mentee's studies or work?")},
]

CHECKIN_QUESTIONS = [
    {"id": "satisfaction", "text": _("How satisfied are you with the mentoring so far, and why?")},
    {"id": "recommend", "text": _("Would you recommend this mentoring program to a classmate or colleague?")},
]

DURATION_WEEKS = 26
MIN_SESSIONS_PER_MONTH = 1
SESSION_FORMATS = ["video", "phone", "in_person", "chat"]
PAIRING_MODE = "staff"
MENTOR_CAPACITY = 3
MIDPOINT_ROUND = True
AT_RISK_DAYS = 30

COMPLETION = {
    "agreement_signed": True,
    "min_goals": 1,
    "min_sessions": 6,
    "required_agenda": True,
    "final_self_assessment": True,
    "final_mentor_assessment": True,
    "planned_end_passed": False,
}

# Pacing: a new unit is guided; a program stored before pacing existed reads as free
# (config.LEGACY), so that running units do not change.
PACING = "guided"
FINAL_ROUND_WEEKS = 2
# Reminders (pairs/nudges.py): a number of days sets when each falls due, 0 turns it off; the
# no-session reminder follows the at-risk threshold. Programs stored before reminders existed
# take these.
NUDGES = {
    "first_session_days": 10,
    "no_session": True,
    "unconfirmed_days": 3,
    "action_overdue": True,
    "round_open_days": 7,
    "end_within_days": 14,
    "staff_digest": True,
    "planned_unlogged_days": 2,
}
