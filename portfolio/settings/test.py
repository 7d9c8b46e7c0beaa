import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Uploads made by tests land in a throwaway folder, never in the project's media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portfolio-test-media-"))  # noqa: F405
# Never the developer's Redis, even when REDIS_URL is set: the tests empty the cache before each test.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# No test reaches YouTube or Vimeo: the tests of video stills serve them from loopback.
VIDEO_STILL_URLS = {"youtube": "", "vimeo": ""}
