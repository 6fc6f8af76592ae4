"""The shape of the import graph. No module of the package imports, however indirectly, a module that imports it
back (type-only and function-level imports count too): each module can be understood from the ones below it. And
one module alone runs the evaluation."""

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


def test_only_the_session_evaluates() -> None:
    """One pipeline: the command line, the application and saved evaluations all evaluate an EvaluationSession."""
    graph = grimp.build_graph("repm_bids", cache_dir=None)
    assert graph.find_modules_that_directly_import("repm_bids.domain.evaluation") == {"repm_bids.services.session"}
