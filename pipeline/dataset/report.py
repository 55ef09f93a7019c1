"""`codecurate report DATASET` (README "Command line"): one self-contained `report.html` with charts.

A curation run ends with questions — which languages, how much was dropped and why, under which
licences, how much personal data — that a chart answers faster than a table.  Everything is
computed from the provenance table (one row per input file) so the report agrees with what
`audit` and `verify` see; the manifest only supplies the dataset's name, version and, for an
`optout` version, its parent and change summary.  Only metadata columns are read, never file
content, so no redacted value can reach the page; every string shown is HTML-escaped.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems

from pipeline.dataset.reader import DatasetReader
from pipeline.dataset.report_diff import diff_section, find_parent
from pipeline.dataset.report_charts import (
    DROP_COLOUR,
    KEPT_COLOUR,
    bar_chart,
    empty_note,
    esc,
    fmt_bytes,
    fmt_count,
    fmt_int,
    funnel_chart,
    html_section,
    html_table,
    share_bar,
)

COLUMNS = ("repo_name", "size", "language", "license", "license_expression", "license_type", "status", "reason",
           "cluster_id", "pii")
LICENSE_TYPE_ORDER = ("permissive", "declared_only", "no_license", "non_permissive")
TOP = 20
UNKNOWN = "(unknown)"
_PII_ENTRY = pa.list_(pa.struct([("key", pa.string()), ("value", pa.int64())]))
_COUNT_ALL = pc.CountOptions(mode="all")


@dataclass
class Tally:
    """Rows per key and, beside them, the sum of a measure per key: files and bytes per language or
    repository, files and redactions per PII type.  The two always travel together, from one
    group-by to one chart whose bars are the sum and whose labels name the files."""

    files: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)

    def add(self, table: pa.Table, key: str, measure: str = "size") -> None:
        _fold(table, key, self.files, self.total, measure)


@dataclass
class ReportFigures:
    """Aggregates over provenance; kept small (counters keyed by category) whatever the row count."""

    input_files: int = 0
    input_bytes: int = 0
    kept_files: int = 0
    kept_bytes: int = 0
    drops: Counter[str] = field(default_factory=Counter)
    license_input: Counter[str] = field(default_factory=Counter)
    license_kept: Counter[str] = field(default_factory=Counter)
    spdx_kept: Counter[str] = field(default_factory=Counter)
    expression_kept: Counter[str] = field(default_factory=Counter)
    cluster_members: Counter[str] = field(default_factory=Counter)
    by_language: Tally = field(default_factory=Tally)
    """Kept files and bytes per language."""
    by_repository: Tally = field(default_factory=Tally)
    """Kept files and bytes per repository."""
    pii_by_type: Tally = field(default_factory=Tally)
    """Kept files with a redaction of the type, and its redactions."""
    repositories: set[str] = field(default_factory=set)
    """Every repository read, kept files or not: the manifest's and the card's count."""

    def add(self, table: pa.Table) -> None:
        """Fold one provenance batch in; grouping is done by Arrow, not row by row in Python."""
        is_kept = pc.fill_null(pc.equal(table["status"], "kept"), False)
        kept = table.filter(is_kept)
        dropped = table.filter(pc.invert(is_kept))
        self.input_files += table.num_rows
        self.input_bytes += _sum(table["size"])
        self.kept_files += kept.num_rows
        self.kept_bytes += _sum(kept["size"])
        self.by_language.add(kept, "language")
        self.by_repository.add(kept, "repo_name")
        self.repositories.update(pc.unique(table["repo_name"]).drop_null().to_pylist())
        _fold(dropped, "reason", self.drops)
        _fold(table, "license_type", self.license_input)
        _fold(kept, "license_type", self.license_kept)
        ids = pc.list_flatten(kept["license"])
        self.spdx_kept.update(_value_counts(ids))
        no_ids = pc.sum(pc.fill_null(pc.equal(pc.list_value_length(kept["license"]), 0), True)).as_py() or 0
        if no_ids:
            self.spdx_kept["(none)"] += no_ids
        expressions = pc.if_else(pc.equal(kept["license_expression"], ""), None, kept["license_expression"])
        self.expression_kept.update(_value_counts(expressions))
        self.cluster_members.update(_value_counts(table["cluster_id"]))
        entries = pc.list_flatten(kept["pii"].cast(_PII_ENTRY))
        positive = entries.filter(pc.greater(pc.struct_field(entries, "value"), 0))
        pairs = pa.table({"type": pc.struct_field(positive, "key"), "count": pc.struct_field(positive, "value")})
        self.pii_by_type.add(pairs, "type", measure="count")


def _sum(column: pa.ChunkedArray) -> int:
    return pc.sum(column).as_py() or 0


def _value_counts(column: pa.ChunkedArray | pa.Array) -> dict[str, int]:
    counts = pc.value_counts(column.drop_null())
    return dict(zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist()))


def _fold(
    table: pa.Table, key: str, rows: Counter[str], total: Counter[str] | None = None, measure: str = "size"
) -> None:
    """Add rows per `key` (null → UNKNOWN) and, given `total`, the sum of `measure` per key."""
    grouped = table.select([key, measure]).group_by(key).aggregate([(measure, "count", _COUNT_ALL), (measure, "sum")])
    for group in grouped.to_pylist():
        name = UNKNOWN if group[key] is None else group[key]
        rows[name] += group[f"{measure}_count"]
        if total is not None:
            total[name] += group[f"{measure}_sum"] or 0


def read_manifest(dataset: DatasetReader) -> dict:
    """The dataset's manifest, checked for what the report prints from it."""
    path = dataset.path("manifest.json")
    if not dataset.complete:
        raise ValueError(f"{dataset.location} is not a complete dataset: {path} is missing")
    manifest = dataset.manifest
    name = manifest.get("dataset") if isinstance(manifest, dict) else None
    if not isinstance(name, dict) or not {"name", "version"} <= name.keys():
        raise ValueError(f"{path} has no dataset name and version")
    return manifest


def collect(dataset: DatasetReader) -> ReportFigures:
    stats = ReportFigures()
    for table in dataset.provenance_batches(list(COLUMNS)):
        stats.add(table)
    return stats


@dataclass(frozen=True)
class StageOrder:
    """The run's stages as its manifest lists them (the registry's order), so the funnel narrows
    in the order the stages ran and names the stage that dropped, not the reason's prefix."""

    names: tuple[str, ...]
    by_prefix: dict[str, str]

    @classmethod
    def of(cls, manifest: dict) -> "StageOrder":
        stages = manifest.get("stages") or []
        return cls(tuple(stage["name"] for stage in stages),
                   {stage["reason_prefix"]: stage["name"] for stage in stages})

    def stage_of(self, reason: str) -> str:
        prefix = reason.split(":", 1)[0] if ":" in reason else UNKNOWN
        return self.by_prefix.get(prefix, prefix)

    def rank(self, stage: str) -> tuple[int, str]:
        return (self.names.index(stage) if stage in self.names else len(self.names), stage)


def _top(counter: Counter[str], limit: int = TOP) -> list[tuple[str, int]]:
    """Largest first, ties by name, so the same dataset always gives the same page."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:limit]


def _kept_bytes(tally: Tally, column: str, chart_title: str) -> tuple[str, str]:
    """The top keys by kept bytes: a bar chart (bytes, files in the label) and the table beside it."""
    top = _top(tally.total)
    rows = [(name, size, f"{fmt_bytes(size)} · {fmt_count(tally.files[name], 'file')}") for name, size in top]
    table = html_table((column, "kept files", "kept bytes"),
                   [(name, fmt_int(tally.files[name]), fmt_bytes(size)) for name, size in top])
    return bar_chart(rows, chart_title), table


def _languages(stats: ReportFigures) -> str:
    return html_section("languages", "Languages", f"Kept bytes and files per language (top {TOP}).",
                    *_kept_bytes(stats.by_language, "language", "Kept bytes per language"))


def _funnel(stats: ReportFigures, order: StageOrder) -> str:
    per_stage: Counter[str] = Counter()
    for reason, count in stats.drops.items():
        per_stage[order.stage_of(reason)] += count
    steps = [("input", stats.input_files, 0)]
    remaining = stats.input_files
    for stage in sorted(per_stage, key=order.rank):
        remaining -= per_stage[stage]
        steps.append((f"after {stage}", remaining, per_stage[stage]))
    steps.append(("kept", stats.kept_files, 0))
    reasons = sorted(stats.drops.items(), key=lambda item: (order.rank(order.stage_of(item[0])), -item[1], item[0]))
    chart = bar_chart([(reason, count, fmt_int(count)) for reason, count in reasons], "Dropped files per reason",
                      colours=[DROP_COLOUR] * len(reasons))
    table = html_table(("stage", "reason", "dropped files"), [(order.stage_of(r), r, fmt_int(c)) for r, c in reasons], 2)
    return html_section("funnel", "Drop funnel", "Files remaining after each stage, from every input file to the kept "
                    "ones, then every drop reason.", funnel_chart(steps, "Files from input to kept"),
                    "<h3>Dropped files per reason</h3>", chart, table)


def _licenses(stats: ReportFigures) -> str:
    types = sorted(stats.license_input, key=lambda name: (_rank_in(name, LICENSE_TYPE_ORDER), name))
    parts = [(name, stats.license_kept[name], fmt_count(stats.license_kept[name], "kept file"))
             for name in types if stats.license_kept[name]]
    table = html_table(("licence type", "input files", "kept files"),
                   [(name, fmt_int(stats.license_input[name]), fmt_int(stats.license_kept[name])) for name in types])
    spdx = [(name, count, fmt_int(count)) for name, count in _top(stats.spdx_kept)]
    expressions = [(name, count, fmt_int(count)) for name, count in _top(stats.expression_kept)]
    return html_section("licenses", "Licences", "Licence types of kept files (and of all input files), then the most "
                    f"frequent SPDX ids and SPDX expressions among kept files (top {TOP}).",
                    share_bar(parts, "Kept files per licence type"), table, "<h3>Top SPDX ids</h3>",
                    bar_chart(spdx, "Kept files per SPDX id"), "<h3>Top licence expressions</h3>",
                    bar_chart(expressions, "Kept files per licence expression"))


def _rank_in(name: str, order: tuple[str, ...]) -> int:
    return order.index(name) if name in order else len(order)


def _size_bucket(size: int) -> tuple[int, int]:
    """Pairs apart, then powers of two: a few huge clusters (licence boilerplate, templates) and
    many pairs is the usual shape, and exact sizes would bury the tail."""
    if size <= 2:
        return (size, size)
    high = 2 ** (size - 1).bit_length()
    return (high // 2 + 1, high)


def _clusters(stats: ReportFigures) -> str:
    buckets: Counter[tuple[int, int]] = Counter()
    members: Counter[tuple[int, int]] = Counter()
    for size in stats.cluster_members.values():
        buckets[_size_bucket(size)] += 1
        members[_size_bucket(size)] += size
    rows = [(f"{low} files" if low == high else f"{low}–{high} files", buckets[(low, high)],
             f"{fmt_count(buckets[(low, high)], 'cluster')} · {fmt_count(members[(low, high)], 'file')}")
            for low, high in sorted(buckets)]
    largest = max(stats.cluster_members.values(), default=0)
    intro = (f"{fmt_int(len(stats.cluster_members))} duplicate clusters (exact and near) holding "
             f"{fmt_int(sum(stats.cluster_members.values()))} files; the largest has {fmt_int(largest)} files. "
             "One file of each cluster is kept.")
    return html_section("clusters", "Near-duplicate clusters", intro,
                    bar_chart(rows, "Clusters per size") if rows else empty_note("No duplicate clusters."))


def _pii(stats: ReportFigures) -> str:
    pii = stats.pii_by_type
    top = _top(pii.total)
    rows = [(name, count, f"{fmt_int(count)} in {fmt_count(pii.files[name], 'file')}") for name, count in top]
    table = html_table(("entity type", "redactions", "files"),
                   [(name, fmt_int(count), fmt_int(pii.files[name])) for name, count in top])
    return html_section("pii", "PII redactions", "Values replaced in kept files, per entity type (counts only: the "
                    "values themselves are never stored).",
                    bar_chart(rows, "Redactions per type") if rows else empty_note("No redactions."),
                    table if rows else "")


def _repositories(stats: ReportFigures) -> str:
    return html_section("repositories", "Top repositories", f"Repositories contributing the most kept bytes (top {TOP} "
                    f"of {fmt_int(len(stats.by_repository.total))}).",
                    *_kept_bytes(stats.by_repository, "repository", "Kept bytes per repository"))


def _flatten(values: dict, prefix: str = "") -> list[tuple[str, object]]:
    items: list[tuple[str, object]] = []
    for key in sorted(values, key=str):
        value = values[key]
        name = f"{prefix}{key}"
        items += _flatten(value, name + ".") if isinstance(value, dict) else [(name, value)]
    return items


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _change(manifest: dict) -> str:
    parent = manifest["parent"]
    items = _flatten(manifest.get("change") or {})
    numbers = [(key, value) for key, value in items if _is_number(value)]
    chart = bar_chart([(key, value, f"{value:+,}") for key, value in numbers], "Change against the parent",
                      colours=[DROP_COLOUR if value < 0 else KEPT_COLOUR for _, value in numbers])
    shown = [(key, f"{value:+,}" if _is_number(value) else json.dumps(value)) for key, value in items]
    parent_text = parent if isinstance(parent, str) else json.dumps(parent, sort_keys=True)
    return html_section("change", "Change against the parent version", f"Parent manifest: {parent_text}",
                    chart if numbers else empty_note("The manifest records no change summary."),
                    html_table(("change", "value"), shown) if shown else "")


STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;background:#f4f5f7;margin:0}
main{max-width:880px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:0 0 4px}h3{font-size:15px;margin:16px 0 4px}
section{background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:16px 20px;margin:16px 0;overflow-x:auto}
.intro,.sub{color:#555;margin:0 0 12px}.empty{color:#777;font-style:italic}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{flex:1 1 0;background:#fff;border:1px solid #dde1e6;border-radius:6px;padding:10px 14px;min-width:96px}
.card b{display:block;font-size:20px}.card span{color:#555;font-size:12px}
table{border-collapse:collapse;margin-top:12px;font-size:13px}
th,td{text-align:left;padding:3px 14px 3px 0;border-bottom:1px solid #eee}.n{text-align:right}
svg.chart{display:block;max-width:100%;height:auto}
svg .label{font-size:12px;fill:#333}svg .value{font-size:12px;fill:#222}svg .drop{fill:#a33}
"""


def render(manifest: dict, stats: ReportFigures, parent_diff: str | None = None) -> str:
    """The page; `parent_diff` is the diff section against the parent, when the parent was found."""
    name, version = str(manifest["dataset"]["name"]), str(manifest["dataset"]["version"])
    cards = [("input files", fmt_int(stats.input_files)), ("kept files", fmt_int(stats.kept_files)),
             ("dropped files", fmt_int(stats.input_files - stats.kept_files)),
             ("kept bytes", fmt_bytes(stats.kept_bytes)), ("repositories", fmt_int(len(stats.repositories))),
             ("languages", fmt_int(len(stats.by_language.total)))]
    sections = [_languages(stats), _funnel(stats, StageOrder.of(manifest)), _licenses(stats), _clusters(stats), _pii(stats),
                _repositories(stats)]
    if manifest.get("parent"):
        sections.append(_change(manifest))
        sections.append(parent_diff or html_section(
            "diff", "Change against the parent version", "The parent version was not found beside this dataset: "
            "`codecurate report DATASET --parent DIR` adds the files and repositories that changed."))
    card_html = "".join(f'<div class="card"><b>{esc(value)}</b><span>{esc(label)}</span></div>'
                        for label, value in cards)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        # Defence in depth: even if a label escaped escaping, the page could load or run nothing.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{esc(name)} {esc(version)} — codecurate report</title><style>{STYLE}</style></head>"
        f"<body><main><h1>{esc(name)} <small>{esc(version)}</small></h1>"
        f'<p class="sub">codecurate dataset report, computed from the provenance table '
        f"({fmt_int(stats.input_files)} input files).</p>"
        f'<div class="cards">{card_html}</div>{"".join(sections)}</main></body></html>\n'
    )


def write_report(dataset_dir: str, parent_dir: str | None = None) -> str:
    """Write DATASET/report.html and return its path; the dataset itself is only read.  A version
    with a parent gets the diff against it, found at `parent_dir` or beside the dataset."""
    dataset = DatasetReader(dataset_dir)
    manifest = read_manifest(dataset)
    parent = find_parent(dataset_dir, manifest, parent_dir)
    page = render(manifest, collect(dataset), diff_section(parent, dataset_dir) if parent else None)
    path = FileSystems.join(dataset_dir, "report.html")
    with FileSystems.create(path, mime_type="text/html", compression_type=CompressionTypes.UNCOMPRESSED) as out:
        out.write(page.encode("utf-8"))
    return path
