"""`make bench-mixed`: 64 connections for 30 s on what visitors and crawlers send at once.

The synthetic site of `make bench` under gunicorn with the production settings; wrk requests, at random, the page
types of load.py (cached after their first view), searches for random words (never cached: each one queries the
database) and addresses that do not exist, each one new (a 404 is never cached, and Wagtail's redirects are
looked up for it). Prints requests a second, latency, socket errors, 5xx answers and the 404s. The target is no
socket error and no 5xx.
"""

import sys
import tempfile

from load import PAGES, ensure_wrk, wrk
from server import gunicorn, seeded_site

SECONDS, CONNECTIONS = 30, 64
# Six requests in ten for a page, two for a search, two for an address that does not exist.
WRK_SCRIPT = """
local pages = {%s}
local words = {"music", "guitar", "essay", "tour", "record", "song", "code", "live", "jazz", "ai", "band", "night"}
local threads = {}
-- Globals, not locals: setup() and done() read and write them in each thread through thread:set() and thread:get().
id, counter, server_errors, not_found = 0, 0, 0, 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  math.randomseed(os.time() * 100 + id)
end

function request()
  counter = counter + 1
  local roll = math.random(10)
  if roll <= 6 then
    return wrk.format(nil, pages[math.random(#pages)])
  elseif roll <= 8 then
    local letters = string.char(math.random(97, 122), math.random(97, 122), math.random(97, 122))
    return wrk.format(nil, "/search/?q=" .. words[math.random(#words)] .. "+" .. letters)
  end
  return wrk.format(nil, "/no-such-page-" .. id .. "-" .. counter .. "/")
end

function response(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1 end
  if status == 404 then not_found = not_found + 1 end
end

function done(summary, latency, requests)
  local errors, missing = 0, 0
  for _, thread in ipairs(threads) do
    errors = errors + thread:get("server_errors")
    missing = missing + thread:get("not_found")
  end
  io.write(string.format("5xx responses: %%d\\n404 responses: %%d\\n", errors, missing))
end
"""


def main():
    ensure_wrk()
    with seeded_site(name="mixed") as env:
        base = f"http://127.0.0.1:{env['BENCH_PORT']}"
        with gunicorn(env) as server, tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
            script.write(WRK_SCRIPT % ", ".join(f'"{path}"' for path in PAGES.values()))
            script.flush()
            print(f"Mixed load: {CONNECTIONS} connections, {SECONDS} s...", flush=True)
            run = wrk(base + "/", SECONDS, CONNECTIONS, script=script.name)
            logged = server.log.read_text().splitlines()
    print()
    print(
        f"Mixed load, {CONNECTIONS} connections for {SECONDS} s (6 in 10 pages, 2 random searches, 2 unique 404s): "
        f"{run['requests']} requests, {run['rps']:.0f} req/s, p50 {run['p50']:.2f} ms, p99 {run['p99']:.2f} ms"
    )
    print(
        f"  socket errors {run['errors']}, 5xx {run['5xx']}, 404 {run['404']} "
        f"(non-2xx/3xx {run['non2xx']}: the 404s and any 5xx)"
    )
    print(f"  server log: {sum('ERROR' in line for line in logged)} error lines")
    return 1 if run["errors"] or run["5xx"] else 0


if __name__ == "__main__":
    sys.exit(main())
