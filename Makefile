# `make run` and `make test` do all the set-up; each step is skipped when its inputs are unchanged.
# `make run` installs what serving needs; `make test` adds the test tools (pyproject's `dev` extra).
PYTHON ?= python3
PORT ?= 5000
# Where gunicorn writes one line per request; ACCESS_LOG=- puts them back in the terminal.
ACCESS_LOG ?= instance/access.log
VENV := .venv
BIN := $(VENV)/bin
PY_RUN_STAMP := $(VENV)/.installed-run
PY_STAMP := $(VENV)/.installed-dev
NODE_STAMP := frontend/node_modules/.installed
DIST := frontend/dist/index.html
FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) frontend/index.html frontend/vite.config.js \
	frontend/package.json frontend/scripts/compress.js
export FLASK_APP := backend

.PHONY: run test install install-run migrate test-python test-frontend test-browser clean help

help:
	@echo "make run    install what serving needs and serve CrampCare at http://127.0.0.1:$(PORT)"
	@echo "make test   install everything, test tools too, and run every test"

# The reminders worker runs beside gunicorn in one shell, whose EXIT trap stops it however that
# shell ends: gunicorn exiting on its own, Ctrl+C, or make being stopped. A background job of a
# non-interactive shell ignores Ctrl+C, so the trap sends TERM (the worker lets a send in flight
# finish) and waits for it.
run: install-run $(DIST) migrate
	@mkdir -p instance
	@$(BIN)/flask reminders run & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT; trap 'exit 143' TERM; \
	$(BIN)/gunicorn --config python:backend.web.gunicorn_config --bind 127.0.0.1:$(PORT) --workers 2 \
		--access-logfile $(ACCESS_LOG) 'backend:create_app()'

test: install $(DIST)
	cd frontend && npm test
	$(BIN)/python -m pytest

# Serving only: the runtime dependencies, the front end built, nothing written inside the git tree
# but ignored files (.venv, node_modules, dist, instance, *.egg-info).
install-run: $(PY_RUN_STAMP) $(NODE_STAMP)

install: $(PY_STAMP) $(NODE_STAMP)

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "CrampCare needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(PY_RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(PY_STAMP): pyproject.toml | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(PY_RUN_STAMP)

# `npm ci` is stricter than some registry mirrors allow; `npm install` honours the lockfile too.
$(NODE_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm install --no-audit --no-fund
	touch $@

$(DIST): $(NODE_STAMP) $(FRONTEND_SOURCES)
	cd frontend && npm run build

migrate: $(PY_RUN_STAMP)
	$(BIN)/flask db upgrade

test-python: install $(DIST)
	$(BIN)/python -m pytest -m "not browser"

test-frontend: $(NODE_STAMP)
	cd frontend && npm test

test-browser: install $(DIST)
	REQUIRE_BROWSER=1 $(BIN)/python -m pytest -m browser

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist
