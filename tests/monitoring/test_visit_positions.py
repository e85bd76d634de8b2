"""Where the phone was when a visit was recorded: kept with the visit, counted in its distance
from the object, refused when less precise than the checklist asks unless the monitor accepted
it, and shown to the team only. A correction over a visit changed since it was opened is refused,
online as from a phone."""

import pytest
from django.core.exceptions import ValidationError

from baqylau.monitoring.checklists import checklist_create
from baqylau.monitoring.models import DEFAULT_GPS_ACCURACY_M, Visit
from baqylau.monitoring.visits import visit_correct

from ..factories import school_visit
from ..helpers import campaign_urls, codes

pytestmark = pytest.mark.django_db

url = campaign_urls("monitoring")
QUESTIONS = [{"code": "roof", "text": "Is the roof finished?", "kind": "yes_no"}]
# Some 110 m north of the school of the registry (51.7, 75.3).
NEAR = {"lat": 51.701, "lon": 75.3}


@pytest.fixture
def team(plan, alice, bob):
    return plan(monitors=[bob], declared=[alice, bob], published=True)


@pytest.fixture
def version(team, alice):
    checklist = checklist_create(campaign=team, title="Site", actor=alice, questions=QUESTIONS)
    checklist.gps_accuracy_m = 15
    checklist.save(update_fields=["gps_accuracy_m"])
    return checklist.current_version


def record(team, bob, registry, today, version=None, **kwargs):
    return school_visit(team, bob, registry, today, version, **kwargs)


def record_accepted(team, bob, registry, today, version, accuracy):
    """A visit whose position, `accuracy` metres precise, the monitor accepts as it is."""
    return record(
        team,
        bob,
        registry,
        today,
        version,
        position={**NEAR, "accuracy": accuracy},
        position_accuracy_accepted=True,
    )


def test_the_position_is_kept_and_counts_in_the_distance(team, bob, registry, today, version):
    visit = record(team, bob, registry, today, version, position={**NEAR, "accuracy": 8})
    assert (visit.position_latitude, visit.position_longitude) == (51.701, 75.3)
    assert visit.position_accuracy_m == 8 and not visit.position_accuracy_accepted
    assert 100 < visit.distance_m < 120 and not visit.far_from_object

    # A position 11 km away is far from the object: the monitor confirms it.
    far = {"lat": 51.8, "lon": 75.3, "accuracy": 5}
    with pytest.raises(ValidationError) as refused:
        record(team, bob, registry, today, version, position=far)
    assert codes(refused.value) == {"far"}
    visit = record(team, bob, registry, today, version, position=far, far_confirmed=True)
    assert visit.far_from_object and visit.distance_m > 10_000


def test_a_less_precise_position_is_refused_unless_accepted(team, bob, registry, today, version):
    with pytest.raises(ValidationError) as refused:
        record(team, bob, registry, today, version, position={**NEAR, "accuracy": 40})
    [error] = refused.value.error_dict["position"]
    assert error.code == "position_accuracy"
    assert "40 m" in error.message and "15 m" in error.message  # the accuracy and the threshold
    assert not Visit.private_objects.exists()

    visit = record_accepted(team, bob, registry, today, version, 40)
    assert visit.position_accuracy_m == 40 and visit.position_accuracy_accepted
    # Precise enough: nothing to accept, nothing marked.
    visit = record_accepted(team, bob, registry, today, version, 15)
    assert not visit.position_accuracy_accepted


def test_without_a_checklist_the_default_accuracy_applies(team, bob, registry, today):
    with pytest.raises(ValidationError) as refused:
        record(
            team, bob, registry, today, position={**NEAR, "accuracy": DEFAULT_GPS_ACCURACY_M + 1}
        )
    assert codes(refused.value) == {"position_accuracy"}
    visit = record(
        team, bob, registry, today, position={**NEAR, "accuracy": DEFAULT_GPS_ACCURACY_M}
    )
    assert visit.position_accuracy_m == DEFAULT_GPS_ACCURACY_M
    with pytest.raises(ValidationError) as refused:
        record(team, bob, registry, today, position={"lat": 95, "lon": 75, "accuracy": 3})
    assert codes(refused.value) == {"location"}


def test_the_team_sees_the_position_the_public_does_not(
    client, team, alice, bob, carol, registry, today, version
):
    visit = record_accepted(team, bob, registry, today, version, 40)
    page = visit.get_absolute_url()
    for person in (None, carol):
        if person:
            client.force_login(person)
        html = client.get(page).content.decode()
        assert "51.701" not in html and "less precise position accepted" not in html
        assert "accurate to" not in html
    client.force_login(alice)
    html = client.get(page).content.decode()
    assert "51.701, 75.3" in html and "accurate to 40 m" in html
    assert "less precise position accepted" in html
    # Nor in the open data.
    assert "51.701" not in client.get("/api/evidence/").content.decode()


def test_a_correction_over_a_changed_visit_is_refused(client, team, bob, registry, today, version):
    visit = record(team, bob, registry, today, version)
    visit_correct(
        visit=visit,
        actor=bob,
        object=registry["school"],
        visited_on=visit.visited_on,
        reason="Notes added",
        answers={"roof": "no"},
        notes="On another device",
        expected_revision=1,
    )
    visit = Visit.private_objects.get(pk=visit.pk)
    assert visit.revision == 2
    with pytest.raises(ValidationError) as refused:
        visit_correct(
            visit=visit,
            actor=bob,
            object=registry["school"],
            visited_on=visit.visited_on,
            reason="Stale copy",
            answers={"roof": "yes"},
            expected_revision=1,
        )
    assert codes(refused.value) == {"stale"}
    assert Visit.private_objects.get(pk=visit.pk).revision == 2

    # Online: the form carries the revision it showed; a visit changed since is not overwritten.
    client.force_login(bob)
    page = url("visit_correct", team, visit_id=visit.pk)
    assert 'name="revision" value="2"' in client.get(page).content.decode()
    form = {
        "object": registry["school"].pk,
        "visited_on": visit.visited_on.isoformat(),
        "answer_roof": "yes",
        "reason": "Opened before the other change",
        "revision": "1",
    }
    response = client.post(page, form)
    assert response.status_code == 200
    assert "The visit was changed since you opened it" in response.content.decode()
    assert Visit.private_objects.get(pk=visit.pk).revision == 2
    response = client.post(page, {**form, "revision": "2"})
    assert response.status_code == 302
    assert Visit.private_objects.get(pk=visit.pk).revision == 3
