"""Fixtures of the accountability tests: the personas with a monitor of another NGO (another body
and its officer, `other_body` and `oleg`, are global fixtures)."""

import pytest


@pytest.fixture
def everyone(personas, other_monitor):
    return personas | {"other_monitor": other_monitor}
