"""Every page carries a Content-Security-Policy that allows no inline script and no inline event
handler, and a Permissions-Policy; no template has an inline script or an on…= handler, and a
page with a map and a chart runs in Chromium without a violation of the policy."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

from baqylau.registry.models import PlanningDocument

from ..helpers import CHROMIUM, CHROMIUM_ARGS, HAS_CHROMIUM, HOST, serve, walk

TEMPLATE_DIRS = [Path(django_settings.BASE_DIR) / "baqylau"]
# A <script> element that is not a file (src=) nor data (json_script writes type=application/json).
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
EXTRA = ["/api/", "/en/accounts/login/", "/en/accounts/signup/", "/kk/no-such-page/"]


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def templates() -> list[Path]:
    return [path for root in TEMPLATE_DIRS for path in root.rglob("*.html")]


def test_no_template_has_an_inline_script_or_event_handler():
    assert len(templates()) > 100
    found = [
        f"{path}: {match.group(0)[:60]}"
        for path in templates()
        for pattern in (INLINE_SCRIPT, HANDLER)
        for match in pattern.finditer(path.read_text())
    ]
    assert found == []


def test_the_check_finds_inline_scripts_and_handlers():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/js/map.js" defer></script>')
    assert not INLINE_SCRIPT.search('<script id="p" type="application/json">[]</script>')
    assert HANDLER.search('<button onclick="go()">')
    assert not HANDLER.search('<a href="/kk/" class="button">')


@pytest.mark.django_db
def test_every_page_of_the_demo_has_the_security_headers(demo_data):
    client = Client()
    with translation.override("kk"):
        pages = walk(client) + EXTRA
    assert len(pages) > 25
    missing = {}
    for url in pages:
        response = client.get(url)
        policy = directives(response) if "Content-Security-Policy" in response else {}
        script = policy.get("script-src", [])
        if (
            script != ["'self'"]
            or policy.get("script-src-attr") != ["'none'"]
            or policy.get("object-src") != ["'none'"]
            or "camera=()" not in response.get("Permissions-Policy", "")
        ):
            missing[url] = response.get("Content-Security-Policy")
    assert missing == {}


@pytest.mark.browser
@pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian's chromium is not installed")
@pytest.mark.django_db
def test_a_page_with_a_map_and_a_chart_runs_without_a_policy_violation(
    demo_data, settings, monkeypatch
):
    from playwright.sync_api import sync_playwright

    settings.MAP_TILE_URL = ""  # no tile server in tests
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    client = Client(SERVER_NAME="localhost")
    with translation.override("kk"):
        documents = [
            document.get_absolute_url() for document in PlanningDocument.public_objects.all()
        ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        page.route("**/*", lambda route: serve(client, route))
        messages: list[str] = []
        page.on("console", lambda message: messages.append(message.text))
        page.on("pageerror", lambda error: messages.append(str(error)))
        for url in documents:
            messages.clear()
            page.goto(HOST + url, wait_until="load")
            maps = page.locator(".leaflet-container").count()
            charts = page.locator("svg").count()
            if maps and charts:
                break
        else:
            pytest.fail("no document of the demo has a map and a chart")
        browser.close()
    assert [message for message in messages if "Content Security Policy" in message] == []
    assert messages == []
