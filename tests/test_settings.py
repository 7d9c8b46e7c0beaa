"""Each settings module, loaded in a fresh interpreter with only the environment it is given."""

from urllib.parse import urlsplit

import pytest

from tests.environments import PRODUCTION_SECRET_KEY, PROJECT, evaluate, manage, run_python

DATABASE = "{'engine': settings.DATABASES['default']['ENGINE'], 'name': str(settings.DATABASES['default']['NAME'])}"
PRODUCTION = {"SECRET_KEY": PRODUCTION_SECRET_KEY, "ALLOWED_HOSTS": "example.com"}


def test_development_is_the_default_and_uses_an_sqlite_file_in_the_project():
    manage_py = (PROJECT / "manage.py").read_text()
    assert 'setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings.dev")' in manage_py
    assert evaluate("dev", "settings.DEBUG") is True
    assert evaluate("dev", DATABASE) == {"engine": "django.db.backends.sqlite3", "name": str(PROJECT / "db.sqlite3")}


def test_in_development_absolute_urls_name_the_port_the_server_listens_on():
    assert evaluate("dev", "settings.WAGTAILADMIN_BASE_URL") == "http://127.0.0.1:8000"
    assert evaluate("dev", "settings.WAGTAILADMIN_BASE_URL", PORT="8080") == "http://127.0.0.1:8080"
    explicit = {"PORT": "8080", "WAGTAILADMIN_BASE_URL": "http://localhost:9000"}
    assert evaluate("dev", "settings.WAGTAILADMIN_BASE_URL", **explicit) == "http://localhost:9000"


def test_a_postgres_url_selects_postgresql_which_gives_up_connecting_after_seconds():
    url = "postgres://someone@db.example:5432/portfolio"
    assert evaluate("dev", DATABASE, DATABASE_URL=url) == {
        "engine": "django.db.backends.postgresql",
        "name": "portfolio",
    }
    options = "settings.DATABASES['default']['OPTIONS']"
    assert evaluate("dev", options, DATABASE_URL=url) == {"connect_timeout": 5}
    assert evaluate("dev", options, DATABASE_URL=url + "?connect_timeout=2") == {"connect_timeout": 2}


def test_debug_is_off_outside_development():
    assert evaluate("test", "settings.DEBUG") is False
    hosts = "example.com, www.example.com"
    assert evaluate(
        "production", "[settings.DEBUG, settings.ALLOWED_HOSTS]", **PRODUCTION | {"ALLOWED_HOSTS": hosts}
    ) == [
        False,
        ["example.com", "www.example.com"],
    ]


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python("production", "import django; django.setup()", ALLOWED_HOSTS="example.com")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "key, problem",
    [
        ("x", "SECRET_KEY is too short for production (length 1; at least 50 needed)"),
        ("a-key-that-is-forty-nine-characters-long-00000000", "(length 49; at least 50 needed)"),
        ("x" * 64, "SECRET_KEY is too repetitive for production (1 distinct characters; at least 5 needed)"),
        ("abab" * 16, "(2 distinct characters; at least 5 needed)"),
    ],
)
def test_production_refuses_to_start_with_a_weak_secret_key(key, problem):
    result = run_python("production", "import django; django.setup()", ALLOWED_HOSTS="example.com", SECRET_KEY=key)
    assert result.returncode != 0
    assert problem in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_python("production", "import django; django.setup()", SECRET_KEY=PRODUCTION_SECRET_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name the site's host names" in result.stderr


def test_production_refuses_to_start_with_debug_on():
    result = run_python("production", "import django; django.setup()", **PRODUCTION, DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG must not be on in production" in result.stderr


def test_production_passes_the_deploy_checks_with_only_the_required_variables():
    result = manage(
        "production",
        *["check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        DATABASE_URL="postgres://portfolio@db.example:5432/portfolio",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_cookies_are_sent_only_over_https_and_hidden_from_scripts():
    cookies = "[settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY, "
    cookies += "settings.CSRF_COOKIE_HTTPONLY]"
    assert evaluate("production", cookies, **PRODUCTION) == [True, True, True, True]


MAIL = (
    "{name: getattr(settings, name) for name in "
    "['EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', 'EMAIL_USE_TLS', 'DEFAULT_FROM_EMAIL']}"
)
RESET = "settings.WAGTAIL_PASSWORD_RESET_ENABLED"


def test_without_a_mail_server_password_reset_is_off_except_in_development_where_mails_are_printed():
    assert evaluate("production", RESET, **PRODUCTION) is False
    assert evaluate("dev", RESET) is True


def test_mail_goes_through_the_smtp_server_the_environment_names_and_turns_password_reset_on():
    server = {
        "EMAIL_HOST": "smtp.example.com",
        "EMAIL_HOST_USER": "portfolio",
        "EMAIL_HOST_PASSWORD": "smtp-password",
        "DEFAULT_FROM_EMAIL": "Portfolio <site@example.com>",
    }
    assert evaluate("production", MAIL, **PRODUCTION, **server) == server | {"EMAIL_PORT": 587, "EMAIL_USE_TLS": True}
    assert evaluate("production", RESET, **PRODUCTION, **server) is True

    local = {"EMAIL_HOST": "localhost", "EMAIL_PORT": "25", "EMAIL_USE_TLS": "false"}
    assert evaluate("production", MAIL, **PRODUCTION, **local) == local | {
        "EMAIL_PORT": 25,
        "EMAIL_USE_TLS": False,
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "DEFAULT_FROM_EMAIL": "webmaster@localhost",
    }


CACHE = "settings.CACHES['default']"


def test_the_cache_is_redis_when_redis_url_is_set_and_files_every_process_shares_otherwise(tmp_path):
    files = evaluate("production", CACHE, **PRODUCTION, CACHE_DIR=str(tmp_path))
    assert files["BACKEND"] == "portfolio.serving.cache_backends.ResilientDiskCache"
    assert files["LOCATION"] == str(tmp_path)
    redis = evaluate("production", CACHE, **PRODUCTION, REDIS_URL="redis://cache.internal:6379/1")
    assert redis["BACKEND"] == "portfolio.serving.cache_backends.ResilientRedisCache"
    assert redis["LOCATION"] == "redis://cache.internal:6379/1"


def test_the_tests_never_use_the_developers_redis():
    locmem = "django.core.cache.backends.locmem.LocMemCache"
    assert evaluate("test", CACHE, REDIS_URL="redis://127.0.0.1:6379/0")["BACKEND"] == locmem


MEDIA = (
    "{'storage': type(storage).__module__ + '.' + type(storage).__name__, "
    "'url': storage.url('images/a photo.jpg'), "
    "'img_src': settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], "
    "'admin_img_src': settings.ADMIN_CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']}"
)
MEDIA_IMPORTS = "from django.core.files.storage import storages; storage = storages['default']"
BUCKET = {"AWS_STORAGE_BUCKET_NAME": "portfolio-media"}


def media(**environ):
    return evaluate("production", MEDIA, imports=MEDIA_IMPORTS, **PRODUCTION, **environ)


def test_media_is_stored_on_disk_unless_a_bucket_is_named():
    on_disk = media(MEDIA_ROOT="/srv/portfolio/media")
    assert on_disk["storage"] == "portfolio.media.storage.MediaStorage"
    assert on_disk["url"] == "/media/images/a%20photo.jpg"
    assert on_disk["img_src"] == ["'self'"]


@pytest.mark.parametrize(
    "environ, url",
    [
        ({}, "https://portfolio-media.s3.amazonaws.com/images/a%20photo.jpg"),
        ({"AWS_S3_REGION_NAME": "eu-west-1"}, "https://portfolio-media.s3.amazonaws.com/images/a%20photo.jpg"),
        (
            {"AWS_S3_ENDPOINT_URL": "https://fra1.digitaloceanspaces.com"},
            "https://fra1.digitaloceanspaces.com/portfolio-media/images/a%20photo.jpg",
        ),
        ({"AWS_S3_CUSTOM_DOMAIN": "media.example.com"}, "https://media.example.com/images/a%20photo.jpg"),
    ],
)
def test_a_bucket_selects_s3_storage_with_plain_urls_that_the_policy_allows(environ, url):
    in_bucket = media(**BUCKET, **environ)
    assert in_bucket["storage"] == "storages.backends.s3.S3Storage"
    assert in_bucket["url"] == url  # no signature that would expire in a cached page
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(url))
    assert in_bucket["img_src"] == ["'self'", origin]
    assert in_bucket["admin_img_src"] == ["'self'", "data:", "blob:", origin]


FRONTEND_CACHES = "{name: type(backend).__name__ for name, backend in get_backends().items()}"
FRONTEND_IMPORTS = "from wagtail.contrib.frontend_cache.utils import get_backends"


def frontend_caches(**environ):
    return evaluate("production", FRONTEND_CACHES, imports=FRONTEND_IMPORTS, **PRODUCTION, **environ)


def test_a_cdn_is_purged_only_when_one_is_configured():
    assert frontend_caches() == {}
    assert frontend_caches(CLOUDFLARE_ZONE_ID="zone", CLOUDFLARE_API_TOKEN="token") == {
        "cloudflare": "CloudflareBackend"
    }
    assert frontend_caches(CLOUDFRONT_DISTRIBUTION_ID="E2EXAMPLE") == {"cloudfront": "CloudfrontBackend"}


def test_a_cloudflare_zone_without_a_token_stops_the_site_from_starting():
    result = run_python("production", "import django; django.setup()", **PRODUCTION, CLOUDFLARE_ZONE_ID="zone")
    assert result.returncode != 0
    assert "CLOUDFLARE_API_TOKEN" in result.stderr


def test_each_database_has_its_own_keys_in_a_shared_cache():
    prefix = "settings.CACHES['default']['KEY_PREFIX']"
    sqlite = evaluate("dev", prefix, DATABASE_URL="sqlite:////tmp/one.sqlite3")
    other_sqlite = evaluate("dev", prefix, DATABASE_URL="sqlite:////tmp/two.sqlite3")
    postgresql = evaluate("dev", prefix, DATABASE_URL="postgres://postgres@127.0.0.1:5432/portfolio")

    assert len({sqlite, other_sqlite, postgresql}) == 3
    assert evaluate("dev", prefix, DATABASE_URL="sqlite:////tmp/one.sqlite3") == sqlite


def test_errors_are_reported_to_sentry_only_when_a_dsn_is_set():
    active, started = "sentry_sdk.get_client().is_active()", "import django, sentry_sdk; django.setup()"
    assert evaluate("production", active, imports=started, **PRODUCTION) is False
    dsn = {"SENTRY_DSN": "https://public-key@errors.example/1"}
    assert evaluate("production", active, imports=started, **PRODUCTION, **dsn) is True
