import logging
import signal
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait before trying again.
RETRY_AFTER = 30


class DatabaseUnavailableMiddleware:
    """A database that cannot be reached is a 503 with the maintenance page, not a 500: the outage is temporary.

    Nothing is remembered between requests, so the first request after the database returns is served as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            checked_within_deadline()
        except (OperationalError, InterfaceError) as error:
            return self.process_exception(request, error)
        with connection.execute_wrapper(answered_within_deadline):
            return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable, answered 503 with the maintenance page: %s", exception)
        # Rendered without the request: the page needs neither it nor the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response


class QueryDeadlineExceeded(OperationalError):
    pass


def answered_within_deadline(execute, sql, params, many, context):
    """A query of a request that the database has not answered after DATABASE_QUERY_SECONDS ends it with the
    maintenance page. A hung server (SIGSTOP, a lock held for ever) otherwise keeps the worker until gunicorn
    kills it at 30 s and the visitor gets no answer at all; its kernel still acknowledges every packet, so no
    socket option ends that wait. An alarm reaches only the main thread: gunicorn's sync workers, not runserver's."""
    if threading.current_thread() is not threading.main_thread():
        return execute(sql, params, many, context)
    with alarm(settings.DATABASE_QUERY_SECONDS):
        try:
            return execute(sql, params, many, context)
        except QueryDeadlineExceeded:
            context["connection"].close()  # still waiting on its answer: of no use to anyone after this
            raise


def checked_within_deadline():
    """The connection kept from an earlier request (CONN_MAX_AGE) is checked by Django with a query of its own,
    outside execute wrappers: here, under the same deadline, so a hung server cannot hold the request there."""
    if threading.current_thread() is not threading.main_thread():
        return
    with alarm(settings.DATABASE_QUERY_SECONDS):
        try:
            connection.close_if_health_check_failed()
        except QueryDeadlineExceeded:
            connection.close()
            raise


@contextmanager
def alarm(seconds):
    def give_up(signum, frame):
        raise QueryDeadlineExceeded(f"the database did not answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
