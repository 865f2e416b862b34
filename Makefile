# Two commands: `make run` and `make test`. Both bootstrap .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SCENARIO ?= scenarios/default.yaml
PORT ?= 8501

.PHONY: run test install install-test bench schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files make re-runs instant once the right extras are installed.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,dask]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(BIN)/streamlit run app.py --server.headless true --server.port $(PORT) -- --scenario $(SCENARIO)

test: install-test
	$(BIN)/python -m pytest -q

bench: install-test
	$(BIN)/python bench/bench_solve.py
	$(BIN)/python bench/bench_segment.py
	$(BIN)/python bench/bench_books.py
	$(BIN)/python bench/bench_analysis.py

schema: install
	$(BIN)/python -m models.jsonschema > models/scenario.schema.json

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
