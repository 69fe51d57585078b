# Set-up and everyday commands. Each target creates .venv when it is missing.
# torch is installed first and pinned: on the project machines `torch==2.13.0` is the CPU
# build kept on local disk; an unpinned torch would pull a multi-GB CUDA build.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
TORCH ?= torch==2.13.0

.PHONY: install install-test demo test test-fast

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet $(TORCH)
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet $(TORCH)
	$(BIN)/pip install --quiet -e ".[test]"

## The main job on the bundled example article.
demo: install
	$(BIN)/contradict analyze examples/sessions-kislyak.txt --subject "Jeff Sessions"

## Every test, the shipped-model tests included.
test: install-test
	$(BIN)/python -m pytest

## Plumbing tests only (tiny models, seconds).
test-fast: install-test
	$(BIN)/python -m pytest -m "not shipped_model"
