"""Files the demo draws, kept between runs of `load_demo`.

Drawing the photos and scans and, above all, rendering the final documents with WeasyPrint is most
of what loading the demo costs. Each file is kept under `var/cache/demo/`, named by a hash of
everything that makes it (for a final document, its whole HTML and WeasyPrint's version), so a
later load, on a fresh database too, reuses the file only when it would come out the same. The
services still receive and store it as they would any upload or rendering. What the services make
of an uploaded file (the public copy of a photo, made with Pillow, or of a PDF, made with pypdf,
and a photo's small copy inside a final document) is kept the same way, by the file's content, the
library's version and the text of the code that makes it; so are the territories' simplified
boundaries, by the content of the boundary files, and the holidays library's days, by its version.
Files no load has used for KEEP_DAYS days are deleted; delete the folder to draw everything again.
When it cannot be written, files are simply drawn each time.
"""

import contextlib
import functools
import hashlib
import importlib.util
import inspect
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile

from baqylau.accountability import report
from baqylau.core import calendar, documents, uploads
from baqylau.registry.management.commands import load_territories

CACHE_DIR = Path(settings.BASE_DIR) / "var" / "cache" / "demo"
KEEP_DAYS = 7


def cached(kind: str, key: str, make: Callable[[], bytes]) -> bytes:
    """The bytes `make()` returns for `key`, made once and then read from the cache."""
    digest = hashlib.sha256(f"{kind}\0{key}".encode()).hexdigest()
    path = CACHE_DIR / kind / digest
    try:
        data = path.read_bytes()
        os.utime(path)  # in use: see _prune
        return data
    except OSError:
        pass
    data = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: loads running side by side (test workers) never read half.
        handle, temporary = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
        _prune(path.parent)
    except OSError:
        pass
    return data


def _prune(folder: Path) -> None:
    """Forget the files no load has used for a while: the demo's dates move with the calendar,
    and so do the photos' time stamps and the final documents."""
    unused_since = time.time() - KEEP_DAYS * 86400
    for old in folder.iterdir():
        if old.stat().st_mtime < unused_since:
            old.unlink(missing_ok=True)


@contextlib.contextmanager
def _replaced(module, name: str, replacement: Callable) -> Iterator[None]:
    original = getattr(module, name)
    setattr(module, name, replacement)
    try:
        yield
    finally:
        setattr(module, name, original)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.cache
def _code(function: Callable, library: str) -> str:
    """The version of the `library` doing the work and the text of the module of `function`."""
    source = Path(inspect.getfile(function)).read_bytes()
    return f"{metadata.version(library)}\0{_digest(source)}"


def _pillow_key(function: Callable, data: bytes) -> str:
    """What makes an image out of `data`: Pillow, the code of `function` and the content."""
    return f"{_code(function, 'pillow')}\0{_digest(data)}"


def _kept_copy(kind: str, key: str, make: Callable[[], ContentFile]) -> ContentFile:
    """The public copy `make()` returns, kept with its name."""

    def made() -> bytes:
        copy = make()
        return copy.name.encode() + b"\0" + copy.read()

    name, _nul, data = cached(kind, key, made).partition(b"\0")
    return ContentFile(data, name=name.decode())


def _public_copy_cached(public_copy: Callable) -> Callable:
    """The public copy of a photo (`baqylau.core.images.public_copy`)."""

    def cached_public_copy(upload, **options) -> ContentFile:
        upload.seek(0)
        key = f"{_pillow_key(public_copy, upload.read())}\0{options}\0{upload.name}"
        return _kept_copy("public-copy", key, lambda: public_copy(upload, **options))

    return cached_public_copy


def _document_copy_cached(public_document_copy: Callable) -> Callable:
    """The public copy of a PDF (`baqylau.core.documents.public_document_copy`), by pypdf's
    version, the text of the modules that make it and the content; other documents are copied
    each time."""
    modules = ("baqylau.core.pdf", "baqylau.core.embedded_images")
    sources = [Path(importlib.util.find_spec(name).origin).read_bytes() for name in modules]

    def cached_document_copy(data: bytes, *, content_type: str, name: str) -> ContentFile:
        def make() -> ContentFile:
            return public_document_copy(data, content_type=content_type, name=name)

        if content_type != documents.PDF:
            return make()
        code = "\0".join([_code(public_document_copy, "pypdf"), *map(_digest, sources)])
        return _kept_copy("public-pdf", f"{code}\0{_digest(data)}\0{name}", make)

    return cached_document_copy


def _thumbnail_cached(thumbnail: Callable) -> Callable:
    """The small copy of a photo inside a final document (none for an unreadable one)."""

    def cached_thumbnail(field) -> str | None:
        with field.open("rb") as source:
            data = source.read()
        made = []

        def make() -> bytes:
            made.append(thumbnail(field))
            return (made[0] or "").encode()

        src = cached("thumbnail", _pillow_key(thumbnail, data), make).decode()
        return made[0] if made else src or None

    return cached_thumbnail


@contextlib.contextmanager
def holidays_cached() -> Iterator[None]:
    """While inside, the calendar reads the days of some years from the holidays library once
    per version of the library."""
    make = calendar.library_days

    def library_days(years: Iterable[int]) -> dict[date, calendar.LibraryDay]:
        years = sorted(set(years))

        def made() -> bytes:
            days = make(years).values()
            return json.dumps([(d.date.isoformat(), d.kind, d.names) for d in days]).encode()

        days = json.loads(cached("holidays", f"{_code(make, 'holidays')}\0{years}", made))
        return {
            date.fromisoformat(day): calendar.LibraryDay(date.fromisoformat(day), kind, names)
            for day, kind, names in days
        }

    with _replaced(calendar, "library_days", library_days):
        yield


@contextlib.contextmanager
def territories_cached() -> Iterator[None]:
    """While inside, `load_territories` reads and simplifies the boundaries once per content of
    its two files."""
    make = load_territories.territory_fields

    def territory_fields(folder: Path) -> tuple[list[dict], list[dict]]:
        names = (load_territories.REGIONS_FILE, load_territories.PAVLODAR_FILE)
        try:
            sources = [(folder / name).read_bytes() for name in names]
        except OSError:
            return make(folder)  # the command says what is missing
        key = "\0".join([_code(make, "shapely"), *map(_digest, sources)])
        return json.loads(cached("territories", key, lambda: json.dumps(make(folder)).encode()))

    with _replaced(load_territories, "territory_fields", territory_fields):
        yield


@contextlib.contextmanager
def campaign_files_cached() -> Iterator[None]:
    """While inside, the final documents sent are rendered once per distinct HTML, and the
    public copies of photos and PDFs and the photos' small copies made once per file."""
    render = report.final_document_pdf
    version = metadata.version("weasyprint")

    def final_document_pdf(campaign, document=None) -> bytes:
        html = report.final_document_html(campaign, document)
        return cached("final-document", f"{version}\0{html}", lambda: render(campaign, document))

    with (
        _replaced(report, "final_document_pdf", final_document_pdf),
        _replaced(report, "_thumbnail", _thumbnail_cached(report._thumbnail)),
        _replaced(uploads, "public_copy", _public_copy_cached(uploads.public_copy)),
        _replaced(
            uploads,
            "public_document_copy",
            _document_copy_cached(uploads.public_document_copy),
        ),
    ):
        yield
