"""The demo's registry: Pavlodar region, its bodies, plans, indicators, objects and people.

The texts and figures are in `data/registry.json` (see `baqylau.demo.data`); here are the names
the demo's code refers to. All figures are illustrative. Amounts of money are in billions
(documents) or millions (contracts) of tenge. Plan and actual lists follow the document's years;
null means no value. An actual is published on `actual_on` = [month, day] of the year after the
one it measures. Organisations come in order, a parent before its subordinates; "unit" places an
address in a town. An object with a "street" lies in its unit's town; without one, in the town
when "in_town", otherwise anywhere in the unit (a road, a group water main). Every user has the
password PASSWORD; memberships are [organisation slug, role].
"""

from datetime import date
from typing import NamedTuple

from baqylau.demo.data import T, read

__all__ = ["T", "Unit", "UNITS", "ORGANISATIONS", "DOCUMENTS", "OBJECTS", "USERS", "PASSWORD"]


class Unit(NamedTuple):
    """One of the 13 units of Pavlodar region, its town and akimat."""

    district: T | None  # None for a city administration
    town: T | None  # the city, or the district's administrative centre
    akimat: T
    street: T  # the akimat's street address in the town
    phone: str
    email: str
    office_in: str = ""  # a unit administered from elsewhere: where its akimat sits


def akimat_slug(unit: str) -> str:
    return f"{unit}-akimat"


REGIONAL_AKIMAT = "pavlodar-region-akimat"
EDUCATION = "pavlodar-education-department"
CONSTRUCTION = "pavlodar-construction-department"
ROADS = "pavlodar-roads-department"
UTILITIES = "pavlodar-energy-utilities-department"
HEALTH = "pavlodar-health-department"
NGO_ADAL = "adal-kogam"

REGIONAL_PLAN = "demo-pavlodar-region-development-plan-2021-2025"
COMFORTABLE_SCHOOL = "demo-comfortable-school-national-project"
EKIBASTUZ_PLAN = "demo-ekibastuz-development-plan-2025-2027"


def _date(day: str | None) -> date | None:
    return date.fromisoformat(day) if day else None


_CONTENT = read("registry")
PASSWORD = _CONTENT["password"]
UNITS = {slug: Unit(**unit) for slug, unit in _CONTENT["units"].items()}
ORGANISATIONS = _CONTENT["organisations"]
DOCUMENTS = [
    {**spec, "approval_date": _date(spec["approval_date"])} for spec in _CONTENT["documents"]
]
OBJECTS = [
    {
        **spec,
        "planned": tuple(map(_date, spec["planned"])),
        "actual": tuple(map(_date, spec["actual"])),
    }
    for spec in _CONTENT["objects"]
]
USERS = _CONTENT["users"]
