import logging

from django.db import InterfaceError, OperationalError
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
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable, answered 503 with the maintenance page: %s", exception)
        # Rendered without the request: the page needs neither it nor the database.
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
