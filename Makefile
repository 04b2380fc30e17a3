# Two commands: `make run` serves the demo site, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
AXE_STAMP := node_modules/.installed

.PHONY: install axe run serve-ready serve wrk bench-http test lint layers typecheck migrations-check api-check bench clean

$(INSTALLED): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Aposbook needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(INSTALLED)

install: $(INSTALLED)

# axe-core and the Nu HTML checker (vnu-jar) for the browser tests' page checks; without npm
# (or java, which runs the Nu HTML checker) those tests skip.
$(AXE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund && touch $@; \
	else \
		echo "npm not found: the browser tests will skip (axe-core not installed (needs npm))"; \
	fi

axe: $(AXE_STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_icd10 --if-empty
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py rebuild_search_index
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Production-like on this machine: DEBUG off, WhiteNoise serving collected static files,
# gunicorn with WEB_CONCURRENCY workers (default 2) sharing one preloaded search index.
# Plain HTTP on 127.0.0.1:8000 (BIND): no HTTPS redirect, so logging in needs TLS in front
# (secure cookies). Set SECRET_KEY to keep sessions across restarts.
SERVE_ENV = DJANGO_ENV=production DEBUG=0 SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-0} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	SECRET_KEY=$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(60))')}

serve-ready: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_icd10 --if-empty
	$(BIN)/python manage.py load_demo
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0

serve: serve-ready
	$(SERVE_ENV) exec $(BIN)/gunicorn aposbook.wsgi

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
wrk:
	@command -v wrk >/dev/null 2>&1 || { echo "wrk is missing: installing Debian's wrk"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq wrk; }

# Aposbook against a bare Django view serving the same bytes, both under gunicorn (one sync
# worker on core 0), loaded by wrk on core 1 in alternating rounds: req/s, p99, the ratio and
# the goal, for visitors' and members' pages and the search suggestions.
# BENCH_ARGS="--rounds 5 --duration 10" for steadier figures; "--writes 100" adds writes
# through the whole request (they need scale data: `make bench` runs them at scale).
bench-http: serve-ready wrk
	$(BIN)/python bench/http_ratio.py $(BENCH_ARGS)

test: install axe lint layers typecheck migrations-check
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Imports point down the layers (pyproject's [tool.importlinter]): a new upward import fails.
layers: install
	$(BIN)/lint-imports

# mypy with the django-stubs plugin (pyproject's [tool.mypy]).
typecheck: install
	$(BIN)/mypy aposbook

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# schemathesis against /api/openapi.json on a throwaway server: every operation, generated
# inputs, no 5xx, answers that match the schema (about two minutes).
api-check: install
	BIN=$(BIN) bash .ci/api-check

# Every benchmark (never run by `make test` or CI): the test-client ones, then bench-http's
# table and writes at BENCH_SCALE (full: 1M reviews, 10k articles, loaded once; small; none)
# in bench/scale.sqlite3, or in DATABASE_URL's database if its name contains "bench".
bench: install wrk
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
