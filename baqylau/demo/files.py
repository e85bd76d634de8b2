"""Files the demo draws, kept between runs of `load_demo`.

Drawing the photos and scans and, above all, rendering the final documents with WeasyPrint is
most of what loading the demo costs. Each file is kept under `var/cache/demo/`, named by a hash of
everything that makes it (for a final document, its whole HTML and WeasyPrint's version), so a
later load, on a fresh database too, reuses the file only when it would come out the same. The
services still receive and store it as they would any upload or rendering. Delete the folder to
draw everything again; when it cannot be written, files are simply drawn each time.
"""

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path

from django.conf import settings

from baqylau.monitoring import report

CACHE_DIR = Path(settings.BASE_DIR) / "var" / "cache" / "demo"


def cached(kind: str, key: str, make: Callable[[], bytes]) -> bytes:
    """The bytes `make()` returns for `key`, made once and then read from the cache."""
    digest = hashlib.sha256(f"{kind}\0{key}".encode()).hexdigest()
    path = CACHE_DIR / kind / f"{digest}"
    try:
        return path.read_bytes()
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
    except OSError:
        pass
    return data


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
