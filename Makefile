# mentoring-xblock: `make run` serves the workbench demo, `make test` runs every test.
# Both work from a fresh clone: they create .venv and install what they need.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := mentoring_xblock.settings.workbench
DJANGO := $(BIN)/django-admin
PYTEST := $(BIN)/pytest -c tests/pytest.ini --rootdir=.
# The full runs use both cores: two workers, each taking whole test files (module fixtures stay whole).
PARALLEL ?= -n 2 --dist loadfile

.DEFAULT_GOAL := help
.PHONY: help run test test-fast test-e2e screenshots test-mariadb test-postgresql lint format migrations-check migrate demo system-deps reliability bench messages constraints clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_.-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-18s %s\n", $$1, $$2}'

$(STAMP): setup.py requirements/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[workbench,test]'
	touch $(STAMP)

venv: $(STAMP) ## Create .venv with the package (editable), the workbench and the test tools

migrate: $(STAMP) ## Create or update the workbench's SQLite database under var/
	$(DJANGO) migrate --run-syncdb --verbosity 0

demo: migrate ## Load the demo users and pairs (staff, mentor, mentee1, mentee2, learner)
	$(DJANGO) load_demo

run: demo ## Serve the workbench demo on http://127.0.0.1:8000 (PORT=... to change)
	@echo "Open http://127.0.0.1:$(PORT)/scenario/mentorship.0/?student=mentor  (or staff, mentee1, mentee2, learner)"
	$(DJANGO) runserver 127.0.0.1:$(PORT)

system-deps: ## Install the Debian packages the tests need (Chromium, gettext; MariaDB and PostgreSQL in CI)
	bash .ci/system-deps.sh $(if $(CI),mariadb postgresql,)

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Apply ruff's formatting and safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(STAMP) ## Fail when the models have changes without a migration
	$(DJANGO) makemigrations mentoring_xblock --check --dry-run

# SQLite serialises every write, so the concurrency tests (threads writing at once) run on
# MariaDB and PostgreSQL only: deselected here by their marker, never skipped.
test: system-deps lint migrations-check ## Every test: unit, workbench integration, packaging, browser (and MariaDB, PostgreSQL in CI)
	$(PYTEST) $(PARALLEL) tests -m "not concurrency"
	$(if $(CI),$(MAKE) test-mariadb,)
	$(if $(CI),$(MAKE) test-postgresql,)

test-fast: $(STAMP) ## Unit and integration tests only (no browser, no packaging)
	$(PYTEST) tests -m "not e2e and not packaging and not concurrency"

test-e2e: $(STAMP) ## Browser tests only (Debian's Chromium)
	$(PYTEST) tests -m e2e

screenshots: $(STAMP) ## Refresh the README's screenshots (docs/screenshots) from the whole-story browser test
	MENTORING_SCREENSHOTS=$(CURDIR)/docs/screenshots $(PYTEST) tests/e2e/test_full_story.py

test-mariadb: $(STAMP) ## The suite against a private MariaDB server started for it
	bash .ci/system-deps.sh mariadb
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[mysql]'
	bash .ci/mariadb.sh start
	WORKBENCH_DATABASES="$$(bash .ci/mariadb.sh env)" $(PYTEST) $(PARALLEL) tests -m "not packaging and not sqlite_plans"; \
		status=$$?; bash .ci/mariadb.sh stop; exit $$status

test-postgresql: $(STAMP) ## Migrations, unit, integration and concurrency tests against a private PostgreSQL server
	bash .ci/system-deps.sh postgresql
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[postgresql]'
	bash .ci/postgresql.sh start
	export WORKBENCH_DATABASES="$$(bash .ci/postgresql.sh env)"; \
		$(DJANGO) migrate --run-syncdb --verbosity 0 \
		&& $(PYTEST) $(PARALLEL) tests/unit tests/integration tests/concurrency -m "not packaging and not sqlite_plans"; \
		status=$$?; bash .ci/postgresql.sh stop; exit $$status

reliability: $(STAMP) ## Run the authorization, fuzz, limits and XSS tests and write their figures into docs/RELIABILITY.md
	rm -rf var/reliability
	$(PYTEST) tests/integration/test_authorization.py tests/integration/test_fuzz_handlers.py tests/integration/test_limits.py tests/unit/test_csv_injection.py tests/e2e/test_xss.py
	$(BIN)/python tools/reliability.py

bench: $(STAMP) ## Benchmarks at course scale on a fresh database (BENCH_DB=mariadb for MariaDB): bench/results/latest.json, docs/PERFORMANCE.md
	$(if $(filter mariadb,$(BENCH_DB)),bash .ci/system-deps.sh mariadb && $(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[mysql]',)
	$(BIN)/python -m bench

messages: $(STAMP) ## Extract the source catalogs (translations/en) from Python, templates and JS; merge and compile every language
	$(BIN)/python tools/messages.py

constraints: $(STAMP) ## Re-pin requirements/constraints.txt from .venv
	@(echo "# Pinned versions for the workbench and the test suite (pip install -c). Regenerate with: make constraints"; \
	  $(BIN)/pip freeze --exclude-editable | grep -v '^mentoring-xblock') > requirements/constraints.txt

clean: ## Remove .venv, var/ and build outputs
	rm -rf $(VENV) var build dist *.egg-info .pytest_cache .ruff_cache
