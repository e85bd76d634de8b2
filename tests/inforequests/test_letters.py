"""The letters of information requests and appeals, in Kazakh and Russian, as HTML and PDF.

The PDF is drawn by WeasyPrint with Debian's pango and fonts; nothing is skipped when they are
missing: the test fails, and scripts/bootstrap says what to install.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from baqylau.core.models import DeadlineRule
from baqylau.inforequests import letters
from baqylau.inforequests.models import Answer, Appeal, InformationRequest, Status
from baqylau.registry.models import Organisation

from ..factories import OrganisationFactory
from ..helpers import pdf_fonts, pdf_text

KAZAKH_LETTERS = set("әіңғүұқөһ")
ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def akimat(db):
    return OrganisationFactory(
        kind=Organisation.Kind.AKIMAT,
        slug="pavlodar-akimat",
        name_kk="Павлодар облысының әкімдігі",
        name_ru="Акимат Павлодарской области",
        address_kk="Павлодар қ., Академик Сәтбаев көшесі, 49",
        address_ru="г. Павлодар, ул. Академика Сатпаева, 49",
        email="akimat@pavlodar.gov.example.kz",
    )


@pytest.fixture
def education(body, akimat):
    body.parent = akimat
    body.address_kk = "Павлодар қ., Қайырбаев көшесі, 32"
    body.address_ru = "г. Павлодар, ул. Кайырбаева, 32"
    body.save()
    return body


def make_request(requester, body, **fields) -> InformationRequest:
    values = {
        "language": InformationRequest.Language.KK,
        "subject": "Облыс әкімдігінің 2024 жылғы мектептерді жөндеу жоспары",
        "text": (
            "Өңірдегі мектептердің ғимараттарын жөндеуге және жиһаз сатып алуға қанша қаражат "
            "бөлінді?\n\nБұл ақпарат ата-аналар ұйымдары үшін қажет."
        ),
        "asked": "1. Жөнделетін мектептердің тізімі\n- Әр мектепке бөлінген сома\n\n",
        "status": Status.SENT,
        "sent_at": dt.datetime(2025, 3, 3, 10, 0, tzinfo=ALMATY),
    }
    return InformationRequest.private_objects.create(
        requester=requester, body=body, **{**values, **fields}
    )


@pytest.fixture
def kk_request(carol, education):
    # Hidden from the public, but the body must know who asks.
    return make_request(carol, education, hide_requester_name=True)


@pytest.fixture
def ru_request(carol, education):
    return make_request(
        carol,
        education,
        language=InformationRequest.Language.RU,
        subject="План ремонта школ на 2024 год",
        text="Сколько средств выделено на ремонт школ области?",
        asked="Перечень школ\nСуммы по каждой школе",
    )


def test_kazakh_request_letter_is_a_pdf_with_every_kazakh_letter(kk_request):
    data = letters.request_letter_pdf(kk_request)

    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Білім беру басқармасы" in text
    assert "әкімдігінің 2024 жылғы мектептерді жөндеу" in text
    assert "Қайырбаев көшесі" in text
    assert set(text.casefold()) >= KAZAKH_LETTERS
    # Every glyph comes from a font with the Kazakh letters, none from a fallback.
    assert pdf_fonts(data)
    assert all("DejaVu" in font or "Noto" in font for font in pdf_fonts(data))


def test_kazakh_request_letter_cites_the_law_and_the_request(kk_request, settings):
    text = pdf_text(letters.request_letter_pdf(kk_request))
    flat = " ".join(text.split())

    assert "«Ақпаратқа қол жеткізу туралы»" in flat
    assert "№ 401-V" in flat
    assert "11-бабының 1-тармағына" in flat
    assert "тегін" in flat
    assert "15 күнтізбелік күн ішінде" in flat
    assert kk_request.public_id in flat
    assert f"{settings.SITE_URL}/kk/requests/{kk_request.public_id}/" in flat.replace(" ", "")
    assert "Carol" in flat
    assert "carol@example.org" in flat
    assert "03.03.2025" in flat
    assert "1 / 1" in flat


def test_request_letter_page_lists_what_is_asked_and_escapes_the_text(carol, education):
    item = make_request(carol, education, text="<script>alert(1)</script> Ақпарат")

    html = letters.request_letter_html(item)

    assert html.startswith("<!doctype html>")
    assert '<html lang="kk">' in html
    assert "<li>Жөнделетін мектептердің тізімі</li>" in html
    assert "<li>Әр мектепке бөлінген сома</li>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "DejaVu Sans" in html  # the stylesheet is inlined, nothing to fetch


def test_russian_request_letter(ru_request):
    text = " ".join(pdf_text(letters.request_letter_pdf(ru_request)).split())

    assert "«О доступе к информации»" in text
    assert "Законом Республики Казахстан от 16 ноября 2015 года № 401-V" in text
    assert "Управление образования" in text
    assert "г. Павлодар, ул. Кайырбаева, 32" in text
    assert "План ремонта школ на 2024 год" in text
    assert "Перечень школ" in text
    assert "15 календарных дней" in text
    assert ru_request.public_id in text
    assert f"/ru/requests/{ru_request.public_id}/" in text.replace(" ", "")
    assert "Білім беру" not in text


def test_body_name_falls_back_to_the_other_language(carol, db):
    kazakh_only = OrganisationFactory(name_kk="Екібастұз қаласы әкімдігі", name_ru="", name_en="")
    item = make_request(carol, kazakh_only, language=InformationRequest.Language.RU)

    assert "Екібастұз қаласы әкімдігі" in letters.request_letter_html(item)


def test_letter_follows_the_deadline_rule(kk_request):
    DeadlineRule.objects.filter(code="info-request-answer").update(days=10, unit="working")

    assert "10 жұмыс күн ішінде" in letters.request_letter_html(kk_request)


def test_unsent_letter_is_dated_today(carol, education, today):
    item = make_request(carol, education, status=Status.DRAFT, sent_at=None)

    html = letters.request_letter_html(item)

    assert today.strftime("%d.%m.%Y") in html


@pytest.fixture
def silent_request(kk_request):
    kk_request.registered_on = dt.date(2025, 3, 4)
    kk_request.registration_number = "ЖТ-2025-0412"
    kk_request.due_date = dt.date(2025, 3, 19)
    kk_request.status = Status.OVERDUE
    kk_request.save()
    return kk_request


def test_kazakh_appeal_about_silence(silent_request, akimat):
    appeal = Appeal.objects.create(
        request=silent_request,
        superior_body=akimat,
        grounds="Басқарма заңда белгіленген мерзімде жауап бермеді.",
        filed_on=dt.date(2025, 3, 25),
    )

    data = letters.appeal_letter_pdf(appeal)

    assert data.startswith(b"%PDF")
    text = " ".join(pdf_text(data).split())
    assert "Павлодар облысының әкімдігі" in text
    assert "Сәтбаев көшесі, 49" in text
    assert "Басқарма заңда белгіленген мерзімде жауап бермеді." in text
    assert "Білім беру басқармасы" in text
    assert silent_request.public_id in text
    assert "03.03.2025" in text  # sent
    assert "04.03.2025, № ЖТ-2025-0412" in text  # registered
    assert "Жауап беру мерзімі 19.03.2025 күні аяқталды" in text
    assert "25.03.2025" in text  # filed
    assert "№ 401-V" in text
    assert "7-бабына" in text
    assert "жоғары тұрған органға немесе сотқа" in text
    assert "Carol" in text


def test_russian_appeal_about_a_refusal(ru_request, akimat):
    ru_request.status = Status.REFUSED
    ru_request.save()
    Answer.objects.create(
        request=ru_request,
        source=Answer.Source.POST,
        received_on=dt.date(2025, 3, 14),
        classification=Answer.Classification.REFUSAL,
        legal_ground="сведения составляют служебную тайну.",
    )
    appeal = Appeal.objects.create(
        request=ru_request,
        superior_body=akimat,
        grounds="Сведения о расходовании бюджетных средств не относятся к информации с "
        "ограниченным доступом.",
        filed_on=dt.date(2025, 3, 20),
    )

    text = " ".join(pdf_text(letters.appeal_letter_pdf(appeal)).split())

    assert "Акимат Павлодарской области" in text
    assert "Обладатель информации 14.03.2025 отказал в предоставлении информации." in text
    assert "Указанное основание отказа: сведения составляют служебную тайну." in text
    assert "не относятся к информации с ограниченным доступом" in text
    assert "«О доступе к информации»" in text
    assert "в вышестоящий орган или в суд" in text
    assert "Управление образования" in text


def test_appeal_about_a_partial_answer(kk_request, akimat):
    kk_request.status = Status.ANSWERED_PARTIAL
    kk_request.answered_on = dt.date(2025, 3, 12)
    kk_request.save()
    appeal = Appeal.objects.create(
        request=kk_request, superior_body=akimat, grounds="Сомалар берілмеді."
    )

    html = letters.appeal_letter_html(appeal)

    assert "Ақпарат иеленуші 12.03.2025 сұралған ақпаратты толық емес көлемде берді." in html
    assert "Сомалар берілмеді." in html
