# Agora — the README's commands. Everything installs into .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export HOST PORT

.PHONY: run test install install-dev translations lint format clean

$(BIN)/agora: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	@touch $@

install: $(BIN)/agora

# The tests cover every transcript format, so they install the optional PDF extra too.
$(VENV)/.dev: $(BIN)/agora
	$(BIN)/pip install --quiet -e ".[dev,pdf]"
	@touch $@

install-dev: $(VENV)/.dev

translations: $(BIN)/agora
	$(BIN)/agora translate compile

run: translations
	$(BIN)/agora db upgrade
	$(BIN)/agora seed-demo
	$(BIN)/agora run --host $(HOST) --port $(PORT)

test: install-dev translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check app tests
	$(BIN)/ruff format --check app tests

format: install-dev
	$(BIN)/ruff format app tests
	$(BIN)/ruff check --fix app tests

clean:
	rm -rf $(VENV) instance/agora.db* translations/*/LC_MESSAGES/*.mo
