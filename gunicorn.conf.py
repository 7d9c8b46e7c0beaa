"""Gunicorn's settings for production (`make serve`); GUNICORN_CMD_ARGS or command-line options override them."""

import multiprocessing
import os

wsgi_app = "portfolio.wsgi:application"
if os.environ.get("REDIS_URL"):
    # A page spends ~90 % of its time on the CPU and ~10 % waiting on the database: one worker a core keeps the
    # cores busy and one more covers those waits. More only share the cores (measured on 2 cores, 5 workers against
    # 3: 10-15 % fewer uncached and 30 % fewer cached pages a second; docs/performance.md). They share Redis.
    workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
else:
    # Without Redis the cache (rendered pages, and the generation that invalidates them) lives in the memory of
    # each process: one process with threads keeps it one cache, so no worker serves a page older than a publish.
    workers = 1
    threads = multiprocessing.cpu_count() * 4
# Loaded once before forking: the workers share its memory, and a broken configuration stops the server at once.
preload_app = True
# One line a request on standard output, for the service manager's log.
accesslog = "-"
# Nothing here uses gunicornc, and its socket's default path is shared by every gunicorn the user runs.
control_socket_disable = True
