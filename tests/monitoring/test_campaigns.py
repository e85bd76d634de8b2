"""Monitoring campaigns: who plans them, who is on the team, the conflict-of-interest declaration
that comes before any recording, the forward-only status workflow with its dated timeline,
publication, and the pages that show them."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from baqylau.accountability import services as accountability
from baqylau.accounts.models import Role, User
from baqylau.demo.monitoring import demo_campaigns, load_demo_campaigns
from baqylau.monitoring import services
from baqylau.monitoring.models import (
    NEXT_STATUS,
    Campaign,
    ConflictDeclaration,
    ControlForm,
    Status,
)
from baqylau.monitoring.permissions import can_manage, can_record
from baqylau.registry.models import Organisation

from ..factories import (
    CAMPAIGN_TITLE,
    CampaignFactory,
    MembershipFactory,
    OrganisationFactory,
    PlanningDocumentFactory,
    ProjectObjectFactory,
    campaign_plan,
)
from ..helpers import campaign_form, codes, count_queries
from ..world import member

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_pdf")]

WORKFLOW = [
    Status.PLANNED,
    Status.IN_PROGRESS,
    Status.ANALYSIS,
    Status.DOCUMENT_SENT,
    Status.ANSWERS_RECEIVED,
    Status.CLOSED,
]


def send_final_document(campaign, coordinator, sent_on=None):
    """What takes a campaign from analysis to "final document sent": its final document, written
    and sent (the campaign is published and its control has ended)."""
    end = timezone.make_aware(datetime.combine(campaign.ends_on, time(18)))
    accountability.final_document_save(
        campaign=campaign,
        actor=coordinator,
        language="kk",
        place="Павлодар",
        held_from=end - timedelta(days=1),
        held_to=end,
        subjects="Білім беру басқармасы ақпаратты уақытында берді.",
    )
    accountability.final_document_send(campaign=campaign, actor=coordinator, sent_on=sent_on)
    campaign.refresh_from_db()
    return campaign.status_changes.last()


def walk_to_the_end(campaign, coordinator):
    """Every status in turn, today: advanced, but the final document is sent."""
    for status in WORKFLOW[1:]:
        if status == Status.DOCUMENT_SENT:
            send_final_document(campaign, coordinator)
        else:
            services.campaign_advance(campaign=campaign, actor=coordinator)


@pytest.fixture
def other_ngo(db):
    return OrganisationFactory(kind=Organisation.Kind.NGO, slug="ashyq-aimaq")


@pytest.fixture
def olga(other_ngo):
    """A monitor of another NGO."""
    return member("olga@example.org", "Olga", other_ngo, Role.MONITOR)


# Planning --------------------------------------------------------------------------------------


def test_a_coordinator_plans_a_private_campaign_and_leads_its_team(
    registry, ngo, alice, today, plan
):
    campaign = plan()
    assert campaign.ngo == ngo and campaign.status == Status.PLANNED
    assert not campaign.is_published and campaign.published_at is None
    assert campaign.slug == "monitoring-of-school-construction-in-the-region"
    assert list(campaign.documents.all()) == [registry["document"]]
    assert list(campaign.project_objects.all()) == [registry["school"]]
    assert list(campaign.bodies.all()) == [registry["akimat"]]
    member = campaign.members.get()
    assert (member.user, member.role, member.left_at) == (alice, "coordinator", None)
    change = campaign.status_changes.get()
    assert (change.status, change.changed_on, change.actor) == (Status.PLANNED, today, alice)
    assert can_manage(alice, campaign)
    assert campaign not in Campaign.public_objects.all()


@pytest.mark.parametrize("who", ["bob", "carol", "dana", "olga"])
def test_only_a_coordinator_of_the_ngo_plans_its_campaigns(request, registry, ngo, who, today):
    person = request.getfixturevalue(who)
    with pytest.raises(ValidationError) as error:
        services.campaign_create(ngo=ngo, author=person, **campaign_plan(registry, today))
    assert codes(error.value) == {"not_coordinator"}
    assert not Campaign.private_objects.exists()


def test_a_state_body_does_not_control_itself(registry, body, dana, today):
    MembershipFactory(user=dana, organisation=body, role=Role.COORDINATOR)
    with pytest.raises(ValidationError) as error:
        services.campaign_create(ngo=body, author=dana, **campaign_plan(registry, today))
    assert codes(error.value) == {"state_body"}


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"documents": [], "project_objects": [], "bodies": []}, "nothing_controlled"),
        ({"title": {"kk": " ", "ru": "", "en": ""}}, "required"),
        ({"goals": "  "}, "required"),
        ({"form": "inspection"}, "invalid"),
        ({"ends_on": timedelta(days=-31)}, "ends_early"),  # before the start: 30 days ago
        ({"form": ControlForm.REPORT_HEARING, "bodies": []}, "report_without_body"),
    ],
)
def test_a_plan_is_complete_and_consistent(registry, ngo, alice, changes, code, today):
    changes = {k: today + v if isinstance(v, timedelta) else v for k, v in changes.items()}
    with pytest.raises(ValidationError) as error:
        services.campaign_create(ngo=ngo, author=alice, **campaign_plan(registry, today, **changes))
    assert codes(error.value) == {code}


def test_a_campaign_controls_public_things_and_state_bodies(registry, ngo, alice, other_ngo, today):
    hidden = registry["hidden"]
    hidden_object = hidden.objects_built.get()
    for changes, code in [
        ({"documents": [hidden]}, "not_published"),
        ({"project_objects": [hidden_object]}, "not_published"),
        ({"bodies": [other_ngo]}, "not_state_body"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.campaign_create(
                ngo=ngo, author=alice, **campaign_plan(registry, today, **changes)
            )
        assert codes(error.value) == {code}


def test_addresses_are_unique_and_readable(registry, ngo, alice, today, plan):
    first = plan()
    second = plan()
    assert second.slug == f"{first.slug}-2"
    kazakh = plan(
        title={"kk": "Жолдар мен көпірлер"},
    )
    assert kazakh.slug == "zholdar-men-kopirler"
    for slug, code in [(first.slug, "slug_taken"), ("new", "slug_taken"), ("Жол", "invalid_slug")]:
        with pytest.raises(ValidationError) as error:
            services.campaign_create(
                ngo=ngo, author=alice, slug=slug, **campaign_plan(registry, today)
            )
        assert codes(error.value) == {code}


def test_the_title_falls_back_to_another_language(plan):
    campaign = plan(title={"kk": "Тек қазақша атау"})
    with translation.override("en"):
        assert campaign.title == "Тек қазақша атау"
    with translation.override("ru"):
        assert campaign.title == "Тек қазақша атау"


def test_the_plan_is_changed_until_the_campaign_is_closed(registry, alice, body, today, plan):
    campaign = plan(declared=[alice], published=True)
    services.campaign_update(
        campaign=campaign,
        actor=alice,
        **campaign_plan(
            registry,
            today,
            bodies=[body],
            project_objects=[],
            form=ControlForm.EXPERTISE,
            ends_on=today,
        ),
    )
    campaign.refresh_from_db()
    assert campaign.form == ControlForm.EXPERTISE
    assert list(campaign.bodies.all()) == [body]
    assert not campaign.project_objects.exists()
    walk_to_the_end(campaign, alice)
    with pytest.raises(ValidationError) as error:
        services.campaign_update(campaign=campaign, actor=alice, **campaign_plan(registry, today))
    assert codes(error.value) == {"closed"}


# Independence: no officer of a controlled body on the team --------------------------------------


def test_an_officer_of_a_controlled_body_is_not_on_the_team(registry, alice, bob, today, plan):
    MembershipFactory(user=bob, organisation=registry["akimat"], role=Role.OFFICER)
    campaign = plan(bodies=[])  # the akimat answers for the plan
    with pytest.raises(ValidationError) as error:
        services.member_add(campaign=campaign, user=bob, actor=alice)
    assert codes(error.value) == {"officer_of_controlled_body"}
    # Nor can a campaign come to control the body of someone on its team.
    other = plan(
        documents=[],
        project_objects=[],
        bodies=[OrganisationFactory()],
    )
    services.member_add(campaign=other, user=bob, actor=alice)
    with pytest.raises(ValidationError) as error:
        services.campaign_update(
            campaign=other, actor=alice, **campaign_plan(registry, today, documents=[])
        )
    assert codes(error.value) == {"officer_of_controlled_body"}


def test_an_officer_of_a_controlled_body_does_not_plan_its_control(registry, ngo, alice, today):
    MembershipFactory(user=alice, organisation=registry["akimat"], role=Role.OFFICER)
    with pytest.raises(ValidationError) as error:
        services.campaign_create(ngo=ngo, author=alice, **campaign_plan(registry, today))
    assert codes(error.value) == {"officer_of_controlled_body"}


# The team --------------------------------------------------------------------------------------


def test_the_team_is_formed_from_the_ngos_monitors_and_coordinators(
    ngo, alice, bob, carol, olga, max_moderator, plan
):
    campaign = plan()
    member = services.member_add(campaign=campaign, user=bob, actor=alice)
    assert (member.role, member.added_by, member.is_active) == ("monitor", alice, True)
    refusals = [
        ({"user": bob}, "already_member"),
        ({"user": carol}, "not_in_ngo"),
        ({"user": olga}, "not_in_ngo"),
        ({"user": max_moderator}, "not_in_ngo"),
        ({"user": bob, "role": "coordinator"}, "not_coordinator"),
        ({"user": carol, "role": "observer"}, "invalid"),
    ]
    for kwargs, code in refusals:
        with pytest.raises(ValidationError) as error:
            services.member_add(campaign=campaign, actor=alice, **kwargs)
        assert codes(error.value) == {code}, kwargs
    second = MembershipFactory(organisation=ngo, role=Role.COORDINATOR).user
    added = services.member_add(campaign=campaign, user=second, role="coordinator", actor=alice)
    assert added.is_coordinator and can_manage(second, campaign)


def test_a_removed_member_leaves_a_record(alice, bob, plan):
    campaign = plan(monitors=[bob], declared=[bob])
    member = campaign.members.get(user=bob)
    services.member_remove(member=member, actor=alice)
    member.refresh_from_db()
    assert member.left_at is not None and member.declarations.count() == 1
    assert not can_record(bob, campaign)
    assert campaign not in Campaign.private_objects.visible_to(bob)
    with pytest.raises(ValidationError) as error:
        services.member_remove(member=member, actor=alice)
    assert codes(error.value) == {"already_left"}
    # Back on the team, bob has a new membership and declares again.
    again = services.member_add(campaign=campaign, user=bob, actor=alice)
    assert campaign.members.filter(user=bob).count() == 2 and not can_record(bob, campaign)
    services.declaration_file(member=again, has_conflict=False, ties="none")
    assert can_record(bob, campaign)


def test_the_last_coordinator_cannot_leave(alice, plan):
    campaign = plan()
    with pytest.raises(ValidationError) as error:
        services.member_remove(member=campaign.members.get(), actor=alice)
    assert codes(error.value) == {"last_coordinator"}


# Declarations ----------------------------------------------------------------------------------


def test_nobody_records_before_declaring(alice, bob, carol, erin, plan):
    campaign = plan(monitors=[bob])
    assert not can_record(alice, campaign) and not can_record(bob, campaign)
    member = campaign.members.get(user=bob)
    with pytest.raises(ValidationError) as error:
        services.declaration_file(member=member, has_conflict=True, ties=" ")
    assert codes(error.value) == {"required"}
    services.declaration_file(member=member, has_conflict=True, ties="My brother works there.")
    assert can_record(bob, campaign) and not can_record(alice, campaign)
    # Neither staff nor anyone off the team records, declaration or not.
    assert not can_record(erin, campaign) and not can_record(carol, campaign)
    assert not can_record(None, campaign)


def test_a_later_declaration_replaces_the_earlier_one_which_stays(alice, plan):
    campaign = plan(declared=[alice])
    member = campaign.members.get()
    services.declaration_file(member=member, has_conflict=True, ties="A new contract.")
    declarations = list(member.declarations.all())
    assert [d.has_conflict for d in declarations] == [False, True]
    assert ConflictDeclaration.private_objects.count() == 2


def test_nothing_is_recorded_in_a_closed_campaign(alice, today, plan):
    campaign = plan(
        declared=[alice],
        published=True,
        ends_on=today,
    )
    walk_to_the_end(campaign, alice)
    assert not can_record(alice, campaign)
    with pytest.raises(ValidationError) as error:
        services.declaration_file(member=campaign.members.get(), has_conflict=False)
    assert codes(error.value) == {"closed"}


# Status workflow -------------------------------------------------------------------------------


def test_the_status_moves_forward_one_step_at_a_time_each_dated(alice, today, plan):
    start = today - timedelta(days=20)
    # Control ends before the analysis, so that the final document can be sent on day 9.
    campaign = plan(
        declared=[alice],
        published=True,
        ends_on=start + timedelta(days=6),
    )
    campaign.status_changes.update(changed_on=start)
    for number, status in enumerate(WORKFLOW[1:], start=1):
        assert NEXT_STATUS[campaign.status] == status
        changed_on = start + timedelta(days=number * 3)
        if status == Status.DOCUMENT_SENT:
            change = send_final_document(campaign, alice, sent_on=changed_on)
        else:
            change = services.campaign_advance(
                campaign=campaign, actor=alice, changed_on=changed_on, note=f"Step {number}"
            )
        assert (change.status, campaign.status) == (status, status)
    timeline = list(campaign.status_changes.values_list("status", "changed_on", "note"))
    assert [row[0] for row in timeline] == WORKFLOW
    assert [row[1] for row in timeline] == [start + timedelta(days=n * 3) for n in range(6)]
    assert timeline[-1][2] == "Step 5"
    with pytest.raises(ValidationError) as error:
        services.campaign_advance(campaign=campaign, actor=alice)
    assert codes(error.value) == {"closed"}
    assert campaign.status_changes.count() == len(WORKFLOW)


def test_only_sending_the_final_document_moves_a_campaign_past_the_analysis(alice, today, plan):
    campaign = plan(
        declared=[alice],
        published=True,
        ends_on=today,
    )
    for _step in range(2):
        services.campaign_advance(campaign=campaign, actor=alice)
    assert campaign.status == Status.ANALYSIS
    with pytest.raises(ValidationError) as error:
        services.campaign_advance(campaign=campaign, actor=alice)
    assert codes(error.value) == {"send_document"}
    assert "final document" in error.value.messages[0]
    campaign.refresh_from_db()
    assert campaign.status == Status.ANALYSIS and campaign.status_changes.count() == 3
    change = send_final_document(campaign, alice)
    assert (change.status, change.changed_on) == (Status.DOCUMENT_SENT, today)


def test_a_change_is_dated_neither_in_the_future_nor_before_the_last(alice, today, plan):
    campaign = plan()
    for changed_on, code in [
        (today + timedelta(days=1), "future"),
        (today - timedelta(days=1), "before_previous"),
    ]:
        with pytest.raises(ValidationError) as error:
            services.campaign_advance(campaign=campaign, actor=alice, changed_on=changed_on)
        assert codes(error.value) == {code}
    campaign.refresh_from_db()
    assert campaign.status == Status.PLANNED and campaign.status_changes.count() == 1


def test_closed_comes_only_after_the_answers(registry, ngo, alice):
    assert [s for s, following in NEXT_STATUS.items() if following == Status.CLOSED] == [
        Status.ANSWERS_RECEIVED
    ]
    assert Status.CLOSED not in NEXT_STATUS
    # Every status but the last has exactly one next, later in the workflow.
    for status, following in NEXT_STATUS.items():
        assert WORKFLOW.index(following) == WORKFLOW.index(status) + 1


# Publication -----------------------------------------------------------------------------------


def test_a_campaign_is_published_once_a_member_has_declared(alice, bob, plan):
    campaign = plan(monitors=[bob])
    with pytest.raises(ValidationError) as error:
        services.campaign_publish(campaign=campaign, actor=alice)
    assert codes(error.value) == {"no_declaration"}
    # A declaration of someone who has left the team does not count.
    member = campaign.members.get(user=bob)
    services.declaration_file(member=member, has_conflict=False, ties="none")
    services.member_remove(member=member, actor=alice)
    with pytest.raises(ValidationError):
        services.campaign_publish(campaign=campaign, actor=alice)
    services.declaration_file(member=campaign.members.get(user=alice), has_conflict=False)
    services.campaign_publish(campaign=campaign, actor=alice)
    campaign.refresh_from_db()
    assert campaign.is_published and campaign.published_at is not None
    assert campaign in Campaign.public_objects.all()
    with pytest.raises(ValidationError) as error:
        services.campaign_publish(campaign=campaign, actor=alice)
    assert codes(error.value) == {"published"}


# Pages -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_pages_answer_in_every_language(client, alice, bob, lang, plan):
    campaign = plan(
        monitors=[bob],
        declared=[alice],
        published=True,
    )
    client.force_login(alice)
    pages = [
        reverse("monitoring:list"),
        reverse("monitoring:new"),
        campaign.get_absolute_url(),
        reverse("monitoring:edit", kwargs={"slug": campaign.slug}),
        reverse("monitoring:team", kwargs={"slug": campaign.slug}),
        reverse("monitoring:declaration", kwargs={"slug": campaign.slug}),
    ]
    for page in pages:
        url = f"/{lang}{page[3:]}"
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == lang
    client.logout()
    html = client.get(f"/{lang}/monitoring/{campaign.slug}/").content.decode()
    assert CAMPAIGN_TITLE[lang] in html


def test_the_campaign_page_shows_its_plan_team_declarations_and_timeline(
    client, registry, alice, bob, today, plan
):
    campaign = plan(
        monitors=[bob],
        published=True,
        declared=[alice],
    )
    services.declaration_file(
        member=campaign.members.get(user=bob), has_conflict=True, ties="My cousin is an engineer."
    )
    services.campaign_advance(campaign=campaign, actor=alice, note="Visits begin.")
    html = client.get(f"/en/monitoring/{campaign.slug}/").content.decode()
    for text in [
        CAMPAIGN_TITLE["en"],
        "public monitoring",
        registry["document"].get_absolute_url(),
        registry["school"].get_absolute_url(),
        registry["akimat"].get_absolute_url(),
        "See whether the school opens on time.",
        "Visit the site; ask the akimat for the schedule.",
        "Field visits with a checklist",
        "Alice",
        "Bob",
        "Declares no conflict of interest",
        "Declares a conflict of interest",
        "My cousin is an engineer.",
        "Visits begin.",
        f'datetime="{today.isoformat()}"',
    ]:
        assert text in html, text
    # Names are public, email addresses never.
    assert "alice@example.org" not in html and "bob@example.org" not in html
    assert 'id="steps"' not in html


def test_a_member_without_a_declaration_is_prompted_to_file_one(client, alice, bob, plan):
    campaign = plan(monitors=[bob], declared=[alice])
    client.force_login(bob)
    declaration = reverse("monitoring:declaration", kwargs={"slug": campaign.slug})
    assert declaration in client.get(campaign.get_absolute_url()).content.decode()
    assert client.get(declaration).status_code == 200
    response = client.post(declaration, {"has_conflict": "no", "ties": "none"})
    assert response.status_code == 302
    assert can_record(bob, campaign)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert 'id="declare"' not in page


def test_a_coordinator_plans_forms_the_team_advances_and_publishes_through_the_pages(
    client, registry, ngo, alice, bob, today
):
    client.force_login(alice)
    response = client.post(
        "/en/monitoring/new/",
        {
            "title_ru": CAMPAIGN_TITLE["ru"],
            "form": ControlForm.HEARING,
            "documents": [registry["document"].slug],
            "project_objects": [registry["school"].slug],
            "goals": "Goals.",
            "tasks": "Tasks.",
            "method": "Method.",
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=10)).isoformat(),
        },
    )
    campaign = Campaign.private_objects.get()
    assert response.status_code == 302 and response.url == campaign.get_absolute_url()
    assert campaign.slug == "monitoring-stroitelstva-shkol-oblasti"
    assert campaign.form == ControlForm.HEARING and campaign.created_by == alice
    slug = campaign.slug
    team = reverse("monitoring:team", kwargs={"slug": slug})
    assert client.post(team, {"user": bob.pk, "role": "monitor"}).status_code == 302
    assert campaign.members.active().count() == 2
    # Publishing before any declaration is refused with a message, and nothing changes.
    response = client.post(reverse("monitoring:publish", kwargs={"slug": slug}), follow=True)
    assert "must file a conflict-of-interest declaration" in response.content.decode()
    client.post(
        reverse("monitoring:declaration", kwargs={"slug": slug}),
        {"has_conflict": "no", "ties": "none"},
    )
    advance = reverse("monitoring:advance", kwargs={"slug": slug})
    response = client.post(advance, {"changed_on": today.isoformat(), "note": "Started."})
    assert response.status_code == 302
    response = client.post(reverse("monitoring:publish", kwargs={"slug": slug}), follow=True)
    assert "The campaign is published" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.is_published and campaign.status == Status.IN_PROGRESS
    bob_member = campaign.members.get(user=bob)
    remove = reverse("monitoring:member_remove", kwargs={"slug": slug, "member_id": bob_member.pk})
    assert client.post(remove).status_code == 302
    bob_member.refresh_from_db()
    assert bob_member.left_at is not None


def test_form_errors_of_the_services_come_back_on_the_form(client, registry, ngo, alice, today):
    client.force_login(alice)
    response = client.post(
        "/en/monitoring/new/",
        {
            "title_en": "Nothing controlled",
            "form": ControlForm.MONITORING,
            "goals": "Goals.",
            "tasks": "Tasks.",
            "method": "Method.",
            "starts_on": today.isoformat(),
            "ends_on": (today - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Name at least one planning document" in response.content.decode()
    assert not Campaign.private_objects.exists()


def test_a_coordinator_of_several_ngos_chooses_one(client, registry, ngo, alice, other_ngo, today):
    MembershipFactory(user=alice, organisation=other_ngo, role=Role.COORDINATOR)
    client.force_login(alice)
    form = client.get("/en/monitoring/new/").context["form"]
    assert set(form.fields["ngo"].queryset) == {ngo, other_ngo}
    client.post(
        "/en/monitoring/new/",
        campaign_form(registry, today, ngo=other_ngo.slug, title_en="Second NGO"),
    )
    assert Campaign.private_objects.get().ngo == other_ngo


def test_a_published_campaign_appears_on_the_portal_pages_it_concerns(
    client, registry, ngo, alice, plan
):
    published = plan(declared=[alice], published=True)
    private = plan(title={"en": "Still private"})
    pages = [
        registry["document"].get_absolute_url(),
        registry["school"].get_absolute_url(),
        registry["akimat"].get_absolute_url(),
        ngo.get_absolute_url(),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        assert published.get_absolute_url() in html, page
        assert "Public monitoring" in html
        assert private.title not in html, page


def test_a_campaign_about_an_object_appears_on_its_documents_page(client, registry, alice, plan):
    campaign = plan(
        documents=[],
        bodies=[],
        declared=[alice],
        published=True,
    )
    html = client.get(registry["document"].get_absolute_url()).content.decode()
    assert campaign.get_absolute_url() in html
    unrelated = ProjectObjectFactory(document=registry["document"])
    html = client.get(unrelated.get_absolute_url()).content.decode()
    assert campaign.get_absolute_url() not in html


def _grow(registry, ngo, alice, n: int, *, today) -> None:
    for i in range(n):
        monitor = MembershipFactory(organisation=ngo, role=Role.MONITOR).user
        document = PlanningDocumentFactory()
        campaign = CampaignFactory(
            registry=registry,
            ngo=ngo,
            coordinator=alice,
            today=today,
            monitors=[monitor],
            declared=[alice, monitor],
            published=True,
            documents=[registry["document"], document],
            project_objects=[registry["school"], ProjectObjectFactory(document=document)],
            bodies=[registry["akimat"], OrganisationFactory()],
        )
        services.campaign_advance(campaign=campaign, actor=alice, note=f"Note {i}")


@pytest.mark.parametrize("who", [None, "alice", "bob"])
def test_query_counts_do_not_grow_with_data(client, registry, ngo, alice, bob, who, today, plan):
    main = plan(
        monitors=[bob],
        declared=[alice],
        published=True,
    )
    if who:
        client.force_login({"alice": alice, "bob": bob}[who])
    pages = [
        "/en/monitoring/",
        main.get_absolute_url(),
        registry["document"].get_absolute_url(),
        registry["school"].get_absolute_url(),
        registry["akimat"].get_absolute_url(),
    ]
    _grow(registry, ngo, alice, 2, today=today)
    for number in range(2):
        services.member_add(
            campaign=main, user=MembershipFactory(organisation=ngo).user, actor=alice
        )
        services.campaign_advance(campaign=main, actor=alice, note=f"Step {number}")
    small = {page: count_queries(client, page) for page in pages}
    _grow(registry, ngo, alice, 12, today=today)
    for _number in range(3):
        member = services.member_add(
            campaign=main, user=MembershipFactory(organisation=ngo).user, actor=alice
        )
        services.declaration_file(member=member, has_conflict=False, ties="none")
    large = {page: count_queries(client, page) for page in pages}
    assert small == large
    # The campaign page for its team: 25, one for the campaign's earlier public versions, three
    # for the sections of the dialogue (its line of a council's plan and the lines its coordinator
    # may link it to, the library's sources of its checklists), and one more when the terms it
    # shows run into the next year (that year's working-day calendar).
    assert max(large.values()) <= 30, large


# Demo ------------------------------------------------------------------------------------------


def test_the_demo_campaigns_are_loaded_once(client, demo_data, demo_day):
    assert "monitoring campaigns: 9" in demo_data
    campaigns = {c.slug: c for c in demo_campaigns().select_related("ngo")}
    statuses = {c.status for c in campaigns.values() if c.is_published}
    assert statuses == set(Status.values) - {Status.PLANNED}
    private = [c for c in campaigns.values() if not c.is_published]
    assert [c.status for c in private] == [Status.PLANNED]
    coordinator = User.objects.get(email="coordinator@baqylau.local")
    monitor = User.objects.get(email="monitor@baqylau.local")
    for campaign in campaigns.values():
        assert campaign.ngo.slug == "adal-kogam"
        assert campaign.title_kk and campaign.title_ru and campaign.title_en
        assert {m.user for m in campaign.members.all()} == {coordinator, monitor}
        assert can_record(coordinator, campaign) == (not campaign.is_closed)
        assert can_record(monitor, campaign) == (campaign.is_published and not campaign.is_closed)
        dates = list(campaign.status_changes.values_list("changed_on", flat=True))
        assert dates == sorted(dates) and dates[-1] <= demo_day
        response = client.get(f"/kk/monitoring/{campaign.slug}/")
        assert response.status_code == (200 if campaign.is_published else 404)
    assert load_demo_campaigns() == {"created": 0, "campaigns": 9, "published": 8}
    client.force_login(User.objects.get(email="moderator@baqylau.local"))
    assert client.get(private[0].get_absolute_url()).status_code == 404
    client.force_login(monitor)
    page = client.get(private[0].get_absolute_url()).content.decode()
    assert 'id="declare"' in page


def test_the_team_chooses_whether_capture_times_and_originals_digests_are_public(
    client, registry, ngo, alice, today
):
    client.force_login(alice)
    client.post("/en/monitoring/new/", campaign_form(registry, today))
    campaign = Campaign.private_objects.get()
    assert campaign.publish_capture_details is False
    edit = reverse("monitoring:edit", kwargs={"slug": campaign.slug})
    client.post(edit, campaign_form(registry, today, publish_capture_details="on"))
    campaign.refresh_from_db()
    assert campaign.publish_capture_details is True
