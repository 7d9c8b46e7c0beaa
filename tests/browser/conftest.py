"""Real Chromium (Debian's package), driven by Playwright, against the site served by pytest-django's live server.

Every tab fails its test if it asks a host other than the site for anything, reports a violation of the
site's Content-Security-Policy or a feature of its Permissions-Policy it does not know, or throws a JavaScript
error. On a laptop without Chromium, Playwright or axe-core these tests skip; in CI (CI set) a missing tool fails
them.
"""

import io
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connections

from music.models import MusicProjectPage, TrackCredit
from portfolio.models import AboutPage, ProjectIndexPage, ProjectPage
from tests.environments import missing
from tests.factories import create_image, create_release, publish

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ADMIN_PASSWORD = "a-long-password-1"
# Chromium reports each violation on the console too; this says which directive and what it blocked.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`);
});
"""


@pytest.fixture
def live_site(transactional_db, django_db_serialized_rollback, live_server):
    """The live server's address. Its tests empty every table when they end; serialized rollback brings
    back what the migrations made (root page, collections, groups) for the next one."""
    return live_server.url


@pytest.fixture
def site(live_site):
    """The site as `make run` builds it, plus a release (its track with credits) and a software project, served
    live."""
    call_command("load_initial_data", stdout=io.StringIO(), stderr=io.StringIO())
    exage = MusicProjectPage.objects.get(slug="exage")
    create_release(
        exage,
        "Debut",
        release_year=2016,
        release_month=3,
        cover=create_image("Cover", width=600, height=600),
        tracks=[
            {
                "position": 1,
                "title": "Dried By Time",
                "duration": "4:45",
                "performers": [
                    TrackCredit(name="Zoë", roles="Drums programming"),
                    TrackCredit(person=AboutPage.objects.get(), roles="Vocals, Guitar"),
                ],
            }
        ],
    )
    project = ProjectPage(title="This site", slug="this-site", summary="The portfolio you are reading.", role="Author")
    project.technologies.add("Django", "Wagtail")
    publish(ProjectIndexPage.objects.get(), project)
    return live_site


@pytest.fixture
def chromium(live_site, monkeypatch):
    """Chromium for one test, started once the live site's database is ready and stopped before it is emptied.

    Not per session: while Playwright runs, its event loop makes Django give this thread connections of its
    own (asgiref's context changes), which must be closed, and the originals back, before the next test.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright for Python")
    if not CHROMIUM.exists():
        missing("Chromium (Debian package chromium)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        connections.close_all()


@pytest.fixture
def axe_source():
    if not AXE.exists():
        missing("axe-core (run npm ci)")
    return AXE.read_text()


class Tab:
    """A browser tab on the live site that records every request and refuses those to any other host,
    except hosts a test allows (answered with a stand-in page, never fetched)."""

    def __init__(self, context, origin):
        self.context = context
        self.origin = origin
        self.requests = []
        self.foreign = []
        self.problems = []
        self.allowed_hosts = set()
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.route("**/*", self.route)
        self.page = context.new_page()
        self.page.on("request", lambda request: self.requests.append(request))
        self.page.on("console", lambda message: self.note_console(message.text))
        self.page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))

    def route(self, route):
        url = route.request.url
        if url.startswith(self.origin) or url.startswith("data:"):
            return route.continue_()
        if urlsplit(url).hostname in self.allowed_hosts:
            return route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>player</title>")
        self.foreign.append(url)
        return route.abort()

    def note_console(self, text):
        # Chromium warns of a Permissions-Policy header it cannot read whole ("Unrecognized feature").
        if text.startswith("CSP violation") or "Content Security Policy" in text or "Permissions-Policy" in text:
            self.problems.append(text)

    def go(self, path):
        response = self.page.goto(self.origin + path)
        assert response.ok, f"{path}: {response.status}"
        return self.page


@pytest.fixture
def open_tab(chromium, live_site):
    """open_tab(**context options) gives a Tab; when the test ends, it fails for any foreign request or problem."""
    tabs = []

    def open_tab(**options):
        context = chromium.new_context(**{"viewport": {"width": 1280, "height": 900}, "base_url": live_site, **options})
        tab = Tab(context, live_site)
        tabs.append(tab)
        return tab

    yield open_tab
    for tab in tabs:
        tab.context.close()
    foreign = [url for tab in tabs for url in tab.foreign]
    problems = [problem for tab in tabs for problem in tab.problems]
    assert not foreign, f"requests to other hosts: {foreign}"
    assert not problems, "\n".join(problems)


@pytest.fixture
def admin_tab(open_tab, django_user_model):
    """A tab signed in to Wagtail's admin, through its login form, as a superuser."""
    django_user_model.objects.create_superuser("editor", "editor@example.com", ADMIN_PASSWORD)
    tab = open_tab()
    tab.go("/admin/login/")
    tab.page.fill("#id_username", "editor")
    tab.page.fill("#id_password", ADMIN_PASSWORD)
    tab.page.click("button[type=submit]")
    tab.page.wait_for_url("**/admin/")
    return tab
