import os

from django.core.checks.security.base import SECRET_KEY_MIN_LENGTH, SECRET_KEY_MIN_UNIQUE_CHARACTERS
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

key = SECRET_KEY  # noqa: F405
if not key:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
# The key signs sessions and password reset links, so a short or repetitive one can be guessed: Django's own
# rule, which `check --deploy` only warns about.
make_one = "make one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
if len(key) < SECRET_KEY_MIN_LENGTH:
    raise ImproperlyConfigured(
        f"SECRET_KEY is too short for production (length {len(key)}; at least {SECRET_KEY_MIN_LENGTH} needed): "
        f"{make_one}"
    )
if len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
    raise ImproperlyConfigured(
        f"SECRET_KEY is too repetitive for production ({len(set(key))} distinct characters; "
        f"at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} needed): {make_one}"
    )
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names, comma-separated (e.g. example.com).")
if env_flag("DEBUG"):  # noqa: F405
    raise ImproperlyConfigured("DEBUG must not be on in production; unset the DEBUG variable.")

# Each gunicorn worker keeps its database connection across requests, checked before reuse: connecting cost an
# uncached page about 9 ms on loopback (PostgreSQL starts a process a connection). A hung server is bounded by
# DATABASE_QUERY_SECONDS, the check included (portfolio.serving.maintenance).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "600"))  # noqa: F405

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")  # noqa: F405

# HTTPS is terminated by the web server in front, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Sent over HTTPS only. Every subdomain must serve HTTPS too; "preload" takes effect only once the domain is
# submitted to hstspreload.org. SECURE_HSTS_SECONDS=300 tries HSTS out before committing to a year.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# The app serves its own static files, compressed and with hashed names that browsers may cache forever.
# WhiteNoise goes right after SecurityMiddleware, so static files get its headers and skip everything else.
security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")  # noqa: F405
MIDDLEWARE.insert(security + 1, "whitenoise.middleware.WhiteNoiseMiddleware")  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405

# Server errors, and errors the site logs, are also reported to Sentry (or a service that speaks its protocol,
# such as GlitchTip) when SENTRY_DSN is set; without it the SDK is never started. Nothing personal is sent.
if os.environ.get("SENTRY_DSN"):
    import sentry_sdk

    sentry_sdk.init(dsn=os.environ["SENTRY_DSN"], send_default_pii=False)
