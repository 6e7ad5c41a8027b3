# motcua — the two commands for a fresh machine are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
SIM_PORT ?= 8765
SIM_STATE ?= $(MOTCUA_DATA_DIR)/national-sim.json
DEMO_ERA ?= 2023
export MOTCUA_DATA_DIR ?= $(CURDIR)/var
# The demo's and the suite's test payment gateway and test signing authority (a deployment never
# turns them on: docs/deploy.md).
export MOTCUA_PAYMENT_SANDBOX ?= 1
export MOTCUA_SIGNING_TEST_CA ?= 1

.PHONY: help install demo run test test-sqlite test-postgres check lint format schema messages bench clean

help:
	@echo "make run    install, migrate, load the demo province, serve on http://$(HOST):$(PORT)"
	@echo "make test   the whole suite on SQLite and on PostgreSQL"
	@echo "make check  ruff, migrations and OpenAPI drift checks"
	@echo "make bench  every benchmark (JSON lines; see docs/benchmarks.md)"

# pip without its chatter: no root-user or script-location warnings, no version check.
PIP_QUIET = --quiet --root-user-action=ignore --no-warn-script-location --disable-pip-version-check

# Idempotent: Debian packages the app needs at run time, then the virtualenv from the pins.
install: $(STAMP)
	@scripts/debian-packages.sh runtime
	@$(BIN)/python scripts/compilemessages.py

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_QUIET) --upgrade pip
	$(BIN)/python -m pip install $(PIP_QUIET) -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

# Migrate and load the demo province; running it twice changes nothing.
demo: install
	$(BIN)/motcua migrate --no-input -v 1
	$(BIN)/motcua load_demo --era $(DEMO_ERA)

# The month sent once to the national portal's simulator: the demo era's last.
ifeq ($(DEMO_ERA),2026)
SYNC_FROM := $(shell date +%Y-%m-01)
SYNC_TO := $(shell date +%F)
else
SYNC_FROM := 2023-12-01
SYNC_TO := 2023-12-31
endif

run: demo
	$(BIN)/motcua collectstatic --no-input -v 0
	@echo "motcua: http://$(HOST):$(PORT)/  (demo era $(DEMO_ERA); accounts: see README.md)"
	@# Beside the web server, and stopping with it: the background worker (imports, messages),
	@# a simulator of the national portal's adapter and the sender that keeps it in step (the
	@# demo's last month is sent once, so the synchronisation page has data; docs/national.md).
	@# The slips' QR codes and the messages' links point where this server really runs.
	@export MOTCUA_PUBLIC_URL="$${MOTCUA_PUBLIC_URL:-http://$(HOST):$(PORT)}" \
	  MOTCUA_NATIONAL_URL="$${MOTCUA_NATIONAL_URL:-http://127.0.0.1:$(SIM_PORT)}" \
	  MOTCUA_NATIONAL_USERNAME="$${MOTCUA_NATIONAL_USERNAME:-motcua}" \
	  MOTCUA_NATIONAL_PASSWORD="$${MOTCUA_NATIONAL_PASSWORD:-motcua-sim}"; \
	  $(BIN)/motcua db_worker --no-startup-delay & worker=$$!; \
	  $(BIN)/motcua national_portal_sim --port $(SIM_PORT) --state $(SIM_STATE) >/dev/null & sim=$$!; \
	  ( sleep 2; test -f $(SIM_STATE) || $(BIN)/motcua sync_national --resend --from $(SYNC_FROM) \
	      --to $(SYNC_TO) >/dev/null; exec $(BIN)/motcua sync_national --follow ) & sender=$$!; \
	  trap 'kill $$worker $$sim $$sender 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/motcua runserver $(HOST):$(PORT)

# The whole suite on SQLite and on PostgreSQL (a throw-away cluster unless TEST_POSTGRES_URL
# names one), side by side — one core each, each with its own data directory — and each
# half's output printed whole when it ends. With CI=true a missing service or a skipped test
# fails the run.
test: install
	@scripts/debian-packages.sh test
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

test-sqlite:
	MOTCUA_DATA_DIR="$(MOTCUA_DATA_DIR)/test-sqlite" \
	  DATABASE_URL="sqlite:///$(MOTCUA_DATA_DIR)/test-sqlite/test.sqlite3" $(BIN)/pytest $(PYTEST_ARGS)

test-postgres:
	MOTCUA_DATA_DIR="$(MOTCUA_DATA_DIR)/test-postgres" scripts/with-postgres.sh $(BIN)/pytest $(PYTEST_ARGS)

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/motcua makemigrations --check --dry-run
	$(BIN)/motcua spectacular --validate --fail-on-warn --file $(MOTCUA_DATA_DIR)/openapi.yaml
	diff -u docs/api/openapi.yaml $(MOTCUA_DATA_DIR)/openapi.yaml || \
	  (echo "docs/api/openapi.yaml is stale: run 'make schema' and commit it" && exit 1)

lint: check

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schema: install
	$(BIN)/motcua spectacular --validate --fail-on-warn --file docs/api/openapi.yaml

messages: install
	$(BIN)/python scripts/compilemessages.py

# Every benchmark on SQLite, then the database ones and the crash test on PostgreSQL (a
# throw-away cluster).
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)
	scripts/with-postgres.sh $(BIN)/python -m bench catalog_search search_quality dossier_flow reports national_sync national_backlog crash $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var build *.egg-info
