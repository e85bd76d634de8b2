"""Files the demo draws, kept between runs of `load_demo`.

Drawing the photos and scans and, above all, rendering the final documents with WeasyPrint is
most of what loading the demo costs. Each file is kept under `var/cache/demo/`, named by a hash of
everything that makes it (for a final document, its whole HTML and WeasyPrint's version), so a
later load, on a fresh database too, reuses the file only when it would come out the same. The
services still receive and store it as they would any upload or rendering. Files no load has used
for KEEP_DAYS days are deleted; delete the folder to draw everything again. When it cannot be
written, files are simply drawn each time.
"""

import contextlib
import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path

from django.conf import settings

from baqylau.accountability import report

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
def final_documents_cached() -> Iterator[None]:
    """While inside, the final documents sent are rendered once per distinct HTML."""
    render = report.final_document_pdf
    version = metadata.version("weasyprint")

    def final_document_pdf(campaign, document=None) -> bytes:
        html = report.final_document_html(campaign, document)
        return cached("final-document", f"{version}\0{html}", lambda: render(campaign, document))

    report.final_document_pdf = final_document_pdf
    try:
        yield
    finally:
        report.final_document_pdf = render
