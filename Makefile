# wiretable: `make run` starts the app and the demo; `make test` runs the whole suite.
# Both build on `make setup`, which only installs and is idempotent.

PYTHON ?= python3
VENV := .venv
MITM_VENV := .venv-mitm
MITMPROXY_VERSION := 11.0.2
APP_STAMP := $(VENV)/.installed
MITM_STAMP := $(MITM_VENV)/.installed
NODE_STAMP := node_modules/.installed
TAILWIND := node_modules/.bin/tailwindcss
PORT ?= 8080
DEMO_PORT ?= 8081

TOOLS_STAMP := tools/node_modules/.installed

.PHONY: setup run test lint css chromium mariadb graphviz postgis clean apps compiled

setup: $(APP_STAMP) $(MITM_STAMP) $(NODE_STAMP) chromium mariadb graphviz $(TOOLS_STAMP) compiled

# Inference compiled to C with mypyc (optional: a failed build only warns; see wiretable/compiled.py).
# Quick when the build matches the sources; otherwise a few minutes.
compiled: $(APP_STAMP)
	$(VENV)/bin/python -m wiretable.mypyc_build

$(APP_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# mitmproxy lives in its own environment: its releases for Python 3.11 pin h11<=0.14,
# while NiceGUI needs h11>=0.16. The app runs `mitmdump` from here as a subprocess.
$(MITM_STAMP):
	$(PYTHON) -m venv $(MITM_VENV)
	$(MITM_VENV)/bin/pip install --quiet --disable-pip-version-check 'mitmproxy==$(MITMPROXY_VERSION)'
	touch $@

# The web UI's CSS is compiled ahead of time (no Tailwind compile in the browser): `make css`
# after adding utility classes to the UI; tests/webui/test_css.py checks it is up to date.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

css: $(NODE_STAMP)
	$(TAILWIND) -i webui/static/app.in.css -o webui/static/app.css --minify

# Graphviz lays out the ER diagram on the server.
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
		echo "installing Graphviz (apt-get install graphviz)"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get install -y -qq graphviz >/dev/null 2>&1 || \
		{ $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq graphviz; }; }

chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
		echo "installing Chromium (apt-get install chromium)"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get install -y -qq chromium >/dev/null 2>&1 || \
		{ $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }; }

# MariaDB from Debian, only to check that the MySQL DDL runs (tests start their own server).
mariadb:
	@command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || { \
		echo "installing MariaDB (apt-get install mariadb-server)"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get install -y -qq mariadb-server >/dev/null 2>&1 || \
		{ $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq mariadb-server; }; }

postgis:
	@[ -f /usr/share/postgresql/15/extension/postgis.control ] || { \
		echo "installing PostgreSQL 15 with PostGIS (apt-get install postgresql-15-postgis-3)"; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get install -y -qq postgresql-15-postgis-3 >/dev/null 2>&1 || \
		{ $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq postgresql-15-postgis-3; }; }

# Peer tools from npm that the tests check the exports with (drizzle-kit), in a project-local folder.
$(TOOLS_STAMP): tools/package.json tools/package-lock.json
	cd tools && npm ci --no-audit --no-fund --silent
	touch $@

run: setup
	@echo "wiretable UI: http://127.0.0.1:$(PORT)   demo app: http://127.0.0.1:$(DEMO_PORT)"
	@trap 'kill 0' INT TERM EXIT; \
		$(VENV)/bin/wiretable demo --port $(DEMO_PORT) & \
		WIRETABLE_QUEUE=$${WIRETABLE_QUEUE:-postgres} $(VENV)/bin/wiretable serve --port $(PORT)

# The suite checks the compiled inference against the Python one, so here a failed build is an error.
test: setup
	$(VENV)/bin/python -m wiretable.mypyc_build --strict
	$(VENV)/bin/pytest

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy kernel wiretable capture inference sql restapi jobs webui demo
	$(VENV)/bin/mypy --strict kernel inference jobs
	$(VENV)/bin/lint-imports

# Real open-source apps (from PyPI) as capture targets for benchmarks/explorer_coverage.py and the
# inference corpus; each goes into its own environment under .apps/. Not part of `make test`.
# FitTrackee keeps its tracks in PostGIS: Debian's PostgreSQL 15 with PostGIS (its cluster is made per run).
apps: setup postgis
	PYTHONPATH=$(CURDIR) $(VENV)/bin/python -m benchmarks.apps install

clean:
	rm -rf $(VENV) $(MITM_VENV) .wiretable node_modules tools/node_modules .apps build/compiled
