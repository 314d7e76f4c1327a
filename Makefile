# The documented commands. Each one creates .venv/ from the pinned versions first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.labsite-installed

# Material 9.7+ prints a banner about MkDocs 2 on every run; it is noise here.
export NO_MKDOCS_2_WARNING := 1

CHROMIUM ?= /usr/bin/chromium

.PHONY: serve build example test lint browser linkcheck bench clean install metrics

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)  ## only create .venv/ from the pinned versions

metrics: $(STAMP)  ## citation counts from OpenAlex into data/metrics.yml (needs the network)
	$(BIN)/labsite metrics

serve: $(STAMP)  ## live preview at http://127.0.0.1:8000
	$(BIN)/mkdocs serve

build: $(STAMP)  ## strict build into site/
	$(BIN)/mkdocs build --strict

example: $(STAMP)  ## strict build of the group example into examples/group/site/
	$(BIN)/mkdocs build --strict -f examples/group/mkdocs.yml

bench: $(STAMP)  ## labsite against mkdocs-bibtex, pandoc and bibtex2html; writes benchmarks/RESULTS.md
	$(BIN)/python benchmarks/bench_compare.py --write
	$(BIN)/python benchmarks/bench_serve.py

linkcheck: build  ## check the external links of the built site (needs the network)
	$(BIN)/labsite links site

lint: $(STAMP)
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/ruff format --check plugins tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# Browser tests drive Debian's Chromium through Playwright (Playwright's own browser
# download does not work offline). Installed here when missing and we are root.
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium for the browser tests (apt-get)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Browser tests need Chromium at $(CHROMIUM): sudo apt-get install chromium"; \
	  fi; \
	fi

test: lint browser  ## the whole test suite, as CI runs it
	LABSITE_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -n auto

.PHONY: test-fast
test-fast: $(STAMP)  ## the unit tests alone, in seconds: no site builds, browser, corpus or slow tests
	$(BIN)/pytest -m "not site and not browser and not corpus and not slow"

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
