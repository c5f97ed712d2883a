# UCJ Monitor — the two commands of the README, and a few helpers.
# `make run`  : install, migrate, load the NTB demo data, serve on http://127.0.0.1:8000
# `make test` : install what the tests need and run the whole suite (SQLite; the tests marked
#               production in a pass with DEBUG off; then PostgreSQL)
# `make bench`: run the benchmarks in bench/, on a throw-away SQLite database of their own

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
UV     := $(VENV)/bin/uv
UV_VERSION := 0.13.9
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test bench install install-dev chromium pdf-libs migrate demo lint messages check-deploy clean

$(PY):
	@scripts/make-venv "$(PYTHON)" "$(VENV)"
	@$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

$(VENV)/.base-installed: requirements/base.txt | $(PY)
	$(UV) pip install --quiet --python $(PY) -r requirements/base.txt
	@touch $@

$(VENV)/.dev-installed: requirements/dev.txt | $(PY)
	$(UV) pip install --quiet --python $(PY) -r requirements/dev.txt
	@touch $@

install: $(VENV)/.base-installed pdf-libs

install-dev: $(VENV)/.base-installed $(VENV)/.dev-installed pdf-libs

pdf-libs:
	@scripts/ensure-pdf-libs

migrate: install
	DEBUG=1 $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(PY) manage.py load_demo

run: demo
	@scripts/serve $(PY) $(HOST):$(PORT)

chromium:
	@scripts/ensure-chromium

test: install-dev chromium java
	@scripts/run-tests

# --- Java (issue 21): the registry's Spark test runs PySpark in local mode on Java 17
# (tests/test_registry_spark.py; docs/scale.md). Checked, not installed.
.PHONY: java
java:
	@command -v java >/dev/null 2>&1 || { echo "make test needs Java 17 for the registry's Spark test" \
	  "(tests/test_registry_spark.py): apt-get install openjdk-17-jre-headless" >&2; exit 1; }
# --- end Java

bench: install-dev
	DEBUG=1 $(PY) bench/run.py

lint: install-dev
	$(VENV)/bin/ruff check ucj tests bench
	$(VENV)/bin/lint-imports  # the layering contract: who may import whom, no cycle ([tool.importlinter])
	$(VENV)/bin/mypy  # types of services*, selectors*, scope* ([tool.mypy] in pyproject.toml)
	$(PY) scripts/deadcode  # dead code: vulture, with Django's implicit uses (see the script)

messages: install
	scripts/update-messages

check-deploy: install
	DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-not-a-real-secret-key-0123456789abcdef \
	  ALLOWED_HOSTS=ucj.example.go.id $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) .pytest_cache

# --- production stack (issue 18; docs/deploy.md): migrate, collectstatic, gunicorn and the
# background workers, from the environment (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, ...)
.PHONY: prod
prod: install
	@scripts/serve-prod
# --- end production stack

# --- container image (issue 18; docs/deploy.md "Container image"): build it from the
# committed tree and check that it serves /sehat/ (podman or docker; UCJ_CONTAINER_* options)
.PHONY: container container-check
container:
	@scripts/container build
container-check:
	@scripts/container check
# --- end container image
