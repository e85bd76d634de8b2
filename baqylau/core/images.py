"""Public images keep no metadata: no GPS position, camera serial or capture time.

An image is measured from its header before its pixels are decoded: a PNG of a few hundred
kilobytes can declare 13000×13000 pixels, which take gigabytes and many seconds to decode.
"""

from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

MAX_PUBLIC_SIDE = 2000
# A phone's 50-megapixel photo (8160×6120) still passes.
DEFAULT_MAX_PIXELS = 50_000_000


def max_pixels() -> int:
    return int(getattr(settings, "BAQYLAU_IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS))


class ImageTooLarge(ValueError):
    """An image with more pixels than max_pixels(); none of them was decoded."""


def open_image(source) -> Image.Image:
    """Open an image lazily (its header only), refusing one larger than max_pixels()."""
    try:
        image = Image.open(source)
    except Image.DecompressionBombError as exc:  # Pillow's own limit, far above ours
        raise ImageTooLarge(str(exc)) from exc
    width, height = image.size
    if width * height > max_pixels():
        image.close()
        raise ImageTooLarge(f"{width}×{height} pixels")
    return image


def public_copy(upload, *, max_side: int = MAX_PUBLIC_SIDE) -> ContentFile:
    """Re-encode an image without any metadata, turned upright and at most max_side wide."""
    upload.seek(0)
    with open_image(upload) as original:
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
