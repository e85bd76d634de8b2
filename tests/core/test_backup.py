"""Backup and restore: one archive of the database and every media file, checked before it is
restored, that brings back the same pages, API answers and files."""

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from baqylau.accounts.models import User
from baqylau.core import backup, record
from baqylau.registry import geo

PAGES = 120  # public pages crawled from the portal's indexes
SEEDS = [
    "/en/",
    "/en/documents/",
    "/en/objects/",
    "/en/organisations/",
    "/en/territories/",
    "/en/monitoring/",
    "/en/requests/",
    "/en/requests/bodies/",
    "/en/participation/reports/",
    "/en/participation/moderation/log/",
]
API = ["/api/request-ranking/", "/api/report-ranking/"]  # beside the lists of the API's root
DOWNLOADS = [
    f"/data/{name}"
    for name in [
        "indicators.csv",
        "objects.csv",
        "objects.geojson",
        "territories.geojson",
        "request-ranking.csv",
        "requests.csv",
        "request-events.csv",
        "campaigns.csv",
        "findings.csv",
        "recommendations.csv",
        "recommendation-ranking.csv",
        "reports.csv",
        "report-ranking.csv",
        "procurement-flag-feedback.csv",
        "procurement-flag-answers.csv",
    ]
]
LINK = re.compile(r'href="(/en/[^"#?]*)"')
# What differs between two answers of the same page: the masked CSRF token, a CSP nonce.
PER_RESPONSE = re.compile(rb'(csrfmiddlewaretoken" value=|nonce=)"[^"]*"')


def _fetch(client, url) -> tuple[int, bytes]:
    response = client.get(url)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, PER_RESPONSE.sub(rb'\1""', content)


def public_snapshot(client) -> dict[str, tuple[int, bytes]]:
    """Every answer of the crawled public pages, the API and the downloads, by address."""
    cache.clear()
    geo.clear_cache()
    seen: dict[str, tuple[int, bytes]] = {}
    queue = list(SEEDS)
    while queue and len(seen) < PAGES:
        url = queue.pop(0)
        if url in seen or url.endswith(".pdf") or "/accounts/" in url:
            continue
        seen[url] = _fetch(client, url)
        queue.extend(LINK.findall(seen[url][1].decode()))
    lists = [urlsplit(url).path for url in client.get("/api/").json().values()]
    for url in lists + API:
        for lang in ["kk", "en"]:
            seen[f"{url}?lang={lang}"] = _fetch(client, f"{url}?lang={lang}")
    for url in DOWNLOADS:
        seen[url] = _fetch(client, url)
    return seen


def media_hashes() -> dict[str, str]:
    if not backup._media_exists(default_storage):
        return {}
    return {
        name: hashlib.sha256(default_storage.open(name).read()).hexdigest()
        for name in backup._media_names(default_storage)
    }


def members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path) as tar:
        return {member.name: tar.extractfile(member).read() for member in tar}


def write_archive(path: Path, content: dict[str, bytes]) -> None:
    with tarfile.open(path, "w") as tar:
        for name, data in content.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def restore(path, *args) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def flush() -> None:
    """Empties the database, then puts back the content types and permissions, as `flush`."""
    backup.flush_database()
    framework_rows()


def framework_rows() -> None:
    ContentType.objects.clear_cache()
    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0)
        create_permissions(config, verbosity=0)


def empty_installation(settings, tmp_path) -> None:
    """What `migrate` leaves on a new machine: the framework's rows, no data, no media."""
    flush()
    settings.MEDIA_ROOT = tmp_path / "restored-media"


@pytest.fixture
def archive(tmp_path):
    def make(*args) -> Path:
        path = tmp_path / "backup.tar"
        call_command("backup", "--output", str(path), *args, stdout=io.StringIO())
        return path

    return make


@pytest.fixture
def some_data(alice, carol, _media):
    """A few people and files, with a group whose permission is referred to by natural key."""
    group = Group.objects.create(name="editors")
    group.permissions.add(Permission.objects.get(codename="change_user"))
    carol.groups.add(group)
    default_storage.save("monitoring/1/public/photo.jpg", ContentFile(b"\xff\xd8 a photo"))
    default_storage.save("requests/answer.pdf", ContentFile(b"%PDF an answer"))
    return {"alice": alice, "carol": carol}


def test_demo_restored_elsewhere_gives_the_same_pages_api_and_files(
    demo_data, client, archive, settings, tmp_path
):
    before = public_snapshot(client)
    files = media_hashes()
    chain = record.chain_head()
    assert len(before) > PAGES and files and chain[0] > 0
    assert sum(status == 200 for status, _content in before.values()) > PAGES
    path = archive()

    empty_installation(settings, tmp_path)
    assert not User.objects.exists() and media_hashes() == {}
    assert client.get("/en/monitoring/").content != before["/en/monitoring/"][1]

    output = restore(path)

    assert f"{len(files)} media files" in output
    assert media_hashes() == files
    after = public_snapshot(client)
    assert after.keys() == before.keys()
    changed = [url for url in before if after[url] != before[url]]
    assert changed == []
    # The public record comes back whole: the same head, and every record still matches it.
    assert record.chain_head() == chain
    assert record.verify() == []


def test_manifest_lists_every_member_with_its_sha256(some_data, archive):
    content = members(archive())

    manifest = json.loads(content.pop(backup.MANIFEST))
    assert manifest["format"] == "baqylau-backup"
    assert manifest["vendor"] == connection.vendor
    assert set(manifest["members"]) == set(content)
    assert {"media/monitoring/1/public/photo.jpg", "media/requests/answer.pdf"} <= set(content)
    for name, data in content.items():
        assert manifest["members"][name] == {
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
        }


def test_every_model_with_rows_is_in_the_dump_without_a_list_of_apps(some_data, archive):
    content = members(archive())
    rows = [json.loads(line) for line in gzip.decompress(content[backup.DATABASE]).splitlines()]

    dumped = {row["model"] for row in rows}
    filled = {
        model._meta.label_lower for model in backup.dumped_models() if model._base_manager.exists()
    }
    assert filled <= dumped
    assert {"accounts.user", "auth.group", "contenttypes.contenttype"} <= dumped
    # Content types and permissions by natural key; everything else keeps its primary key.
    permission = next(row for row in rows if row["model"] == "auth.permission")
    assert "pk" not in permission and permission["fields"]["content_type"][0]
    group = next(row for row in rows if row["model"] == "auth.group")
    assert group["pk"] and group["fields"]["permissions"] == [["change_user", "accounts", "user"]]


def test_restore_on_an_empty_installation_brings_back_rows_and_files(
    some_data, archive, settings, tmp_path
):
    alice = some_data["alice"]
    alice.date_joined = alice.date_joined.replace(microsecond=123456)
    alice.save()
    path = archive()
    empty_installation(settings, tmp_path)

    restore(path)

    restored = User.objects.get(pk=alice.pk)
    assert (restored.email, restored.date_joined) == (alice.email, alice.date_joined)
    carol = User.objects.get(pk=some_data["carol"].pk)
    assert [p.codename for p in Permission.objects.filter(group__user=carol)] == ["change_user"]
    assert default_storage.open("requests/answer.pdf").read() == b"%PDF an answer"
    # New rows take keys after the restored ones.
    assert Group.objects.create(name="new").pk > Group.objects.get(name="editors").pk


def test_a_database_with_data_is_refused_unless_forced(some_data, archive):
    path = archive()
    alice = some_data["alice"]
    alice.full_name = "Changed after the backup"
    alice.save()

    with pytest.raises(CommandError, match="The database already has data"):
        restore(path)
    alice.refresh_from_db()
    assert alice.full_name == "Changed after the backup"

    restore(path, "--force")
    alice.refresh_from_db()
    assert alice.full_name != "Changed after the backup"


def test_a_fresh_installation_counts_as_empty(db):
    assert not backup.database_in_use()


@pytest.mark.parametrize("damaged", ["media/requests/answer.pdf", backup.DATABASE])
def test_a_damaged_archive_applies_nothing(some_data, archive, damaged, tmp_path):
    path = archive()
    content = members(path)
    data = bytearray(content[damaged])
    data[len(data) // 2] ^= 0xFF
    content[damaged] = bytes(data)
    write_archive(path, content)
    alice = some_data["alice"]
    alice.full_name = "Kept"
    alice.save()
    default_storage.delete("requests/answer.pdf")

    with pytest.raises(CommandError, match=f"{re.escape(damaged)} in the archive is damaged"):
        restore(path, "--force")

    alice.refresh_from_db()
    assert alice.full_name == "Kept"
    assert not default_storage.exists("requests/answer.pdf")


def test_a_truncated_or_foreign_archive_applies_nothing(some_data, archive, tmp_path):
    path = archive()
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    content = members(path)
    content["media/extra.txt"] = b"not in the manifest"
    extra = tmp_path / "extra.tar"
    write_archive(extra, content)
    del content["media/extra.txt"], content["media/requests/answer.pdf"]
    lacking = tmp_path / "lacking.tar"
    write_archive(lacking, content)
    other = tmp_path / "other.tar"
    write_archive(other, {"notes.txt": b"hello"})
    User.objects.all().delete()

    # Cut in the middle of a member, or before the manifest that ends the archive.
    with pytest.raises(CommandError, match="cannot be read: unexpected end|manifest"):
        restore(truncated, "--force")
    with pytest.raises(CommandError, match="media/extra.txt, which its manifest does not list"):
        restore(extra, "--force")
    with pytest.raises(CommandError, match="lacks media/requests/answer.pdf"):
        restore(lacking, "--force")
    with pytest.raises(CommandError, match="not a Baqylau backup"):
        restore(other, "--force")
    assert not User.objects.exists()


def test_an_archive_of_other_migrations_is_refused(some_data, archive, tmp_path):
    path = archive()
    content = members(path)
    manifest = json.loads(content[backup.MANIFEST])
    manifest["migrations"].append("core.9999_from_a_later_release")
    content[backup.MANIFEST] = json.dumps(manifest).encode()
    write_archive(path, content)

    with pytest.raises(CommandError, match="other migrations"):
        restore(path, "--force")


def test_loaddata_reads_the_dump_into_an_empty_migrated_database(some_data, archive, tmp_path):
    content = members(archive())
    before = Permission.objects.get(codename="change_user").pk
    fixture = tmp_path / "database.jsonl.gz"
    fixture.write_bytes(content[backup.DATABASE])
    # A new machine's migrate numbers content types and permissions its own way.
    flush()
    ContentType.objects.all().delete()
    framework_rows()
    assert Permission.objects.get(codename="change_user").pk != before

    call_command("loaddata", str(fixture), verbosity=0)

    carol = User.objects.get(pk=some_data["carol"].pk)
    assert [p.codename for p in Permission.objects.filter(group__user=carol)] == ["change_user"]


def test_media_go_through_the_storage_api(some_data, archive, settings, tmp_path):
    memory = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
    settings.STORAGES = {**settings.STORAGES, "default": memory}
    default_storage.save("evidence/photo.jpg", ContentFile(b"in a bucket"))
    path = archive()
    assert "media/evidence/photo.jpg" in members(path)
    assert "media/requests/answer.pdf" not in members(path)  # on disk, not in the storage

    settings.STORAGES = {**settings.STORAGES, "default": dict(memory)}  # a new, empty bucket
    flush()
    restore(path)

    assert default_storage.open("evidence/photo.jpg").read() == b"in a bucket"
    assert not (Path(settings.MEDIA_ROOT) / "evidence").exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own copy")
def test_native_copy_of_sqlite(transactional_db, some_data, archive, tmp_path):
    # Transactional: SQLite copies a database that no open transaction is writing to.
    content = members(archive("--native"))
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(content["native/database.sqlite3"])

    with sqlite3.connect(copy) as db:
        emails = {row[0] for row in db.execute("select email from accounts_user")}
    assert some_data["alice"].email in emails


SQLITE_DATA = """
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.contrib.auth.models import Group, Permission
from baqylau.accounts.models import User
user = User.objects.create_user(email="sqlite@example.org", password="x", full_name="Ақжан")
group = Group.objects.create(name="editors")
group.permissions.add(Permission.objects.get(codename="change_user"))
user.groups.add(group)
default_storage.save("requests/from-sqlite.pdf", ContentFile(b"%PDF from SQLite"))
"""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite to PostgreSQL")
def test_an_archive_made_on_sqlite_restores_on_postgresql(db, tmp_path, settings):
    command = Path(sys.executable).with_name("baqylau")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'source.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "source-media"),
    }
    path = tmp_path / "from-sqlite.tar"
    for args in [["migrate", "-v0"], ["shell", "-c", SQLITE_DATA], ["backup", "--output", path]]:
        subprocess.run([command, *map(str, args)], env=env, check=True, capture_output=True)
    settings.MEDIA_ROOT = tmp_path / "media"

    restore(path)

    user = User.objects.get(email="sqlite@example.org")
    assert user.full_name == "Ақжан" and user.has_usable_password()
    assert [p.codename for p in Permission.objects.filter(group__user=user)] == ["change_user"]
    assert default_storage.open("requests/from-sqlite.pdf").read() == b"%PDF from SQLite"
    assert User.objects.create_user(email="next@example.org").pk > user.pk


@pytest.mark.skipif(
    connection.vendor != "postgresql" or not shutil.which("pg_dump"), reason="pg_dump"
)
def test_native_dump_of_postgresql(db, archive):
    content = members(archive("--native"))

    assert content["native/database.pgdump"].startswith(b"PGDMP")
