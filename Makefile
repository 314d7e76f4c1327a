# The documented commands. Each one creates .venv/ from the pinned versions first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.labsite-installed

# Material 9.7+ prints a banner about MkDocs 2 on every run; it is noise here.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test lint clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	@touch $(STAMP)

serve: $(STAMP)  ## live preview at http://127.0.0.1:8000
	$(BIN)/mkdocs serve

build: $(STAMP)  ## strict build into site/
	$(BIN)/mkdocs build --strict

lint: $(STAMP)
	$(BIN)/ruff check plugins tests benchmarks
	$(BIN)/ruff format --check plugins tests benchmarks
	$(BIN)/mypy

test: lint  ## the whole test suite, as CI runs it
	$(BIN)/pytest

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
