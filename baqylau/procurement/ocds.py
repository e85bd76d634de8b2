"""Open Contracting Data Standard 1.1: the schema, reading the shapes publishers ship, checking a
release, merging releases (`ocdsmerge`) and writing record packages back out.

The 1.1.5 schemas are read from `schema/` in this package (Apache-2.0, see `schema/NOTICE`): the
merge rules, validation and the record package's own check never go to the network.

What publishers ship, all read as a stream (`read_file`):
- a release package (`{"releases": [...]}`) or a record package (`{"records": [...]}`), however
  large, item by item with `ijson`;
- a single release or a single record;
- JSON Lines: one release per line, or one release package or record per line.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC
from functools import cache
from pathlib import Path
from typing import IO, Any

import fastjsonschema
import ijson
from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from jsonschema import Draft4Validator
from ocdsmerge import Merger
from ocdsmerge.exceptions import OCDSMergeError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/"
SCHEMA_FILES = (
    "release-schema.json",
    "release-package-schema.json",
    "record-package-schema.json",
    "versioned-release-validation-schema.json",
)
OCDS_VERSION = "1.1"
# A message quoting a whole object is cut here: the path says where the problem is.
MESSAGE_LIMIT = 300
# Fields of the official extensions that Baqylau reads (bids: the Bid statistics and details
# extension, which the red flags need): not reported as unknown.
EXTENSION_FIELDS = {"bids"}
# Extra fields named in one warning per release before "and N more".
EXTRA_FIELDS_SHOWN = 10


@dataclass
class Problem:
    """Something wrong in the data: where (the file and line or position), the JSON path inside
    the release, and what."""

    where: str
    message: str
    path: str = ""
    ocid: str = ""

    def __str__(self) -> str:
        parts = [self.where]
        if self.ocid:
            parts.append(self.ocid)
        if self.path:
            parts.append(self.path)
        return f"{': '.join(p for p in parts if p)}: {self.message}"

    def as_dict(self) -> dict:
        return {"where": self.where, "path": self.path, "message": str(self.message)}


@dataclass
class Item:
    """One release read from a file, with where it was and what reading it noticed."""

    release: Any
    where: str
    # A compiled release (a record's only release, or a line of compiled releases): its `id`
    # and `date` may be missing; the merge does not need them when it is the ocid's only one.
    compiled: bool = False
    notes: list[Problem] = field(default_factory=list)


# --- the schema -------------------------------------------------------------------------------


@cache
def schema(name: str = "release-schema.json") -> dict:
    with (SCHEMA_DIR / name).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def _registry() -> Registry:
    resources = [
        (SCHEMA_URL + name, Resource.from_contents(schema(name), default_specification=DRAFT4))
        for name in SCHEMA_FILES
    ]
    return Registry().with_resources(resources)


@cache
def validator(name: str = "release-schema.json") -> Draft4Validator:
    """A validator of the named schema whose `$ref`s to the other schemas resolve locally."""
    return Draft4Validator(schema(name), registry=_registry())


@cache
def _fast_check():
    """The release schema compiled to Python by fastjsonschema: a quick yes for a valid release
    (most of a clean file); only a release that fails is walked by jsonschema for every problem.
    Its references are all inside the schema: none is fetched."""
    # A copy: fastjsonschema rewrites the references of the schema it is given.
    return fastjsonschema.compile(copy.deepcopy(schema()), handlers={}, use_formats=False)


def _inlined(node, definitions: dict):
    """The schema with its `#/definitions/...` references replaced by what they name (the
    release schema has no recursive reference), which jsonschema then walks faster."""
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/definitions/"):
            return _inlined(definitions[ref.rsplit("/", 1)[1]], definitions)
        return {k: _inlined(v, definitions) for k, v in node.items()}
    if isinstance(node, list):
        return [_inlined(v, definitions) for v in node]
    return node


@cache
def _release_validator() -> Draft4Validator:
    release_schema = schema()
    inlined = _inlined(
        {k: v for k, v in release_schema.items() if k != "definitions"},
        release_schema["definitions"],
    )
    return Draft4Validator(inlined)


@cache
def merger() -> Merger:
    return Merger(schema=schema())


def canonical(data) -> bytes:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256(data) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


def _short(message: str) -> str:
    return message if len(message) <= MESSAGE_LIMIT else message[: MESSAGE_LIMIT - 1] + "…"


def _pointer(parts: Iterable) -> str:
    return "/".join(str(p) for p in parts)


def schema_problems(release: dict, where: str) -> list[Problem]:
    """What the 1.1.5 release schema says of the release, and the fields it does not know."""
    ocid = release.get("ocid") if isinstance(release.get("ocid"), str) else ""
    try:
        _fast_check()(release)
        errors = []
    except fastjsonschema.JsonSchemaException:
        errors = sorted(
            _release_validator().iter_errors(release), key=lambda e: _pointer(e.absolute_path)
        )
    problems = [
        Problem(where, _short(error.message), _pointer(error.absolute_path), ocid)
        for error in errors
    ]
    extra = [
        path
        for path in _extra_fields(release, schema(), schema()["definitions"], ())
        if path.split("/", 1)[0] not in EXTENSION_FIELDS
    ]
    if extra:
        shown = ", ".join(extra[:EXTRA_FIELDS_SHOWN])
        more = len(extra) - EXTRA_FIELDS_SHOWN
        message = _("Fields the schema does not define (an extension or the publisher's own): ")
        message += shown
        if more > 0:
            message += " " + ngettext("and %(n)d more", "and %(n)d more", more) % {"n": more}
        problems.append(Problem(where, message, "", ocid))
    return problems


def _resolved(node: dict, definitions: dict) -> dict:
    while "$ref" in node and node["$ref"].startswith("#/definitions/"):
        node = definitions[node["$ref"].rsplit("/", 1)[1]]
    return node


def _extra_fields(data, node: dict, definitions: dict, path: tuple) -> Iterator[str]:
    node = _resolved(node, definitions)
    if isinstance(data, dict):
        properties = node.get("properties")
        if properties is None:
            return
        for key, value in data.items():
            if key in properties:
                yield from _extra_fields(value, properties[key], definitions, (*path, key))
            elif not (isinstance(node.get("patternProperties"), dict) and "_" in key):
                yield _pointer((*path, key))
    elif isinstance(data, list) and isinstance(node.get("items"), dict):
        for index, value in enumerate(data):
            yield from _extra_fields(value, node["items"], definitions, (*path, index))


def parse_date(value):
    """An aware datetime from an OCDS date, or None if it is not one."""
    if not isinstance(value, str):
        return None
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    return moment


# --- reading files ----------------------------------------------------------------------------


class _Counting:
    """A binary file that reports the bytes read (for the progress bar)."""

    def __init__(self, handle: IO[bytes], progress):
        self.handle = handle
        self.progress = progress
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.position += len(chunk)
        if self.progress is not None:
            self.progress(len(chunk))
        return chunk


def read_file(path: Path, *, label: str = "", compiled: bool = False, progress=None):
    """Every release in the file as an `Item`, and every reason a part of it cannot be used as
    a `Problem`, in the order of the file. `progress(n)` is told of each n bytes read."""
    label = label or path.name
    with path.open("rb") as handle:
        if _is_json_lines(handle):
            yield from _read_json_lines(handle, label, compiled, progress)
        else:
            yield from _read_document(_Counting(handle, progress), label, compiled)


def _is_json_lines(handle: IO[bytes]) -> bool:
    """JSON Lines if one of the first two lines that are not blank is a JSON object on its own
    and there is more than one such line (a one-line document is read as a document)."""
    lines = []
    for raw in handle:
        if raw.strip():
            lines.append(raw)
            if len(lines) == 2:
                break
    handle.seek(0)
    if len(lines) < 2:
        return False
    for raw in lines:
        try:
            if isinstance(json.loads(raw), dict):
                return True
        except ValueError:
            continue
    return False


def _read_json_lines(handle, label, compiled, progress):
    for number, raw in enumerate(handle, start=1):
        if progress is not None:
            progress(len(raw))
        if not raw.strip():
            continue
        where = _("%(file)s, line %(line)d") % {"file": label, "line": number}
        try:
            data = json.loads(raw)
        except UnicodeDecodeError:
            yield Problem(where, _("The line is not UTF-8 text."))
            continue
        except json.JSONDecodeError as error:
            yield Problem(
                where,
                _("Not JSON (%(reason)s at column %(column)d).")
                % {"reason": error.msg, "column": error.colno},
            )
            continue
        yield from _items_of(data, where, compiled, line=True)


def _items_of(data, where: str, compiled: bool, *, line: bool = False):
    """The releases of one JSON value: a release, a record, or a package of either."""
    if not isinstance(data, dict):
        yield Problem(where, _("Not a JSON object: an OCDS release, record or package is one."))
        return
    if isinstance(data.get("records"), list):
        for index, record in enumerate(data["records"]):
            yield from _record_items(record, f"{where}: records[{index}]", compiled)
    elif isinstance(data.get("releases"), list) and "ocid" in data:
        yield from _record_items(data, where, compiled)
    elif isinstance(data.get("releases"), list):
        for index, release in enumerate(data["releases"]):
            yield Item(release, f"{where}: releases[{index}]", compiled)
    elif "compiledRelease" in data:
        yield from _record_items(data, where, compiled)
    else:
        yield Item(data, where, compiled)


def _is_linked(release) -> bool:
    return isinstance(release, dict) and "url" in release and "id" not in release


def _record_items(record, where: str, compiled: bool):
    """A record's embedded releases, or its compiled release when its releases are only linked
    (or missing); a warning says which was taken."""
    if not isinstance(record, dict):
        yield Problem(where, _("Not a JSON object: a record is one."))
        return
    ocid = record.get("ocid") if isinstance(record.get("ocid"), str) else ""
    releases = record.get("releases") if isinstance(record.get("releases"), list) else []
    embedded = [r for r in releases if not _is_linked(r)]
    if embedded:
        note = Problem(
            where,
            ngettext(
                "From a record: its %(n)d embedded release was taken and merged again.",
                "From a record: its %(n)d embedded releases were taken and merged again.",
                len(embedded),
            )
            % {"n": len(embedded)},
            "releases",
            ocid,
        )
        for index, release in enumerate(releases):
            if not _is_linked(release):
                yield Item(release, f"{where}: releases[{index}]", compiled, [note])
    elif isinstance(record.get("compiledRelease"), dict):
        note = Problem(
            where,
            _(
                "From a record: its compiled release was taken, as its releases are only "
                "linked, not embedded."
            ),
            "compiledRelease",
            ocid,
        )
        yield Item(record["compiledRelease"], f"{where}: compiledRelease", True, [note])
    else:
        yield Problem(
            where,
            _("The record has neither embedded releases nor a compiled release."),
            "",
            ocid,
        )


RECORD_KEYS = {"ocid", "compiledRelease", "versionedRelease"}
_TAKEN_EMBEDDED = gettext_lazy("From a record: its embedded releases were taken and merged again.")


def _read_document(reader: _Counting, label: str, compiled: bool):
    """One JSON document, streamed: the items of a top-level `releases` or `records` array one by
    one, the other top-level values built whole (a single release or record is small)."""
    top: dict = {}
    key = None
    builder = None
    depth = 0
    streamed = {"releases": 0, "records": 0}
    embedded = False
    top_is_object = False
    try:
        for prefix, event, value in ijson.parse(reader, use_float=True):
            if prefix == "" and depth == 0:
                if event == "start_map":
                    top_is_object = True
                    continue
                if event == "map_key":
                    key = value
                    continue
                if event == "end_map":
                    break
                yield Problem(
                    label, _("Not a JSON object: an OCDS release, record or package is one.")
                )
                return
            item_prefix = f"{key}.item"
            if key in streamed and (prefix == item_prefix or prefix.startswith(item_prefix + ".")):
                if depth == 0 and event not in ("start_map", "start_array"):
                    done = value  # a scalar item: not a release, said so below
                else:
                    if depth == 0:
                        builder = ijson.ObjectBuilder()
                    builder.event(event, value)
                    depth += _depth(event)
                    if depth:
                        continue
                    done, builder = builder.value, None
                where = f"{label}: {key}[{streamed[key]}]"
                streamed[key] += 1
                if key == "records":
                    yield from _record_items(done, where, compiled)
                elif not _is_linked(done):
                    embedded = True
                    notes = []
                    if RECORD_KEYS & top.keys():
                        # A single record (known from the keys read so far).
                        notes.append(Problem(where, _TAKEN_EMBEDDED, "releases"))
                    yield Item(done, where, compiled, notes)
                continue
            if key in streamed and prefix == key and event in ("start_array", "end_array"):
                continue
            # Any other top-level value, built whole.
            if depth == 0:
                builder = ijson.ObjectBuilder()
            builder.event(event, value)
            depth += _depth(event)
            if depth == 0:
                top[key] = builder.value
                builder = None
    except ijson.JSONError as error:
        yield Problem(
            _("%(file)s, near byte %(position)d") % {"file": label, "position": reader.position},
            _("Not JSON or cut short (%(reason)s): the file cannot be read to its end.")
            % {"reason": _short(str(error).strip().splitlines()[0] if str(error).strip() else "")},
        )
        return
    except UnicodeDecodeError:
        yield Problem(label, _("The file is not UTF-8 text."))
        return
    if not top_is_object:
        yield Problem(label, _("The file is empty."))
        return
    if streamed["records"] or streamed["releases"]:
        if streamed["releases"] and "ocid" in top and not embedded:
            # A single record whose releases were all links: its compiled release is what it has.
            yield from _record_items(top, label, compiled)
        return
    if "records" in top or "releases" in top or "compiledRelease" in top or "ocid" in top:
        yield from _items_of(top, label, compiled)
        return
    yield Problem(label, _("Neither an OCDS release, nor a record, nor a package of them."))


def _depth(event: str) -> int:
    if event in ("start_map", "start_array"):
        return 1
    if event in ("end_map", "end_array"):
        return -1
    return 0


# --- merging ----------------------------------------------------------------------------------


def compile_releases(releases: list[dict]) -> dict:
    """The compiled release of an ocid's releases (the standard merge, `ocdsmerge`)."""
    return merger().create_compiled_release(releases)


def versioned_release(releases: list[dict]) -> dict:
    return merger().create_versioned_release(releases)


MergeError = OCDSMergeError


# --- writing ----------------------------------------------------------------------------------


def publisher() -> dict:
    site = getattr(settings, "SITE_URL", "").rstrip("/")
    name = getattr(settings, "BAQYLAU_OCDS_PUBLISHER", "") or "Baqylau"
    data = {"name": name}
    if site:
        data["uri"] = site + "/"
    return data


def record_package(processes, *, uri: str = "", published=None) -> dict:
    """A record package of the processes: each record with its releases embedded as they came,
    its compiled release and its versioned release (both made again with `ocdsmerge`)."""
    records = []
    for process in processes:
        rows = getattr(process, "release_rows", None)
        if rows is None:
            rows = process.releases.all()
        releases = [release.data for release in rows]
        record = {"ocid": process.ocid, "releases": releases}
        if releases:
            # The compiled release is the one loaded (the same merge); the versioned release is
            # made on demand, as only an export needs it.
            record["compiledRelease"] = process.compiled
            with contextlib.suppress(OCDSMergeError):
                record["versionedRelease"] = versioned_release(releases)
        records.append(record)
    published = published or timezone.now()
    return {
        "uri": uri or publisher().get("uri", "") or "about:blank",
        "version": OCDS_VERSION,
        "publishedDate": published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "publisher": publisher(),
        "records": records,
    }
