"""The library's pages: the list with its filters and search, the item page with its versions,
downloads and the campaigns that used it; drafts seen only by the author NGO's people and staff,
private campaigns never revealed, for every role; the forms of coordinators; the steps from and
to a campaign; a number of queries that does not grow with the data."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from baqylau.methods import services
from baqylau.methods.models import ItemKind, ItemUse, LibraryItem

from ..factories import LIBRARY_QUESTIONS, LibraryItemFactory
from ..helpers import PERSONAS, blank_pdf, count_queries

pytestmark = pytest.mark.django_db

LIST = "/en/methods/"
# Who sees a draft of alice's NGO: its coordinators and monitors, and staff.
SEES_DRAFTS = {"coordinator", "monitor", "staff", "administrator"}
PUBLIC_TITLE = {"kk": "Жария науқан", "ru": "Публичная кампания", "en": "Published campaign"}
PRIVATE_TITLE = {"kk": "Жабық науқан", "ru": "Закрытая кампания", "en": "Secret campaign"}


def url(item, suffix=""):
    return f"/en/methods/{item.slug}/{suffix}"


@pytest.fixture
def used(item, plan, alice):
    """The item used by a published campaign and by a private one of alice's NGO."""
    version = item.versions.get()
    published = plan(declared=[alice], published=True, title=PUBLIC_TITLE)
    private = plan(title=PRIVATE_TITLE)
    for campaign in (published, private):
        services.item_start(version=version, campaign=campaign, actor=alice)
    return {"published": published, "private": private}


# Who sees what ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_a_draft_is_seen_by_the_author_ngo_people_and_staff_only(as_persona, who, item, draft):
    client = as_persona(who)
    listed = client.get(LIST).content.decode()
    assert item.title in listed
    assert (draft.title in listed) == (who in SEES_DRAFTS)
    assert client.get(url(item)).status_code == 200
    assert client.get(url(draft)).status_code == (200 if who in SEES_DRAFTS else 404)
    assert client.get(url(draft, "xlsform/")).status_code == (200 if who in SEES_DRAFTS else 404)


@pytest.mark.parametrize("who", PERSONAS)
def test_a_private_campaign_is_never_revealed_by_the_library(as_persona, who, item, used):
    page = as_persona(who).get(url(item)).content.decode()
    assert "Published campaign" in page
    # Only alice is on the private campaign's team; staff see every campaign.
    sees_private = who in {"coordinator", "staff", "administrator"}
    assert ("Secret campaign" in page) == sees_private


def test_another_ngo_does_not_see_a_draft_nor_a_private_campaign(client, olga, item, draft, used):
    client.force_login(olga)
    assert client.get(url(draft)).status_code == 404
    page = client.get(url(item)).content.decode()
    assert "Published campaign" in page and "Secret campaign" not in page


def test_a_withdrawn_item_answers_with_its_withdrawal(client, item, alice):
    services.item_withdraw(item=item, actor=alice, reason="Replaced by the regional standard.")
    assert item.title not in client.get(LIST).content.decode()
    response = client.get(url(item))
    assert response.status_code == 410
    assert "Replaced by the regional standard." in response.content.decode()


# The list --------------------------------------------------------------------------------------


@pytest.fixture
def shelf(ngo, alice, other_ngo, olga):
    return {
        "checklist": LibraryItemFactory(
            author=ngo, actor=alice, title="Школа: чек-лист", object_kind="school", published=True
        ),
        "indicators": LibraryItemFactory(
            author=ngo,
            actor=alice,
            kind=ItemKind.INDICATOR_SET,
            title="Balabaqsha indicators",
            object_kind="kindergarten",
            language="kk",
            published=True,
        ),
        "letter": LibraryItemFactory(
            author=other_ngo,
            actor=olga,
            kind=ItemKind.LETTER_TEMPLATE,
            title="Letter to the akimat",
            summary="A request for the road repair schedule",
            language="en",
            published=True,
        ),
    }


@pytest.mark.parametrize(
    "query, found",
    [
        ("kind=indicator_set", {"indicators"}),
        ("object_kind=school", {"checklist"}),
        ("language=kk", {"indicators"}),
        ("author=ashyq-aimaq", {"letter"}),
        ("q=road+repair", {"letter"}),
        ("q=чек-лист", {"checklist"}),
        ("", {"checklist", "indicators", "letter"}),
    ],
)
def test_the_list_filters_and_searches(client, shelf, query, found):
    page = client.get(f"{LIST}?{query}").content.decode()
    assert {name for name, item in shelf.items() if item.title in page} == found


def test_the_list_offers_only_authors_with_items_the_user_sees(client, shelf, draft, body):
    page = client.get(LIST).content.decode()
    assert 'value="ashyq-aimaq"' in page and 'value="adal-monitoring"' in page
    assert 'value="education-department"' not in page


def test_an_unknown_filter_value_is_shown_as_an_error(client, shelf):
    response = client.get(f"{LIST}?kind=recipe")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def _more_items(ngo, alice, count):
    for _ in range(count):
        LibraryItemFactory(author=ngo, actor=alice, published=True)


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "staff"])
def test_the_list_runs_the_same_queries_with_more_items(
    as_persona, who, ngo, alice, django_assert_num_queries
):
    client = as_persona(who)
    _more_items(ngo, alice, 2)
    small = count_queries(client, LIST)
    _more_items(ngo, alice, 10)
    assert count_queries(client, LIST) == small
    client.get(LIST)
    with django_assert_num_queries(small):
        assert client.get(LIST).status_code == 200
    assert small <= 10


# The item page ---------------------------------------------------------------------------------


def test_the_item_page_shows_the_version_asked_and_the_versions_with_their_notes(
    client, item, alice
):
    services.version_add(
        item=item,
        actor=alice,
        questions=[{"code": "ramp", "text": "Is there a ramp?", "kind": "yes_no"}],
        change_note="Only the ramp now",
    )
    page = client.get(url(item)).content.decode()
    assert "Is there a ramp?" in page and "Is the roof finished?" not in page
    assert "Only the ramp now" in page and "CC BY 4.0" in page
    earlier = client.get(url(item) + "?version=1").content.decode()
    assert "Is the roof finished?" in earlier and "an earlier version" in earlier
    assert client.get(url(item) + "?version=9").status_code == 404
    assert f"/en/methods/{item.slug}/xlsform/?version=2" in page


def test_a_guide_shows_its_text_escaped_and_gives_its_file(client, ngo, alice):
    pdf = SimpleUploadedFile("Нұсқаулық.pdf", blank_pdf(), content_type="application/pdf")
    guide = LibraryItemFactory(
        author=ngo,
        actor=alice,
        kind=ItemKind.GUIDE,
        body="First <script>alert(1)</script>\n\nSecond",
        file=pdf,
        published=True,
    )
    page = client.get(url(guide)).content.decode()
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    assert "<p>Second</p>" in page
    response = client.get(url(guide, "file/"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(url(guide, "xlsform/")).status_code == 404


def test_a_derived_item_names_its_source_only_to_who_sees_it(
    client, item, olga_campaign, olga, alice
):
    checklist = services.item_start(version=item.versions.get(), campaign=olga_campaign, actor=olga)
    version = services.checklist_to_library(
        checklist_version=checklist.current_version, actor=olga, title="Olga's checklist"
    )
    services.item_publish(item=version.item, actor=olga)
    page = client.get(url(version.item)).content.decode()
    assert "Made from" in page and item.get_absolute_url() in page


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "staff"])
def test_the_item_page_runs_the_same_queries_with_more_versions_and_uses(
    as_persona, who, item, used, alice, plan, django_assert_num_queries
):
    client = as_persona(who)
    small = count_queries(client, url(item))
    for number in range(4):
        services.version_add(
            item=item, actor=alice, questions=LIBRARY_QUESTIONS, change_note=f"Change {number}"
        )
        campaign = plan(declared=[alice], published=True)
        services.item_start(version=item.versions.last(), campaign=campaign, actor=alice)
    assert count_queries(client, url(item)) == small
    with django_assert_num_queries(small):
        assert client.get(url(item)).status_code == 200
    assert small <= 14


# Forms of coordinators -------------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_only_coordinators_of_an_ngo_open_the_forms(as_persona, who, item, draft):
    client = as_persona(who)
    coordinator = who == "coordinator"
    expected = 200 if coordinator else (302 if who == "anonymous" else 403)
    assert client.get("/en/methods/new/").status_code == expected
    assert client.get(url(item, "versions/new/")).status_code == expected
    assert client.post(url(draft, "publish/")).status_code == (
        302 if coordinator or who == "anonymous" else 403 if who in SEES_DRAFTS else 404
    )
    draft.refresh_from_db()
    assert draft.is_published == coordinator
    assert ("Add a method" in client.get(LIST).content.decode()) == coordinator


def test_a_coordinator_adds_an_indicator_set_then_publishes_it(client, alice, ngo):
    client.force_login(alice)
    response = client.post(
        "/en/methods/new/",
        {
            "author": ngo.pk,
            "kind": "indicator_set",
            "title": "Мектеп көрсеткіштері",
            "language": "kk",
            "object_kind": "school",
            "licence": "CC BY 4.0",
            "indicators": "Сабақ жылы сыныпта өтеді\nМұғалімдер жеткілікті\n",
        },
    )
    item = LibraryItem.private_objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert item.versions.get().indicators == ["Сабақ жылы сыныпта өтеді", "Мұғалімдер жеткілікті"]
    assert not item.is_published
    client.post(url(item, "publish/"))
    item.refresh_from_db()
    assert item.is_published


def test_the_new_item_form_shows_the_services_errors(client, alice, ngo):
    client.force_login(alice)
    response = client.post(
        "/en/methods/new/",
        {
            "author": ngo.pk,
            "kind": "checklist",
            "title": "X",
            "language": "ru",
            "licence": "CC BY 4.0",
        },
    )
    assert response.status_code == 200
    assert "A checklist needs at least one question." in response.content.decode()
    assert not LibraryItem.private_objects.exists()


def test_a_new_version_starts_from_the_current_one(client, alice, item):
    client.force_login(alice)
    page = client.get(url(item, "versions/new/")).content.decode()
    assert "Is the roof finished?" in page and 'name="indicators"' not in page
    response = client.post(
        url(item, "versions/new/"),
        {
            "questions": '[{"text": "Is the yard lit?", "kind": "yes_no"}]',
            "change_note": "Lighting",
        },
    )
    assert response.status_code == 302
    assert item.versions.last().questions[0]["code"] == "is_the_yard_lit"


# From and to a campaign ------------------------------------------------------------------------


def test_a_coordinator_copies_a_checklist_into_her_campaign(client, alice, item, campaign):
    client.force_login(alice)
    page = client.get(url(item)).content.decode()
    assert "Copy into the campaign" in page
    response = client.post(url(item, "start/") + "?version=1", {"campaign": campaign.slug})
    use = ItemUse.private_objects.get()
    assert response.status_code == 302
    assert response["Location"] == use.checklist.get_absolute_url()
    campaign_page = client.get(campaign.get_absolute_url()).content.decode()
    assert "copied from version 1 of" in campaign_page and item.get_absolute_url() in campaign_page


@pytest.mark.parametrize("who", ["anonymous", "monitor", "citizen", "officer", "staff"])
def test_others_are_not_offered_to_copy_and_cannot(as_persona, who, item, campaign):
    client = as_persona(who)
    assert "Copy into the campaign" not in client.get(url(item)).content.decode()
    client.post(url(item, "start/"), {"campaign": campaign.slug})
    assert not ItemUse.private_objects.exists()


def test_the_campaign_page_offers_its_coordinator_the_library(client, alice, bob, campaign, item):
    checklist = services.item_start(version=item.versions.get(), campaign=campaign, actor=alice)
    give = f"/en/methods/from-campaign/{campaign.slug}/checklists/{checklist.pk}/"
    client.force_login(alice)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Start a checklist from the library" in page and give in page
    client.force_login(bob)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Start a checklist from the library" not in page and give not in page
    assert client.get(give).status_code == 403


def test_a_coordinator_gives_the_campaign_checklist_to_the_library(client, alice, campaign, item):
    checklist = services.item_start(version=item.versions.get(), campaign=campaign, actor=alice)
    give = f"/en/methods/from-campaign/{campaign.slug}/checklists/{checklist.pk}/"
    client.force_login(alice)
    page = client.get(give).content.decode()
    assert "becomes its new version in the library" in page
    response = client.post(give, {"version": 1, "language": "ru", "change_note": "As used"})
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert item.versions.last().change_note == "As used"


def test_a_private_campaign_checklist_is_not_found_by_others(client, olga, campaign, alice, item):
    checklist = services.item_start(version=item.versions.get(), campaign=campaign, actor=alice)
    client.force_login(olga)
    give = f"/en/methods/from-campaign/{campaign.slug}/checklists/{checklist.pk}/"
    assert client.get(give).status_code == 404
