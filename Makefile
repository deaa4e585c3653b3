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
# Material 9.8 prints an end-of-life notice on every build; it is recorded in README.md.
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve deploy convert golden eval lint format clean bench bench-pathological

# Built into site.tmp and swapped in only on success: a failed build leaves site/ as it was.
site: $(STAMP) convert
	scripts/build_site.sh site $(BIN)/mkdocs build --strict
	@echo "Site built in site/ (open site/index.html)"

test: $(STAMP)
	$(BIN)/ruff check generator hooks tests scripts bench
	$(BIN)/pytest

convert: $(STAMP)
	$(BIN)/python -m generator build --seeds "$(SEEDS)" --out $(GENERATED) --snippets $(SNIPPETS) $(STRICT)

# Preview on 127.0.0.1:8000; the hook re-converts SEEDS before every rebuild and watches it.
# --livereload: Click 8.2.2–8.3 broke live reload unless it is passed explicitly.
# --dirty: a rebuild renders only pages whose files changed; the converter rewrites only the
# files whose content changed, and its cache converts only the reports that changed.
# --no-strict: MkDocs warns on every dirty build; converter errors still show as warnings.
serve: $(STAMP) convert
	ARCHIVE_SEEDS="$(SEEDS)" $(BIN)/mkdocs serve --dirty --no-strict --dev-addr 127.0.0.1:8000 --livereload

deploy: $(STAMP) convert
	scripts/build_site.sh site $(BIN)/mkdocs gh-deploy --force --strict

# Regenerate tests/golden/ from seeds/; review the diff before committing it.
golden: $(STAMP)
	$(BIN)/python -m tests.regenerate_golden
	git --no-pager diff --stat -- tests/golden || true

# Precision, recall and label agreement of metric extraction against tests/fixtures/metrics_gold.
eval: $(STAMP)
	$(BIN)/python -m tests.eval_metrics

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
