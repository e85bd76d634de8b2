"""The public record: a hash chain of every publication, change and withdrawal of a public record.

Each entry holds the record's kind and key, the action, the time, the canonical JSON of what the
public sees of the record (sorted keys, no spaces, dates in ISO, decimals as strings), the SHA-256
of its public files and the hash of the entry before it; its own hash is the SHA-256 of the
canonical JSON of all of that (the public fields by their SHA-256). The head is published daily
(signed with an Ed25519 key kept outside the database), so whoever saved a head can prove any
later edit of the entries before it, and `verify` rechecks the chain and every public record
against its latest entry.

This module knows no app: each app registers how to project its public records (`register`, from
its `record.py`, imported when the app is ready) and its services call `log` (or `withdraw`) in the
transaction of the change.
"""

import base64
import contextlib
import contextvars
import datetime
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import pagecache
from .models import GENESIS, LogChain, LogEntry, LogHead

Action = LogEntry.Action


def _plain(value):
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # The same number however many decimal places the database keeps.
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def canonical(value) -> str:
    """The one JSON text of a value: sorted keys, no spaces, UTF-8 characters as they are."""
    return json.dumps(_plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode()
    return hashlib.sha256(data).hexdigest()


def entry_hash(*, seq, kind, key, action, at, public: str, files: str, previous_hash) -> str:
    """The hash of an entry: `public` and `files` are the canonical JSON texts as stored. The
    public fields enter by their own SHA-256, so that a version later redacted (personal data in
    an answer, a request made private) can be left out of what is served while the chain still
    checks."""
    return sha256(
        canonical(
            {
                "seq": seq,
                "kind": kind,
                "key": key,
                "action": action,
                "at": at,
                "public_sha256": sha256(public),
                "files": json.loads(files),
                "previous_hash": previous_hash,
            }
        )
    )


def recompute(entry: LogEntry) -> str:
    return entry_hash(
        seq=entry.seq,
        kind=entry.kind,
        key=entry.key,
        action=entry.action,
        at=entry.at,
        public=entry.public,
        files=entry.files,
        previous_hash=entry.previous_hash,
    )


def append(*, kind: str, key, action: str, public: dict, files: Iterable[str] = ()) -> LogEntry:
    """Add an entry at the end of the chain, in the caller's transaction. The chain's head row is
    locked until the transaction ends, so concurrent appends queue (SQLite serialises writers)."""
    with transaction.atomic():
        chain = _locked_chain()
        entry = LogEntry(
            seq=chain.count + 1,
            kind=kind,
            key=str(key),
            action=action,
            at=timezone.now(),
            public=canonical(public),
            files=canonical(list(files)),
            previous_hash=chain.head_hash,
        )
        entry.hash = recompute(entry)
        entry.save()
        chain.count, chain.head_hash = entry.seq, entry.hash
        chain.save(update_fields=["count", "head_hash"])
    pagecache.changed()
    return entry


def _locked_chain() -> LogChain:
    chain = LogChain.objects.select_for_update().filter(pk=1).first()
    if chain is None:
        # The head row is made by a migration; where it is missing (an emptied database), the
        # first writers race to make it (get_or_create settles that in a savepoint), then every
        # writer waits for its lock like the others.
        LogChain.objects.get_or_create(pk=1)
        chain = LogChain.objects.select_for_update().get(pk=1)
    return chain


def _append_many(kind: str, pending: list[tuple[str, str, dict, list[str]]]) -> int:
    """`append` for many entries of one kind: (key, action, public, files) each, chained in
    that order under one lock of the head and written in bulk."""
    if not pending:
        return 0
    with transaction.atomic():
        chain = _locked_chain()
        seq, previous = chain.count, chain.head_hash
        entries = []
        for key, action, public, files in pending:
            seq += 1
            entry = LogEntry(
                seq=seq,
                kind=kind,
                key=key,
                action=action,
                at=timezone.now(),
                public=canonical(public),
                files=canonical(list(files)),
                previous_hash=previous,
            )
            entry.hash = previous = recompute(entry)
            entries.append(entry)
        LogEntry.objects.bulk_create(entries, batch_size=1000)
        chain.count, chain.head_hash = seq, previous
        chain.save(update_fields=["count", "head_hash"])
    pagecache.changed()
    return len(entries)


# How each app's public records are projected


@dataclass
class Projection:
    model: type[models.Model]
    kind: str
    fields: tuple[str, ...]
    files: tuple[str, ...] = ()
    # The records the public sees now; the model's `public_objects` unless said otherwise.
    public: Callable[[], models.QuerySet] | None = None
    # The records this one belongs to, by lookup: {Campaign: "campaign"} makes a campaign's
    # publication log its findings too.
    under: dict = field(default_factory=dict)

    def queryset(self) -> models.QuerySet:
        if self.public is not None:
            return self.public()
        return self.model.public_objects.all()

    def columns(self) -> list[tuple[str, str]]:
        """(name in the projection, attribute): a translated field gives one per language, a
        foreign key its id."""
        concrete = {f.name: f for f in self.model._meta.concrete_fields}
        columns = []
        for name in self.fields:
            per_language = [f"{name}_{code}" for code, _name in settings.LANGUAGES]
            if all(column in concrete for column in per_language):
                columns += [(column, concrete[column].attname) for column in per_language]
            elif name in concrete:
                columns.append((name, concrete[name].attname))
            else:  # many to many: the sorted ids
                columns.append((name, None))
        return columns

    def project(self, instance) -> tuple[dict, list[str]]:
        public = {
            name: getattr(instance, attname)
            if attname
            else sorted(getattr(instance, name).values_list("pk", flat=True))
            for name, attname in self.columns()
        }
        return public, [_file_hash(getattr(instance, name)) for name in self.files]


def _file_hash(field_file) -> str:
    """The SHA-256 of a stored file; "" when there is none, "missing" when it is gone."""
    if not field_file:
        return ""
    digest = hashlib.sha256()
    try:
        with field_file.storage.open(field_file.name, "rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 16), b""):
                digest.update(chunk)
    except FileNotFoundError:
        return "missing"
    return digest.hexdigest()


_projections: dict[type, Projection] = {}


def register(model, *, kind: str, fields, files=(), public=None, under=None) -> None:
    _projections[model] = Projection(
        model=model,
        kind=kind,
        fields=tuple(fields),
        files=tuple(files),
        public=public,
        under=dict(under or {}),
    )


def projections() -> list[Projection]:
    return list(_projections.values())


def _latest(kind: str, key: str) -> LogEntry | None:
    return LogEntry.objects.filter(kind=kind, key=key).order_by("-seq").first()


def _latest_of(kind: str, keys: list[str]) -> dict[str, LogEntry]:
    """The latest entry of each of the records, in one query per 500."""
    latest = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        for entry in LogEntry.objects.filter(kind=kind, key__in=chunk).order_by("seq"):
            latest[entry.key] = entry
    return latest


_deferred = contextvars.ContextVar("public_record_deferred", default=False)


@contextlib.contextmanager
def deferred():
    """For a bulk load that goes through the services (the demo): the services' `log` and
    `withdraw` wait, and at the end every public record is logged once as it then stands, and
    every logged record that the public no longer sees is withdrawn (`log_public`). The chain
    then holds the end state of the load rather than each of its steps, which would log the same
    records again and again."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)
    log_public()


def log(instance, *, parts: bool = False) -> LogEntry | None:
    """Append what the public now sees of the record, read again from the database: "published"
    the first time, "changed" when it differs from its latest entry, "withdrawn" when it left the
    public, nothing when it is the same. A record published (or with `parts`, whatever its
    change) brings the records registered under it: a campaign's findings, recommendations and
    files, a request's timeline and answers."""
    if _deferred.get():
        return None
    projection = _projections[type(instance)]
    current = projection.queryset().filter(pk=instance.pk).first()
    if current is None:
        entry = _withdraw(projection, instance.pk, reason="")
    else:
        entry = _log(projection, current)
    if parts or (entry is not None and entry.action == Action.PUBLISHED):
        _log_parts_of(instance)
    return entry


def _log_parts_of(instance) -> None:
    for other in projections():
        lookup = other.under.get(type(instance))
        if lookup:
            _log_parts(other, lookup, instance)


def _log_parts(projection: Projection, lookup: str, parent) -> None:
    items = list(projection.queryset().filter(**{lookup: parent}).order_by("pk"))
    everything = projection.model._default_manager.filter(**{lookup: parent})
    keys = [str(pk) for pk in everything.values_list("pk", flat=True)]
    latest = _latest_of(projection.kind, keys)
    for item in items:
        _log(projection, item, latest.get(str(item.pk)))
    # What belongs to it but the public no longer sees (a hidden file, say).
    public = {str(item.pk) for item in items}
    for key, entry in latest.items():
        if key not in public and entry.action != Action.WITHDRAWN:
            append(kind=projection.kind, key=key, action=Action.WITHDRAWN, public={"reason": ""})


def log_many(model: type[models.Model], pks: Iterable) -> int:
    """`log` for many records of one model, for an import: what the public sees of them is read
    again 500 at a time, compared with their latest entries, and the entries that differ are
    appended in bulk. The same entries as `log` of each in turn; a model with records registered
    under it goes one by one. How many entries were added."""
    if _deferred.get():
        return 0
    projection = _projections[model]
    keys = sorted(set(pks))
    if any(model in other.under for other in projections()):
        return sum(log(model(pk=pk)) is not None for pk in keys)
    pending = []
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        current = {item.pk: item for item in projection.queryset().filter(pk__in=chunk)}
        latest = _latest_of(projection.kind, [str(pk) for pk in chunk])
        for pk in chunk:
            entry, item = latest.get(str(pk)), current.get(pk)
            standing = entry is not None and entry.action != Action.WITHDRAWN
            if item is None:
                if standing:
                    pending.append((str(pk), Action.WITHDRAWN, {"reason": ""}, []))
                continue
            public, files = projection.project(item)
            if standing and entry.public == canonical(public) and entry.files == canonical(files):
                continue
            pending.append(
                (str(pk), Action.CHANGED if standing else Action.PUBLISHED, public, files)
            )
    return _append_many(projection.kind, pending)


def log_each(instances: Iterable) -> None:
    for instance in instances:
        log(instance)


def log_public() -> None:
    """Log every public record that differs from its latest entry (or has none), and withdraw
    every logged record that the public no longer sees."""
    for projection in projections():
        with transaction.atomic():
            items = list(projection.queryset().order_by("pk"))
            logged = LogEntry.objects.filter(kind=projection.kind).values_list("key", flat=True)
            latest = _latest_of(projection.kind, sorted(set(logged)))
            for item in items:
                _log(projection, item, latest.get(str(item.pk)))
            public = {str(item.pk) for item in items}
            for key, entry in sorted(latest.items(), key=lambda pair: pair[1].seq):
                if key not in public and entry.action != Action.WITHDRAWN:
                    _withdraw(projection, key, reason="")


_UNKNOWN = object()


def _log(projection: Projection, instance, latest=_UNKNOWN) -> LogEntry | None:
    public, files = projection.project(instance)
    key = str(instance.pk)
    if latest is _UNKNOWN:
        latest = _latest(projection.kind, key)
    if latest is not None and latest.action != Action.WITHDRAWN:
        if latest.public == canonical(public) and latest.files == canonical(files):
            return None
        action = Action.CHANGED
    else:
        action = Action.PUBLISHED
    return append(kind=projection.kind, key=key, action=action, public=public, files=files)


def withdraw(instance, *, reason: str = "") -> LogEntry | None:
    """Note that a logged record left the public (withdrawn, made private, hidden), and with it
    whatever is registered under it (a request's timeline, an answer's measures)."""
    if _deferred.get():
        return None
    projection = _projections.get(type(instance))
    if projection is None:
        return None
    entry = _withdraw(projection, instance.pk, reason=reason)
    _log_parts_of(instance)
    return entry


def _withdraw(projection: Projection, pk, *, reason: str) -> LogEntry | None:
    latest = _latest(projection.kind, str(pk))
    if latest is None or latest.action == Action.WITHDRAWN:
        return None
    return append(
        kind=projection.kind, key=str(pk), action=Action.WITHDRAWN, public={"reason": reason}
    )


def withdraw_all(instances: Iterable, *, reason: str = "") -> None:
    for instance in instances:
        withdraw(instance, reason=reason)


# Reading


def entries_after(after: int, limit: int) -> list[LogEntry]:
    """The entries numbered after `after`, each with `is_current`: whether it is its record's
    latest entry (a withdrawal's is its reason). Only those show their public fields: an earlier
    version may have been corrected for personal data, and its hash is enough to prove it."""
    later = LogEntry.objects.filter(
        kind=models.OuterRef("kind"), key=models.OuterRef("key"), seq__gt=models.OuterRef("seq")
    )
    return list(
        LogEntry.objects.filter(seq__gt=after)
        .annotate(is_current=~models.Exists(later))
        .order_by("seq")[:limit]
    )


def chain_head() -> tuple[int, str]:
    chain = LogChain.objects.filter(pk=1).first()
    return (chain.count, chain.head_hash) if chain else (0, GENESIS)


# Verification


@dataclass
class Problem:
    message: str
    seq: int | None = None
    kind: str = ""
    key: str = ""


def verify() -> list[Problem]:
    """Every break of the chain and every public record that differs from its latest entry."""
    problems: list[Problem] = []
    latest: dict[tuple[str, str], LogEntry] = {}
    previous, count = GENESIS, 0
    hashes: dict[int, str] = {}
    for entry in LogEntry.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        where = {"seq": entry.seq, "kind": entry.kind, "key": entry.key}
        if entry.seq != count:
            problems.append(Problem(_("entries are missing before this one"), **where))
            count = entry.seq
        if entry.previous_hash != previous:
            problems.append(Problem(_("the link to the previous entry is broken"), **where))
        if recompute(entry) != entry.hash:
            problems.append(Problem(_("the entry was changed after it was written"), **where))
        previous = entry.hash
        hashes[entry.seq] = entry.hash
        latest[entry.kind, entry.key] = LogEntry(
            seq=entry.seq, action=entry.action, public=entry.public, files=entry.files
        )
    chain = LogChain.objects.filter(pk=1).first()
    if chain is not None and (chain.count, chain.head_hash) != (count, previous):
        problems.append(Problem(_("entries were removed from the end of the chain")))
    for head in LogHead.objects.order_by("date"):
        if hashes.get(head.count) != head.head_hash:
            problems.append(
                Problem(
                    _("the head published on %(date)s no longer matches the chain")
                    % {"date": head.date.isoformat()},
                    seq=head.count,
                )
            )
    problems += _check_records(latest)
    return problems


def _check_records(latest: dict) -> list[Problem]:
    problems = []
    for projection in projections():
        for instance in projection.queryset().order_by("pk").iterator(chunk_size=500):
            key = str(instance.pk)
            entry = latest.pop((projection.kind, key), None)
            where = {"kind": projection.kind, "key": key}
            if entry is None or entry.action == Action.WITHDRAWN:
                problems.append(Problem(_("a public record has no entry"), **where))
                continue
            public, files = projection.project(instance)
            if entry.public != canonical(public):
                problems.append(
                    Problem(_("the record differs from its latest entry"), seq=entry.seq, **where)
                )
            if entry.files != canonical(files):
                problems.append(
                    Problem(_("a file differs from its latest entry"), seq=entry.seq, **where)
                )
        for (kind, key), entry in list(latest.items()):
            if kind == projection.kind:
                del latest[kind, key]
                if entry.action != Action.WITHDRAWN:
                    problems.append(
                        Problem(
                            _("the record left the public without an entry"),
                            seq=entry.seq,
                            kind=kind,
                            key=key,
                        )
                    )
    return problems


# The signed daily head


def _private_key():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    value = settings.BAQYLAU_RECORD_SIGNING_KEY.strip()
    if not value:
        return None
    try:
        pem = value.encode() if value.startswith("-----BEGIN") else Path(value).read_bytes()
        key = load_pem_private_key(pem, password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise ImproperlyConfigured(f"BAQYLAU_RECORD_SIGNING_KEY cannot be read: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured("BAQYLAU_RECORD_SIGNING_KEY is not an Ed25519 private key")
    return key


def public_key_pem(private_key) -> str:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return (
        private_key.public_key()
        .public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def head_message(*, date: datetime.date, count: int, head_hash: str) -> bytes:
    """What a head's signature signs: the canonical JSON of its date, entry count and hash."""
    return canonical({"date": date, "count": count, "head_hash": head_hash}).encode()


def head_publish(*, date: datetime.date) -> LogHead:
    """Store the chain's head for the day (again the same day: brought up to date), signed when
    a key is configured."""
    key = _private_key()
    with transaction.atomic():
        count, head_hash = chain_head()
        signature = public_key = ""
        if key is not None:
            message = head_message(date=date, count=count, head_hash=head_hash)
            signature = base64.b64encode(key.sign(message)).decode()
            public_key = public_key_pem(key)
        head, _created = LogHead.objects.update_or_create(
            date=date,
            defaults={
                "count": count,
                "head_hash": head_hash,
                "signature": signature,
                "public_key": public_key,
                "created_at": timezone.now(),
            },
        )
    return head


def configured_public_key() -> str:
    key = _private_key()
    return public_key_pem(key) if key is not None else ""


def head_signature_valid(head: LogHead, public_key_pem_text: str) -> bool:
    """Whether the head's signature was made by the key whose public half is given."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    if not head.signature:
        return False
    key = load_pem_public_key(public_key_pem_text.encode())
    message = head_message(date=head.date, count=head.count, head_hash=head.head_hash)
    try:
        key.verify(base64.b64decode(head.signature), message)
    except (InvalidSignature, ValueError):
        return False
    return True
