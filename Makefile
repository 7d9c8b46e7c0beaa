# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# glibc's allocator in every process started from here: two arenas, not one a thread; blocks of 4 MB or more always
# mapped apart, and at most 16 MB kept free at the heap's top, so that what making a photo's renditions took goes
# back to the system (docs/performance.md, Image renditions). Under systemd, set it in the service's Environment=.
export GLIBC_TUNABLES ?= glibc.malloc.arena_max=2:glibc.malloc.mmap_threshold=4194304:glibc.malloc.trim_threshold=16777216

.PHONY: run serve test install clean bench bench-renditions bench-worker-memory bench-lighthouse screenshots

# Serving needs only the site's own dependencies; `make test` adds the test tools, with a stamp of its own. Each
# is reinstalled only when the declared dependencies change.
$(VENV)/installed: pyproject.toml
	@echo "Creating the virtual environment in $(VENV)/..."
	$(PYTHON) -m venv $(VENV)
	@echo "Updating pip..."
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@echo "Installing what the site needs to run (a minute or two the first time)..."
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar on -e .
	touch $@

$(VENV)/installed-test: $(VENV)/installed
	@echo "Installing the test tools..."
	$(BIN)/python -m pip install --disable-pip-version-check --progress-bar on -e ".[test]"
	touch $@

install: $(VENV)/installed

# The development server and scheduled publishing side by side (Procfile.dev); Ctrl-C stops both.
run: install
	@echo "Migrating the database..."
	$(BIN)/python manage.py migrate --noinput -v0
	PORT=$(PORT) $(BIN)/python manage.py load_initial_data
	@echo "Serving http://127.0.0.1:$(PORT)/ and publishing scheduled pages every minute; Ctrl-C stops both."
	PORT=$(PORT) PATH="$(CURDIR)/$(BIN):$$PATH" PYTHONUNBUFFERED=1 $(BIN)/honcho -f Procfile.dev start

# Production: gunicorn with gunicorn.conf.py and portfolio.settings.production, and scheduled publishing (Procfile),
# behind a web server that terminates HTTPS (docs/operations.md). Run `manage.py migrate` once per release, before this.
serve: install
	DJANGO_SETTINGS_MODULE=portfolio.settings.production $(BIN)/python manage.py collectstatic --noinput -v0
	PORT=$(PORT) PATH="$(CURDIR)/$(BIN):$$PATH" DJANGO_SETTINGS_MODULE=portfolio.settings.production \
		$(BIN)/honcho -f Procfile start

test: $(VENV)/installed-test node_modules
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

# Prints the time and peak memory of importing a blog of 1,000 posts with a photo each (POSTS=100 for fewer).
.PHONY: bench-import
bench-import: install
	$(BIN)/python bench/import.py

# Prints the time and peak memory of making a 24-megapixel photo's renditions.
bench-renditions: install
	$(BIN)/python bench/renditions.py

# Prints what each gunicorn worker keeps after a 24-megapixel photo's first view, with and without GLIBC_TUNABLES.
# Needs PostgreSQL and Redis on this machine, as `make bench` does.
bench-worker-memory: install
	cd bench && ../$(BIN)/python worker_memory.py

# The README's screenshots, from the initial content on a fresh database, in Debian's Chromium.
screenshots: $(VENV)/installed-test
	cd bench && ../$(BIN)/python screenshots.py

clean:
	rm -rf $(VENV) static
