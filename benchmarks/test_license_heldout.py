"""Offline checks of the held-out licence set (issue 24): run with
`.venv/bin/python -m pytest benchmarks/test_license_heldout.py -q` (not part of `make test`).

What they guard: the held-out labels stay held out (no package of the tuned truth set or of
`license_real_packages.tsv` slips in), every row is a label a reader wrote (expression, type, files,
reason), and the selection rule's draw is reproducible from its seed.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import license_heldout_select as select  # noqa: E402
from license_truth_data import LABELS, load_labels  # noqa: E402

HELDOUT = Path(__file__).resolve().parent / "license_heldout_labels.tsv"


def test_heldout_is_disjoint_from_the_tuned_sets() -> None:
    truth, real = select.excluded()
    assert truth and real
    clashes = [label.entry.name for label in load_labels(HELDOUT)
               if (label.entry.ecosystem, label.entry.name.lower()) in truth or label.entry.name.lower() in real]
    assert clashes == []


def test_every_row_is_a_read_label() -> None:
    labels = load_labels(HELDOUT)
    assert len(labels) >= 120
    assert len({(label.entry.ecosystem, label.entry.name) for label in labels}) == len(labels)
    for label in labels:
        assert len(label.entry.sha256) == 64, label.entry.name
        assert (label.expression == "NONE") == (label.label_type == "no_license"), label.entry.name
        assert label.reason.strip() and label.files.strip(), label.entry.name
    assert {label.entry.ecosystem for label in labels} == {"npm", "pypi", "debian"}


def test_the_draw_is_fixed_by_the_seed() -> None:
    names = [f"pkg{index}" for index in range(50)]
    assert select.shuffled(names) == select.shuffled(list(reversed(names)))
    assert select.shuffled(names) != sorted(names)


def test_truth_labels_still_load() -> None:
    assert len(load_labels(LABELS)) > 400
