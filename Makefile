# Small schools, strong partnerships: build the book and run the tests.
#   make book    create .venv, install the pinned packages, execute the notebooks, build _build/html
#   make test    lint, the unit tests, then `make book` and the tests of the built site
# The fast loop while working: make lint unit (no build, no browser).
# Other targets: bench, handouts, data, lock, clean (see README.md).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book test lint unit format notebooks html bench bench-la handouts slides samples data lock clean

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

book: html handouts slides samples

# axe-core (accessibility checks injected into pages by the browser tests), pinned by package-lock.json.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Print each chapter's one- or two-page handout to _build/html/handouts/ and its tutor edition
# to _build/html/handouts/tutor/ (needs Debian's chromium).
handouts: html
	$(BIN)/python -m helpers.book.handouts

# The session slides, _build/html/slides/<session>.html, and a PDF of each deck.
slides: html
	$(BIN)/python -m helpers.book.slides

# The made-up Madeupshire la-report edition, published in the book as a sample.
SAMPLE := _build/html/samples/madeupshire/index.html
$(SAMPLE): $(STAMP) $(wildcard data/examples/*) \
		$(shell find src/helpers/la src/helpers/page src/helpers/charts src/helpers/analysis -type f -not -name '*.pyc') \
		src/helpers/book/printing.py $(wildcard notebooks/la/*) src/helpers/book/static/sssp-charts.js \
		src/helpers/book/static/sssp.css
	rm -rf _build/html/samples/madeupshire && mkdir -p _build/html/samples
	$(BIN)/la-report --la 990 --gias-links data/examples/madeupshire_group_links.csv \
		--schools data/examples/madeupshire_schools.csv --partnerships data/examples/madeupshire_partnerships.csv \
		--inspections data/examples/madeupshire_inspections.csv \
		$(foreach y,2009 2010 2011 2012 2013,--ks2 data/examples/madeupshire_ks2_$(y).csv) \
		--pdf --out _build/html/samples/madeupshire

samples: html $(SAMPLE)

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

bench-la: $(STAMP)  # la-report's timings alone (no book build)
	$(BIN)/python tools/bench.py --skip-book

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
