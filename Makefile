# One front door for the project's checks.
PYTHON ?= python
.PHONY: check lint contracts types test i18n

check: lint contracts types test

lint:
	$(PYTHON) -m ruff check .

contracts:
	lint-imports --config setup.cfg

types:
	$(PYTHON) -m mypy --strict crypto protocol store
	$(PYTHON) -m mypy node ui

test:
	$(PYTHON) -m pytest

i18n:
	$(PYTHON) -m tools.i18n update
	$(PYTHON) -m tools.i18n check
