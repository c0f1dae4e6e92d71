# The two commands of the README: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.stamp-installed
DEV_INSTALLED := $(VENV)/.stamp-dev-installed

.PHONY: run test lint model bench fuzz wheel clean browser

run: $(INSTALLED)  ## analyze this week on the bundled sample calendar
	$(BIN)/levelcal analyze --week

test: $(DEV_INSTALLED) browser  ## the whole test suite, on every core (pytest-xdist)
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -q -n auto --dist worksteal

# The HTML digest test opens the page in headless Chromium. As root (CI), install Debian's
# chromium when it is missing; otherwise carry on, and that one test is skipped with a reason.
browser:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium for the HTML digest test"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
		echo "could not install chromium: the HTML digest browser test will be skipped"; \
	else \
		echo "no chromium (not root, or no apt-get): the HTML digest browser test will be skipped"; \
	fi

lint: $(DEV_INSTALLED)  ## ruff and mypy
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

model: $(DEV_INSTALLED)  ## retrain models/levelcal-model.bin and MODEL_CARD.md from models/corpus
	$(BIN)/levelcal train

bench: $(DEV_INSTALLED)  ## timings on generated 1k-50k-event exports vs the parser floor (.benchmarks/)
	$(BIN)/python benchmarks/bench.py

fuzz: $(DEV_INSTALLED)  ## the parser fuzz target and the terminal-safety property, long (CI runs them briefly in `make test`)
	LEVELCAL_FUZZ_EXAMPLES=20000 $(BIN)/python -m pytest -q tests/test_fuzz.py tests/report/test_terminal_safety.py

wheel: $(DEV_INSTALLED)  ## build dist/levelcal-*.whl
	$(BIN)/python -m build --wheel --outdir dist .

$(BIN)/python:
	$(PYTHON) -m venv --without-pip $(VENV)

# uv (from PyPI) installs the packages, and pip into the venv, in a tenth of the time pip
# takes alone, which was most of a clean clone's `make test` set-up. Where uv cannot be
# had, the venv gets its own pip and pip does it. uv leaves the bytecode to the first
# import, so `make test` lets Python write it: with PYTHONDONTWRITEBYTECODE set, every
# process a test starts would compile scikit-learn again.
install = { $(PYTHON) -m pip --python $(BIN)/python install --quiet uv && \
	$(BIN)/uv pip install --quiet --python $(BIN)/python pip $(1); } || \
	{ $(BIN)/python -m ensurepip --upgrade >/dev/null && $(BIN)/python -m pip install --quiet $(1); }

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(call install,-e .)
	touch $@

$(DEV_INSTALLED): pyproject.toml | $(BIN)/python
	$(call install,-e '.[dev]')
	touch $@ $(INSTALLED)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
