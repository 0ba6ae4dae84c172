# Everything a fresh Linux machine with Python 3.11 needs: `make demo`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test hostile bench clean

$(BIN)/zwgk: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

demo: $(BIN)/zwgk
	$(BIN)/zwgk demo -o out

test: $(BIN)/zwgk
	bash scripts/ensure-system-packages
	$(BIN)/python -m pytest -q

# the long hostile-input sweeps (tests marked hostile_sweep, left out of `make test`)
hostile: $(BIN)/zwgk
	$(BIN)/python -m pytest -q -m hostile_sweep tests/hostile

bench: $(BIN)/zwgk
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) out build dist
