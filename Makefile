# Kriya — one-word commands. Needs only python3 (3.11+), make and git.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export KRIYA_DEBUG ?= 1
export KRIYA_REQUIRE_STAFF_2FA ?= 0

.PHONY: run test lint format bench seed messages migrate chromium clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[test]"
	touch $(STAMP)

messages: $(STAMP)
	@for d in kriya/locale kriya/*/locale; do \
	  [ -d "$$d" ] && $(VENV)/bin/pybabel compile -D django -d "$$d" >/dev/null 2>&1 || true; done

migrate: $(STAMP) messages
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable

seed: migrate
	$(PY) manage.py seed

run: migrate
	$(PY) manage.py seed --if-empty
	@echo ""
	@echo "  Kriya is running at http://$(HOST):$(PORT)/"
	@$(PY) manage.py demo_accounts
	@echo ""
	$(PY) manage.py db_worker --interval 1 & \
	  WORKER=$$!; trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	  $(PY) manage.py runserver $(HOST):$(PORT)

# Browser tests need Debian's chromium; installed here when we are root.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: browser tests will be skipped (install Debian's chromium package)."; fi; }

test: $(STAMP) messages chromium
	KRIYA_DEBUG= $(PY) -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks (never part of make test): the registry import, then the showcase search.
# Both print ratios against a baseline measured in the same run; see docs/benchmarks.md.
bench: $(STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/search_bench.py $(SEARCH_BENCH_ARGS)

clean:
	rm -rf $(VENV) var
