"""Named personas shared by all tests, and common fixtures.

alice coordinates NGO "Adal Monitoring", bob monitors for it, carol is a citizen with no role,
dana is an officer of the regional education department, max moderates, erin is staff (registry
editor) and root is an administrator.

The clock. Every test runs on one "today" for the whole run, `TODAY`: the date in the environment
variable BAQYLAU_TEST_TODAY (YYYY-MM-DD), or a fixed weekday by default. The autouse `_clock`
fixture travels there with time-machine (noon in Almaty, ticking, so durations still advance and
the live server's thread sees the same day), so no test reads the real date by accident. A test
whose data or expectations depend on the date asks for the `today` fixture (and passes it to the
helpers, which never read the clock); it is then marked `dated`, so `pytest -m dated` runs the
tests that scripts/test-dates repeats on awkward days. A test about fixed dates (a term across
Nauryz, say) does not ask for `today`: it moves the same clock to its own days with
`time_machine.move_to(moment, tick=False)` (as set_today, today_is and clock do). Only the
headless Chromium of the browser tests keeps the real clock, which is harmless: Django's cookies
carry a Max-Age, counted by the browser from when it receives them.
"""

import copy
import importlib
import inspect
import io
import os
import shutil
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import sleep
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import OperationalError, close_old_connections, transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import translation

from baqylau.accountability import services as accountability
from baqylau.accounts.models import Role
from baqylau.core.models import DeadlineRule
from baqylau.registry import geo
from baqylau.registry.models import Organisation

from .factories import (
    CampaignFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    department,
    make_scorecard,
)
from .helpers import CHROMIUM, CHROMIUM_ARGS, only_local
from .world import (
    build_registry,
    build_world,
    make_alice,
    make_bob,
    make_body,
    make_carol,
    make_dana,
    make_erin,
    make_max,
    make_ngo,
    make_other_monitor,
    make_root,
    member,
)

# The settings of every test (the autouse `_test_settings`) and of the data built outside tests.
TEST_SETTINGS = {
    # Personas get passwords; the production hasher is slow on purpose.
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    # Background tasks run synchronously, in the test's own transaction and thread.
    "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    # WhiteNoise reads the headers of every collected static file when its middleware starts,
    # which each test's client does again (some 10 ms a test); no test fetches a static file,
    # and one that did would find it the same way, on request.
    "WHITENOISE_AUTOREFRESH": True,
    # Tests make their data with factories as well as through the services, between two
    # requests of the same page, and the page cache would answer the second with the first
    # (the services and requests that may write give the site a new generation; factories do
    # not). tests/core/test_pagecache.py turns it on.
    "BAQYLAU_PAGE_CACHE_ENABLED": False,
    # A download asked would build its files (the tasks run at once): tests/api/test_built.py
    # turns it on.
    "BAQYLAU_BUILT_DOWNLOADS": False,
}

TODAY = date.fromisoformat(os.environ.get("BAQYLAU_TEST_TODAY") or "2026-06-10")  # a Wednesday
# The demo content is written about a day by which the 2021-2025 actual values are published.
DEMO_DAY = date(2026, 6, 10)


ALMATY = ZoneInfo(django_settings.TIME_ZONE)


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=ALMATY)


def pytest_report_header(config):
    return f"today: {TODAY.isoformat()} ({TODAY:%A}); set BAQYLAU_TEST_TODAY to change it"


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(_noon(TODAY), tick=True)
    return time_machine


@pytest.fixture
def today(_clock):
    """The date the test runs on (see the module's docstring): build dated data from it."""
    return TODAY


@pytest.fixture
def demo_day(_clock):
    """Moves the clock to DEMO_DAY (noon, ticking), the day the demo content is loaded on and
    written about, for the tests of that content; returns the day."""
    _clock.move_to(_noon(DEMO_DAY), tick=True)
    return DEMO_DAY


@pytest.fixture(autouse=True)
def _test_settings(settings):
    for name, value in TEST_SETTINGS.items():
        setattr(settings, name, value)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> Path:
    """Evidence, answers, attachments and final documents write files: never into the project's
    media folder, into one of the test's own; returns it (it may not exist yet)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def set_today(time_machine):
    """Moves the clock to a given day (9:00 in Almaty, standing still); returns the day."""

    def set_today(day: date) -> date:
        time_machine.move_to(datetime.combine(day, time(9), tzinfo=ALMATY), tick=False)
        return day

    return set_today


@pytest.fixture
def kz_calendar(db):
    """Kazakhstan's holidays, transferred days off and working days of 2025 and 2026."""
    call_command("load_calendar", "--years", "2025", "2026", stdout=io.StringIO())


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs a step as if its transaction committed, so that its tasks (emails) run, at once."""

    def run(step, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return step(*args, **kwargs)

    return run


@pytest.fixture(autouse=True)
def _default_language():
    # Requests activate their language in the thread and leave it there; every test starts in
    # English, so that assertions on command output and messages read the source text.
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    geo.clear_cache()
    yield
    cache.clear()
    geo.clear_cache()


# The people, the registry and the world are the module's when it builds them once (see "Data
# built once per module" below), the test's own otherwise.


def _built_once_or(request, name, make):
    if hasattr(request.module, "build_once"):
        shared = request.getfixturevalue("shared")
        if name in shared:
            return shared[name]
    return make()


@pytest.fixture
def ngo(request, db):
    return _built_once_or(request, "ngo", make_ngo)


@pytest.fixture
def body(request, db):
    return _built_once_or(request, "body", make_body)


@pytest.fixture
def other_body(db):
    """The health department, a body other than `body`."""
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


@pytest.fixture
def alice(request, ngo):
    return _built_once_or(request, "alice", lambda: make_alice(ngo))


@pytest.fixture
def bob(request, ngo):
    return _built_once_or(request, "bob", lambda: make_bob(ngo))


@pytest.fixture
def carol(request, db):
    return _built_once_or(request, "carol", make_carol)


@pytest.fixture
def dana(request, body):
    return _built_once_or(request, "dana", lambda: make_dana(body))


@pytest.fixture
def max_moderator(request, ngo):
    return _built_once_or(request, "max_moderator", lambda: make_max(ngo))


@pytest.fixture
def erin(request, db):
    return _built_once_or(request, "erin", make_erin)


@pytest.fixture
def root(request, db):
    return _built_once_or(request, "root", make_root)


@pytest.fixture
def personas(alice, bob, carol, dana, max_moderator, erin, root):
    """Every role, plus an anonymous visitor (None)."""
    return {
        "anonymous": None,
        "coordinator": alice,
        "monitor": bob,
        "citizen": carol,
        "officer": dana,
        "moderator": max_moderator,
        "staff": erin,
        "administrator": root,
    }


@pytest.fixture
def everyone(personas):
    """The personas `as_persona` signs in: every role; a module adds its own."""
    return personas


@pytest.fixture
def as_persona(client, everyone):
    """Signs the test client in as one of `everyone` (signs out for "anonymous"); returns it."""

    def login(who):
        user = everyone[who]
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def other_monitor(request, db):
    """Olga, a monitor of another NGO."""
    return _built_once_or(request, "other_monitor", make_other_monitor)


@pytest.fixture
def registry(request, db):
    """A published regional plan and an unpublished draft (tests/world.py, build_registry)."""
    return _built_once_or(request, "registry", build_registry)


@pytest.fixture
def plan(registry, ngo, alice, today):
    """Plans a campaign of alice's NGO about the registry, dated from today (CampaignFactory,
    whose keywords it takes: monitors, declared, published, changes to the plan)."""

    def plan(**changes):
        return CampaignFactory(
            registry=registry, ngo=ngo, coordinator=alice, today=today, **changes
        )

    return plan


@pytest.fixture
def one_connection():
    """Django closes the database connection before and after each request that its WSGI handler
    answers, which would end the test's transaction: the test client does not, nor do the
    requests of a test that asks for this."""
    signals = [request_started, request_finished]
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def new_scorecard(registry, ngo, alice, body, today):
    """Makes a scorecard of alice's NGO at the school for `body`, dated from today (make_scorecard,
    whose keywords it takes: monitors, published, slug)."""

    def new_scorecard(**changes):
        return make_scorecard(
            registry=registry, ngo=ngo, coordinator=alice, body=body, today=today, **changes
        )

    return new_scorecard


@pytest.fixture
def campaign(registry, ngo, alice, bob, today):
    """A private campaign of alice's with bob on the team, both declared, running today."""
    return CampaignFactory(
        registry=registry,
        ngo=ngo,
        coordinator=alice,
        today=today,
        monitors=[bob],
        declared=[alice, bob],
    )


@pytest.fixture
def olga(db):
    """A coordinator of another NGO."""
    return MembershipFactory(
        user=UserFactory(email="olga@example.org", full_name="Olga"),
        organisation=OrganisationFactory(kind=Organisation.Kind.NGO, slug="ashyq-aimaq"),
        role=Role.COORDINATOR,
    ).user


@pytest.fixture
def world(request, registry, ngo, alice, bob, body, dana, today):
    """A published campaign's answered cycle and an unpublished one's secrets (tests/world.py)."""
    return _built_once_or(
        request, "world", lambda: build_world(registry, ngo, alice, bob, body, dana, today=today)
    )


# -- Data built once per module ----------------------------------------------------------------
#
# Building the people, the registry and campaigns for each of a few hundred tests is most of the
# suite's time. A module whose tests only read such data (or change it in their own transaction)
# builds it once instead, as Django's TestCase.setUpTestData does for a class: it defines
# `build_once() -> dict`, which `_built_once` calls in a transaction that stays open for the
# module's tests and is rolled back after the last one; each test runs in its own savepoint inside
# it and gets fresh copies of the instances (`shared`, which each of its tests uses, so that the
# module's data comes before the test's transaction), the files copied into its own media
# folder. The fixtures above (ngo, alice..., registry, world) return the module's copy of what
# its dict has under their names. Every test of the module sees all of that data in the
# database, asked for or not. It is built on the tests' day (an hour before their clock, so that
# what a test makes is newer), with the tests' settings; if it is built from the day,
# `build_once(today)`, the module's tests are `dated`. A module whose tests need an empty
# database, or a transactional one (the browser tests), does not use it.


@dataclass(frozen=True)
class BuiltOnce:
    data: dict
    media: Path


@pytest.fixture(scope="module")
def _built_once(request, django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("built-once-media")
    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        # Inside a test's transaction, the data would be rolled back with it.
        assert not transaction.get_connection().in_atomic_block, (
            "A module that builds its data once uses the fixture `shared` (usefixtures)."
        )
        atomic.__enter__()
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(**TEST_SETTINGS, MEDIA_ROOT=media),
            translation.override("en"),
            time_machine.travel(_noon(TODAY) - timedelta(hours=1), tick=True),
        ):
            build = request.module.build_once
            data = build(TODAY) if "today" in inspect.signature(build).parameters else build()
        yield BuiltOnce(data, media)
    finally:
        cache.clear()
        geo.clear_cache()
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def shared(_built_once, db, _media) -> dict:
    """Fresh copies of what the module built once (`build_once`), its files in the test's own
    media folder."""
    if _built_once.media.exists():
        shutil.copytree(_built_once.media, _media, dirs_exist_ok=True)
    return copy.deepcopy(_built_once.data)


# -- The browser tests ---------------------------------------------------------------------------


@pytest.fixture
def deadline_rules(transactional_db):
    """The legal terms, as their data migration installs them: a transactional test before this
    one may have flushed them."""
    migration = importlib.import_module("baqylau.core.migrations.0002_initial_deadline_rules")
    migration.install_rules(apps, None)


@pytest.fixture
def browser(live_server, monkeypatch):
    """Debian's headless Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; the test's own database calls are synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _session_cookie(user):
    """A session of `user`, written while the live server may be writing too: SQLite's shared
    in-memory database of the tests answers "table is locked" at once rather than waiting, as a
    file database would; the write is tried again."""
    for attempt in range(50):
        client = Client()
        try:
            client.force_login(user)
        except OperationalError as error:
            if "locked" not in str(error) or attempt == 49:
                raise
            sleep(0.1)
            continue
        return client.cookies[django_settings.SESSION_COOKIE_NAME]


@pytest.fixture
def open_as(browser, live_server):
    """A new browser context (its own cookies) signed in as `user`, or anonymous for None;
    `javascript=False` to see what works without it."""

    def open_page(user, *, width=1280, height=900, javascript=True):
        context = browser.new_context(
            viewport={"width": width, "height": height}, java_script_enabled=javascript
        )
        if user is not None:
            cookie = _session_cookie(user)
            context.add_cookies(
                [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
            )
        page = context.new_page()
        only_local(page, live_server)
        return page

    return open_page


FAKE_PDF = b"%PDF-1.7 final"


@pytest.fixture
def fake_pdf(monkeypatch):
    """The final document's PDF, faked (returned): the tests of the cycle check that it is kept
    and sent, its content is the final document's tests' business, and rendering it for every
    campaign sent would only make them slow."""
    monkeypatch.setattr(accountability, "_render_pdf", lambda *args, **kwargs: FAKE_PDF)
    return FAKE_PDF


# -- The demo data ---------------------------------------------------------------------------------
#
# `load_demo` takes seconds, so it runs once per test session (per xdist worker) into the test
# database, outside any test's transaction. The tests that use it (the `demo_data` fixture) run
# each in a transaction rolled back afterwards, so they may change it, and they run after every
# other test (see pytest_collection_modifyitems), which all expect an empty database.


@dataclass(frozen=True)
class LoadedDemo:
    output: str  # what load_demo printed, in English
    media: Path  # where its photos and PDFs are


_loaded_demo: list[LoadedDemo] = []


def pytest_collection_modifyitems(items):
    for item in items:
        if "today" in getattr(item, "fixturenames", ()) or _built_on_the_day(item):
            item.add_marker(pytest.mark.dated)
    # A stable sort: the demo tests last, every other test in its usual order. xdist hands the
    # tests to its workers in this order, so on each worker too the demo tests come last.
    items.sort(key=lambda item: "demo_data" in getattr(item, "fixturenames", ()))


def _built_on_the_day(item) -> bool:
    """Whether the test sees data its module builds once from the day (`build_once(today)`)."""
    build = getattr(getattr(item, "module", None), "build_once", None)
    return build is not None and "today" in inspect.signature(build).parameters


def pytest_runtest_setup(item):
    if _loaded_demo and "demo_data" not in getattr(item, "fixturenames", ()):
        pytest.fail(
            "The demo data is in the test database: tests without demo_data must run first."
        )


@pytest.fixture(scope="session")
def _demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory) -> LoadedDemo:
    media = tmp_path_factory.mktemp("demo-media")
    out = io.StringIO()
    with (
        django_db_blocker.unblock(),
        override_settings(**TEST_SETTINGS, MEDIA_ROOT=media),
        translation.override("en"),
        time_machine.travel(_noon(DEMO_DAY), tick=True),
    ):
        if not DeadlineRule.objects.exists():
            # The legal terms, as their data migration installs them: a transactional test
            # (the browser tests) empties the database when it ends.
            migration = importlib.import_module(
                "baqylau.core.migrations.0002_initial_deadline_rules"
            )
            migration.install_rules(apps, None)
        call_command("load_demo", "--skip-iati", stdout=out)
    cache.clear()
    geo.clear_cache()
    _loaded_demo.append(LoadedDemo(out.getvalue(), media))
    return _loaded_demo[0]


@pytest.fixture
def demo_data(_demo_loaded, db, settings, demo_day) -> str:
    """The demo data (without the IATI sample), loaded once; returns load_demo's output."""
    settings.MEDIA_ROOT = _demo_loaded.media
    return _demo_loaded.output
