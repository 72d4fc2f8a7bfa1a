# Incident Desk - developer commands. `make run` and `make test` work from a clean clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Qt's runtime libraries on Debian/Ubuntu: offscreen needs the first list, a real window under Xvfb the rest.
QT_DEBS := libglib2.0-0 libgl1 libxkbcommon0 libegl1 libfontconfig1 libdbus-1-3 fonts-dejavu-core
X11_DEBS := xvfb libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
	libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1
TOOL_DEBS := sqlite3 poppler-utils
SERVER_DEBS := postgresql

.PHONY: run test bench lint system-deps venv clean screenshot

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	@touch $(STAMP)

venv: $(STAMP)

## Install missing Qt system libraries with apt when we are root on Debian/Ubuntu; otherwise say how.
system-deps:
	@bash .ci/system-deps.sh $(QT_DEBS) $(X11_DEBS) $(TOOL_DEBS) $(SERVER_DEBS)

run: system-deps $(STAMP)
	$(PY) -m app --seed-demo 2000

test: system-deps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: system-deps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.benchmarks.run

lint: $(STAMP)
	$(VENV)/bin/ruff check app tests
	$(VENV)/bin/lint-imports

screenshot: system-deps $(STAMP)
	$(PY) -m app --demo --screenshot screenshots/main.png

## Installers (packaging/): `make package` builds the bundle, .deb and tarball into dist/; `package-test` also runs them.
PKG_STAMP := $(VENV)/.installed-package
PKG_DEBS := dpkg binutils desktop-file-utils
.PHONY: package package-test

$(PKG_STAMP): $(STAMP)
	$(PY) -m pip install -q -e ".[test,package]"
	@touch $(PKG_STAMP)

package: system-deps $(PKG_STAMP)
	@bash .ci/system-deps.sh $(PKG_DEBS)
	$(PY) packaging/build.py

package-test: package
	$(PY) packaging/smoke_test.py
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q tests/packaging

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .mypy_cache
