"""Fixtures of the field app's tests: a checklist of the campaign (tests/conftest.py) and the
phone's files."""

import hashlib
import io
import random

import pytest
from django.test import Client
from PIL import Image

from baqylau.monitoring.checklists import checklist_create

QUESTIONS = [
    {"code": "roof", "text": "Is the roof finished?", "kind": "yes_no", "required": True},
    {"code": "floors", "text": "How many floors are built?", "kind": "number"},
    {"code": "front", "text": "Photo of the front", "kind": "photo"},
]


@pytest.fixture
def client():
    """A phone that asks for English, the tests' language (the API has no language prefix)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def version(campaign, alice):
    checklist = checklist_create(
        campaign=campaign, title="School site visit", actor=alice, questions=QUESTIONS
    )
    return checklist.current_version


def photo(seed: int, size=(2000, 1500)) -> bytes:
    """A phone's photo of a few megabytes (noise compresses badly), taken at the school of the
    registry (51.7° N, 75.3° E) on 14 May 2026."""
    width, height = size
    pixels = random.Random(seed).randbytes(width * height * 3)
    image = Image.frombytes("RGB", size, pixels)
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"
    exif[0x8825] = {1: "N", 2: (51.0, 42.0, 0.0), 3: "E", 4: (75.0, 18.0, 0.0)}
    exif.get_ifd(0x8769)[0x9003] = "2026:05:14 10:30:00"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=95, exif=exif)
    return buffer.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
