# The first two targets are the README's set-up: `make site`, then `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SEEDS ?= seeds
# Fail the conversion on warnings too; `make site STRICT=` builds a dirty corpus anyway.
STRICT ?= --strict
GENERATED := build/docs
SNIPPETS := build/snippets
STAMP := $(VENV)/.installed
CONVERT = $(BIN)/python -m generator build --seeds "$(SEEDS)" --out $(GENERATED) --snippets $(SNIPPETS) --docs docs $(STRICT)
# scripts/build_site.sh runs generator.publish with it.
export ARCHIVE_PYTHON := $(BIN)/python
# The published site's address: mkdocs.yml's site_url (sitemap.xml, canonical links) and the
# absolute URLs of the citation downloads. Optional locally; `make deploy` refuses without it.
SITE_URL ?=
export SITE_URL
# Material 9.8 prints an end-of-life notice on every build; it is recorded in README.md.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve deploy site-url-set convert golden eval lint format clean bench bench-pathological

# Converted and built under one lock (a second build waits), into .site.staging, and swapped
# in one step only on success: a failed or killed build leaves site/ as it was.
site: $(STAMP)
	scripts/build_site.sh site $(CONVERT) -- $(BIN)/mkdocs build --strict
	@echo "Site built in site/ (open site/index.html)"

test: $(STAMP)
	$(BIN)/ruff check generator hooks tests scripts bench
	$(BIN)/pytest

convert: $(STAMP)
	$(CONVERT)

# Preview on 127.0.0.1:8000; the hook re-converts SEEDS before every rebuild and watches it.
# --livereload: Click 8.2.2–8.3 broke live reload unless it is passed explicitly.
# --dirty: a rebuild renders only pages whose files changed; the converter rewrites only the
# files whose content changed, and its cache converts only the reports that changed.
# --no-strict: MkDocs warns on every dirty build; converter errors still show as warnings.
serve: $(STAMP) convert
	ARCHIVE_SEEDS="$(SEEDS)" $(BIN)/mkdocs serve --dirty --no-strict --dev-addr 127.0.0.1:8000 --livereload

deploy: site-url-set $(STAMP)
	scripts/build_site.sh site $(CONVERT) -- $(BIN)/mkdocs gh-deploy --force --strict

# Checked first by `make deploy`: a site published without its address cites itself with
# relative URLs and has an empty sitemap.
site-url-set:
	@test -n "$(SITE_URL)" || { echo "make deploy: SITE_URL is not set. Give the address the site is published at, e.g. make deploy SITE_URL=https://<owner>.github.io/<repo>/ (see README.md, Deploying)." >&2; exit 2; }

# Regenerate tests/golden/ from seeds/; review the diff before committing it.
golden: $(STAMP)
	$(BIN)/python -m tests.regenerate_golden
	git --no-pager diff --stat -- tests/golden || true

# Value+unit and core-indicator precision/recall and malformed labels against the seeds' gold
# (tests/fixtures/metrics_gold) and the development set (tests/devset, when devdata/ exists);
# then metadata accuracy per field against tests/fixtures/metadata_gold and the same keys.
eval: $(STAMP)
	$(BIN)/python -m tests.eval_metrics
	$(BIN)/python -m tests.eval_metadata -v --html

# Scale benchmark: synthetic corpora in /tmp, archive vs stock Material; then the runaway
# inputs at two sizes (bench-pathological alone takes a few minutes). See bench/README.md.
bench: $(STAMP)
	$(BIN)/python -m bench.run --sizes 100 1000 10000 --baseline-max 1000
	$(BIN)/python -m bench.pathological --sizes 0.5 1

bench-pathological: $(STAMP)
	$(BIN)/python -m bench.pathological --sizes 0.5 1

lint: $(STAMP)
	$(BIN)/ruff check generator hooks tests scripts bench
	$(BIN)/ruff format --check generator hooks tests scripts bench

format: $(STAMP)
	$(BIN)/ruff format generator hooks tests scripts bench
	$(BIN)/ruff check --fix generator hooks tests scripts bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf site build
