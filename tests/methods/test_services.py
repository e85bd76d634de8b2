"""The library's services: items and versions by a coordinator of the author NGO, versions that
never change once public, a campaign's checklist copied from the library with a link to its
source, and a campaign's checklist given back to the library."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from baqylau.methods import services
from baqylau.methods.models import ItemKind, ItemUse, ItemVersion, LibraryItem
from baqylau.monitoring.checklists import checklist_revise
from baqylau.monitoring.models import Checklist

from ..factories import LIBRARY_QUESTIONS, LibraryItemFactory
from ..helpers import blank_pdf, codes

pytestmark = pytest.mark.django_db


# Items and versions ----------------------------------------------------------------------------


def test_an_item_starts_as_a_draft_with_version_1(draft, alice, ngo):
    version = draft.versions.get()
    assert (version.number, version.created_by, draft.author) == (1, alice, ngo)
    assert not draft.is_published and draft.published_at is None
    assert draft.licence == "CC BY 4.0"
    assert draft.slug == "draft-of-a-kindergarten-checklist"
    assert [q["code"] for q in version.questions] == ["roof", "floors", "heating"]
    assert version.questions[1] | {} == LIBRARY_QUESTIONS[1] | {
        "order": 2,
        "required": False,
        "choices": [],
        "relevant": {},
        "minimum": None,
        "maximum": None,
    }
    assert not LibraryItem.public_objects.filter(pk=draft.pk).exists()


@pytest.mark.parametrize("who", ["bob", "carol", "dana", "max_moderator", "erin", "olga"])
def test_only_a_coordinator_of_the_author_writes_items(request, who, ngo, draft):
    person = request.getfixturevalue(who)
    with pytest.raises(ValidationError) as error:
        LibraryItemFactory(author=ngo, actor=person)
    assert codes(error.value) == {"not_coordinator"}
    for step in (
        lambda: services.item_publish(item=draft, actor=person),
        lambda: services.version_add(
            item=draft, actor=person, questions=LIBRARY_QUESTIONS, change_note="More"
        ),
    ):
        with pytest.raises(ValidationError) as error:
            step()
        assert codes(error.value) == {"not_coordinator"}
    assert LibraryItem.private_objects.count() == 1
    assert ItemVersion.private_objects.count() == 1


def test_a_new_version_takes_the_next_number_and_keeps_the_earlier(item, alice):
    questions = [*LIBRARY_QUESTIONS, {"text": "Is the site fenced?", "kind": "yes_no"}]
    second = services.version_add(
        item=item, actor=alice, questions=questions, change_note="A question on the fence"
    )
    third = services.version_add(
        item=item, actor=alice, questions=LIBRARY_QUESTIONS, change_note="Back to three"
    )
    assert [v.number for v in item.versions.all()] == [1, 2, 3]
    assert (second.number, third.number) == (2, 3)
    assert second.questions[-1]["code"] == "is_the_site_fenced"
    assert len(item.versions.get(number=1).questions) == 3


def test_a_new_version_says_what_changed(item, alice):
    with pytest.raises(ValidationError) as error:
        services.version_add(item=item, actor=alice, questions=LIBRARY_QUESTIONS)
    assert set(error.value.error_dict) == {"change_note"}


def test_a_published_version_is_never_changed(item, alice):
    version = item.versions.get()
    with pytest.raises(ValidationError) as error:
        services.version_correct(
            version=version, actor=alice, questions=[{"text": "Other?", "kind": "text"}]
        )
    assert codes(error.value) == {"published_version"}
    version.refresh_from_db()
    assert [q["code"] for q in version.questions] == ["roof", "floors", "heating"]


def test_a_draft_is_corrected_in_its_last_version_until_published(draft, alice):
    version = draft.versions.get()
    services.version_correct(
        version=version, actor=alice, questions=[{"text": "Is it open?", "kind": "yes_no"}]
    )
    version.refresh_from_db()
    assert [q["code"] for q in version.questions] == ["is_it_open"]
    services.item_publish(item=draft, actor=alice)
    with pytest.raises(ValidationError) as error:
        services.version_correct(version=version, actor=alice, questions=LIBRARY_QUESTIONS)
    assert codes(error.value) == {"published_version"}


def test_a_withdrawn_item_stays_and_gets_no_new_version(item, alice):
    services.item_withdraw(item=item, actor=alice, reason="Replaced by the regional standard.")
    item.refresh_from_db()
    assert item.withdrawn_at is not None and item.withdrawn_reason
    assert not LibraryItem.public_objects.filter(pk=item.pk).exists()
    with pytest.raises(ValidationError) as error:
        services.version_add(
            item=item, actor=alice, questions=LIBRARY_QUESTIONS, change_note="Again"
        )
    assert codes(error.value) == {"withdrawn"}


def test_a_checklist_item_with_bad_questions_reports_each(ngo, alice):
    with pytest.raises(ValidationError) as error:
        LibraryItemFactory(
            author=ngo,
            actor=alice,
            questions=[{"text": "", "kind": "yes_no"}, {"text": "Which?", "kind": "single_choice"}],
        )
    messages = error.value.error_dict["questions"]
    assert len(messages) == 2
    assert not LibraryItem.private_objects.exists()


def test_an_indicator_set_keeps_its_indicators_in_order(ngo, alice):
    item = LibraryItemFactory(
        author=ngo,
        actor=alice,
        kind=ItemKind.INDICATOR_SET,
        indicators=["  Teachers are in place ", "", "The school is warm"],
    )
    assert item.versions.get().indicators == ["Teachers are in place", "The school is warm"]
    with pytest.raises(ValidationError) as error:
        LibraryItemFactory(author=ngo, actor=alice, kind=ItemKind.INDICATOR_SET, indicators=[""])
    assert set(error.value.error_dict) == {"indicators"}


def test_a_guide_keeps_its_text_and_a_pdf_without_metadata(ngo, alice):
    pdf = SimpleUploadedFile("guide.pdf", blank_pdf(), content_type="application/pdf")
    item = LibraryItemFactory(
        author=ngo, actor=alice, kind=ItemKind.GUIDE, body="How to visit a site.", file=pdf
    )
    version = item.versions.get()
    assert version.body == "How to visit a site."
    assert (version.file_name, version.content_type) == ("guide.pdf", "application/pdf")
    assert version.public_file.read().startswith(b"%PDF-")
    assert version.original and version.size > 0 and len(version.sha256) == 64


def test_a_guide_refuses_a_file_of_another_type_and_needs_text_or_a_file(ngo, alice):
    photo = SimpleUploadedFile("scan.txt", b"plain words", content_type="text/plain")
    with pytest.raises(ValidationError) as error:
        LibraryItemFactory(author=ngo, actor=alice, kind=ItemKind.GUIDE, body="", file=photo)
    assert set(error.value.error_dict) == {"file"}
    with pytest.raises(ValidationError) as error:
        LibraryItemFactory(author=ngo, actor=alice, kind=ItemKind.LETTER_TEMPLATE, body=" ")
    assert set(error.value.error_dict) == {"body"}
    assert not LibraryItem.private_objects.exists()


def test_an_item_does_not_take_the_address_of_a_page(ngo, alice):
    assert LibraryItemFactory(author=ngo, actor=alice, title="New").slug == "new-2"


# Campaigns and the library ---------------------------------------------------------------------


def test_a_campaign_starts_from_a_library_checklist_keeping_the_link(item, campaign, alice):
    version = item.versions.get()
    checklist = services.item_start(version=version, campaign=campaign, actor=alice)
    assert (checklist.campaign, checklist.title) == (campaign, item.title)
    questions = [q.as_data() for q in checklist.current_version.questions.all()]
    assert questions == version.questions
    use = ItemUse.private_objects.get()
    assert (use.version, use.campaign, use.checklist, use.created_by) == (
        version,
        campaign,
        checklist,
        alice,
    )
    assert services.source_of(checklist) == version


@pytest.mark.parametrize("who", ["bob", "carol", "olga", "erin"])
def test_only_a_coordinator_of_the_campaign_starts_from_the_library(request, who, item, campaign):
    person = request.getfixturevalue(who)
    with pytest.raises(ValidationError) as error:
        services.item_start(version=item.versions.get(), campaign=campaign, actor=person)
    assert codes(error.value) == {"not_coordinator"}
    assert not Checklist.private_objects.exists() and not ItemUse.private_objects.exists()


def test_only_a_checklist_is_copied_into_a_campaign(ngo, alice, campaign):
    guide = LibraryItemFactory(author=ngo, actor=alice, kind=ItemKind.GUIDE, published=True)
    with pytest.raises(ValidationError) as error:
        services.item_start(version=guide.versions.get(), campaign=campaign, actor=alice)
    assert codes(error.value) == {"not_checklist"}


def test_a_checklist_copied_from_an_own_item_returns_as_its_new_version(item, campaign, alice):
    checklist = services.item_start(version=item.versions.get(), campaign=campaign, actor=alice)
    revised = checklist_revise(
        checklist=checklist,
        actor=alice,
        questions=[
            *LIBRARY_QUESTIONS,
            {"code": "ramp", "text": "Is there a ramp?", "kind": "yes_no"},
        ],
    )
    version = services.checklist_to_library(
        checklist_version=revised, actor=alice, change_note="A ramp, asked in Ekibastuz"
    )
    assert (version.item, version.number) == (item, 2)
    assert version.source_checklist_version == revised
    assert [q["code"] for q in version.questions] == ["roof", "floors", "heating", "ramp"]
    assert LibraryItem.private_objects.count() == 1


def test_a_checklist_copied_from_another_ngo_becomes_a_new_item_made_from_it(
    item, olga_campaign, olga, other_ngo
):
    source = item.versions.get()
    checklist = services.item_start(version=source, campaign=olga_campaign, actor=olga)
    version = services.checklist_to_library(
        checklist_version=checklist.current_version, actor=olga, title="Our school checklist"
    )
    new = version.item
    assert new != item and (new.author, new.derived_from, new.title) == (
        other_ngo,
        source,
        "Our school checklist",
    )
    assert (new.language, version.number, new.is_published) == ("ru", 1, False)


def test_a_campaign_own_checklist_becomes_a_new_item(campaign, alice, ngo):
    from baqylau.monitoring.checklists import checklist_create

    checklist = checklist_create(
        campaign=campaign, title="Road repair", actor=alice, questions=LIBRARY_QUESTIONS
    )
    version = services.checklist_to_library(
        checklist_version=checklist.current_version, actor=alice, language="kk"
    )
    assert (version.item.author, version.item.title, version.item.language) == (
        ngo,
        "Road repair",
        "kk",
    )
    assert version.item.derived_from is None


@pytest.mark.parametrize("who", ["bob", "carol", "olga"])
def test_only_a_coordinator_of_the_campaign_gives_its_checklist(
    request, who, item, campaign, alice
):
    checklist = services.item_start(version=item.versions.get(), campaign=campaign, actor=alice)
    with pytest.raises(ValidationError) as error:
        services.checklist_to_library(
            checklist_version=checklist.current_version,
            actor=request.getfixturevalue(who),
            change_note="x",
        )
    assert codes(error.value) == {"not_coordinator"}
    assert item.versions.count() == 1
