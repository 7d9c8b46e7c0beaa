"""Backups: an `export_essays` export restores the essays into a new, empty database."""

import io
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from blog.models import EssayPage
from tests.environments import PRODUCTION_SECRET_KEY, manage
from tests.factories import create_essay, create_image


@pytest.fixture
def empty_database_url(tmp_path):
    """The URL of a new database of the kind the tests run on, without even tables; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    settings = connection.settings_dict
    name = f"{settings['NAME']}_restored"
    server = {"host": settings["HOST"], "port": settings["PORT"], "user": settings["USER"]}
    with psycopg.connect(**server, password=settings["PASSWORD"], dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            user = quote(settings["USER"]) + (f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else "")
            yield f"postgres://{user}@{settings['HOST']}:{settings['PORT']}/{name}"
        finally:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def files(directory):
    return {
        path.relative_to(directory): path.read_bytes() for path in sorted(Path(directory).rglob("*")) if path.is_file()
    }


def test_an_export_restores_every_essay_into_an_empty_database(db, empty_database_url, tmp_path):
    # The site as load_initial_data builds it, then edited and added to by its author.
    call_command("load_initial_data", stdout=io.StringIO())
    edited = EssayPage.objects.get(slug="non-drummers-programming-drums")
    edited.title = "Non-Drummers Programming Drums, Revisited"
    edited.save_revision().publish()
    image = create_image("Desk", width=320, height=200)
    picture = {"image": {"image": image.pk, "alt_text": "A desk", "decorative": False}, "caption": "Where I write"}
    create_essay(
        edited.get_parent(),
        "Written after the launch",
        tags=["Music", "Backups"],
        body=[{"type": "paragraph", "value": "<p>New words.</p>"}, {"type": "image", "value": picture}],
    )
    create_essay(edited.get_parent(), "Not ready yet", live=False)
    backup = tmp_path / "backup"
    call_command("export_essays", str(backup), stdout=io.StringIO())

    # A new server: an empty database and media folder, the site built, the backup imported, exported again.
    environ = {
        "SECRET_KEY": PRODUCTION_SECRET_KEY,
        "ALLOWED_HOSTS": "example.com",
        "DATABASE_URL": empty_database_url,
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
    }
    restored = tmp_path / "restored"
    for command in [
        ["migrate", "-v0"],
        ["load_initial_data"],
        ["import_essays", str(backup)],
        ["export_essays", str(restored)],
    ]:
        result = manage("production", *command, **environ)
        assert result.returncode == 0, f"{command}: {result.stderr}"

    backed_up = files(backup)
    assert sorted(path.suffix for path in backed_up) == [".md", ".md", ".md", ".md", ".png"]
    assert files(restored) == backed_up
