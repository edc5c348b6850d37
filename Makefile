# mentoring-xblock: `make run` serves the workbench demo, `make test` runs every test.
# Both work from a fresh clone: they create .venv and install what they need.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := mentoring_xblock.workbench.settings
DJANGO := $(BIN)/django-admin
PYTEST := $(BIN)/pytest -c tests/pytest.ini --rootdir=.
# The full runs use both cores: two workers, each taking whole test files (module fixtures stay whole).
PARALLEL ?= -n 2 --dist loadfile
# The other platform generations, each in its own virtualenv beside .venv:
# Python 3.12 with the newest XBlock, Django 5.2 and openedx-filters (the platform's master) ...
VENV312 := .venv-py312
STAMP312 := $(VENV312)/.installed
# ... and Python 3.11 with Ulmo's own XBlock and openedx-filters (no new-dashboard filter there).
VENV_ULMO := .venv-ulmo
STAMP_ULMO := $(VENV_ULMO)/.installed
GENERATION_TESTS := tests/unit tests/integration $(wildcard tests/platform)
# Hypothesis examples per handler in the fuzz tests (tests/integration/test_fuzz_handlers.py):
# 50 in make test and each of its passes, 500 in make reliability (whose figures RELIABILITY.md reports).
export MENTORING_FUZZ_EXAMPLES ?= 50
RELIABILITY_FUZZ_EXAMPLES ?= 500

.DEFAULT_GOAL := help
.PHONY: help run nudges test js-deps lint-js test-js studio-js test-fast test-e2e screenshots test-mariadb test-postgresql test-py312 test-ulmo test-sqlite-concurrency lint format migrations-check migrate demo system-deps reliability bench load load-smoke messages extract_translations constraints constraints-py312 clean

help: ## List the targets
	@grep -hE '^[a-zA-Z0-9_.-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-18s %s\n", $$1, $$2}'

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
	@echo "Reminder emails (make nudges) and planned-session invites are written to $$($(DJANGO) shell --verbosity 0 -c 'from django.conf import settings; print(settings.MENTORING_MAIL_DIR)')"
	PORT=$(PORT) $(DJANGO) runserver 127.0.0.1:$(PORT)

nudges: migrate ## Send today's reminders and staff digests of the workbench's units (to the mail folder make run prints)
	$(DJANGO) mentoring_send_nudges

system-deps: ## Install the Debian packages the tests need (Chromium, gettext; MariaDB and PostgreSQL in CI)
	bash .ci/system-deps.sh $(if $(CI),mariadb postgresql,)

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The JavaScript tools (package.json, pinned in package-lock.json) live in node_modules/.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || bash .ci/system-deps.sh
	npm ci --loglevel=error --no-audit --no-fund
	touch $@

js-deps: $(NODE_STAMP) ## Install the JavaScript tools (eslint, jsdom, esbuild) with npm ci

lint-js: $(NODE_STAMP) ## eslint on static/js, tests/js and tools
	node_modules/.bin/eslint .

test-js: $(NODE_STAMP) ## The JavaScript unit tests (node --test with jsdom), the Studio bundle's freshness among them
	node --test --test-reporter=spec tests/js/

studio-js: $(NODE_STAMP) ## Rebuild static/js/studio.bundle.js from the modules in static/js/studio/ (commit it with them)
	node tools/studio_bundle.mjs

format: $(STAMP) ## Apply ruff's formatting and safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(STAMP) ## Fail when the models have changes without a migration
	$(DJANGO) makemigrations mentoring_xblock --check --dry-run

# The concurrency tests (threads writing at once, each on its own connection) need a database
# file: the main pass deselects them by their marker and test-sqlite-concurrency runs them.
test: system-deps lint lint-js migrations-check test-js ## Every test: JavaScript unit tests, Python unit, workbench integration, packaging, browser, SQLite at once, Ulmo's filters (and Python 3.12, MariaDB, PostgreSQL in CI)
	$(BIN)/pip check
	$(PYTEST) $(PARALLEL) tests -m "not concurrency"
	$(MAKE) test-sqlite-concurrency
	$(MAKE) test-ulmo
	$(if $(CI),$(MAKE) test-py312,)
	$(if $(CI),$(MAKE) test-mariadb,)
	$(if $(CI),$(MAKE) load-smoke,)
	$(if $(CI),$(MAKE) test-postgresql,)

test-sqlite-concurrency: $(STAMP) ## The concurrency tests on SQLite, the embedded default (a test database file under var/)
	rm -f var/test-concurrency.db*
	MENTORING_SQLITE_TEST_DB=$(CURDIR)/var/test-concurrency.db $(PYTEST) tests/concurrency -m concurrency

test-fast: $(STAMP) ## Unit and integration tests only (no browser, no packaging)
	$(PYTEST) tests -m "not e2e and not packaging and not concurrency"

test-e2e: $(STAMP) ## Browser tests only (Debian's Chromium)
	$(PYTEST) tests -m e2e

screenshots: $(STAMP) ## Refresh the README's screenshots (docs/screenshots) from the whole-story browser test
	MENTORING_SCREENSHOTS=$(CURDIR)/docs/screenshots $(PYTEST) tests/e2e/test_full_story.py

test-mariadb: $(STAMP) ## The suite less the browser and packaging tests against a private MariaDB server started for it
	bash .ci/system-deps.sh mariadb
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[mysql]'
	bash .ci/mariadb.sh start
	WORKBENCH_DATABASES="$$(bash .ci/mariadb.sh env)" $(PYTEST) $(PARALLEL) tests -m "not e2e and not packaging and not sqlite_plans"; \
		status=$$?; bash .ci/mariadb.sh stop; exit $$status

test-postgresql: $(STAMP) ## Migrations, unit, integration and concurrency tests against a private PostgreSQL server
	bash .ci/system-deps.sh postgresql
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[postgresql]'
	bash .ci/postgresql.sh start
	export WORKBENCH_DATABASES="$$(bash .ci/postgresql.sh env)"; \
		$(DJANGO) migrate --run-syncdb --verbosity 0 \
		&& $(PYTEST) $(PARALLEL) tests/unit tests/integration tests/concurrency -m "not packaging and not sqlite_plans"; \
		status=$$?; bash .ci/postgresql.sh stop; exit $$status

$(STAMP312): setup.py requirements/constraints-py312.txt .ci/python312.sh
	rm -rf $(VENV312)
	python312="$$(bash .ci/python312.sh)" && "$$python312" -m venv $(VENV312)
	$(VENV312)/bin/pip install --quiet --upgrade pip
	$(VENV312)/bin/pip install --quiet -c requirements/constraints-py312.txt -e '.[workbench,test]'
	touch $@

test-py312: $(STAMP312) ## Python 3.12, the newest XBlock, Django 5.2, openedx-filters: pip check, unit, integration and platform tests
	$(VENV312)/bin/pip check
	$(VENV312)/bin/pytest -c tests/pytest.ini --rootdir=. $(PARALLEL) $(GENERATION_TESTS) -m "not e2e and not packaging and not concurrency"

# Ulmo's pins replace the same packages' lines of requirements/constraints.txt; the rest is shared.
$(STAMP_ULMO): setup.py requirements/constraints.txt requirements/constraints-ulmo.txt
	rm -rf $(VENV_ULMO)
	$(PYTHON) -m venv $(VENV_ULMO)
	$(VENV_ULMO)/bin/pip install --quiet --upgrade pip
	names="$$(grep -vE '^[[:space:]]*(#|$$)' requirements/constraints-ulmo.txt | cut -d= -f1 | paste -sd'|')" \
		&& { grep -viE "^($$names)==" requirements/constraints.txt; cat requirements/constraints-ulmo.txt; } > $(VENV_ULMO)/constraints.txt
	$(VENV_ULMO)/bin/pip install --quiet -c $(VENV_ULMO)/constraints.txt -e '.[workbench,test]'
	touch $@

test-ulmo: $(STAMP_ULMO) ## Python 3.11 with Ulmo's XBlock and openedx-filters (no tabs filter): pip check, the dashboard and plugin tests
	$(VENV_ULMO)/bin/pip check
	@$(VENV_ULMO)/bin/python -c "import openedx_filters.learning.filters as f, sys; \
		sys.exit('test-ulmo: this openedx-filters has InstructorDashboardTabsRequested' if hasattr(f, 'InstructorDashboardTabsRequested') else 0)"
	$(VENV_ULMO)/bin/pytest -c tests/pytest.ini --rootdir=. tests/unit/web/test_instructor.py tests/unit/test_plugin.py -m "not tabs_filter"

reliability: $(STAMP) ## Run the authorization, fuzz (500 examples per handler), limits and XSS tests and write their figures into docs/RELIABILITY.md
	rm -rf var/reliability
	MENTORING_FUZZ_EXAMPLES=$(RELIABILITY_FUZZ_EXAMPLES) $(PYTEST) tests/integration/test_authorization.py tests/integration/test_fuzz_handlers.py tests/integration/test_limits.py tests/unit/reporting/test_csv_injection.py tests/e2e/test_xss.py
	$(BIN)/python tools/reliability.py

bench: $(STAMP) ## Benchmarks at course scale on a fresh database (BENCH_DB=mariadb for MariaDB): bench/results/latest.json, docs/PERFORMANCE.md
	$(if $(filter mariadb,$(BENCH_DB)),bash .ci/system-deps.sh mariadb && $(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[mysql]',)
	$(BIN)/python -m bench

LOAD_DEPS = bash .ci/system-deps.sh mariadb && $(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[mysql,load]'

load: $(STAMP) ## Load test: gunicorn (4 workers) driven by locust, on SQLite and MariaDB (about 10 minutes): bench/results/load.json, docs/PERFORMANCE.md
	$(LOAD_DEPS)
	$(BIN)/python -m bench.load

load-smoke: $(STAMP) ## 30 seconds of the load test on MariaDB: fails on a server error or a broken invariant
	$(LOAD_DEPS)
	$(BIN)/python -m bench.load smoke

messages: $(STAMP) ## Extract the source catalogs (translations/en) from Python, templates and JS; merge and compile every language
	$(BIN)/python tools/messages.py

extract_translations: messages ## Alias of messages, run by Open edX's translation pipeline (source in mentoring_xblock/conf/locale/en)

constraints: $(STAMP) ## Re-pin requirements/constraints.txt from .venv
	@(echo "# Pinned versions for the workbench and the test suite (pip install -c). Regenerate with: make constraints"; \
	  $(BIN)/pip freeze --exclude-editable | grep -v '^mentoring-xblock') > requirements/constraints.txt

constraints-py312: ## Re-pin requirements/constraints-py312.txt from a fresh Python 3.12 install (newest XBlock, Django 5.2.x, openedx-filters)
	rm -rf var/py312-pins
	python312="$$(bash .ci/python312.sh)" && "$$python312" -m venv var/py312-pins
	var/py312-pins/bin/pip install --quiet --upgrade pip
	var/py312-pins/bin/pip install --quiet -e '.[workbench,test]' 'XBlock>=6.2' 'Django>=5.2,<6.0' openedx-filters
	@(echo "# Pinned versions for the Python 3.12 generation (the platform's master, Verawood): the newest XBlock"; \
	  echo "# (6.2+, which ships web_fragments itself), Django 5.2 and openedx-filters, plus the test tools."; \
	  echo "# Used by make test-py312. Regenerate with: make constraints-py312"; \
	  var/py312-pins/bin/pip freeze --exclude-editable | grep -v '^mentoring-xblock') > requirements/constraints-py312.txt
	rm -rf var/py312-pins

clean: ## Remove .venv, .venv-py312, .venv-ulmo, node_modules, var/ and build outputs
	rm -rf $(VENV) $(VENV312) $(VENV_ULMO) node_modules var build dist *.egg-info .pytest_cache .ruff_cache
