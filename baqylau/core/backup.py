"""Backup and restore of a whole installation: one archive of the database and every media file.

The archive is a tar holding `database.jsonl.gz` (every row of every model, as Django serializes
it, gzipped, so that it loads on SQLite as well as on PostgreSQL), the media files under
`media/` (read and written through the storage API, so S3 works as a local folder does), with
`--native` the database's own copy under `native/`, and last `manifest.json`: the SHA-256 and size
of every other member and the migrations the data was written at. A restore checks every member
against the manifest before it applies anything.

Every model is dumped, whichever app it comes from: nothing here lists the apps. Rows keep their
primary keys (links, pages and files name them); content types and permissions, which `migrate`
creates anew with other keys, are written and referred to by their natural keys, so that the data
also loads with `baqylau loaddata` into an empty migrated database.
"""

import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.core.serializers import jsonl
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from . import pagecache

FORMAT = "baqylau-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.jsonl.gz"
MEDIA = "media/"
NATIVE = "native/"
CHUNK = 1 << 20

# Written and referred to by their natural keys: `migrate` creates them with keys of its own.
NATURAL = (ContentType, Permission)
# What a freshly migrated database already holds (the framework's content types and permissions,
# sessions, and the reference data of the data migrations); any other row means it is in use.
FRESH_INSTALLATION = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "core.deadlinerule",
    "core.logchain",  # the public record's head row, before any entry
    "participation.category",
    "participation.ratingcriterion",
    "participation.moderationreason",
    "participation.trustrule",
    "meetings.announcementrule",
    "scorecards.groupkind",
    "registry.counter",  # the public figures, counted again whenever they are read stale
}


class ArchiveError(Exception):
    """The archive cannot be made or restored; the message says why, in the user's language."""


@dataclass
class BackupReport:
    path: Path
    rows: int = 0
    files: int = 0
    native: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class RestoreReport:
    rows: int = 0
    files: int = 0


# -- Backup ----------------------------------------------------------------------------------------


class _Encoder(DjangoJSONEncoder):
    """Django's encoder keeps milliseconds; a restore keeps every microsecond of a moment."""

    def default(self, o):
        if isinstance(o, datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, time):
            return o.isoformat()
        return super().default(o)


class _Serializer(jsonl.Serializer):
    """Django's JSON lines, with natural keys for content types and permissions only: every other
    row keeps its primary key, and a reference to a user or to a deleted row stays a plain key."""

    def get_dump_object(self, obj):
        self.use_natural_primary_keys = isinstance(obj, NATURAL)
        return super().get_dump_object(obj)

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = issubclass(field.remote_field.model, NATURAL)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = issubclass(field.remote_field.model, NATURAL)
        super().handle_m2m_field(obj, field)


def dumped_models() -> list:
    """Every concrete model of every installed app, those referred to by natural key first."""
    app_list = [
        (
            config,
            [
                model
                for model in config.get_models()
                if model._meta.managed and not model._meta.proxy
            ],
        )
        for config in apps.get_app_configs()
    ]
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def _dump_database(stream, using: str) -> int:
    rows = 0
    for model in dumped_models():
        queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
        count = queryset.count()
        if count:
            _Serializer().serialize(queryset.iterator(chunk_size=2000), stream=stream, cls=_Encoder)
            rows += count
    return rows


def _media_names(storage, folder: str = "") -> Iterator[str]:
    folders, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _media_names(storage, f"{folder}/{sub}" if folder else sub)


def _media_exists(storage) -> bool:
    try:
        storage.listdir("")
    except FileNotFoundError:
        return False
    return True


class _Hashing(io.RawIOBase):
    """Reads a file while counting its bytes and SHA-256, as tarfile copies it into the archive."""

    def __init__(self, source):
        self.source = source
        self.sha256 = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, size=-1) -> bytes:
        data = self.source.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _add(tar: tarfile.TarFile, manifest: dict, name: str, source, size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(timezone.now().timestamp())
    reader = _Hashing(source)
    tar.addfile(info, reader)
    manifest[name] = {"sha256": reader.sha256.hexdigest(), "size": reader.size}


def _native_copy(using: str, folder: Path) -> tuple[Path | None, str | None]:
    """The database's own copy (SQLite's backup API, pg_dump's custom format); a warning when
    the tool for it is missing."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
        finally:
            copy.close()
        return target, None
    if connection.vendor == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            return None, _("pg_dump is not installed: the archive has no native dump.")
        settings = connection.settings_dict
        env = dict(os.environ)
        for variable, key in [
            ("PGHOST", "HOST"),
            ("PGPORT", "PORT"),
            ("PGUSER", "USER"),
            ("PGPASSWORD", "PASSWORD"),
        ]:
            if settings.get(key):
                env[variable] = str(settings[key])
        target = folder / "database.pgdump"
        result = subprocess.run(
            [pg_dump, "--format=custom", "--no-owner", f"--file={target}", settings["NAME"]],
            env=env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            return None, _("pg_dump failed: %(error)s") % {"error": result.stderr.strip()}
        return target, None
    return None, _("No native dump for a %(vendor)s database.") % {"vendor": connection.vendor}


def _applied_migrations(using: str) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def backup_create(
    *, path: Path, native: bool = False, using: str = DEFAULT_DB_ALIAS
) -> BackupReport:
    """Writes the archive to `path` (through a `.partial` file renamed when it is complete, so
    that a failed run never leaves what looks like a backup)."""
    path = Path(path)
    report = BackupReport(path=path)
    partial = path.with_name(path.name + ".partial")
    members: dict[str, dict] = {}
    storage = default_storage
    with tempfile.TemporaryDirectory(prefix="baqylau-backup-") as work:
        work = Path(work)
        dump = work / DATABASE
        # One read transaction: the rows and the applied migrations of one moment.
        with transaction.atomic(using=using):
            with gzip.open(dump, "wt", encoding="utf-8") as stream:
                report.rows = _dump_database(stream, using)
            migrations = _applied_migrations(using)
        try:
            with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
                with open(dump, "rb") as source:
                    _add(tar, members, DATABASE, source, dump.stat().st_size)
                dump.unlink()
                if _media_exists(storage):
                    for name in _media_names(storage):
                        with storage.open(name, "rb") as source:
                            _add(tar, members, MEDIA + name, source, storage.size(name))
                        report.files += 1
                if native:
                    copy, warning = _native_copy(using, work)
                    if copy is not None:
                        report.native = NATIVE + copy.name
                        with open(copy, "rb") as source:
                            _add(tar, members, report.native, source, copy.stat().st_size)
                    if warning:
                        report.warnings.append(warning)
                manifest = {
                    "format": FORMAT,
                    "version": VERSION,
                    "created": timezone.now().isoformat(),
                    "vendor": connections[using].vendor,
                    "migrations": migrations,
                    "members": members,
                }
                data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
                _add(tar, {}, MANIFEST, io.BytesIO(data), len(data))
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    return report


# -- Restore ---------------------------------------------------------------------------------------


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.load(tar.extractfile(member))
    except (KeyError, ValueError):
        raise ArchiveError(_("This is not a Baqylau backup: it has no manifest.")) from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ArchiveError(_("This is not a Baqylau backup of a version this release can read."))
    return manifest


def _safe_media_name(name: str) -> str:
    path = PurePosixPath(name[len(MEDIA) :])
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ArchiveError(
            _("The archive names a file outside the media: %(name)s") % {"name": name}
        )
    return str(path)


def _verify(tar: tarfile.TarFile, manifest: dict) -> None:
    """Every member is listed in the manifest with its size and SHA-256, and every listed member
    is there."""
    expected = manifest["members"]
    seen = set()
    for member in tar:
        if member.name == MANIFEST:
            continue
        entry = expected.get(member.name)
        if entry is None or not member.isfile():
            raise ArchiveError(
                _("The archive holds %(name)s, which its manifest does not list.")
                % {"name": member.name}
            )
        if member.name.startswith(MEDIA):
            _safe_media_name(member.name)
        digest = hashlib.sha256()
        source = tar.extractfile(member)
        while chunk := source.read(CHUNK):
            digest.update(chunk)
        if member.size != entry["size"] or digest.hexdigest() != entry["sha256"]:
            raise ArchiveError(
                _("%(name)s in the archive is damaged: its SHA-256 is not the manifest's.")
                % {"name": member.name}
            )
        seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise ArchiveError(
            _("The archive lacks %(names)s, which its manifest lists.")
            % {"names": ", ".join(missing)}
        )


def database_in_use(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the database holds anything a fresh `migrate` does not put there."""
    return any(
        model._base_manager.using(using).exists()
        for model in dumped_models()
        if model._meta.label_lower not in FRESH_INSTALLATION
    )


def flush_database(using: str = DEFAULT_DB_ALIAS) -> None:
    """Empties every table, within the current transaction."""
    connection = connections[using]
    statements = sql_flush(no_style(), connection, reset_sequences=True, allow_cascade=False)
    if connection.vendor == "postgresql":
        # PostgreSQL truncates no table with foreign-key checks still pending in the transaction.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    connection.ops.execute_sql_flush(statements)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _load(stream, using: str) -> int:
    connection = connections[using]
    rows = 0
    deferred = []
    with connection.constraint_checks_disabled():
        for obj in serializers.deserialize(
            "jsonl", stream, using=using, handle_forward_references=True
        ):
            obj.save(using=using)
            if obj.deferred_fields:
                deferred.append(obj)
            rows += 1
        for obj in deferred:
            obj.save_deferred_fields(using=using)
    connection.check_constraints()
    models = dumped_models()
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    return rows


def _put_media(tar: tarfile.TarFile, storage) -> int:
    files = 0
    for member in tar:
        if not member.name.startswith(MEDIA):
            continue
        name = _safe_media_name(member.name)
        if storage.exists(name):
            storage.delete(name)
        saved = storage.save(name, File(tar.extractfile(member), name=name))
        if saved != name:
            raise ArchiveError(_("The storage kept %(name)s under another name.") % {"name": name})
        files += 1
    return files


def _open(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:")
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise ArchiveError(_("The archive cannot be read: %(error)s") % {"error": error}) from None


@pagecache.changes
def backup_restore(
    *, path: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS
) -> RestoreReport:
    """Checks the archive whole, then replaces the database's rows by the archive's in one
    transaction and puts its media files back; refuses a database in use unless `force`."""
    report = RestoreReport()
    with _open(path) as tar:
        try:
            manifest = _read_manifest(tar)
            _verify(tar, manifest)
        except (tarfile.TarError, OSError, EOFError, zlib.error, gzip.BadGzipFile) as error:
            raise ArchiveError(
                _("The archive cannot be read: %(error)s") % {"error": error}
            ) from None
        ours = _applied_migrations(using)
        if manifest["migrations"] != ours:
            raise ArchiveError(
                _(
                    "The archive was written at other migrations than this database has "
                    "(%(archive)d against %(database)d): restore it with the release that "
                    "wrote it, then migrate."
                )
                % {"archive": len(manifest["migrations"]), "database": len(ours)}
            )
        if not force and database_in_use(using):
            raise ArchiveError(
                _(
                    "The database already has data: a backup is restored into an empty "
                    "installation (run migrate on a new database), or with --force, which "
                    "replaces everything in it."
                )
            )
        with transaction.atomic(using=using):
            flush_database(using)
            with gzip.open(tar.extractfile(DATABASE), "rt", encoding="utf-8") as stream:
                try:
                    report.rows = _load(stream, using)
                except DeserializationError as error:
                    raise ArchiveError(
                        _("The archive's data cannot be loaded: %(error)s") % {"error": error}
                    ) from None
            report.files = _put_media(tar, default_storage)
    ContentType.objects.clear_cache()
    return report
