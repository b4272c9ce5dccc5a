"""How the package is laid out: no two modules import each other, even indirectly.

``lint-imports`` keeps the layers in order (pyproject.toml); this test looks at the
whole package at once, counting every import grimp sees: at module level, inside
functions and under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import grimp


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
