# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test build validate lint format ontology benchmark system-deps clean

RUNTIME := $(VENV)/.runtime
STAMP   := $(VENV)/.installed

# What running needs: geokg and its runtime dependencies.
$(RUNTIME): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(RUNTIME)

# What testing adds: the test extra (pytest, Playwright, notebook runner, ruff, …).
$(STAMP): $(RUNTIME)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## run: create .venv, install what running needs, build the dataset, the report and the views
run: $(RUNTIME)
	@bash scripts/install-system-deps.sh java
	$(BIN)/geokg build
	$(BIN)/geokg analyze --quiet --markdown graph/analysis/report.md --json graph/analysis/report.json --plots graph/analysis --csv graph/analysis/tables
	$(BIN)/geokg export --format gexf --out graph/analysis
	$(BIN)/geokg views
	@echo "done: graph/geokg.trig, graph/analysis/report.md, graph/analysis/tables/*.csv, graph/analysis/actors.gexf, graph/views/index.html"

## test: create .venv if needed, add what the tests need (test extra, Chromium), run every test
## (on two processes: pytest-xdist; `.venv/bin/pytest tests/test_x.py` runs one module in one)
test: $(STAMP)
	@bash scripts/install-system-deps.sh java chromium
	$(BIN)/python -Werror -c "import geokg"
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest -n 2

## system-deps: Java for HermiT, Chromium for the browser tests (apt, when missing)
system-deps:
	@bash scripts/install-system-deps.sh java chromium

build: $(RUNTIME)
	$(BIN)/geokg build

validate: $(RUNTIME)
	$(BIN)/geokg validate

## ontology: regenerate ontology/geokg.owl (RDF/XML) from ontology/geokg.ttl
ontology: $(RUNTIME)
	$(BIN)/geokg ontology export

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

benchmark: $(STAMP) system-deps
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_analysis.py
	$(BIN)/python benchmarks/bench_views.py
	$(BIN)/python benchmarks/bench_endpoint.py
	$(BIN)/python benchmarks/bench_sparql.py --triples 100000

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist
