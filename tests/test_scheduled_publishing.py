"""An essay scheduled in the admin goes live when Wagtail's publish_scheduled runs, which `make run` and `make serve`
start every minute beside the server (Procfile.dev, Procfile), and shows the day it went live unless its author gave
it a date of its own."""

import datetime
import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from blog.models import EssayPage
from tests.environments import PROJECT, environment
from tests.factories import add_essay_url, create_essay, essay_form
from tests.servers import Site, free_port, fresh_database, serving, wait_until_listening

SCHEDULE_AHEAD = datetime.timedelta(seconds=1)


def schedule(essay, go_live_at):
    essay.go_live_at = go_live_at
    essay.save_revision().publish()
    assert not EssayPage.objects.get(pk=essay.pk).live


def wait_until(moment):
    time.sleep(max(0, (moment - timezone.now()).total_seconds()) + 0.2)


def shown_date(html):
    """The date an essay's page or card shows, as YYYY-MM-DD."""
    return re.search(r'<time datetime="([0-9-]+)">', html).group(1)


def went_live_on(slug):
    return timezone.localdate(EssayPage.objects.get(slug=slug).first_published_at).isoformat()


def test_a_scheduled_essay_without_a_date_shows_the_day_it_went_live(essay_index, client):
    essay = create_essay(essay_index, "Scheduled", live=False, date=None)
    go_live_at = timezone.now() + SCHEDULE_AHEAD
    schedule(essay, go_live_at)
    assert "Scheduled" not in client.get("/essays/").content.decode()

    wait_until(go_live_at)
    call_command("publish_scheduled", stdout=open(os.devnull, "w"))

    listing = client.get("/essays/").content.decode()
    assert "Scheduled" in listing
    assert shown_date(listing) == shown_date(client.get("/essays/scheduled/").content.decode())
    assert shown_date(listing) == went_live_on("scheduled")


def test_a_scheduled_essay_with_a_date_keeps_it(essay_index, client):
    essay = create_essay(essay_index, "Dated", live=False, date=datetime.date(2025, 3, 4))
    go_live_at = timezone.now() + SCHEDULE_AHEAD
    schedule(essay, go_live_at)

    wait_until(go_live_at)
    call_command("publish_scheduled", stdout=open(os.devnull, "w"))

    assert shown_date(client.get("/essays/dated/").content.decode()) == "2025-03-04"


def test_an_essay_published_from_the_editor_without_a_date_shows_the_day_it_went_live(admin_client, essay_index):
    response = admin_client.post(add_essay_url(essay_index), essay_form(date=""))

    assert response.status_code == 302
    html = admin_client.get("/essays/written-in-the-admin/").content.decode()
    assert shown_date(html) == went_live_on("written-in-the-admin")


def test_publishing_an_undated_essay_again_keeps_the_day_it_first_went_live(essay_index, client):
    essay = create_essay(essay_index, "Republished", date=None)
    first_went_live = went_live_on("republished")

    edited = EssayPage.objects.get(pk=essay.pk).get_latest_revision_as_object()
    edited.title = "Republished, edited"
    edited.save_revision().publish()

    assert shown_date(client.get("/essays/republished/").content.decode()) == first_went_live


# A scheduled essay in a real site, made and published by processes of their own as an author and the scheduler would.
SCHEDULE_AN_ESSAY = """
import datetime
from django.utils import timezone
from blog.models import EssayIndexPage, EssayPage
essay = EssayPage(title="Goes live by itself", slug="goes-live-by-itself", description="Scheduled.",
                  body=[("paragraph", "<p>Scheduled.</p>")], live=False)
EssayIndexPage.objects.get().add_child(instance=essay)
essay.go_live_at = timezone.now() + datetime.timedelta(seconds={seconds})
essay.save_revision().publish()
print(essay.go_live_at.isoformat())
"""
WENT_LIVE_ON = """
from django.utils import timezone
from blog.models import EssayPage
print(timezone.localdate(EssayPage.objects.get(slug="goes-live-by-itself").first_published_at).isoformat())
"""
PAGES_SHOWING_IT = ["/", "/essays/", "/essays/goes-live-by-itself/"]


def printed(site, code):
    """The last line the code printed in `manage.py shell` (which first says what it imported)."""
    return site.shell(code).strip().splitlines()[-1]


def shows_the_essay_with_its_date(site, date):
    for path in PAGES_SHOWING_IT:
        status, _headers, body = site.get(path)
        assert status == 200, path
        assert "Goes live by itself" in body, path
        assert f'<time datetime="{date}">' in body, path


@pytest.mark.slow
@pytest.mark.django_db
def test_a_real_server_shows_a_scheduled_essay_with_its_date_once_publish_scheduled_runs(tmp_path):
    with fresh_database() as database_url, serving("runserver", tmp_path, database_url) as site:
        for path in PAGES_SHOWING_IT[:2]:
            site.get(path)  # cached before the essay goes live
        go_live_at = datetime.datetime.fromisoformat(printed(site, SCHEDULE_AN_ESSAY.format(seconds=2)))
        assert site.get("/essays/goes-live-by-itself/")[0] == 404

        wait_until(go_live_at)
        site.manage("publish_scheduled")

        shows_the_essay_with_its_date(site, printed(site, WENT_LIVE_ON))


def procfile_processes(name):
    return dict(re.findall(r"^([a-z]+):\s*(.+)$", (PROJECT / name).read_text(), re.MULTILINE))


@pytest.mark.parametrize("procfile", ["Procfile.dev", "Procfile"])
def test_make_run_and_make_serve_run_publish_scheduled_beside_the_server(procfile):
    processes = procfile_processes(procfile)

    assert set(processes) == {"web", "scheduler"}
    assert "manage.py publish_scheduled" in processes["scheduler"]


@pytest.mark.slow
@pytest.mark.django_db
def test_honcho_with_the_development_procfile_publishes_a_scheduled_essay_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    with fresh_database() as database_url:
        env = environment(
            "dev",
            DATABASE_URL=database_url,
            CACHE_DIR=str(tmp_path / "cache"),
            MEDIA_ROOT=str(tmp_path / "media"),
            PORT=str(port),
            PUBLISH_SCHEDULED_SECONDS="1",
            PYTHONUNBUFFERED="1",
        )
        env["PATH"] = f"{os.path.dirname(sys.executable)}{os.pathsep}{env['PATH']}"
        site = Site("honcho", tmp_path, env, port)
        site.manage("migrate", "--noinput", "-v0")  # what `make run` runs before honcho
        site.manage("load_initial_data")
        site.shell(SCHEDULE_AN_ESSAY.format(seconds=3))
        log = tmp_path / "honcho.log"
        with log.open("w") as output:
            honcho = subprocess.Popen(
                [sys.executable, "-m", "honcho", "-f", "Procfile.dev", "start"],
                cwd=PROJECT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until_listening(port, honcho, log)
            deadline = time.monotonic() + 60
            while "Goes live by itself" not in site.get("/essays/")[2]:
                assert time.monotonic() < deadline, f"the essay never went live:\n{log.read_text()}"
                time.sleep(0.5)
            shows_the_essay_with_its_date(site, printed(site, WENT_LIVE_ON))
            canonical = f'<link rel="canonical" href="http://127.0.0.1:{port}/essays/goes-live-by-itself/">'
            assert canonical in site.get("/essays/goes-live-by-itself/")[2]
        finally:
            honcho.send_signal(signal.SIGINT)  # Ctrl-C
            honcho.wait(timeout=30)

    shown = log.read_text()
    assert re.search(r"web\.1\s+\| .*GET /essays/ HTTP/1\.1\" 200", shown), shown  # the server's requests
    assert re.search(r"web\.1 stopped", shown) and re.search(r"scheduler\.1 stopped", shown), shown
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
