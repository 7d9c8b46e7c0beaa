"""`make screenshots`: the README's screenshots, taken again from the initial content.

The development server on a fresh SQLite database of its own, with the content `make run` loads, photographed by
Debian's Chromium at a desktop and a phone width, in the light and the dark theme. Writes docs/screenshots/.
"""

import os
import subprocess
import tempfile

from playwright.sync_api import sync_playwright
from server import PROJECT, PYTHON, free_port, run, wait_until_up

OUTPUT = PROJECT / "docs" / "screenshots"
# name: (path, viewport width, colour scheme)
SHOTS = {
    "home-1280-light": ("/", 1280, "light"),
    "essay-1280-dark": ("/essays/what-music-production-taught-me-about-software-engineering/", 1280, "dark"),
    "music-390-light": ("/projects/music/", 390, "light"),
    "band-390-dark": ("/projects/music/exage/", 390, "dark"),
}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def take(base_url):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, (path, width, scheme) in SHOTS.items():
            viewport = {"width": width, "height": 800 if width > 500 else 844}
            page = browser.new_page(viewport=viewport, color_scheme=scheme)
            page.goto(base_url + path, wait_until="networkidle")
            page.screenshot(path=OUTPUT / f"{name}.png")
            page.close()
            print(f"docs/screenshots/{name}.png")
        browser.close()


def main():
    with tempfile.TemporaryDirectory(prefix="portfolio-screenshots-") as scratch:
        port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portfolio.settings.dev",
            "DATABASE_URL": f"sqlite:///{scratch}/db.sqlite3",
            "MEDIA_ROOT": f"{scratch}/media",
            "CACHE_DIR": f"{scratch}/cache",
            "PORT": str(port),
        }
        env.pop("REDIS_URL", None)
        run(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env)
        run(PYTHON, "manage.py", "load_initial_data", env=env)
        command = [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
        server = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/", server)
            take(f"http://127.0.0.1:{port}")
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
