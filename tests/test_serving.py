"""Production as served by `make serve`: gunicorn with gunicorn.conf.py, static files from WhiteNoise, the headers
a browser gets over HTTPS, what it writes on standard error and reports to Sentry. Its database is down throughout,
which static files and the maintenance page survive."""

import gzip
import http.client
import http.server
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.environments import PRODUCTION_SECRET_KEY, PROJECT, environment, manage, run_python
from tests.sockets import closed_port

GUNICORN = Path(sys.executable).parent / "gunicorn"
HTTPS = {"X-Forwarded-Proto": "https"}
FOREVER = "max-age=315360000, public, immutable"
# The start of each logged event: time, level, logger.
LOGGED = r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (?P<level>[A-Z]+) (?P<logger>[\w.]+) "


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port, server, log, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn exited:\n{log.read_text()}"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not start in {seconds} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def sentry():
    """A stand-in for Sentry on a local port: its DSN, and the text of each envelope (a batch of events) it received."""
    received = []

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            received.append(body.decode())
            self.send_response(200)
            self.end_headers()

        def log_message(self, *arguments):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://public-key@127.0.0.1:{server.server_port}/1", received
    server.shutdown()
    server.server_close()


def reported(received, text, seconds=10):
    """Whether an envelope containing the text arrives within seconds (the SDK sends from a thread of its own)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(text in envelope for envelope in received):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def production(tmp_path_factory, sentry):
    """The production environment with its static files collected as `make serve` does, errors reported to the
    stand-in Sentry, and a database that is down."""
    folder = tmp_path_factory.mktemp("production")
    with closed_port() as database_port:
        environ = {
            "SENTRY_DSN": sentry[0],
            "SECRET_KEY": PRODUCTION_SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"postgres://portfolio@127.0.0.1:{database_port}/portfolio",
            "STATIC_ROOT": str(folder / "static"),
            "CACHE_DIR": str(folder / "cache"),
        }
        collected = manage("production", "collectstatic", "--noinput", "-v0", **environ)
        assert collected.returncode == 0, collected.stderr
        yield folder, environ


@pytest.fixture(scope="module")
def served(production):
    """The port of gunicorn serving the production settings, and the file that receives its standard error."""
    folder, environ = production
    port = free_port()
    log, errors = folder / "gunicorn.log", folder / "stderr.log"
    env = environment("production", **environ, GUNICORN_CMD_ARGS=f"--bind 127.0.0.1:{port}", WEB_CONCURRENCY="2")
    with log.open("w") as output, errors.open("w") as error_output:
        gunicorn = subprocess.Popen([GUNICORN], cwd=PROJECT, env=env, stdout=output, stderr=error_output)
    try:
        wait_until_listening(port, gunicorn, errors)
        yield port, errors
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


@pytest.fixture(scope="module")
def server(served):
    return served[0]


def get(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def stylesheet_url(html):
    return re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)


def test_pages_answer_503_with_the_maintenance_page_and_every_security_header(server):
    response, body = get(server, "/", **HTTPS)
    html = body.decode()

    assert response.status == 503
    assert "<h1>Back in a moment</h1>" in html and "Traceback" not in html
    assert response.getheader("Retry-After") == "30"
    assert response.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains; preload"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Referrer-Policy") == "strict-origin-when-cross-origin"
    assert response.getheader("X-Frame-Options") == "DENY"
    assert "camera=()" in response.getheader("Permissions-Policy")
    directives = [part.strip() for part in response.getheader("Content-Security-Policy").split(";")]
    assert "script-src 'self'" in directives  # in whatever order django-csp writes them


def test_static_files_have_hashed_names_compression_and_far_future_caching(server):
    _, page = get(server, "/", **HTTPS)
    stylesheet = stylesheet_url(page.decode())

    response, body = get(server, stylesheet, **HTTPS, **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Cache-Control") == FOREVER
    assert gzip.decompress(body).startswith(b"/* The site's one stylesheet")

    # Under its plain name, a file may change at the next deploy: browsers keep it only briefly.
    unhashed, _ = get(server, "/static/css/site.css", **HTTPS)
    assert unhashed.status == 200
    assert unhashed.getheader("Cache-Control") == "max-age=60, public"


def test_the_admins_static_files_are_served_too(server):
    response, _ = get(server, "/admin/login/", **HTTPS)
    assert response.status == 503  # the login page needs the database
    script, _ = get(server, "/static/wagtailadmin/js/core.js", **HTTPS)
    assert script.status == 200


def test_plain_http_is_redirected_to_https_except_the_health_check(server):
    response, _ = get(server, "/essays/")
    assert response.status == 301
    assert response.getheader("Location") == f"https://127.0.0.1:{server}/essays/"

    health, body = get(server, "/healthz")
    assert (health.status, body) == (503, b"database unavailable")


def test_each_maintenance_page_is_logged_on_standard_error_with_its_cause(served):
    port, errors = served
    already = len(errors.read_text())

    response, _ = get(port, "/essays/", **HTTPS)

    assert response.status == 503
    # Each event starts a line; psycopg's message goes on over a second line.
    events = re.findall(LOGGED + r"(?P<message>.*)$", errors.read_text()[already:], re.MULTILINE)
    assert events == [
        ("ERROR", "portfolio.serving.maintenance", events[0][2]),
        ("ERROR", "django.request", "Service Unavailable: /essays/"),
    ]
    assert events[0][2].startswith("Database unavailable, answered 503 with the maintenance page: connection failed")


# A view that fails, as a bug would: served through every middleware, with the 500 page, in a process of its own.
FAILING_REQUEST = """
import django
django.setup()
from portfolio.pages import views

def robots_txt(request):
    raise RuntimeError("robots.txt is broken")

views.robots_txt = robots_txt  # before the URLs are loaded, so that they route to it
from django.test import Client
print(Client(raise_request_exception=False).get("/robots.txt", secure=True).status_code)
"""


def test_a_server_error_is_logged_on_standard_error_with_its_traceback(production):
    _, environ = production

    result = run_python("production", FAILING_REQUEST, **environ | {"ALLOWED_HOSTS": "testserver"})

    assert result.stdout.strip() == "500", result.stderr
    first, *traceback = result.stderr.splitlines()
    assert re.match(LOGGED, first).group("level", "logger") == ("ERROR", "django.request")
    assert first.endswith("Internal Server Error: /robots.txt")
    assert traceback[0] == "Traceback (most recent call last):"
    assert traceback[-1] == "RuntimeError: robots.txt is broken"


def test_errors_are_reported_to_sentry_when_a_dsn_is_set(served, production, sentry):
    _, received = sentry

    # From a gunicorn worker, forked after the app was loaded: the maintenance page's logged error.
    get(served[0], "/essays/", **HTTPS)
    assert reported(received, "Database unavailable, answered 503 with the maintenance page")

    # A view that fails: the exception, with its traceback.
    run_python("production", FAILING_REQUEST, **production[1] | {"ALLOWED_HOSTS": "testserver"})
    assert reported(received, '"value":"robots.txt is broken"')
