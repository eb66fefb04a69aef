"""The matcher is pure logic: it imports only the standard library, rapidfuzz, Unidecode and itself."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import node.matching

ALLOWED = {"rapidfuzz", "unidecode", "node"}
FORBIDDEN = {"asyncio", "sqlite3", "socket", "os", "pathlib", "io", "subprocess", "threading", "logging"}


def test_node_matching_imports_nothing_impure() -> None:
    package = Path(node.matching.__file__).parent
    for module in package.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node_ in ast.walk(tree):
            if isinstance(node_, ast.Import):
                roots = [alias.name for alias in node_.names]
            elif isinstance(node_, ast.ImportFrom) and node_.module:
                roots = [node_.module]
            else:
                continue
            for name in roots:
                root = name.split(".")[0]
                assert root not in FORBIDDEN, f"{module.name} imports {name}"
                assert root in sys.stdlib_module_names or root in ALLOWED, f"{module.name} imports {name}"
                if root == "node":
                    assert name.startswith("node.matching"), f"{module.name} imports {name}"
