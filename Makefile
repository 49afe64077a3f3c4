# Kriya — one-word commands. Needs only python3 (3.11+), make and git.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
STATIC_MANIFEST := $(or $(KRIYA_STATIC_ROOT),var/static)/staticfiles.json
export KRIYA_REQUIRE_STAFF_2FA ?= 0
# Demo documents are signed with the address they are served at.
run dev seed: export KRIYA_PUBLIC_URL ?= http://$(HOST):$(PORT)
# They seed demo data, so every page says so (a banner; docs/design-system.md).
run dev: export KRIYA_DEMO ?= 1
dev: export KRIYA_DEBUG = 1

.PHONY: run dev test lint format bench seed messages migrate chromium clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[test]"
	touch $(STAMP)

# Each catalogue is compiled only when its .po changed, into a temporary file renamed into
# place, so that two suites started together never read a half-written .mo.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard kriya/locale/*/LC_MESSAGES/django.po kriya/*/locale/*/LC_MESSAGES/django.po))
messages: $(MO_FILES)
%.mo: %.po $(STAMP)
	@$(VENV)/bin/pybabel compile -D django -i $< -o $@.tmp >/dev/null 2>&1 && mv -f $@.tmp $@

# var/secret_key and var/signing_key_secret are made once here, before anything is
# signed, and reused by every later command (config/local_secrets.py).
migrate: $(STAMP) messages
	@$(PY) manage.py local_secrets
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable

seed: migrate
	$(PY) manage.py seed

# The production stack on SQLite: gunicorn, WhiteNoise, debug off, the task worker and
# the scheduler; one Ctrl-C stops them all (kriya/ops/management/commands/serve.py).
run: migrate $(STATIC_MANIFEST)
	$(PY) manage.py seed --if-empty
	@$(PY) manage.py serve --host $(HOST) --port $(PORT)

# WhiteNoise serves the collected, hashed and compressed files; collected again only
# when a static file or the installed packages change (compressing takes a while).
$(STATIC_MANIFEST): $(STAMP) $(shell find kriya -path '*/static/*' -type f 2>/dev/null)
	KRIYA_DEBUG=0 $(PY) manage.py collectstatic --noinput --clear -v0

# The autoreloading development server with debug on, beside the task worker.
dev: migrate
	$(PY) manage.py seed --if-empty
	@$(PY) manage.py serve --dev --host $(HOST) --port $(PORT)

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

# Benchmarks (never part of make test): the registry import, the showcase search, the
# public pages, the events report, training, then the dashboards, exports and open data
# (docs/benchmarks.md).
# Each prints figures against its targets; see docs/benchmarks.md.
bench: $(STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/search_bench.py $(SEARCH_BENCH_ARGS)
	$(PY) bench/pages_bench.py $(PAGES_BENCH_ARGS)
	$(PY) bench/events_bench.py $(EVENTS_BENCH_ARGS)
	$(PY) bench/training_bench.py $(TRAINING_BENCH_ARGS)
	$(PY) bench/insights_bench.py $(INSIGHTS_BENCH_ARGS)

clean:
	rm -rf $(VENV) var
