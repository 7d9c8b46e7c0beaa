"""The site as production runs it, for benchmarks: a fresh PostgreSQL database, Redis, gunicorn, WhiteNoise.

Nothing here is used by the site itself. Everything runs on this machine, on loopback.
"""

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/13")
# What the web server in front would say: the request came over HTTPS, for this host.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(*args, env, quiet=True):
    subprocess.run(args, cwd=PROJECT, env=env, check=True, stdout=subprocess.DEVNULL if quiet else None)


def psql(command):
    subprocess.run(["psql", f"{POSTGRES}/postgres", "-qc", command], check=True, stdout=subprocess.DEVNULL)


@contextlib.contextmanager
def production_site(name):
    """Environment variables of a production site on a database of its own, migrated and with its initial content.

    Its cache is Redis; without_redis(env) gives the same site with the file cache of a machine without Redis. On a
    machine shared with others, BENCH_DATABASE, BENCH_PORT and BENCH_REDIS name the database, port and Redis to use."""
    database = os.environ.get("BENCH_DATABASE") or f"portfolio_{name}_{os.getpid()}"
    psql(f'DROP DATABASE IF EXISTS "{database}"')
    psql(f'CREATE DATABASE "{database}"')
    with tempfile.TemporaryDirectory(prefix=f"portfolio-{name}-") as scratch:
        port = int(os.environ.get("BENCH_PORT") or free_port())
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portfolio.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{POSTGRES}/{database}",
            "REDIS_URL": REDIS,
            "STATIC_ROOT": str(Path(scratch) / "static"),
            "MEDIA_ROOT": str(Path(scratch) / "media"),
            "CACHE_DIR": str(Path(scratch) / "cache"),
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
            "BENCH_PORT": str(port),
        }
        run(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env)
        run(PYTHON, "manage.py", "load_initial_data", env=env)
        run(PYTHON, "-c", "import redis, os; redis.Redis.from_url(os.environ['REDIS_URL']).flushdb()", env=env)
        try:
            yield env
        finally:
            with contextlib.suppress(subprocess.CalledProcessError):
                psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@contextlib.contextmanager
def seeded_site(name):
    """production_site(name) with the large synthetic site of bench/seed.py in it."""
    with production_site(name) as env:
        print("Seeding the synthetic site (a few minutes)...", flush=True)
        subprocess.run([PYTHON, "bench/seed.py"], cwd=PROJECT, env=env, check=True)
        yield env


def without_redis(env):
    return {name: value for name, value in env.items() if name != "REDIS_URL"}


@contextlib.contextmanager
def varnish(env, port):
    """Debian's varnishd with deploy/varnish.vcl in front of the site's gunicorn, listening on port."""
    with tempfile.TemporaryDirectory(prefix="portfolio-varnish-") as scratch:
        vcl = (PROJECT / "deploy" / "varnish.vcl").read_text().replace('"8000"', f'"{env["BENCH_PORT"]}"')
        (Path(scratch) / "varnish.vcl").write_text(vcl)
        command = ["varnishd", "-F", "-j", "none", "-a", f"127.0.0.1:{port}", "-f", f"{scratch}/varnish.vcl"]
        command += ["-n", f"{scratch}/work", "-s", "malloc,256m"]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/", server)
            yield server
        finally:
            server.terminate()
            server.wait(timeout=30)


@contextlib.contextmanager
def gunicorn(env, app=None):
    """gunicorn with the repository's configuration, on the site's port, until the block ends.

    app names another WSGI application than the configuration's, as module:name.
    """
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    port = env["BENCH_PORT"]
    # A file, not a pipe nobody reads: a run that logs a line a request (a 404 is a warning) would fill the pipe and
    # stop the workers.
    log = Path(env["MEDIA_ROOT"]).parent / "gunicorn.log"
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            *([app] if app else []),
        ],
        cwd=PROJECT,
        env=env,
        stderr=log.open("w"),
        text=True,
    )
    server.log = log
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz", server)
        yield server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def wait_until_up(url, server, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            output = server.log.read_text() if hasattr(server, "log") else server.stderr.read()
            raise RuntimeError(f"{server.args[0]} stopped:\n{output}")
        try:
            request = urllib.request.Request(url, headers=PROXY_HEADERS)
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def get(url, headers=None):
    """(status, body) of a GET with the proxy's headers; errors are answers too."""
    request = urllib.request.Request(url, headers={**PROXY_HEADERS, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def worker_pids(server):
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(server.pid)], capture_output=True, text=True)
    return children.stdout.split()


def workers_memory(server, field="VmHWM"):
    """Each gunicorn worker's resident memory in MB: its peak (VmHWM), or what it holds now (VmRSS)."""
    sizes = []
    for pid in worker_pids(server):
        status = Path(f"/proc/{pid}/status").read_text()
        kilobytes = next(int(line.split()[1]) for line in status.splitlines() if line.startswith(f"{field}:"))
        sizes.append(kilobytes / 1024)
    return sizes


def allocator_environments(env):
    """(label, environment): env without glibc's allocator settings, then env with the GLIBC_TUNABLES the Makefile
    set, if it did; for benchmarks that show what the settings give back."""
    plain = {name: value for name, value in env.items() if name != "GLIBC_TUNABLES"}
    tunables = env.get("GLIBC_TUNABLES")
    return [("glibc's allocator as it comes", plain)] + ([(f"GLIBC_TUNABLES={tunables}", env)] if tunables else [])


def reset_peak_memory(server):
    """Start the workers' peaks afresh (Linux: 5 written to /proc/PID/clear_refs), to measure what follows alone."""
    for pid in worker_pids(server):
        Path(f"/proc/{pid}/clear_refs").write_text("5")
