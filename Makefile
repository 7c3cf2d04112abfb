# dcsx: the two commands a newcomer needs are `make site` and `make test`.
PY ?= python3
STAMP := .make

.PHONY: site test install golden bench serve clean

$(STAMP)/python: pyproject.toml
	$(PY) -m pip install -q -e '.[test]'
	@mkdir -p $(STAMP) && touch $@

$(STAMP)/npm: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(STAMP) && touch $@

install: $(STAMP)/python $(STAMP)/npm

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

## Benchmarks (synthetic 20,000-article archive, with Pelican, Hugo and Pagefind beside it):
## figures go to benchmarks/results.json and benchmarks/RESULTS.md.
bench: install
	$(PY) -m benchmarks.run

## Serve site/ on http://127.0.0.1:8000/ (optional: the site also works from file://).
serve: install
	$(PY) -m generator serve --out site --port 8000

clean:
	rm -rf site $(STAMP)
