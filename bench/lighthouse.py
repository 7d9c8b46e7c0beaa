"""`make bench-lighthouse`: Lighthouse's four scores for every page type, on mobile and desktop.

The site runs as production runs it (gunicorn, the production settings, WhiteNoise, Redis) on a fresh
PostgreSQL database with its initial content, a release and a software project. Lighthouse (from the npm
registry, installed into bench/lighthouse-tool/) drives Debian's Chromium. Prints one table: the four scores and the
largest contentful paint (LCP, target 1.2 s on the mobile profile) of each page. BENCH_CHROME_PORT, if set, is the
port Lighthouse drives Chromium on.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from server import PROJECT, PYTHON, gunicorn, production_site

TOOL = Path(__file__).resolve().parent / "lighthouse-tool"
CHROMIUM_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = {
    "home": "/",
    "essay index": "/essays/",
    "essay": "/essays/what-music-production-taught-me-about-software-engineering/",
    "tag page": "/essays/tags/music/",
    "projects": "/projects/",
    "software project": "/projects/this-site/",
    "music timeline": "/projects/music/",
    "music project": "/projects/music/exage/",
    "release": "/projects/music/exage/debut/",
    "song": "/projects/music/exage/dried-by-time/",
    "show": "/projects/music/release-show/",
    "shows": "/projects/music/shows/",
    "studio": "/projects/music/studio/",
    "about": "/about/",
    "search": "/search/?q=music",
}
EXTRA_CONTENT = """
import datetime, io, django
django.setup()
from django.core.files.images import ImageFile
from PIL import Image
from wagtail.images import get_image_model
from music.models import (MusicProjectPage, MusicTimelinePage, ReleasePage, SetlistEntry, ShowPage, SongPage, Track,
                          TrackCredit)
from portfolio.models import ProjectIndexPage, ProjectPage
buffer = io.BytesIO()
Image.new("RGB", (1200, 1200), (150, 60, 40)).save(buffer, "JPEG")
cover = get_image_model().objects.create(title="Cover", file=ImageFile(buffer, name="cover.jpg"))
exage = MusicProjectPage.objects.get(slug="exage")
song = SongPage.objects.get(slug="dried-by-time")
track = Track(position=1, title="Dried By Time", duration="4:45", song=song,
              performers=[TrackCredit(name="Zoë", roles="Drums programming, Mixing")])
release = ReleasePage(title="Debut", slug="debut", release_year=2016, release_month=3, cover=cover, tracks=[track])
exage.add_child(instance=release)
release.save_revision().publish()
show = ShowPage(title="Release show", slug="release-show", date=datetime.date(2016, 3, 12),
                start_time=datetime.time(21, 30), venue="Foro Alicia", city="Ciudad de México", country="México",
                setlist=[SetlistEntry(song=song), SetlistEntry(title="Encore: a cover", cover=True, encore=True)])
show.projects = [exage]
MusicTimelinePage.objects.get().add_child(instance=show)
show.save_revision().publish()
project = ProjectPage(title="This site", slug="this-site", summary="The portfolio you are reading.", role="Author")
ProjectIndexPage.objects.get().add_child(instance=project)
project.save_revision().publish()
"""


def ensure_lighthouse():
    if not (TOOL / "node_modules" / ".bin" / "lighthouse").exists():
        print("Installing Lighthouse from the npm registry...", flush=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=TOOL, check=True)


def scores(url, desktop):
    command = [
        str(TOOL / "node_modules" / ".bin" / "lighthouse"),
        url,
        "--chrome-path=/usr/bin/chromium",
        f"--chrome-flags={CHROMIUM_FLAGS}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        "--output-path=stdout",
        "--quiet",
    ]
    if desktop:
        command.append("--preset=desktop")
    if os.environ.get("BENCH_CHROME_PORT"):
        command.append(f"--port={int(os.environ['BENCH_CHROME_PORT'])}")
    for _attempt in range(3):  # Lighthouse sometimes misses the page load's trace, and asks to be run again
        run = subprocess.run(command, capture_output=True, text=True)
        if "run Lighthouse again" not in run.stderr:
            break
    if run.returncode:
        raise RuntimeError(f"Lighthouse failed on {url}:\n{run.stderr[-3000:]}")
    report = json.loads(run.stdout)
    unscored = [name for name in CATEGORIES if report["categories"][name]["score"] is None]
    if unscored:
        errors = {
            audit["id"]: audit.get("errorMessage") for audit in report["audits"].values() if audit.get("errorMessage")
        }
        raise RuntimeError(
            f"Lighthouse could not score {', '.join(unscored)} on {url}: {report.get('runtimeError')} {errors}"
        )
    failing = [
        audit["id"]
        for category in report["categories"].values()
        for reference in category["auditRefs"]
        if reference["weight"]
        and (audit := report["audits"][reference["id"]])["score"] is not None
        and audit["score"] < 1
    ]
    lcp = report["audits"]["largest-contentful-paint"]["numericValue"] / 1000
    return [round(report["categories"][name]["score"] * 100) for name in CATEGORIES], lcp, failing


def main():
    ensure_lighthouse()
    with production_site(name="lighthouse") as env:
        subprocess.run([PYTHON, "-c", EXTRA_CONTENT], cwd=PROJECT, env=env, check=True)
        base = f"http://127.0.0.1:{env['BENCH_PORT']}"
        with gunicorn(env, app="bench.front:application"):
            header = f"{'page':<18} {'form factor':<12} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'LCP s':>6}"
            print(f"{header}  audits below 1")
            for name, path in PAGES.items():
                for desktop in (False, True):
                    values, lcp, failing = scores(base + path, desktop)
                    row = " ".join(f"{value:>5}" for value in values)
                    form_factor = "desktop" if desktop else "mobile"
                    print(f"{name:<18} {form_factor:<12} {row} {lcp:>6.2f}  {', '.join(failing)}", flush=True)


if __name__ == "__main__":
    os.chdir(Path(__file__).resolve().parent)
    sys.exit(main())
