"""The house rules of the import graph (issue 25 §8), read from the source (every import
statement, at module level or inside a function, as written):

- the domain packages (`filters`, `licenses`, `pii`, `dedup`) and `core` import nothing from
  `pipeline`, and `core` imports no domain package: dependencies point one way,
  pipeline → domains → core;
- there is no import circle among the project's modules (a lazy import inside a function that
  closes a circle counts: it hides the circle from the interpreter, not from the reader).
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("core", "pipeline", "filters", "licenses", "pii", "dedup")
DOMAINS = ("filters", "licenses", "pii", "dedup")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))}


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules `name` imports: `from a.b import c` is `a.b.c` when that is a module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:  # `import a.b.c` where only a.b is ours
                target = target.rpartition(".")[0]
            if target and target.split(".")[0] in PACKAGES:
                found.add(target)
    return found


def import_graph() -> nx.DiGraph:
    found = modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(found)
    for name, path in found.items():
        graph.add_edges_from((name, target) for target in imported(name, path, set(found)) if target != name)
    return graph


def test_domains_and_core_import_nothing_of_the_pipeline() -> None:
    graph = import_graph()
    wrong = sorted(f"{source} imports {target}" for source, target in graph.edges
                   if source.split(".")[0] in (*DOMAINS, "core") and target.split(".")[0] == "pipeline")
    wrong += sorted(f"{source} imports {target}" for source, target in graph.edges
                    if source.split(".")[0] == "core" and target.split(".")[0] in DOMAINS)
    assert wrong == [], "dependencies must point pipeline → domains → core:\n" + "\n".join(wrong)


def test_no_import_circle() -> None:
    graph = import_graph()
    circles = [sorted(component) for component in nx.strongly_connected_components(graph) if len(component) > 1]
    described = []
    for component in circles:
        cycle = nx.find_cycle(graph.subgraph(component))
        described.append(" → ".join([source for source, _ in cycle] + [cycle[0][0]]))
    assert described == [], "import circles:\n" + "\n".join(described)


def test_the_graph_sees_real_imports() -> None:
    """The walk finds what the files say (a broken walk would pass the tests above vacuously)."""
    graph = import_graph()
    assert graph.has_edge("pipeline.graph", "pipeline.curate")
    assert graph.has_edge("pii.stage", "core.records")
    assert graph.number_of_edges() > 200
