# The two quick-start commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test train install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/kg build examples --out output
	@echo
	@echo "== people, their organizations and roles"
	$(BIN)/kg query people-organizations --store output/store
	@echo
	@echo "== agreements and their parties"
	$(BIN)/kg query agreement-parties --store output/store

test: $(STAMP)
	$(BIN)/python -m pytest -q -rs

# Retrain the entity typer and the relation model (builder/extraction/*/weights) from the shared
# corpora; DATA is the folder holding redocred/, conll04/, knowledgenet/ and fewrel/.
DATA ?= ../shared/data
train: $(STAMP)
	$(BIN)/kg train --data $(DATA) --cache .cache

clean:
	rm -rf output/store output/graph.* .pytest_cache
