"""Kazakh, Russian and English are complete for everything a user sees."""

import re
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "baqylau" / "locale"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_catalogue_is_complete(lang):
    po = LOCALE / lang / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d+ translated messages\.\n", result.stderr), result.stderr


ENGLISH_INTERFACE = [
    "Programs and plans",
    "Objects",
    "Open data",
    "Log in",
    "What the state promised",
    "Recent changes",
    "planning documents",
    "Skip to content",
]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_pages_show_no_english_interface_text(client, registry, lang):
    pages = (
        "/",
        "/documents/",
        "/documents/regional-plan/",
        "/requests/",
        "/requests/bodies/",
        "/monitoring/",
    )
    for url in (f"/{lang}{page}" for page in pages):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200 and f'<html lang="{lang}">' in html, url
        text = re.sub(r"<[^>]+>", " ", html)
        for phrase in ENGLISH_INTERFACE:
            assert phrase not in text, (url, phrase)


def test_statuses_are_translated(client, registry):
    assert "тәуекел бар" in client.get("/kk/documents/regional-plan/?year=2022").content.decode()
    assert "под угрозой" in client.get("/ru/documents/regional-plan/?year=2022").content.decode()
