# dcsx: the two commands a newcomer needs are `make site` and `make test`.
# They install into .venv (made here with python3 -m venv), so they work where python3 is
# "externally managed" (Debian, Ubuntu) and never touch the system's Python.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := .make

.PHONY: site test install golden bench serve screenshots clean

$(PY):
	@$(PYTHON) -m venv $(VENV) || { echo "could not make $(VENV): on Debian or Ubuntu run 'sudo apt-get install python3-venv', then make again" >&2; exit 1; }

# The stamp lives inside the venv: a new venv means a new install.
$(VENV)/.installed: pyproject.toml setup.py | $(PY)
	$(PY) -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $@

$(STAMP)/npm: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(STAMP) && touch $@

install: $(VENV)/.installed $(STAMP)/npm

## Build the site from the sample content/ into site/ (open site/index.html, no server needed).
site: install
	$(PY) -m generator build --content content --out site

## Run every test: parser gold, ingest, site, golden files, browser (Chromium), node tokenizer tests.
test: install
	node --test tests/js/
	$(PY) -m pytest

## Rewrite the golden files after an intended change to the output; review `git diff tests/golden`.
golden: install
	DCSX_REGEN_GOLDEN=1 $(PY) -m pytest tests/test_golden.py -q

## Retake the README's screenshots (docs/screenshots/) in Chromium.
screenshots: install
	DCSX_SCREENSHOTS=1 $(PY) -m pytest tests/test_screenshots.py -q

## Benchmarks (synthetic 20,000-article archive, with Pelican, Hugo and Pagefind beside it):
## figures go to benchmarks/results.json and benchmarks/RESULTS.md.
bench: install
	$(PY) -m benchmarks.run

## Preview: build, serve on http://127.0.0.1:8000/, rebuild and reload on every change.
serve: install
	$(PY) -m generator serve --out site --port 8000

clean:
	rm -rf site $(STAMP) $(VENV)
