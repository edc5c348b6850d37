"""The mentoring agreement: written together, signed by both, signed again after any change."""

from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects

from ..core import limits
from ..core.cleaner import Cleaner
from ..core.errors import Conflict, InvalidInput
from ..core.i18n import gettext as _
from ..core.transactions import retrying_atomic
from ..models import Agreement, AgreementSignature, Pair

MINUTES = (5, 600)

# field -> (required, max length); expectations and contributions are each side's own words.
TEXT_FIELDS = {
    "cadence": (True, limits.SHORT_TEXT_MAX),
    "channels": (True, limits.CHANNELS_MAX),
    "contact_hours": (False, limits.SHORT_TEXT_MAX),
    "boundaries": (False, limits.TEXT_MAX),
    "mentor_expectations": (False, limits.TEXT_MAX),
    "mentee_expectations": (False, limits.TEXT_MAX),
    "mentor_brings": (False, limits.TEXT_MAX),
    "mentee_brings": (False, limits.TEXT_MAX),
}
FIELDS = (*TEXT_FIELDS, "session_minutes", "session_format", "review_on")


# The attribute that holds the signatures read with an agreement (a list: see signatures_of).
SIGNATURES = "signature_list"


class StaleAgreement(Conflict):
    code = "stale"

    def default_message(self):
        return _("Your partner changed the agreement meanwhile. Review the current version below.")


def agreement_of(pair):
    """The pair's agreement with its signatures and who made them, or None before the first save.

    The signers and the last editor come with it, so that showing the signature history costs
    no query per signature.
    """
    signatures = Prefetch(
        "signatures", queryset=AgreementSignature.objects.select_related("signer"), to_attr=SIGNATURES
    )
    loaded = Pair.agreement.related
    if loaded.is_cached(pair):  # read with the pair (participants.pairs_of): only its signatures are left
        agreement = loaded.get_cached_value(pair)
        if agreement is not None:
            prefetch_related_objects([agreement], signatures)
        return agreement
    # Its signatures with the agreement joined to each: one query once it has been signed.
    rows = list(
        AgreementSignature.objects.filter(agreement__pair=pair)
        .select_related("signer", "agreement__updated_by")
        .order_by("pk")
    )
    if not rows:
        return Agreement.objects.filter(pair=pair).select_related("updated_by").prefetch_related(signatures).first()
    agreement = rows[0].agreement
    for row in rows:
        row.agreement = agreement
    setattr(agreement, SIGNATURES, rows)
    return agreement


@dataclass(frozen=True)
class Draft:
    """An agreement as a member saved it (:func:`clean`): its ``values`` (a field of
    :data:`FIELDS` each) and the ``version`` the editor started from (0: none yet)."""

    values: dict
    version: int


def clean(ctx, pair, data):
    """The :class:`Draft` a member sent for ``pair``.

    Raises:
        InvalidInput: every wrong field, named.
    """
    cleaner = Cleaner()
    version = cleaner.integer("version", data.get("version"), (0, 10**6))
    values = {
        key: cleaner.text(
            key, data.get(key), required=required, max_length=limit, multiline=limit > limits.SHORT_TEXT_MAX
        )
        for key, (required, limit) in TEXT_FIELDS.items()
    }
    values["session_minutes"] = cleaner.integer("session_minutes", data.get("session_minutes"), MINUTES)
    values["session_format"] = cleaner.choice(
        "session_format", data.get("session_format"), ctx.program["session_formats"]
    )
    values["review_on"] = cleaner.date("review_on", data.get("review_on"), required=False, earliest=pair.started_on)
    cleaner.done()
    return Draft(values, version)


def save(ctx, locked, draft):
    """Save ``draft`` (a :class:`Draft`) as the pair's agreement.

    A change makes a new version, which both members must sign again.

    Raises:
        InvalidInput: the agreement has had too many versions.
        StaleAgreement: the partner saved a newer version meanwhile (carries it in ``current``).
    """
    return _store(ctx, locked.pair, draft.version, draft.values)


@retrying_atomic
def _store(ctx, pair, seen, values):
    agreement = _locked_agreement(pair)
    current = agreement.version if agreement else 0
    if seen != current:
        raise StaleAgreement(
            _(
                "Your partner saved the agreement while you were editing it. Their version is shown "
                "in the form and your changes are kept: save again to replace theirs with yours."
            )
        )
    if agreement is None:
        agreement = Agreement(course_key=pair.course_key, usage_key=pair.usage_key, pair=pair, version=1)
    elif all(getattr(agreement, key) == value for key, value in values.items()):
        return agreement
    elif agreement.version >= limits.AGREEMENT_VERSIONS:
        raise InvalidInput(
            {"version": _("An agreement can have up to {limit} versions.").format(limit=limits.AGREEMENT_VERSIONS)}
        )
    else:
        agreement.version += 1
    for key, value in values.items():
        setattr(agreement, key, value)
    agreement.updated_by = ctx.participant
    agreement.save()
    Pair.agreement.related.set_cached_value(pair, agreement)  # what the answer shows
    return agreement


def clean_version(data):
    """The agreement version a member signs (``version``)."""
    cleaner = Cleaner()
    version = cleaner.integer("version", data.get("version"), (1, 10**6))
    cleaner.done()
    return version


def sign(ctx, locked, version):
    """Sign ``version`` of the agreement, which must be the current one.

    Signing a version already signed changes nothing.
    """
    return _sign(ctx, locked.pair, locked.role, version)


@retrying_atomic
def _sign(ctx, pair, role, version):
    agreement = _locked_agreement(pair)
    if agreement is None:
        raise Conflict(_("Write and save the agreement before signing it."))
    if agreement.version != version:
        raise StaleAgreement()
    if not any(s.role == role and s.version == version for s in signatures_of(agreement)):
        signature = AgreementSignature.objects.create(
            course_key=pair.course_key, usage_key=pair.usage_key, agreement=agreement, role=role, version=version,
            signer=ctx.participant,
        )  # fmt: skip
        _remember(agreement, signature)
    return agreement


def _locked_agreement(pair):
    """The pair's agreement with its signatures (:func:`agreement_of`), or None, held until the
    transaction ends: every change to an agreement locks its pair first (:class:`access.LockedPair`), and
    holds it. Kept with the pair, whose answer shows it."""
    cache = Pair.agreement.related
    if cache.is_cached(pair):
        cache.delete_cached_value(pair)  # read it afresh, under the lock
    agreement = agreement_of(pair)
    cache.set_cached_value(pair, agreement)
    return agreement


def _remember(agreement, signature):
    """Add a new ``signature`` to those read with ``agreement``, so the answer need not read them again."""
    signature.agreement = agreement
    read = getattr(agreement, SIGNATURES, None)
    if read is not None:
        read.append(signature)


def signatures_of(agreement):
    """The agreement's signatures: those read with it by :func:`agreement_of` (and any made since
    through this module), else read now."""
    read = getattr(agreement, SIGNATURES, None)
    return read if read is not None else list(agreement.signatures.all())


def signed_by(agreement):
    """The roles that signed the agreement's current version."""
    if agreement is None:
        return set()
    return {s.role for s in signatures_of(agreement) if s.version == agreement.version}
