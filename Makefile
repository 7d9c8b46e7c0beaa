# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run serve test install clean bench bench-renditions bench-lighthouse

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

test: install node_modules
	$(BIN)/python -m pytest

# axe-core, which the accessibility tests inject into pages. Without npm those tests skip (CI always has it).
node_modules: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent && touch $@; fi

# The site under load beside a static copy of an essay: a large synthetic site, gunicorn with the production
# settings, wrk. Needs PostgreSQL and Redis on this machine; takes about ten minutes. See docs/performance.md.
bench: install
	cd bench && ../$(BIN)/python load.py

# 64 connections for 30 s on pages, random searches and unique 404s: requests a second, socket errors and 5xx
# answers (the target is none). The synthetic site and servers of `make bench`; about five minutes.
.PHONY: bench-mixed
bench-mixed: install
	cd bench && ../$(BIN)/python mixed.py

# Lighthouse's four scores for every page type, mobile and desktop, against the production settings.
# Installs Lighthouse from the npm registry into bench/lighthouse-tool/; uses Debian's Chromium.
bench-lighthouse: install
	cd bench && ../$(BIN)/python lighthouse.py

# Prints the time and peak memory of making a 24-megapixel photo's renditions.
bench-renditions: install
	$(BIN)/python bench/renditions.py

clean:
	rm -rf $(VENV) static
