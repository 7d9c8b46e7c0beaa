from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches

from tests.factories import (
    create_essay,
    create_essay_index,
    create_home,
    create_music_project,
    create_project_index,
    create_release,
    create_timeline,
)

AUTHOR_ESSAYS = Path(__file__).resolve().parent.parent / "content" / "essays"


@pytest.fixture
def home(db):
    return create_home()


@pytest.fixture
def essay_index(home):
    return create_essay_index(home)


@pytest.fixture
def make_essay(essay_index):
    def make(title="An essay", **fields):
        return create_essay(essay_index, title, **fields)

    return make


@pytest.fixture
def project_index(home):
    return create_project_index(home)


@pytest.fixture
def timeline(project_index):
    return create_timeline(project_index)


@pytest.fixture
def make_project(timeline):
    def make(title="A band", **fields):
        return create_music_project(timeline, title, **fields)

    return make


@pytest.fixture
def make_release():
    def make(project, title="A record", **fields):
        return create_release(project, title, **fields)

    return make


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "a-long-password-1")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Each test uploads into a folder of its own, so tests can check exactly what was stored."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    return settings.MEDIA_ROOT


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests are left out, visibly, when the suite runs on another database."""
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    other = [item for item in items if item.get_closest_marker("postgresql")]
    if other:
        config.hook.pytest_deselected(items=other)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql")]


@pytest.fixture(autouse=True)
def empty_cache():
    """Nothing cached by one test (renditions, site root paths) is seen by the next."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def without_the_page_cache(settings):
    """Every request renders its page, as on a page cache miss."""
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if not name.endswith(".PageCacheMiddleware")]
