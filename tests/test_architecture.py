"""The house rules, checked by machine: layer contracts, package layout, the translation catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

import crypto
import node
import protocol
import store
import ui
from ui.catalogue import coverage

REPO = Path(__file__).resolve().parent.parent


def test_our_packages_are_the_ones_imported_not_pypi_namesakes() -> None:
    for package in (crypto, protocol, store, node, ui):
        assert Path(package.__file__).resolve().is_relative_to(REPO), package.__name__


def test_import_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    from importlinter.cli import lint_imports

    code = lint_imports(config_filename=str(REPO / "setup.cfg"), no_cache=True, no_logo=True)
    assert code == 0, capsys.readouterr().out


def test_french_catalogue_is_complete() -> None:
    result = coverage("fr")
    assert not result.missing, f"messages missing from the French catalogue: {result.missing}"
    assert not result.untranslated, f"untranslated French messages: {result.untranslated}"
    assert not result.placeholder_mismatch, f"placeholders differ: {result.placeholder_mismatch}"
