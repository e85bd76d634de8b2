"""A real headless Chromium (Debian's package) through an information request: a citizen writes
and sends it, the body's officer registers and answers it with a file, the citizen classifies
the answer, and an anonymous visitor finds it answered in full in the public archive."""

import pytest
from django.core import mail

from ..helpers import HAS_CHROMIUM, SCREENSHOTS, blank_pdf

SUBJECT = "Мектептерді жөндеу сметасы 2025"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
]


@pytest.mark.django_db(transaction=True)
def test_citizen_asks_officer_answers_public_sees_it_answered(
    open_as, live_server, deadline_rules, carol, dana, body
):
    # The citizen writes on a phone, in Russian, and reads the letter before sending it.
    citizen = open_as(carol, width=412, height=915)
    citizen.goto(f"{live_server.url}/en/requests/new/?body={body.slug}")
    citizen.get_by_label("Subject").fill(SUBJECT)
    citizen.get_by_label("Text of the request").fill(
        "Прошу сообщить, сколько средств выделено на ремонт школ в 2025 году."
    )
    citizen.get_by_label("What exactly is asked").fill("Список школ\nСмета по каждой школе")
    citizen.get_by_label("Русский").check()
    citizen.get_by_role("button", name="Save the draft and read the letter").click()
    citizen.wait_for_url("**/preview/")
    letter = citizen.frame_locator("iframe.letter-frame")
    assert "ЗАПРОС О ПРЕДОСТАВЛЕНИИ ИНФОРМАЦИИ" in letter.locator("h1").inner_text().upper()
    assert SUBJECT in letter.locator("body").inner_text()

    citizen.get_by_role("button", name="Send the request").click()
    citizen.wait_for_url(lambda url: url.rstrip("/").split("/")[-1] != "send")
    assert "is sent to" in citizen.locator(".messages").inner_text()
    assert citizen.locator("h1 + p .rstatus").inner_text() == "sent"
    request_url = citizen.url
    assert [message.to for message in mail.outbox] == [[body.email]]

    # The officer finds it in the inbox, registers it and answers it with a file.
    officer = open_as(dana)
    officer.goto(f"{live_server.url}/en/requests/inbox/")
    assert "days left" in officer.locator("table.inbox").inner_text()
    officer.screenshot(path=str(SCREENSHOTS / "inforequest-inbox.png"), full_page=True)
    officer.get_by_role("link", name=SUBJECT).click()
    officer.wait_for_url(request_url)
    officer.locator("#step-register summary").click()
    officer.get_by_label("Registration number").fill("ЖТ-2025-15")
    officer.get_by_role("button", name="Record the registration").click()
    officer.wait_for_load_state()
    assert "The registration is recorded." in officer.locator(".messages").inner_text()
    assert "ЖТ-2025-15" in officer.locator("dl.facts").inner_text()

    answer = officer.locator("#step-answer")
    assert answer.get_attribute("open") is not None  # the officer's step of the moment
    answer.get_by_label("Text of the answer").fill("Смета во вложении.")
    answer.get_by_label("Files").set_input_files(
        files=[{"name": "smeta.pdf", "mimeType": "application/pdf", "buffer": blank_pdf()}]
    )
    answer.get_by_role("button", name="Publish the answer").click()
    officer.wait_for_load_state()
    assert "The answer is recorded." in officer.locator(".messages").inner_text()
    assert officer.get_by_role("link", name="smeta.pdf").count() == 1
    officer.screenshot(path=str(SCREENSHOTS / "inforequest-detail-officer.png"), full_page=True)

    # The citizen reads the answer and says it is full.
    citizen.goto(request_url)
    classify = citizen.locator("#step-classify")
    assert classify.get_attribute("open") is not None
    classify.get_by_label("full answer").check()
    classify.get_by_role("button", name="Save the classification").click()
    citizen.wait_for_load_state()
    assert citizen.locator("h1 + p .rstatus").inner_text() == "answered in full"
    citizen.screenshot(path=str(SCREENSHOTS / "inforequest-detail-citizen.png"), full_page=True)

    # Anyone sees it in the public archive, answered in full, with the file.
    visitor = open_as(None)
    visitor.goto(f"{live_server.url}/en/requests/")
    card = visitor.locator("li.card", has_text=SUBJECT)
    assert card.locator(".rstatus").inner_text() == "answered in full"
    card.get_by_role("link", name=SUBJECT).click()
    visitor.wait_for_url(request_url)
    assert visitor.get_by_role("link", name="smeta.pdf").count() == 1
    assert visitor.locator("#steps").count() == 0
    assert visitor.locator("form[action$='/hide/']").count() == 0
