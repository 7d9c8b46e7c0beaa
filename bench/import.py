"""Time and peak memory of importing a blog of 1,000 posts, each with its own photo, as a user runs it.

Run it with `make bench-import`. The posts are written for AstroPaper, Hugo (TOML) and Jekyll in turn, with a
table, code, a footnote and a link to the post before; the import runs as `manage.py import_essays` in a process
of its own, on a fresh SQLite database and media folder in a temporary folder, removed at the end.
Targets (issue 14): under 60 s and 300 MB on the 2-core machine.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image as PillowImage

PROJECT = Path(__file__).resolve().parent.parent
POSTS = int(os.environ.get("POSTS", 1000))

BODY = """
A post about take {number}, with **bold**, ~~struck~~ words and a note.[^1] The one before is
[here]({previous}).

![Take {number} in the studio]({image})

## Settings

| Knob | Value |
|:--|--:|
| Gain | {number} dB |
| Mix | 40 % |

```python
print("take {number}")
```

[^1]: Recorded in one take.
"""


def write_blog(folder):
    """POSTS posts in the three generators' layouts, each with a distinct 640x480 JPEG beside it."""
    for number in range(POSTS):
        day = f"2020-{number % 12 + 1:02d}-{number % 28 + 1:02d}"
        kind = number % 3
        if kind == 0:  # AstroPaper
            post = folder / "src" / "content" / "blog" / f"take-{number}.md"
            head = f"---\ntitle: Take {number}\npubDatetime: {day}T10:00:00Z\ntags: [studio, takes]\n---\n"
        elif kind == 1:  # a Hugo page bundle
            post = folder / "content" / "posts" / f"take-{number}" / "index.md"
            head = f"+++\ntitle = 'Take {number}'\ndate = {day}T10:00:00+02:00\ncategories = ['studio']\n+++\n"
        else:  # Jekyll
            post = folder / "_posts" / f"{day}-take-{number}.markdown"
            head = f"---\nlayout: post\ntitle: Take {number}\ntags: studio takes\n---\n"
        post.parent.mkdir(parents=True, exist_ok=True)
        image = post.parent / f"photo-{number}.jpg"
        PillowImage.effect_noise((640, 480), 30 + number % 50).convert("RGB").rotate(number % 360).save(image)
        previous = f"https://old.example/posts/take-{max(number - 3, 0)}/"
        post.write_text(head + BODY.format(number=number, previous=previous, image=image.name), encoding="utf-8")


def run(arguments, env):
    """A manage.py command in a process of its own: its wall time, CPU time (what it costs whatever else the machine
    runs) and peak resident memory in MB, and what it printed."""
    measured = (
        "import resource, runpy, sys\n"
        f"sys.argv = ['manage.py', *{arguments!r}]\n"
        "try:\n"
        "    runpy.run_path('manage.py', run_name='__main__')\n"
        "finally:\n"
        "    usage = resource.getrusage(resource.RUSAGE_SELF)\n"
        "    print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss, file=sys.stderr)\n"
    )
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", measured], cwd=PROJECT, env=env, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"manage.py {' '.join(arguments)} failed:\n{done.stdout}{done.stderr}")
    cpu, peak = done.stderr.split()[-2:]
    return time.perf_counter() - start, float(cpu), int(peak) / 1024, done.stdout


def main(folder):
    blog = folder / "blog"
    write_blog(blog)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portfolio.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "CACHE_DIR": str(folder / "cache"),
    }
    run(["migrate", "--noinput", "-v0"], env)
    run(["load_initial_data"], env)
    seconds, cpu, peak_mb, said = run(["import_essays", str(blog), "--old-url", "https://old.example"], env)
    print(said.strip().splitlines()[-1] if "--all" not in sys.argv else said)
    print(f"import_essays: {POSTS} posts with {POSTS} images in {seconds:.1f} s ({POSTS / seconds:.0f} posts/s)")
    print(f"CPU time of the importing process: {cpu:.1f} s; load average while it ran: {os.getloadavg()[0]:.1f}")
    print(f"peak memory (RSS) of the importing process: {peak_mb:.0f} MB")
    print("targets: under 60 s and under 300 MB")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        main(Path(folder))
