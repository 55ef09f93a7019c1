"""Connected components of the near-duplicate graph, without ever gathering it on one worker.

The distributed path alternates the large-star and small-star operations of Kiveris et al.,
"Connected Components in MapReduce and Beyond" (SoCC 2014): each is one GroupByKey over the
edge set, keeps the components intact, and together they converge in O(log^2 n) rounds to a
forest of stars centred on each component's smallest node, which is the component id.

A Beam graph is static, so ``max_rounds`` rounds are unrolled up front.  Each round's
large-star also counts "violations", nodes that would not be in a converged star forest (more
than one smaller neighbour, or both a smaller and a larger one).  Zero violations means the
round's input was already the answer: the next round's gate, which reads that count as a side
input, moves the edges to the output, and every later round runs on an empty collection (a
no-op).  Non-zero violations after the last round raise ``ComponentsDidNotConverge``: never a
silently wrong answer.

Grouped neighbour lists are read as streams (a minimum, then a second pass to emit), never
copied into lists, so a node with millions of neighbours (a popular vendored file) needs no
more worker memory than the runner's grouped iterable.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import apache_beam as beam
import numpy as np
from apache_beam.pvalue import AsSingleton, PCollection, TaggedOutput

from core.steps import NAMESPACE

Edge = tuple[str, str]

_DONE = "done"
_VIOLATIONS = "violations"


class ComponentsDidNotConverge(RuntimeError):
    """Raised when the connected-components rounds hit ``max_rounds`` before converging."""


def union_find_components(edges: Iterable[Edge]) -> dict[str, str]:
    """node -> smallest node of its component, in memory (small graphs and tests)."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        root = parent.setdefault(node, node)
        while root != parent[root]:
            parent[root] = parent[parent[root]]
            root = parent[root]
        return root

    for a, b in edges:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    return {node: find(node) for node in parent}


def _oriented(edge: Edge) -> Iterator[Edge]:
    """(larger, smaller): every edge points from a node to a smaller one; self-loops vanish."""
    a, b = edge
    if a != b:
        yield (a, b) if a > b else (b, a)


def _both_directions(edge: Edge) -> Iterator[Edge]:
    yield edge
    yield edge[1], edge[0]


class _LargeStar(beam.DoFn):
    """Link every larger neighbour of a node to the smallest of its closed neighbourhood."""

    def process(self, element: tuple[str, Iterable[str]]) -> Iterator[Edge | TaggedOutput]:
        node, neighbours = element
        low_min: str | None = None
        low_max: str | None = None
        has_larger = False
        for neighbour in neighbours:
            if neighbour < node:
                low_min = neighbour if low_min is None or neighbour < low_min else low_min
                low_max = neighbour if low_max is None or neighbour > low_max else low_max
            else:
                has_larger = True
        if low_min is not None and (low_min != low_max or has_larger):
            yield TaggedOutput(_VIOLATIONS, 1)
        if not has_larger:
            return
        smallest = node if low_min is None else low_min
        for neighbour in neighbours:
            if neighbour > node:
                yield neighbour, smallest


class _SmallStar(beam.DoFn):
    """Link a node and its smaller neighbours to the smallest of them."""

    def process(self, element: tuple[str, Iterable[str]]) -> Iterator[Edge]:
        node, smaller = element
        smallest = min(smaller)
        yield node, smallest
        for neighbour in smaller:
            if neighbour != smallest:
                yield neighbour, smallest


class _Gate(beam.DoFn):
    """Route a round's input to the output once the previous round saw zero violations."""

    def __init__(self) -> None:
        self._done = beam.metrics.Metrics.counter(NAMESPACE, "dedup_components_edges_done")

    def process(self, edge: Edge, violations: int) -> Iterator[Edge | TaggedOutput]:
        if violations == 0:
            self._done.inc()
            yield TaggedOutput(_DONE, edge)
        else:
            yield edge


class _FinalCheck(beam.DoFn):
    """After the last round every edge must be final.

    If the last round saw violations its output is non-empty (large-star always emits at the
    smallest node of a non-trivial component), so this raises whenever convergence failed.
    """

    def __init__(self, max_rounds: int) -> None:
        self._max_rounds = max_rounds

    def process(self, edge: Edge, violations: int) -> Iterator[Edge]:
        if violations:
            raise ComponentsDidNotConverge(
                f"connected components did not converge within max_rounds={self._max_rounds} "
                f"({violations} nodes still not in a star); raise dedup.near.max_rounds"
            )
        yield edge


def _labels(edge: Edge) -> Iterator[Edge]:
    """(node, component id) for both ends of a final star edge (child, root)."""
    yield edge
    yield edge[1], edge[1]


class ConnectedComponents(beam.PTransform):
    """PCollection[(node, node)] undirected edges -> PCollection[(node, smallest node of its
    component)] for every node that has at least one edge to another node."""

    def __init__(self, max_rounds: int) -> None:
        super().__init__()
        if max_rounds < 1:
            raise ValueError("max_rounds must be >= 1")
        self._max_rounds = max_rounds

    def expand(self, edges: PCollection) -> PCollection:
        oriented = edges | "Orient" >> beam.FlatMap(_oriented) | "DistinctEdges" >> beam.Distinct()
        return self._star_rounds(oriented)

    def _star_rounds(self, active: PCollection) -> PCollection:
        done: list[PCollection] = []
        violations: PCollection | None = None
        for number in range(1, self._max_rounds + 1):
            name = f"Round{number:03d}"
            if violations is not None:
                gated = active | f"{name}/Gate" >> beam.ParDo(_Gate(), AsSingleton(violations)).with_outputs(
                    _DONE, main="active"
                )
                done.append(gated[_DONE])
                active = gated.active
            large = (
                active
                | f"{name}/BothDirections" >> beam.FlatMap(_both_directions)
                | f"{name}/GroupNeighbours" >> beam.GroupByKey()
                | f"{name}/LargeStar" >> beam.ParDo(_LargeStar()).with_outputs(_VIOLATIONS, main="edges")
            )
            violations = large[_VIOLATIONS] | f"{name}/CountViolations" >> beam.CombineGlobally(sum)
            active = (
                large.edges
                | f"{name}/GroupSmaller" >> beam.GroupByKey()
                | f"{name}/SmallStar" >> beam.ParDo(_SmallStar())
            )
        assert violations is not None
        done.append(active | "FinalCheck" >> beam.ParDo(_FinalCheck(self._max_rounds), AsSingleton(violations)))
        return (
            done
            | "MergeRounds" >> beam.Flatten()
            | "Labels" >> beam.FlatMap(_labels)
            | "DistinctLabels" >> beam.Distinct()
        )


def array_components(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(nodes, smallest node of each node's component) for undirected edges given as two uint64
    arrays, in memory: hooking every edge's larger root under its smaller, then pointer jumping,
    until no edge spans two roots.  Nodes are indexed in sorted order, so a root index is the
    component's smallest node."""
    nodes, inverse = np.unique(np.concatenate([a, b]), return_inverse=True)
    left, right = inverse[: a.size], inverse[a.size:]
    parent = np.arange(nodes.size)
    while True:
        root_left, root_right = parent[left], parent[right]
        low, high = np.minimum(root_left, root_right), np.maximum(root_left, root_right)
        spanning = low != high
        if not spanning.any():
            break
        np.minimum.at(parent, high[spanning], low[spanning])
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped
    return nodes, nodes[parent]
