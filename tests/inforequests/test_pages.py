"""The pages of information requests, through the views: writing, sending, the body's steps, the
answer, its classification, the appeal and the letters; batches; forms that keep what was typed."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from baqylau.accounts.models import NotificationPreference, Role
from baqylau.inforequests import services
from baqylau.inforequests.models import (
    Answer,
    Attachment,
    InformationRequest,
    RequestBatch,
    Status,
)
from baqylau.registry.models import Organisation

from ..factories import InformationRequestFactory, MembershipFactory, OrganisationFactory
from ..helpers import blank_pdf, count_queries

pytestmark = pytest.mark.django_db


PDF_BYTES = blank_pdf()
EMAIL = InformationRequest.Delivery.EMAIL
BY_HAND = InformationRequest.Delivery.BY_HAND


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"inforequests:{name}", kwargs=kwargs)


def new_request(requester, body, **fields):
    return InformationRequestFactory(requester=requester, body=body, **fields)


def sent_request(requester, body, **fields):
    return InformationRequestFactory(requester=requester, body=body, sent=True, **fields)


def answered_request(requester, body, officer, *, today, **fields):
    item = sent_request(requester, body, **fields)
    services.request_register(
        request=item, registered_on=today, registration_number="1", actor=officer
    )
    services.answer_submit(
        request=item,
        author=officer,
        source=Answer.Source.PLATFORM,
        text="The estimate is attached.",
        files=[SimpleUploadedFile("estimate.pdf", PDF_BYTES)],
    )
    item.refresh_from_db()
    return item


def text_of(response) -> str:
    return response.content.decode()


# Every page, in every language -------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_page_answers_in_every_language(client, carol, dana, body, registry, lang, today):
    draft = new_request(carol, body)
    item = answered_request(carol, body, dana, today=today)
    services.answer_classify(
        answer=item.answers.get(), classification="refusal", legal_ground="Art. 5", actor=carol
    )
    appeal = services.request_appeal(request=item, grounds="No ground given.", actor=carol)
    client.force_login(carol)
    pages = [
        url("archive", lang),
        url("new", lang),
        url("new", lang) + "?object=school-600",
        url("new", lang) + "?document=regional-plan",
        url("batch_new", lang),
        url("mine", lang),
        f"/{lang}/accounts/notifications/",
        url("preview", lang, public_id=draft.public_id),
        url("detail", lang, public_id=draft.public_id),
        url("detail", lang, public_id=item.public_id),
        url("letter", lang, public_id=item.public_id),
        url("appeal_letter", lang, public_id=item.public_id, appeal_id=appeal.pk),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert f'<html lang="{lang}">' in text_of(response) or "letter" in page, page
    client.force_login(dana)
    for page in (url("inbox", lang), url("detail", lang, public_id=item.public_id)):
        assert client.get(page).status_code == 200, page
    client.logout()
    for page in (url("archive", lang), url("detail", lang, public_id=item.public_id)):
        assert client.get(page).status_code == 200, page


# The whole way, through the views ---------------------------------------------------------------


def test_request_from_writing_to_appeal(
    client, carol, dana, body, akimat, mailoutbox, django_capture_on_commit_callbacks, today
):
    client.force_login(carol)
    response = client.get(url("new") + f"?body={body.slug}")
    assert f'<option value="{body.slug}" selected>' in text_of(response)

    response = client.post(
        url("new"),
        {
            "body": body.slug,
            "subject": "Repairs of school No. 7",
            "text": "Please send the estimate of the repairs.",
            "asked": "1. The estimate\n2. The acts of completed works",
            "language": "ru",
            "delivery": EMAIL,
            "is_public": "on",
        },
    )
    item = InformationRequest.private_objects.get()
    assert item.status == Status.DRAFT
    assert response.url == url("preview", public_id=item.public_id)
    preview = text_of(client.get(response.url))
    # The letter, escaped into the frame's srcdoc (a raw quote would end the attribute).
    assert 'srcdoc="&lt;!doctype html&gt;' in preview.lower()
    assert "Запрос о предоставлении информации" in preview
    assert url("letter_pdf", public_id=item.public_id) in preview

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("send", public_id=item.public_id))
    assert response.url == item.get_absolute_url()
    item.refresh_from_db()
    assert item.status == Status.SENT
    [letter] = mailoutbox
    assert letter.to == [body.email]
    assert letter.reply_to == [carol.email]
    assert letter.attachments[0][0] == f"information-request-{item.public_id}.pdf"
    assert "is sent to" in text_of(client.get(item.get_absolute_url()))

    # The officer finds it in the inbox, registers it and answers with a file.
    client.force_login(dana)
    assert item.subject in text_of(client.get(url("inbox")))
    detail = text_of(client.get(item.get_absolute_url()))
    assert "Answer the request" in detail and "Register the request" in detail
    response = client.post(
        url("register", public_id=item.public_id),
        {"register-registered_on": today.isoformat(), "register-registration_number": "ЖТ-15"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.registration_number) == (Status.REGISTERED, "ЖТ-15")

    response = client.post(
        url("answer", public_id=item.public_id),
        {
            "answer-text": "The estimate is attached.",
            "answer-files": [SimpleUploadedFile("estimate.pdf", PDF_BYTES)],
        },
    )
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert answer.source == Answer.Source.PLATFORM and answer.author == dana
    assert answer.attachments.get().name == "estimate.pdf"
    item.refresh_from_db()
    assert item.status == Status.ANSWERED_FULL

    # The requester says it is partial, then appeals to the parent body.
    client.force_login(carol)
    response = client.post(
        url("classify", public_id=item.public_id), {"classify-classification": "partial"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.ANSWERED_PARTIAL

    response = client.post(
        url("appeal", public_id=item.public_id),
        {"appeal-superior_body": "", "appeal-grounds": "The acts of works are missing."},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    appeal = item.appeals.get()
    assert (item.status, appeal.superior_body) == (Status.APPEALED, akimat)
    detail = text_of(client.get(item.get_absolute_url()))
    letter_url = url("appeal_letter", public_id=item.public_id, appeal_id=appeal.pk)
    pdf_url = url("appeal_letter_pdf", public_id=item.public_id, appeal_id=appeal.pk)
    assert letter_url in detail and pdf_url in detail
    assert "The acts of works are missing." in text_of(client.get(letter_url))
    response = client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment")

    response = client.get(url("letter_pdf", public_id=item.public_id))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == (
        f'attachment; filename="information-request-{item.public_id}.pdf"'
    )


def test_requester_records_the_steps_of_the_body_from_its_letters(
    client, carol, body, akimat, today
):
    item = sent_request(carol, body)
    client.force_login(carol)
    assert "The body registered the request" in text_of(client.get(item.get_absolute_url()))

    client.post(
        url("ask_clarification", public_id=item.public_id),
        {
            "ask_clarification-note": "Which school?",
            "ask_clarification-happened_on": today.isoformat(),
        },
    )
    item.refresh_from_db()
    assert item.status == Status.CLARIFICATION
    assert "Which school?" in text_of(client.get(item.get_absolute_url()))
    client.post(url("clarify", public_id=item.public_id), {"clarify-note": "School No. 7."})
    item.refresh_from_db()
    assert item.status == Status.REGISTERED

    response = client.post(
        url("extend", public_id=item.public_id), {"extend-reason": "A large volume."}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.EXTENDED and item.extended

    other = OrganisationFactory(kind=Organisation.Kind.AKIMAT_DEPARTMENT, slug="construction")
    client.post(
        url("redirect", public_id=item.public_id),
        {
            "redirect-to_body": other.slug,
            "redirect-happened_on": today.isoformat(),
            "redirect-note": "",
        },
    )
    item.refresh_from_db()
    assert (item.status, item.body) == (Status.REDIRECTED, other)

    response = client.post(
        url("answer", public_id=item.public_id),
        {
            "answer-source": "post",
            "answer-received_on": today.isoformat(),
            "answer-text": "We refuse.",
            "answer-legal_ground": "Article 5",
            "answer-files": [SimpleUploadedFile("scan.png", _png())],
        },
    )
    assert response.status_code == 302
    answer = Answer.objects.get()
    assert (answer.source, answer.author, answer.legal_ground) == ("post", carol, "Article 5")

    client.post(url("withdraw", public_id=item.public_id))
    item.refresh_from_db()
    assert item.status == Status.ANSWERED_FULL  # an answered request is closed: no withdrawal
    client.post(url("classify", public_id=item.public_id), {"classify-classification": "refusal"})
    item.refresh_from_db()
    assert item.status == Status.REFUSED


def _png() -> bytes:
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(data, "PNG")
    return data.getvalue()


def test_withdraw(client, carol, body):
    item = sent_request(carol, body)
    client.force_login(carol)
    response = client.post(url("withdraw", public_id=item.public_id), follow=True)
    item.refresh_from_db()
    assert item.status == Status.WITHDRAWN
    assert "The request is withdrawn." in text_of(response)


def test_request_from_an_object_page_names_the_object_and_its_body(client, carol, registry):
    client.force_login(carol)
    html = text_of(client.get(reverse("portal:object", kwargs={"slug": "school-600"})))
    assert url("new") + "?object=school-600" in html
    html = text_of(client.get(url("new") + "?object=school-600"))
    assert "School for 600 pupils" in html
    assert '<option value="akimat" selected>' in html
    assert 'name="object" value="school-600"' in html
    response = client.post(
        url("new") + "?object=school-600",
        {
            "body": "akimat",
            "subject": "The school",
            "text": "When does it open?",
            "language": "kk",
            "delivery": BY_HAND,
            "object": "school-600",
            "document": "",
        },
    )
    assert response.status_code == 302
    assert InformationRequest.private_objects.get().object == registry["school"]


def test_request_links_on_document_and_organisation_pages(client, registry):
    html = text_of(client.get(reverse("portal:document", kwargs={"slug": "regional-plan"})))
    assert url("new") + "?document=regional-plan" in html
    html = text_of(client.get(reverse("portal:organisation", kwargs={"slug": "akimat"})))
    assert url("new") + "?body=akimat" in html
    assert url("body_feed", slug="akimat") in html


def test_hidden_document_cannot_be_the_subject_of_a_request(client, carol, registry):
    client.force_login(carol)
    assert client.get(url("new") + "?document=secret-draft").status_code == 404


def test_write_a_draft_again(client, carol, body):
    draft = new_request(carol, body, subject="First try")
    client.force_login(carol)
    html = text_of(client.get(url("new") + f"?from={draft.public_id}"))
    assert 'value="First try"' in html


def test_archive_offers_to_write_and_shows_overdue(client, carol, body, today):
    item = sent_request(carol, body)
    InformationRequest.private_objects.filter(pk=item.pk).update(
        due_date=today - timezone.timedelta(days=3)
    )
    html = text_of(client.get(url("archive")))
    assert url("new") in html and url("batch_new") in html
    assert "overdue by 3 days" in html


def test_my_requests_include_drafts(client, carol, alice, body):
    draft = new_request(carol, body, subject="My draft")
    sent_request(alice, body, subject="Not mine")
    client.force_login(carol)
    html = text_of(client.get(url("mine")))
    assert "My draft" in html and url("preview", public_id=draft.public_id) in html
    assert "Not mine" not in html


def test_notification_preferences(client, carol):
    client.force_login(carol)
    profile = text_of(client.get(reverse("accounts:profile")))
    notifications = reverse("accounts:notifications")
    assert notifications in profile and url("mine") in profile
    # The old address of the page leads to it.
    assert client.get(url("notifications_moved")).url == notifications
    response = client.post(notifications, {"reminders": "on"})
    assert response.url == reverse("accounts:profile")
    preference = NotificationPreference.objects.get(user=carol)
    assert (preference.request_updates, preference.reminders) == (False, True)
    assert "no news of your requests" in text_of(client.get(reverse("accounts:profile")))


# Batches ----------------------------------------------------------------------------------------


def test_batch_to_three_bodies(
    client, carol, body, akimat, mailoutbox, django_capture_on_commit_callbacks
):
    third = OrganisationFactory(kind=Organisation.Kind.DISTRICT_AKIMAT, slug="aksu")
    client.force_login(carol)
    assert client.get(url("batch_new")).status_code == 200
    data = {
        "bodies": [body.slug, akimat.slug, third.slug],
        "subject": "Water supply in villages",
        "text": "How many villages have\ncentralised water?",
        "asked": "",
        "language": "kk",
        "delivery": EMAIL,
        "is_public": "on",
    }
    response = client.post(url("batch_new"), data)
    html = text_of(response)
    assert "Check before sending" in html and "Send 3 requests" in html
    assert not InformationRequest.private_objects.exists()
    # The confirmation carries everything in hidden fields, as typed.
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    assert hidden["subject"] == "Water supply in villages"
    assert hidden["is_public"] == "True"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("batch_new"), {**data, "confirm": "1"})
    batch = RequestBatch.objects.get()
    assert response.url == url("mine") + f"?batch={batch.pk}"
    requests = batch.requests.all()
    assert {r.body for r in requests} == {body, akimat, third}
    assert {r.status for r in requests} == {Status.SENT}
    assert sorted(m.to[0] for m in mailoutbox) == sorted([body.email, akimat.email, third.email])
    html = text_of(client.get(response.url))
    assert "3 requests are sent." in html


def test_batch_selects_every_district_akimat_without_javascript(client, carol, body):
    districts = [
        OrganisationFactory(kind=Organisation.Kind.DISTRICT_AKIMAT, slug=f"district-{n}")
        for n in range(3)
    ]
    client.force_login(carol)
    response = client.post(
        url("batch_new"),
        {
            "bodies": [body.slug],
            "subject": "Roads",
            "text": "What was repaired?",
            "select_kind": "district_akimat",
            "language": "ru",
            "delivery": EMAIL,
        },
    )
    html = text_of(response)
    for slug in [body.slug, *[d.slug for d in districts]]:
        assert f'value="{slug}" checked' in html
    assert "What was repaired?" in html and 'value="Roads"' in html
    assert 'class="error"' not in html
    # The same by a link.
    html = text_of(client.get(url("batch_new") + "?select=district_akimat"))
    assert all(f'value="{d.slug}" checked' in html for d in districts)


def test_batch_errors_keep_the_text(client, carol, body):
    client.force_login(carol)
    response = client.post(
        url("batch_new"),
        {"subject": "Roads", "text": "What was repaired?", "language": "ru", "delivery": EMAIL},
    )
    html = text_of(response)
    assert "Choose at least one state body." in html
    assert "What was repaired?" in html


# Forms keep what was typed ------------------------------------------------------------------------


def test_form_errors_keep_the_text(client, carol, body):
    client.force_login(carol)
    response = client.post(
        url("new"),
        {
            "body": body.slug,
            "subject": "",
            "text": "A long text that must not be lost.",
            "language": "ru",
            "delivery": EMAIL,
        },
    )
    assert response.status_code == 200
    html = text_of(response)
    assert "A long text that must not be lost." in html
    assert "This field is required." in html
    assert not InformationRequest.private_objects.exists()


def test_body_without_email_asks_for_printed_delivery(client, carol):
    silent = OrganisationFactory(kind=Organisation.Kind.AKIMAT_DEPARTMENT, email="")
    client.force_login(carol)
    response = client.post(
        url("new"),
        {
            "body": silent.slug,
            "subject": "Subject",
            "text": "Text kept.",
            "language": "ru",
            "delivery": EMAIL,
        },
    )
    html = text_of(response)
    assert "choose printed delivery" in html and "Text kept." in html
    assert not InformationRequest.private_objects.exists()


def test_service_errors_show_next_to_the_form(client, carol, dana, body, today):
    item = sent_request(carol, body)
    client.force_login(dana)
    tomorrow = (today + timezone.timedelta(days=1)).isoformat()
    response = client.post(
        url("register", public_id=item.public_id),
        {"register-registered_on": tomorrow, "register-registration_number": "N-77"},
    )
    html = text_of(response)
    assert response.status_code == 200
    assert "The date cannot be in the future." in html
    assert 'value="N-77"' in html
    assert '<details class="step" id="step-register" open>' in html

    item = answered_request(carol, body, dana, today=today)
    client.force_login(carol)
    response = client.post(
        url("classify", public_id=item.public_id), {"classify-classification": "refusal"}
    )
    html = text_of(response)
    assert "A refusal must name the legal ground the body gave." in html
    assert 'id="id_classify-legal_ground_error"' in html  # next to its field
    item.refresh_from_db()
    assert item.status == Status.ANSWERED_FULL


def test_send_error_shows_on_the_preview(client, carol, body):
    draft = new_request(carol, body, delivery=EMAIL)
    Organisation.objects.filter(pk=body.pk).update(email="")
    client.force_login(carol)
    response = client.post(url("send", public_id=draft.public_id))
    assert response.status_code == 200
    assert "has no email address in the registry" in text_of(response)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def answer_through_the_page(client, requester, officer, body, text, *files):
    """The officer answers a request the requester sent to the body with the files, through the
    page; returns the request and the page's response."""
    item = sent_request(requester, body)
    client.force_login(officer)
    response = client.post(
        url("answer", public_id=item.public_id), {"answer-text": text, "answer-files": list(files)}
    )
    return item, response


def test_a_lying_file_is_refused_and_nothing_is_saved(client, carol, dana, body, settings):
    item, response = answer_through_the_page(
        client,
        carol,
        dana,
        body,
        "Our answer, kept on error.",
        SimpleUploadedFile("estimate.pdf", PDF_BYTES),
        SimpleUploadedFile("report.pdf", b"just some text, not a PDF"),
    )
    assert response.status_code == 200
    html = text_of(response)
    assert "report.pdf: the name of the file does not match what it contains." in html
    assert "Our answer, kept on error." in html
    assert not Answer.objects.exists() and not Attachment.objects.exists()
    assert not settings.MEDIA_ROOT.exists() or not any(
        path.is_file() for path in settings.MEDIA_ROOT.rglob("*")
    )
    item.refresh_from_db()
    assert item.status == Status.SENT


def test_an_unreadable_document_after_a_good_one_leaves_no_record(client, carol, dana, body):
    item, response = answer_through_the_page(
        client,
        carol,
        dana,
        body,
        "Two files.",
        SimpleUploadedFile("estimate.pdf", PDF_BYTES),
        SimpleUploadedFile("broken.pdf", b"%PDF-1.4 and then nothing a reader can use"),
    )
    assert response.status_code == 200
    assert "broken.pdf: the document cannot be read." in text_of(response)
    assert not Answer.objects.exists() and not Attachment.objects.exists()
    item.refresh_from_db()
    assert item.status == Status.SENT


def test_a_file_of_a_refused_type_is_refused_next_to_the_field(client, carol, dana, body):
    _, response = answer_through_the_page(
        client, carol, dana, body, "Text.", SimpleUploadedFile("x.exe", b"MZ\x00\x01")
    )
    html = text_of(response)
    assert "x.exe: only PDF, JPEG, PNG, DOCX, XLSX and plain text files are accepted." in html
    assert 'id="id_answer-files_error"' in html
    assert not Answer.objects.exists()


# Redaction ----------------------------------------------------------------------------------------


def test_redaction_through_the_page(client, carol, dana, body, today):
    item = answered_request(carol, body, dana, today=today)
    answer = item.answers.get()
    Answer.objects.filter(pk=answer.pk).update(
        text="Call Ivanov at +7 701 555 1234.", public_text="Call Ivanov at +7 701 555 1234."
    )
    client.force_login(carol)
    response = client.post(
        url("answer_redact", public_id=item.public_id, answer_id=answer.pk),
        {f"redact-{answer.pk}-public_text": "Call the department."},
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.redacted and answer.public_text == "Call the department."
    own = text_of(client.get(item.get_absolute_url()))
    assert "555 1234" in own  # the original, for the requester
    client.logout()
    public = text_of(client.get(item.get_absolute_url()))
    assert "555 1234" not in public and "Call the department." in public


# Query counts -------------------------------------------------------------------------------------

MAX_QUERIES = 12


def _grow(n, requester, body, officer, *, today):
    for i in range(n):
        item = answered_request(requester, body, officer, subject=f"Request {i}", today=today)
        if i % 2:
            services.answer_classify(
                answer=item.answers.get(), classification="partial", actor=requester
            )
        new_request(requester, body)
        sent_request(requester, body, hide_requester_name=bool(i % 3))


@pytest.mark.parametrize(
    ("who", "name"),
    [
        (None, "archive"),
        ("carol", "archive"),
        ("dana", "archive"),
        ("dana", "inbox"),
        ("carol", "mine"),
    ],
)
def test_list_queries_do_not_grow_with_data(client, carol, dana, body, who, name, today):
    users = {"carol": carol, "dana": dana}
    if who:
        client.force_login(users[who])
    page = url(name)
    _grow(2, carol, body, dana, today=today)
    small = count_queries(client, page)
    _grow(12, carol, body, dana, today=today)
    large = count_queries(client, page)
    assert small == large, (name, small, large)
    assert large <= MAX_QUERIES


@pytest.mark.parametrize("who", [None, "carol", "dana", "max"])
def test_detail_queries_do_not_grow_with_answers(
    client, carol, dana, max_moderator, body, who, today
):
    users = {"carol": carol, "dana": dana, "max": max_moderator}
    if who:
        client.force_login(users[who])
    item = answered_request(carol, body, dana, today=today)
    page = item.get_absolute_url()
    small = count_queries(client, page)
    for _ in range(5):
        services.answer_classify(
            answer=item.answers.order_by("-id").first(), classification="partial", actor=carol
        )
        services.answer_submit(
            request=item,
            author=dana,
            source=Answer.Source.PLATFORM,
            text="More.",
            files=[SimpleUploadedFile("more.pdf", PDF_BYTES)],
        )
    large = count_queries(client, page)
    assert small == large, (small, large)
    assert large <= 15


def test_officer_of_several_bodies_sees_them_all_in_the_inbox(client, carol, dana, body):
    other = OrganisationFactory(kind=Organisation.Kind.AKIMAT_DEPARTMENT)
    MembershipFactory(user=dana, organisation=other, role=Role.OFFICER)
    sent_request(carol, body, subject="To the first")
    sent_request(carol, other, subject="To the second")
    sent_request(carol, OrganisationFactory(), subject="To a third")
    client.force_login(dana)
    html = text_of(client.get(url("inbox")))
    assert "To the first" in html and "To the second" in html and "To a third" not in html
    assert other.name in html  # the body column, for an officer of several


def test_inbox_is_sorted_by_due_date_and_filters_by_status(client, carol, dana, body, today):
    late = sent_request(carol, body, subject="Late one")
    soon = sent_request(carol, body, subject="Soon one")
    done = answered_request(carol, body, dana, subject="Done one", today=today)
    InformationRequest.private_objects.filter(pk=late.pk).update(
        due_date=today - timezone.timedelta(days=2)
    )
    InformationRequest.private_objects.filter(pk=soon.pk).update(
        due_date=today + timezone.timedelta(days=1)
    )
    client.force_login(dana)
    html = text_of(client.get(url("inbox")))
    assert html.index("Late one") < html.index("Soon one")
    assert "overdue by 2 days" in html and "1 day left" in html
    html = text_of(client.get(url("inbox") + "?status=awaiting"))
    assert "Late one" in html and done.subject not in html
    html = text_of(client.get(url("inbox") + "?status=answered_full"))
    assert "Late one" not in html and "Done one" in html


def test_a_redacted_answer_says_it_changed_without_its_earlier_or_private_text(
    client, carol, dana, body, today
):
    item = answered_request(carol, body, dana, today=today)
    answer = item.answers.get()
    original = "Call Ivanov at +7 701 555 1234."
    Answer.objects.filter(pk=answer.pk).update(text=original, public_text=original)
    answer.refresh_from_db()
    services.answer_redact(answer=answer, public_text="Call Ivanov.", actor=carol)
    services.answer_redact(
        answer=answer, public_text="Call the department.", actor=carol, reason="a name taken out"
    )
    public = text_of(client.get(item.get_absolute_url()))
    assert "Call the department." in public and "(a name taken out)" in public
    assert "2 changes: the earlier versions" in public
    # Neither the private original nor an earlier public text comes back through the history.
    assert "555 1234" not in public and "Call Ivanov" not in public
