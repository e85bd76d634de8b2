"""Page cache benchmark: throughput of anonymous pages through gunicorn, cached and not, beside a
trivial Django view and nginx serving a static copy of the same HTML, in one run.

    uv run python benchmarks/pagecache.py
    BENCH_SECONDS=10 BENCH_CONNECTIONS=20 uv run python benchmarks/pagecache.py

In a temporary directory: a SQLite database migrated and given the demo (`baqylau load_demo`),
a file cache the workers share (BAQYLAU_CACHE_DIR: the page cache needs one cache for every
process; Redis in production), gunicorn with 2 workers and the page cache on, the same with the
page cache off (the uncached figures), and nginx with 2 workers serving a static copy of the
home page and, as the README's deployment does, caching what the app marks cacheable in front
of the first gunicorn. Needs `nginx` and `wrk` (Debian packages `nginx-light wrk`: installed
with apt-get when missing and running as root, else named). Static files must have been
collected (`baqylau collectstatic`).

Each figure is wrk's over BENCH_SECONDS at BENCH_CONNECTIONS connections (2 threads): requests
per second, p50 and p95 in ms, errors (non-2xx/3xx answers and socket errors), and the ratio
to nginx's static copy and to the trivial view (/healthz: no database, no template). Target: a
cached page through gunicorn alone at ≥ 50% of the trivial view; through nginx's cache at ≥ 25%
of nginx's static copy. Prints a table and, as its last line, one JSON object.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks import servers  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "20"))
LUA = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %d %f %f %f %d\\n", summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, errors))
end
"""
NGINX_CONF = """
worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/nginx-body;
  proxy_temp_path {tmp}/nginx-proxy;
  fastcgi_temp_path {tmp}/nginx-fastcgi;
  uwsgi_temp_path {tmp}/nginx-uwsgi;
  scgi_temp_path {tmp}/nginx-scgi;
  proxy_cache_path {tmp}/nginx-cache keys_zone=pages:10m max_size=1g;
  upstream app {{ server 127.0.0.1:{app}; keepalive 32; }}
  server {{
    listen 127.0.0.1:{static};
    root {tmp}/static;
    location / {{ default_type text/html; }}
  }}
  server {{
    listen 127.0.0.1:{proxy};
    location / {{
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_cache pages;
      proxy_cache_lock on;
      proxy_cache_use_stale updating;
      proxy_cache_background_update on;
      proxy_cache_bypass $cookie_sessionid;
      proxy_no_cache $cookie_sessionid;
    }}
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def need(*commands: str) -> None:
    packages = {"nginx": "nginx-light", "wrk": "wrk"}
    missing = [c for c in commands if not shutil.which(c) and not Path(f"/usr/sbin/{c}").exists()]
    if not missing:
        return
    names = [packages[c] for c in missing]
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", *names], check=True)
    else:
        raise SystemExit(f"Please install: sudo apt-get install {' '.join(names)}")


def wrk(url: str, script: Path) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT"))
    requests, duration, p50, p95, errors = line.split()[1:]
    return {
        "rps": int(requests) / float(duration),
        "p50_ms": float(p50),
        "p95_ms": float(p95),
        "errors": int(errors),
    }


def main() -> None:
    need("nginx", "wrk")
    nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
    tmp = Path(tempfile.mkdtemp(prefix="baqylau-pagecache-"))
    tmp.chmod(0o755)  # nginx's workers read the static copy
    ports = {name: free_port() for name in ("cached", "uncached", "static", "proxy")}
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "BAQYLAU_CACHE_DIR": str(tmp / "cache"),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MEDIA_ROOT": str(tmp / "media"),
    }
    processes = []
    try:
        print("Migrating and loading the demo...", flush=True)
        for command in (["migrate", "-v0"], ["load_demo", "-v0"]):
            subprocess.run(
                [sys.executable, "-m", "baqylau.manage", *command], cwd=ROOT, env=env, check=True
            )
        cached = servers.gunicorn(ports["cached"], "--workers", "2", env=env)
        uncached = servers.gunicorn(
            ports["uncached"], "--workers", "2", env={**env, "BAQYLAU_PAGE_CACHE": "0"}
        )
        processes += [cached, uncached]
        app = f"http://127.0.0.1:{ports['cached']}"
        servers.wait_for(f"{app}/healthz", cached)
        servers.wait_for(f"http://127.0.0.1:{ports['uncached']}/healthz", uncached)
        documents = json.load(urllib.request.urlopen(f"{app}/api/documents/"))["results"]
        document = f"/en/documents/{documents[0]['slug']}/"
        (tmp / "static").mkdir()
        (tmp / "static" / "index.html").write_bytes(urllib.request.urlopen(f"{app}/en/").read())
        (tmp / "nginx.conf").write_text(
            ("user root;\n" if os.geteuid() == 0 else "")
            + NGINX_CONF.format(
                tmp=tmp, app=ports["cached"], static=ports["static"], proxy=ports["proxy"]
            )
        )
        nginx = subprocess.Popen(
            [nginx_bin, "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-g", "daemon off;"],
            stderr=subprocess.DEVNULL,
        )
        processes.append(nginx)
        servers.wait_for(f"http://127.0.0.1:{ports['static']}/index.html", nginx)
        script = tmp / "report.lua"
        script.write_text(LUA)
        cached_base, uncached_base = app, f"http://127.0.0.1:{ports['uncached']}"
        proxy = f"http://127.0.0.1:{ports['proxy']}"
        runs = {
            "nginx static copy of /en/": f"http://127.0.0.1:{ports['static']}/index.html",
            "trivial view /healthz": f"{cached_base}/healthz",
            "home /en/ cached": f"{cached_base}/en/",
            "home /en/ uncached": f"{uncached_base}/en/",
            "document page cached": f"{cached_base}{document}",
            "document page uncached": f"{uncached_base}{document}",
            "API /api/documents/ cached": f"{cached_base}/api/documents/",
            "API /api/documents/ uncached": f"{uncached_base}/api/documents/",
            "home /en/ via nginx cache": f"{proxy}/en/",
            "document page via nginx cache": f"{proxy}{document}",
        }
        figures = {}
        for name, url in runs.items():
            urllib.request.urlopen(url).read()  # made once (and kept, where it is cached)
            figures[name] = wrk(url, script)
        nginx_rps = figures["nginx static copy of /en/"]["rps"]
        trivial_rps = figures["trivial view /healthz"]["rps"]
        print(f"\n{SECONDS} s at {CONNECTIONS} connections each; gunicorn 2 workers; SQLite demo")
        print(
            f"{'':32} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6} {'/nginx':>8} "
            f"{'/trivial':>8}"
        )
        for name, f in figures.items():
            f["of_nginx"] = f["rps"] / nginx_rps
            f["of_trivial"] = f["rps"] / trivial_rps
            print(
                f"{name:32} {f['rps']:9.0f} {f['p50_ms']:8.1f} {f['p95_ms']:8.1f} "
                f"{f['errors']:6d} {f['of_nginx']:8.1%} {f['of_trivial']:8.1%}"
            )
        print(json.dumps(figures))
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
