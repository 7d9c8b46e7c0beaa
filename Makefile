# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run serve test install clean

# Reinstall only when the declared dependencies change.
$(VENV)/installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install -qq --disable-pip-version-check -e ".[test]"
	touch $@

install: $(VENV)/installed

run: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_initial_data
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production: gunicorn with gunicorn.conf.py and portfolio.settings.production, behind a web server that
# terminates HTTPS (docs/operations.md). Run `manage.py migrate` once per release, before this.
serve: install
	DJANGO_SETTINGS_MODULE=portfolio.settings.production $(BIN)/python manage.py collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=portfolio.settings.production $(BIN)/gunicorn

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) static
