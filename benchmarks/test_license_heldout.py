"""Offline checks of the held-out licence set (issue 24): run with
`.venv/bin/python -m pytest benchmarks/test_license_heldout.py -q` (not part of `make test`).

What they guard: the held-out labels stay held out (no package of the tuned truth set or of
`license_real_packages.tsv` slips in, and each later draw is disjoint from the earlier draws), every
row is a label a reader wrote (expression, type, files, reason), and the selection rule's draw is
reproducible from its seed (the third draw's own seed gives another order).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import license_heldout_select as select  # noqa: E402
from license_truth_data import LABELS, load_labels  # noqa: E402

HELDOUT = Path(__file__).resolve().parent / "license_heldout_labels.tsv"
HELDOUT2 = Path(__file__).resolve().parent / "license_heldout2_labels.tsv"
HELDOUT3 = Path(__file__).resolve().parent / "license_heldout3_labels.tsv"
DRAWS = ((HELDOUT, 120), (HELDOUT2, 36), (HELDOUT3, 60))
"""Each held-out label file and the fewest rows it may hold."""


def test_heldout_is_disjoint_from_the_tuned_sets() -> None:
    truth, real = select.excluded()
    assert truth and real
    for path, _ in DRAWS:
        clashes = [label.entry.name for label in load_labels(path)
                   if (label.entry.ecosystem, select.key(label.entry.name)) in truth or select.key(label.entry.name) in real]
        assert clashes == [], path.name


def test_each_draw_is_disjoint_from_the_earlier_draws() -> None:
    for index, (path, _) in enumerate(DRAWS[1:], start=1):
        earlier, _ = select.excluded(tuple(previous for previous, _ in DRAWS[:index]))
        clashes = [label.entry.name for label in load_labels(path) if (label.entry.ecosystem, select.key(label.entry.name)) in earlier]
        assert clashes == [], path.name


def test_every_row_is_a_read_label() -> None:
    for path, fewest in DRAWS:
        labels = load_labels(path)
        assert len(labels) >= fewest, path.name
        assert len({(label.entry.ecosystem, label.entry.name) for label in labels}) == len(labels), path.name
        for label in labels:
            assert len(label.entry.sha256) == 64, label.entry.name
            assert label.label_type in {"permissive", "non_permissive", "no_license"}, label.entry.name
            assert (label.expression == "NONE") == (label.label_type == "no_license"), label.entry.name
            assert label.reason.strip() and label.files.strip(), label.entry.name
        assert {label.entry.ecosystem for label in labels} == {"npm", "pypi", "debian"}, path.name


def test_the_draw_is_fixed_by_the_seed() -> None:
    names = [f"pkg{index}" for index in range(50)]
    assert select.shuffled(names) == select.shuffled(list(reversed(names)))
    assert select.shuffled(names) != sorted(names)
    assert select.shuffled(names, 20261207) == select.shuffled(list(reversed(names)), 20261207)
    assert select.shuffled(names, 20261207) != select.shuffled(names)


def test_truth_labels_still_load() -> None:
    assert len(load_labels(LABELS)) > 400
