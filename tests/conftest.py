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

import importlib
import io
import os
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal as D
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings
from django.utils import translation

from baqylau.accountability import services as accountability
from baqylau.accounts.models import Role
from baqylau.core.models import DeadlineRule
from baqylau.registry import geo, services
from baqylau.registry.models import Financing, Organisation, Territory

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
    square,
)
from .helpers import CHROMIUM, CHROMIUM_ARGS, only_local
from .world import build_world

# Personas get passwords; the production hasher is slow on purpose.
FAST_PASSWORDS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Background tasks run synchronously, in the test's own transaction and thread.
TASKS_AT_ONCE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

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
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_PASSWORDS


@pytest.fixture(autouse=True)
def _static_files_found_on_request(settings):
    # WhiteNoise reads every collected static file's headers when its middleware starts, which
    # each test's client does again (some 25 ms a test); no test fetches a static file, and
    # those it would are found the same way on request.
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = TASKS_AT_ONCE


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


@pytest.fixture
def ngo(db):
    return OrganisationFactory(
        kind=Organisation.Kind.NGO,
        slug="adal-monitoring",
        name_ru="Адал мониторинг",
        name_kk="Адал мониторинг",
        name_en="Adal Monitoring",
    )


@pytest.fixture
def body(db):
    return OrganisationFactory(
        kind=Organisation.Kind.AKIMAT_DEPARTMENT,
        slug="education-department",
        name_kk="Білім беру басқармасы",
        name_ru="Управление образования",
        name_en="Education Department",
    )


@pytest.fixture
def alice(ngo):
    return MembershipFactory(
        user=UserFactory(email="alice@example.org", full_name="Alice"),
        organisation=ngo,
        role=Role.COORDINATOR,
    ).user


@pytest.fixture
def bob(ngo):
    return MembershipFactory(
        user=UserFactory(email="bob@example.org", full_name="Bob"),
        organisation=ngo,
        role=Role.MONITOR,
    ).user


@pytest.fixture
def carol(db):
    return UserFactory(email="carol@example.org", full_name="Carol")


@pytest.fixture
def dana(body):
    return MembershipFactory(
        user=UserFactory(email="dana@example.org", full_name="Dana"),
        organisation=body,
        role=Role.OFFICER,
    ).user


@pytest.fixture
def max_moderator(ngo):
    return MembershipFactory(
        user=UserFactory(email="max@example.org", full_name="Max"),
        organisation=ngo,
        role=Role.MODERATOR,
    ).user


@pytest.fixture
def erin(db):
    return UserFactory(email="erin@example.org", full_name="Erin", is_staff=True)


@pytest.fixture
def root(db):
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


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
def other_monitor(db):
    """Olga, a monitor of another NGO."""
    return MembershipFactory(
        user=UserFactory(email="olga@example.org", full_name="Olga"),
        organisation=OrganisationFactory(kind=Organisation.Kind.NGO, slug="other-ngo"),
        role=Role.MONITOR,
    ).user


@pytest.fixture
def registry(db):
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
            indicator=roads, year=year, plan=D(plan), actual=D(actual) if actual else None
        )
    FinancingFactory(
        document=document,
        year=2021,
        source=Financing.Source.LOCAL,
        planned=D("1234567.50"),
        adjusted=D("2000000"),
        executed=D("1500000"),
    )
    FinancingFactory(
        document=document, year=2022, source=Financing.Source.REPUBLICAN, planned=D("3000000")
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
        indicator_id=roads.id, year=2022, plan=D("62"), actual=D("60"), reason="Decision 5/12"
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


@pytest.fixture
def world(registry, ngo, alice, bob, body, dana, today):
    """A published campaign's answered cycle and an unpublished one's secrets (tests/world.py)."""
    return build_world(registry, ngo, alice, bob, body, dana, today=today)


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


@pytest.fixture
def open_as(browser, live_server):
    """A new browser context (its own cookies) signed in as `user`, or anonymous for None."""

    def open_page(user, *, width=1280, height=900):
        context = browser.new_context(viewport={"width": width, "height": height})
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
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
        if "today" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.dated)
    # A stable sort: the demo tests last, every other test in its usual order. xdist hands the
    # tests to its workers in this order, so on each worker too the demo tests come last.
    items.sort(key=lambda item: "demo_data" in getattr(item, "fixturenames", ()))


def pytest_runtest_setup(item):
    if _loaded_demo and "demo_data" not in getattr(item, "fixturenames", ()):
        pytest.fail(
            "The demo data is in the test database: tests without demo_data must run first."
        )


@pytest.fixture(scope="session")
def _demo_loaded(django_db_setup, django_db_blocker, tmp_path_factory) -> LoadedDemo:
    media = tmp_path_factory.mktemp("demo-media")
    out = io.StringIO()
    settings = {
        "MEDIA_ROOT": media,
        "PASSWORD_HASHERS": FAST_PASSWORDS,
        "TASKS": TASKS_AT_ONCE,
    }
    with (
        django_db_blocker.unblock(),
        override_settings(**settings),
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
