"""Completion and the participation score: what the block publishes, for whom, and when.

The acting user's progress is published after each of their writes. Their partner is
credited at once through the ``completion`` service where the runtime offers it; otherwise,
and for the score (which the platform takes for the current user only), at their next visit.
"""

from ..core import platform
from . import tracking


def after_write(block, ctx, pair, role):
    """Publish both members' progress (read in one query) after a write changed the pair's."""
    partner = pair.mentee if role == "mentor" else pair.mentor
    shares = tracking.progress_of([ctx.participant, partner])
    publish_own_progress(block, ctx.participant, share=shares.get(ctx.participant.pk, 0.0))
    platform.credit_partner(block, partner.user_id, shares[partner.pk])


def publish_own_progress(block, participant, *, only_if_changed=False, pairs=None, share=None):
    """Publish the current user's completion and score; remembered in their user state.

    ``pairs``: every pair of the participant, or ``share`` their progress, when already read.
    Returns the share published (or the unchanged one)."""
    share = tracking.participant_progress(participant, pairs) if share is None else share
    if only_if_changed and block.published_progress == share:
        return share
    platform.publish_progress(block, share)
    block.published_progress = share
    return share


def publish_on_visit(block, participant, pairs=None):
    """At a learner's visit: publish what the partner's actions changed since, and give every
    visitor the per-user state row that the platform's reports iterate over. ``pairs``: every
    pair of the participant, when already read."""
    before = block.published_progress
    publish_own_progress(block, participant, only_if_changed=True, pairs=pairs)
    if block.published_progress != before:
        block.save()
