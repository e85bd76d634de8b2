"""The large downloads built in the background and served as files.

A download registered here (by the `built` decorator of baqylau.api.downloads) is, for an
anonymous visitor asking for it without filters (nothing in the query but ?lang=), served from a
file in the media storage when one was built for the current generation of the registry's data
and the visitor's language. That generation is the registry's `Counter` rows (REGISTRY and
DETAILS, baqylau.registry.counters): every write to a document, goal, indicator, indicator value
or revision, object, financing line, territory or organisation raises one of them, in the
writer's transaction, so a publication or withdrawal leaves the file behind at its commit; a
change elsewhere on the site (a report, a comment, a sign-in) does not, and the file stays. It is
served with its size (Content-Length) and an ETag, by FileResponse, or by a redirect to the
file's address when the storage is S3; a gzip copy to a client that accepts gzip. Otherwise (a
filter, a signed-in user who may see more, no file yet for this generation) the download streams,
and the first request that finds no file enqueues the task `build_downloads` (at most once per
generation); the command `build_downloads`, run daily, enqueues it too.

The file is the streamed download itself: `build_downloads` asks the same view, as an anonymous
visitor at SITE_URL, for each language, writes what it streams to a temporary file, saves it as
`downloads/<name>-<lang>-<generation>.<ext>` (and `.gz`), records it in the cache, and deletes
the files of earlier generations. A file built while the generation changed is never served:
its name carries the generation it was begun in.

`BAQYLAU_BUILT_DOWNLOADS` (default on) turns all this off: every download streams.
"""

import gzip
import io
import tempfile
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.handlers.wsgi import WSGIRequest
from django.http import FileResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from baqylau.core import pagecache
from baqylau.registry.models import Counter

DIRECTORY = "downloads"
# "<base>.<extension>" -> (the view, the URL name of the view, base, extension)
REGISTERED: dict[str, tuple] = {}
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
PENDING_TIMEOUT = 3600  # a build enqueued that never ran is enqueued again after an hour
_BUILDING = "_baqylau_building_download"
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")


def enabled() -> bool:
    return getattr(settings, "BAQYLAU_BUILT_DOWNLOADS", True)


def _key(name: str, lang: str, generation: str) -> str:
    return f"downloads:built:{name}:{lang}:{generation}"


def servable(request, response) -> bool:
    """Whether the view's answer may be the built file: the unfiltered download as anyone sees
    it (not a signed-in user, who may see more)."""
    return (
        enabled()
        and not getattr(request, _BUILDING, False)
        and response.status_code == 200
        and response.streaming
        and set(request.GET) <= {"lang"}
        and not request.user.is_authenticated
    )


def register(*, view, base: str, extension: str, url_name: str) -> str:
    name = f"{base}.{extension}"
    REGISTERED[name] = (view, url_name, base, extension)
    return name


def data_generation() -> str:
    """The generation of the registry's data, which the built files follow: "<REGISTRY>-<DETAILS>"
    (one query)."""
    keys = [Counter.REGISTRY, Counter.DETAILS]
    rows = dict(Counter.objects.filter(key__in=keys).values_list("key", "generation"))
    return "-".join(str(rows.get(key, 0)) for key in keys)


def current(*, name: str, lang: str, generation: str) -> dict | None:
    """The record of the file built for `generation`, if there is one yet."""
    return cache.get(_key(name, lang, generation))


def first_to_ask(generation: str) -> bool:
    """True once per generation: the caller enqueues the build."""
    return cache.add(f"downloads:pending:{generation}", True, PENDING_TIMEOUT)


def _s3(storage) -> bool:
    return hasattr(storage, "bucket_name")


def file_response(request, streamed, record: dict):
    """The built file of `record`, with the headers of the streamed answer it replaces."""
    if _s3(default_storage):
        url = default_storage.url(
            record["path"],
            parameters={"ResponseContentDisposition": streamed["Content-Disposition"]},
        )
        return HttpResponseRedirect(url)
    compressed = "gzip" in request.headers.get("Accept-Encoding", "")
    path, size = (
        (record["gzip_path"], record["gzip_size"])
        if compressed
        else (record["path"], record["size"])
    )
    response = FileResponse(default_storage.open(path, "rb"))
    for header in KEPT_HEADERS:
        if streamed.has_header(header):
            response[header] = streamed[header]
    response["Content-Length"] = str(size)
    response["ETag"] = f'"{record["generation"]}-{record["lang"]}{"-gzip" if compressed else ""}"'
    if compressed:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _request(path: str, lang: str) -> WSGIRequest:
    """An anonymous visitor's GET of `path` at SITE_URL: what the public sees there."""
    site = urlsplit(settings.SITE_URL)
    secure = site.scheme == "https"
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": site.hostname or "localhost",
            "SERVER_PORT": str(site.port or (443 if secure else 80)),
            "HTTP_HOST": site.netloc,
            "wsgi.url_scheme": site.scheme or "http",
            "wsgi.input": io.BytesIO(),
        }
    )
    request.user = AnonymousUser()
    request.LANGUAGE_CODE = lang
    setattr(request, _BUILDING, True)
    return request


def _write(response, raw, compressed) -> None:
    with gzip.GzipFile(fileobj=compressed, mode="wb", mtime=0) as zipped:
        for piece in response.streaming_content:
            raw.write(piece)
            zipped.write(piece)
    # Not response.close(): it would send request_finished, which closes the database
    # connection of the task (and of a test's transaction) halfway.


def _save(name: str, source) -> str:
    source.seek(0)
    return default_storage.save(name, File(source, name=name))


def build_one(*, name: str, lang: str, generation: str) -> dict:
    """The download `name` in `lang` as the public sees it, saved in the media storage."""
    view, url_name, base_name, extension = REGISTERED[name]
    with translation.override(lang):
        response = view(_request(reverse(url_name), lang))
        # Temporary files, deleted when closed: the state is only what the storage keeps.
        with tempfile.TemporaryFile() as raw, tempfile.TemporaryFile() as compressed:
            _write(response, raw, compressed)
            base = f"{DIRECTORY}/{base_name}-{lang}-{generation}.{extension}"
            for path in (base, f"{base}.gz"):
                if default_storage.exists(path):
                    default_storage.delete(path)
            path, gzip_path = _save(base, raw), _save(f"{base}.gz", compressed)
    record = {
        "path": path,
        "size": default_storage.size(path),
        "gzip_path": gzip_path,
        "gzip_size": default_storage.size(gzip_path),
        "generation": generation,
        "lang": lang,
    }
    cache.set(_key(name, lang, generation), record, pagecache.TIMEOUT)
    _delete_older(f"{base_name}-{lang}-", f".{extension}", keep={path, gzip_path})
    return record


def _delete_older(start: str, extension: str, *, keep: set[str]) -> None:
    try:
        _dirs, files = default_storage.listdir(DIRECTORY)
    except FileNotFoundError:
        return
    for file in files:
        path = f"{DIRECTORY}/{file}"
        ours = file.startswith(start) and file.removesuffix(".gz").endswith(extension)
        if ours and path not in keep:
            default_storage.delete(path)


def build_downloads(*, names: list[str] | None = None) -> list[dict]:
    """Builds the registered downloads (or `names`) in every language, unless the current
    generation's file is already there."""
    generation = data_generation()
    records = []
    for name in names or list(REGISTERED):
        for lang in LANGUAGE_CODES:
            if cache.get(_key(name, lang, generation)) is None:
                records.append(build_one(name=name, lang=lang, generation=generation))
    cache.delete(f"downloads:pending:{generation}")
    return records
