"""Gunicorn's settings for production (`make serve`); GUNICORN_CMD_ARGS or command-line options override them."""

import multiprocessing
import os

wsgi_app = "portfolio.wsgi:application"
# Behind the web server on this machine; honcho (`make serve`) always sets PORT, which would otherwise make gunicorn
# listen on every interface. GUNICORN_CMD_ARGS (--bind=...) overrides it.
bind = [f"127.0.0.1:{os.environ.get('PORT', '8000')}"]
# A page spends ~90 % of its time on the CPU and ~10 % waiting on the database: one worker a core keeps the cores
# busy and one more covers those waits. More only share the cores (measured on 2 cores, 5 workers against 3: 10-15 %
# fewer uncached and 30 % fewer cached pages a second; docs/performance.md). They share one cache: Redis, or files.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
# Loaded once before forking: the workers share its memory, and a broken configuration stops the server at once.
preload_app = True
# One line a request on standard output, for the service manager's log.
accesslog = "-"
# Nothing here uses gunicornc, and its socket's default path is shared by every gunicorn the user runs.
control_socket_disable = True
