"""The public council of Pavlodar region, Aigerim who keeps its plans (a coordinator of the
council), and its chair and secretary."""

import pytest

from baqylau.accounts.models import Role
from baqylau.councils import services
from baqylau.councils.models import CouncilRole

from ..factories import make_council
from ..world import member


@pytest.fixture
def council(db):
    return make_council()


@pytest.fixture
def aigerim(council):
    return member("aigerim@example.org", "Aigerim", council, Role.COORDINATOR)


@pytest.fixture
def council_people(council, aigerim):
    chair = services.council_member_add(
        council=council,
        name={"kk": "Әсел Нұрланқызы", "ru": "Асель Нурлановна"},
        position={"kk": "Үкіметтік емес ұйым", "ru": "Неправительственная организация"},
        role=CouncilRole.CHAIR,
    )
    secretary = services.council_member_add(
        council=council,
        name={"kk": "Ғалым Құдайбергенов", "ru": "Галым Кудайбергенов"},
        role=CouncilRole.SECRETARY,
        user=aigerim,
    )
    hidden = services.council_member_add(council=council, name="Hidden Member", is_published=False)
    return {"chair": chair, "secretary": secretary, "hidden": hidden}


@pytest.fixture
def everyone(personas, aigerim):
    return personas | {"council coordinator": aigerim}
