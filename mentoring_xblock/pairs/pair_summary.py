"""What a pair has done so far, in brief: the facts its standing, progress checklist and next
step are computed from.

A view of the whole workspace takes them from the records it reads anyway
(:func:`from_records`); a write, which re-renders only what it changed, reads them in two
statements (:func:`read`): the pair's sessions, and one row of figures about the rest.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from ..models import ActionItem, Agreement, AgreementSignature, Assessment, Goal, Pair, Session
from . import agreement as agreements
from . import progress

ROLES = ("mentor", "mentee")
AGREED = ("session_minutes", "session_format")


@dataclass
class Summary:
    sessions: list  # every Session of the pair, newest first, with who logged it
    signed: set = field(default_factory=set)  # the roles that signed the agreement's current version
    agreement_version: int = 0  # 0: no agreement yet
    goals: int = 0
    actions: int = 0  # action items, open or done
    assessed: bool = False  # any assessment, a draft included
    final_self: bool = False
    final_mentor: bool = False
    overdue: dict = field(default_factory=dict)  # role -> the text of its first overdue open action item
    agreed: dict = field(default_factory=dict)  # the agreement's session length and format, a new session's defaults
    overdue_count: dict = field(default_factory=dict)  # role -> how many of its open action items are overdue
    submitted: frozenset = frozenset()  # (round, rater) of the submitted assessments (the reminders read them)

    @property
    def confirmed(self):
        return [s for s in self.sessions if s.confirmation == Session.CONFIRMED]

    @property
    def facts(self):
        confirmed = self.confirmed
        return progress.Facts(
            signed=self.signed,
            goals=self.goals,
            confirmed_sessions=len(confirmed),
            covered={item_id for s in confirmed for item_id in s.agenda_items},
            final_self=self.final_self,
            final_mentor=self.final_mentor,
        )

    @property
    def started(self):
        """A needs assessment (even a draft) is often the first thing a pair does."""
        return bool(self.sessions or self.goals or self.agreement_version or self.assessed)


def sessions_of(pair):
    return list(Session.objects.filter(pair=pair).select_related("logged_by").order_by("-held_on", "-pk"))


def from_records(records, today):
    """The summary of the records of :func:`records.load`."""
    agreement = records["agreement"]
    submitted = {(a.round, a.rater) for a in records["assessments"] if a.submitted_at}
    overdue, overdue_count = {}, {}
    for item in records["actions"]:  # ordered by due date
        if item.status == "open" and item.due_on is not None and item.due_on < today:
            overdue.setdefault(item.owner, item.text)
            overdue_count[item.owner] = overdue_count.get(item.owner, 0) + 1
    return Summary(
        sessions=records["sessions"],
        signed=agreements.signed_by(agreement),
        agreement_version=agreement.version if agreement else 0,
        goals=len(records["goals"]),
        actions=len(records["actions"]),
        assessed=bool(records["assessments"]),
        final_self=("final", "self") in submitted,
        final_mentor=("final", "mentor") in submitted,
        overdue=overdue,
        agreed={key: getattr(agreement, key) for key in AGREED} if agreement else {},
        overdue_count=overdue_count,
        submitted=frozenset(submitted),
    )


def _count(model):
    rows = model.objects.filter(pair=OuterRef("pk")).order_by().values("pair").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows), 0)


# The rounds and raters whose submission the reminders ask about, besides the final ones.
EARLIER_ROUNDS = (("baseline", "self"), ("midpoint", "self"), ("midpoint", "mentor"))


def _count_of(rows):
    counted = rows.order_by().values("pair").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def read(pair, today):
    """The summary of ``pair`` as stored now: its sessions, and one row of figures."""
    of_pair = {"pair": OuterRef("pk")}
    submitted = Assessment.objects.filter(**of_pair, submitted_at__isnull=False)
    current = AgreementSignature.objects.filter(agreement__pair=OuterRef("pk"), version=F("agreement__version"))
    final = Assessment.objects.filter(**of_pair, round="final", submitted_at__isnull=False)
    agreement = Agreement.objects.filter(**of_pair)
    overdue = ActionItem.objects.filter(**of_pair, status="open", due_on__lt=today).order_by("due_on", "pk")
    annotations = {
        "agreement_version": Coalesce(Subquery(agreement.values("version")[:1]), 0),
        **{f"agreed_{key}": Subquery(agreement.values(key)[:1]) for key in AGREED},
        "goals_count": _count(Goal),
        "actions_count": _count(ActionItem),
        "assessed": Exists(Assessment.objects.filter(**of_pair)),
        # (named apart from the pair's own columns of the same facts, which these refresh)
        "submitted_final_self": Exists(final.filter(rater="self")),
        "submitted_final_mentor": Exists(final.filter(rater="mentor")),
        **{f"current_signature_{role}": Exists(current.filter(role=role)) for role in ROLES},
        **{f"overdue_{role}": Subquery(overdue.filter(owner=role).values("text")[:1]) for role in ROLES},
        **{f"overdue_count_{role}": _count_of(overdue.filter(owner=role)) for role in ROLES},
        **{f"submitted_{r}_{rater}": Exists(submitted.filter(round=r, rater=rater)) for r, rater in EARLIER_ROUNDS},
    }
    figures = Pair.objects.filter(pk=pair.pk).annotate(**annotations).values(*annotations).get()
    return Summary(
        sessions=sessions_of(pair),
        signed={role for role in ROLES if figures[f"current_signature_{role}"]},
        agreement_version=figures["agreement_version"],
        goals=figures["goals_count"],
        actions=figures["actions_count"],
        assessed=figures["assessed"],
        final_self=figures["submitted_final_self"],
        final_mentor=figures["submitted_final_mentor"],
        overdue={role: figures[f"overdue_{role}"] for role in ROLES if figures[f"overdue_{role}"] is not None},
        agreed={key: figures[f"agreed_{key}"] for key in AGREED} if figures["agreement_version"] else {},
        overdue_count={role: figures[f"overdue_count_{role}"] for role in ROLES if figures[f"overdue_count_{role}"]},
        submitted=frozenset(
            [(r, rater) for r, rater in EARLIER_ROUNDS if figures[f"submitted_{r}_{rater}"]]
            + [("final", rater) for rater in ("self", "mentor") if figures[f"submitted_final_{rater}"]]
        ),
    )
