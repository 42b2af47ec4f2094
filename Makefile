# Two commands do all set-up on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
EXAMPLE := src/newsprobe/examples/harbour-strike.txt

.PHONY: venv run test lint typecheck unit eval bench clean lock

# Reinstall only when the pins or the project metadata change.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/newsprobe analyze $(EXAMPLE)

lint: $(STAMP)
	$(BIN)/ruff check src tests eval benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

test: lint typecheck unit

# Long evaluations on the full shared sets; CI runs only the lean gates in eval/ (through make test).
eval: $(STAMP)
	$(BIN)/python -m eval.run_all

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run_all

# Re-pin after changing dependencies in pyproject.toml: run in a venv made from it.
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^newsprobe' > requirements.lock

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
