"""The site while its database is down: a maintenance page, a failing health check, and recovery on its own."""

from contextlib import contextmanager

import pytest
from django.db import connection

from tests.sockets import closed_port

# Connections are closed and reopened, which a test wrapped in a transaction cannot survive; the rollback
# restores the page tree root that migrations create.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@contextmanager
def database_down(tmp_path):
    """Until the block ends, connecting to the default database fails as it does when its server is stopped:
    PostgreSQL at a closed port, SQLite at a file that cannot be opened."""
    # PostgreSQL's connection is closed, so the site must reconnect for itself afterwards. SQLite's test
    # database lives in memory and would vanish if closed (Django refuses to), so it is set aside instead.
    connection.close()
    open_connection, connection.connection = connection.connection, None
    settings_dict = dict(connection.settings_dict)
    with closed_port() as port:
        if connection.vendor == "sqlite":
            connection.settings_dict["NAME"] = str(tmp_path / "missing" / "db.sqlite3")
        else:
            connection.settings_dict.update(HOST="127.0.0.1", PORT=port)
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict.update(settings_dict)
            connection.connection = open_connection


@pytest.fixture
def public_urls(make_essay, timeline):
    essay = make_essay("Up and down", tags=["Music"])
    return ["/", "/essays/", essay.url, "/essays/tags/music/", "/essays/feed/", timeline.url, "/search/?q=up"]


def test_while_the_database_is_down_public_pages_show_the_maintenance_page(client, public_urls, tmp_path):
    with database_down(tmp_path):
        for url in [*public_urls, "/no-such-page/"]:
            response = client.get(url)
            assert response.status_code == 503, url
            assert response["Retry-After"] == "30"
            html = response.content.decode()
            assert "<h1>Back in a moment</h1>" in html
            assert "Traceback" not in html and "OperationalError" not in html


def test_the_site_recovers_by_itself_when_the_database_returns(client, public_urls, tmp_path):
    with database_down(tmp_path):
        assert client.get(public_urls[0]).status_code == 503

    for url in public_urls:
        assert client.get(url).status_code == 200, url


def test_the_health_check_says_whether_the_database_answers(client, tmp_path):
    ok = client.get("/healthz")
    assert (ok.status_code, ok.content) == (200, b"ok")
    assert "no-cache" in ok["Cache-Control"]

    with database_down(tmp_path):
        down = client.get("/healthz")
    assert down.status_code == 503
    assert down.content == b"database unavailable"

    assert client.get("/healthz").status_code == 200
