"""What `codecurate COMMAND --help` says about each argument, with examples: enough to use a
command without the README.  Shared by the commands that take the same kind of argument."""

from __future__ import annotations

INPUT = ("a folder of repository dumps, one dump, or a file table; a path or glob, local or on any "
         "Beam filesystem (gs://...). A dump is a directory, .tar, .tar.gz/.tgz, .tar.zst, .tar.bz2, "
         ".tar.xz, .zip or a bare git repository NAME.git, named OWNER__NAME[@REF] unless an "
         "index.jsonl beside it says which repository it is; a table is .jsonl, .jsonl.gz or .parquet "
         "with columns repo_name, path, content. Several may be given.")
OUTPUT = ("directory (or gs:// prefix) the dataset is published in: manifest.json, README.md, "
          "data/<language>/part-NNNNN.<hash>.parquet, provenance/. Must not lie inside an INPUT; if it "
          "already holds a dataset, --overwrite is needed, and that dataset stays whole and valid until "
          "the new one replaces it.")
OPTOUT_FILE = "opt-out list: a text file, one entry per line (format below)"
DATASET = "a published dataset: the directory (or gs:// prefix) holding its manifest.json"
OPTOUT_FORMAT = """\
opt-out list format (one entry per line, # starts a comment, names match case-insensitively):
  OWNER                  a user or organisation: all of its repositories      e.g. octo
  OWNER/NAME             one repository                                       e.g. octo/geometry
  OWNER/NAME:GLOB        paths in one repository                              e.g. octo/geometry:src/*.py
  sha256:HEX             one content (64 hex digits), wherever it appears     e.g. sha256:9f86d081…
Exact copies of listed files in other repositories go too (optout.copies in the config)."""

RUN_EXAMPLES = """\
examples:
  codecurate run sample/dumps --output out/dataset
  codecurate run dumps/*.tar.gz more/octo__geometry.zip --output out/v1 --optout optout.txt
  codecurate run gs://bucket/dumps --output gs://bucket/dataset --runner DataflowRunner \\
      --config dataflow --project P --region R --temp_location gs://bucket/tmp
  codecurate run sample/dumps --output out/dataset --dry-run     # check the graph, project the cost

SIGINT/SIGTERM end the run (exit 130/143) and leave a dataset already in --output as it was.

"""
VERIFY_EXAMPLES = """\
examples:
  codecurate verify out/dataset
  codecurate verify out/dataset-v2 --optout optout.txt      # also proves the listed files are absent

"""
OPTOUT_EXAMPLES = """\
examples:
  codecurate optout out/dataset --optout requests.txt --output out/dataset-v2
  codecurate optout out/dataset --optout requests.txt --output out/dataset-v2 --sources sample/dumps

"""
AUDIT_EXAMPLES = """\
examples:
  codecurate audit out/dataset --repo octo/geometry          # every file of the repository, in or out, why
  codecurate audit out/dataset --user octo                   # all of an owner's repositories
  codecurate audit out/dataset --file 'octo/geometry:src/*.py'
  codecurate audit out/dataset --content ~/my_module.py      # exact and near copies of a local file
  codecurate audit --history out/dataset out/dataset-v2 --repo octo/geometry
"""
UPDATE_EXAMPLES = """\
examples:
  codecurate update out/dataset snapshots/2026-12 --output out/dataset-v2
  codecurate update out/dataset-v2 gs://bucket/dumps-2027-01 --output gs://bucket/dataset-v3 --workers 2

DATASET must hold the stored update state (state/ in its manifest), which 'run' and 'update' write.
SIGINT/SIGTERM end the update (exit 130/143) and leave a dataset already in --output as it was.

"""
REPORT_EXAMPLES = """\
example:
  codecurate report out/dataset       # writes out/dataset/report.html
"""
DIFF_EXAMPLES = """\
examples:
  codecurate diff out/dataset out/dataset-v2
  codecurate diff out/dataset out/dataset-v2 --json > v1-v2.json
"""
