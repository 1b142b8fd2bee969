# SpikeCanvas — the two commands of the README, and what they are made of.
#
#   make run    set up everything, then start the application with the CUBA demo
#   make test   set up everything, then lint and run the whole test suite
#
# Both are idempotent: the virtual environment is rebuilt only when pyproject.toml or setup.py
# change, and missing Debian packages are installed only once.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Arguments for the application: the CUBA demo by default (opened as a copy: saving asks for a
# new file). `make run ARGS=` starts with an empty project, `make run ARGS=my.spikecanvas`
# opens your own.
ARGS   ?= examples/cuba.spikecanvas

.PHONY: run test lint pytest test-cython benchmark responsiveness screenshots thumbnails setup clean

run: setup
	@sh scripts/system-deps.sh x11 compiler
	$(BIN)/spikecanvas $(ARGS)

test: setup lint pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

pytest: setup
	@sh scripts/system-deps.sh offscreen compiler
	$(BIN)/python -m pytest

# The engine's tests, and its comparisons with Brian 2, on the cython code target: they must
# give numpy's numbers there too. Slow (each new network is compiled once), so not in `test`.
test-cython: setup
	@sh scripts/system-deps.sh offscreen compiler
	SPIKECANVAS_TEST_TARGET=cython $(BIN)/python -m pytest tests/engine tests/reference

benchmark: setup
	@sh scripts/system-deps.sh offscreen compiler
	$(BIN)/python -m pytest -m benchmark -s

# Prints how late the window's event loop gets during a CUBA run (on Xvfb, painting for real).
responsiveness: setup
	@sh scripts/system-deps.sh xvfb
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python tests/benchmarks/gui_responsiveness.py

# Regenerates every screenshot in docs/images from the real application on a virtual X server.
screenshots: setup
	@sh scripts/system-deps.sh xvfb
	xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python docs/make_screenshots.py

# Regenerates the thumbnails of the examples (examples/thumbnails/NAME.png) from real runs;
# no display needed. `make thumbnails NAMES="cuba stdp"` redoes only those examples.
NAMES ?=
thumbnails: setup
	@sh scripts/system-deps.sh offscreen compiler
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/make_thumbnails.py $(NAMES)

setup: $(STAMP)

$(STAMP): pyproject.toml setup.py
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and \
		"SpikeCanvas needs Python 3.11 or newer; this is $(PYTHON) " + sys.version.split()[0])'
	@PYTHON=$(PYTHON) sh scripts/system-deps.sh venv
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache .hypothesis
