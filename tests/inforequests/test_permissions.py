"""Who sees and who may do what on information requests, for every persona and an anonymous
visitor: what one may not see answers 404, a step one may not take on what one sees answers 403.
Redacted text and hidden files never reach a public page, the archive search or the feeds."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from baqylau.accounts.models import Role
from baqylau.inforequests import services
from baqylau.inforequests.models import Answer, InformationRequest, Status
from baqylau.registry.models import Organisation

from ..factories import (
    InformationRequestFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from ..helpers import PERSONAS, blank_pdf

pytestmark = pytest.mark.django_db

SECRET = "Ivanov, phone +7 701 555 1234"
BY_HAND = InformationRequest.Delivery.BY_HAND


def make(carol, body, *, today, status=Status.SENT, **fields):
    """A request by carol (the citizen) to dana's body, brought to `status`."""
    values = {"text": "Please send the estimate.", "asked": "", "is_public": False}
    item = InformationRequestFactory(requester=carol, body=body, **(values | fields))
    if status == Status.DRAFT:
        return item
    services.request_send(request=item, actor=carol)
    if status == Status.CLARIFICATION:
        services.request_ask_clarification(
            request=item, note="Which school?", happened_on=today, actor=carol
        )
    if status in (Status.ANSWERED_FULL, Status.REFUSED):
        services.answer_submit(
            request=item,
            author=None,
            source=Answer.Source.POST,
            text=f"The estimate is attached. Ask {SECRET}.",
            files=[SimpleUploadedFile("estimate.pdf", blank_pdf())],
        )
    if status == Status.REFUSED:
        services.answer_classify(
            answer=item.answers.get(), classification="refusal", legal_ground="Art. 5", actor=carol
        )
    item.refresh_from_db()
    return item


def url(name, item=None, **kwargs):
    if item is not None:
        kwargs["public_id"] = item.public_id
    return reverse(f"inforequests:{name}", kwargs=kwargs)


def expect(code_by_persona: dict, who: str, default: int) -> int:
    return code_by_persona.get(who, default)


# Seeing ------------------------------------------------------------------------------------------

# Moderators moderate what is published: others' drafts and private requests are not theirs.
SEES_PRIVATE = {"citizen", "officer", "staff", "administrator"}
SEES_DRAFT = {"citizen", "staff", "administrator"}
MANAGES = {"citizen", "staff", "administrator"}
ANSWERS = {"officer"}
REDACTS = {"citizen", "staff", "administrator"}


@pytest.mark.parametrize("who", PERSONAS)
def test_who_sees_a_private_request(as_persona, carol, body, dana, who, today):
    item = make(carol, body, today=today)
    client = as_persona(who)
    assert client.get(item.get_absolute_url()).status_code == (200 if who in SEES_PRIVATE else 404)
    archive = client.get(url("archive")).content.decode()
    assert (item.subject in archive) == (who in SEES_PRIVATE)


@pytest.mark.parametrize("who", PERSONAS)
def test_who_sees_a_draft(as_persona, carol, body, dana, who, today):
    draft = make(carol, body, status=Status.DRAFT, today=today)
    client = as_persona(who)
    assert client.get(draft.get_absolute_url()).status_code == (200 if who in SEES_DRAFT else 404)
    preview = client.get(url("preview", draft)).status_code
    if who == "anonymous":
        assert preview == 302
    elif who in MANAGES:
        assert preview == 200
    else:
        assert preview == (403 if who in SEES_DRAFT else 404)
    # No draft is ever on the archive, even for those who may open it.
    assert draft.subject not in client.get(url("archive")).content.decode()


@pytest.mark.parametrize("who", PERSONAS)
def test_who_reads_the_letters(as_persona, carol, body, dana, akimat, who, monkeypatch, today):
    from baqylau.inforequests import letters

    monkeypatch.setattr(letters, "_pdf", lambda html: b"%PDF-1.7 letter")
    item = make(carol, body, status=Status.REFUSED, today=today)
    appeal = services.request_appeal(request=item, grounds="No reason.", actor=carol)
    draft = make(carol, body, status=Status.DRAFT, today=today)
    client = as_persona(who)
    # The letters carry the requester's real name: only the exchange's two sides and staff.
    readers = MANAGES | ANSWERS
    expected = 200 if who in readers else 403 if who in SEES_PRIVATE else 404
    for page in (
        url("letter", item),
        url("letter_pdf", item),
        url("appeal_letter", item, appeal_id=appeal.pk),
        url("appeal_letter_pdf", item, appeal_id=appeal.pk),
    ):
        assert client.get(page).status_code == expected, page
    expected = 200 if who in MANAGES else 403 if who in SEES_DRAFT else 404
    assert client.get(url("letter", draft)).status_code == expected


@pytest.mark.parametrize("who", PERSONAS)
def test_who_opens_the_pages_of_a_user(as_persona, carol, body, dana, who, today):
    make(carol, body, today=today)
    client = as_persona(who)
    inbox = client.get(url("inbox"))
    if who == "anonymous":
        assert inbox.status_code == 302
    else:
        assert inbox.status_code == (200 if who == "officer" else 403)
    for address in [url(name) for name in ("new", "batch_new", "mine")] + [
        reverse("accounts:notifications")
    ]:
        assert client.get(address).status_code == (302 if who == "anonymous" else 200), address
    if who != "anonymous":
        mine = client.get(url("mine")).content.decode()
        assert ("Repairs of school No. 7" in mine) == (who == "citizen")


def test_officer_of_another_body_sees_nothing_of_this_bodys_private_requests(
    client, carol, body, dana, today
):
    other_body = OrganisationFactory(kind=Organisation.Kind.AKIMAT_DEPARTMENT)
    olga = MembershipFactory(
        user=UserFactory(email="olga@example.org"), organisation=other_body, role=Role.OFFICER
    ).user
    item = make(carol, body, status=Status.ANSWERED_FULL, today=today)
    attachment = item.attachments.get()
    client.force_login(olga)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert item.subject not in client.get(url("inbox")).content.decode()
    assert item.subject not in client.get(url("archive")).content.decode()
    assert client.get(url("letter", item)).status_code == 404
    original = url("attachment_original", item, attachment_id=attachment.pk)
    assert client.get(original).status_code == 404
    register = {"register-registered_on": today.isoformat()}
    assert client.post(url("register", item), register).status_code == 404


# Doing -------------------------------------------------------------------------------------------


STEPS = {
    # step: (status to start from, who may take it, what is posted)
    "register": (
        Status.SENT,
        MANAGES | ANSWERS,
        lambda today: {"register-registered_on": today.isoformat()},
    ),
    "ask_clarification": (
        Status.SENT,
        MANAGES | ANSWERS,
        lambda today: {
            "ask_clarification-note": "Which?",
            "ask_clarification-happened_on": today.isoformat(),
        },
    ),
    "extend": (Status.SENT, MANAGES | ANSWERS, lambda today: {"extend-reason": "Volume."}),
    "redirect": (
        Status.SENT,
        MANAGES | ANSWERS,
        lambda today: {
            "redirect-to_body": "regional-akimat",
            "redirect-happened_on": today.isoformat(),
        },
    ),
    "answer": (
        Status.SENT,
        MANAGES | ANSWERS,
        lambda today: {"answer-source": "post", "answer-text": "Here it is."},
    ),
    "clarify": (Status.CLARIFICATION, MANAGES, lambda today: {"clarify-note": "School No. 7."}),
    "classify": (Status.ANSWERED_FULL, MANAGES, lambda today: {"classify-classification": "full"}),
    "appeal": (Status.REFUSED, MANAGES, lambda today: {"appeal-grounds": "No reason given."}),
    "withdraw": (Status.SENT, MANAGES, lambda today: {}),
}


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("step", list(STEPS))
def test_who_takes_each_step(as_persona, carol, body, dana, akimat, who, step, today):
    status, allowed, data = STEPS[step]
    item = make(carol, body, status=status, today=today)
    events = item.events.count()
    response = as_persona(who).post(url(step, item), data(today))
    if who in allowed:
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert response.url == item.get_absolute_url()
        assert item.events.count() == events + 1
    else:
        assert response.status_code == (403 if who in SEES_PRIVATE else 404)
        assert item.events.count() == events


@pytest.mark.parametrize("who", PERSONAS)
def test_who_sends_a_draft(as_persona, carol, body, dana, who, today):
    draft = make(carol, body, status=Status.DRAFT, today=today)
    response = as_persona(who).post(url("send", draft))
    draft.refresh_from_db()
    if who in MANAGES:
        assert response.status_code == 302
        assert draft.status == Status.SENT
    else:
        assert response.status_code == (403 if who in SEES_DRAFT else 404)
        assert draft.status == Status.DRAFT


@pytest.mark.parametrize("who", PERSONAS)
def test_who_redacts_and_hides_files(as_persona, carol, body, dana, who, today):
    item = make(carol, body, status=Status.ANSWERED_FULL, today=today)
    answer, attachment = item.answers.get(), item.attachments.get()
    client = as_persona(who)
    redact = client.post(
        url("answer_redact", item, answer_id=answer.pk),
        {f"redact-{answer.pk}-public_text": "The estimate is attached."},
    )
    hide = client.post(url("attachment_hide", item, attachment_id=attachment.pk), {"hidden": "on"})
    original = client.get(url("attachment_original", item, attachment_id=attachment.pk))
    answer.refresh_from_db()
    attachment.refresh_from_db()
    if who in REDACTS:
        assert (redact.status_code, hide.status_code, original.status_code) == (302, 302, 200)
        assert answer.redacted and attachment.hidden
    else:
        refused = 403 if who in SEES_PRIVATE else 404
        assert (redact.status_code, hide.status_code) == (refused, refused)
        assert not answer.redacted and not attachment.hidden
        assert original.status_code == (200 if who == "officer" else 404)


def test_a_moderator_redacts_a_published_request_without_reading_its_originals(
    as_persona, carol, body, dana, today
):
    item = make(carol, body, status=Status.ANSWERED_FULL, is_public=True, today=today)
    answer, attachment = item.answers.get(), item.attachments.get()
    client = as_persona("moderator")
    redact = client.post(
        url("answer_redact", item, answer_id=answer.pk),
        {f"redact-{answer.pk}-public_text": "The estimate is attached."},
    )
    hide = client.post(url("attachment_hide", item, attachment_id=attachment.pk), {"hidden": "on"})
    original = url("attachment_original", item, attachment_id=attachment.pk)
    assert (redact.status_code, hide.status_code) == (302, 302)
    assert client.get(original).status_code == 403
    assert original not in client.get(item.get_absolute_url()).content.decode()


def test_the_public_may_see_a_public_request_but_take_no_step(client, carol, body, dana, today):
    item = make(carol, body, is_public=True, today=today)
    assert client.get(item.get_absolute_url()).status_code == 200
    response = client.post(url("register", item), {"register-registered_on": today.isoformat()})
    assert response.status_code == 403
    assert client.get(url("letter", item)).status_code == 403
    client.force_login(UserFactory())
    assert client.post(url("withdraw", item)).status_code == 403
    page = client.get(item.get_absolute_url()).content.decode()
    assert 'id="steps"' not in page


# What the public never sees ---------------------------------------------------------------------


def test_redacted_text_is_absent_from_public_page_search_and_feeds(
    client, carol, body, dana, today
):
    item = make(carol, body, status=Status.ANSWERED_FULL, is_public=True, today=today)
    answer = item.answers.get()
    client.force_login(carol)
    assert SECRET in client.get(item.get_absolute_url()).content.decode()
    client.post(
        url("answer_redact", item, answer_id=answer.pk),
        {f"redact-{answer.pk}-public_text": "The estimate is attached. Ask the department."},
    )
    # The requester still reads the original, marked as not public.
    own = client.get(item.get_absolute_url()).content.decode()
    assert SECRET in own and "Original text (not public)" in own

    client.logout()
    public = client.get(item.get_absolute_url()).content.decode()
    assert SECRET not in public and "Ask the department." in public
    assert "Original text" not in public
    found = client.get(url("archive"), {"q": "555 1234"}).content.decode()
    assert item.subject not in found
    assert item.subject in client.get(url("archive"), {"q": "department"}).content.decode()
    for feed in (url("feed"), url("feed") + "?q=555", url("body_feed", slug=body.slug)):
        assert SECRET not in client.get(feed).content.decode()
    # Moderators and staff read the original too; the body's officer reads what the public does.
    client.force_login(dana)
    assert SECRET not in client.get(item.get_absolute_url()).content.decode()


def test_hidden_attachment_is_absent_from_the_public_page(
    client, carol, body, dana, max_moderator, django_capture_on_commit_callbacks, today
):
    item = make(carol, body, status=Status.ANSWERED_FULL, is_public=True, today=today)
    attachment = item.attachments.get()
    public_url = attachment.public_file.url
    assert public_url in client.get(item.get_absolute_url()).content.decode()

    client.force_login(max_moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("attachment_hide", item, attachment_id=attachment.pk), {"hidden": "on"})
    attachment.refresh_from_db()
    assert attachment.hidden and not attachment.public_file
    moderated = client.get(item.get_absolute_url()).content.decode()
    assert "estimate.pdf" in moderated and "hidden from the public" in moderated

    client.logout()
    public = client.get(item.get_absolute_url()).content.decode()
    assert "estimate.pdf" not in public and public_url not in public
    assert client.get(public_url).status_code == 404  # the public copy is gone
    original = url("attachment_original", item, attachment_id=attachment.pk)
    assert client.get(original).status_code == 403

    # Shown again, it has a fresh public copy.
    client.force_login(carol)
    client.post(url("attachment_hide", item, attachment_id=attachment.pk))
    attachment.refresh_from_db()
    assert not attachment.hidden and attachment.public_file
    client.logout()
    assert "estimate.pdf" in client.get(item.get_absolute_url()).content.decode()


def test_hidden_requester_name_stays_off_public_pages_but_not_the_letter(
    client, carol, body, dana, today
):
    item = make(carol, body, is_public=True, hide_requester_name=True, today=today)
    public = client.get(item.get_absolute_url()).content.decode()
    assert "Carol" not in public and "name withheld" in public
    assert "Carol" not in client.get(url("archive")).content.decode()
    client.force_login(dana)
    assert "Carol" not in client.get(url("inbox")).content.decode()
    assert "Carol" in client.get(url("letter", item)).content.decode()
