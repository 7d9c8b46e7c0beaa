"""The fault matrix with real servers: gunicorn with the production settings while its PostgreSQL or its Redis is
stopped or hung, and while one of its workers is killed. For each, what a visitor gets, that the site comes back by
itself, and the one line the server logs (docs/operations.md, *Faults*).

A hung server is one whose processes are stopped with SIGSTOP: its kernel still accepts connections and
acknowledges what is sent, but nothing answers. Gunicorn kills a worker after 30 s; a client that gives up at 15 s
tells a bounded wait from that."""

import os
import signal
import time
import uuid

import psycopg
import pytest

from tests.servers import children, fresh_database, postgresql_server, redis_server, serving

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

SEARCH = "/search/?q=music"  # never cached: each request needs the database
CACHED = "/essays/"
UNKNOWN = "/no-such-page/"
HANG_DETECTOR = 15


@pytest.fixture(scope="module")
def postgresql_site(tmp_path_factory):
    """The site under gunicorn on a PostgreSQL of the test's own, with its pages cached and workers that have
    each served requests."""
    with postgresql_server() as database:
        url = database.create_database(f"outages_{uuid.uuid4().hex[:8]}")
        with serving("gunicorn", tmp_path_factory.mktemp("postgresql-outage"), url) as site:
            for _ in range(6):
                assert site.get(SEARCH)[0] == 200
            assert site.get(CACHED)[0] == 200
            yield database, site


def assert_maintenance_page(answer):
    status, headers, body = answer
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert "<h1>Back in a moment</h1>" in body


def logged(site, text):
    return [line for line in site.log.read_text().splitlines() if text in line]


def backends(site):
    """The PostgreSQL server processes serving the site's database, by their start times."""
    with psycopg.connect(site.env["DATABASE_URL"]) as observer:
        rows = observer.execute(
            "SELECT pid, backend_start FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return set(rows)


def test_each_worker_keeps_its_database_connection_across_requests(postgresql_site):
    """Connecting costs an uncached page about 9 ms; the production settings keep a connection a worker."""
    _database, site = postgresql_site
    before = backends(site)
    for _ in range(12):
        assert site.get(SEARCH)[0] == 200

    after = backends(site)
    assert before <= after  # none reconnected
    assert 1 <= len(before) <= len(after) <= os.cpu_count() + 1  # gunicorn.conf.py's workers, a connection each


def test_while_postgresql_is_stopped_pages_need_it_answer_503_and_cached_pages_200(postgresql_site):
    database, site = postgresql_site
    before = len(logged(site, "Database unavailable"))
    database.stop()
    try:
        for url in [SEARCH, UNKNOWN]:
            assert_maintenance_page(site.get(url, timeout=HANG_DETECTOR))
        assert site.get(CACHED, timeout=HANG_DETECTOR)[0] == 200
    finally:
        database.start()

    assert site.get(SEARCH)[0] == 200
    assert len(logged(site, "Database unavailable")) == before + 2


def test_while_postgresql_hangs_pages_need_it_answer_503_within_seconds(postgresql_site):
    database, site = postgresql_site
    before = len(logged(site, "Database unavailable"))
    hung = database.processes()
    for pid in hung:
        os.kill(pid, signal.SIGSTOP)
    try:
        # Each of the three workers in turn: every one has served requests on a connection of its own before.
        for url in [SEARCH, SEARCH, SEARCH, UNKNOWN]:
            assert_maintenance_page(site.get(url, timeout=HANG_DETECTOR))
        assert site.get(CACHED, timeout=HANG_DETECTOR)[0] == 200
    finally:
        for pid in hung:
            os.kill(pid, signal.SIGCONT)

    assert site.get(SEARCH)[0] == 200
    assert len(logged(site, "Database unavailable")) == before + 4
    assert not logged(site, "WORKER TIMEOUT")


def test_a_query_left_unanswered_ends_with_the_maintenance_page_before_the_worker_timeout(postgresql_site):
    """A query already sent when the database stops answering (here: waiting on a lock another session holds
    and never releases) waits DATABASE_QUERY_SECONDS (10), then the visitor gets the maintenance page."""
    _database, site = postgresql_site
    with psycopg.connect(site.env["DATABASE_URL"]) as holder:
        holder.execute("LOCK TABLE wagtailcore_page IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        assert_maintenance_page(site.get(SEARCH, timeout=HANG_DETECTOR))
        waited = time.monotonic() - started
        holder.rollback()

    assert 9 < waited < HANG_DETECTOR
    assert logged(site, "the database did not answer within 10.0 s")
    assert not logged(site, "WORKER TIMEOUT")
    assert site.get(SEARCH)[0] == 200


def test_a_killed_worker_is_replaced_and_the_others_serve_meanwhile(postgresql_site):
    _database, site = postgresql_site
    workers = children(site.process.pid)
    os.kill(workers[0], signal.SIGKILL)

    for _ in range(10):
        assert site.get(SEARCH)[0] == 200
    deadline = time.monotonic() + 30
    while len(children(site.process.pid)) < len(workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(children(site.process.pid)) == len(workers)
    assert workers[0] not in children(site.process.pid)
    [line] = logged(site, f"Worker (pid:{workers[0]}) was sent SIGKILL")
    assert "ERROR" in line


@pytest.fixture
def redis_site(tmp_path, django_db_blocker):
    """The site under gunicorn with a Redis of the test's own, its pages cached there."""
    with (
        django_db_blocker.unblock(),
        fresh_database() as database_url,
        redis_server(tmp_path) as (redis, redis_url),
        serving("gunicorn", tmp_path, database_url, REDIS_URL=redis_url) as site,
    ):
        for _ in range(3):
            site.get(CACHED)
        assert site.get(CACHED)[1]["X-Page-Cache"] == "hit"
        yield redis, site


def test_while_redis_hangs_pages_are_rendered_and_served_from_it_again_after(redis_site):
    redis, site = redis_site
    redis.send_signal(signal.SIGSTOP)
    try:
        for url in [CACHED, CACHED, CACHED, SEARCH]:
            assert site.get(url, timeout=HANG_DETECTOR)[0] == 200
        assert site.get(UNKNOWN, timeout=HANG_DETECTOR)[0] == 404
    finally:
        redis.send_signal(signal.SIGCONT)

    assert logged(site, "The cache is unavailable; serving without it for 30 s")
    # Each worker leaves the cache alone for 30 s after an error, then uses it again.
    deadline = time.monotonic() + 60
    while site.get(CACHED)[1].get("X-Page-Cache") != "hit":
        assert time.monotonic() < deadline, "the page cache was not used again"
        time.sleep(1)


def test_while_redis_is_stopped_pages_are_rendered(redis_site):
    redis, site = redis_site
    redis.terminate()
    redis.wait(timeout=10)

    for url in [CACHED, CACHED, CACHED, SEARCH]:
        assert site.get(url, timeout=HANG_DETECTOR)[0] == 200
    assert site.get(UNKNOWN, timeout=HANG_DETECTOR)[0] == 404
    assert logged(site, "The cache is unavailable; serving without it for 30 s")
