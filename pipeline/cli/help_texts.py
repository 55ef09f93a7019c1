"""What `codecurate COMMAND --help` says about each command and argument, with examples: enough
to use a command without the README.  Shared by the commands that take the same kind of argument."""

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
  codecurate update out/dataset snapshots/2026-12 --output out/dataset-v2 --optout requests.txt
      # requests.txt: the opt-outs that arrived since out/dataset, one per line (format below):
      #   octo/geometry
      #   alice
      #   bob/tools:vendor/*.js

DATASET must hold the stored update state (state/ in its manifest), which 'run' and 'update' write.
With --optout, the new version honours DATASET's opt-outs and the new list (an unchanged repository
the list covers is read again) and stores both for its own next update.
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

# What each command does (its --help description; wrapped to 88 columns by `parser.py`).
RUN_DESCRIPTION = ("Build a dataset from repository dumps: ingest, licences, opt-out, filters, dedup, PII redaction, "
                   "then publish Parquet + provenance + manifest. Arguments not listed here go to Beam.")
VERIFY_DESCRIPTION = ("Check every published byte against the manifest (checksums, schema, counts, card globs, config "
                      "hash) and, with --optout, that no listed file is published. Exit 1 with the problems found; "
                      "leftovers of an interrupted publish are named apart.")
OPTOUT_DESCRIPTION = ("Make the next version of DATASET with an opt-out list applied, rewriting only the shards whose "
                      "rows change. What DATASET already removed stays removed.")
UPDATE_DESCRIPTION = ("Make the next version of DATASET from a new snapshot of the repositories, with DATASET's config "
                      "and every opt-out it honours. Repositories absent from the snapshot leave; new repositories and "
                      "new commits enter; unchanged dumps are not read. Dedup runs over the new files and DATASET's "
                      "stored state; only shards whose rows change are rewritten. Arguments not listed here go to "
                      "Beam.")
AUDIT_DESCRIPTION = ("Which files of a repository, owner, path or content the dataset holds or dropped, with the "
                     "reason, licence and evidence (from provenance). A name the dataset never held is said so, with "
                     "close names.")
DIFF_DESCRIPTION = ("Compare two dataset versions by their provenance: files and repositories added, removed (left "
                    "the snapshot, opted out, or dropped by a stage), changed and promoted (a dropped duplicate that "
                    "became the published copy), with counts by reason and licence.")
REPORT_DESCRIPTION = ("Write a self-contained report.html (charts of what was kept, dropped and why, and what changed "
                      "since the parent version) into the dataset directory.")
