"""The final document (Article 13 of the Law "On Public Control"): written by the coordinator in
the language they choose, read as a page and as a PDF in that language, sent to the state bodies
once (the PDF kept as sent), and the warning of its 7-working-day term, counted on Kazakhstan's
calendar."""

import hashlib
import io
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image
from pypdf import PdfReader

from baqylau.accountability import report, terms
from baqylau.accountability import services as accountability
from baqylau.accountability.models import AnswerState, FinalDocument, Finding, Recommendation
from baqylau.monitoring.evidence import evidence_add
from baqylau.monitoring.models import Campaign, Status

from ..cycle import add_finding, add_recommendation, finished_control, write_document
from ..helpers import campaign_urls, codes, count_queries, pdf_fonts, pdf_text

pytestmark = pytest.mark.django_db

KAZAKH_LETTERS = set("әғқңөұүһі")
# Every Kazakh letter: ғ, ң, ө, і (ғимараттың төбесі), һ (жиһаз), ә, қ, ұ, ү.
KAZAKH_TITLE = "Ғимараттың төбесі жабылмаған, жиһаз әлі жоқ: құрылыс үш айға кешікті"
LEGAL = {"kk": "13-бап", "ru": "статья 13", "en": "art. 13"}
BODY_NAMES = {
    "kk": "Білім беру басқармасы",
    "ru": "Управление образования",
    "en": "Education Department",
}
# The page is read in another language than the document's.
OTHER_UI = {"kk": "ru", "ru": "en", "en": "kk"}

# A Friday before the New Year holidays, and a Wednesday before Nauryz (21-25 March 2026).
NEW_YEAR_END = date(2025, 12, 26)
NAURYZ_END = date(2026, 3, 18)


def pdf_imagecount_queries(data: bytes) -> int:
    """Images embedded in the file (the pages share one resource dictionary)."""
    return len({image.name for page in PdfReader(io.BytesIO(data)).pages for image in page.images})


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def jpeg(color=(120, 140, 160), size=(64, 48), taken="2026:05:14 10:30:00") -> bytes:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = taken
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def photo(campaign, actor, n=0):
    upload = SimpleUploadedFile(f"site-{n}.jpg", jpeg((20 * n % 255, 90, 150)), "image/jpeg")
    return evidence_add(campaign=campaign, upload=upload, actor=actor)


url = campaign_urls("accountability")


def ready(registry, ngo, alice, bob, body, *, today, language="kk", published=True, **dates):
    """A campaign at the analysis stage with its final document written: a finding about the
    school with two photos, one about the roads indicator, recommendations to two bodies."""
    campaign = finished_control(
        registry, ngo, alice, today, monitors=[bob], published=published, **dates
    )
    school = add_finding(
        campaign,
        bob,
        registry,
        title=KAZAKH_TITLE,
        evidence=[photo(campaign, bob, n) for n in (1, 2)],
    )
    roads = add_finding(
        campaign,
        bob,
        registry,
        title="Жолдардың үлесі жоспардан төмен",
        category="quality",
        project_object=None,
        indicator=registry["indicator"],
        year=2022,
        monitor_value=Decimal("55.5"),
    )
    add_recommendation(
        campaign, alice, body, [school], text="Мектеп құрылысын маусымға дейін аяқтау."
    )
    add_recommendation(
        campaign, alice, registry["akimat"], [roads], text="Жолдарды жөндеу кестесін жариялау."
    )
    add_recommendation(campaign, alice, body, [school, roads], text="Ата-аналарға хабарлау.")
    write_document(campaign, alice, language=language)
    return Campaign.private_objects.select_related("ngo").get(pk=campaign.pk)


def ready_until(registry, ngo, alice, bob, body, ends_on, *, starts_on):
    """`ready` on the last day of its campaign, which ends then."""
    return ready(
        registry, ngo, alice, bob, body, today=ends_on, starts_on=starts_on, ends_on=ends_on
    )


def send(campaign, actor, sent_on=None):
    accountability.final_document_send(campaign=campaign, actor=actor, sent_on=sent_on)
    return Campaign.private_objects.select_related("ngo").get(pk=campaign.pk)


@pytest.fixture
def today_is(time_machine):
    """Move the clock to noon in Almaty on a given day, for the pages and the services."""

    def set_day(day: date):
        time_machine.move_to(timezone.make_aware(datetime.combine(day, time(12))), tick=False)

    return set_day


# The PDF -----------------------------------------------------------------------------------------


def test_the_pdf_has_every_kazakh_letter_its_facts_photos_and_numbered_recommendations(
    registry, ngo, alice, bob, body, today
):
    campaign = ready(registry, ngo, alice, bob, body, today=today)
    data = report.final_document_pdf(campaign)
    text = flat(pdf_text(data))
    assert set(text) >= KAZAKH_LETTERS, KAZAKH_LETTERS - set(text)
    assert KAZAKH_TITLE in text
    assert any("DejaVu" in font for font in pdf_fonts(data))
    # The recommendations in their order, each with its number and its body.
    positions = [
        text.index(t)
        for t in (
            "Мектеп құрылысын маусымға дейін аяқтау.",
            "Жолдарды жөндеу кестесін жариялау.",
            "Ата-аналарға хабарлау.",
        )
    ]
    assert positions == sorted(positions)
    html = report.final_document_html(campaign)
    for number in (1, 2, 3):
        assert f'<li value="{number}" id="recommendation-{number}">' in html
    assert BODY_NAMES["kk"] in text and "Облыс әкімдігі" in text
    # The facts: the finding's norm, the indicator's plan (revised to 62), actual and the
    # monitors' figure, and each photo with the SHA-256 of its copy and the day it was taken
    # (the exact time only if the team chose to publish it).
    assert "Contract No. 12, clause 4.1" in text
    assert "62 %" in text and "60 %" in text and "55,5 %" in text
    for evidence in Finding.private_objects.get(campaign=campaign, number=1).evidence.all():
        assert evidence.public_sha256[:32] in text.replace(" ", "")
    assert "14.05.2026" in text and "10:30" not in text
    assert pdf_imagecount_queries(data) == 2
    # The team and its declarations, and the NGO.
    assert "Alice" in text and "Bob" in text and ngo.name_kk in text


def test_the_pdf_fetches_nothing_and_embeds_its_photos_and_chart(
    monkeypatch, registry, ngo, alice, bob, body, today
):
    from weasyprint.urls import URLFetcher

    campaign = ready(registry, ngo, alice, bob, body, today=today)
    fetched = []
    real_fetch = URLFetcher.fetch

    def fetch(self, url, headers=None):
        fetched.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", fetch)
    report.final_document_pdf(campaign)
    assert fetched and all(u.startswith("data:") for u in fetched)
    assert sum(u.startswith("data:image/jpeg;base64,") for u in fetched) == 2
    assert sum(u.startswith("data:image/svg+xml;base64,") for u in fetched) == 1
    html = report.final_document_html(campaign)
    assert "<link" not in html and 'src="/' not in html and 'src="http' not in html


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_document_is_in_its_own_language_whatever_the_readers(
    client, registry, ngo, alice, bob, body, language, today
):
    campaign = ready(registry, ngo, alice, bob, body, language=language, today=today)
    ui = OTHER_UI[language]
    with translation.override(language):
        heading = gettext("State bodies controlled")
        held = timezone.localtime(campaign.final_document.held_to)
        held_on = (
            held.strftime("%d.%m.%Y")
            if language != "en"
            else f"{held.day} {held.strftime('%b')} {held.year}"
        )
    if language != "en":
        assert heading != "State bodies controlled", "the msgid has a translation"
    html = client.get(url("final_document", campaign, ui)).content.decode()
    assert f'<html lang="{ui}">' in html
    assert f'<article class="final-document" lang="{language}">' in html
    # Each recommendation names its body in the document's language.
    addressed = re.findall(r'<span class="fd-to">[^:]*: ([^<]*)</span>', html)
    assert addressed.count(BODY_NAMES[language]) == 2 and len(addressed) == 3
    assert LEGAL[language] in html and heading in html and held_on in html
    text = flat(pdf_text(client.get(url("final_document_pdf", campaign, ui)).content))
    assert BODY_NAMES[language] in text and LEGAL[language] in text and heading in text
    assert held_on in text


# Who may read it ---------------------------------------------------------------------------------

TEAM = {"coordinator", "monitor"}
STAFF = {"staff", "administrator"}


@pytest.fixture
def pdf_drawn_once(monkeypatch):
    """A document not sent yet is drawn for each reader; as it stands it is the same PDF for all:
    drawn once per test for a test that has every persona read it."""
    draw = report.final_document_pdf
    drawn = {}

    def once(campaign, document):
        key = (document.pk, document.updated_at)
        if key not in drawn:
            drawn[key] = draw(campaign, document)
        return drawn[key]

    monkeypatch.setattr(report, "final_document_pdf", once)


@pytest.mark.parametrize("published", [True, False], ids=["published", "private"])
@pytest.mark.parametrize("page", ["final_document", "final_document_pdf"])
def test_the_team_reads_it_while_private_everyone_once_published(
    client, personas, registry, ngo, alice, bob, body, published, page, today, pdf_drawn_once
):
    campaign = ready(registry, ngo, alice, bob, body, published=published, today=today)
    for who, user in personas.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url(page, campaign))
        may = published or who in TEAM | STAFF
        assert response.status_code == (200 if may else 404), who
        if may and page == "final_document_pdf":
            assert response["Content-Type"] == "application/pdf"
            assert b"".join(response).startswith(b"%PDF")


def test_a_campaign_without_a_final_document_has_no_page(client, registry, ngo, alice, bob, today):
    campaign = finished_control(registry, ngo, alice, today, monitors=[bob])
    client.force_login(alice)
    assert client.get(url("final_document", campaign)).status_code == 404
    assert client.get(url("final_document_pdf", campaign)).status_code == 404


@pytest.mark.parametrize("page", ["final_document_edit", "final_document_send"])
@pytest.mark.parametrize("published", [True, False], ids=["published", "private"])
def test_only_the_coordinator_writes_and_sends_it(
    client, personas, registry, ngo, alice, bob, body, page, published, today
):
    campaign = ready(registry, ngo, alice, bob, body, published=published, today=today)
    before = FinalDocument.private_objects.get(campaign=campaign).updated_at
    for who, user in personas.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        sees = published or who in TEAM | STAFF
        expected = 200 if who == "coordinator" else 403 if sees else 404
        data = {**_document_data(), "sent_on": today.isoformat()}
        for method in ("get", "post"):
            response = getattr(client, method)(url(page, campaign), data)
            if who == "anonymous":
                assert response.status_code == 302 and "/accounts/" in response.url
            elif who != "coordinator" or method == "get":
                assert response.status_code == expected, (who, method)
    # Only the coordinator's POST went through: a saved document, or a confirmation asked.
    document = FinalDocument.private_objects.get(campaign=campaign)
    assert not document.is_sent
    assert (document.updated_at != before) == (page == "final_document_edit")


# Writing -----------------------------------------------------------------------------------------


def _document_data(**changes):
    return {
        "language": "ru",
        "place": "г. Экибастуз, ул. Сатпаева, 12",
        "held_from": "2026-03-02T09:00",
        "held_to": "2026-03-20T18:00",
        "subjects": "Управление образования: информацию предоставило вовремя.",
        "documents_obtained": "Договор подряда № 12",
        "conclusions": "Школа не откроется к сроку.",
        **changes,
    }


def test_the_coordinator_writes_the_document_through_the_form(
    client, registry, ngo, alice, bob, today
):
    campaign = finished_control(registry, ngo, alice, today, monitors=[bob])
    client.force_login(alice)
    page = client.get(url("final_document_edit", campaign, "kk")).content.decode()
    # The language of the document defaults to the coordinator's; the campaign's days are given.
    assert re.search(r'<input[^>]*value="kk"[^>]*checked', page)
    assert campaign.starts_on.isoformat() + "T09:00" in page
    response = client.post(url("final_document_edit", campaign), _document_data())
    assert response.status_code == 302 and response.url == url("final_document", campaign)
    document = FinalDocument.private_objects.get(campaign=campaign)
    assert document.language == "ru" and document.place == "г. Экибастуз, ул. Сатпаева, 12"
    assert timezone.localtime(document.held_from).hour == 9
    assert not document.is_sent
    # Changed later, the same document; the public page says when and why, with the earlier text.
    assert "Why it changes" in client.get(url("final_document_edit", campaign)).content.decode()
    corrected = _document_data(language="en", place="г. Экибастуз, ул. Ленина, 1")
    client.post(url("final_document_edit", campaign), corrected | {"reason": "the wrong street"})
    assert FinalDocument.private_objects.get(campaign=campaign).language == "en"
    client.logout()
    public = client.get(url("final_document", campaign)).content.decode()
    assert "(the wrong street)" in public and "ул. Сатпаева, 12" in public


def test_errors_of_the_service_come_back_on_the_form(client, registry, ngo, alice, bob, today):
    campaign = finished_control(registry, ngo, alice, today, monitors=[bob])
    client.force_login(alice)
    response = client.post(
        url("final_document_edit", campaign),
        _document_data(held_to="2026-03-01T18:00", place="Павлодар, Қайырбаев к-сі, 32"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "held_to" in form.errors
    html = response.content.decode()
    assert "Павлодар, Қайырбаев к-сі, 32" in html
    assert not FinalDocument.private_objects.filter(campaign=campaign).exists()


def test_a_monitor_does_not_write_the_document(client, registry, ngo, alice, bob, today):
    campaign = finished_control(registry, ngo, alice, today, monitors=[bob])
    client.force_login(bob)
    response = client.post(url("final_document_edit", campaign), _document_data())
    assert response.status_code == 403
    assert not FinalDocument.private_objects.filter(campaign=campaign).exists()


# Sending -----------------------------------------------------------------------------------------


def test_sending_through_the_pages_keeps_the_pdf_and_starts_every_term(
    client, kz_calendar, today_is, registry, ngo, alice, bob, body
):
    today_is(NEW_YEAR_END)
    campaign = ready_until(
        registry, ngo, alice, bob, body, NEW_YEAR_END, starts_on=date(2025, 10, 1)
    )
    today_is(date(2026, 1, 6))
    client.force_login(alice)
    page = client.get(url("final_document_send", campaign)).content.decode()
    assert BODY_NAMES["en"] in page and "Regional akimat" in page
    # First the date, then what sending does, then the confirmation.
    response = client.post(url("final_document_send", campaign), {"sent_on": "2026-01-06"})
    html = response.content.decode()
    assert response.status_code == 200 and 'name="confirm"' in html
    # Ten working days from Tuesday 6 January 2026, Orthodox Christmas (7 January) not counted.
    assert "21 Jan 2026" in html and "cannot be undone" in html
    assert not FinalDocument.private_objects.get(campaign=campaign).is_sent
    response = client.post(
        url("final_document_send", campaign), {"sent_on": "2026-01-06", "confirm": "1"}
    )
    assert response.status_code == 302
    assert response.url == campaign.get_absolute_url() + "#final-document"

    campaign = Campaign.private_objects.get(pk=campaign.pk)
    document = campaign.final_document
    assert campaign.status == Status.DOCUMENT_SENT
    assert campaign.status_changes.last().changed_on == date(2026, 1, 6)
    assert (document.sent_on, document.sent_by) == (date(2026, 1, 6), alice)
    recommendations = list(Recommendation.private_objects.filter(campaign=campaign))
    assert {(r.sent_on, r.due_on, r.state) for r in recommendations} == {
        (date(2026, 1, 6), date(2026, 1, 21), AnswerState.AWAITING)
    }
    with document.pdf.open("rb") as kept:
        stored = kept.read()
    assert document.pdf_sha256 == hashlib.sha256(stored).hexdigest()
    text = flat(pdf_text(stored))
    assert "06.01.2026" in text and "Draft, not sent" not in text

    served = b"".join(client.get(url("final_document_pdf", campaign)))
    assert served == stored
    # The data change afterwards (an administrator, a body renamed): what was sent does not.
    Finding.private_objects.filter(campaign=campaign).update(title="Changed afterwards")
    body.name_kk = "Жаңа атау"
    body.save()
    FinalDocument.private_objects.filter(pk=document.pk).update(place="Elsewhere")
    assert b"".join(client.get(url("final_document_pdf", campaign))) == stored
    page = client.get(url("final_document", campaign)).content.decode()
    assert document.pdf_sha256 in page and "Sent to the state bodies on 6 Jan 2026" in page
    assert "on time" in page
    # And nothing can be sent again or changed.
    response = client.post(
        url("final_document_send", campaign), {"sent_on": "2026-01-07", "confirm": "1"}
    )
    assert response.status_code == 302 and response.url == url("final_document", campaign)
    assert client.get(url("final_document_edit", campaign)).status_code == 302
    assert FinalDocument.private_objects.get(pk=document.pk).sent_on == date(2026, 1, 6)


def _refused(campaign, alice, sent_on):
    with pytest.raises(ValidationError) as error:
        accountability.final_document_send(campaign=campaign, actor=alice, sent_on=sent_on)
    return codes(error.value)


def test_sending_is_refused_unless_everything_is_in_order(registry, ngo, alice, bob, body, today):
    private = ready(registry, ngo, alice, bob, body, published=False, today=today)
    assert _refused(private, alice, today) == {"unpublished"}

    ongoing = finished_control(registry, ngo, alice, today, ends_on=today - timedelta(days=3))
    # Back to "in progress": control has not been analysed yet.
    Campaign.private_objects.filter(pk=ongoing.pk).update(status=Status.IN_PROGRESS)
    write_document(ongoing, alice)
    ongoing.refresh_from_db()
    assert _refused(ongoing, alice, today) == {"status"}

    campaign = ready(registry, ngo, alice, bob, body, today=today)
    assert _refused(campaign, alice, campaign.ends_on - timedelta(days=1)) == {"before_end"}
    assert _refused(campaign, alice, today + timedelta(days=1)) == {"future"}
    assert not FinalDocument.private_objects.get(campaign=campaign).is_sent
    assert Campaign.private_objects.get(pk=campaign.pk).status == Status.ANALYSIS

    send(campaign, alice, today)
    assert _refused(campaign, alice, today) == {"sent"}


def test_a_refused_date_comes_back_on_the_form(client, registry, ngo, alice, bob, body, today):
    campaign = ready(registry, ngo, alice, bob, body, today=today)
    client.force_login(alice)
    tomorrow = today + timedelta(days=1)
    response = client.post(
        url("final_document_send", campaign), {"sent_on": tomorrow.isoformat(), "confirm": "1"}
    )
    assert response.status_code == 200
    assert "sent_on" in response.context["form"].errors
    assert tomorrow.isoformat() in response.content.decode()
    assert not FinalDocument.private_objects.get(campaign=campaign).is_sent

    private = ready(registry, ngo, alice, bob, body, published=False, today=today)
    response = client.post(
        url("final_document_send", private),
        {"sent_on": today.isoformat(), "confirm": "1"},
    )
    assert "Publish the campaign before sending" in response.content.decode()
    assert Campaign.private_objects.get(pk=private.pk).status == Status.ANALYSIS


def _still_in_the_field(registry, ngo, alice, bob, body, today):
    """A published campaign, its final document written, still "in progress" and whose control
    ends next week: two conditions of sending are not met."""
    campaign = ready(registry, ngo, alice, bob, body, today=today)
    Campaign.private_objects.filter(pk=campaign.pk).update(
        status=Status.IN_PROGRESS, ends_on=today + timedelta(days=7)
    )
    return Campaign.private_objects.select_related("ngo").get(pk=campaign.pk)


def test_every_unmet_condition_is_said_on_the_first_step_with_where_to_fix_it(
    client, registry, ngo, alice, bob, body, today
):
    campaign = _still_in_the_field(registry, ngo, alice, bob, body, today)
    client.force_login(alice)
    response = client.get(url("final_document_send", campaign))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 conditions are not met" in html
    assert 'data-code="status"' in html and "at the analysis stage" in html
    assert 'data-code="control_ongoing"' in html and "after the end of control" in html
    assert f'href="{campaign.get_absolute_url()}#step-advance"' in html
    assert f'href="{url("monitoring:edit", campaign)}"' in html
    # Neither a date to give nor a button to confirm: nothing would be sent.
    assert 'name="confirm"' not in html and 'name="sent_on"' not in html
    # A forged confirmation is refused for the same reasons, all at once.
    response = client.post(
        url("final_document_send", campaign), {"sent_on": today.isoformat(), "confirm": "1"}
    )
    assert 'data-code="status"' in response.content.decode()
    assert not FinalDocument.private_objects.get(campaign=campaign).is_sent
    assert _refused(campaign, alice, today) == {"status", "control_ongoing"}
    # The campaign page says the same under its final document section.
    html = client.get(campaign.get_absolute_url()).content.decode()
    assert 'data-code="status"' in html and 'data-code="control_ongoing"' in html
    assert 'id="step-send"' not in html


def test_an_unwritten_unpublished_document_lists_both_fixes(
    client, registry, ngo, alice, bob, body, today
):
    campaign = finished_control(registry, ngo, alice, today, published=False)
    client.force_login(alice)
    html = client.get(url("final_document_send", campaign)).content.decode()
    assert f'href="{url("final_document_edit", campaign)}"' in html
    assert f'href="{campaign.get_absolute_url()}#step-publish"' in html
    assert 'name="confirm"' not in html


def test_the_advance_button_does_not_send_the_document(
    client, registry, ngo, alice, bob, body, today
):
    from baqylau.monitoring import services

    campaign = ready(registry, ngo, alice, bob, body, today=today)
    with pytest.raises(ValidationError) as error:
        services.campaign_advance(campaign=campaign, actor=alice)
    assert codes(error.value) == {"send_document"}
    client.force_login(alice)
    html = client.get(campaign.get_absolute_url()).content.decode()
    # At the analysis stage the document is sent from its own section, not by "next stage".
    assert url("monitoring:advance", campaign) not in html
    assert 'id="step-send"' in html and url("final_document_send", campaign) in html
    response = client.post(url("monitoring:advance", campaign), {"changed_on": today})
    assert response.status_code == 302
    assert Campaign.private_objects.get(pk=campaign.pk).status == Status.ANALYSIS


# The term of 7 working days ----------------------------------------------------------------------


def test_the_term_across_new_year_is_counted_in_working_days(
    kz_calendar, today_is, registry, ngo, alice
):
    today_is(NEW_YEAR_END)
    campaign = finished_control(
        registry, ngo, alice, NEW_YEAR_END, starts_on=date(2025, 10, 1), ends_on=NEW_YEAR_END
    )
    # 29, 30, 31 December; 1-2 January are holidays, 3-4 the weekend; 5, 6; 7 January is
    # Orthodox Christmas; 8, 9.
    term = terms.send_term(campaign, today=date(2025, 12, 29))
    assert (term.due_on, term.days_left, term.near, term.late) == (
        date(2026, 1, 9),
        6,
        False,
        False,
    )
    term = terms.send_term(campaign, today=date(2026, 1, 6))
    assert (term.days_left, term.near, term.late) == (2, True, False)
    term = terms.send_term(campaign, today=date(2026, 1, 13))
    assert (term.days_left, term.near, term.late) == (-2, False, True)


def test_the_term_across_nauryz_and_a_document_sent_late(
    client, kz_calendar, today_is, registry, ngo, alice, bob, body
):
    today_is(NAURYZ_END)
    campaign = ready_until(registry, ngo, alice, bob, body, NAURYZ_END, starts_on=date(2026, 2, 2))
    # 19, 20 March; 21-25 are Nauryz and the days off for it; 26, 27, 30, 31 March, 1 April.
    term = terms.send_term(campaign, today=date(2026, 3, 20))
    assert (term.due_on, term.days_left, term.near) == (date(2026, 4, 1), 5, False)
    today_is(date(2026, 4, 3))
    campaign = send(campaign, alice, date(2026, 4, 3))
    term = terms.send_term(campaign)
    assert term.sent_on == date(2026, 4, 3) and term.sent_late and not term.late
    assert {r.due_on for r in Recommendation.private_objects.filter(campaign=campaign)} == {
        date(2026, 4, 17)
    }
    client.force_login(bob)
    for page in (campaign.get_absolute_url(), url("final_document", campaign)):
        html = flat(client.get(page).content.decode())
        assert "Sent to the state bodies on 3 Apr 2026" in html, page
        assert "2 working days late: it was due on 1 Apr 2026" in html, page


def test_the_coordinator_is_warned_near_the_top_of_the_campaign_page(
    client, kz_calendar, today_is, registry, ngo, alice, bob, body
):
    today_is(NEW_YEAR_END)
    campaign = ready_until(
        registry, ngo, alice, bob, body, NEW_YEAR_END, starts_on=date(2025, 10, 1)
    )
    page = campaign.get_absolute_url()
    today_is(date(2026, 1, 6))
    client.force_login(alice)  # signed in for two weeks from now on
    html = flat(client.get(page).content.decode())
    notice = "The final document is due on 9 Jan 2026: 2 working days left."
    assert 'id="final-document-due"' in html and notice in html
    # Near the top: before the coordinator's steps and the plan.
    assert html.index('id="final-document-due"') < html.index('id="steps"')

    today_is(date(2026, 1, 9))
    assert "The final document is due today, 9 Jan 2026." in flat(client.get(page).content.decode())

    today_is(date(2026, 1, 13))
    html = flat(client.get(page).content.decode())
    assert "The final document was due on 9 Jan 2026: 2 working days late." in html
    assert "fd-notice-late" in html

    # The team sees the term in the section; only the coordinator gets the notice.
    client.force_login(bob)
    html = flat(client.get(page).content.decode())
    assert 'id="final-document-due"' not in html
    assert "The final document was due on 9 Jan 2026: 2 working days late." in html

    # Once sent, the notice is gone and the section says when.
    send(campaign, alice, date(2026, 1, 13))
    client.force_login(alice)
    html = flat(client.get(page).content.decode())
    assert 'id="final-document-due"' not in html
    assert "Sent to the state bodies on 13 Jan 2026" in html
    assert "2 working days late: it was due on 9 Jan 2026" in html


def test_no_warning_before_the_end_of_control(client, registry, ngo, alice, bob, body, today):
    campaign = ready(registry, ngo, alice, bob, body, today=today)
    Campaign.private_objects.filter(pk=campaign.pk).update(ends_on=today + timedelta(days=10))
    client.force_login(alice)
    html = client.get(campaign.get_absolute_url()).content.decode()
    # The coordinator sees the final document section, but no warning of its term yet.
    assert 'id="final-document"' in html
    assert 'id="final-document-due"' not in html


# Queries -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [None, "alice"])
def test_pages_run_a_constant_number_of_queries(
    client, registry, ngo, alice, bob, body, who, today
):
    campaign = ready(registry, ngo, alice, bob, body, today=today)
    if who:
        client.force_login(alice)
    pages = [url("final_document", campaign), campaign.get_absolute_url()]
    small = [count_queries(client, page) for page in pages]
    for n in range(3):
        add_finding(
            campaign,
            bob,
            registry,
            title=f"Finding {n}",
            evidence=[photo(campaign, bob, 10 + n), photo(campaign, bob, 20 + n)],
        )
        add_recommendation(campaign, alice, body, text=f"More {n}")
    large = [count_queries(client, page) for page in pages]
    assert small == large
    assert max(large) <= 40, large
