"""The version of the field app: a hash of its static files and of
settings.BAQYLAU_FIELD_APP_VERSION, so that a phone learns of a new app when either changes."""

import hashlib
from pathlib import Path

from django.conf import settings

STATIC = Path(__file__).resolve().parent / "static" / "field"


def app_version() -> str:
    digest = hashlib.sha256()
    if STATIC.is_dir():
        for path in sorted(p for p in STATIC.rglob("*") if p.is_file()):
            digest.update(path.relative_to(STATIC).as_posix().encode())
            digest.update(path.read_bytes())
    digest.update(str(getattr(settings, "BAQYLAU_FIELD_APP_VERSION", "")).encode())
    return digest.hexdigest()[:16]
