"""Evidence of a campaign: photos and documents, kept as they were uploaded and shown as copies.

The type of a file is read from its content, never from its name, and a name that says another
type is refused. The original stays private with its SHA-256, and for a photo its capture time
and the position where it was taken (EXIF). The public copy has no metadata at all; the public
learns only how far from the visited object the photo was taken, so that a monitor's position
is never published. A refused file leaves nothing behind: no row and no file.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from baqylau.core import record
from baqylau.core.images import public_copy
from baqylau.core.uploads import PreparedFile, haversine_m, prepare_upload

from .models import Campaign, Evidence, Visit
from .permissions import can_record

DEFAULT_FAR_METRES = 500.0
# The gallery's small copies: light on a phone, made from the public copy (never the original)
# on first view and kept in the cache.
THUMBNAIL_SIDE = 360
THUMBNAIL_SECONDS = 7 * 24 * 3600
# The monitoring names of the shared checks (core.uploads) that visits and answers call.
PreparedEvidence = PreparedFile
evidence_prepare = prepare_upload


def far_metres() -> float:
    return float(getattr(settings, "BAQYLAU_EVIDENCE_FAR_METRES", DEFAULT_FAR_METRES))


def evidence_store(
    *, campaign: Campaign, visit: Visit | None, prepared: PreparedEvidence, actor
) -> Evidence:
    """Write a checked file and its row; if anything fails, the files written are removed."""
    evidence = Evidence(
        campaign=campaign,
        visit=visit,
        name=prepared.name,
        content_type=prepared.content_type,
        size=len(prepared.data),
        sha256=prepared.sha256,
        taken_at=prepared.taken_at,
        latitude=prepared.latitude,
        longitude=prepared.longitude,
        uploaded_by=actor,
    )
    evidence.public_sha256 = content_sha256(prepared.public)
    place = visit.project_object if visit is not None else None
    if place is not None and place.has_location and prepared.latitude is not None:
        evidence.distance_m = round(
            haversine_m(prepared.latitude, prepared.longitude, place.latitude, place.longitude), 1
        )
        evidence.far_from_object = evidence.distance_m > far_metres()
    try:
        evidence.original.save(prepared.stored_name, ContentFile(prepared.data), save=False)
        evidence.public_file.save(prepared.public.name, prepared.public, save=False)
        with transaction.atomic():
            evidence.save()
            record.log(evidence)
    except Exception:
        for field in (evidence.original, evidence.public_file):
            if field.name:
                field.storage.delete(field.name)
        raise
    return evidence


def evidence_store_all(
    *, campaign: Campaign, visit: Visit | None, prepared: list[PreparedEvidence], actor
) -> list[Evidence]:
    """Store checked files one after the other; if one fails, the files of those stored before
    it are removed too (their rows go with the caller's transaction)."""
    stored: list[Evidence] = []
    try:
        for item in prepared:
            stored.append(
                evidence_store(campaign=campaign, visit=visit, prepared=item, actor=actor)
            )
    except Exception:
        for evidence in stored:
            evidence.original.storage.delete(evidence.original.name)
            evidence.public_file.storage.delete(evidence.public_file.name)
        raise
    return stored


def content_sha256(content) -> str:
    """The SHA-256 of a file's content, read from its start; the file is left at its start."""
    content.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: content.read(64 * 1024), b""):
        digest.update(chunk)
    content.seek(0)
    return digest.hexdigest()


def check_recorder(actor, campaign: Campaign) -> None:
    if not can_record(actor, campaign):
        raise ValidationError(
            _(
                "Only a member of the campaign's team who has filed a declaration records "
                "visits and evidence, until the campaign is closed."
            ),
            code="not_recorder",
        )


def evidence_add(*, campaign: Campaign, visit: Visit | None = None, upload, actor) -> Evidence:
    check_recorder(actor, campaign)
    if visit is not None and visit.campaign_id != campaign.pk:
        raise ValidationError(_("The visit belongs to another campaign."), code="other_campaign")
    prepared = evidence_prepare(upload)
    return evidence_store(campaign=campaign, visit=visit, prepared=prepared, actor=actor)


def thumbnail(evidence: Evidence) -> bytes:
    """A small copy of a photo's public copy, without metadata (as every public image)."""
    # Named after the public copy's file, so that a copy replaced (blurred, say) is not shown
    # from the cache.
    name = hashlib.sha256(evidence.public_file.name.encode()).hexdigest()[:16]
    key = f"evidence-thumbnail:{evidence.pk}:{name}:{THUMBNAIL_SIDE}"
    data = cache.get(key)
    if data is None:
        with evidence.public_file.open("rb") as public:
            data = public_copy(public, max_side=THUMBNAIL_SIDE).read()
        cache.set(key, data, THUMBNAIL_SECONDS)
    return data
