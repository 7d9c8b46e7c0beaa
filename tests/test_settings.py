"""Each settings module, loaded in a fresh interpreter with only the environment it is given."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'debug': settings.DEBUG, 'engine': db['ENGINE'], 'name': str(db['NAME']), "
    "'hosts': settings.ALLOWED_HOSTS, 'secret': bool(settings.SECRET_KEY)}))"
)


def load(module, **environ):
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}}
    env.update(environ, DJANGO_SETTINGS_MODULE=f"portfolio.settings.{module}")
    return subprocess.run([sys.executable, "-c", PROBE], cwd=PROJECT, env=env, capture_output=True, text=True)


def loaded(module, **environ):
    result = load(module, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_development_is_the_default_and_uses_an_sqlite_file_in_the_project():
    manage = (PROJECT / "manage.py").read_text()
    assert 'setdefault("DJANGO_SETTINGS_MODULE", "portfolio.settings.dev")' in manage
    dev = loaded("dev")
    assert dev["debug"] is True
    assert dev["engine"] == "django.db.backends.sqlite3"
    assert dev["name"] == str(PROJECT / "db.sqlite3")


def test_a_postgres_url_selects_postgresql():
    dev = loaded("dev", DATABASE_URL="postgres://someone@db.example:5432/portfolio")
    assert dev["engine"] == "django.db.backends.postgresql"
    assert dev["name"] == "portfolio"


def test_debug_is_off_outside_development():
    assert loaded("test")["debug"] is False
    production = loaded("production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.com, www.example.com")
    assert production["debug"] is False
    assert production["hosts"] == ["example.com", "www.example.com"]


def test_production_refuses_to_start_without_a_secret_key():
    result = load("production", ALLOWED_HOSTS="example.com")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = load("production", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name the site's host names" in result.stderr


def test_production_refuses_to_start_with_debug_on():
    result = load("production", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.com", DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG must not be on in production" in result.stderr
