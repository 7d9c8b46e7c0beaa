"""The site in real processes, as `make run` and `make serve` start it, for tests where processes matter."""

import atexit
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

import psycopg
from django.conf import settings

from tests.environments import PRODUCTION_SECRET_KEY, PROJECT, environment, missing

GUNICORN = Path(sys.executable).parent / "gunicorn"
REDIS_SERVER = "redis-server"
# Debian keeps PostgreSQL's server programs out of PATH, one folder a major version.
POSTGRESQL_PROGRAMS = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port, process, log, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server exited:\n{log.read_text()}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the server did not start in {seconds} s:\n{log.read_text()}")


@contextmanager
def fresh_database():
    """A database URL of the kind the tests run on: a new SQLite file, or a new PostgreSQL database beside the
    test database, dropped afterwards."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        folder = Path(settings.MEDIA_ROOT).parent / f"db-{uuid.uuid4().hex[:8]}"
        folder.mkdir()
        yield f"sqlite:///{folder / 'db.sqlite3'}"
        return
    server = test_database_server()
    name = f"portfolio_process_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        drop_database(server, name)


# Migrating a database, loading the initial content and collecting the static files took each served site about
# 40 s on CI's machine: a test session does it once, into a prepared site that each served site is copied from.
prepared_sites = {}


def copied_from_prepared_site(database_url, folder):
    """Fills the empty database at database_url, folder/media and folder/static from the session's prepared site,
    as `migrate`, `load_initial_data` and `collectstatic` with the production settings would; False when it cannot
    (a PostgreSQL server of the test's own)."""
    server, _slash, name = database_url.rpartition("/")
    if database_url.startswith("sqlite:///"):
        kind = "sqlite"
    elif server == test_database_server():
        kind = "postgresql"
    else:
        return False
    if kind not in prepared_sites:
        prepared_sites[kind] = prepare_site(kind)
    template_url, template_folder = prepared_sites[kind]
    if kind == "sqlite":
        shutil.copyfile(template_url.removeprefix("sqlite:///"), database_url.removeprefix("sqlite:///"))
    else:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE "{name}"')
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template_url.rpartition("/")[2]}"')
    for part in ("media", "static"):
        shutil.copytree(template_folder / part, folder / part, dirs_exist_ok=True)
    return True


def prepare_site(kind):
    folder = Path(tempfile.mkdtemp(prefix="portfolio-test-prepared-site-"))
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'db.sqlite3'}"
    else:
        name = f"portfolio_prepared_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{test_database_server()}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        atexit.register(drop_database, test_database_server(), name)
        url = f"{test_database_server()}/{name}"
    env = environment(
        "production",
        DATABASE_URL=url,
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"),
        SECRET_KEY=PRODUCTION_SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1",
    )
    for arguments in (["migrate", "--noinput", "-v0"], ["load_initial_data"], ["collectstatic", "--noinput", "-v0"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments], cwd=PROJECT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
    return url, folder


def test_database_server():
    database = settings.DATABASES["default"]
    return f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"


def drop_database(server, name):
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def loopback_http_server(handler):
    """A threaded HTTP server on a free loopback port answering with the handler class, for what a test would
    otherwise fetch from another host; its base address is .url."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.url = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def redis_server(folder):
    """A Redis of the test's own on a free port, stopped afterwards (the machine's own is never touched)."""
    if not shutil.which(REDIS_SERVER):
        missing("redis-server (apt-get install redis-server)")
    port = free_port()
    log = folder / "redis.log"
    with log.open("w") as output:
        redis = subprocess.Popen(
            [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_listening(port, redis, log)
        yield redis, f"redis://127.0.0.1:{port}/0"
    finally:
        redis.send_signal(signal.SIGCONT)  # in case a test left it stopped
        redis.terminate()
        redis.wait(timeout=10)


@contextmanager
def postgresql_server():
    """A PostgreSQL server of the test's own, in a new data folder on a free port, for tests that stop it or make
    it hang (the machine's own is never touched). Yields a Server: its URL, `start()` and `stop()`. As root it runs
    as the postgres user: PostgreSQL refuses to run as root."""
    initdb = POSTGRESQL_PROGRAMS[0] if POSTGRESQL_PROGRAMS else shutil.which("initdb")
    if not initdb:
        missing("PostgreSQL's server programs (apt-get install postgresql)")
    user = "postgres" if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="portfolio-test-postgresql-"))
    if user:
        shutil.chown(folder, user)
    initialise = [initdb, "-D", str(folder / "data"), "-A", "trust", "-U", "postgres"]
    subprocess.run(initialise, user=user, capture_output=True, check=True)
    server = PostgreSQLServer(Path(initdb).parent / "postgres", folder, free_port(), user)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder)


class PostgreSQLServer:
    def __init__(self, program, folder, port, user):
        self.program, self.folder, self.port, self.user = program, folder, port, user
        self.url = f"postgres://postgres@127.0.0.1:{port}/postgres"
        self.process = None

    def start(self):
        log = self.folder / "postgresql.log"
        with log.open("a") as output:
            self.process = subprocess.Popen(
                [self.program, "-D", self.folder / "data", "-p", str(self.port), "-k", self.folder]
                + ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
                user=self.user,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        wait_until_listening(self.port, self.process, log)
        deadline = time.monotonic() + 30
        while True:  # listening comes before accepting connections
            try:
                psycopg.connect(self.url, connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def stop(self):
        """A fast shutdown, as `pg_ctl stop` does: connections are ended and the server exits."""
        for pid in self.processes():
            os.kill(pid, signal.SIGCONT)  # in case a test left it stopped
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=30)

    def processes(self):
        """The postmaster and its children: a backend serves each connection."""
        return [self.process.pid, *children(self.process.pid)]

    def create_database(self, name):
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + f"/{name}"


def children(pid):
    """The process ids of a process's children."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                # The command may hold spaces and parentheses; the parent id is the second field after the last ")".
                stat = (entry / "stat").read_text()
            except OSError:  # the process has exited
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


class Site:
    """The site served by one kind of server, with the environment its management commands need."""

    def __init__(self, kind, folder, env, port):
        self.kind, self.folder, self.env, self.port = kind, folder, env, port

    def manage(self, *arguments, input=None):
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=PROJECT,
            env=self.env,
            input=input,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def shell(self, code):
        """Python run by `manage.py shell` in a process of its own, as an author at a terminal would."""
        return self.manage("shell", "-c", code)

    def get(self, path, timeout=30):
        """(status, headers, body) of a GET from a visitor without cookies, over HTTPS as the front server says."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        connection.request("GET", path, headers={"X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        body = response.read().decode()
        connection.close()
        return response.status, dict(response.getheaders()), body


@contextmanager
def serving(kind, folder, database_url, **environ):
    """The site with its initial content, served by runserver ("runserver", development settings) or gunicorn
    ("gunicorn", production settings, several workers), on a free port, with its own cache and media folders."""
    port = free_port()
    common = {
        "DATABASE_URL": database_url,
        "CACHE_DIR": str(folder / "cache"),
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        "PORT": str(port),
        **environ,
    }
    if kind == "runserver":
        env = environment("dev", **common)
        command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    else:
        production = {"SECRET_KEY": PRODUCTION_SECRET_KEY, "ALLOWED_HOSTS": "127.0.0.1"}
        env = environment("production", **common, **production, WEB_CONCURRENCY="3")
        env["GUNICORN_CMD_ARGS"] = f"--bind 127.0.0.1:{port} --access-logfile /dev/null"
        command = [str(GUNICORN)]
    site = Site(kind, folder, env, port)
    if copied_from_prepared_site(database_url, folder):
        if kind == "runserver":
            site.manage("load_initial_data")  # development: the site's port follows PORT, the admin user
    else:
        site.manage("migrate", "--noinput", "-v0")
        site.manage("load_initial_data")
        if kind != "runserver":
            site.manage("collectstatic", "--noinput", "-v0")
    log = folder / f"{kind}.log"
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=output, stderr=subprocess.STDOUT)
    site.process, site.log = server, log
    try:
        wait_until_listening(port, server, log)
        yield site
    finally:
        server.terminate()
        server.wait(timeout=30)
