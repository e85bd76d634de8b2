"""How far a field visit's photo or position is from its object: the campaign's objects offered
first, a confirmation asked beyond the campaign's limit, the visit marked as far, and distances
said as people say them ("480 м", "130 km")."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from baqylau.core.distances import human_distance
from baqylau.monitoring import services
from baqylau.monitoring.models import Campaign, Visit
from baqylau.monitoring.visits import visit_record

from ..factories import ProjectObjectFactory, campaign_plan
from ..helpers import campaign_urls, codes, geotagged_jpeg

pytestmark = pytest.mark.django_db

url = campaign_urls("monitoring")


def photo():
    """Taken in Pavlodar, about 130 km from the registry's school (51.7, 75.3)."""
    return SimpleUploadedFile("front.jpg", geotagged_jpeg(), "image/jpeg")


@pytest.mark.parametrize(
    ("lang", "metres", "shown"),
    [
        ("en", 480.4, "480 m"),
        ("ru", 480.4, "480 м"),
        ("kk", 480.4, "480 м"),
        ("en", 275495.3, "275 km"),
        ("en", 2549, "2.5 km"),
        ("en", 1234567, "1,235 km"),
        ("en", None, "—"),
    ],
)
def test_distances_are_said_humanly_in_the_language(lang, metres, shown):
    with translation.override(lang):
        assert human_distance(metres) == shown


def test_a_visit_far_from_its_object_is_recorded_only_once_confirmed(
    campaign, bob, registry, today
):
    school = registry["school"]
    with pytest.raises(ValidationError) as refused:
        visit_record(campaign=campaign, object=school, visited_on=today, actor=bob, files=[photo()])
    assert codes(refused.value) == {"far"}
    assert "130 km" in refused.value.message_dict["far_confirmed"][0]
    assert not Visit.private_objects.exists()

    visit = visit_record(
        campaign=campaign,
        object=school,
        visited_on=today,
        actor=bob,
        files=[photo()],
        far_confirmed=True,
    )
    assert visit.far_from_object and 125_000 < visit.distance_m < 135_000
    # The limit is the campaign's: wide enough, nothing is asked and nothing is marked.
    Campaign.private_objects.filter(pk=campaign.pk).update(visit_far_metres=200_000)
    campaign.refresh_from_db()
    near = visit_record(
        campaign=campaign, object=school, visited_on=today, actor=bob, files=[photo()]
    )
    assert not near.far_from_object and near.distance_m == visit.distance_m


def test_the_form_asks_to_confirm_and_the_visit_page_marks_it(
    client, campaign, bob, registry, today
):
    client.force_login(bob)
    page = url("visit_new", campaign)
    form = {"object": registry["school"].pk, "visited_on": today.isoformat(), "notes": "Roof."}
    asked = client.post(page, form | {"files": photo()})
    html = asked.content.decode()
    assert asked.status_code == 200 and not Visit.private_objects.exists()
    assert "The photo or position is 130 km from the object" in html
    assert 'name="far_confirmed"' in html and "choose the files again" in html

    done = client.post(page, form | {"files": photo(), "far_confirmed": "on"})
    visit = Visit.private_objects.get()
    assert done.status_code == 302 and visit.far_from_object
    html = client.get(visit.get_absolute_url()).content.decode()
    assert "far from its object" in html and "130 km" in html
    # The photo's own distance is said the same way, never as "130 088 m".
    assert not re.search(r"\d{3}[\s\xa0,]?\d{3} m\b", html)
    assert "far from its object" in client.get(url("detail", campaign)).content.decode()


def test_the_campaigns_objects_are_offered_first_and_marked(client, campaign, bob, registry):
    # "Aqueduct" comes before "School" in any alphabet: the campaign's own object comes first.
    road = ProjectObjectFactory(
        document=registry["document"], name_en="Aqueduct", name_ru="Акведук"
    )
    client.force_login(bob)
    html = client.get(url("visit_new", campaign)).content.decode()
    own = html.index("Objects this campaign controls")
    school = html.index(f'value="{registry["school"].pk}"')
    others = html.index("Other published objects")
    assert own < school < others < html.index(f'value="{road.pk}"')
    assert "★ School for 600 pupils" in html and "★ Aqueduct" not in html


def test_a_visit_without_positions_is_not_marked(campaign, bob, registry, today):
    visit = visit_record(
        campaign=campaign,
        object=registry["school"],
        visited_on=today - timedelta(days=1),
        actor=bob,
    )
    assert visit.distance_m is None and not visit.far_from_object


def test_the_coordinator_sets_the_campaigns_limit(client, campaign, alice, registry, today):
    assert campaign.visit_far_metres == 2000  # the default
    services.campaign_update(
        campaign=campaign, actor=alice, **campaign_plan(registry, today, visit_far_metres=500)
    )
    campaign.refresh_from_db()
    assert campaign.visit_far_metres == 500
    with pytest.raises(ValidationError) as refused:
        services.campaign_update(
            campaign=campaign, actor=alice, **campaign_plan(registry, today, visit_far_metres=5)
        )
    assert codes(refused.value) == {"far_limit"}
    client.force_login(alice)
    html = client.get(url("edit", campaign)).content.decode()
    assert 'name="visit_far_metres"' in html and 'value="500"' in html
