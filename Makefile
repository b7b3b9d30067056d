# okrs: the developer's and CI's commands. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.DEFAULT_GOAL := help
.PHONY: help install run test test-sqlite test-postgres lint format lighthouse bench

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/okrs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/okrs ## create .venv and install okrs with its dev extras

run: install ## migrate, load the demo when the database is empty, serve on http://127.0.0.1:8000
	$(BIN)/okrs serve --demo-if-empty

test: install ## the whole suite on SQLite, then on PostgreSQL
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

test-sqlite: install ## the suite on SQLite only
	OKRS_TEST_EXPECT_VENDOR=sqlite $(BIN)/pytest -q --durations=15

test-postgres: install ## the suite on PostgreSQL (uses 127.0.0.1:5432 or starts a server)
	url="$$(bin/ensure-postgres)" && DATABASE_URL="$$url" OKRS_TEST_EXPECT_VENDOR=postgresql $(BIN)/pytest -q --durations=15

lint: install ## ruff check, ruff format --check, mypy strict on the core
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lighthouse: install ## Lighthouse 12.2.3 (npm, desktop) on home, a unit and an objective of the demo
	cd lighthouse && npm ci --silent
	$(BIN)/python tools/lighthouse.py

bench: install ## benchmarks (100 MB Cobertura, 50,000 commits, web → bench/results.json), the 32 × 200 load test, schemathesis at 25 examples
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	@command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null 2>&1 \
		|| echo "wrk could not be installed: the web benchmark uses its Python load generator"
	$(BIN)/python -m benchmarks
	OKRS_LOAD_CLIENTS=32 OKRS_LOAD_CHECK_INS=200 $(BIN)/pytest -q tests/load
	OKRS_SCHEMATHESIS_EXAMPLES=25 $(BIN)/pytest -q tests/api/test_schemathesis.py
