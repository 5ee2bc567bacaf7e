# Small schools, strong partnerships: build the book and run the tests.
#   make book    create .venv, install the pinned packages, execute the notebooks, build _build/html
#   make test    lint, the unit tests, then `make book` and the tests of the built site
# The fast loop while working: make lint unit (no build, no browser).
# Other targets: bench, handouts, data, lock, clean (see README.md).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book test lint unit format notebooks html bench handouts data lock clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Everything the site is made from. With none of it newer than the last build, make stops
# here; otherwise helpers.book.build re-executes (with papermill) only the notebooks whose own
# inputs changed, and Sphinx rewrites only the pages that changed.
SOURCES := $(shell find book notebooks data src -type f -not -path 'book/executed/*' \
             -not -path 'data/downloads/*' \
             -not -name '*.pyc' -not -path '*/.ipynb_checkpoints/*' 2>/dev/null) \
           _config.yml _toc.yml requirements.lock
HTML_STAMP := _build/html/.built

notebooks: $(STAMP)
	$(BIN)/python -m helpers.book.build

$(HTML_STAMP): $(STAMP) $(SOURCES)
	$(BIN)/python -m helpers.book.build
	$(BIN)/jupyter-book build . --warningiserror --nitpick --keep-going --quiet
	touch $@

html: $(HTML_STAMP)

book: html handouts

# axe-core (accessibility checks injected into pages by the browser tests), pinned by package-lock.json.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Print each chapter to a PDF handout in _build/html/handouts/ (needs Debian's chromium).
handouts: html
	$(BIN)/python -m helpers.book.handouts

PYTEST := $(BIN)/python -m pytest -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check src tests tools
	$(BIN)/ruff format --check src tests tools

format: $(STAMP)
	$(BIN)/ruff format src tests tools
	$(BIN)/ruff check --fix src tests tools

# Tests that need neither the built book nor a browser (the ../shared ones run when it is there).
unit: $(STAMP)
	$(PYTEST) tests -m "not site and not browser" -n 2

# Lint and the unit layer first (they fail fast), then the book and every test that needs it:
# the built site, the browser, and nbval on the executed notebooks.
test: lint unit book $(AXE)
	$(PYTEST) tests book/executed -m "site or browser" --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg \
		--nbval-current-env

bench: $(STAMP)
	$(BIN)/python tools/bench.py

# The current official GIAS files (all establishments, group links, groups) into
# data/downloads/, with their SHA-256 checksums in data/downloads/checksums.json.
data: $(STAMP)
	$(BIN)/python -m helpers.data.gias_download --dest data/downloads

# Re-pin: install the newest versions allowed by pyproject.toml, then record them.
lock:
	rm -rf $(VENV).lock && $(PYTHON) -m venv $(VENV).lock
	$(VENV).lock/bin/python -m pip install --quiet -e ".[book,dev]"
	$(VENV).lock/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
	rm -rf $(VENV).lock
	$(BIN)/python -m helpers.book.envfiles write

clean:
	rm -rf _build book/executed
