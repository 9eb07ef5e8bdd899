# RBM Trace — the two commands: `make run` and `make test`. Both do all set-up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install lint typecheck pytest neo4j-jars neo4j-start neo4j-stop bench clean browser pdf-libs mutation reliability \
	web-assets screenshots explorer-check bench-bulk bench-compare bench-online

## install: the virtual environment with the project and its dev tools
install: $(STAMP) pdf-libs

# pyIATI==0.4.1 is test data only: the official IATI 2.03 XSDs it ships validate the IATI
# export (tests/performance/test_iati.py). Its pinned 2018 dependencies do not build on
# Python 3.11, so it comes without them: the tests read its schema files, never import it.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps pyIATI==0.4.1
	@touch $@

## neo4j-jars: fetch the local Neo4j's jars once (skipped when NEO4J_URI is set)
neo4j-jars: install
	@if [ -z "$$NEO4J_URI" ]; then $(BIN)/rbmtrace neo4j fetch; fi

## web-assets: the explorer's and the API docs' browser libraries (Cytoscape.js, Swagger UI,
## ReDoc), pinned by package-lock.json, installed by `npm ci` into node_modules/ (git-ignored)
WEB_STAMP := node_modules/.rbmtrace-stamp
web-assets: $(WEB_STAMP)

$(WEB_STAMP): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Debian's nodejs and npm for the explorer's libraries"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nodejs npm; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq nodejs npm; fi; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

## screenshots: refresh docs/screenshots/ (the README's pictures) with the browser tests' code
screenshots: neo4j-jars browser web-assets
	RBMTRACE_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots $(BIN)/pytest tests/web/test_screenshots.py -q

## run: serve the API on 127.0.0.1:8000 (starts a local Neo4j when NEO4J_URI is unset)
run: neo4j-jars web-assets
	$(BIN)/rbmtrace serve

## test: ruff, mypy and the whole pytest suite against a real Neo4j
test: lint typecheck pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

## browser: the system Chromium that the browser tests drive (Playwright cannot download one here)
CHROMIUM ?= chromium
browser:
	@command -v $(CHROMIUM) >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; }

## pdf-libs: Pango, which WeasyPrint needs to write the linkage report as PDF
pdf-libs:
	@ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || { \
	  echo "Installing Debian's Pango for the PDF report"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0; fi; }

# pytest exits 5 when it collected no test: that is a failure here, like any non-zero code.
# The 25 slowest tests are listed at the end: the suite has a time budget (about 20 minutes).
pytest: neo4j-jars browser web-assets
	$(BIN)/pytest --durations=25

## bench: import, traversal and gap benchmarks on a managed local Neo4j (not part of test).
## Quick mode for development: make bench BENCH_SIZES=1000,10000
## More options (python -m bench.run --help): make bench BENCH_ARGS="--bulk-max 100000"
BENCH_SIZES ?= 1000,10000,100000,1000000
BENCH_ARGS ?=
BENCH_STAMP := $(VENV)/.bench-stamp

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	@touch $@

bench: neo4j-jars $(BENCH_STAMP)
	time $(BIN)/python -m bench.run --sizes $(BENCH_SIZES) $(BENCH_ARGS)

## bench-bulk: `rbmtrace import --bulk` of a synthetic plan (made once with `rbmtrace synth`
## and kept in /tmp/rbmtrace-bench-bulk) into a new local instance: each phase's seconds,
## the total and the peak memory of the loading process. make bench-bulk BULK_ELEMENTS=100000
BULK_ELEMENTS ?= 1000000
bench-bulk: neo4j-jars
	$(BIN)/python -m bench.bulk_load --elements $(BULK_ELEMENTS)

## bench-online: `rbmtrace import PLAN` (the online import, not --bulk) of a synthetic plan
## (kept in /tmp/rbmtrace-bench-online) into a new local instance per run: the command's
## seconds and the peak memory of its process. ONLINE_ARGS="--build base=DIR --rounds 2"
## alternates with another build's source tree. make bench-online ONLINE_ELEMENTS=1000000
ONLINE_ELEMENTS ?= 100000
bench-online: neo4j-jars
	$(BIN)/python -m bench.online_import --elements $(ONLINE_ELEMENTS) $(ONLINE_ARGS)

## bench-compare: this build and an older one (COMPARE_REF, any commit) against ONE local
## Neo4j and one plan, their requests alternated with the raw queries (bench/compare_services.py):
## what each build adds to the same queries at the same moment. The older build is cloned
## and set up (make install) in $(COMPARE_DIR). make bench-compare COMPARE_REF=c174a95
COMPARE_REF ?= c174a95
COMPARE_SIZE ?= 100000
COMPARE_DIR ?= /tmp/rbmtrace-compare-$(COMPARE_REF)
bench-compare: neo4j-jars $(BENCH_STAMP)
	test -d $(COMPARE_DIR) || git clone --quiet --no-checkout . $(COMPARE_DIR)
	git -C $(COMPARE_DIR) checkout --quiet --detach $(COMPARE_REF)
	$(MAKE) -C $(COMPARE_DIR) install
	$(BIN)/python -m bench.compare_services --size $(COMPARE_SIZE) $(COMPARE_REF)=$(COMPARE_DIR)

## explorer-check: the explorer's main pages in Chromium on a synthetic plan (a throwaway
## local Neo4j), a table of render times and largest API answers (not part of test).
## Quick mode: make explorer-check EXPLORER_SIZE=10000
EXPLORER_SIZE ?= 100000
explorer-check: neo4j-jars browser web-assets
	$(BIN)/python -m bench.explorer_check --size $(EXPLORER_SIZE)

## mutation: mutation testing of the write and auth paths with mutmut (not part of test);
## the score and the surviving mutants are in RELIABILITY.md. It starts a managed local Neo4j
## of its own on free ports, runs the tests against it as a configured server (NEO4J_URI),
## one mutant at a time, and stops it. By default the functions below (161 mutants, about
## an hour on 2 busy cores); every mutant of the configured files: make mutation MUTANTS='*'
MUTANTS ?= 'app.bundles.staged_write.x_undo_staged*' 'app.bundles.staged_write.x__undo_or_report*' \
  'app.bundles.staged_write.x__write_batch*' 'app.api.auth.x_require_editor*' \
  'app.api.auth.x_require_reader*' 'app.api.auth.x_authenticate*' 'app.api.auth.x_match_key*' \
  'app.gaps.waivers.x_delete_waiver*' 'app.bundles.importer.x*from_settings*'
MUTATION_STAMP := $(VENV)/.mutation-stamp
MUTATION_NEO4J := $(CURDIR)/mutants-neo4j

$(MUTATION_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,mutation]'
	@touch $@

mutation: neo4j-jars $(MUTATION_STAMP)
	@set -e; read BOLT HTTP < <($(BIN)/python -c \
	  "from app.local_neo4j.server import free_port; print(free_port(), free_port())"); \
	export RBMTRACE_LOCAL_INSTANCE_DIR=$(MUTATION_NEO4J) RBMTRACE_LOCAL_BOLT_PORT=$$BOLT \
	  RBMTRACE_LOCAL_HTTP_PORT=$$HTTP RBMTRACE_LOCAL_HEAP=1g RBMTRACE_LOCAL_PAGECACHE=512m \
	  NEO4J_PASSWORD=mutation-testing; \
	unset NEO4J_URI; $(BIN)/rbmtrace neo4j start; \
	trap '$(BIN)/rbmtrace neo4j stop' EXIT; \
	NEO4J_URI=bolt://127.0.0.1:$$BOLT $(BIN)/mutmut run --max-children 1 $(MUTANTS); \
	$(BIN)/mutmut results

## reliability: the integrity, hostile-input, fault and security tests; their figures go
## into RELIABILITY.md (tests run, cases tried, faults injected, timings seen)
RELIABILITY_TESTS ?= tests/hostile tests/api/test_auth.py tests/gaps/test_routes.py \
	tests/bundles/test_staged_import.py tests/local_neo4j \
	tests/bundles/test_pending_imports.py tests/bundles/test_pending_imports_neo4j_killed.py
reliability: neo4j-jars
	@mkdir -p .reliability && rm -f .reliability/figures.json
	RBMTRACE_RELIABILITY_FIGURES=.reliability/figures.json $(BIN)/pytest $(RELIABILITY_TESTS) \
		--junitxml=.reliability/junit.xml -q; status=$$?; \
	$(BIN)/python -m tests.hostile.reliability_figures .reliability/junit.xml \
		.reliability/figures.json RELIABILITY.md; exit $$status

neo4j-start: neo4j-jars
	$(BIN)/rbmtrace neo4j start

neo4j-stop: install
	$(BIN)/rbmtrace neo4j stop

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info mutants mutants-neo4j node_modules
