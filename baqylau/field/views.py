"""The field app's pages: the offline shell, its web app manifest and its service worker.

The shell holds no user data: the script fetches the bundle (the campaigns, checklists and
visits a monitor may work on) from the field API and keeps it in the browser's IndexedDB, so
that the page works in a village without mobile data. The service worker keeps the shell and
its static files; its version changes with them, so that phones fetch a new shell when it is
deployed.
"""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .version import MAP_FILES, SHELL_FILES, app_version

THEME_COLOUR = "#13406e"  # --brand in css/baqylau.css
BACKGROUND_COLOUR = "#ffffff"


def strings() -> dict[str, str]:
    """The texts of the script, in the page's language."""
    return {
        "app_title": _("Field work"),
        "online": _("Online"),
        "offline": _("Offline: your work is kept on this phone"),
        "sync_now": _("Sync now"),
        "syncing": _("Sending…"),
        "bundle_updated": _("Campaigns and checklists updated: %(when)s"),
        "bundle_never": _("Not yet downloaded: open this page once with a connection."),
        "storage_used": _("Storage used: %(used)s of %(quota)s"),
        "storage_full": _(
            "This phone's storage for the app is almost full: send your visits and free some space."
        ),
        "storage_not_persistent": _(
            "The browser may clear the app's data when the phone runs out of space: send your "
            "visits as soon as you have a connection."
        ),
        "my_campaigns": _("Campaigns you record visits for"),
        "no_campaigns": _("You are on no campaign team that records visits."),
        "new_visit": _("New visit"),
        "my_visits": _("Visits on this phone"),
        "no_local_visits": _("No visits wait on this phone."),
        "sent_visits": _("My sent visits"),
        "no_sent_visits": _("No sent visits that you may still correct."),
        "correct": _("Correct"),
        "area": _("Area kept offline"),
        "home": _("Home"),
        "back": _("Back"),
        "campaign": _("Campaign"),
        "object": _("Object"),
        "choose": _("Choose…"),
        "campaign_objects": _("Objects of the campaign"),
        "area_objects": _("Other objects of the kept area"),
        "checklist": _("Checklist"),
        "no_checklist": _("No checklist"),
        "visited_on": _("Date of the visit"),
        "notes": _("Notes"),
        "participants": _("Participants"),
        "reason": _("Why the visit is corrected"),
        "yes": _("Yes"),
        "no": _("No"),
        "not_answered": _("Not answered"),
        "take_photo": _("Take a photo"),
        "choose_photos": _("Choose photos"),
        "remove": _("Remove"),
        "use_position": _("Use my position"),
        "required": _("This question must be answered."),
        "required_mark": _("required"),
        "number": _("Give a number."),
        "number_range": _("Give a number from %(min)s to %(max)s."),
        "number_min": _("Give a number of at least %(min)s."),
        "number_max": _("Give a number of at most %(max)s."),
        "future": _("The date cannot be in the future."),
        "give_date": _("Give the date of the visit."),
        "give_object": _("Choose the object you visited."),
        "give_reason": _("Say why the visit is corrected."),
        "gps_title": _("Your position"),
        "gps_waiting": _("Looking for your position…"),
        "gps_accuracy": _("Accuracy: %(accuracy)s m (needed: %(needed)s m or better)"),
        "gps_good": _("Position found, accuracy %(accuracy)s m."),
        "gps_accept": _("Accept this accuracy"),
        "gps_accepted": _("Accuracy accepted: %(accuracy)s m."),
        "gps_unavailable": _("The position is not available: %(why)s"),
        "gps_retry": _("Try again"),
        "far_question": _(
            "You are %(distance)s from %(object)s. Confirm that this visit was at this object."
        ),
        "far_confirm": _("I confirm that I visited this object"),
        "save": _("Save on the phone"),
        "ready": _("Ready to send"),
        "send": _("Send"),
        "saved_note": _("Every change is saved on this phone as you type."),
        "discard": _("Discard my copy"),
        "discard_confirm": _("Delete this visit and its photos from the phone?"),
        "edit": _("Open"),
        "fix_errors": _("Some answers need your attention."),
        "state_draft": _("saved on the phone"),
        "state_waiting": _("waiting for a connection"),
        "state_sending": _("sending photos: %(n)s of %(m)s"),
        "state_sent": _("sent"),
        "state_refused": _("refused"),
        "state_stale": _("changed elsewhere"),
        "state_checklist_changed": _("checklist changed"),
        "state_signed_out": _("signed out"),
        "refused_what": _("Open the visit, change what the message says and send it again."),
        "stale_what": _(
            "The visit was changed on another device or online since you copied it. Compare "
            "both versions, then send yours over the current version or discard your copy."
        ),
        "stale_mine": _("My copy"),
        "stale_current": _("Current version"),
        "stale_send_mine": _("Send mine over the current version"),
        "checklist_changed_what": _(
            "The checklist changed since you started. Your answers were moved into the new "
            "version: review them and send again."
        ),
        "review_send": _("Review and send"),
        "signed_out_what": _("Sign in again to send; nothing is lost."),
        "sign_in": _("Sign in"),
        "sent_view": _("See the visit"),
        "new_version": _("A new version of the app is ready."),
        "reload": _("Reload"),
        "area_intro": _(
            "Keep a territory's objects and boundary on the phone to record visits to objects "
            "outside your campaigns' lists."
        ),
        "area_keep": _("Keep offline"),
        "area_kept": _("Kept: %(name)s, objects: %(objects)s"),
        "area_none": _("No area kept."),
        "area_too_big": _("Too large to keep (limit %(limit)s)."),
        "area_objects_count": _("Objects: %(objects)s, about %(size)s"),
        "area_needs_connection": _("Connect to the Internet to choose an area."),
        "map_offline": _("Map tiles are shown only with a connection."),
        "photos": _("Photos"),
        "photo_count": _("Photos: %(n)s"),
        "loading": _("Loading…"),
        "error_network": _("No connection: your visit is kept and will be sent later."),
        "error_server": _("The server did not answer as expected; try again later."),
        "kb": _("%(n)s KB"),
        "mb": _("%(n)s MB"),
        "gb": _("%(n)s GB"),
        "m": _("%(n)s m"),
        "km": _("%(n)s km"),
        "sent_at": _("sent %(when)s"),
        "correction_of": _("Correction of the visit of %(date)s"),
    }


@login_required
def app(request):
    """The offline shell; everything it shows comes from the bundle kept on the phone."""
    lang = get_language()
    config = {
        "lang": lang,
        "shell": reverse("field:app"),
        "api": "/field/api/",
        "sw": reverse("field_api:sw"),
        "login": reverse("accounts:login") + "?next=" + reverse("field:app"),
        "leaflet_js": static("vendor/leaflet/leaflet.js"),
        "leaflet_css": static("vendor/leaflet/leaflet.css"),
        "tiles": settings.MAP_TILE_URL,
        "version": app_version(),
    }
    response = render(
        request,
        "field/app.html",
        {"strings": strings(), "config": config},
    )
    # The shell may use the position (the field form asks for it); other pages may not.
    response.headers["Permissions-Policy"] = settings.PERMISSIONS_POLICY.replace(
        "geolocation=()", "geolocation=(self)"
    )
    # The page itself is never kept by the browser's HTTP cache: the service worker keeps it.
    response.headers["Cache-Control"] = "no-cache, private"
    return response


@require_GET
def manifest(request):
    lang = get_language()
    data = {
        "name": _("Baqylau: field work"),
        "short_name": _("Baqylau field"),
        "description": _("Record monitoring visits without a connection and send them later."),
        "lang": lang,
        "id": reverse("field:app"),
        "start_url": reverse("field:app"),
        "scope": reverse("field:app"),
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static("field/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("field/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("field/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(
        data,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def service_worker(request):
    """The service worker, outside the language prefixes so that it controls every shell."""
    version = app_version()
    precache = [{"url": static(name), "revision": None} for name in (*SHELL_FILES, *MAP_FILES)]
    # A hashed name (ManifestStaticFilesStorage) changes with its content; an unhashed one (in
    # development) is revised with the app version.
    for entry in precache:
        entry["revision"] = version
    body = render_to_string(
        "field/sw.js",
        {
            "version": version,
            "precache": json.dumps(precache),
            "workbox_sw": static("vendor/workbox/workbox-sw.js"),
            "workbox_prefix": static("vendor/workbox/workbox-sw.js").rsplit("/", 1)[0] + "/",
            "shells": json.dumps([f"/{code}/field/" for code, _name in settings.LANGUAGES]),
        },
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response
