# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test install clean bench-renditions

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

test: install
	$(BIN)/python -m pytest

# Prints the time and peak memory of making a 24-megapixel photo's renditions.
bench-renditions: install
	$(BIN)/python bench/renditions.py

clean:
	rm -rf $(VENV) static
