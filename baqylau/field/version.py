"""The version of the field app: a hash of the static files a phone keeps and of
settings.BAQYLAU_FIELD_APP_VERSION, so that a phone learns of a new app when either changes."""

import hashlib
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders

# The shell's own static files and those of the packages it loads; the app version is their hash.
SHELL_FILES = (
    "field/field.js",
    "field/field.css",
    "field/icon-192.png",
    "field/icon-512.png",
    "field/icon-maskable-512.png",
    "css/baqylau.css",
    "vendor/idb/umd.js",
    "vendor/workbox/workbox-window.prod.umd.js",
)
# Loaded only when the area's map is opened, but kept offline too.
MAP_FILES = (
    "vendor/leaflet/leaflet.js",
    "vendor/leaflet/leaflet.css",
    "vendor/leaflet/images/marker-icon.png",
    "vendor/leaflet/images/marker-icon-2x.png",
    "vendor/leaflet/images/marker-shadow.png",
)
# The Workbox modules the service worker imports (from the same folder as workbox-sw.js).
WORKBOX_FILES = (
    "vendor/workbox/workbox-sw.js",
    "vendor/workbox/workbox-core.prod.js",
    "vendor/workbox/workbox-precaching.prod.js",
    "vendor/workbox/workbox-routing.prod.js",
    "vendor/workbox/workbox-strategies.prod.js",
)


@lru_cache(maxsize=8)
def _static_hash(extra: str) -> str:
    digest = hashlib.sha256()
    for name in (*SHELL_FILES, *MAP_FILES, *WORKBOX_FILES):
        path = finders.find(name)
        digest.update(name.encode())
        if path:
            with open(path, "rb") as file:
                digest.update(file.read())
    digest.update(extra.encode())
    return digest.hexdigest()[:16]


def app_version() -> str:
    """A hash of the field app's static files and settings.BAQYLAU_FIELD_APP_VERSION."""
    if settings.DEBUG:
        _static_hash.cache_clear()
    return _static_hash(getattr(settings, "BAQYLAU_FIELD_APP_VERSION", ""))
