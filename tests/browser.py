"""Browser fixtures: Debian's Chromium, driven by Playwright, against pytest-django's live server.

A page fails its test if it asks any other host for anything or reports a Content-Security-Policy violation."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
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
    """The live server, with a database whose page tree root (made by migrations) survives each test."""
    return live_server


@pytest.fixture
def chromium(live_site, monkeypatch):
    """Chromium, started once the live site's database is ready and stopped before it is emptied.

    While Playwright runs, its event loop makes Django treat this thread as async: the test's database work
    then goes through connections of its own, which are closed before Playwright stops."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests need Chromium at {CHROMIUM}; CI installs Debian's chromium package.")
        pytest.skip(f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium).")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        connections.close_all()


@pytest.fixture
def foreign_requests():
    """Requests the browser tried to make to other hosts; each was refused. A test may inspect and empty it."""
    return []


@pytest.fixture
def browser_page(chromium, live_site, foreign_requests):
    """A tab on the live site that may load nothing from elsewhere and must not violate the site's CSP."""
    live_host = urlsplit(live_site.url).netloc
    context = chromium.new_context(base_url=live_site.url)
    context.add_init_script(REPORT_CSP_VIOLATIONS)

    def only_the_live_site(route):
        if urlsplit(route.request.url).netloc == live_host:
            route.continue_()
        else:
            foreign_requests.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_live_site)
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if is_csp_report(message.text) else None)
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    yield page
    context.close()
    assert not foreign_requests, f"The page asked other hosts for: {foreign_requests}"
    assert not problems, "\n".join(problems)


def is_csp_report(text):
    return text.startswith("CSP violation") or "Content Security Policy" in text


@pytest.fixture
def admin_page(browser_page, django_user_model):
    """A tab signed in to Wagtail's admin, through its login form, as a superuser."""
    django_user_model.objects.create_superuser("editor", "editor@example.com", ADMIN_PASSWORD)
    browser_page.goto("/admin/login/")
    browser_page.fill("#id_username", "editor")
    browser_page.fill("#id_password", ADMIN_PASSWORD)
    browser_page.click("button[type=submit]")
    browser_page.wait_for_url("**/admin/")
    return browser_page
