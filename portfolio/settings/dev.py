import os

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = SECRET_KEY or "django-insecure-dev-only-key-never-used-in-production"  # noqa: F405
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]  # noqa: F405
# Mails are printed on the console, password reset links included.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WAGTAIL_PASSWORD_RESET_ENABLED = True
# The development server's own lines (requests, reloading), through the site's handler: Django's default logging
# stops its request lines from propagating, and the site's configuration removes the handler they had.
LOGGING["loggers"].update(  # noqa: F405
    {
        "django.server": {"level": "INFO", "propagate": True},
        "django.utils.autoreload": {"level": "INFO"},
    }
)
# Absolute URLs (canonical links, feeds, the sitemap) name the port the development server listens on: `make run`
# passes PORT, and load_initial_data points the site at it.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"http://127.0.0.1:{os.environ.get('PORT', '8000')}")
