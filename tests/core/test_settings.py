"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys

import pytest

PRODUCTION_ENV = {
    "BAQYLAU_ENV": "production",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "baqylau.example.kz",
    "DATABASE_URL": "sqlite:///:memory:",
}


# What a developer's shell or the test run may have set, and a production server would not.
UNSET = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}


def _run(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in UNSET}
    return subprocess.run(
        [sys.executable, "-m", "baqylau.manage", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = _run("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without_required_settings(missing):
    env = {**PRODUCTION_ENV, missing: ""}
    result = _run("check", env=env)
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_media_goes_to_s3_compatible_storage_when_a_bucket_is_configured():
    code = (
        "from django.conf import settings; import django; django.setup();"
        'from django.core.files.storage import storages; s = storages["default"];'
        "print(type(s).__module__, s.bucket_name, s.endpoint_url)"
    )
    env = {
        **PRODUCTION_ENV,
        "AWS_STORAGE_BUCKET_NAME": "baqylau-media",
        "AWS_S3_ENDPOINT_URL": "https://s3.example.kz",
        "DJANGO_SETTINGS_MODULE": "baqylau.settings",
    }
    clean = {k: v for k, v in os.environ.items() if k not in UNSET}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3",
        "baqylau-media",
        "https://s3.example.kz",
    ]
