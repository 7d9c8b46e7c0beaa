"""Settings shared by every environment; each value that differs per deployment comes from the environment."""

import datetime
import hashlib
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_flag(name, default="false"):
    """A yes-or-no environment variable: 1, true, yes or on, in any case, is yes."""
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "portfolio",
    "blog",
    "music",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Before anything that may touch the database, so cached pages are served even when it is down.
    "portfolio.serving.page_cache.PageCacheMiddleware",
    # Inside the page cache, so that a cached page is compressed once; Django's gzip adds random bytes against BREACH.
    "portfolio.serving.page_cache.PageCompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portfolio.serving.content_security_policy.ContentSecurityPolicyMiddleware",
    "portfolio.serving.maintenance.DatabaseUnavailableMiddleware",
    "portfolio.media.storage.UploadNotSavedMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its refusal.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portfolio.urls"
WSGI_APPLICATION = "portfolio.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# An SQLite file in the project folder unless DATABASE_URL names another
# database; a postgres:// URL selects psycopg 3.
#
# A connection per request here (runserver makes a thread a request, which would leave each connection behind);
# the production settings keep each worker's connection across requests. Either way a database server that hangs
# costs a request at most DATABASE_QUERY_SECONDS and the maintenance page (portfolio.serving.maintenance).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer is reported within seconds (the maintenance page), not after the
    # worker's timeout; ?connect_timeout= in DATABASE_URL overrides it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
# A query of a request still unanswered after this many seconds (a server that hangs mid-query, a lock never
# released) ends it with the maintenance page, before gunicorn's 30 s timeout leaves the visitor without an answer
# (portfolio.serving.maintenance). Management commands (migrate, imports) are never cut short.
DATABASE_QUERY_SECONDS = float(os.environ.get("DATABASE_QUERY_SECONDS", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a locked-out username or address before any password is checked. Its
# AxesBackend can also load users, as Wagtail's test helpers expect of the first backend.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
# A username and an address are each locked out on their own failures.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "portfolio.serving.client_ip.client_ip"
# How many reverse proxies in front append to X-Forwarded-For; 0 trusts the connection's own address.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Signing in without a page to go back to (the login for private documents and pages) leads to the admin, not to
# Django's default /accounts/profile/, which does not exist here.
LOGIN_REDIRECT_URL = "wagtailadmin_home"

# Mail, which only password reset links use: an SMTP server named in the environment, on the submission port with
# STARTTLS unless told otherwise. Without EMAIL_HOST no mail can leave, so Wagtail's password reset is off and its
# "Forgotten password?" link hidden, rather than telling someone a mail was sent.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", "true")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
# A mail server that does not answer costs the reset form seconds, not the worker's whole timeout.
EMAIL_TIMEOUT = 10
WAGTAIL_PASSWORD_RESET_ENABLED = bool(EMAIL_HOST)

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    # Django's, except that a file the disk refused halfway is removed (portfolio.media.storage).
    "default": {"BACKEND": "portfolio.media.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads go to S3-compatible object storage when a bucket is named, so that app servers keep no files;
# the access keys are read by boto3 from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
MEDIA_ORIGINS = []
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN,
            # Media is public: plain URLs that browsers and the CDN can cache, never signed ones that expire.
            "querystring_auth": False,
            # Two uploads with one name keep both files, as on disk.
            "file_overwrite": False,
        },
    }
    # The address media URLs start with, which the Content-Security-Policy must allow.
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_ORIGINS = [f"https://{AWS_S3_CUSTOM_DOMAIN}"]
    elif AWS_S3_ENDPOINT_URL:
        MEDIA_ORIGINS = ["{0.scheme}://{0.netloc}".format(urlsplit(AWS_S3_ENDPOINT_URL))]
    else:
        MEDIA_ORIGINS = [f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"]

# The cache every process shares: rendered pages (portfolio.serving.page_cache), the content generation that
# invalidates them, and Wagtail's renditions and site paths. Redis when REDIS_URL is set (several app servers);
# otherwise files on this machine, which every process of it reads: nothing else to run.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis backend, except that an unreachable Redis is a miss, not an error.
            "BACKEND": "portfolio.serving.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that stops answering costs a request a fraction of a second, not the worker's timeout.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "portfolio.serving.cache_backends.ResilientDiskCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "cache")),
        }
    }
# Entries not given a lifetime of their own (Wagtail's renditions and site paths) are kept a day.
CACHES["default"]["TIMEOUT"] = 24 * 60 * 60
# The cache outlives processes, and may outlive a database or serve several (DATABASE_URL changed in one project
# folder): its keys name the database they were made from, or Wagtail would look up another database's site ids.
CACHES["default"]["KEY_PREFIX"] = hashlib.sha256(
    " ".join(str(DATABASES["default"].get(part, "")) for part in ("ENGINE", "HOST", "PORT", "NAME")).encode()
).hexdigest()[:12]
# How long the site keeps a page it rendered, unless the content changes first; and how long a shared cache in
# front (a CDN, Varnish) may keep it, which the site purges on every change when WAGTAILFRONTENDCACHE names it.
PAGE_CACHE_SECONDS = 24 * 60 * 60
SHARED_CACHE_SECONDS = int(os.environ.get("SHARED_CACHE_SECONDS", "600"))

# Shared caches in front (Varnish, a CDN): every visible change asks them to purge (portfolio.serving.content_changes,
# deploy/varnish.vcl); Wagtail also purges a page's own URLs when it is published, unpublished or moved.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("VARNISH_URL"):
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["VARNISH_URL"],
    }
if os.environ.get("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
        # Required with the zone: without it, startup fails rather than each publish.
        "BEARER_TOKEN": os.environ["CLOUDFLARE_API_TOKEN"],
    }
if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
    }

# Security headers on every response (production adds HSTS and secure cookies).
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"  # YouTube's player refuses to play without a referrer
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views allow SAMEORIGIN for themselves
CSRF_COOKIE_HTTPONLY = True  # the admin reads the token from the page, never from the cookie
VIDEO_PLAYER_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"]
# The music players music/listening.py makes, framed only once the reader clicks play.
MUSIC_PLAYER_ORIGINS = [
    "https://bandcamp.com",
    "https://open.spotify.com",
    "https://w.soundcloud.com",
    "https://embed.music.apple.com",
]
PLAYER_ORIGINS = VIDEO_PLAYER_ORIGINS + MUSIC_PLAYER_ORIGINS
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, *MEDIA_ORIGINS],
        "frame-src": PLAYER_ORIGINS,
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
# Browser features the site never uses are denied to its pages and to anything they frame (only those Chromium knows:
# it warns of any other). The players the facades frame (templates/portfolio/video_facade.html, static/js/video.js)
# get what their iframe's `allow` asks (autoplay, fullscreen...), which the header leaves at the browser's default:
# frame-src above already lets no other host be framed, and naming the players in four more features made every
# page's headers 2.0 KB instead of 1.3 KB, a cached essay through Varnish 46-50 % of a static file's rate.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer browsing-topics camera clipboard-read display-capture geolocation gyroscope hid idle-detection "
        "local-fonts magnetometer microphone midi otp-credentials payment publickey-credentials-get screen-wake-lock "
        "serial usb window-management xr-spatial-tracking"
    ).split()
}
# Wagtail 8's admin still writes inline scripts and styles (date pickers, inline panels) and shows previews
# of the site's pages in a frame of its own: pages under /admin/ get this policy instead.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        # Its stylesheet has a data: image; the upload form previews images from blob: URLs.
        "img-src": [SELF, "data:", "blob:", *MEDIA_ORIGINS],
        "frame-src": [SELF, *PLAYER_ORIGINS],
    }
}

# Warnings and errors to standard error, where the service manager (or the terminal) keeps them, one line an event
# (time, level, logger, message), then the traceback if any: the site's own, Django's (server errors, refused
# requests, password reset mails that could not be sent) and the libraries' (django-axes's lockouts).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    # Django's own handlers print only with DEBUG on, or mail ADMINS (there are none): the root's handler instead.
    "loggers": {"django": {"handlers": [], "level": "WARNING"}},
}

# Long StreamField pages post many fields from the page editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "Portfolio")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Accents folded as SQLite's search folds them: English stemming after unaccent (portfolio migration 0016).
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "portfolio_search"
# Embeds are rendered by the site's own video facade; nothing is fetched from oEmbed providers.
WAGTAILEMBEDS_FINDERS = []
# A video's still is fetched once, by the server, when the video is saved (portfolio/pages/video_stills.py): from
# YouTube's still address, and from the still Vimeo's oEmbed answer names. "" fetches none. {id}: the video's id,
# {url}: its link, quoted.
VIDEO_STILL_URLS = {
    "youtube": os.environ.get("VIDEO_STILL_YOUTUBE_URL", "https://i.ytimg.com/vi/{id}/hqdefault.jpg"),
    "vimeo": os.environ.get("VIDEO_STILL_VIMEO_URL", "https://vimeo.com/api/oembed.json?url={url}&width=960"),
}
VIDEO_STILL_TIMEOUT = 5
# How long a save waits for all its stills together, fetched side by side; what is not there by then is given up.
VIDEO_STILL_DEADLINE = 6

# The admin contacts no other site either: no update check, no Gravatar avatars.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Uploads. Wagtail checks each image's format against its extension, its size and its pixel count; the
# form base (portfolio.media.uploads) counts pixels before decoding anything, then decodes the whole file, so
# a decompression bomb or a cut-short file is refused with a message. No SVG: it can carry scripts.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Width x height x frames.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "portfolio.media.uploads.ImageForm"
# PDFs, and audio for demos; a WAV of a whole song needs the room.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portfolio.media.collections.DocumentForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "mp3", "flac", "wav", "ogg"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 100 * 1024 * 1024
# Documents are always sent through Wagtail's view, which checks a private collection's restrictions.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# "Music" and "music" are one tag, whoever typed it.
TAGGIT_CASE_INSENSITIVE = True

ESSAYS_PER_PAGE = 10
# The archive lists titles and dates alone, so a page holds more of them than a listing of cards.
ARCHIVE_ESSAYS_PER_PAGE = 50
