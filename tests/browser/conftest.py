"""Real Chromium (Debian's package), driven by Playwright, against the site served by pytest-django's live server.

On a laptop without Chromium, Playwright or axe-core these tests skip; in CI (CI set) a missing tool fails them.
"""

import io
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from music.models import MusicProjectPage
from portfolio.models import ProjectIndexPage, ProjectPage
from tests.factories import create_image, create_release, publish

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API runs an event loop in this thread; the live server's database work happens in its own.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def missing(tool):
    if os.environ.get("CI"):
        pytest.fail(f"{tool} is missing; CI must install it (see .ci/run).")
    pytest.skip(f"{tool} is missing")


@pytest.fixture
def chromium():
    # Per test, not per session: while Playwright runs, Django hands this thread other database connections
    # (its event loop changes asgiref's context), and later tests must get the originals back.
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python")
    if not CHROMIUM.exists():
        missing("Chromium (Debian package chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def axe_source():
    if not AXE.exists():
        missing("axe-core (run npm ci)")
    return AXE.read_text()


@pytest.fixture
def site(transactional_db, django_db_serialized_rollback, live_server):
    """The site as `make run` builds it, plus a release and a software project, served live.

    The live server's tests empty every table when they end; serialized rollback brings back what the
    migrations made (root page, collections, groups) for the next one.
    """
    call_command("load_initial_data", stdout=io.StringIO(), stderr=io.StringIO())
    exage = MusicProjectPage.objects.get(slug="exage")
    create_release(
        exage,
        "Debut",
        release_year=2016,
        release_month=3,
        cover=create_image("Cover", width=600, height=600),
        tracks=[{"position": 1, "title": "Dried By Time", "duration": "4:45"}],
    )
    project = ProjectPage(title="This site", slug="this-site", summary="The portfolio you are reading.", role="Author")
    project.technologies.add("Django", "Wagtail")
    publish(ProjectIndexPage.objects.get(), project)
    return live_server.url


class Visit:
    """A browser tab that records every request and refuses those to any host but the site's own."""

    def __init__(self, context, origin):
        self.context = context
        self.origin = origin
        self.requests = []
        self.foreign = []
        self.allowed_hosts = set()
        context.route("**/*", self.route)
        self.page = context.new_page()
        self.page.on("request", lambda request: self.requests.append(request))

    def route(self, route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(self.origin) or route.request.url.startswith("data:"):
            return route.continue_()
        if host in self.allowed_hosts:
            return route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>player</title>")
        self.foreign.append(route.request.url)
        return route.abort()

    def go(self, path):
        response = self.page.goto(self.origin + path)
        assert response.ok, f"{path}: {response.status}"
        return self.page


@pytest.fixture
def open_tab(chromium, site):
    """open_tab(**context options) gives a Visit; at the end, the test fails if any foreign host was asked for."""
    visits = []

    def open_tab(**options):
        context = chromium.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        visit = Visit(context, site)
        visits.append(visit)
        return visit

    yield open_tab
    for visit in visits:
        visit.context.close()
    foreign = [url for visit in visits for url in visit.foreign]
    assert not foreign, f"requests to other hosts: {foreign}"
