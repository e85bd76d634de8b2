"""Fixtures of the accountability tests: the personas with a monitor of another NGO, another
body with its officer."""

import pytest

from baqylau.accounts.models import Role

from ..factories import department
from ..world import member


@pytest.fixture
def everyone(personas, other_monitor):
    return personas | {"other_monitor": other_monitor}


@pytest.fixture
def other_body(db):
    return department(
        "health-department",
        "Денсаулық сақтау басқармасы",
        "Управление здравоохранения",
        "Health Department",
    )


@pytest.fixture
def oleg(other_body):
    """An officer of another body."""
    return member("oleg@example.org", "Oleg", other_body, Role.OFFICER)
