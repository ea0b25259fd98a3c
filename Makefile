# One toolchain: these targets are what people and CI run.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench golden clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python samples/demo.py

test: $(STAMP)
	$(BIN)/ruff check campaign tests samples bench
	$(BIN)/pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check campaign tests samples bench

bench: $(STAMP)
	$(BIN)/python bench/run.py

# After an intended change of output: rewrite tests/golden/ and review `git diff tests/golden`.
golden: $(STAMP)
	$(BIN)/pytest -q tests/test_golden.py --update-golden

clean:
	rm -rf $(VENV) build *.egg-info demo-campaign
