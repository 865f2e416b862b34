# Two commands: `make run` and `make test`. Both bootstrap .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SCENARIO ?= scenarios/default.yaml
PORT ?= 8501

.PHONY: run test install install-test bench schema messages clean

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
	$(BIN)/pybabel -q compile -i $< -o $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,dask]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install $(LOCALES:.po=.mo)
	$(BIN)/streamlit run app.py --server.headless true --server.port $(PORT) -- --scenario $(SCENARIO)

test: install-test $(LOCALES:.po=.mo)
	$(BIN)/python -m pytest -q

bench: install-test
	$(BIN)/python bench/bench_solve.py
	$(BIN)/python bench/bench_segment.py
	$(BIN)/python bench/bench_books.py
	$(BIN)/python bench/bench_analysis.py

schema: install
	$(BIN)/python -m models.jsonschema > models/scenario.schema.json

# Extract every marked message into planner/locale/planner.pot and merge it into the .po files
# (then translate the new entries: tests/test_i18n.py fails on any message without Russian).
messages: install
	$(BIN)/pybabel -q extract -F babel.cfg -k tr -k ntr:1,2 --no-location --sort-output -o planner/locale/planner.pot .
	$(BIN)/pybabel -q update -i planner/locale/planner.pot -d planner/locale -D planner --no-fuzzy-matching --ignore-obsolete

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
