"""No module of the package imports, however indirectly, a module that imports it back (type-only and
function-level imports count too): each layer and each module can be understood from the ones below it."""

from __future__ import annotations

import grimp


def test_no_import_loops() -> None:
    graph = grimp.build_graph("repm_bids", cache_dir=None)
    loops = sorted(
        f"{module} -> {imported}"
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        if graph.chain_exists(importer=imported, imported=module)
    )
    assert loops == []
