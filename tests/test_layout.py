"""How the package is laid out: no two modules import each other, even indirectly;
every module readable in one sitting and every function on a screen or two.

``lint-imports`` keeps the layers in order (pyproject.toml); this test looks at the
whole package at once, counting every import grimp sees: at module level, inside
functions and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

PACKAGE = Path(__file__).resolve().parent.parent / "duchatai"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def test_no_import_cycles() -> None:
    graph = grimp.build_graph("duchatai", cache_dir=None)
    modules = sorted(m for m in graph.modules if m.startswith("duchatai."))
    cycles = sorted(
        {
            tuple(sorted((module, imported)))
            for module in modules
            for imported in graph.find_modules_directly_imported_by(module)
            if imported.startswith("duchatai.")
            and graph.chain_exists(importer=imported, imported=module)
        }
    )
    assert cycles == [], "modules that reach each other: " + ", ".join(
        " <-> ".join(pair) for pair in cycles
    )


def test_every_module_under_400_lines() -> None:
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_every_function_under_60_lines() -> None:
    long = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}"] = lines
    assert long == {}
