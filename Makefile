# Two commands do everything: `make serve` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TESTSTAMP := $(VENV)/.installed-test
SERVE_ADDR ?= 127.0.0.1:8000

export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test validate bench clean admin formulir-lokal

# serve, site, validate: only what the tool and the site need at run time.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

# test, bench: the test extras (Playwright, pabutools, hypothesis, pypdf, ...) as well.
$(TESTSTAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(TESTSTAMP)

# admin: the forms editor's npm packages (Decap CMS, decap-server, js-yaml) from the
# lockfile, for /admin/ and its browser test. `serve` and `site` never call npm: without
# them /admin/ says what is missing.
ADMINSTAMP := admin/node_modules/.installed
$(ADMINSTAMP): admin/package.json admin/package-lock.json
	cd admin && npm ci --no-audit --no-fund --ignore-scripts
	touch $(ADMINSTAMP)

admin: $(ADMINSTAMP)

# formulir-lokal: decap-server on this clone (git mode: each save is a commit on a
# cms/... branch, as a pull request would be), for /admin/ under `make serve`.
formulir-lokal: $(ADMINSTAMP)
	MODE=git BIND_HOST=127.0.0.1 GIT_REPO_DIRECTORY=$(CURDIR) node admin/node_modules/decap-server/dist/index.js

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr $(SERVE_ADDR)

site: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

test: $(TESTSTAMP) $(ADMINSTAMP)
	$(BIN)/python -m pytest

validate: $(STAMP)
	$(BIN)/musrenbang validate

bench: $(TESTSTAMP)
	$(BIN)/python bench/validate_bench.py

clean:
	rm -rf site .pytest_cache bench/_work
