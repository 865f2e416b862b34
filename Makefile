# Two commands: `make run` and `make test`. Both bootstrap .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SCENARIO ?= scenarios/default.yaml
PORT ?= 8501
# The 5-minute budget is for a 2-core machine. One worker more than cores: the browser tests
# spend much of their time waiting on the browser and the app's server, and the third worker
# runs short tests in that time; work stealing keeps one worker from ending alone on a queue of
# long tests. Measured on one clone: three workers with stealing 4 min 25 s, four 4 min 49 s
# (each worker starts its own app server and browser), six 5 min 20 s.
TEST_WORKERS ?= 3

.PHONY: run test install install-test bench schema messages fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files make re-runs instant once the right extras are installed.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# Compiled catalogues (.mo) are generated, never committed; without them the .po is compiled
# in memory at first use.
LOCALES := $(wildcard planner/locale/*/LC_MESSAGES/planner.po)
%.mo: %.po | $(VENV)/.installed
	$(BIN)/python -c "import sys; from planner.i18n_catalogue import compile_mo; compile_mo(*sys.argv[1:])" $< $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,dask]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install $(LOCALES:.po=.mo)
	$(BIN)/streamlit run app.py --server.headless true --server.port $(PORT) -- --scenario $(SCENARIO)

test: install-test $(LOCALES:.po=.mo)
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist worksteal

bench: install-test
	$(BIN)/python bench/bench_solve.py
	$(BIN)/python bench/bench_segment.py
	$(BIN)/python bench/bench_books.py
	$(BIN)/python bench/bench_analysis.py
	$(BIN)/python bench/bench_horizon.py
	$(BIN)/python bench/bench_diagnose.py

# Explore: the property tests under the random `fuzz` Hypothesis profile for FUZZ_PROPERTY_SECONDS
# (300), then the loader fuzzer over FUZZ_DOCUMENTS (10000) mutated scenarios for at most
# FUZZ_SECONDS (600), with FUZZ_SEED (11). Failures are printed with their reproducers
# (artifacts/fuzz/ for documents); both halves run even when the first fails.
FUZZ_PROPERTY_SECONDS ?= 300
FUZZ_SECONDS ?= 600
FUZZ_DOCUMENTS ?= 10000
FUZZ_SEED ?= 11
fuzz: install-test
	@status=0; \
	FUZZ_PROPERTY_SECONDS=$(FUZZ_PROPERTY_SECONDS) FUZZ_SEED=$(FUZZ_SEED) $(BIN)/python tests/fuzz/run_properties.py || status=1; \
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_DOCUMENTS=$(FUZZ_DOCUMENTS) FUZZ_SEED=$(FUZZ_SEED) $(BIN)/python tests/fuzz/fuzz_loader.py || status=1; \
	exit $$status

schema: install
	$(BIN)/python -m models.jsonschema > models/scenario.schema.json

# Extract every marked message into planner/locale/planner.pot and merge it into the .po files
# (then translate the new entries: tests/planner/test_i18n.py fails on any message without Russian).
messages: install
	$(BIN)/pybabel -q extract -F babel.cfg -k tr -k ntr:1,2 --no-location --sort-output -o planner/locale/planner.pot .
	$(BIN)/pybabel -q update -i planner/locale/planner.pot -d planner/locale -D planner --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
