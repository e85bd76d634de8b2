"""Small helpers the tests share: validation error codes, images and PDFs to upload, addresses of
a campaign's pages, reading API responses and CSV downloads, counting a page's queries, officers
and their email choices."""

import csv
import io
import mimetypes
import os
import re
import time
from collections import deque
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfReader, PdfWriter

from baqylau.accounts.models import NotificationPreference, Role
from scripts.screenshots import CHROMIUM, CHROMIUM_ARGS  # noqa: F401 (the browser fixture's)

from .factories import MembershipFactory, UserFactory

# The personas of the `personas` fixture (tests/conftest.py), for parametrising.
PERSONAS = [
    "anonymous",
    "coordinator",
    "monitor",
    "citizen",
    "officer",
    "moderator",
    "staff",
    "administrator",
]
# The personas of the pages of findings and recommendations (`everyone` in
# tests/accountability/conftest.py): every role but the administrator's, and a monitor of another
# NGO.
ACCOUNTABILITY_PERSONAS = [
    "anonymous",
    "citizen",
    "monitor",
    "coordinator",
    "officer",
    "moderator",
    "staff",
    "other_monitor",
]
# The personas of the `personas` fixture who are not staff, and the staff (who see drafts in the
# registry's open data).
NON_STAFF = ["anonymous", "coordinator", "monitor", "citizen", "officer", "moderator"]
STAFF = ["staff", "administrator"]

# Letters of the Russian alphabet, and the letters only Kazakh has: the demo's texts are in the
# language they claim.
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
KAZAKH_ONLY = re.compile("[әіңғүұқөһ]", re.IGNORECASE)

# -- Errors --------------------------------------------------------------------------------------


def words(text: str) -> set[str]:
    """The names written in `text`, separated by spaces or lines: a documented list of fields."""
    return set(text.split())


def codes(exc: ValidationError) -> set[str]:
    """The codes of a ValidationError's messages, whether it names fields or not."""
    if hasattr(exc, "error_dict"):
        return {e.code for errors in exc.error_dict.values() for e in errors}
    return {e.code for e in exc.error_list}


# -- Files ---------------------------------------------------------------------------------------


def jpeg(size=(40, 30), color=(10, 20, 30)) -> bytes:
    """A small JPEG without metadata."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return buffer.getvalue()


def geotagged_jpeg(size=(60, 40)) -> bytes:
    """A phone's photo that says it was taken at 52°17′N 76°57′E on 14 May 2026."""
    image = Image.new("RGB", size, (120, 160, 200))
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"
    exif[0x8825] = {1: "N", 2: (52.0, 17.0, 0.0), 3: "E", 4: (76.0, 57.0, 0.0)}
    exif.get_ifd(0x8769)[0x9003] = "2026:05:14 10:30:00"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def blank_pdf(width=100, height=100) -> bytes:
    """A PDF of one blank page."""
    writer = PdfWriter()
    writer.add_blank_page(width=width, height=height)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pdf_fonts(data: bytes) -> set[str]:
    """The names of the fonts a PDF's pages use."""
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


def stored_files(root: Path) -> list[Path]:
    """The files under `root` (the media folder), if any."""
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# -- Addresses -----------------------------------------------------------------------------------


def campaign_urls(app: str):
    """A function giving the address of a page of `app` about a campaign, in a language:
    url(name, campaign=None, lang="en", **kwargs). A name with a colon names another app."""

    def url(name, campaign=None, lang="en", **kwargs) -> str:
        if campaign is not None:
            kwargs["slug"] = campaign.slug
        with translation.override(lang):
            return reverse(name if ":" in name else f"{app}:{name}", kwargs=kwargs or None)

    return url


# -- Responses -----------------------------------------------------------------------------------


def section(html: str, id: str) -> str:
    """The part of a page from the element with the id to the end of its section."""
    return html.split(f'id="{id}"')[1].split("</section>")[0]


def results(response) -> list[dict]:
    """The rows of a page of API results."""
    assert response.status_code == 200, response.content
    return response.json()["results"]


def content(response) -> bytes:
    """The body of a successful response, streamed or not."""
    assert response.status_code == 200, response
    return b"".join(response.streaming_content) if response.streaming else response.content


def read_csv(response) -> list[dict]:
    """The rows of a CSV download, which starts with a byte order mark (for spreadsheets)."""
    raw = content(response)
    assert raw.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


# Years a ranking (`year=`) refuses.
BAD_YEARS = ["nonsense", "0", "1", "-2024", "10000", "99999999999999999999"]


def assert_year_refused(client, ranking: str, year: str):
    """The ranking's CSV (/data/<ranking>.csv) and API (/api/<ranking>/) refuse the year."""
    assert client.get(f"/data/{ranking}.csv?year={year}").status_code == 400
    response = client.get(f"/api/{ranking}/?year={year}")
    assert response.status_code == 400
    assert "year" in response.json()


def assert_csv_rows_match_the_api(csv_rows: list[dict], api_rows: list[dict], figures):
    """A ranking's CSV rows say what its API rows say: the rank, every figure (empty for null,
    decimals as strings) and the body's page."""
    for row, api_row in zip(csv_rows, api_rows, strict=True):
        assert int(row["rank"]) == api_row["rank"]
        for name in figures:
            if api_row[name] is None:
                assert row[name] == ""
            elif isinstance(api_row[name], str):
                assert Decimal(row[name]) == Decimal(api_row[name]), name
            else:
                assert int(row[name]) == api_row[name], name
        assert row["url"] == api_row["url"]


def ranking_schema_row(client, ranking: str, row: str) -> dict:
    """The properties of the ranking's row in the OpenAPI schema, after checking that its API
    (/api/<ranking>/) takes `year` and `lang` and that its API and CSV are where they should be."""
    schema = client.get("/api/schema/").json()
    operation = schema["paths"][f"/api/{ranking}/"]["get"]
    assert {"year", "lang"} <= {p["name"] for p in operation["parameters"]}
    name = ranking.replace("-", "_")
    assert reverse(f"api:{name}") == f"/api/{ranking}/"
    assert reverse(f"downloads:{name}_csv") == f"/data/{ranking}.csv"
    return schema["components"]["schemas"][row]["properties"]


def admin_change(client, user, instance, fields: dict):
    """The user posts the back office's change form of `instance` as it stands, with `fields`
    changed."""
    client.force_login(user)
    meta = instance._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[instance.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(fields)
    return client.post(url, data)


def campaign_form(registry, today, **fields) -> dict:
    """What the form of a campaign posts: a one-day monitoring of the akimat, with `fields`."""
    return {
        "title_en": "Renamed",
        "form": "monitoring",
        "bodies": [registry["akimat"].slug],
        "goals": "Goals.",
        "tasks": "Tasks.",
        "method": "Method.",
        "starts_on": today.isoformat(),
        "ends_on": today.isoformat(),
        **fields,
    }


def count_queries(client, url) -> int:
    """The database queries of a page, asked for a second time (the first warms caches that are
    not part of the page's own work); the page must answer 200. A streamed download is read to
    its end: it reads the database while it is written."""

    def get():
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        return response

    get()
    with CaptureQueriesContext(connection) as ctx:
        response = get()
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


# -- People --------------------------------------------------------------------------------------


def officer(body, email: str, language: str = "kk", **fields):
    """A new officer of `body`, writing in `language`; `fields` set on the user."""
    user = UserFactory(email=email, full_name=email.split("@")[0].title(), language=language)
    for name, value in fields.items():
        setattr(user, name, value)
    user.save()
    MembershipFactory(user=user, organisation=body, role=Role.OFFICER)
    return user


def opt_out(user, **choices):
    """The user's email choices, changed."""
    NotificationPreference.objects.update_or_create(user=user, defaults=choices)


def set_language(user, language: str):
    user.language = language
    user.save()
    return user


# -- Browser -------------------------------------------------------------------------------------

SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp"))
HAS_CHROMIUM = os.path.exists(CHROMIUM)
PHONE = {"width": 390, "height": 844}


def go(page, control) -> None:
    """Press a button or follow a link, and wait for the page it leads to."""
    with page.expect_navigation():
        control.click()


def shot(page, name: str, *, phone: bool = True) -> None:
    """A screenshot of the whole page; on a phone the page must fit its width (a wide table
    scrolls in its own box, the page does not)."""
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    if phone:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name


def start_scorecard(page, school) -> None:
    """From a campaign's page, start its community scorecard of the teaching at `school` and put
    the teachers on the input tracking sheet."""
    go(page, page.get_by_role("link", name="Start the community scorecard"))
    page.get_by_label("Object").select_option(label=school.name)
    page.get_by_label("Service scored").fill("Teaching at school No. 600")
    go(page, page.get_by_role("button", name="Start the scorecard"))
    page.get_by_label("Input", exact=True).fill("Teachers")
    page.get_by_label("Unit").fill("people")
    page.get_by_label("Entitled to").fill("40")
    page.get_by_label("Norm or budget line").fill("Staffing norm, order No. 77")
    page.get_by_label("What is there").fill("34")
    go(page, page.get_by_role("button", name="Add the line"))


def only_local(page, live_server):
    """Nothing leaves this machine: the page may load only the live server's addresses."""
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )


# Walking the demo's pages (the phone walk, the security headers) -------------------------------

HOST = "http://localhost"  # a trustworthy origin, as the browser sees one
# Downloads, feeds and pages that need an account are not part of the walk.
SKIP = re.compile(r"\.(csv|json|geojson|pdf|xlsx|zip|ics|xml|rss|atom|jpg|png)$|/feed|/accounts/")
SAMPLES = 4  # pages of each name whose links are followed


def walk(client) -> list[str]:
    """One page of each URL name, found by following links from the home page (the links of a
    few pages of each name, so that kinds only some of them link to are found too)."""
    read: dict[str, int] = {}
    pages: dict[str, str] = {}
    queue, queued = deque(["/kk/"]), {"/kk/"}
    while queue:
        url = queue.popleft()
        try:
            name = resolve(url).view_name
        except Resolver404:
            continue
        if read.get(name, 0) >= SAMPLES:
            continue
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        read[name] = read.get(name, 0) + 1
        pages.setdefault(name, url)
        for href in re.findall(r'href="(/kk/[^"#?]*)"', response.content.decode()):
            if href not in queued and not SKIP.search(href):
                queue.append(href)
                queued.add(href)
    return list(pages.values())


def serve(client, route) -> None:
    """Answers the browser's request with the test's client, or with the static or media file."""
    url = route.request.url
    if not url.startswith(HOST):
        route.abort()
        return
    path = url[len(HOST) :].split("?")[0]
    found = None
    if path.startswith(settings.STATIC_URL):
        found = finders.find(path.removeprefix(settings.STATIC_URL))
    elif path.startswith(settings.MEDIA_URL):
        # The media view of urls.py keeps the folder of whichever test imported it first.
        found = Path(settings.MEDIA_ROOT) / path.removeprefix(settings.MEDIA_URL)
    else:
        response = client.get(url[len(HOST) :])
        body = b"".join(response.streaming_content) if response.streaming else response.content
        headers = {k: v for k, v in response.items() if k.lower() != "content-length"}
        route.fulfill(status=response.status_code, body=body, headers=headers)
        return
    if not found or not Path(found).is_file():
        route.fulfill(status=404, body="")
        return
    kind = mimetypes.guess_type(str(found))[0] or "application/octet-stream"
    route.fulfill(status=200, body=Path(found).read_bytes(), headers={"Content-Type": kind})


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Waits until a JavaScript expression is true in the page. Playwright's own
    `wait_for_function` evaluates its predicate with `eval` inside the page, which the pages'
    Content-Security-Policy forbids; `evaluate` goes through the browser's protocol and is
    allowed, so this polls with it."""

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        page.wait_for_timeout(50)
