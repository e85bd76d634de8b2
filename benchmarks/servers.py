"""The app server of the benchmarks that measure over HTTP: gunicorn serving Baqylau on a local
port, started and waited for."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def gunicorn(port: int, *options: str, env: dict | None = None) -> subprocess.Popen:
    """gunicorn with `options` (workers, threads, timeout) on 127.0.0.1:`port`, logging its
    warnings only; the environment is this process's with `env` over it."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "baqylau.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            *options,
        ],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


def wait_for(url: str, process: subprocess.Popen, *, attempts: int = 240) -> None:
    """Until `url` answers; stops the benchmark if the process ends or it never does."""
    for _attempt in range(attempts):
        if process.poll() is not None:
            raise SystemExit(f"{process.args[0]} stopped (is the port taken?)")
        try:
            urllib.request.urlopen(url, timeout=30).read()
            return
        except OSError:  # not listening yet, or still starting
            time.sleep(0.25)
    process.terminate()
    raise SystemExit(f"{url} did not answer")
