"""The data mentors, mentees and staff share in one Mentoring unit.

Authored configuration lives in the block's fields; everything people create lives here,
because a pair's two members must read and write the same records. Every row carries the
unit's usage key and course key so one unit's data never mixes with another's.
"""

from django.db import models

from .core import limits
from .core.i18n import gettext_noop

ROLES = [("mentor", "Mentor"), ("mentee", "Mentee")]


class UnitScoped(models.Model):
    """Fields every mentoring row carries."""

    course_key = models.CharField(max_length=255, db_index=True)
    usage_key = models.CharField(max_length=255, db_index=True)

    class Meta:
        abstract = True


class Participant(UnitScoped):
    """A user seen in a unit, referred to by the runtime's anonymous id for the course."""

    anonymous_id = models.CharField(max_length=128)
    user_id = models.IntegerField(null=True, blank=True, help_text="Platform user id, where the runtime gives it.")
    username = models.CharField(max_length=limits.USERNAME_MAX, blank=True)
    display_name = models.CharField(max_length=255, blank=True)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now=True)
    # Set when the platform retired the user: their names and words are erased (retirement.py).
    retired_at = models.DateTimeField(null=True, blank=True)
    # Set when the person asked for no more reminders from this unit (pairs/nudges.py).
    nudges_off_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["usage_key", "anonymous_id"], name="mentoring_participant_once_per_unit"),
        ]
        indexes = [
            models.Index(fields=["usage_key", "username"], name="mentoring_participant_name"),
            # The staff panel's learners without a pair, most recently seen first.
            models.Index(fields=["usage_key", "last_seen", "id"], name="mentoring_participant_seen"),
        ]

    def __str__(self):
        return self.username or self.anonymous_id


class Pair(UnitScoped):
    """A mentor and a mentee working together in one unit."""

    ACTIVE = "active"
    CLOSED = "closed"
    STATUSES = [(ACTIVE, "Active"), (CLOSED, "Closed")]
    FORMED_BY = [("staff", "Staff"), ("csv", "CSV upload"), ("invite", "Invite code"), ("demo", "Demo data")]

    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="pairs_as_mentor")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="pairs_as_mentee")
    status = models.CharField(max_length=16, choices=STATUSES, default=ACTIVE)
    # Equal to mentee_id while the pair is active and NULL once closed: the unique constraint
    # below then allows one active mentor per mentee on every database, MariaDB included
    # (which has no partial indexes). NULLs never collide in a unique index.
    active_mentee = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="+", editable=False
    )
    formed_by = models.CharField(max_length=16, choices=FORMED_BY, default="staff")
    created_at = models.DateTimeField(auto_now_add=True)
    started_on = models.DateField()
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=limits.END_REASON_MAX, blank=True)
    # Who ended the pairing (course staff), as the platform named them then: the members see it.
    ended_by_user_id = models.IntegerField(
        null=True, blank=True, help_text="Platform user id, where the runtime gives it."
    )
    ended_by_username = models.CharField(max_length=limits.USERNAME_MAX, blank=True)
    ended_by_name = models.CharField(max_length=255, blank=True)

    # Progress, kept current by every write to the pair (tracking.store), so that staff
    # lists filter and sort in SQL however many pairs a unit has.
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    # Labels are translated where they are shown.
    STAGES = [
        (NOT_STARTED, gettext_noop("Not started")),
        (IN_PROGRESS, gettext_noop("In progress")),
        (COMPLETE, gettext_noop("Complete")),
    ]
    stage = models.CharField(max_length=16, choices=STAGES, default=NOT_STARTED)
    progress = models.FloatField(default=0.0, help_text="Share of the completion checklist met, 0 to 1.")
    completed_at = models.DateTimeField(null=True, blank=True)
    sessions_confirmed = models.PositiveIntegerField(default=0)
    minutes_confirmed = models.PositiveIntegerField(default=0)
    last_session_on = models.DateField(null=True, blank=True, help_text="The last confirmed session.")
    last_activity_at = models.DateTimeField(null=True, blank=True, help_text="The last write by a member.")
    cadence_due_on = models.DateField(
        null=True, blank=True, help_text="The day the pair falls behind the cadence without another session."
    )

    # What the pair has done, whatever the program asks (tracking.store writes them with the
    # standing), so that a changed program re-counts every pair's standing in SQL
    # (program_rules.follow) without reading their records.
    started = models.BooleanField(default=False, help_text="Anything recorded: session, goal, agreement, assessment.")
    signed_mentor = models.BooleanField(default=False, help_text="The mentor signed the agreement's current version.")
    signed_mentee = models.BooleanField(default=False, help_text="The mentee signed the agreement's current version.")
    goals_set = models.PositiveIntegerField(default=0)
    agenda_covered = models.TextField(
        blank=True, default="", help_text="Agenda item ids covered by confirmed sessions, as ',id,id,'."
    )
    final_self = models.BooleanField(default=False, help_text="The final self-assessment is submitted.")
    final_mentor = models.BooleanField(default=False, help_text="The mentor's final assessment is submitted.")
    # The days of its confirmed sessions, so that a write knows the pair's part in the unit's
    # tallies before it changed them (pairs.tallies).
    confirmed_days = models.TextField(
        blank=True, default="", help_text="The days of the confirmed sessions, ISO dates separated by spaces."
    )

    # Which of the mentor's places this active pair takes (1..capacity); NULL once closed.
    # With the unique constraint below, two requests racing to give a mentor their last free
    # place cannot both succeed: the database refuses the second.
    mentor_slot = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["usage_key", "active_mentee"], name="mentoring_one_active_mentor"),
            models.UniqueConstraint(fields=["usage_key", "mentor", "mentor_slot"], name="mentoring_mentor_slot"),
            models.CheckConstraint(
                condition=models.Q(mentor_slot__isnull=True)
                | models.Q(mentor_slot__gte=1, mentor_slot__lte=limits.MENTOR_CAPACITY_MAX),
                name="mentoring_mentor_slot_range",
            ),
            models.CheckConstraint(condition=~models.Q(mentor=models.F("mentee")), name="mentoring_pair_two_people"),
        ]
        indexes = [
            # A unit's active mentors and mentees, read off the index alone: the staff panel's
            # learners without a pair are its participants found in neither.
            models.Index(fields=["usage_key", "status", "mentor"], name="mentoring_pair_status_mentor"),
            models.Index(fields=["usage_key", "status", "mentee"], name="mentoring_pair_status_mentee"),
            models.Index(fields=["usage_key", "stage"], name="mentoring_pair_stage"),
            # Every column the staff panel's counts per filter read: they are counted off the index.
            models.Index(
                fields=["usage_key", "status", "stage", "last_session_on", "started_on", "cadence_due_on"],
                name="mentoring_pair_standing",
            ),
            # The staff list's order (newest first, see reports.ORDER): a page is read off the index.
            models.Index(fields=["usage_key", "created_at", "id"], name="mentoring_pair_newest"),
        ]

    def save(self, *args, **kwargs):
        if self.status != self.ACTIVE:
            self.mentor_slot = None
        self.active_mentee_id = self.mentee_id if self.status == self.ACTIVE else None
        super().save(*args, **kwargs)

    def role_of(self, participant):
        """``"mentor"``, ``"mentee"`` or None for someone outside the pair."""
        if participant is None:
            return None
        if participant.pk == self.mentor_id:
            return "mentor"
        if participant.pk == self.mentee_id:
            return "mentee"
        return None

    def member(self, role):
        return self.mentor if role == "mentor" else self.mentee


class Agreement(UnitScoped):
    """How a pair agreed to work; each side signs a given version."""

    pair = models.OneToOneField(Pair, on_delete=models.CASCADE, related_name="agreement")
    version = models.PositiveIntegerField(default=1)
    cadence = models.CharField(max_length=limits.SHORT_TEXT_MAX, blank=True)
    session_minutes = models.PositiveIntegerField(null=True, blank=True)
    session_format = models.CharField(max_length=16, blank=True)
    channels = models.CharField(max_length=limits.CHANNELS_MAX, blank=True)
    contact_hours = models.CharField(max_length=limits.SHORT_TEXT_MAX, blank=True)
    boundaries = models.TextField(blank=True)
    mentor_expectations = models.TextField(blank=True)
    mentee_expectations = models.TextField(blank=True)
    mentor_brings = models.TextField(blank=True)
    mentee_brings = models.TextField(blank=True)
    review_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")


class AgreementSignature(UnitScoped):
    """One member's sign-off of one version of the agreement; earlier versions' stay as history."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    role = models.CharField(max_length=8, choices=ROLES)
    signer = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField()
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agreement", "role", "version"], name="mentoring_sign_once"),
        ]


class Goal(UnitScoped):
    """A SMART goal of a pair, with optimistic versioning against lost updates."""

    STATUSES = [
        ("not_started", gettext_noop("Not started")),
        ("in_progress", gettext_noop("In progress")),
        ("achieved", gettext_noop("Achieved")),
        ("partly", gettext_noop("Partly achieved")),
        ("dropped", gettext_noop("Dropped")),
    ]

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="goals")
    statement = models.CharField(max_length=limits.GOAL_STATEMENT_MAX)
    why = models.TextField(blank=True)
    measure = models.TextField(blank=True)
    target_date = models.DateField(null=True, blank=True)
    areas = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=STATUSES, default="not_started")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["pair", "created_at"], name="mentoring_goal_pair")]


class GoalUpdate(UnitScoped):
    """One entry of a goal's progress history."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="+")
    value = models.PositiveSmallIntegerField(help_text="Progress in percent.")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class Session(UnitScoped):
    """A meeting one member logged; it counts once the partner confirms it."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    DISPUTED = "disputed"
    CONFIRMATIONS = [
        (PENDING, gettext_noop("Waiting for the partner")),
        (CONFIRMED, gettext_noop("Confirmed")),
        (DISPUTED, gettext_noop("Disputed")),
    ]

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField()
    minutes = models.PositiveIntegerField()
    session_format = models.CharField(max_length=16)
    agenda_items = models.JSONField(default=list)
    notes = models.TextField(blank=True)
    review = models.JSONField(default=dict, help_text="End-of-session review answers.")
    logged_by = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="+")
    logged_at = models.DateTimeField(auto_now_add=True)
    confirmation = models.CharField(max_length=16, choices=CONFIRMATIONS, default=PENDING)
    confirmed_at = models.DateTimeField(null=True, blank=True, help_text="When the partner confirmed or disputed.")
    dispute_note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["pair", "held_on"], name="mentoring_session_pair")]


class ActionItem(UnitScoped):
    """Something one member promised to do; open items carry forward to the next session."""

    OWNERS = ROLES
    STATUSES = [("open", "Open"), ("done", "Done")]

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="action_items")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items")
    text = models.CharField(max_length=limits.ACTION_TEXT_MAX)
    owner = models.CharField(max_length=8, choices=OWNERS)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=STATUSES, default="open")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["pair", "status"], name="mentoring_action_pair")]


class PlannedSession(UnitScoped):
    """The next meeting a member planned, as both members' calendars get it (pairs/scheduling.py).

    ``uid`` names the calendar event for good and ``sequence`` counts its revisions, so that a
    reschedule or a cancellation updates the same event in calendar programs (RFC 5545). Once
    the planned time has passed, logging it (``session``) turns it into a session to confirm.
    """

    PLANNED = "planned"
    CANCELLED = "cancelled"
    LOGGED = "logged"
    STATUSES = [(PLANNED, "Planned"), (CANCELLED, "Cancelled"), (LOGGED, "Logged")]

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="planned_sessions")
    planned_by = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="+")
    starts_at = models.DateTimeField(help_text="When it starts (UTC).")
    zone = models.CharField(max_length=64, default="UTC", help_text="The planner's time zone (an IANA name).")
    minutes = models.PositiveIntegerField()
    session_format = models.CharField(max_length=16)
    location = models.CharField(max_length=limits.URL_MAX, blank=True, help_text="A place or a video link.")
    agenda_items = models.JSONField(default=list)
    note = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=STATUSES, default=PLANNED)
    sequence = models.PositiveIntegerField(default=0, help_text="The calendar event's revision (SEQUENCE).")
    uid = models.CharField(max_length=64, unique=True, help_text="The calendar event's UID.")
    reason = models.TextField(blank=True, help_text="Why it was last rescheduled or cancelled.")
    session = models.ForeignKey(Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["pair", "status", "starts_at"], name="mentoring_planned_pair")]


class Assessment(UnitScoped):
    """A rating of the mentee by one rater in one round; sealed until both raters submit."""

    ROUNDS = [("baseline", "Baseline"), ("midpoint", "Mid-point"), ("final", "Final")]
    RATERS = [("self", "Mentee (self)"), ("mentor", "Mentor")]

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="assessments")
    round = models.CharField(max_length=16, choices=ROUNDS)
    rater = models.CharField(max_length=8, choices=RATERS)
    ratings = models.JSONField(default=dict)
    answers = models.JSONField(default=dict)
    comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    author = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pair", "round", "rater"], name="mentoring_one_assessment_per_rater"),
        ]


class StaffAccess(UnitScoped):
    """Course staff opening a pair's workspace, so that the pair can see who looked and when.

    One row per staff member, pair and day: opening the workspace again that day counts in
    ``views`` and moves ``last_at`` instead of adding a row.
    """

    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="staff_accesses")
    user_id = models.IntegerField(null=True, blank=True, help_text="Platform user id, where the runtime gives it.")
    username = models.CharField(max_length=limits.USERNAME_MAX)
    display_name = models.CharField(max_length=255, blank=True)
    viewed_on = models.DateField()
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    views = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pair", "username", "viewed_on"], name="mentoring_staff_access_daily"),
        ]
        indexes = [models.Index(fields=["pair", "last_at"], name="mentoring_staff_access_pair")]


class InviteCode(UnitScoped):
    """A short, single-use code one learner shares so that another can pair with them."""

    code = models.CharField(max_length=16, unique=True)
    created_by = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="invite_codes")
    role = models.CharField(max_length=8, choices=ROLES, help_text="The role the code's creator takes.")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    pair = models.ForeignKey(Pair, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["usage_key", "created_by"], name="mentoring_invite_creator")]


class MentoringUnit(models.Model):
    """A Mentoring unit as last seen, so course-wide pages can list a course's units by name
    without loading the course (the instructor dashboard tab, reports)."""

    usage_key = models.CharField(max_length=255, unique=True)
    course_key = models.CharField(max_length=255, db_index=True)
    display_name = models.CharField(max_length=255, blank=True)
    at_risk_days = models.PositiveIntegerField(default=30)
    # The digest of the program's rules the unit's stored standing follows (program_rules.digest);
    # blank until a reader with the block has applied them.
    rules_digest = models.CharField(max_length=64, blank=True, default="")
    # What the reminder sweep needs of the program, which it runs without (pairs/nudges.sweep_rules).
    sweep_rules = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.display_name or self.usage_key


class UnitTally(models.Model):
    """A running sum of a unit's history that the programme dashboard reads instead of every
    pair's records (see :mod:`mentoring_xblock.pairs.tallies` for the kinds and their keys)."""

    usage_key = models.CharField(max_length=255)
    kind = models.CharField(max_length=16)
    key = models.CharField(max_length=64, blank=True, default="", help_text="An ISO day or a learning area id.")
    total = models.FloatField(default=0.0)
    number = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["usage_key", "kind", "key"], name="mentoring_tally_once")]


class HandledRequest(UnitScoped):
    """The answer to a create a person asked for, under the request id their page gave it.

    A page sends a new request id with every create (a goal, a session, a pairing, ...) and the
    same id when it sends that create again (after a lost answer, a timeout, a second click):
    the second request is answered with the first one's answer and creates nothing
    (:mod:`mentoring_xblock.web.replay`). Kept for :data:`replay.KEPT_FOR`, then deleted.
    """

    actor = models.CharField(max_length=128, help_text="The anonymous id of who asked.")
    request_id = models.CharField(max_length=64)
    handler = models.CharField(max_length=64)
    answer = models.TextField(blank=True, help_text="The JSON answer the first request got.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["usage_key", "actor", "request_id"], name="mentoring_request_once"),
        ]
        indexes = [models.Index(fields=["usage_key", "actor", "created_at"], name="mentoring_request_age")]


class NudgeItem(UnitScoped):
    """Something due that a person was reminded of (pairs/nudges.py), once: the same item is
    never listed in a later reminder."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=96, help_text="The rule and the record: first_session:12, action:345.")
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "key"], name="mentoring_nudge_item_once"),
        ]


class SentMessage(UnitScoped):
    """A message the sweep sent: a person's reminders of a day, or a staff member's weekly digest.

    The unique constraint is what keeps a second sweep (or two at once) from sending it again: a
    sweep claims its rows first, under its own ``run``, and sends only those it claimed."""

    NUDGES = "nudges"
    DIGEST = "digest"
    KINDS = [(NUDGES, "Reminders"), (DIGEST, "Staff digest")]

    kind = models.CharField(max_length=8, choices=KINDS)
    recipient = models.CharField(max_length=32, help_text="p<participant id> or u<platform user id>.")
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    user_id = models.IntegerField(null=True, blank=True)
    day = models.DateField(help_text="The day sent; for a digest, the Monday of its week.")
    run = models.CharField(max_length=32)
    items = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["usage_key", "kind", "recipient", "day"], name="mentoring_message_once"),
        ]
        indexes = [models.Index(fields=["usage_key", "kind", "day"], name="mentoring_message_day")]
