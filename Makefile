# Agora — the README's commands. Everything installs into .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export HOST PORT

.PHONY: run test bench screenshots install install-dev translations translations-update \
	translations-check lint format clean

$(BIN)/agora: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

install: $(BIN)/agora translations

# The tests cover every transcript format, so they install the optional PDF extra too.
$(VENV)/.dev: $(BIN)/agora
	$(BIN)/pip install --quiet -e ".[dev,pdf]"
	@touch $@

install-dev: $(VENV)/.dev

# The catalogues: .mo files are built here (by `make install`, `make run`, `make test`), never
# committed. After changing strings: `make translations-update`, translate, `make
# translations-check` (the test suite checks the same).
translations: $(BIN)/agora
	$(BIN)/agora translate compile

translations-update: $(BIN)/agora
	$(BIN)/agora translate extract
	$(BIN)/agora translate update

translations-check: $(BIN)/agora
	$(BIN)/agora translate check

run: translations
	$(BIN)/agora db upgrade
	$(BIN)/agora seed-demo
	$(BIN)/agora run --host $(HOST) --port $(PORT)

test: install-dev translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The load benchmark: Agora against bare Flask-SocketIO, same run, same machine (BENCH_QUICK=1:
# about a minute). Needs the local PostgreSQL and Redis for the two-process scenario.
$(VENV)/.bench: $(VENV)/.dev
	$(BIN)/pip install --quiet -e ".[bench]"
	@touch $@

bench: $(VENV)/.bench translations
	$(BIN)/python -m bench.run

# The README's screenshots, from a fresh demo in headless Chromium (needs `chromium`).
screenshots: install-dev translations
	$(BIN)/python docs/screenshots.py

lint: install-dev
	$(BIN)/ruff check app tests bench
	$(BIN)/ruff format --check app tests bench

format: install-dev
	$(BIN)/ruff format app tests bench
	$(BIN)/ruff check --fix app tests bench

clean:
	rm -rf $(VENV) instance/agora.db* translations/*/LC_MESSAGES/*.mo
