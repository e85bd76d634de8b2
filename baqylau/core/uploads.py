"""Files that people upload, checked before anything is stored.

The type of a file is read from its content, never from its name, and a name that says another
type is refused. A photo's capture time and position are read from its EXIF for the private
record; the public copy has no metadata at all (`core.images.public_copy`), and a document's
public copy is rewritten without its metadata (`core.documents.public_document_copy`). Nothing is
written while files are checked: the apps store the prepared files with their own rows once every
file passed (`store_prepared`), so a refused file leaves no trace.
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from .documents import DOCX, JPEG, PDF, PNG, XLSX, file_content_type, public_document_copy
from .images import ImageTooLarge, max_pixels, public_copy
from .services import read_upload

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
EARTH_RADIUS_M = 6_371_000.0

# Stored file names: the stem's first characters and an extension of at most this many.
STORED_STEM_LENGTH = 40
MAX_EXTENSION_LENGTH = 10

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
DATETIME_ORIGINAL, OFFSET_TIME_ORIGINAL = 0x9003, 0x9011


def _valid_filename(text: str) -> str:
    try:
        return get_valid_filename(text)
    except SuspiciousFileOperation:  # nothing of it is left
        return ""


def stored_name(name: str) -> str:
    """A short, safe name to store a file under: the first characters of the name it was sent
    with, and its extension. The name as sent is kept in the file's row (`kept_name`): a file
    system refuses names over 255 bytes, and the storage adds a folder and a random prefix."""
    path = Path(name)
    extension = _valid_filename(path.suffix.lower())[:MAX_EXTENSION_LENGTH] if path.suffix else ""
    stem = _valid_filename(path.stem)[:STORED_STEM_LENGTH].strip("._-") or "file"
    return stem + (extension if extension.startswith(".") else "")


def kept_name(name: str, limit: int = 255) -> str:
    """The name a file was sent with, at most `limit` characters, keeping its extension."""
    if len(name) <= limit:
        return name
    suffix = Path(name).suffix
    if len(suffix) > MAX_EXTENSION_LENGTH:
        suffix = ""
    return name[: limit - len(suffix) - 1] + "…" + suffix


def max_bytes() -> int:
    return int(getattr(settings, "BAQYLAU_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The distance in metres between two points on the Earth's surface."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


@dataclass
class PreparedFile:
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

    @property
    def stored_name(self) -> str:
        """The short name to store the original under (`stored_name`)."""
        return stored_name(self.name)

    def columns(self, *, where_taken: bool = False) -> dict:
        """What the row of the stored file records of it: name, type, size and digest, and with
        `where_taken` the capture time and position read from it."""
        columns = {
            "name": self.name,
            "content_type": self.content_type,
            "size": len(self.data),
            "sha256": self.sha256,
        }
        if where_taken:
            columns |= {
                "taken_at": self.taken_at,
                "latitude": self.latitude,
                "longitude": self.longitude,
            }
        return columns


def store_prepared(rows, *, public_name=None, original: str = "original") -> None:
    """Store each (row, prepared file) pair: the file as the row's private original (its field
    named `original`) and its copy without metadata as the row's public file (named by
    `public_name`, if given), then the row. If anything fails, the files written so far are
    removed; the caller's transaction undoes the rows."""
    written = []
    try:
        for row, item in rows:
            private = getattr(row, original)
            private.save(item.stored_name, ContentFile(item.data), save=False)
            written.append(private)
            name = public_name(item.public.name) if public_name else item.public.name
            row.public_file.save(name, item.public, save=False)
            written.append(row.public_file)
            row.save()
    except Exception:
        for field in written:
            field.storage.delete(field.name)
        raise


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


def _read(upload, name: str, limit: int) -> bytes:
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


def image_public_copy(name: str, data: bytes, *, filename: str) -> ContentFile:
    """The public copy of an uploaded image (`core.images.public_copy`), named `filename`; a
    ValidationError names an image that is too large or cannot be read."""
    source = BytesIO(data)
    source.name = filename
    try:
        return public_copy(source)
    except ImageTooLarge as exc:
        raise ValidationError(
            _(
                "%(name)s: the image has more than %(limit)s million pixels. Make it smaller "
                "(or take the photo at a lower resolution) and try again."
            ),
            code="image_too_large",
            params={"name": name, "limit": max_pixels() // 1_000_000},
        ) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise _refuse(_("%(name)s: the image cannot be read."), "bad_image", name) from exc


def _public(name: str, data: bytes, content_type: str) -> ContentFile:
    stem = Path(stored_name(name)).stem
    if content_type in IMAGES:
        return image_public_copy(name, data, filename=stem + ".jpg")
    extension = sorted(EXTENSIONS[content_type])[0]
    try:
        return public_document_copy(data, content_type=content_type, name=stem + extension)
    except ValueError as exc:
        raise _refuse(_("%(name)s: the document cannot be read."), "bad_document", name) from exc


def prepare_upload(upload, *, limit: int | None = None) -> PreparedFile:
    """Check a file and make its public copy, storing nothing: a ValidationError names the
    problem."""
    name = Path(getattr(upload, "name", "") or "file").name
    data = _read(upload, name, limit or max_bytes())
    content_type = _sniff(name, data)
    prepared = PreparedFile(
        name=kept_name(name),
        data=data,
        content_type=content_type,
        public=_public(name, data, content_type),
    )
    if content_type in IMAGES:
        prepared.taken_at, prepared.latitude, prepared.longitude = photo_metadata(data)
    return prepared
