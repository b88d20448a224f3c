# k8slab — the two commands a newcomer needs:
#   make start   install into .venv and start the course
#   make test    lint, type-check and run the tests (cluster tests need K8SLAB_TEST_KUBECONFIG)

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: start install test check-code lint-course bench clean

$(BIN)/k8slab: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(BIN)/k8slab

start: install
	$(BIN)/k8slab start

check-code: install
	$(BIN)/ruff check k8slab tests bench
	$(BIN)/ruff format --check k8slab tests bench
	$(BIN)/mypy

lint-course: install
	$(BIN)/k8slab lint

test: check-code lint-course
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
