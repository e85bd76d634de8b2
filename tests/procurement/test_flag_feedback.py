"""Monitors' feedback on a red flag, the body's answer, their withdrawal and feedback made a
finding: the services, the files they keep, the public record, emails and news."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from baqylau.accounts.following import follow
from baqylau.accounts.models import Membership, Notification, Role
from baqylau.core.models import LogEntry
from baqylau.procurement import feedback as services
from baqylau.procurement.models import FeedbackFile, FlagAnswer, FlagFeedback

from ..helpers import blank_pdf, codes, geotagged_jpeg, officer, stored_files
from .conftest import flagged_process

pytestmark = pytest.mark.django_db
CONFIRMED = FlagFeedback.Verdict.CONFIRMED


def give(process, actor, **values):
    return services.give_feedback(
        **{
            "process": process,
            "code": "R018",
            "verdict": CONFIRMED,
            "note": "One bid only; the notice ran two days.",
            "actor": actor,
        }
        | values
    )


def test_a_monitor_gives_feedback_with_files_kept_as_evidence_is(process, bob, ngo, _media):
    photo = SimpleUploadedFile("site.jpg", geotagged_jpeg(), content_type="image/jpeg")
    scan = SimpleUploadedFile("notice.pdf", blank_pdf(), content_type="application/pdf")
    feedback = give(process, bob, files=[photo, scan])
    assert feedback.organisation == ngo and feedback.author == bob
    files = list(feedback.files.order_by("pk"))
    assert [f.original_name for f in files] == ["site.jpg", "notice.pdf"]
    assert [f.content_type for f in files] == ["image/jpeg", "application/pdf"]
    assert files[0].size == len(photo.file.getvalue()) and len(files[0].sha256) == 64
    # The public copy of the photo has no metadata: no position, no maker.
    with files[0].public_file.open("rb") as public:
        data = public.read()
    assert b"Phone maker" not in data and b"Exif" not in data
    assert files[0].file.name != files[0].public_file.name


def test_the_type_is_read_from_the_bytes_and_a_refused_file_leaves_no_record(process, bob, _media):
    fake = SimpleUploadedFile("notice.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    good = SimpleUploadedFile("site.jpg", geotagged_jpeg(), content_type="image/jpeg")
    with pytest.raises(ValidationError) as refused:
        give(process, bob, files=[good, fake])
    assert "file_type" in codes(refused.value)
    assert not FlagFeedback.objects.exists() and not FeedbackFile.objects.exists()
    assert stored_files(_media) == []


def test_at_most_five_files(process, bob):
    files = [SimpleUploadedFile(f"{n}.pdf", blank_pdf()) for n in range(6)]
    with pytest.raises(ValidationError) as refused:
        give(process, bob, files=files)
    assert codes(refused.value) == {"too_many_files"}


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"verdict": "guilty"}, "invalid"),
        ({"note": "  "}, "required"),
        ({"code": "R003"}, "no_flag"),
    ],
)
def test_bad_feedback_is_refused_and_nothing_is_kept(process, bob, values, code):
    with pytest.raises(ValidationError) as refused:
        give(process, bob, **values)
    assert code in codes(refused.value)
    assert not FlagFeedback.objects.exists()


@pytest.mark.parametrize("who", ["carol", "dana", "max_moderator", "erin"])
def test_only_monitors_and_coordinators_of_an_ngo_give_feedback(process, request, who):
    with pytest.raises(ValidationError) as refused:
        give(process, request.getfixturevalue(who))
    assert codes(refused.value) == {"not_monitor"}


def test_a_monitor_of_two_ngos_says_which_one(process, bob, other_monitor):
    other_ngo = other_monitor.memberships.get().organisation
    Membership.objects.create(user=bob, organisation=other_ngo, role=Role.MONITOR)
    with pytest.raises(ValidationError) as refused:
        give(process, bob)
    assert codes(refused.value) == {"required"}
    assert give(process, bob, organisation=other_ngo).organisation == other_ngo


def test_confirming_a_flag_emails_the_buyers_officers_in_their_language(
    process, bob, body, dana, committed
):
    kazakh = officer(body, "aigul@gov.example.kz", language="kk")
    dana.language = "en"
    dana.save()
    committed(give, process, bob)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {dana.email, kazakh.email}
    english = by_address[dana.email]
    assert "R018" in english.subject and "ocds-b5fd17-000001" in english.subject
    assert "Adal Monitoring" in english.body and "One bid only" in english.body
    assert "/en/procurement/processes/ocds-b5fd17-000001/flags/R018/answer/" in english.body
    assert "/kk/procurement/" in by_address[kazakh.email].body


@pytest.mark.parametrize(
    "verdict", [FlagFeedback.Verdict.NOT_CONFIRMED, FlagFeedback.Verdict.EXPLAINED]
)
def test_feedback_that_does_not_confirm_sends_no_email(process, bob, dana, committed, verdict):
    committed(give, process, bob, verdict=verdict)
    assert mail.outbox == []


def test_followers_of_the_object_the_document_and_the_body_hear_of_a_confirmed_flag(
    process, bob, carol, erin, registry, body
):
    follow(user=carol, target=registry["school"])
    follow(user=erin, target=body)
    feedback = give(process, bob)
    notified = Notification.objects.filter(kind="procurement.flag_confirmed")
    assert {n.user_id for n in notified} == {carol.pk, erin.pk}
    text = notified.first().texts["en"]
    assert "R018" in text["text"] and text["path"] == f"/en/procurement/feedback/{feedback.pk}/"


def test_the_officer_of_the_buyer_answers_in_public(process, dana, body):
    answer = services.answer_flag(process=process, code="R018", text=" Extended. ", actor=dana)
    assert (answer.body, answer.text, answer.author) == (body, "Extended.", dana)


@pytest.mark.parametrize("who", ["oleg", "bob", "alice", "carol", "max_moderator", "erin"])
def test_only_an_officer_of_the_buyer_answers(process, request, who):
    with pytest.raises(ValidationError) as refused:
        services.answer_flag(
            process=process, code="R018", text="Fine.", actor=request.getfixturevalue(who)
        )
    assert codes(refused.value) == {"not_officer"}
    assert not FlagAnswer.objects.exists()


def test_feedback_and_answers_are_in_the_public_record_and_withdrawn_from_it(
    process, bob, dana, _media
):
    pdf = SimpleUploadedFile("notice.pdf", blank_pdf())
    before = LogEntry.objects.count()
    feedback = give(process, bob, files=[pdf])
    answer = services.answer_flag(process=process, code="R018", text="Extended.", actor=dana)
    kinds = list(LogEntry.objects.order_by("seq").values_list("kind", "action"))[before:]
    assert kinds == [
        ("flag_feedback", "published"),
        ("flag_feedback_file", "published"),
        ("flag_answer", "published"),
    ]
    services.withdraw_feedback(feedback=feedback, actor=bob, reason="Wrong process.")
    services.withdraw_answer(answer=answer, actor=dana, reason="Sent too early.")
    latest = list(LogEntry.objects.order_by("seq").values_list("kind", "action"))[before + 3 :]
    assert sorted(latest) == [
        ("flag_answer", "withdrawn"),
        ("flag_feedback", "withdrawn"),
        ("flag_feedback_file", "withdrawn"),
    ]
    feedback.refresh_from_db()
    answer.refresh_from_db()
    assert feedback.withdrawn_reason == "Wrong process." and feedback.is_withdrawn
    assert answer.withdrawn_reason == "Sent too early." and answer.is_withdrawn
    # Nothing is deleted, and nothing is withdrawn twice.
    with pytest.raises(ValidationError) as again:
        services.withdraw_answer(answer=answer, actor=dana, reason="Again.")
    assert codes(again.value) == {"not_officer"}


def test_who_withdraws_feedback(process, alice, bob, other_monitor, dana, erin, max_moderator):
    feedback = give(process, bob)
    for who in (other_monitor, dana, erin, max_moderator):
        with pytest.raises(ValidationError):
            services.withdraw_feedback(feedback=feedback, actor=who, reason="No.")
    # A coordinator of the NGO it spoke for may.
    services.withdraw_feedback(feedback=feedback, actor=alice, reason="Checked again.")
    with pytest.raises(ValidationError):
        services.withdraw_feedback(feedback=feedback, actor=bob, reason="Twice.")


def test_a_withdrawal_needs_a_public_reason(process, bob):
    feedback = give(process, bob)
    with pytest.raises(ValidationError) as refused:
        services.withdraw_feedback(feedback=feedback, actor=bob, reason=" ")
    assert codes(refused.value) == {"required"}


# Findings ---------------------------------------------------------------------------------------


@pytest.fixture
def campaign(plan, bob, alice):
    return plan(monitors=[bob], declared=[alice, bob])


def test_confirmed_feedback_becomes_a_finding_that_says_where_it_came_from(
    process, bob, campaign, registry
):
    feedback = give(process, bob)
    finding = services.make_finding(
        feedback=feedback, campaign=campaign, actor=bob, link="https://baqylau.kz/f/1"
    )
    feedback.refresh_from_db()
    assert feedback.finding == finding and finding.campaign == campaign
    assert finding.project_object == registry["school"]
    assert finding.title == "Risk indicator R018 confirmed: Repairs of school No. 7"
    assert "One bid only" in finding.description
    assert "R018" in finding.description and "https://baqylau.kz/f/1" in finding.description
    assert "ocds-b5fd17-000001" in finding.description
    entry = LogEntry.objects.filter(kind="flag_feedback").order_by("-seq").first()
    assert entry.action == "changed" and f'"finding":{finding.pk}' in entry.public
    with pytest.raises(ValidationError) as again:
        services.make_finding(feedback=feedback, campaign=campaign, actor=bob)
    assert codes(again.value) == {"already"}


@pytest.mark.parametrize(
    "verdict", [FlagFeedback.Verdict.NOT_CONFIRMED, FlagFeedback.Verdict.EXPLAINED]
)
def test_only_confirmed_feedback_becomes_a_finding(process, bob, campaign, verdict):
    feedback = give(process, bob, verdict=verdict)
    with pytest.raises(ValidationError) as refused:
        services.make_finding(feedback=feedback, campaign=campaign, actor=bob)
    assert codes(refused.value) == {"not_confirmed"}


def test_only_a_declared_member_of_the_ngos_campaign_makes_the_finding(
    process, alice, bob, other_monitor, plan, registry, ngo, today
):
    undeclared = plan(monitors=[bob], declared=[alice])
    feedback = give(process, bob)
    for campaign, who in [(undeclared, bob), (undeclared, other_monitor)]:
        with pytest.raises(ValidationError) as refused:
            services.make_finding(feedback=feedback, campaign=campaign, actor=who)
        assert codes(refused.value) == {"not_member"}


def test_a_finding_needs_an_object_or_a_document(registry, body, bob, campaign):
    bare = flagged_process(buyer_org=body, ocid="ocds-b5fd17-000002")
    feedback = give(bare, bob)
    with pytest.raises(ValidationError) as refused:
        services.make_finding(feedback=feedback, campaign=campaign, actor=bob)
    assert codes(refused.value) == {"no_subject"}
    bare.document = registry["document"]
    bare.save()
    feedback.refresh_from_db()
    finding = services.make_finding(feedback=feedback, campaign=campaign, actor=bob)
    assert finding.document == registry["document"]
