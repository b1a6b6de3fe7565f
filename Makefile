# `make run` and `make test` do all the set-up; each step is skipped when its inputs are unchanged.
PYTHON ?= python3
PORT ?= 5000
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := frontend/node_modules/.installed
DIST := frontend/dist/index.html
FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) frontend/index.html frontend/vite.config.js
export FLASK_APP := backend

.PHONY: run test install migrate test-python test-frontend test-browser clean help

help:
	@echo "make run    install everything and serve CrampCare at http://127.0.0.1:$(PORT)"
	@echo "make test   install everything and run every test"

run: install $(DIST) migrate
	$(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - 'backend:create_app()'

test: install $(DIST)
	cd frontend && npm test
	$(BIN)/python -m pytest

install: $(PY_STAMP) $(NODE_STAMP)

$(PY_STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "CrampCare needs Python 3.11 or newer")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# `npm ci` is stricter than some registry mirrors allow; `npm install` honours the lockfile too.
$(NODE_STAMP): frontend/package.json frontend/package-lock.json
	cd frontend && npm install --no-audit --no-fund
	touch $@

$(DIST): $(NODE_STAMP) $(FRONTEND_SOURCES)
	cd frontend && npm run build

migrate: $(PY_STAMP)
	$(BIN)/flask db upgrade

test-python: install $(DIST)
	$(BIN)/python -m pytest -m "not browser"

test-frontend: $(NODE_STAMP)
	cd frontend && npm test

test-browser: install $(DIST)
	REQUIRE_BROWSER=1 $(BIN)/python -m pytest -m browser

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist
