# parley: the two commands a newcomer needs are `make sample` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: install models models-default sample test lint lock clean

install: $(VENV)/.installed

# Pinned install: constraints.txt is the lock (regenerate with `make lock`).
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first, pinned: otherwise stanza pulls the newest torch with GBs of CUDA packages
	$(BIN)/python -m pip install --quiet -c constraints.txt torch
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

## Stanza models for the tests: the `ci` budget (tiny, about 15 minutes; cached in the model store).
models: install
	$(BIN)/parley models build --budget ci

## Stanza models for real use: the `default` budget (at most 40 minutes on 2 cores; cached).
models-default: install
	$(BIN)/parley models build --budget default

## Install everything, build the default models, then run the whole pipeline on the bundled sample
## (data/raw -> data/processed).
sample: install models-default
	$(BIN)/parley run --input data/raw --output data/processed
	$(BIN)/parley tables --output data/processed

## Install everything, then run the test suite.
test: install models
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check parley flows tasks tests

## Re-resolve the dependencies and rewrite the lock (constraints.txt).
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/python -m pip install --quiet "torch==2.13.0"
	.lockenv/bin/python -m pip install --quiet "prefect==3.8.8" "fastapi<0.151" "sqlalchemy<2.1" -e ".[dev]"
	.lockenv/bin/python -m pip freeze --exclude-editable | grep -v '^-e' | sed 's/+cpu$$//' > constraints.txt
	rm -rf .lockenv

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
