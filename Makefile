# The README's commands. `make help` lists them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.DEFAULT_GOAL := help
.PHONY: help run test test-fast e2e lint translations demo exe clean bench bench-office

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 16

$(VENV)/.run-installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[desktop]'
	touch $@

$(VENV)/.test-installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[desktop,test,postgres]'
	touch $@ $(VENV)/.run-installed $(VENV)/.exe-installed

$(VENV)/.exe-installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[desktop,exe]'
	touch $@

run: $(VENV)/.run-installed  ## install into .venv and start Retorno; options in ARGS="--port 8765"
	$(VENV)/bin/retorno desktop $(ARGS)

test: $(VENV)/.test-installed  ## install test extras into .venv and run the whole suite (and on PostgreSQL)
	env -u RETORNO_TEST_DATABASE_URL $(PY) -m pytest
	@if [ -n "$$RETORNO_TEST_DATABASE_URL" ]; then \
	    echo "== the suite again on PostgreSQL: $$RETORNO_TEST_DATABASE_URL"; \
	    $(PY) -m pytest -p no:cacheprovider; \
	else \
	    echo "note: the PostgreSQL pass did not run. For it: apt-get install postgresql, then"; \
	    echo "      export RETORNO_TEST_DATABASE_URL=\$$(tools/test_postgres.sh start) and make test again"; \
	fi

test-fast: $(VENV)/.test-installed  ## the suite without browser and slow checks
	$(PY) -m pytest -m "not e2e and not slow"

e2e: $(VENV)/.test-installed  ## only the real-browser tests
	$(PY) -m pytest -m e2e

lint: $(VENV)/.test-installed  ## ruff
	$(VENV)/bin/ruff check app tests tools bench build desktop_launcher.py

translations: $(VENV)/.test-installed  ## merge new messages into pt_BR and compile it
	cd tools && ../$(PY) i18n_update.py

demo: $(VENV)/.run-installed  ## load the demo data set (before creating the administrator); ARGS too
	$(VENV)/bin/retorno demo-data $(ARGS)

exe: $(VENV)/.exe-installed  ## build the desktop executable into dist/ (PyInstaller, build/retorno.spec)
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/work build/retorno.spec
	@ls -l dist

clean:  ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache test-output build/work dist

bench: $(VENV)/.test-installed  ## the benchmark of SPEC §8 and the office (BENCH_ARGS=--quick: smoke run)
	$(PY) -m bench $(BENCH_ARGS)

bench-office: $(VENV)/.test-installed  ## the office bench alone: 20 users at once, PostgreSQL and SQLite
	$(PY) -m bench --office $(BENCH_ARGS)
