# egovpm — two commands: `make run` and `make test`. Everything else is a step they call.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
VENDOR := src/egovpm/static/vendor

.PHONY: install assets system-deps run demo test test-sqlite test-postgres lint bench clean

install: $(VENV)/.installed assets

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# Front-end assets come from the npm registry at build time and are served by the site itself.
assets: $(VENDOR)/.installed

$(VENDOR)/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/bootstrap/dist/css/bootstrap.min.css $(VENDOR)/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js $(VENDOR)/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/
	touch $@

# Debian packages the tests need: Chromium for browser tests, Noto CJK for Chinese PDFs.
system-deps:
	@bash scripts/system-deps.sh

run: install
	$(BIN)/egovpm migrate --noinput
	$(BIN)/egovpm load_demo
	$(BIN)/egovpm runserver 127.0.0.1:8000

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

test: install system-deps lint test-sqlite test-postgres

test-sqlite:
	env -u DATABASE_URL $(BIN)/pytest -q -p no:cacheprovider

# Runs the whole suite again on PostgreSQL when one answers (locking is only real there).
test-postgres:
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	if $(BIN)/python scripts/pg_answers.py "$$url"; then \
	  echo "== PostgreSQL at $$url"; DATABASE_URL="$$url" $(BIN)/pytest -q -p no:cacheprovider; \
	else echo "== PostgreSQL does not answer at $$url: suite ran on SQLite only"; fi

bench: install
	$(BIN)/python bench/bench_policy.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var
