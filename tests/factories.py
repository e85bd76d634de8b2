"""Factories for the registry and accounts, shared by every test."""

from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from baqylau.accounts.models import Membership, Role, User
from baqylau.registry import models as m


def square(lon: float, lat: float, size: float = 1.0) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [
            [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
        ],
    }


class TerritoryFactory(DjangoModelFactory):
    class Meta:
        model = m.Territory
        django_get_or_create = ["slug"]

    kind = m.Territory.Kind.DISTRICT
    slug = factory.Sequence(lambda n: f"territory-{n}")
    name_kk = factory.Sequence(lambda n: f"Аудан {n}")
    name_ru = factory.Sequence(lambda n: f"Район {n}")
    name_en = factory.Sequence(lambda n: f"District {n}")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = m.Organisation

    kind = m.Organisation.Kind.AKIMAT_DEPARTMENT
    slug = factory.Sequence(lambda n: f"org-{n}")
    name_kk = factory.Sequence(lambda n: f"Басқарма {n}")
    name_ru = factory.Sequence(lambda n: f"Управление {n}")
    name_en = factory.Sequence(lambda n: f"Department {n}")
    email = factory.Sequence(lambda n: f"body{n}@gov.example.kz")


class PlanningDocumentFactory(DjangoModelFactory):
    class Meta:
        model = m.PlanningDocument

    doc_type = m.PlanningDocument.Type.REGIONAL_PLAN
    slug = factory.Sequence(lambda n: f"plan-{n}")
    title_kk = factory.Sequence(lambda n: f"Даму жоспары {n}")
    title_ru = factory.Sequence(lambda n: f"План развития {n}")
    title_en = factory.Sequence(lambda n: f"Development plan {n}")
    start_year = 2021
    end_year = 2025
    status = m.PlanningDocument.Status.IN_FORCE
    is_published = True


class DirectionFactory(DjangoModelFactory):
    class Meta:
        model = m.Direction

    document = factory.SubFactory(PlanningDocumentFactory)
    number = factory.Sequence(lambda n: n + 1)
    name_kk = "Өмір сапасы"
    name_ru = "Качество жизни"
    name_en = "Quality of life"


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = m.Goal

    document = factory.SubFactory(PlanningDocumentFactory)
    number = factory.Sequence(lambda n: f"{n + 1}")
    name_kk = factory.Sequence(lambda n: f"Мақсат {n}")
    name_ru = factory.Sequence(lambda n: f"Цель {n}")
    name_en = factory.Sequence(lambda n: f"Goal {n}")


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = m.Indicator

    goal = factory.SubFactory(GoalFactory)
    code = factory.Sequence(lambda n: f"I{n}")
    name_kk = factory.Sequence(lambda n: f"Көрсеткіш {n}")
    name_ru = factory.Sequence(lambda n: f"Показатель {n}")
    name_en = factory.Sequence(lambda n: f"Indicator {n}")
    unit_kk = "%"
    unit_ru = "%"
    unit_en = "%"
    baseline_year = 2020
    baseline_value = Decimal("50")


class IndicatorValueFactory(DjangoModelFactory):
    class Meta:
        model = m.IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2021
    plan = Decimal("60")
    actual = Decimal("61")


class ProjectObjectFactory(DjangoModelFactory):
    class Meta:
        model = m.ProjectObject

    document = factory.SubFactory(PlanningDocumentFactory)
    kind = m.ProjectObject.Kind.SCHOOL
    slug = factory.Sequence(lambda n: f"object-{n}")
    name_kk = factory.Sequence(lambda n: f"Мектеп {n}")
    name_ru = factory.Sequence(lambda n: f"Школа {n}")
    name_en = factory.Sequence(lambda n: f"School {n}")
    status = m.ProjectObject.Status.IN_PROGRESS
    latitude = 52.28
    longitude = 76.95


class FinancingFactory(DjangoModelFactory):
    class Meta:
        model = m.Financing

    document = factory.SubFactory(PlanningDocumentFactory)
    year = 2022
    source = m.Financing.Source.LOCAL
    planned = Decimal("1000000")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"User {n}")
    email_verified = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MONITOR
