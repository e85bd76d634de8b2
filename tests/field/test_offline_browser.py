"""The field app in a real headless Chromium: a monitor opens it once online, then works without
a connection (the service worker serves the shell, IndexedDB keeps the visit and its photos),
and sends the visit when the connection returns, in pieces that resume after an interruption.
A correction of a visit changed elsewhere is refused and kept; an update of the app keeps what
the phone holds.

Offline is Playwright's `context.set_offline(True)`: in this Chromium it applies to the service
worker's own fetches too (the shell comes from its cache: `response.from_service_worker`)."""

import hashlib
import io
import os
import time
from datetime import datetime, timedelta
from datetime import time as datetime_time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from playwright.sync_api import Error as PlaywrightError

from baqylau.field.models import Chunk, Submission
from baqylau.monitoring.checklists import checklist_create, checklist_revise
from baqylau.monitoring.models import Evidence, Question, Visit
from baqylau.monitoring.visits import visit_correct, visit_record

from ..helpers import HAS_CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed"),
    pytest.mark.django_db(transaction=True),
]

PHONE = {"width": 390, "height": 844}
QUESTIONS = [
    {"code": "roof", "text": "Is the roof finished?", "kind": "yes_no", "required": True},
    {"code": "leak", "text": "Where does it leak?", "kind": "text", "required": True},
    {"code": "floors", "text": "How many floors are built?", "kind": "number"},
    {
        "code": "works",
        "text": "Which works go on?",
        "kind": "multiple_choice",
        "choices": [{"value": "walls", "label": "Walls"}, {"value": "roof", "label": "Roof"}],
    },
    {"code": "site", "text": "Photos of the site", "kind": "photo"},
]
SHOTS = os.environ.get("BAQYLAU_SCREENSHOTS") == "1"
SHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def screenshot(page, name):
    if SHOTS:
        SHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOT_DIR / f"field-{name}.png"), full_page=True)


def big_jpeg(path: Path, seed: int) -> Path:
    """A real JPEG of about 8 MB: noise does not compress."""
    width, height = 3200, 2150
    noise = hashlib.shake_256(f"photo {seed}".encode()).digest(width * height * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), noise).save(buffer, "JPEG", quality=95)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def team(plan, alice, bob):
    campaign = plan(monitors=[bob], declared=[alice, bob], published=True)
    checklist = checklist_create(campaign=campaign, title="Site", actor=alice, questions=QUESTIONS)
    version = checklist.current_version
    # Skip logic and limits: where it leaks is asked only if the roof is not finished.
    Question.private_objects.filter(version=version, code="leak").update(
        relevant={"question": "roof", "values": ["no"]}
    )
    Question.private_objects.filter(version=version, code="floors").update(minimum=1, maximum=12)
    return campaign


def wait_until(page, script: str, timeout: float = 30) -> None:
    """Poll `script` (a function, run with page.evaluate: the page's CSP forbids the eval that
    wait_for_function uses) until it returns true."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(script):
                return
        except PlaywrightError:  # the page reloads (an update of the app)
            pass
        assert time.monotonic() < deadline, f"still false after {timeout} s: {script}"
        page.wait_for_timeout(200)


def open_app(open_as, live_server, user, school, today):
    page = open_as(user, **PHONE)
    # The phone's clock reads the test's day, as the server's does (the app refuses a visit
    # dated after the phone's today): noon in Almaty.
    page.context.clock.set_system_time(
        datetime.combine(today, datetime_time(12), tzinfo=ZoneInfo("Asia/Almaty"))
    )
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation(
        {"latitude": school.latitude, "longitude": school.longitude, "accuracy": 8}
    )
    page.goto(f"{live_server.url}/en/field/")
    page.wait_for_selector("#field-campaigns")
    # The service worker controls the page once installed (clients.claim).
    wait_until(page, "() => navigator.serviceWorker.controller !== null")
    return page


def reopen(page, live_server):
    """Close the tab and open the app again in a new one (same browser profile)."""
    context = page.context
    page.close()
    page = context.new_page()
    return page, page.goto(f"{live_server.url}/en/field/")


def visit_state(page) -> str:
    return page.locator("#field-visits [data-visit]").first.get_attribute("data-state")


def record_visit(page, today, photos):
    page.locator("#field-campaigns [data-campaign]").first.click()
    page.wait_for_selector("#field-form")
    page.fill("[name=visited_on]", (today - timedelta(days=1)).isoformat())
    page.check("[name=q-roof][value=no]")
    # The question asked only when the roof is not finished appears.
    page.wait_for_selector("[name=q-leak]")
    page.fill("[name=q-leak]", "Over the gym")
    page.fill("[name=q-floors]", "40")
    page.fill("[name=notes]", "Rain water in the gym.")
    page.locator("[data-photos=site][data-source=gallery]").set_input_files(
        [str(photo) for photo in photos]
    )
    wait_until(
        page,
        f"() => document.querySelectorAll('[data-question=site] [data-file]').length"
        f" === {len(photos)}",
        timeout=60,
    )
    page.wait_for_selector("#field-gps-text")
    screenshot(page, "visit")
    page.click("#field-send")
    # The number is out of its limits: the form says so and keeps everything.
    page.wait_for_selector("[data-question=floors] .field-error")
    assert "Give a number from 1 to 12." in page.inner_text("[data-question=floors]")
    page.fill("[name=q-floors]", "3")
    page.click("#field-send")
    page.wait_for_selector("#field-visits [data-visit]")


def test_a_visit_recorded_offline_with_three_large_photos_is_sent_later(
    open_as, live_server, team, registry, bob, today, tmp_path
):
    school = registry["school"]
    photos = [big_jpeg(tmp_path / f"site-{n}.jpg", n) for n in range(3)]
    assert all(7_000_000 < photo.stat().st_size < 10_000_000 for photo in photos)
    page = open_app(open_as, live_server, bob, school, today)
    screenshot(page, "home")

    page.context.set_offline(True)
    response = page.reload()
    assert response.from_service_worker
    page.wait_for_selector("#field-campaigns")
    assert "Offline" in page.inner_text("#field-net")

    record_visit(page, today, photos)
    assert visit_state(page) == "saved"
    assert "saved on the phone" in page.inner_text("#field-visits")

    page, response = reopen(page, live_server)
    assert response.from_service_worker
    page.wait_for_selector("#field-visits [data-visit]")
    assert visit_state(page) == "saved"
    assert "saved on the phone" in page.inner_text("#field-visits")
    assert not Submission.objects.exists()

    # Back online: the page sends the visit by itself, its photos in 1 MB pieces.
    puts = []
    page.on(
        "request",
        lambda request: request.method == "PUT" and puts.append(request.headers["content-range"]),
    )
    page.context.set_offline(False)
    page.wait_for_selector("#field-visits [data-state=sent]", timeout=120000)
    visit = Visit.private_objects.get()
    assert visit.recorded_by == bob
    assert visit.notes == "Rain water in the gym."
    assert {a.question.code: a.value for a in visit.answers.all()} == {
        "roof": False,
        "leak": "Over the gym",
        "floors": 3,
    }
    digests = {hashlib.sha256(photo.read_bytes()).hexdigest() for photo in photos}
    assert {e.sha256 for e in Evidence.private_objects.filter(visit=visit)} == digests
    assert len(puts) == sum(-(-photo.stat().st_size // 1048576) for photo in photos)
    assert not Chunk.objects.exists()
    # The photos left the phone once the server named their digests back.
    left = page.evaluate("async () => (await window.baqylauField.db().getAll('files')).length")
    assert left == 0


def test_an_interrupted_sending_resumes_where_it_stopped(
    open_as, live_server, team, registry, bob, today, tmp_path
):
    school = registry["school"]
    photos = [big_jpeg(tmp_path / f"site-{n}.jpg", n) for n in range(2)]
    page = open_app(open_as, live_server, bob, school, today)
    page.context.set_offline(True)
    record_visit(page, today, photos)

    # The connection breaks after five pieces.
    sent = []

    def cut(route):
        if len(sent) >= 5:
            route.abort()
        else:
            sent.append(route.request.headers["content-range"])
            route.continue_()

    page.route("**/field/api/visits/*/files/*", cut)
    page.context.set_offline(False)
    page.wait_for_selector("#field-visits [data-state=waiting]", timeout=60000)
    assert "waiting for a connection" in page.inner_text("#field-visits")
    submission = Submission.objects.get()
    assert submission.state == "receiving"
    assert sum(f.received for f in submission.files.all()) == 5 * 1048576

    page.unroute("**/field/api/visits/*/files/*")
    resumed = []
    page.on(
        "request",
        lambda request: (
            request.method == "PUT" and resumed.append(request.headers["content-range"])
        ),
    )
    page.click("#field-sync")
    page.wait_for_selector("#field-visits [data-state=sent]", timeout=120000)
    # Nothing was sent twice: the first piece sent again starts where the server stopped.
    assert resumed[0].startswith("bytes 5242880-")
    assert not set(resumed) & set(sent)
    assert Submission.objects.count() == 1
    assert Visit.private_objects.count() == 1
    digests = {hashlib.sha256(photo.read_bytes()).hexdigest() for photo in photos}
    assert {e.sha256 for e in Evidence.private_objects.all()} == digests


def test_a_correction_of_a_visit_changed_elsewhere_is_kept_and_sent_over_it(
    open_as, live_server, team, registry, bob, today
):
    school = registry["school"]
    version = team.checklists.get().current_version
    recorded = visit_record(
        campaign=team,
        object=school,
        visited_on=today - timedelta(days=2),
        actor=bob,
        checklist_version=version,
        answers={"roof": "no", "leak": "Over the gym", "floors": "2"},
        notes="First notes.",
    )
    page = open_app(open_as, live_server, bob, school, today)
    # A territory kept offline: its boundary and objects, on a map without tiles.
    page.click("a[href='#/area']")
    page.locator("#field-areas [data-area] button").first.click()
    page.wait_for_selector("#field-map .leaflet-interactive")
    assert "Kept:" in page.inner_text("#field-area-kept")
    screenshot(page, "area")
    page.click("a[href='#/']")
    page.click("a[href='#/sent']")
    page.wait_for_selector("#field-sent")
    screenshot(page, "sent")
    page.click(f"[data-sent-visit='{recorded.pk}'] button")
    page.wait_for_selector("#field-form")
    screenshot(page, "correction")
    page.fill("[name=notes]", "Notes from the phone.")
    page.fill("[name=reason]", "The notes were wrong")

    # Meanwhile the visit is corrected online.
    visit_correct(
        visit=Visit.private_objects.get(pk=recorded.pk),
        actor=bob,
        object=school,
        visited_on=today - timedelta(days=2),
        reason="Floors recounted",
        answers={"roof": "no", "leak": "Over the gym", "floors": "4"},
        notes="Online notes.",
    )
    page.click("#field-send")
    page.wait_for_selector("#field-visits [data-state=stale]", timeout=60000)
    assert "changed elsewhere" in page.inner_text("#field-visits")
    assert Visit.private_objects.get().notes == "Online notes."

    page.click("#field-visits [data-visit] a.button")
    page.wait_for_selector("#field-compare")
    compare = page.inner_text("#field-compare")
    assert "Notes from the phone." in compare and "Online notes." in compare
    screenshot(page, "stale")
    page.click("#field-send")
    page.wait_for_selector("#field-visits [data-state=sent]", timeout=60000)
    visit = Visit.private_objects.get()
    assert visit.notes == "Notes from the phone."
    assert visit.revision == 3


# When a new worker installs is the browser's choice (it puts off its own check while the page
# keeps the old worker busy, and the app asks again when it opens): under a heavily loaded machine
# it has once taken longer than the test waits, so the test gets two more tries.
@pytest.mark.flaky(reruns=2)
def test_an_update_of_the_app_keeps_the_unsent_visit(
    open_as, live_server, team, registry, bob, today, tmp_path, settings
):
    school = registry["school"]
    page = open_app(open_as, live_server, bob, school, today)
    first = page.evaluate("window.baqylauField.version")
    page.context.set_offline(True)
    record_visit(page, today, [big_jpeg(tmp_path / "site.jpg", 1)])

    # A new version is deployed; the phone comes back online but the API cannot be reached yet.
    settings.BAQYLAU_FIELD_APP_VERSION = "next"
    page.route("**/field/api/**", lambda route: route.abort())
    page.context.set_offline(False)
    page.reload()
    wait_until(
        page,
        f"() => window.baqylauField && window.baqylauField.version !== {first!r}"
        " && navigator.serviceWorker.controller !== null",
        timeout=60,
    )
    # The worker that controls the page is the new one.
    try:
        wait_until(
            page,
            """() => new Promise((resolve) => {
                const channel = new MessageChannel();
                channel.port1.onmessage = (event) => resolve(event.data);
                navigator.serviceWorker.controller.postMessage({type: 'VERSION'}, [channel.port2]);
            }).then((version) => version === window.baqylauField.version)""",
            timeout=60,
        )
    except AssertionError as error:  # say where the new worker stopped
        workers = page.evaluate(
            """() => navigator.serviceWorker.getRegistration().then((r) => r && ({
                installing: r.installing && r.installing.state,
                waiting: r.waiting && r.waiting.state,
                active: r.active && r.active.state,
                page: window.baqylauField.version,
            }))"""
        )
        raise AssertionError(f"{error}; workers: {workers}") from None
    page.wait_for_selector("#field-visits [data-visit]")
    assert visit_state(page) in {"saved", "waiting"}

    page.unroute("**/field/api/**")
    page.click("#field-sync")
    page.wait_for_selector("#field-visits [data-state=sent]", timeout=120000)
    assert Evidence.private_objects.filter(visit__isnull=False).count() == 1


def test_a_visit_to_a_checklist_changed_meanwhile_is_kept_and_sent_in_the_new_version(
    open_as, live_server, team, registry, alice, bob, today, tmp_path
):
    school = registry["school"]
    checklist = team.checklists.get()
    page = open_app(open_as, live_server, bob, school, today)
    page.context.set_offline(True)
    record_visit(page, today, [big_jpeg(tmp_path / "site.jpg", 7)])

    # While the monitor is offline the coordinator adds a question to the checklist.
    questions = [q.as_data() for q in checklist.current_version.questions.all()]
    questions.append({"code": "fence", "text": "Is the site fenced?", "kind": "yes_no"})
    revised = checklist_revise(checklist=checklist, questions=questions, actor=alice)

    page.context.set_offline(False)
    page.click("#field-sync")
    page.wait_for_selector("#field-visits [data-state=checklist_changed]", timeout=60000)
    assert "checklist changed" in page.inner_text("#field-visits")
    assert not Visit.private_objects.exists()
    assert not Submission.objects.exists()

    # The phone kept the answers, moved them to the new version by code; the monitor reviews.
    page.click("#field-visits [data-visit] a.button")
    page.wait_for_selector("[name=q-fence]")
    assert page.input_value("[name=q-leak]") == "Over the gym"
    page.check("[name=q-fence][value=yes]")
    page.click("#field-send")
    page.wait_for_selector("#field-visits [data-state=sent]", timeout=120000)
    visit = Visit.private_objects.get()
    assert visit.checklist_version == revised
    assert {a.question.code: a.value for a in visit.answers.all()} == {
        "roof": False,
        "leak": "Over the gym",
        "floors": 3,
        "fence": True,
    }
    assert visit.evidence.count() == 1


def test_a_monitor_signed_out_meanwhile_keeps_the_visit_until_signed_in_again(
    open_as, live_server, team, registry, bob, today, tmp_path
):
    school = registry["school"]
    page = open_app(open_as, live_server, bob, school, today)
    page.context.set_offline(True)
    record_visit(page, today, [big_jpeg(tmp_path / "site.jpg", 8)])

    # The session ends (signed out on another tab, or it expired) while the phone is offline.
    cookies = page.context.cookies()
    page.context.clear_cookies()
    page.context.set_offline(False)
    page.click("#field-sync")
    page.wait_for_selector("#field-visits [data-state=signed_out]", timeout=60000)
    assert "Sign in again to send; nothing is lost." in page.inner_text("#field-visits")
    assert not Submission.objects.exists()
    left = page.evaluate("async () => (await window.baqylauField.db().getAll('files')).length")
    assert left == 1

    page.context.add_cookies(cookies)
    page.click("#field-sync")
    page.wait_for_selector("#field-visits [data-state=sent]", timeout=120000)
    assert Visit.private_objects.get().evidence.count() == 1
