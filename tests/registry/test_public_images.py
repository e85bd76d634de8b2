"""Photos shown to the public carry no metadata (no GPS position, no camera details)."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from baqylau.core.images import public_copy
from baqylau.registry.models import ObjectPhoto

from ..factories import ProjectObjectFactory
from ..helpers import admin_change
from ..hostile_files import huge_png

GPS_IFD = 0x8825


def _photo_with_gps(fmt="JPEG", size=(3000, 1000)) -> bytes:
    image = Image.new("RGB", size, (200, 40, 40))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0132] = "2026:05:01 10:00:00"  # DateTime
    exif[GPS_IFD] = {1: "N", 2: (52.0, 17.0, 0.0), 3: "E", 4: (76.0, 57.0, 0.0)}
    buffer = BytesIO()
    image.save(buffer, format=fmt, exif=exif.tobytes())
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_public_copy_drops_all_metadata_and_limits_size(fmt):
    raw = _photo_with_gps(fmt)
    with Image.open(BytesIO(raw)) as original:
        assert original.getexif().get_ifd(GPS_IFD)  # the source really has a position
    copy = public_copy(SimpleUploadedFile(f"site.{fmt.lower()}", raw))
    with Image.open(BytesIO(copy.read())) as cleaned:
        assert not cleaned.getexif()
        assert "exif" not in cleaned.info and "icc_profile" not in cleaned.info
        assert max(cleaned.size) == 2000
    assert b"CameraMaker" not in copy.read()


def _add_photo(client, root, upload, **fields):
    obj = ProjectObjectFactory()
    data = {
        "document": obj.document_id,
        "photos-TOTAL_FORMS": 1,
        "photos-INITIAL_FORMS": 0,
        "photos-0-image": upload,
        **fields,
    }
    return admin_change(client, root, obj, data)


@pytest.mark.django_db
def test_photos_uploaded_in_the_back_office_are_stored_without_metadata(client, root):
    upload = SimpleUploadedFile("site.jpg", _photo_with_gps(), "image/jpeg")
    response = _add_photo(client, root, upload, **{"photos-0-caption_ru": "Фасад"})
    assert response.status_code == 302
    photo = ObjectPhoto.private_objects.get()
    with Image.open(photo.image.path) as stored:
        assert not stored.getexif()
    assert b"CameraMaker" not in photo.image.read()


@pytest.mark.django_db
def test_a_photo_of_too_many_pixels_is_a_form_error_in_the_back_office(client, root):
    upload = SimpleUploadedFile("site.png", huge_png(13000, 13000), "image/png")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = _add_photo(client, root, upload)
    assert response.status_code == 200
    assert "more than 50 million pixels" in response.content.decode()
    assert not ObjectPhoto.private_objects.exists()
