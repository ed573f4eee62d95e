# Partner Center: `make run` serves the demo, `make test` runs every test. Both install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SPA_STAMP := frontend/dist/index.html
PG_HOST ?= 127.0.0.1
PG_PORT ?= 5432
PG_TEST_URL ?= postgres://postgres@$(PG_HOST):$(PG_PORT)/test
SCALE ?= 1

.PHONY: all install install-py install-node chromium build migrate seed reset run serve test test-backend \
        test-sqlite test-postgres test-frontend test-browser lint lint-py lint-frontend schema check-schema bench clean

all: run

install: install-py install-node

install-py: $(PY_STAMP)
$(PY_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install-node: $(NODE_STAMP)
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Debian's Chromium for the browser tests (never a browser download), and CJK fonts so that
# screenshots show Chinese rather than empty boxes.
BROWSER_PACKAGES := chromium fonts-noto-cjk
chromium:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing="$$missing fonts-noto-cjk"; \
	  if [ -n "$$missing" ]; then \
	    echo "installing Debian packages:$$missing"; \
	    SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  fi

build: $(SPA_STAMP)
$(SPA_STAMP): $(NODE_STAMP) schema.graphql $(shell find frontend/src frontend/index.html -type f 2>/dev/null | grep -v '/gql/')
	npm run build

migrate: install-py
	$(BIN)/python -m partnercenter migrate

seed: migrate
	$(BIN)/python -m partnercenter seed --scale $(SCALE)

reset:
	rm -rf data
	$(MAKE) seed

run: install build seed
	$(BIN)/python -m partnercenter serve

serve: install-py
	$(BIN)/python -m partnercenter serve

schema: install-py
	$(BIN)/python -m partnercenter export-schema

check-schema: install-py
	@$(BIN)/python -m partnercenter export-schema --output .schema.check.graphql >/dev/null
	@if ! diff -u schema.graphql .schema.check.graphql; then rm -f .schema.check.graphql; \
	  echo "schema.graphql is out of date: run 'make schema' and commit it."; exit 1; fi
	@rm -f .schema.check.graphql; echo "schema.graphql matches the code"

lint-py: install-py
	$(BIN)/ruff check backend tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

lint-frontend: install-node
	npm run --silent lint
	npm run --silent typecheck

lint: lint-py lint-frontend

test-sqlite: install-py
	@echo "== backend tests on SQLite"
	$(BIN)/python -m pytest -q -p no:cacheprovider

# PostgreSQL run: on this kind of machine a server listens on 127.0.0.1:5432; elsewhere it is skipped, loudly.
test-postgres: install-py
	@if $(BIN)/python -c "import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(s.connect_ex(('$(PG_HOST)',$(PG_PORT))))"; then \
	  echo "== backend tests on PostgreSQL ($(PG_HOST):$(PG_PORT))"; \
	  TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/python -m pytest -q -p no:cacheprovider; \
	else \
	  echo "######################################################################"; \
	  echo "## PostgreSQL is not reachable at $(PG_HOST):$(PG_PORT):"; \
	  echo "## the PostgreSQL test run is SKIPPED (the SQLite run still counts)."; \
	  echo "######################################################################"; \
	fi

test-backend: check-schema test-sqlite test-postgres

test-frontend: install-node
	npm run --silent test:unit

test-browser: install chromium build
	npm run --silent test:browser

test: install lint test-backend test-frontend test-browser
	@echo "make test: all suites passed"

bench: install-py
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) node_modules frontend/dist data .pytest_cache .mypy_cache .ruff_cache
