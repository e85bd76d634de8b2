"""Who sees and who may do what on a monitoring campaign, for every persona, an anonymous visitor,
and a monitor and a coordinator of another NGO: a campaign one may not see answers 404, a step
one may not take on a campaign one sees answers 403. Until it is published a campaign is its
team's alone (and staff's): not the moderators', not another NGO's, not the list's or the portal's.
"""

import pytest
from django.urls import reverse

from baqylau.accounts.models import Role
from baqylau.monitoring import services
from baqylau.monitoring.models import Campaign, Status

from ..factories import CampaignFactory, MembershipFactory
from ..helpers import PERSONAS as EVERY_PERSONA
from ..helpers import campaign_form, campaign_urls
from ..world import build_registry, make_other_monitor, make_people, member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared")]

PERSONAS = [*EVERY_PERSONA, "other_monitor", "other_coordinator"]
TEAM = {"coordinator", "monitor"}  # alice coordinates, bob is on her team
SEES_PRIVATE = TEAM | {"staff", "administrator"}
MANAGES = {"coordinator"}
DECLARES = TEAM
PLANS = {"coordinator", "other_coordinator"}
PRIVATE_TITLE = {"en": "Private campaign of Adal Monitoring"}
PUBLIC_TITLE = {"en": "Published campaign of Adal Monitoring"}


def build_once(today) -> dict:
    """The people, the registry, a monitor of another NGO and its coordinator, and a private and
    a published campaign of alice's with bob on the team: built once for the module's tests (see
    tests/conftest.py), which change them only in their own transaction."""
    people = make_people()
    registry = build_registry()
    ngo, alice, bob = people["ngo"], people["alice"], people["bob"]
    other_monitor = make_other_monitor()
    other_coordinator = member(
        "oscar@example.org",
        "Oscar",
        other_monitor.memberships.get().organisation,
        Role.COORDINATOR,
    )

    def campaign(**changes):
        return CampaignFactory(
            registry=registry, ngo=ngo, coordinator=alice, today=today, monitors=[bob], **changes
        )

    return people | {
        "registry": registry,
        "other_monitor": other_monitor,
        "other_coordinator": other_coordinator,
        "private": campaign(title=PRIVATE_TITLE),
        "published": campaign(declared=[alice], published=True, title=PUBLIC_TITLE),
    }


@pytest.fixture
def private(shared):
    return shared["private"]


@pytest.fixture
def published(shared):
    return shared["published"]


@pytest.fixture
def everyone(personas, other_monitor, shared):
    """The personas, a monitor of another NGO and its coordinator."""
    return personas | {
        "other_monitor": other_monitor,
        "other_coordinator": shared["other_coordinator"],
    }


url = campaign_urls("monitoring")


# Seeing ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_who_sees_a_private_campaign(as_persona, private, published, who):
    client = as_persona(who)
    expected = 200 if who in SEES_PRIVATE else 404
    assert client.get(private.get_absolute_url()).status_code == expected
    assert client.get(published.get_absolute_url()).status_code == 200
    listed = client.get(url("list")).content.decode()
    assert published.title in listed
    # The list shows a team its own private campaigns, marked; staff open them by address only.
    assert (private.title in listed) == (who in TEAM)
    if who in TEAM:
        assert "private: only its team sees it" in listed


def test_a_monitor_of_the_ngo_off_the_team_does_not_see_its_private_campaign(client, bob, plan):
    # Titled apart from the module's private campaign, which has bob on its team.
    title = {"en": "Private campaign of Adal Monitoring without Bob"}
    campaign = plan(title=title)
    client.force_login(bob)
    assert client.get(campaign.get_absolute_url()).status_code == 404
    assert campaign.title not in client.get(url("list")).content.decode()


def test_a_member_who_left_the_team_no_longer_sees_its_private_campaign(client, alice, bob, plan):
    campaign = plan(
        monitors=[bob],
        title=PRIVATE_TITLE,
    )
    services.member_remove(member=campaign.members.get(user=bob), actor=alice)
    client.force_login(bob)
    assert client.get(campaign.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("who", PERSONAS)
def test_nothing_private_reaches_the_portal_sections(as_persona, registry, ngo, private, who):
    client = as_persona(who)
    for thing in (registry["document"], registry["school"], registry["akimat"], ngo):
        page = thing.get_absolute_url()
        response = client.get(page)
        html = response.content.decode()
        # The page itself is there, and says nothing of the private campaign.
        assert response.status_code == 200 and str(thing) in html, page
        assert private.title not in html and private.get_absolute_url() not in html, page


@pytest.mark.parametrize("who", PERSONAS)
def test_visible_to_follows_the_pages(everyone, private, who):
    visible = Campaign.private_objects.visible_to(everyone[who])
    assert (private in visible) == (who in SEES_PRIVATE)
    assert private not in Campaign.public_objects.all()


# Doing -------------------------------------------------------------------------------------------


# action: (URL name, method, who may, whether anonymous visitors are sent to log in)
ACTIONS = {
    "edit_page": ("edit", "get", MANAGES, True),
    "edit": ("edit", "post", MANAGES, True),
    "team_page": ("team", "get", MANAGES, True),
    "member_add": ("team", "post", MANAGES, True),
    "member_remove": ("member_remove", "post", MANAGES, False),
    "declaration_page": ("declaration", "get", DECLARES, True),
    "declaration": ("declaration", "post", DECLARES, True),
    "advance": ("advance", "post", MANAGES, False),
    "publish": ("publish", "post", MANAGES, False),
}


def _request(client, action, campaign, registry, everyone, today):
    name, method, _allowed, _login = ACTIONS[action]
    kwargs = {}
    data = {}
    if action == "member_remove":
        kwargs["member_id"] = campaign.members.get(user=everyone["monitor"]).pk
    if action == "edit":
        data = campaign_form(registry, today)
    if action == "member_add":
        data = {"user": MembershipFactory(organisation=campaign.ngo).user.pk, "role": "monitor"}
    if action == "declaration":
        data = {"has_conflict": "no", "ties": "none"}
    if action == "advance":
        data = {"changed_on": today.isoformat()}
    target = url(name, campaign, **kwargs)
    return client.get(target) if method == "get" else client.post(target, data)


def _state(campaign):
    campaign.refresh_from_db()
    return (
        campaign.title,
        campaign.status,
        campaign.is_published,
        campaign.members.active().count(),
        sum(len(m.declarations.all()) for m in campaign.members.all()),
    )


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("visibility", ["private", "published"])
def test_who_takes_each_step(
    request, as_persona, registry, everyone, alice, bob, who, action, visibility, today
):
    campaign = request.getfixturevalue(visibility)
    if action == "publish" and visibility == "private":
        # Publishing needs a declaration; without one the refusal would hide who may publish.
        services.declaration_file(member=campaign.members.get(user=alice), has_conflict=False)
    before = _state(campaign)
    _name, method, allowed, sends_to_login = ACTIONS[action]
    response = _request(as_persona(who), action, campaign, registry, everyone, today)
    sees = visibility == "published" or who in SEES_PRIVATE
    if who in allowed:
        assert response.status_code == (200 if method == "get" else 302), response
        if method == "post" and not (action == "publish" and visibility == "published"):
            assert _state(campaign) != before
    else:
        if who == "anonymous" and sends_to_login:
            assert response.status_code == 302
            assert response.url.startswith(reverse("accounts:login"))
        else:
            assert response.status_code == (403 if sees else 404)
        assert _state(campaign) == before


@pytest.mark.parametrize("who", PERSONAS)
def test_who_plans_a_campaign(as_persona, registry, who, today):
    client = as_persona(who)
    response = client.get(url("new"))
    if who == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if who in PLANS else 403)
    before = Campaign.private_objects.count()  # the module's campaigns
    client.post(url("new"), campaign_form(registry, today))
    assert Campaign.private_objects.count() == before + (who in PLANS)


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_team_sees_the_steps_and_the_prompt(as_persona, private, published, who):
    client = as_persona(who)
    html = client.get(published.get_absolute_url()).content.decode()
    assert ('id="steps"' in html) == (who in MANAGES)
    # bob has not declared yet: he alone is prompted.
    assert ('id="declare"' in html) == (who == "monitor")
    assert (url("advance", published) in html) == (who in MANAGES)


def test_staff_look_but_do_not_act_on_an_ngos_campaign(client, erin, private, today):
    client.force_login(erin)
    assert client.get(private.get_absolute_url()).status_code == 200
    assert (
        client.post(url("advance", private), {"changed_on": today.isoformat()}).status_code == 403
    )
    private.refresh_from_db()
    assert private.status == Status.PLANNED
