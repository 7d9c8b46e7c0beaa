"""Settings and commands in a fresh interpreter, with only the environment a test gives them."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
# Variables the settings read; a test sees none of the developer's own.
SETTINGS_VARIABLES = {
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "REDIS_URL",
    "CACHE_DIR",
    "SHARED_CACHE_SECONDS",
    "VARNISH_URL",
    "WAGTAILADMIN_BASE_URL",
    "PORT",
    "PROXY_COUNT",
    "SECURE_HSTS_SECONDS",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_CUSTOM_DOMAIN",
    "CLOUDFLARE_ZONE_ID",
    "CLOUDFLARE_API_TOKEN",
    "CLOUDFRONT_DISTRIBUTION_ID",
    "SENTRY_DSN",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "DEFAULT_FROM_EMAIL",
    "VIDEO_STILL_YOUTUBE_URL",
    "VIDEO_STILL_VIMEO_URL",
}
# Long and varied enough for `check --deploy`.
PRODUCTION_SECRET_KEY = "production-test-key-" + "k3Y9-x" * 8


def environment(module, **environ):
    env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
    # A cache of its own unless the test names one, never the project's: it outlives the process.
    env["CACHE_DIR"] = tempfile.mkdtemp(prefix="portfolio-test-cache-")
    # Nor any video's still from YouTube or Vimeo: no test reaches another host.
    env.update(VIDEO_STILL_YOUTUBE_URL="", VIDEO_STILL_VIMEO_URL="")
    env.update(environ, DJANGO_SETTINGS_MODULE=f"portfolio.settings.{module}")
    return env


def run_python(module, code, **environ):
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, env=environment(module, **environ), capture_output=True, text=True
    )


def evaluate(module, expression, imports="", **environ):
    """The value (through JSON) of a Python expression evaluated with these settings (the apps are not loaded)."""
    code = f"import json; from django.conf import settings; {imports}\n"
    code += f"print(json.dumps({expression}))"
    result = run_python(module, code, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def manage(module, *arguments, **environ):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT,
        env=environment(module, **environ),
        capture_output=True,
        text=True,
    )


def missing(tool):
    """A tool the test needs is not installed: a skip on a laptop, a failure in CI (CI set), which installs it."""
    if os.environ.get("CI"):
        pytest.fail(f"{tool} is missing; CI must install it (see .ci/run).")
    pytest.skip(f"{tool} is missing")
