"""scripts/demo serves where it is told, and the links of emails and letters (SITE_URL) follow."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "demo"


def run_demo(tmp_path, *args, **env) -> list[str]:
    """Runs a copy of the script with bootstrap and uv replaced by stubs that only say what they
    were asked, and with which SITE_URL; returns those lines."""
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    shutil.copy(SCRIPT, scripts / "demo")
    (scripts / "bootstrap").write_text("#!/bin/sh\n")
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    log = tmp_path / "log"
    (bin_ / "uv").write_text(f'#!/bin/sh\necho "$SITE_URL $*" >> {log}\n')
    for stub in (scripts / "bootstrap", scripts / "demo", bin_ / "uv"):
        stub.chmod(0o755)
    clean = {k: v for k, v in os.environ.items() if k not in ("PORT", "HOST", "SITE_URL")}
    subprocess.run(
        [scripts / "demo", *args],
        env={**clean, "PATH": f"{bin_}:{clean['PATH']}", "HOME": str(tmp_path), **env},
        check=True,
        capture_output=True,
    )
    return log.read_text().splitlines()


@pytest.mark.skipif(not shutil.which("bash"), reason="needs bash")
@pytest.mark.parametrize(
    ("args", "env", "served", "site_url"),
    [
        ((), {}, "127.0.0.1:8000", "http://127.0.0.1:8000"),
        (("8103",), {}, "127.0.0.1:8103", "http://127.0.0.1:8103"),
        ((), {"PORT": "8104", "HOST": "0.0.0.0"}, "0.0.0.0:8104", "http://127.0.0.1:8104"),
        (
            (),
            {"PORT": "8105", "SITE_URL": "https://demo.example"},
            "127.0.0.1:8105",
            "https://demo.example",
        ),
    ],
)
def test_the_links_point_where_the_demo_is_served(tmp_path, args, env, served, site_url):
    lines = run_demo(tmp_path, *args, **env)
    assert lines[-1] == f"{site_url} run --locked baqylau runserver {served}"
    assert all(line.startswith(f"{site_url} ") for line in lines)  # load_demo too
