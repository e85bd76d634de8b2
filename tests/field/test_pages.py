"""The field app's shell, manifest and service worker: who sees them, what they carry, and the
app version that makes phones update."""

import json
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_shell_needs_an_account_and_holds_no_user_data(client, bob):
    response = client.get("/en/field/")
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]

    client.force_login(bob)
    response = client.get("/en/field/")
    assert response.status_code == 200
    html = response.content.decode()
    assert bob.email not in html
    assert bob.get_short_name() not in html
    assert 'id="field-strings"' in html
    strings = json.loads(
        re.search(r'id="field-strings" type="application/json">(.*?)</script>', html).group(1)
    )
    assert strings["sync_now"] == "Sync now"
    assert strings["state_sending"] == "sending photos: %(n)s of %(m)s"
    # No inline script may run under the site's CSP: only JSON data and files.
    assert not re.search(r"<script(?![^>]*(src=|application/json))[^>]*>", html)
    assert "geolocation=(self)" in response["Permissions-Policy"]
    # The map library loads only when the area's map is opened.
    assert not re.search(r"<(script|link)[^>]*leaflet", html)


def test_the_shell_speaks_the_monitors_language(client, bob):
    client.force_login(bob)
    html = client.get("/ru/field/").content.decode()
    assert '<html lang="ru">' in html
    assert "/ru/field/manifest.webmanifest" in html


def test_the_manifest_is_translated_and_installable(client):
    data = json.loads(client.get("/kk/field/manifest.webmanifest").content)
    assert data["name"] == "Бақылау: далалық жұмыс"
    assert data["start_url"] == "/kk/field/"
    assert data["scope"] == "/kk/field/"
    assert data["display"] == "standalone"
    assert data["theme_color"] == "#13406e"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in data["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    english = json.loads(client.get("/en/field/manifest.webmanifest").content)
    assert english["name"] == "Baqylau: field work"


def _version(response) -> str:
    return re.search(r'const VERSION = "([0-9a-f]+)";', response.content.decode()).group(1)


def test_the_service_worker_is_served_for_the_whole_site_and_changes_with_the_app(client, settings):
    response = client.get("/field/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert 'importScripts("/static/vendor/workbox/workbox-sw.js")' in body
    # Workbox's modules come from this site, never from its CDN (the option is
    # modulePathPrefix: a misspelt one is ignored silently).
    assert 'workbox.setConfig({modulePathPrefix: "/static/vendor/workbox/"' in body
    assert "/static/field/field.js" in body
    assert '"/kk/field/", "/ru/field/", "/en/field/"' in body
    # The API is never cached by the worker: no route names it.
    assert "/field/api" not in body
    first = _version(response)
    settings.BAQYLAU_FIELD_APP_VERSION = "next"
    assert _version(client.get("/field/sw.js")) != first
    settings.BAQYLAU_FIELD_APP_VERSION = ""
    assert _version(client.get("/field/sw.js")) == first
