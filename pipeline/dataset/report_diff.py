"""The report page's section for a version with a parent: `codecurate diff` against that parent.

The page is published beside the dataset, so it shows counts and repositories, not file lists, and
it names no repository that lost files to an opt-out request (the manifest's change summary keeps
to counts for the same reason): those are counted only.
"""

from __future__ import annotations

from apache_beam.io.filesystems import FileSystems

from pipeline.dataset.diff import OPTOUT_PREFIX, diff_datasets
from pipeline.dataset.reader import DatasetReader
from pipeline.dataset.report_charts import DROP_COLOUR, KEPT_COLOUR, bar_chart, fmt_int, html_section, html_table

SHOWN = 20


def find_parent(dataset: str, manifest: dict, parent: str | None) -> str | None:
    """The parent's location: `parent` if given (it must be the parent), else a sibling directory
    of the dataset whose manifest is the one this version names, else None."""
    wanted = manifest.get("parent")
    if not isinstance(wanted, str):
        return None
    if parent is not None:
        if DatasetReader(parent).manifest_sha256 != wanted:
            raise ValueError(f"{parent} is not the parent of {dataset}: its manifest's sha256 is not {wanted[:12]}…")
        return parent
    siblings = FileSystems.join(dataset.rstrip("/").rsplit("/", 1)[0] if "/" in dataset.rstrip("/") else ".",
                                "*", "manifest.json")
    for match in sorted(FileSystems.match([siblings])[0].metadata_list, key=lambda found: found.path):
        location = match.path.rsplit("/", 1)[0]
        try:
            if DatasetReader(location).manifest_sha256 == wanted:
                return location
        except OSError:
            continue
    return None


def diff_section(parent: str, dataset: str) -> str:
    result = diff_datasets(parent, dataset)
    files, repos = result["files"], result["repositories"]
    counts = [("added", files["added"], KEPT_COLOUR), ("promoted", files["promoted"], KEPT_COLOUR),
              ("changed", files["changed"], KEPT_COLOUR), ("removed", files["removed"], DROP_COLOUR)]
    chart = bar_chart([(name, value, fmt_int(value)) for name, value, _ in counts], "Published files against the parent",
                      colours=[colour for *_, colour in counts])
    reasons = list(result["removed_by_reason"].items())
    removed_chart = bar_chart([(reason, count, fmt_int(count)) for reason, count in reasons],
                              "Removed files per reason", colours=[DROP_COLOUR] * len(reasons))
    licences = sorted(set(result["added_by_license"]) | set(result["removed_by_license"]))
    licence_table = html_table(("licence expression", "added files", "removed files"),
                          [(name, fmt_int(result["added_by_license"].get(name, 0)),
                            fmt_int(result["removed_by_license"].get(name, 0))) for name in licences])
    opted_out = [entry for entry in repos["removed"] if entry["reason"].startswith(OPTOUT_PREFIX)]
    named_removed = [entry for entry in repos["removed"] if not entry["reason"].startswith(OPTOUT_PREFIX)]
    repo_rows = ([("added", entry["repo"], fmt_int(entry["files"])) for entry in repos["added"][:SHOWN]]
                 + [(f"removed: {entry['reason']}", entry["repo"], fmt_int(entry["files"]))
                    for entry in named_removed[:SHOWN]]
                 + [("changed", entry["repo"], "") for entry in repos["changed"] if not entry.get("opted_out")][:SHOWN])
    intro = (f"Against the parent at {parent} (manifest {result['old']['manifest_sha256'][:12]}): "
             f"{fmt_int(files['added'])} files added, {fmt_int(files['removed'])} removed, "
             f"{fmt_int(files['changed'])} changed, {fmt_int(files['promoted'])} promoted (a dropped duplicate "
             f"became the published copy), {fmt_int(files['unchanged'])} unchanged; repositories: "
             f"{len(repos['added'])} added, {len(repos['removed'])} removed ({len(opted_out)} by opt-out, "
             f"not named here), {len(repos['changed'])} changed. `codecurate diff` lists every file.")
    return html_section("diff", "Change against the parent version", intro, chart,
                   "<h3>Removed files per reason</h3>", removed_chart if reasons else "",
                   html_table(("reason", "files"), [(reason, fmt_int(count)) for reason, count in reasons]) if reasons else "",
                   "<h3>Added and removed files per licence</h3>", licence_table if licences else "",
                   f"<h3>Repositories (first {SHOWN} of each kind)</h3>",
                   html_table(("change", "repository", "files"), repo_rows, 2) if repo_rows else "")
