# One toolchain: these targets are what people and CI run.
#
# Every target installs from uv.lock, the locked dependency set, so every machine runs the same
# versions. After changing the dependencies in pyproject.toml, run `make lock` and commit uv.lock:
# until then the install step stops and says so, rather than quietly using the old versions.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# uv installs from the lock in seconds. Where it is not on PATH, pip fetches it once into .tools/
# (a venv of its own inside this folder: nothing outside the project changes).
UV ?= $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)

WHEEL_DIR ?= dist

.PHONY: install lock demo test lint bench golden bench-setup wheel wheel-check clean

.tools/bin/uv:
	$(PY) -m venv .tools
	.tools/bin/python -m pip install -q uv

# --locked: a uv.lock that no longer matches pyproject.toml is an error, never silently updated.
# The test extra brings every optional extra too, so one venv serves demo, test and bench.
$(STAMP): pyproject.toml uv.lock | $(UV)
	@UV_PROJECT_ENVIRONMENT=$(VENV) $(UV) sync --locked --extra test --python $(PY) --quiet \
		|| { echo "make: the install from uv.lock failed (if it says the lock is out of date:" \
		          "run 'make lock' and commit uv.lock)" >&2; exit 1; }
	@touch $(STAMP)

install: $(STAMP)

# Re-resolve uv.lock from pyproject.toml (needs the package registry).
lock: | $(UV)
	$(UV) lock

demo: $(STAMP)
	$(BIN)/python samples/demo.py

# The suite keeps the compiled .pyc files even where PYTHONDONTWRITEBYTECODE is set: each of the
# two workers would otherwise compile every module it imports from source (about 5 s of a fresh
# clone's run).
test: $(STAMP)
	$(BIN)/ruff check campaign tests samples bench
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check campaign tests samples bench

bench: $(STAMP)
	$(BIN)/python bench/run.py

# After an intended change of output: rewrite tests/golden/ and review `git diff tests/golden`.
golden: $(STAMP)
	$(BIN)/pytest -q tests/test_golden.py --update-golden

# `campaign --help` beside a minimal Click group's, then a fresh clone's `make demo` and
# `make test` with the package cache warm.
bench-setup: $(STAMP)
	$(BIN)/python bench/bench_start.py
	$(PY) bench/bench_setup.py

# The wheel that `pip install` would get, in $(WHEEL_DIR)/.
# build/ goes first: setuptools copies into it without removing what the source no longer has.
wheel: | $(UV)
	rm -rf build $(WHEEL_DIR)/campaign-*.whl
	$(UV) build --wheel --out-dir $(WHEEL_DIR) --quiet

# The wheel on its own, as a user without this checkout gets it: a new venv with the locked
# versions of the runtime dependencies (no test tools), then the installed command must start and
# find its packaged templates and fonts (`init` copies the templates).
wheel-check: wheel
	rm -rf $(WHEEL_DIR)/venv $(WHEEL_DIR)/try
	$(UV) venv --quiet --python $(PY) $(WHEEL_DIR)/venv
	$(UV) export --locked --no-emit-project --no-hashes --quiet -o $(WHEEL_DIR)/requirements.txt
	$(UV) pip install --quiet --python $(WHEEL_DIR)/venv/bin/python \
		-r $(WHEEL_DIR)/requirements.txt $(WHEEL_DIR)/campaign-*.whl
	cd $(WHEEL_DIR) && venv/bin/campaign --version
	cd $(WHEEL_DIR) && venv/bin/campaign init try > /dev/null && test -s try/templates/marketing.txt
	cd $(WHEEL_DIR) && venv/bin/campaign -C try due

clean:
	rm -rf $(VENV) .tools build dist *.egg-info demo-campaign
