"""Fixtures of the scorecard tests: a scorecard of alice's NGO at the school, for dana's body."""

import pytest

from ..factories import make_scorecard


@pytest.fixture
def scorecard(registry, ngo, alice, bob, body, today):
    """A private scorecard (tests/factories.py, make_scorecard) with bob on the team."""
    return make_scorecard(
        registry=registry, ngo=ngo, coordinator=alice, monitors=[bob], body=body, today=today
    )


@pytest.fixture
def published(registry, ngo, alice, bob, body, today):
    """The same, published by alice."""
    return make_scorecard(
        registry=registry,
        ngo=ngo,
        coordinator=alice,
        monitors=[bob],
        body=body,
        today=today,
        published=True,
    )
