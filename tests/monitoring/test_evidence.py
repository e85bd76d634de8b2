"""Evidence of field visits: the type read from the content, the capture time and position read
from a photo's EXIF, the distance from the object visited, public copies without metadata, and
refusals that leave nothing behind."""

import hashlib
import io
import math
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader, PdfWriter

from baqylau.monitoring.evidence import evidence_add
from baqylau.monitoring.models import Evidence
from baqylau.monitoring.visits import visit_record

from ..factories import ProjectObjectFactory
from ..helpers import blank_pdf, codes, geotagged_jpeg, stored_files
from ..hostile_files import huge_png, zip_bomb_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

pytestmark = pytest.mark.django_db

# 52°17′N 76°57′E, where the photo says it was taken.
PHOTO_LAT, PHOTO_LON = 52 + 17 / 60, 76 + 57 / 60
PHONE_PHOTO = (3000, 2000)  # the size of a phone's photo, larger than kept


def hand_haversine(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371000 * math.asin(math.sqrt(a))


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def visit_to(campaign, person, obj, *, today):
    return visit_record(campaign=campaign, object=obj, visited_on=today, actor=person)


def test_a_photo_keeps_its_time_and_place_privately_and_shows_a_clean_copy(campaign, bob, today):
    near = ProjectObjectFactory(
        document=campaign.documents.get(), latitude=52.2840, longitude=76.9510
    )
    campaign.project_objects.add(near)
    visit = visit_to(campaign, bob, near, today=today)
    data = geotagged_jpeg(PHONE_PHOTO)
    evidence = evidence_add(campaign=campaign, visit=visit, upload=upload(data), actor=bob)

    assert evidence.content_type == "image/jpeg"
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    with evidence.public_file.open("rb") as public:
        assert evidence.public_sha256 == hashlib.sha256(public.read()).hexdigest()
    assert evidence.taken_at is not None
    assert evidence.taken_at.strftime("%Y-%m-%d %H:%M") == "2026-05-14 10:30"
    assert evidence.latitude == pytest.approx(PHOTO_LAT)
    assert evidence.longitude == pytest.approx(PHOTO_LON)
    expected = hand_haversine(PHOTO_LAT, PHOTO_LON, 52.2840, 76.9510)
    assert evidence.distance_m == pytest.approx(expected, abs=3)
    assert 50 < evidence.distance_m < 150 and not evidence.far_from_object

    with evidence.original.open("rb") as original:
        assert original.read() == data
    with evidence.public_file.open("rb") as public, Image.open(public) as copy:
        assert not copy.getexif()
        assert max(copy.size) <= 2000
        assert copy.size != (3000, 2000)


def test_a_photo_taken_far_from_the_object_is_flagged(campaign, bob, registry, settings, today):
    visit = visit_to(campaign, bob, registry["school"], today=today)  # at 51.7, 75.3
    evidence = evidence_add(
        campaign=campaign, visit=visit, upload=upload(geotagged_jpeg((200, 100))), actor=bob
    )
    expected = hand_haversine(PHOTO_LAT, PHOTO_LON, 51.7, 75.3)
    assert evidence.distance_m == pytest.approx(expected, abs=3)
    assert evidence.far_from_object

    settings.BAQYLAU_EVIDENCE_FAR_METRES = expected + 1000
    again = evidence_add(
        campaign=campaign, visit=visit, upload=upload(geotagged_jpeg((200, 100))), actor=bob
    )
    assert not again.far_from_object


def test_a_text_named_as_a_photo_is_refused_and_leaves_nothing(campaign, bob, _media):
    with pytest.raises(ValidationError) as refused:
        evidence_add(campaign=campaign, upload=upload(b"just some text, not a photo"), actor=bob)
    assert "file_type" in codes(refused.value)
    assert not Evidence.private_objects.exists()
    assert stored_files(_media) == []


def test_a_pdf_named_as_a_photo_is_refused(campaign, bob, _media):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ValidationError) as refused:
        evidence_add(campaign=campaign, upload=upload(buffer.getvalue()), actor=bob)
    assert "name_mismatch" in codes(refused.value)
    assert not Evidence.private_objects.exists() and stored_files(_media) == []


def test_a_refused_file_on_a_visit_form_leaves_no_visit(campaign, bob, registry, _media, today):
    with pytest.raises(ValidationError):
        visit_record(
            campaign=campaign,
            object=registry["school"],
            visited_on=today,
            actor=bob,
            files=[upload(geotagged_jpeg((50, 50)), name="ok.jpg"), upload(b"text")],
        )
    assert not campaign.visits.exists() and not Evidence.private_objects.exists()
    assert stored_files(_media) == []


def test_a_pdf_with_an_author_gets_a_public_copy_without_it(campaign, bob):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "Aigerim Monitor", "/Producer": "Secret Tool"})
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    assert PdfReader(io.BytesIO(data)).metadata.author == "Aigerim Monitor"

    evidence = evidence_add(
        campaign=campaign, upload=upload(data, "act.pdf", "application/pdf"), actor=bob
    )
    assert evidence.content_type == "application/pdf"
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.taken_at is None and evidence.distance_m is None
    with evidence.public_file.open("rb") as public:
        copy = public.read()
    assert b"Aigerim" not in copy
    metadata = PdfReader(io.BytesIO(copy)).metadata
    assert metadata is None or metadata.author is None


def test_a_file_over_the_limit_is_refused(campaign, bob, settings, _media):
    settings.BAQYLAU_EVIDENCE_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        evidence_add(campaign=campaign, upload=upload(geotagged_jpeg(PHONE_PHOTO)), actor=bob)
    assert "file_size" in codes(refused.value)
    assert not Evidence.private_objects.exists() and stored_files(_media) == []


def test_a_file_with_a_300_character_name_is_stored_under_a_short_one(campaign, bob, _media):
    name = ("Мектеп құрылысының актісі " * 20)[:296] + ".pdf"
    evidence = evidence_add(
        campaign=campaign, upload=upload(blank_pdf(), name, "application/pdf"), actor=bob
    )
    # The name as sent is kept as data, cut to 255 characters with its extension.
    assert evidence.name == name[:251] + ".pdf"
    for stored in (evidence.original.name, evidence.public_file.name):
        assert len(stored.rsplit("/", 1)[-1]) <= 80 and stored.endswith(".pdf")
    with evidence.original.open("rb") as original:
        assert original.read() == blank_pdf()


@pytest.mark.parametrize("side", [13000, 30000])
def test_an_image_of_too_many_pixels_is_refused_before_it_is_decoded(campaign, bob, _media, side):
    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        evidence_add(
            campaign=campaign,
            upload=upload(huge_png(side, side), "plan.png", "image/png"),
            actor=bob,
        )
    assert time.monotonic() - started < 2
    assert "image_too_large" in codes(refused.value)
    assert not Evidence.private_objects.exists() and stored_files(_media) == []


def test_a_spreadsheet_packed_like_a_zip_bomb_is_refused(campaign, bob, _media):
    bomb = upload(zip_bomb_workbook(megabytes=8), "figures.xlsx", XLSX)
    with pytest.raises(ValidationError) as refused:
        evidence_add(campaign=campaign, upload=bomb, actor=bob)
    assert "bad_document" in codes(refused.value)
    assert not Evidence.private_objects.exists() and stored_files(_media) == []


def test_a_heic_photo_that_cannot_be_read_is_refused_clearly(campaign, bob):
    data = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    with pytest.raises(ValidationError) as refused:
        evidence_add(campaign=campaign, upload=upload(data, "IMG_1.HEIC", "image/heic"), actor=bob)
    assert "heic_unsupported" in codes(refused.value)
    assert "JPEG" in " ".join(refused.value.messages)


def test_only_a_recorder_adds_evidence(campaign, carol, _media):
    with pytest.raises(ValidationError) as refused:
        evidence_add(campaign=campaign, upload=upload(geotagged_jpeg((50, 50))), actor=carol)
    assert "not_recorder" in codes(refused.value)
    assert stored_files(_media) == []
