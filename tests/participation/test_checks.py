"""The automatic checks: what each one finds and what it lets through, and that every kind of
contribution is checked (a trusted user's flagged text waits for a moderator)."""

import pytest

from baqylau.participation import checks, opinions, reports
from baqylau.participation.models import Comment, Flag, Report
from baqylau.participation.states import Moderation


def iin(prefix: str) -> str:
    """Twelve digits: an 11-digit prefix and its control digit (the weights of the IIN)."""
    digits = [int(d) for d in prefix]
    control = sum(w * d for w, d in zip(range(1, 12), digits, strict=True)) % 11
    if control == 10:
        weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
        control = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
    assert control != 10, "pick another prefix"
    return prefix + str(control)


VALID_IIN = iin("85031530012")  # born 15 March 1985


def test_the_test_iin_is_valid():
    assert checks.iin_checksum_ok(VALID_IIN)


@pytest.mark.parametrize("text", [VALID_IIN, f"My IIN is {VALID_IIN}.", f"ЖСН:{VALID_IIN}"])
def test_a_valid_iin_is_found(text):
    assert Flag.Check.IIN in checks.run(text)


def test_twelve_digits_with_a_wrong_control_digit_are_not_an_iin():
    wrong = VALID_IIN[:11] + str((int(VALID_IIN[11]) + 1) % 10)
    assert Flag.Check.IIN not in checks.run(f"Contract {wrong}")


@pytest.mark.parametrize("digits", ["123456789012", "859915300120", "000000000000"])
def test_random_twelve_digits_are_not_an_iin(digits):
    assert Flag.Check.IIN not in checks.run(digits)


@pytest.mark.parametrize(
    "text",
    [
        "+7 701 234 56 78",
        "8(701)2345678",
        "call 87012345678 please",
        "+7-701-234-56-78",
        "8 (7182) 32 45 67",
        "+44 20 7946 0958",
    ],
)
def test_phone_numbers_are_found(text):
    assert Flag.Check.PHONE in checks.run(text)


@pytest.mark.parametrize(
    "text",
    ["The school for 600 pupils", "Budget 1 500 000 tenge in 2024", "Decision 5/12 of 2023"],
)
def test_numbers_that_are_not_phones(text):
    assert checks.run(text) == []


@pytest.mark.parametrize("text", ["write to aidos.k@mail.kz", "Email: A.B+c@Gmail.com."])
def test_email_addresses_are_found_and_are_not_also_links(text):
    assert checks.run(text) == [Flag.Check.EMAIL]


@pytest.mark.parametrize(
    "text",
    ["see https://example.org/x", "www.pavlodar.gov.kz", "akimat.kz/news", "HTTP://SPAM.RU"],
)
def test_links_are_found(text):
    assert Flag.Check.LINK in checks.run(text)


def test_plain_words_with_dots_are_not_links():
    assert checks.run("Сделано к 1.09. Т.е. вовремя. Итого 3.5 км.") == []


@pytest.mark.django_db
def test_the_same_text_again_is_a_duplicate(registry, carol, bob):
    text = "The roof of the gym leaks when it rains."
    opinions.comment_add(target=registry["school"], author=carol, text=text)
    assert checks.run("the ROOF of the gym   leaks when it rains.", model=Comment) == [
        Flag.Check.DUPLICATE
    ]
    assert checks.run("Too short", model=Comment) == []
    assert checks.run("Another text about the roof of the gym.", model=Comment) == []


@pytest.mark.django_db
def test_a_report_that_repeats_anothers_description_is_a_duplicate(file_report, school, carol):
    first = file_report(at=school, reporter=carol, description="Water comes through the roof.")
    second = file_report(
        at=school, reporter=carol, title="Again", description="Water comes through the roof."
    )
    item_ids = Flag.objects.filter(auto_check=Flag.Check.DUPLICATE).values_list(
        "item_id", flat=True
    )
    assert list(item_ids) == [second.pk]
    assert first.pk != second.pk


# Every kind of contribution is checked ----------


@pytest.mark.django_db
def test_a_trusted_users_comment_with_a_phone_waits_for_a_moderator(registry, bob):
    fine = opinions.comment_add(target=registry["school"], author=bob, text="Opened on time.")
    assert fine.moderation == Moderation.PUBLISHED
    comment = opinions.comment_add(
        target=registry["school"], author=bob, text="Call the director: +7 701 234 56 78"
    )
    assert comment.moderation == Moderation.HELD
    assert [f.auto_check for f in Flag.objects.all()] == [Flag.Check.PHONE]


@pytest.mark.django_db
def test_a_trusted_users_report_update_with_an_email_waits(file_report, school, bob):
    report = file_report(at=school, reporter=bob)
    assert report.moderation == Moderation.PUBLISHED
    update = reports.report_update_add(report=report, actor=bob, text="Write to me: b@x.kz")
    assert update.moderation == Moderation.HELD
    assert Flag.objects.get(item_id=update.pk).auto_check == Flag.Check.EMAIL


@pytest.mark.django_db
def test_a_trusted_users_report_with_an_iin_waits(file_report, school, bob):
    report = file_report(at=school, reporter=bob, description=f"The guard, IIN {VALID_IIN}.")
    assert report.moderation == Moderation.HELD
    assert Report.public_objects.count() == 0


@pytest.mark.django_db
def test_a_trusted_users_rating_reason_with_a_link_waits(completed_school, bob):
    rating = opinions.rating_set(
        project_object=completed_school,
        user=bob,
        scores={c.code: 5 for c in opinions.criteria_for(completed_school)},
        reason="Photos at www.example.com",
    )
    assert rating.moderation == Moderation.HELD
    assert Flag.objects.get().auto_check == Flag.Check.LINK
