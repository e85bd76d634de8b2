"""Evidence of a campaign: photos and documents, kept as they were uploaded and shown as copies.

The type of a file is read from its content, never from its name, and a name that says another
type is refused. The original stays private with its SHA-256, and for a photo its capture time
and the position where it was taken (EXIF). The public copy has no metadata at all; the public
learns only how far from the visited object the photo was taken, so that a monitor's position
is never published. A refused file leaves nothing behind: no row and no file.
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from baqylau.core.documents import (
    DOCX,
    JPEG,
    PDF,
    PNG,
    XLSX,
    file_content_type,
    public_document_copy,
)
from baqylau.core.images import public_copy
from baqylau.core.services import read_upload

from .models import Campaign, Evidence, Visit
from .permissions import can_record

HEIC = "image/heic"
IMAGES = {JPEG, PNG, HEIC}
EXTENSIONS = {
    JPEG: {".jpg", ".jpeg", ".jpe"},
    PNG: {".png"},
    HEIC: {".heic", ".heif"},
    PDF: {".pdf"},
    DOCX: {".docx"},
    XLSX: {".xlsx"},
}
KNOWN_EXTENSIONS = set().union(*EXTENSIONS.values()) | {".txt", ".gif", ".webp", ".doc", ".xls"}
# The brands of an ISO media file that hold HEIF/HEIC images.
HEIC_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_FAR_METRES = 500.0
EARTH_RADIUS_M = 6_371_000.0

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
DATETIME_ORIGINAL, OFFSET_TIME_ORIGINAL = 0x9003, 0x9011


def max_bytes() -> int:
    return int(getattr(settings, "BAQYLAU_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def far_metres() -> float:
    return float(getattr(settings, "BAQYLAU_EVIDENCE_FAR_METRES", DEFAULT_FAR_METRES))


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The distance in metres between two points on the Earth's surface."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


@dataclass
class PreparedEvidence:
    """A file that passed every check, with what was read from it; nothing stored yet."""

    name: str
    data: bytes
    content_type: str
    public: ContentFile
    taken_at: datetime | None = None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _refuse(message, code: str, name: str) -> ValidationError:
    return ValidationError(message, code=code, params={"name": name})


def _is_heic(data: bytes) -> bool:
    return data[4:8] == b"ftyp" and data[8:12] in HEIC_BRANDS


def _sniff(name: str, data: bytes) -> str:
    if _is_heic(data):
        try:
            with Image.open(BytesIO(data)) as image:
                image.verify()
        except Exception as exc:  # Pillow without a HEIF plugin cannot read it
            raise _refuse(
                _(
                    "%(name)s: HEIC photos cannot be read here. Set the phone to take JPEG "
                    "photos (“Most compatible”) or export this one as JPEG."
                ),
                "heic_unsupported",
                name,
            ) from exc
        return HEIC
    content_type = file_content_type(data)
    if content_type not in EXTENSIONS:
        raise _refuse(
            _(
                "%(name)s: only photos (JPEG, PNG, HEIC) and documents (PDF, DOCX, XLSX) are "
                "accepted."
            ),
            "file_type",
            name,
        )
    extension = Path(name).suffix.lower()
    if extension in KNOWN_EXTENSIONS and extension not in EXTENSIONS[content_type]:
        raise _refuse(
            _("%(name)s: the name says another type of file than its content."),
            "name_mismatch",
            name,
        )
    return content_type


def _read(upload, name: str) -> bytes:
    limit = max_bytes()
    data = read_upload(upload, limit)
    if data is None:
        raise ValidationError(
            _("%(name)s: a file must be larger than 0 and at most %(size)s MB."),
            code="file_size",
            params={"name": name, "size": round(limit / (1024 * 1024), 1)},
        )
    return data


def _rational(value) -> float:
    if isinstance(value, tuple) and len(value) == 2:
        return value[0] / value[1]
    return float(value)


def _degrees(parts, ref) -> float | None:
    try:
        degrees, minutes, seconds = (_rational(part) for part in parts)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = degrees + minutes / 60 + seconds / 3600
    if str(ref).strip().upper() in ("S", "W"):
        value = -value
    return value


def _taken_at(exif_ifd) -> datetime | None:
    raw = exif_ifd.get(DATETIME_ORIGINAL)
    if not raw:
        return None
    try:
        moment = datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = str(exif_ifd.get(OFFSET_TIME_ORIGINAL) or "").strip("\x00 ")
    if offset:
        try:
            return datetime.fromisoformat(moment.isoformat() + offset)
        except ValueError:
            pass
    # Without an offset the camera's clock is taken to be in the platform's time zone.
    return timezone.make_aware(moment)


def photo_metadata(data: bytes) -> tuple[datetime | None, float | None, float | None]:
    """The capture time and the position (decimal degrees) in a photo's EXIF, where present."""
    try:
        with Image.open(BytesIO(data)) as image:
            exif = image.getexif()
    except (UnidentifiedImageError, OSError):
        return None, None, None
    taken_at = _taken_at(exif.get_ifd(EXIF_IFD))
    gps = exif.get_ifd(GPS_IFD)
    latitude = longitude = None
    if gps.get(2) and gps.get(4):
        latitude = _degrees(gps[2], gps.get(1, "N"))
        longitude = _degrees(gps[4], gps.get(3, "E"))
        if latitude is None or longitude is None or abs(latitude) > 90 or abs(longitude) > 180:
            latitude = longitude = None
    return taken_at, latitude, longitude


def _public(name: str, data: bytes, content_type: str) -> ContentFile:
    stem = get_valid_filename(Path(name).stem) or "file"
    if content_type in IMAGES:
        source = BytesIO(data)
        source.name = stem + ".jpg"
        try:
            return public_copy(source)
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise _refuse(_("%(name)s: the image cannot be read."), "bad_image", name) from exc
    extension = sorted(EXTENSIONS[content_type])[0]
    try:
        return public_document_copy(data, content_type=content_type, name=stem + extension)
    except ValueError as exc:
        raise _refuse(_("%(name)s: the document cannot be read."), "bad_document", name) from exc


def evidence_prepare(upload) -> PreparedEvidence:
    """Check a file and make its public copy, storing nothing: a ValidationError names the
    problem."""
    name = Path(getattr(upload, "name", "") or "file").name
    data = _read(upload, name)
    content_type = _sniff(name, data)
    prepared = PreparedEvidence(
        name=name[:255],
        data=data,
        content_type=content_type,
        public=_public(name, data, content_type),
    )
    if content_type in IMAGES:
        prepared.taken_at, prepared.latitude, prepared.longitude = photo_metadata(data)
    return prepared


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
    place = visit.project_object if visit is not None else None
    if place is not None and place.has_location and prepared.latitude is not None:
        evidence.distance_m = round(
            haversine_m(prepared.latitude, prepared.longitude, place.latitude, place.longitude), 1
        )
        evidence.far_from_object = evidence.distance_m > far_metres()
    try:
        evidence.original.save(
            get_valid_filename(prepared.name) or "file", ContentFile(prepared.data), save=False
        )
        evidence.public_file.save(prepared.public.name, prepared.public, save=False)
        with transaction.atomic():
            evidence.save()
    except Exception:
        for field in (evidence.original, evidence.public_file):
            if field.name:
                field.storage.delete(field.name)
        raise
    return evidence


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
