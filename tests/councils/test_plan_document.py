"""The year's plan as the document the council signs: a PDF in Kazakh or Russian with its
protocol, every line and the signature lines of the chair and the secretary."""

import shutil
import subprocess
from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ..factories import LINE_TEXT, council_plan

pytestmark = pytest.mark.django_db

KAZAKH_LETTERS = "әғқңөұүһі"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


@pytest.fixture
def approved(council, aigerim, council_people, registry, ngo, today):
    return council_plan(
        council,
        aigerim,
        today,
        lines=2,
        project_objects=[registry["school"]],
        performers=[ngo],
        performer_members=[council_people["chair"]],
    )


def pdf_url(plan, lang):
    url = reverse("councils:plan_pdf", kwargs={"slug": plan.council.slug, "year": plan.year})
    return f"{url}?lang={lang}"


def test_the_plan_in_kazakh(client, approved, today):
    response = client.get(pdf_url(approved, "kk"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        f"monitoring-plan-pavlodar-public-council-{today.year}-kk.pdf"
        in (response["Content-Disposition"])
    )
    text = pdf_text(response.content)
    flat = " ".join(text.split())
    for letter in KAZAKH_LETTERS:
        assert letter in text.lower(), letter
    assert "Павлодар облысының қоғамдық кеңесі" in flat
    assert LINE_TEXT["subject"]["kk"] in flat
    assert "II тоқсан" in flat
    assert "Адал мониторинг" in flat
    # The signatories: the chair and the secretary, by their Kazakh names.
    assert "Әсел Нұрланқызы" in flat
    assert "Ғалым Құдайбергенов" in flat
    assert "Hidden Member" not in flat
    # The protocol and its date, in the locale's format, and the headings in Kazakh.
    approved_on = f"{today - timedelta(days=7):%d.%m.%Y}"
    assert f"{approved_on} № 3 хаттамасымен" in flat
    assert "Бекітілді" in flat and "Approved" not in flat


def test_the_plan_in_russian(client, approved):
    text = " ".join(pdf_text(client.get(pdf_url(approved, "ru")).content).split())
    assert "Общественный совет Павлодарской области" in text
    assert LINE_TEXT["subject"]["ru"] in text
    assert LINE_TEXT["goals"]["ru"] in text
    assert "II квартал" in text
    assert "Асель Нурлановна" in text
    assert "Утверждён протоколом" in text and "Approved" not in text


def test_only_kazakh_and_russian(client, approved):
    assert client.get(pdf_url(approved, "en")).status_code == 400


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils is not installed")
def test_the_plan_renders_as_a_page(client, approved, tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(client.get(pdf_url(approved, "kk")).content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", path, tmp_path / "page"],
        check=True,
    )
    pages = list(tmp_path.glob("page*.png"))
    assert pages and pages[0].stat().st_size > 5000
