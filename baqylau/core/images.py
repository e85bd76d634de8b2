"""Public images keep no metadata: no GPS position, camera serial or capture time."""

from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

MAX_PUBLIC_SIDE = 2000


def public_copy(upload, *, max_side: int = MAX_PUBLIC_SIDE) -> ContentFile:
    """Re-encode an image without any metadata, turned upright and at most max_side wide."""
    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original)
        image.thumbnail((max_side, max_side))
        fmt = "PNG" if original.format == "PNG" else "JPEG"
        if fmt == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        # A fresh image with the pixels only: EXIF, XMP, ICC comments and PNG text chunks stay
        # behind.
        clean = Image.frombytes(image.mode, image.size, image.tobytes())
        buffer = BytesIO()
        clean.save(buffer, format=fmt, quality=85, optimize=True)
    name = Path(getattr(upload, "name", "photo")).stem + (".png" if fmt == "PNG" else ".jpg")
    return ContentFile(buffer.getvalue(), name=name)
