# Quick start: `make run` reads the bundled essay, `make test` runs the tests.
# Both create .venv on first use (they need only python3 and make). `make run` installs
# only what reading needs; the test and lint targets add the development tools.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip install --quiet --disable-pip-version-check
RUN_STAMP := $(VENV)/.run-stamp
DEV_STAMP := $(VENV)/.dev-stamp
# Two workers: the suite is half waiting (pilots, pseudo-terminals), and this machine
# has two cores.
WORKERS ?= 2

.PHONY: run test test-slow test-all lint bench hostile clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e .
	touch $(RUN_STAMP)

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(PIP) -e '.[dev]'
	touch $(RUN_STAMP) $(DEV_STAMP)

run: $(RUN_STAMP)
	$(BIN)/lecteur $(ARGS)

test: $(DEV_STAMP)  ## everything but the tests marked slow
	$(BIN)/python -m pytest -n $(WORKERS) -m "not slow" $(PYTEST_ARGS)

test-slow: $(DEV_STAMP)  ## the slow tests: a wheel, real terminals, big books
	$(BIN)/python -m pytest -n $(WORKERS) -m slow $(PYTEST_ARGS)

test-all: test test-slow

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src/lecteur

hostile: $(DEV_STAMP)  ## every hostile file through print, outline, glossary and the reader
	$(BIN)/python -m tests.hostile.run

bench: $(DEV_STAMP)  ## BENCH_ARGS="--only paint,keys" or "--skip load50,paint50": see benchmarks/run.py
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
