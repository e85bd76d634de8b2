"""Fixtures of the scorecard tests: a scorecard of alice's NGO at the school, for dana's body."""

import pytest


@pytest.fixture
def scorecard(new_scorecard, bob):
    """A private scorecard (tests/factories.py, make_scorecard) with bob on the team."""
    return new_scorecard(monitors=[bob])


@pytest.fixture
def published(new_scorecard, bob):
    """The same, published by alice."""
    return new_scorecard(monitors=[bob], published=True)
