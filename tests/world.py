"""A world of public and unpublished monitoring, for the tests of what the portal, the API and the
downloads show of it.

One published campaign has sent its final document: a finding about the school (with a
geotagged photo), a finding about the roads indicator, and a recommendation on each to the
education department, which has answered the first; the monitors verified it as carried out.
An unpublished campaign about the same school, document and body has its own finding,
recommendation and photo: none of it may reach any public page, API or download, for any persona
(the `world` fixture in tests/conftest.py builds it).

The people and the registry of the tests are built here too (make_people, build_registry), for
the fixtures of the same names in tests/conftest.py and for the data a module builds once.
"""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from baqylau.accountability import services as accountability
from baqylau.accountability.models import Recommendation
from baqylau.accounts.models import Role
from baqylau.core.calendar import WorkingCalendar
from baqylau.monitoring.evidence import evidence_add
from baqylau.monitoring.models import Campaign
from baqylau.monitoring.visits import visit_record
from baqylau.registry import services
from baqylau.registry.models import Financing, Organisation, Territory

from .cycle import add_finding, add_recommendation, finished_control, write_document
from .factories import (
    DirectionFactory,
    FinancingFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MembershipFactory,
    OrganisationFactory,
    PlanningDocumentFactory,
    ProjectObjectFactory,
    TerritoryFactory,
    UserFactory,
    department,
    square,
)
from .helpers import blank_pdf, geotagged_jpeg

# Whatever would show that the unpublished campaign leaked.
SECRETS = ["Secret audit", "SECRET-FINDING", "SECRET-RECOMMENDATION", "secret-audit"]


def photo_of(campaign, person, obj, *, today):
    visit = visit_record(campaign=campaign, object=obj, visited_on=today, actor=person)
    upload = SimpleUploadedFile("roof.jpg", geotagged_jpeg((200, 100)), content_type="image/jpeg")
    return evidence_add(campaign=campaign, visit=visit, upload=upload, actor=person)


def build_world(registry, ngo, alice, bob, body, dana, *, today) -> dict:
    """The published campaign with its answered cycle and the unpublished one (see above). Its
    control ended nine days ago and the document was sent two days ago, so that the second
    recommendation awaits its answer (due in ten working days) whatever day today is."""
    school = registry["school"]
    published = finished_control(
        registry,
        ngo,
        alice,
        today,
        starts_on=today - timedelta(days=90),
        ends_on=today - timedelta(days=9),
        monitors=[bob],
        title={"kk": "Мектеп тексерісі", "ru": "Проверка школы", "en": "School check"},
    )
    photo = photo_of(published, bob, school, today=today)
    roof = add_finding(
        published, bob, registry, title="Roof missing at the school", evidence=[photo]
    )
    roads = add_finding(
        published,
        bob,
        registry,
        title="Roads share overstated",
        category="transparency",
        severity="medium",
        project_object=None,
        indicator=registry["indicator"],
        year=2022,
        monitor_value=Decimal("55"),
    )
    first = add_recommendation(
        published, alice, body, [roof], text="Resume the works on the school roof."
    )
    second = add_recommendation(
        published, alice, body, [roads], text="Publish the survey of the roads."
    )
    write_document(published, alice)
    sent_on = today - timedelta(days=2)
    accountability.final_document_send(campaign=published, actor=alice, sent_on=sent_on)
    first.refresh_from_db()
    answer = accountability.answer_give(
        recommendation=first,
        actor=dana,
        decision="accepted",
        reasons="We agree: a new contractor is chosen.",
        answered_on=sent_on + timedelta(days=1),
        measures=[
            accountability.Measure(text="Sign a new contract", due_on=today + timedelta(days=30))
        ],
        files=[
            SimpleUploadedFile("order.pdf", blank_pdf(200, 200), content_type="application/pdf")
        ],
    )
    first.refresh_from_db()
    accountability.verification_record(
        recommendation=first, actor=bob, verification="done", note="The roof is built."
    )
    second.refresh_from_db()
    calendar = WorkingCalendar()
    decision_on = calendar.deadline(calendar.rule("decision-notice"), today)
    notice = accountability.decision_notice_give(
        recommendation=second, actor=dana, decision_on=decision_on, note="Hearing at 10:00."
    )

    hidden = finished_control(
        registry,
        ngo,
        alice,
        today,
        monitors=[bob],
        published=False,
        title={"en": "Secret audit of the school", "ru": "Secret audit школы"},
    )
    hidden_photo = photo_of(hidden, bob, school, today=today)
    hidden_finding = add_finding(
        hidden,
        bob,
        registry,
        title="SECRET-FINDING about the roof",
        document=registry["document"],
        evidence=[hidden_photo],
    )
    hidden_recommendation = add_recommendation(
        hidden, alice, body, [hidden_finding], text="SECRET-RECOMMENDATION to the body."
    )
    return {
        "published": Campaign.private_objects.get(pk=published.pk),
        "hidden": hidden,
        "photo": photo,
        "roof": roof,
        "roads": roads,
        "first": Recommendation.private_objects.get(pk=first.pk),
        "second": Recommendation.private_objects.get(pk=second.pk),
        "answer": answer,
        "notice": notice,
        "hidden_photo": hidden_photo,
        "hidden_finding": hidden_finding,
        "hidden_recommendation": hidden_recommendation,
    }


def more_recommendations(world, registry, alice, body, n, *, today, send=True):
    """n more findings about the school and n recommendations on them, in a second published
    campaign (drafts when not `send`: they are listed too, as "not sent yet")."""
    campaign = finished_control(registry, world["published"].ngo, alice, today)
    for i in range(n):
        finding = add_finding(campaign, alice, registry, title=f"Extra finding {i}")
        add_recommendation(campaign, alice, body, [finding], text=f"Extra recommendation {i}")
    if send:
        write_document(campaign, alice)
        accountability.final_document_send(
            campaign=campaign, actor=alice, sent_on=campaign.ends_on + timedelta(days=7)
        )


def people_registry_and_world(today) -> dict:
    """The people, the registry and the world, by the names of their fixtures: what a module
    that builds them once (tests/conftest.py) returns from its `build_once`."""
    people = make_people()
    registry = build_registry()
    world = build_world(
        registry, *(people[name] for name in ["ngo", "alice", "bob", "body", "dana"]), today=today
    )
    return people | {"registry": registry, "world": world}


def people_registry_and_olga() -> dict:
    """The people, the registry and Olga, a monitor of another NGO, by the names of their
    fixtures: for the `build_once` of the accountability tests, whose `everyone` has Olga."""
    return make_people() | {"registry": build_registry(), "other_monitor": make_other_monitor()}


# -- The people ----------------------------------------------------------------------------------


def make_ngo():
    return OrganisationFactory(
        kind=Organisation.Kind.NGO,
        slug="adal-monitoring",
        name_ru="Адал мониторинг",
        name_kk="Адал мониторинг",
        name_en="Adal Monitoring",
    )


def make_body():
    return department(
        "education-department",
        "Білім беру басқармасы",
        "Управление образования",
        "Education Department",
    )


def member(email, full_name, organisation, role):
    """A new user with `role` in `organisation`."""
    return MembershipFactory(
        user=UserFactory(email=email, full_name=full_name), organisation=organisation, role=role
    ).user


def make_alice(ngo):
    return member("alice@example.org", "Alice", ngo, Role.COORDINATOR)


def make_bob(ngo):
    return member("bob@example.org", "Bob", ngo, Role.MONITOR)


def make_carol():
    return UserFactory(email="carol@example.org", full_name="Carol")


def make_dana(body):
    return member("dana@example.org", "Dana", body, Role.OFFICER)


def make_max(ngo):
    return member("max@example.org", "Max", ngo, Role.MODERATOR)


def make_erin():
    return UserFactory(email="erin@example.org", full_name="Erin", is_staff=True)


def make_root():
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


def make_other_monitor():
    """Olga, a monitor of another NGO."""
    other_ngo = OrganisationFactory(kind=Organisation.Kind.NGO, slug="other-ngo")
    return member("olga@example.org", "Olga", other_ngo, Role.MONITOR)


def make_people() -> dict:
    """The NGO, the body and every persona, by the names of their fixtures."""
    ngo, body = make_ngo(), make_body()
    return {
        "ngo": ngo,
        "body": body,
        "alice": make_alice(ngo),
        "bob": make_bob(ngo),
        "carol": make_carol(),
        "dana": make_dana(body),
        "max_moderator": make_max(ngo),
        "erin": make_erin(),
        "root": make_root(),
    }


# -- The registry --------------------------------------------------------------------------------


def build_registry() -> dict:
    """A published regional plan (one indicator, three years, a revised plan, financing, a school
    in Ekibastuz) and an unpublished draft with a hidden object."""
    region = TerritoryFactory(
        kind=Territory.Kind.REGION,
        slug="pavlodar-region",
        name_kk="Павлодар облысы",
        name_ru="Павлодарская область",
        name_en="Pavlodar Region",
        geometry=square(74, 50, 6),
    )
    district = TerritoryFactory(
        slug="ekibastuz",
        parent=region,
        kind=Territory.Kind.CITY_ADMINISTRATION,
        name_kk="Екібастұз қаласы",
        name_ru="г. Экибастуз",
        name_en="Ekibastuz City",
        geometry=square(75, 51.5, 1),
    )
    akimat = OrganisationFactory(
        kind=Organisation.Kind.AKIMAT,
        slug="akimat",
        name_kk="Облыс әкімдігі",
        name_ru="Акимат области",
        name_en="Regional akimat",
        territory=region,
    )
    document = PlanningDocumentFactory(
        slug="regional-plan",
        title_kk="Облысты дамыту жоспары",
        title_ru="План развития области",
        title_en="Regional development plan",
        territory=region,
        start_year=2021,
        end_year=2023,
        is_published=False,
    )
    document.responsible_bodies.add(akimat)
    direction = DirectionFactory(document=document, number=1)
    goal = GoalFactory(document=document, direction=direction, number="1")
    roads = IndicatorFactory(
        goal=goal,
        code="1.1",
        name_kk="Жолдардың үлесі",
        name_ru="Доля дорог",
        name_en="Share of roads",
        unit_kk="%",
        unit_ru="%",
        unit_en="%",
    )
    for year, plan, actual in [(2021, "60", "61"), (2022, "65", "60"), (2023, "70", None)]:
        IndicatorValueFactory(
            indicator=roads,
            year=year,
            plan=Decimal(plan),
            actual=Decimal(actual) if actual else None,
        )
    FinancingFactory(
        document=document,
        year=2021,
        source=Financing.Source.LOCAL,
        planned=Decimal("1234567.50"),
        adjusted=Decimal("2000000"),
        executed=Decimal("1500000"),
    )
    FinancingFactory(
        document=document, year=2022, source=Financing.Source.REPUBLICAN, planned=Decimal("3000000")
    )
    school = ProjectObjectFactory(
        document=document,
        slug="school-600",
        name_kk="600 орындық мектеп",
        name_ru="Школа на 600 мест",
        name_en="School for 600 pupils",
        latitude=51.7,
        longitude=75.3,
        responsible_body=akimat,
    )
    services.object_locate(obj=school)
    services.document_publish(document=document)
    services.indicator_value_set(
        indicator_id=roads.id,
        year=2022,
        plan=Decimal("62"),
        actual=Decimal("60"),
        reason="Decision 5/12",
    )
    hidden = PlanningDocumentFactory(
        slug="secret-draft",
        title_ru="Проект (не опубликован)",
        title_kk="Жоба (жарияланбаған)",
        title_en="Draft (unpublished)",
        is_published=False,
        territory=region,
    )
    hidden.responsible_bodies.add(akimat)
    ProjectObjectFactory(
        document=hidden,
        slug="hidden-object",
        name_ru="Скрытый объект",
        name_kk="Жасырын нысан",
        name_en="Hidden object",
        responsible_body=akimat,
        latitude=51.7,
        longitude=75.3,
        territory=district,
    )
    return {
        "document": document,
        "indicator": roads,
        "school": school,
        "akimat": akimat,
        "region": region,
        "district": district,
        "hidden": hidden,
    }
