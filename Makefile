# Everything a fresh Linux machine with Python 3.11 needs: `make demo`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test hostile kill-loops sweep bench clean

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

# `zwgk check --mark` killed at random moments (60 times) and run by 6 processes at once (8 rounds)
kill-loops: $(BIN)/zwgk
	$(BIN)/python -m pytest -q -m kill_loop tests/preserve/test_kill_loops.py

# the long hostile-input sweeps (tests marked hostile_sweep, left out of `make test`)
hostile: $(BIN)/zwgk
	$(BIN)/python -m pytest -q -m hostile_sweep tests/hostile

# the long randomized sweeps: hand-made workbook layouts, damaged 表三 rows (tests marked sweep)
sweep: $(BIN)/zwgk
	ZWGK_SWEEP=1 $(BIN)/python -m pytest -q -m sweep

bench: $(BIN)/zwgk
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) out build dist
