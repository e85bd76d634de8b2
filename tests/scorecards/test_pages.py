"""The scorecard's pages for every role: the public page only once the campaign is published, the
team's steps for the team only, the participants' names nowhere public, the officer's acceptance,
and constant query counts on the public page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from baqylau.meetings.models import CommitmentState
from baqylau.scorecards import services
from baqylau.scorecards.models import GroupKind, OnlineScore

pytestmark = pytest.mark.django_db

API_CAMPAIGNS = "/api/campaigns/"
ROLES = ["anonymous", "carol", "bob", "alice", "dana", "max", "erin"]


@pytest.fixture
def everyone(alice, bob, carol, dana, max_moderator, erin):
    return {
        "anonymous": None,
        "carol": carol,
        "bob": bob,
        "alice": alice,
        "dana": dana,
        "max": max_moderator,
        "erin": erin,
    }


def url(scorecard, name="detail", **kwargs):
    return reverse(f"scorecards:{name}", kwargs={"slug": scorecard.campaign.slug, **kwargs})


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 404),
        ("carol", 404),
        ("dana", 404),
        ("max", 404),
        ("bob", 200),
        ("alice", 200),
        ("erin", 200),
    ],
)
def test_unpublished_scorecard_is_the_team_s(scorecard, as_persona, who, status):
    client = as_persona(who)
    assert client.get(url(scorecard)).status_code == status
    # Nor does the object's page or the campaign's page show it to others.
    obj = client.get(scorecard.project_object.get_absolute_url()).content.decode()
    assert (url(scorecard) in obj) == (status == 200)


@pytest.mark.parametrize("who", ROLES)
def test_published_scorecard_is_public(published, as_persona, who):
    client = as_persona(who)
    response = client.get(url(published))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Classrooms are warm in winter" in html
    assert "Staffing norm, order No. 77" in html
    assert "<svg" in html and "Provider" in html
    assert url(published) in client.get(published.campaign.get_absolute_url()).content.decode()
    assert (
        url(published) in client.get(published.project_object.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 302),
        ("carol", 403),
        ("dana", 403),
        ("max", 403),
        ("erin", 403),
        ("bob", 200),
        ("alice", 200),
    ],
)
@pytest.mark.parametrize("step", ["inputs", "groups", "indicators", "provider", "plan"])
def test_the_steps_are_the_team_s(published, as_persona, who, status, step):
    assert as_persona(who).get(url(published, step)).status_code == status


@pytest.mark.parametrize(("who", "status"), [("bob", 403), ("dana", 403), ("alice", 302)])
def test_only_the_coordinator_submits_the_plan(published, as_persona, who, status):
    response = as_persona(who).post(url(published, "plan_submit"))
    assert response.status_code == status
    submitted = published.actions.filter(commitment__isnull=False).count()
    assert submitted == (2 if who == "alice" else 0)


def test_team_records_the_steps_through_the_pages(scorecard, as_persona, body):
    client = as_persona("bob")
    response = client.post(
        url(scorecard, "inputs"),
        {
            "item": "Textbooks",
            "unit": "sets",
            "entitled": "600",
            "source": "Budget",
            "actual": "420",
        },
    )
    assert response.status_code == 302
    assert scorecard.inputs.filter(item="Textbooks", actual=420).exists()
    kind = GroupKind.objects.get(code="disabilities")
    client.post(url(scorecard, "groups"), {"kind": kind.pk, "label": "", "participants": 4})
    group = scorecard.groups.get(kind=kind)
    warm, teachers = scorecard.indicators.all()
    data = {f"n_{i.pk}_{s}": 0 for i in (warm, teachers) for s in range(1, 6)}
    data |= {f"n_{warm.pk}_1": 3, f"n_{warm.pk}_2": 1, f"reasons_{warm.pk}": "No ramp to the gym"}
    assert client.post(url(scorecard, "paper_scores", pk=group.pk), data).status_code == 302
    score = group.scores.get(indicator=warm)
    assert score.counts == [3, 1, 0, 0, 0] and score.reasons == "No ramp to the gym"
    # Too many scores for four people: nothing is saved, the form says why.
    data[f"n_{teachers.pk}_5"] = 9
    response = client.post(url(scorecard, "paper_scores", pk=group.pk), data)
    assert response.status_code == 200
    assert "More scores than participants" in response.content.decode()
    assert not group.scores.filter(indicator=teachers, count_5=9).exists()
    response = client.post(
        url(scorecard, "plan"),
        {
            "add_action": "1",
            "action": "Build a ramp",
            "responsible": "Akimat",
            "due_on": "2026-09-01",
            "body": body.pk,
        },
    )
    assert response.status_code == 302
    assert scorecard.actions.filter(action="Build a ramp").exists()


def test_participant_names_are_never_public(published, as_persona, carol, alice):
    youth = published.groups.get(kind__code="youth")
    # carol joins the youth by the invitation link and scores online.
    client = as_persona("carol")
    join = url(published, "join", token=youth.invite_token)
    assert client.get(join).status_code == 200
    assert client.post(join).status_code == 302
    warm, teachers = published.indicators.all()
    response = client.post(
        url(published, "score", pk=youth.pk),
        {
            f"value_{warm.pk}": "1",
            f"reason_{warm.pk}": "Frost on the windows",
            f"value_{teachers.pk}": "",
        },
    )
    assert response.status_code == 302
    assert OnlineScore.private_objects.get().value == 1
    for who in ("anonymous", "dana", "max", "bob"):
        html = as_persona(who).get(url(published)).content.decode()
        assert "Frost on the windows" in html  # the reason, in the participant's words
        assert "Carol" not in html and carol.email not in html, who
        assert youth.invite_token not in html
    # Nor does the API's campaign.
    response = as_persona("anonymous").get(API_CAMPAIGNS)
    assert response.status_code == 200
    api = response.content.decode()
    assert published.campaign.slug in api
    assert "Carol" not in api and carol.email not in api
    # The team sees who registered (to manage the groups).
    assert "Carol" in as_persona("alice").get(url(published, "groups")).content.decode()
    # Someone not registered cannot score with the group.
    assert as_persona("dana").get(url(published, "score", pk=youth.pk)).status_code == 404


def test_officer_accepts_a_line_on_the_page(published, alice, as_persona):
    services.plan_submit(scorecard=published, by=alice)
    action = published.actions.first()
    accept = url(published, "action_accept", pk=action.pk)
    html = as_persona("anonymous").get(url(published)).content.decode()
    assert "awaiting the body&#x27;s acceptance" in html and accept not in html
    assert as_persona("bob").post(accept).status_code == 403
    assert as_persona("carol").post(accept).status_code == 403
    client = as_persona("dana")
    assert accept in client.get(url(published)).content.decode()
    assert client.post(accept).status_code == 302
    action.commitment.refresh_from_db()
    assert action.commitment.state == CommitmentState.ACCEPTED
    assert "accepted by the body" in as_persona("anonymous").get(url(published)).content.decode()


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["anonymous", "alice", "dana"])
def test_public_page_queries_do_not_grow(
    published, as_persona, who, django_assert_num_queries, alice, carol, body, today, new_scorecard
):
    client = as_persona(who)
    services.plan_submit(scorecard=published, by=alice)
    client.get(url(published))  # the first request of a session reads what later ones cache
    before = _queries(client, url(published))
    # More groups, indicators, scores, online participants, lines and a second round.
    kind = GroupKind.objects.get(code="parents")
    group = services.group_add(scorecard=published, kind=kind, participants=5)
    indicator = services.indicator_add(
        scorecard=published, text="Clean toilets", proposed_by=[group]
    )
    services.paper_scores_save(group=group, rows=[(indicator, [1, 1, 1, 1, 1], "so-so")])
    participant = services.participant_register(group=group, user=carol)
    services.online_scores_save(participant=participant, rows=[(indicator, 2, "dirty")])
    services.action_add(scorecard=published, action="Fix", responsible="X", due_on=today, body=body)
    new_scorecard(published=True, slug="round-two")
    assert before == EXPECTED[who]
    with django_assert_num_queries(EXPECTED[who]):
        client.get(url(published))


# The public page's queries: the anonymous visitor's; the coordinator's adds her team rights, her
# registrations as a participant and the bodies she answers for; the officer's the same but her
# team rights' prefetch.
EXPECTED = {"anonymous": 15, "alice": 21, "dana": 20}


def test_indicators_start_from_a_library_set(scorecard, as_persona, alice, ngo, other_monitor):
    """The team adds the indicators of a published set of the library, once each; the library
    records the campaign's use; a draft set is not offered."""
    from baqylau.methods.models import ItemKind, ItemUse

    from ..factories import LibraryItemFactory

    shared = LibraryItemFactory(
        author=ngo,
        actor=alice,
        kind=ItemKind.INDICATOR_SET,
        title="School: users' indicators",
        indicators=["Classrooms are warm in winter", "The ramp at the entrance is usable"],
        published=True,
    )
    LibraryItemFactory(
        author=ngo, actor=alice, kind=ItemKind.INDICATOR_SET, title="DRAFT-SET", published=False
    )
    page_url = reverse("scorecards:indicators", kwargs={"slug": scorecard.campaign.slug})
    client = as_persona("alice")
    page = client.get(page_url).content.decode()
    assert "School: users&#x27; indicators" in page and "DRAFT-SET" not in page
    version = shared.versions.get()
    action = reverse("scorecards:indicators_from_library", kwargs={"slug": scorecard.campaign.slug})
    assert client.post(action, {"version": version.pk}).status_code == 302
    texts = list(scorecard.indicators.order_by("order").values_list("text", flat=True))
    # The one the scorecard had already is not added twice.
    assert texts == [
        "Classrooms are warm in winter",
        "Teachers come to every lesson",
        "The ramp at the entrance is usable",
    ]
    use = ItemUse.private_objects.get()
    assert (use.version, use.campaign) == (version, scorecard.campaign)
    # Someone outside the team cannot.
    assert as_persona("carol").post(action, {"version": version.pk}).status_code in (403, 404)
    assert scorecard.indicators.count() == 3
