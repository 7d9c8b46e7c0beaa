"""Gunicorn's settings for production (`make serve`); GUNICORN_CMD_ARGS or command-line options override them."""

import multiprocessing
import os

wsgi_app = "portfolio.wsgi:application"
# Sync workers wait on the database; gunicorn advises two a core, plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Loaded once before forking: the workers share its memory, and a broken configuration stops the server at once.
preload_app = True
# One line a request on standard output, for the service manager's log.
accesslog = "-"
# Nothing here uses gunicornc, and its socket's default path is shared by every gunicorn the user runs.
control_socket_disable = True
