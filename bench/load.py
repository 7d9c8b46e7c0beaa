"""`make bench`: the site under load, as production runs it, beside a static copy of an essay.

Builds a large synthetic site on a fresh PostgreSQL database, starts gunicorn with the production settings
(Redis cache, WhiteNoise), and measures with wrk, 15 s a run, each page type uncached and cached, next to
the same essay saved as a static file and served by the same gunicorn through WhiteNoise. Then a 64-connection
load test, the workers' peak memory, and the database going away and coming back. Prints one report.
"""

import gzip
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from server import (
    PROJECT,
    PROXY_HEADERS,
    PYTHON,
    free_port,
    get,
    gunicorn,
    reset_peak_memory,
    seeded_site,
    varnish,
    without_redis,
    workers_memory,
)

PAGES = {
    "home": "/",
    "essay index": "/essays/",
    "essay": "/essays/essay-500/",
    "tag page": "/essays/tags/music/",
    "music timeline": "/projects/music/",
    "release": "/projects/music/band-3/record-2/",
    "RSS feed": "/essays/feed/",
}
STATIC_COPY = "/static/bench/essay.html"
# Two connections a core: both cores busy, latency not yet mostly queueing. The load test below goes to 64.
SECONDS, CONNECTIONS = 15, 4
LOAD_SECONDS, LOAD_CONNECTIONS = 30, 64
GZIP = {"Accept-Encoding": "gzip"}
# A session cookie makes the page cache step aside, as it does for a logged-in editor.
UNCACHED = {"Cookie": "sessionid=benchmark"}
RENDER_TIME = """
import statistics, sys, time, django
django.setup()
from django.test import Client
client = Client()
client.cookies["sessionid"] = "benchmark"
for path in sys.argv[1:]:
    client.get(path, secure=True, HTTP_HOST="127.0.0.1")
    times = []
    for _ in range(100):
        start = time.perf_counter()
        response = client.get(path, secure=True, HTTP_HOST="127.0.0.1")
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    print(path, statistics.median(times))
# As after a publish: every cached value is stale. One page makes the site-wide values again; then each essay's
# first render, which also makes what is its own (previous and next, related essays): what a visitor waits for.
from portfolio.serving.content_changes import start_new_generation
start_new_generation()
client.get("/essays/essay-1/", secure=True, HTTP_HOST="127.0.0.1")
times = []
for number in range(100, 200):
    start = time.perf_counter()
    response = client.get(f"/essays/essay-{number}/", secure=True, HTTP_HOST="127.0.0.1")
    times.append((time.perf_counter() - start) * 1000)
    assert response.status_code == 200, (number, response.status_code)
print("/essays/essay-{100..199}/", statistics.median(times))
"""
WRK_MIX = """
local paths = {%s}
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter %% #paths) + 1])
end
"""


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("Installing wrk (Debian package)...", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)


def wrk(url, seconds, connections, headers=None, script=None):
    """Requests a second, median and 99th percentile latency (ms), and errors, as wrk measured them."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for name, value in {**PROXY_HEADERS, **(headers or {})}.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    latency = {match[0]: to_ms(match[1]) for match in re.findall(r"^\s*(50|99)%\s+([\d.]+(?:us|ms|s|m))", output, re.M)}
    if set(latency) != {"50", "99"}:
        raise RuntimeError(f"Could not read wrk's latency distribution:\n{output}")
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    # Printed by a script that counts answers by status (mixed.py).
    counted = {status: int(count) for status, count in re.findall(r"^(5xx|404) responses: (\d+)", output, re.M)}
    return {
        **counted,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "p50": latency["50"],
        "p99": latency["99"],
        "errors": sum(int(count) for count in errors.groups()) if errors else 0,
        "non2xx": int(bad[1]) if bad else 0,
    }


def megabytes(values):
    return ", ".join(f"{value:.0f} MB" for value in values)


def to_ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


class DatabaseLink:
    """A TCP relay between the site and PostgreSQL: cutting it is the database going down, for the site."""

    def __init__(self, target=("127.0.0.1", 5432)):
        self.target = target
        self.port = free_port()
        self.sockets = []
        self.listener = None

    def up(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self.accept, args=(self.listener,), daemon=True).start()

    def down(self):
        # Shut down, not only closed: a close leaves the accept() already waiting to take one more connection.
        self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for sock in self.sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        self.sockets = []

    def accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            self.sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self.pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def render_times(env):
    paths = [PAGES["essay"], PAGES["home"], PAGES["music timeline"]]
    output = subprocess.run([PYTHON, "-c", RENDER_TIME, *paths], cwd=PROJECT, env=env, capture_output=True, text=True)
    if output.returncode:
        raise RuntimeError(output.stderr)
    return {line.split()[0]: float(line.split()[1]) for line in output.stdout.splitlines()}


def save_static_copy(env, base):
    status, html = get(base + PAGES["essay"])
    assert status == 200, status
    target = Path(env["STATIC_ROOT"]) / "bench" / "essay.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html)
    # Compressed beside it, as collectstatic does for every static file: WhiteNoise serves it to clients asking gzip.
    target.with_name("essay.html.gz").write_bytes(gzip.compress(html.encode()))


def fault(base, link):
    """The database goes away for a while and comes back; what do visitors get meanwhile, and after?"""
    cached_page, other_page = PAGES["essay"], "/essays/essay-501/"
    get(base + cached_page)
    link.down()
    during = [get(base + cached_page)[0] for _ in range(20)]
    uncached = [get(base + other_page, UNCACHED) for _ in range(20)]
    maintenance = all(status == 503 and "maintenance" in body.lower() for status, body in uncached)
    link.up()
    started = time.monotonic()
    while get(base + other_page, UNCACHED)[0] != 200:
        if time.monotonic() - started > 60:
            break
        time.sleep(0.2)
    recovered = time.monotonic() - started
    return {
        "cached page while down": f"{during.count(200)}/20 answered 200",
        "uncached page while down": f"{[status for status, _ in uncached].count(503)}/20 answered 503"
        + (" with the maintenance page" if maintenance else " (NOT the maintenance page)"),
        "recovered after the database returned": f"{recovered:.1f} s, no restart",
    }


def main():
    ensure_wrk()
    with seeded_site(name="bench") as env:
        base = f"http://127.0.0.1:{env['BENCH_PORT']}"
        with gunicorn(env):
            save_static_copy(env, base)
        renders = render_times(env)
        rows = {}
        with gunicorn(env) as server:
            for path in PAGES.values():  # every page cached once, every rendition made
                get(base + path)
            first_views = workers_memory(server)
            reset_peak_memory(server)
            static = wrk(base + STATIC_COPY, SECONDS, CONNECTIONS)
            for name, path in PAGES.items():
                print(f"Measuring {name}...", flush=True)
                rows[name] = (wrk(base + path, SECONDS, CONNECTIONS, UNCACHED), wrk(base + path, SECONDS, CONNECTIONS))
            essay_per_core = wrk(base + PAGES["essay"], SECONDS, os.cpu_count(), UNCACHED)
            with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
                script.write(WRK_MIX % ", ".join(f'"{path}"' for path in PAGES.values()))
                script.flush()
                print("Load test: 64 connections, 30 s...", flush=True)
                load = wrk(base + "/", LOAD_SECONDS, LOAD_CONNECTIONS, script=script.name)
            memory = workers_memory(server)
        print("Without Redis, and through Varnish...", flush=True)
        with gunicorn(without_redis(env)):
            for path in PAGES.values():
                get(base + path)
            files = {
                "static": wrk(base + STATIC_COPY, SECONDS, CONNECTIONS),
                "essay": wrk(base + PAGES["essay"], SECONDS, CONNECTIONS),
                "timeline": wrk(base + PAGES["music timeline"], SECONDS, CONNECTIONS),
                "uncached essay": wrk(base + PAGES["essay"], SECONDS, os.cpu_count(), UNCACHED),
            }
        with gunicorn(env):
            front_port = free_port()
            with varnish(env, front_port):
                front = f"http://127.0.0.1:{front_port}"
                get(front + PAGES["essay"])
                # As browsers ask, with gzip: Varnish keeps the page compressed, and a client without gzip makes it
                # decompress the page at every request (46-54 % of the static file's rate, against 93-102 %).
                through_varnish = {
                    "static": wrk(front + STATIC_COPY, SECONDS, CONNECTIONS, GZIP),
                    "essay": wrk(front + PAGES["essay"], SECONDS, CONNECTIONS, GZIP),
                    "essay, no gzip": wrk(front + PAGES["essay"], SECONDS, CONNECTIONS),
                }
        # Only this part goes through the relay, so that its copying weighs on none of the figures above.
        link = DatabaseLink()
        link.up()
        database = urlsplit(env["DATABASE_URL"]).path
        with gunicorn({**env, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{link.port}{database}"}):
            faults = fault(base, link)
    report(static, rows, renders, essay_per_core, load, memory, first_views, faults)
    report_other_caches(files, through_varnish)


def report_other_caches(files, through_varnish):
    print()
    print(f"Without Redis (the file cache every worker shares), {CONNECTIONS} connections:")
    for name, run in files.items():
        share = (
            f", {run['rps'] / files['static']['rps']:.0%} of the static copy" if name in ("essay", "timeline") else ""
        )
        print(f"  {name:<15} {run['rps']:>7.0f} req/s, p50 {run['p50']:.2f} ms, p99 {run['p99']:.2f} ms{share}")
    print("  (uncached essay: one connection a core, page cache bypassed)")
    print(f"Through Varnish (deploy/varnish.vcl), {CONNECTIONS} connections, asking for gzip as browsers do:")
    for name, run in through_varnish.items():
        print(f"  {name:<15} {run['rps']:>7.0f} req/s, p50 {run['p50']:.2f} ms, p99 {run['p99']:.2f} ms")
    print(f"  cached essay / static file: {through_varnish['essay']['rps'] / through_varnish['static']['rps']:.0%}")


def report(static, rows, renders, essay_per_core, load, memory, first_views, faults):
    print()
    print(
        f"{'page':<16} {'uncached req/s':>14} {'p50 ms':>7} {'p99 ms':>7}   {'cached req/s':>12} {'p50 ms':>7} "
        f"{'p99 ms':>7}   {'cached/static':>13}"
    )
    print(
        f"{'static essay':<16} {'':>14} {'':>7} {'':>7}   {static['rps']:>12.0f} {static['p50']:>7.2f} "
        f"{static['p99']:>7.2f}   {'100%':>13}"
    )
    for name, (uncached, cached) in rows.items():
        print(
            f"{name:<16} {uncached['rps']:>14.0f} {uncached['p50']:>7.2f} {uncached['p99']:>7.2f}   "
            f"{cached['rps']:>12.0f} {cached['p50']:>7.2f} {cached['p99']:>7.2f}   "
            f"{cached['rps'] / static['rps']:>12.0%}"
        )
    print()
    print(
        f"Uncached essay with one connection a core ({os.cpu_count()}): {essay_per_core['rps']:.0f} req/s, "
        f"p50 {essay_per_core['p50']:.2f} ms, p99 {essay_per_core['p99']:.2f} ms"
    )
    print("Median render time in the server's own process, page cache bypassed, 100 requests each:")
    for path, milliseconds in renders.items():
        print(f"  {path:<24} {milliseconds:.1f} ms")
    print("  (the last: 100 essays, each rendered once, for the first time since the content last changed)")
    print(
        f"Load test, {LOAD_CONNECTIONS} connections for {LOAD_SECONDS} s on a mix of every page above: "
        f"{load['requests']} requests, {load['rps']:.0f} req/s, p50 {load['p50']:.2f} ms, p99 {load['p99']:.2f} ms, "
        f"{load['errors']} socket errors, {load['non2xx']} non-2xx/3xx"
    )
    errors = sum(run["errors"] + run["non2xx"] for pair in rows.values() for run in pair)
    print(f"Errors in the per-page runs: {errors}")
    print(
        f"Peak resident memory of each gunicorn worker under the load above: {megabytes(memory)}; "
        f"before it, while the first views made every image's renditions: {megabytes(first_views)}"
    )
    print("Database down and back:")
    for what, outcome in faults.items():
        print(f"  {what}: {outcome}")


if __name__ == "__main__":
    sys.exit(main())
