"""What the campaign list and a campaign's page show of what happened: a map of the objects
controlled and visited, the published photos in small copies, where the recommendations stand,
a coloured badge per stage. Public data only, whoever looks: nothing of the unpublished campaign
of tests/world.py, never the position where a photo was taken.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from baqylau.accountability.selectors import recommendation_summary
from baqylau.monitoring.evidence import THUMBNAIL_SIDE, evidence_add
from baqylau.monitoring.models import Status

from ..factories import ProjectObjectFactory
from ..helpers import blank_pdf, count_queries, geotagged_jpeg, jpeg
from ..world import SECRETS, people_registry_and_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared", "fake_pdf")]

# The people, the registry and the world, built once for the module (tests/conftest.py).
build_once = people_registry_and_world

# 52°17′N 76°57′E, where the photos say they were taken (the school is at 51.7, 75.3).
POSITION_TRACES = ["52.28", "76.95", "52,28", "76,95"]


@pytest.fixture
def viewers(alice, bob, other_monitor):
    """Anonymous, a monitor of another NGO, and the team of both campaigns."""
    return {"anonymous": None, "other_monitor": other_monitor, "alice": alice, "bob": bob}


def _open(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def _url(campaign) -> str:
    return f"/en/monitoring/{campaign.slug}/"


def _thumbnail_url(photo) -> str:
    return reverse(
        "monitoring:evidence_thumbnail",
        kwargs={"slug": photo.campaign.slug, "evidence_id": photo.pk},
    )


@pytest.mark.parametrize("who", ["anonymous", "other_monitor", "alice", "bob"])
def test_campaign_page_maps_objects_shows_photos_and_summary(client, world, viewers, who):
    photo, hidden_photo = world["photo"], world["hidden_photo"]
    response = _open(client, viewers[who], _url(world["published"]))
    html = response.content.decode()
    assert response.status_code == 200
    # The map: the school the campaign controls and visited, where the registry places it.
    assert [p["slug"] for p in response.context["points"]] == ["school-600"]
    assert 'id="campaign-map"' in html and "leaflet.js" in html
    # The gallery: the small copy of the published photo, opening its public copy.
    assert _thumbnail_url(photo) in html
    assert photo.public_file.url in html
    assert 'loading="lazy"' in html
    assert _thumbnail_url(hidden_photo) not in html and hidden_photo.public_file.url not in html
    assert photo.original.url not in html
    for trace in POSITION_TRACES:
        assert trace not in html, trace
    # Where the recommendations stand, near the top (before the map of what is controlled).
    summary = "1 of 2 recommendations accepted, 1 verified as carried out"
    assert summary in html
    assert html.index(summary) < html.index('id="controlled"')
    # The stage, coloured and named.
    status = world["published"].status
    assert f'class="rstatus cstatus cstatus-{status}">{Status(status).label}<' in html
    for secret in SECRETS:
        assert secret not in html


def test_the_unpublished_campaign_shows_no_photo_even_to_its_team(client, world, viewers):
    """The gallery is of public copies of a published campaign: its team sees its own private
    campaign, but not as a gallery whose photos anyone could open by their address."""
    hidden = world["hidden"]
    response = _open(client, viewers["alice"], _url(hidden))
    assert response.status_code == 200
    assert response.context["photos"] == [] and 'id="photos"' not in response.content.decode()
    for who in ["anonymous", "other_monitor", "alice", "bob"]:
        response = _open(client, viewers[who], _thumbnail_url(world["hidden_photo"]))
        assert response.status_code == 404, who
        response = _open(client, viewers[who], _url(hidden))
        assert response.status_code == (200 if who in ("alice", "bob") else 404), who


@pytest.mark.parametrize("who", ["anonymous", "other_monitor", "alice"])
def test_a_thumbnail_is_small_and_has_no_metadata(client, world, viewers, who):
    response = _open(client, viewers[who], _thumbnail_url(world["photo"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "public" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    assert max(image.size) <= THUMBNAIL_SIDE
    assert not image.getexif()


def test_a_document_is_not_a_photo_of_the_gallery(client, world, bob):
    campaign = world["published"]
    upload = SimpleUploadedFile("scan.pdf", blank_pdf(), content_type="application/pdf")
    scan = evidence_add(campaign=campaign, visit=world["photo"].visit, upload=upload, actor=bob)
    response = client.get(_url(campaign))
    assert response.context["photos"] == [world["photo"]]
    assert client.get(_thumbnail_url(scan)).status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "other_monitor", "alice"])
def test_the_list_maps_the_objects_of_published_campaigns_only(
    client, world, registry, viewers, who
):
    # An object that only the unpublished campaign controls stays off the map.
    only_secret = ProjectObjectFactory(document=registry["document"], slug="only-secret")
    world["hidden"].project_objects.add(only_secret)
    response = _open(client, viewers[who], "/en/monitoring/")
    assert response.status_code == 200
    assert [p["slug"] for p in response.context["points"]] == ["school-600"]
    html = response.content.decode()
    assert 'id="campaigns-map"' in html
    assert "only-secret" not in html
    assert f'class="rstatus cstatus cstatus-{world["published"].status}"' in html
    # Each card says where its campaign's recommendations stand; the unpublished campaign's
    # card is its team's only.
    summary = "1 of 2 recommendations accepted, 1 verified as carried out"
    assert f'<p class="campaign-summary">{summary}</p>' in html
    assert html.count('class="campaign-summary"') == (2 if who == "alice" else 1)


def test_the_summary_counts_in_plural_forms(world):
    first, second = world["first"], world["second"]
    assert recommendation_summary([]) == []
    assert recommendation_summary([first]) == [
        "1 of 1 recommendation accepted",
        "1 verified as carried out",
    ]
    second.sent_on = None
    first.sent_on = None
    assert recommendation_summary([first, second]) == [
        "2 recommendations, not sent to the bodies yet"
    ]


def test_campaign_pages_run_a_bounded_number_of_queries(client, world, registry, bob, alice):
    campaign = world["published"]
    pages = ["/en/monitoring/", _url(campaign)]
    small = {page: count_queries(client, page) for page in pages}
    visit = world["photo"].visit
    for i in range(4):
        upload = SimpleUploadedFile(
            f"roof-{i}.jpg", geotagged_jpeg((80, 60)), content_type="image/jpeg"
        )
        evidence_add(campaign=campaign, visit=visit, upload=upload, actor=bob)
        campaign.project_objects.add(ProjectObjectFactory(document=registry["document"]))
    large = {page: count_queries(client, page) for page in pages}
    assert small == large
    assert max(large.values()) <= 25, large


def test_a_replaced_public_copy_gets_a_new_thumbnail(client, world):
    """The small copies are kept in the cache: a public copy replaced (blurred, say) is not
    shown from it."""
    photo = world["photo"]
    before = client.get(_thumbnail_url(photo)).content
    photo.public_file.save("blurred.jpg", ContentFile(jpeg((90, 30), (200, 0, 0))), save=True)
    after = client.get(_thumbnail_url(photo)).content
    assert after != before
    assert Image.open(io.BytesIO(after)).size == (90, 30)
