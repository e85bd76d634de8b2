"""The workflow of an information request: each step, its deadline and who may take it.

Dates follow Kazakhstan's calendar as the holidays library gives it for 2025 and 2026: New Year on
1-2 January, Nauryz on 21-23 March 2026 (Saturday to Monday) with 24 and 25 March off in exchange,
and Sunday 5 January 2025 worked for Friday 3 January.
"""

from datetime import date, datetime, time
from io import BytesIO, StringIO
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation
from PIL import Image

from baqylau.inforequests import permissions, services
from baqylau.inforequests.models import (
    Answer,
    Attachment,
    InformationRequest,
    RequestBatch,
    RequestEvent,
    Status,
)
from baqylau.registry.models import Organisation

from ..factories import (
    InformationRequestFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from ..helpers import blank_pdf
from ..hostile_files import huge_png

Kind = RequestEvent.Kind
BY_HAND = InformationRequest.Delivery.BY_HAND
PDF_BYTES = blank_pdf()


class Clock:
    """The tests' clock, standing still at 10:00 in Almaty on the day set."""

    def __init__(self, time_machine):
        self._time_machine = time_machine

    def set(self, day: date) -> date:
        moment = datetime.combine(day, time(10), tzinfo=ZoneInfo(settings.TIME_ZONE))
        self._time_machine.move_to(moment, tick=False)
        return day


@pytest.fixture
def clock(time_machine):
    clock = Clock(time_machine)
    clock.set(date(2026, 1, 12))
    return clock


@pytest.fixture
def make_request(alice, body, clock):
    def make(**fields):
        values = {
            "requester": alice,
            "body": body,
            "text": "Please send the estimate and the acts of completed works.",
        }
        return InformationRequestFactory(**(values | fields))

    return make


@pytest.fixture
def sent(make_request, alice):
    return services.request_send(request=make_request(), actor=alice)


@pytest.fixture
def registered(sent, dana, clock):
    return services.request_register(
        request=sent, registered_on=clock.set(date(2026, 1, 14)), actor=dana
    )


@pytest.fixture
def answered(registered, dana):
    services.answer_submit(
        request=registered,
        author=dana,
        source=Answer.Source.PLATFORM,
        text="The estimate is attached.",
        received_on=date(2026, 1, 14),
    )
    return registered


def kinds(request) -> list[str]:
    return list(request.events.values_list("kind", flat=True))


def assert_refused(call, code: str | None = None):
    with pytest.raises(ValidationError) as info:
        call()
    error = info.value
    if code:
        errors = (
            [e for field in error.error_dict.values() for e in field]
            if hasattr(error, "error_dict")
            else error.error_list
        )
        assert code in {e.code for e in errors}
    return error


# Writing and sending ------------------------------------------------------------------------


def test_a_new_request_is_a_draft_with_its_first_event(make_request, alice):
    request = make_request()
    assert request.status == Status.DRAFT
    event = request.events.get()
    assert (event.kind, event.status_after, event.actor) == (Kind.CREATED, Status.DRAFT, alice)
    assert request.due_date is None
    assert InformationRequest.public_objects.filter(pk=request.pk).count() == 0


def test_only_a_state_body_receives_requests(make_request, ngo):
    error = assert_refused(lambda: make_request(body=ngo), "not_state_body")
    assert "state bodies" in str(error)
    assert InformationRequest.private_objects.count() == 0


def test_a_request_is_written_in_kazakh_or_russian(make_request):
    assert_refused(lambda: make_request(language="en"), "language")


def test_sending_by_hand_records_the_delivery(make_request, alice, mailoutbox, clock):
    request = services.request_send(request=make_request(), actor=alice)
    assert request.status == Status.SENT
    # At the clock's moment: 10:00 in Almaty on 12 January 2026.
    assert request.sent_at == datetime(2026, 1, 12, 10, tzinfo=ZoneInfo(settings.TIME_ZONE))
    event = request.events.last()
    assert (event.kind, event.status_after, event.other_body) == (
        Kind.DELIVERED_BY_HAND,
        Status.SENT,
        request.body,
    )
    # Until the body's registration is recorded, the term runs from the sending day.
    assert request.due_date == date(2026, 1, 27)
    assert mailoutbox == []


def test_sending_by_email_needs_the_body_address(make_request, alice, body):
    request = make_request(delivery=InformationRequest.Delivery.EMAIL)
    body.email = ""
    body.save()
    # The address was removed after the draft was written: sending is refused.
    assert_refused(lambda: services.request_send(request=request, actor=alice), "no_email")
    request.refresh_from_db()
    assert request.status == Status.DRAFT
    # A new draft by email to a body without an address is refused at once.
    assert_refused(lambda: make_request(delivery=InformationRequest.Delivery.EMAIL), "no_email")


def test_sending_twice_is_refused(sent, alice):
    assert_refused(lambda: services.request_send(request=sent, actor=alice), "invalid_transition")


# The term -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("registered_on", "due"),
    [
        # 15 calendar days ending on a working Thursday.
        (date(2026, 1, 14), date(2026, 1, 29)),
        # Ending on Saturday: the next working day.
        (date(2026, 1, 16), date(2026, 2, 2)),
        # Across New Year: 1 and 2 January are holidays, then a weekend.
        (date(2025, 12, 17), date(2026, 1, 5)),
        # Across Nauryz 2026: 21 March to 25 March are not working days.
        (date(2026, 3, 6), date(2026, 3, 26)),
        # A Sunday the Government made a working day ends the term on it.
        (date(2024, 12, 21), date(2025, 1, 5)),
    ],
)
def test_the_answer_is_due_15_calendar_days_after_registration(
    kz_calendar, sent, dana, clock, registered_on, due
):
    clock.set(registered_on)
    request = services.request_register(
        request=sent, registered_on=registered_on, registration_number="ЗТ-123", actor=dana
    )
    assert (request.status, request.registered_on, request.due_date) == (
        Status.REGISTERED,
        registered_on,
        due,
    )
    event = request.events.get(kind=Kind.REGISTERED)
    assert (event.status_after, event.happened_on, event.due_date, event.note) == (
        Status.REGISTERED,
        registered_on,
        due,
        "ЗТ-123",
    )


def test_registration_cannot_be_dated_in_the_future(sent, dana, clock):
    assert_refused(
        lambda: services.request_register(request=sent, registered_on=date(2026, 2, 1), actor=dana),
        "future",
    )


@pytest.mark.parametrize("status", [Status.DRAFT, Status.ANSWERED_FULL, Status.WITHDRAWN])
def test_registration_is_refused_outside_its_statuses(make_request, dana, status):
    request = make_request()
    InformationRequest.private_objects.filter(pk=request.pk).update(status=status)
    assert_refused(
        lambda: services.request_register(
            request=request, registered_on=date(2026, 1, 12), actor=dana
        ),
        "invalid_transition",
    )


def test_extension_once_by_at_most_15_more_days(kz_calendar, registered, dana):
    assert registered.due_date == date(2026, 1, 29)
    assert_refused(
        lambda: services.request_extend(request=registered, reason=" ", actor=dana), "required"
    )
    request = services.request_extend(
        request=registered, reason="The data are collected from districts.", actor=dana
    )
    assert (request.status, request.extended, request.due_date) == (
        Status.EXTENDED,
        True,
        date(2026, 2, 13),
    )
    event = request.events.last()
    assert (event.kind, event.due_date, event.status_after) == (
        Kind.EXTENDED,
        date(2026, 2, 13),
        Status.EXTENDED,
    )
    request.status = Status.REGISTERED  # even if it were registered again
    assert_refused(
        lambda: services.request_extend(request=request, reason="Again", actor=dana),
    )
    assert InformationRequest.private_objects.get(pk=request.pk).due_date == date(2026, 2, 13)


def test_a_shorter_extension_is_allowed_a_longer_one_refused(kz_calendar, registered, dana):
    with translation.override("ru"):
        error = assert_refused(
            lambda: services.request_extend(
                request=registered, reason="Volume", new_due_date=date(2026, 2, 16), actor=dana
            ),
            "too_long",
        )
    assert "13.02.2026" in str(error)
    assert_refused(
        lambda: services.request_extend(
            request=registered, reason="Volume", new_due_date=date(2026, 1, 29), actor=dana
        ),
        "not_later",
    )
    request = services.request_extend(
        request=registered, reason="Volume", new_due_date=date(2026, 2, 6), actor=dana
    )
    assert request.due_date == date(2026, 2, 6)


def test_the_extension_maximum_counts_the_nauryz_days_off(kz_calendar, sent, dana, clock):
    clock.set(date(2026, 2, 23))
    request = services.request_register(request=sent, registered_on=date(2026, 2, 23), actor=dana)
    assert request.due_date == date(2026, 3, 10)
    request = services.request_extend(request=request, reason="Volume", actor=dana)
    # 25 March is a day off given back for Nauryz on the weekend.
    assert request.due_date == date(2026, 3, 26)


def test_redirect_to_the_competent_body_waits_for_its_registration(
    kz_calendar, registered, dana, clock
):
    competent = OrganisationFactory(kind=Organisation.Kind.AKIMAT_DEPARTMENT)
    request = services.request_redirect(
        request=registered,
        to_body=competent,
        happened_on=date(2026, 1, 14),
        note="Held by the construction department.",
        actor=dana,
    )
    assert (request.status, request.body, request.due_date) == (
        Status.REDIRECTED,
        competent,
        None,
    )
    event = request.events.last()
    assert (event.kind, event.other_body, event.status_after) == (
        Kind.REDIRECTED,
        competent,
        Status.REDIRECTED,
    )
    clock.set(date(2026, 1, 16))
    request = services.request_register(
        request=request, registered_on=date(2026, 1, 16), actor=dana
    )
    assert (request.status, request.due_date) == (Status.REGISTERED, date(2026, 2, 2))


def test_redirect_goes_to_another_state_body(registered, dana, body, ngo):
    for to_body, code in [(body, "same_body"), (ngo, "not_state_body")]:
        assert_refused(
            lambda to_body=to_body: services.request_redirect(
                request=registered, to_body=to_body, happened_on=date(2026, 1, 14), actor=dana
            ),
            code,
        )


def test_the_term_stops_for_a_clarification_and_starts_again(
    kz_calendar, registered, dana, alice, clock
):
    request = services.request_ask_clarification(
        request=registered, note="Which school?", happened_on=date(2026, 1, 14), actor=dana
    )
    assert (request.status, request.due_date) == (Status.CLARIFICATION, None)
    assert services.requests_mark_overdue(today=date(2026, 3, 1)) == 0
    assert_refused(
        lambda: services.request_extend(request=request, reason="Volume", actor=dana),
        "invalid_transition",
    )
    clock.set(date(2026, 1, 20))
    request = services.request_clarify(request=request, note="School No. 7 in Aksu.", actor=alice)
    assert (request.status, request.due_date) == (Status.REGISTERED, date(2026, 2, 4))
    assert kinds(request)[-2:] == [Kind.CLARIFICATION, Kind.CLARIFIED]
    assert_refused(
        lambda: services.request_clarify(request=request, note="Again", actor=alice),
        "invalid_transition",
    )


# Answers ------------------------------------------------------------------------------------


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x8825] = {1: "N", 2: (52.0, 17.0, 0.0)}
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_an_answer_with_files_sniffed_from_their_content(registered, dana):
    files = [
        SimpleUploadedFile("answer.jpg", PDF_BYTES),  # a PDF whatever its name says
        SimpleUploadedFile("photo.jpeg", jpeg_with_gps()),
        SimpleUploadedFile("note.txt", "Сметa қоса беріледі".encode()),
    ]
    answer = services.answer_submit(
        request=registered,
        author=dana,
        source=Answer.Source.PLATFORM,
        text="The estimate is attached.",
        received_on=date(2026, 1, 14),
        files=files,
    )
    registered.refresh_from_db()
    assert (registered.status, registered.answered_on) == (Status.ANSWERED_FULL, date(2026, 1, 14))
    assert registered.events.last().kind == Kind.ANSWERED
    pdf, photo, note = answer.attachments.all()
    assert [a.content_type for a in (pdf, photo, note)] == [
        "application/pdf",
        "image/jpeg",
        "text/plain",
    ]
    assert pdf.size == len(PDF_BYTES)
    assert pdf.sha256 == Attachment.digest(PDF_BYTES)
    assert pdf.public_file.name.endswith(".pdf")
    assert pdf.public_file.read().startswith(b"%PDF-")  # rewritten without metadata
    with Image.open(photo.public_file) as public:
        assert not public.getexif()
    with Image.open(photo.original) as original:
        assert original.getexif()  # the original keeps what it came with, privately
    assert answer.public_text == answer.text


def answer_with_files(request, author, *files) -> Answer:
    return services.answer_submit(
        request=request,
        author=author,
        source=Answer.Source.PLATFORM,
        text="See the file.",
        files=list(files),
    )


def test_files_too_large_or_of_unknown_type_are_refused(registered, dana):
    def submit(upload):
        return answer_with_files(registered, dana, SimpleUploadedFile("ok.pdf", PDF_BYTES), upload)

    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * (20 * 1024 * 1024))
    assert_refused(lambda: submit(big), "file_size")
    assert_refused(lambda: submit(SimpleUploadedFile("tool.pdf", b"MZ\x90\x00\x03")), "file_type")
    assert_refused(lambda: submit(SimpleUploadedFile("a.zip", zip_bytes())), "file_type")
    assert Answer.objects.count() == 0


def test_a_long_name_or_a_huge_image_does_not_break_an_answer(registered, dana):
    def submit(upload):
        return answer_with_files(registered, dana, upload)

    huge = SimpleUploadedFile("scan.png", huge_png(30000, 30000))
    assert_refused(lambda: submit(huge), "image_too_large")
    name = ("Жауап хаттың қосымшасы " * 20)[:296] + ".pdf"
    (attachment,) = submit(SimpleUploadedFile(name, PDF_BYTES)).attachments.all()
    assert attachment.name == name[:251] + ".pdf"
    # The stored names stay short: the path fits its column (100 characters) and the disk.
    assert len(attachment.original.name) <= 100 and len(attachment.public_file.name) <= 100
    assert attachment.original.read() == PDF_BYTES


def zip_bytes(member: str = "readme.txt") -> bytes:
    import zipfile

    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, "x")
    return buffer.getvalue()


def test_office_files_are_told_apart_by_their_contents():
    assert services.file_content_type(zip_bytes("word/document.xml")).endswith("document")
    assert services.file_content_type(zip_bytes("xl/workbook.xml")).endswith("sheet")
    assert services.file_content_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert services.file_content_type("Жауап".encode("cp1251")) is None


def test_an_answer_is_refused_before_sending_and_after_withdrawal(make_request, dana, alice):
    request = make_request()

    def answer():
        return services.answer_submit(
            request=request, author=dana, source=Answer.Source.PLATFORM, text="Answer"
        )

    assert_refused(answer, "invalid_transition")
    services.request_send(request=request, actor=alice)
    services.request_withdraw(request=request, actor=alice)
    assert_refused(answer, "invalid_transition")


@pytest.mark.parametrize(
    ("classification", "status"),
    [
        (Answer.Classification.FULL, Status.ANSWERED_FULL),
        (Answer.Classification.PARTIAL, Status.ANSWERED_PARTIAL),
        (Answer.Classification.REFUSAL, Status.REFUSED),
    ],
)
def test_the_requester_classifies_the_answer(answered, alice, classification, status):
    answer = answered.answers.get()
    services.answer_classify(
        answer=answer, classification=classification, legal_ground="Art. 17 p. 2", actor=alice
    )
    answered.refresh_from_db()
    answer.refresh_from_db()
    assert (answered.status, answer.classification) == (status, classification)
    event = answered.events.last()
    assert (event.kind, event.status_after) == (Kind.CLASSIFIED, status)


def test_a_refusal_names_its_legal_ground(answered, alice):
    answer = answered.answers.get()
    assert_refused(
        lambda: services.answer_classify(
            answer=answer, classification=Answer.Classification.REFUSAL, actor=alice
        ),
        "required",
    )
    answer.legal_ground = "Limited access (art. 17)"
    answer.save()
    services.answer_classify(
        answer=answer, classification=Answer.Classification.REFUSAL, actor=alice
    )
    answered.refresh_from_db()
    assert answered.status == Status.REFUSED
    assert answered.events.last().legal_ground == "Limited access (art. 17)"


def test_only_the_latest_answer_is_classified(answered, dana, alice):
    first = answered.answers.get()
    services.answer_classify(
        answer=first, classification=Answer.Classification.PARTIAL, actor=alice
    )
    services.answer_submit(
        request=answered, author=dana, source=Answer.Source.PLATFORM, text="The rest."
    )
    assert_refused(
        lambda: services.answer_classify(
            answer=first, classification=Answer.Classification.FULL, actor=alice
        ),
        "not_latest",
    )


def test_classification_needs_an_answer(registered, alice, dana):
    answer = Answer.objects.create(request=registered, source=Answer.Source.POST, text="x")
    assert_refused(
        lambda: services.answer_classify(
            answer=answer, classification=Answer.Classification.FULL, actor=alice
        ),
        "invalid_transition",
    )


def test_redaction_keeps_the_original_and_search_forgets_the_words(answered, max_moderator):
    answer = answered.answers.get()
    answer.text = "Contact Serikbayev on +7 701 000 00 00 for the estimate."
    answer.public_text = answer.text
    answer.save()
    services.request_reindex(request=answered)
    assert InformationRequest.private_objects.search("serikbayev").exists()

    services.answer_redact(
        answer=answer,
        public_text="Contact [name] on [phone] for the estimate.",
        actor=max_moderator,
    )
    answer.refresh_from_db()
    assert answer.redacted
    assert "Serikbayev" in answer.text
    found = InformationRequest.private_objects.search
    assert not found("serikbayev").exists()
    assert not found("701").exists()
    assert found("estimate").get() == answered
    assert found("SCHOOL").get() == answered  # subject, case-insensitive


def test_a_hidden_file_has_no_public_copy(registered, dana, alice):
    answer = services.answer_submit(
        request=registered,
        author=dana,
        source=Answer.Source.PLATFORM,
        text="",
        files=[SimpleUploadedFile("passport.png", png_bytes())],
    )
    attachment = answer.attachments.get()
    assert attachment.content_type == "image/png"
    path = attachment.public_file.path
    services.attachment_hide(attachment=attachment, hidden=True, actor=alice)
    attachment.refresh_from_db()
    assert attachment.hidden and not attachment.public_file
    assert attachment.original
    services.attachment_hide(attachment=attachment, hidden=False, actor=alice)
    attachment.refresh_from_db()
    assert not attachment.hidden and attachment.public_file
    assert attachment.public_file.path != path


def png_bytes() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (10, 10), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


# Appeals, withdrawal ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "classification", [Answer.Classification.PARTIAL, Answer.Classification.REFUSAL]
)
def test_an_appeal_goes_to_the_superior_body(answered, alice, akimat, classification):
    services.answer_classify(
        answer=answered.answers.get(),
        classification=classification,
        legal_ground="Art. 17",
        actor=alice,
    )
    appeal = services.request_appeal(
        request=answered, grounds="The estimate is public.", actor=alice
    )
    assert appeal.superior_body == akimat
    answered.refresh_from_db()
    assert answered.status == Status.APPEALED
    event = answered.events.last()
    assert (event.kind, event.other_body, event.status_after) == (
        Kind.APPEALED,
        akimat,
        Status.APPEALED,
    )


def test_an_appeal_of_silence_after_the_deadline(registered, alice, body):
    assert services.requests_mark_overdue(today=date(2026, 1, 30)) == 1
    registered.refresh_from_db()
    body.parent = None
    body.save()
    assert_refused(
        lambda: services.request_appeal(request=registered, grounds="No answer.", actor=alice),
        "no_superior",
    )
    ministry = OrganisationFactory(kind=Organisation.Kind.MINISTRY)
    appeal = services.request_appeal(
        request=registered, superior_body=ministry, grounds="No answer.", actor=alice
    )
    assert appeal.superior_body == ministry


def test_a_full_answer_or_a_running_term_cannot_be_appealed(answered, make_request, alice):
    running = services.request_send(request=make_request(), actor=alice)
    for request in (answered, running):
        assert_refused(
            lambda request=request: services.request_appeal(
                request=request, grounds="Why", actor=alice
            ),
            "invalid_transition",
        )


def test_withdrawal_until_the_request_is_closed(answered, alice, make_request):
    draft = make_request()
    # A draft was never sent; withdrawing it would only make it public.
    assert_refused(
        lambda: services.request_withdraw(request=draft, actor=alice), "invalid_transition"
    )
    sent = services.request_send(request=make_request(), actor=alice)
    assert services.request_withdraw(request=sent, actor=alice).status == Status.WITHDRAWN
    assert_refused(
        lambda: services.request_withdraw(request=answered, actor=alice), "invalid_transition"
    )
    assert_refused(
        lambda: services.request_withdraw(request=sent, actor=alice), "invalid_transition"
    )


# Batches ------------------------------------------------------------------------------------


def test_a_batch_is_one_request_per_body_each_with_its_own_term(
    kz_calendar, alice, body, dana, clock
):
    other = OrganisationFactory(kind=Organisation.Kind.DISTRICT_AKIMAT)
    batch = services.batch_create(
        requester=alice,
        bodies=[body, other, body],
        subject="Drinking water in rural settlements",
        text="Please list the settlements without centralised water supply.",
        asked="",
        language="kk",
        delivery=BY_HAND,
        send=True,
    )
    assert isinstance(batch, RequestBatch)
    first, second = batch.requests.order_by("id")
    assert [first.body, second.body] == [body, other]
    assert {first.status, second.status} == {Status.SENT}
    clock.set(date(2026, 1, 16))
    services.request_register(request=first, registered_on=date(2026, 1, 14), actor=dana)
    services.request_register(request=second, registered_on=date(2026, 1, 16), actor=dana)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.due_date, second.due_date) == (date(2026, 1, 29), date(2026, 2, 2))
    assert kinds(first) == [Kind.CREATED, Kind.DELIVERED_BY_HAND, Kind.REGISTERED]


def assert_batch_refused(requester, bodies, *, send: bool, code: str):
    """The batch to `bodies` is refused with `code`, and no request is created."""
    assert_refused(
        lambda: services.batch_create(
            requester=requester,
            bodies=bodies,
            subject="Water",
            text="Text",
            asked="",
            language="ru",
            send=send,
        ),
        code,
    )
    assert not InformationRequest.private_objects.exists()


def test_a_batch_with_a_non_state_body_creates_nothing(alice, body, ngo):
    assert_batch_refused(alice, [body, ngo], send=False, code="not_state_body")
    assert not RequestBatch.objects.exists()


def test_a_batch_sent_by_email_needs_every_address(alice, body):
    silent = OrganisationFactory(kind=Organisation.Kind.AKIMAT_DEPARTMENT, email="")
    assert_batch_refused(alice, [body, silent], send=True, code="no_email")


# Overdue ------------------------------------------------------------------------------------


def test_overdue_requests_are_claimed_once(kz_calendar, registered, answered_elsewhere):
    assert registered.due_date == date(2026, 1, 29)
    assert services.requests_mark_overdue(today=date(2026, 1, 29)) == 0
    assert services.requests_mark_overdue(today=date(2026, 1, 30)) == 1
    assert services.requests_mark_overdue(today=date(2026, 1, 30)) == 0
    registered.refresh_from_db()
    assert registered.status == Status.OVERDUE
    event = registered.events.last()
    assert (event.kind, event.status_after, event.happened_on, event.actor) == (
        Kind.OVERDUE,
        Status.OVERDUE,
        date(2026, 1, 30),
        None,
    )
    assert registered.events.filter(kind=Kind.OVERDUE).count() == 1
    answered_elsewhere.refresh_from_db()
    assert answered_elsewhere.status == Status.ANSWERED_FULL


@pytest.fixture
def answered_elsewhere(make_request, alice, dana):
    request = services.request_send(request=make_request(), actor=alice)
    services.answer_submit(
        request=request, author=alice, source=Answer.Source.POST, text="By post."
    )
    return request


def test_an_overdue_request_can_still_be_answered_or_extended(registered, dana):
    services.requests_mark_overdue(today=date(2026, 2, 1))
    registered.refresh_from_db()
    request = services.request_extend(request=registered, reason="Late notice", actor=dana)
    assert request.status == Status.EXTENDED
    services.answer_submit(
        request=request, author=dana, source=Answer.Source.PLATFORM, text="Late answer."
    )
    request.refresh_from_db()
    assert request.status == Status.ANSWERED_FULL


def test_a_late_request_sent_but_never_registered_may_still_be_registered(sent, dana, clock):
    assert services.requests_mark_overdue(today=date(2026, 1, 28)) == 1
    sent.refresh_from_db()
    clock.set(date(2026, 1, 28))
    request = services.request_register(request=sent, registered_on=date(2026, 1, 20), actor=dana)
    assert (request.status, request.due_date) == (Status.REGISTERED, date(2026, 2, 4))


def test_the_reminder_command_prints_a_summary(registered):
    out = StringIO()
    call_command("send_request_reminders", "--today", "2026-02-02", stdout=out)
    assert "1 request marked overdue." in out.getvalue()
    assert "Officers reminded of 0 requests." in out.getvalue()


# Search -------------------------------------------------------------------------------------


def test_search_reads_the_public_texts(make_request):
    request = make_request(subject="Жол жөндеу", text="Смета керек", asked="Акт")
    assert request.search_text == "жол жөндеу смета керек акт"


# Permissions --------------------------------------------------------------------------------


EXPECTED = {
    #                 answer  manage redact
    "anonymous": (False, False, False),
    "coordinator": (False, True, True),  # alice wrote the request
    "monitor": (False, False, False),
    "citizen": (False, False, False),
    "officer": (True, False, False),
    "moderator": (False, False, True),
    "staff": (False, True, True),
    "administrator": (False, True, True),
}


@pytest.mark.parametrize("persona", EXPECTED)
def test_who_may_do_what(personas, sent, persona):
    user = personas[persona]
    got = (
        permissions.can_answer(user, sent),
        permissions.can_manage(user, sent),
        permissions.can_redact(user, sent),
    )
    assert got == EXPECTED[persona]


def test_anonymous_and_inactive_users_may_do_nothing(sent, alice, dana):
    for user in (AnonymousUser(), None):
        assert not permissions.can_manage(user, sent)
        assert not permissions.can_answer(user, sent)
        assert not permissions.can_redact(user, sent)
    alice.is_active = dana.is_active = False
    assert not permissions.can_manage(alice, sent)
    assert not permissions.can_answer(dana, sent)


def test_an_officer_answers_only_for_their_body_and_never_a_draft(make_request, dana, alice):
    draft = make_request()
    assert not permissions.can_answer(dana, draft)
    other_officer = MembershipFactory(
        user=UserFactory(), organisation=OrganisationFactory(), role="officer"
    ).user
    sent = services.request_send(request=draft, actor=alice)
    assert permissions.can_answer(dana, sent)
    assert not permissions.can_answer(other_officer, sent)
