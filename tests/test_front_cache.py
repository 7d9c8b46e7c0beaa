"""Varnish in front of the site, configured as docs/deployment.md says (deploy/varnish.vcl): it keeps public pages,
and a change made by any process purges it, so that the next request through it shows the change."""

import http.client
import shutil
import subprocess
import textwrap

import pytest

from tests.environments import PROJECT, missing
from tests.servers import free_port, fresh_database, serving, wait_until_listening

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"


@pytest.fixture(scope="module")
def front(tmp_path_factory, django_db_blocker):
    """(Varnish's port, the site behind it): the site knows Varnish as its address and as where to purge."""
    if not shutil.which(VARNISHD):
        missing("varnishd (apt-get install varnish)")
    folder = tmp_path_factory.mktemp("front")
    varnish_port = free_port()
    address = f"http://127.0.0.1:{varnish_port}"
    with (
        django_db_blocker.unblock(),
        fresh_database() as database_url,
        serving("runserver", folder, database_url, WAGTAILADMIN_BASE_URL=address, VARNISH_URL=address) as site,
    ):
        vcl = (PROJECT / "deploy" / "varnish.vcl").read_text().replace('"8000"', f'"{site.port}"')
        (folder / "varnish.vcl").write_text(vcl)
        log = folder / "varnish.log"
        command = [VARNISHD, "-F", "-a", f"127.0.0.1:{varnish_port}", "-f", str(folder / "varnish.vcl")]
        command += ["-n", str(folder / "varnish"), "-s", "malloc,64m", "-j", "none"]  # no user of its own
        with log.open("w") as output:
            varnish = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        try:
            wait_until_listening(varnish_port, varnish, log)
            yield varnish_port, site
        finally:
            varnish.terminate()
            varnish.wait(timeout=30)


def through(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response, body


def served_by_varnish(response):
    """Varnish names two transactions in X-Varnish when it answered from its cache, one when it asked the site."""
    return len(response.getheader("X-Varnish", "").split()) == 2


def test_varnish_keeps_public_pages_and_passes_the_rest(front):
    port, _site = front
    for path in ["/essays/", "/essays/feed/"]:
        through(port, path)
        response, _body = through(port, path)
        assert response.status == 200 and served_by_varnish(response), path
    for path in ["/search/?q=music", "/admin/login/", "/no-such-page/"]:
        through(port, path)
        assert not served_by_varnish(through(port, path)[0]), path


def test_a_change_from_another_process_shows_through_varnish_at_once(front, tmp_path):
    port, site = front
    for path in ["/", "/essays/"]:
        through(port, path)
        assert served_by_varnish(through(port, path)[0])
    (tmp_path / "through-the-front.md").write_text(
        textwrap.dedent("""\
            ---
            title: Seen through the front cache
            date: 2026-11-29
            ---

            Fresh.
        """),
        encoding="utf-8",
    )

    site.manage("import_essays", str(tmp_path))

    for path in ["/", "/essays/"]:
        response, body = through(port, path)
        assert "Seen through the front cache" in body, path
