"""Fixtures of the accountability tests: the personas with a monitor of another NGO (another body
and its officer, `other_body` and `oleg`, are global fixtures); the published and the private
campaign of a module whose data is built once (`shared`, from its `build_once`)."""

import pytest


@pytest.fixture
def everyone(personas, other_monitor):
    return personas | {"other_monitor": other_monitor}


@pytest.fixture
def published(shared):
    return shared["published"]


@pytest.fixture
def private(shared):
    return shared["private"]
