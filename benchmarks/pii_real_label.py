"""Make the candidates that the labels of the real-code PII benchmark were read from.

Three kinds of detector run over the corpus (`pii_corpus.py`):
  - ours: the pipeline's Redactor with the default config;
  - plain ones, written from the standards, not from our recognizers: an RFC 5322-style address
    pattern; dotted quads and IPv6 forms parsed by `ipaddress` and kept when `is_global`;
  - detect-secrets 1.5.0 (Yelp, Apache-2.0), installed by this script in its own venv under
    the benchmark cache's venvs//detect-secrets and run there (`pii_detect_secrets_worker.py`).
Overlapping spans of all detectors are merged into one candidate. Candidates found by ours and by an
independent detector with the same type are agreements; all others are disagreements. Every
disagreement and a random sample of agreements was read by hand (rules in `pii_real_labels.md`), and
`write-labels` turns those decisions into `pii_real_labels.tsv`: package, version, path, offset,
length, type (or NONE), sha256 of the value, and whether redacting it changes what a program does.
Values stay in the benchmark cache's pii_real/ (outside the repository) and are never committed.

    python benchmarks/pii_real_label.py candidates      # → the benchmark cache's pii_real//candidates.jsonl
    python benchmarks/pii_real_label.py candidates-from-finished-scan   # after an interrupted scan
    python benchmarks/pii_real_label.py enrich          # add values and lines, for reading
    python benchmarks/pii_real_label.py show TYPE agreement|disagreement [N]
    python benchmarks/pii_real_label.py write-labels    # decisions.json → benchmarks/pii_real_labels.tsv

The labels as committed came from an interrupted scan (`pii_real_secret_scope.tsv` lists the 111
packages detect-secrets finished); e-mail and IP labels cover all 335 packages.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pii_corpus import corpus  # noqa: E402

from pii.config import PiiConfig  # noqa: E402
from pii.redact import Redactor  # noqa: E402
from bench_paths import PII_WORK  # noqa: E402
from pii_truth_candidates import ensure_detect_secrets  # noqa: E402

WORK = PII_WORK
LABELS = HERE / "pii_real_labels.tsv"
SCOPE = HERE / "pii_real_secret_scope.tsv"  # packages whose secrets were labelled
_ADDRESS = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b"
)
_QUAD = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
_V6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
_DS_TYPES = {  # detect-secrets type → our entity ("SECRET" = either KEY or PASSWORD)
    "Private Key": "PRIVATE_KEY", "Secret Keyword": "SECRET", "Basic Auth Credentials": "PASSWORD",
    "Public IP (ipv4)": "IP_ADDRESS",
}


def plain_findings(text: str) -> list[tuple[str, int, int]]:
    found = [("EMAIL", m.start(), m.end()) for m in _ADDRESS.finditer(text)] if "@" in text else []
    for match in _QUAD.finditer(text):
        try:
            if ipaddress.IPv4Address(match.group()).is_global:
                found.append(("IP_ADDRESS", match.start(), match.end()))
        except ValueError:
            pass
    if "::" in text or text.count(":") > 6:
        for match in _V6.finditer(text):
            try:
                address = ipaddress.IPv6Address(match.group())
            except ValueError:
                continue
            if address.is_global and not address.ipv4_mapped:
                found.append(("IP_ADDRESS", match.start(), match.end()))
    return found


def detect_secrets_findings(
    files: list[Path], texts: list[str], workers: int, scan: bool
) -> tuple[dict[int, list[tuple[str, int, int]]], set[int]]:
    """detect-secrets over every file, in `workers` processes (it scans ~0.5 MB/s per process), or
    with `scan=False` only what earlier (interrupted) runs finished; returns findings and the
    indices of the files it scanned."""
    python = ensure_detect_secrets()
    worker = HERE / "pii_detect_secrets_worker.py"
    index = {str(path): i for i, path in enumerate(files)}
    outputs = [WORK / f"detect-secrets-{k}.jsonl" for k in range(workers)]
    done = {json.loads(line).get("done") for out in outputs if out.exists() for line in out.read_text().splitlines()}
    todo = [path for path in files if str(path) not in done]  # resume an interrupted scan
    processes = []
    for k, out in enumerate(outputs if scan else []):
        listing = WORK / f"detect-secrets-{k}.paths"
        listing.write_text("".join(f"{path}\n" for path in todo[k::workers]), encoding="utf-8")
        processes.append(subprocess.Popen([str(python), str(worker), str(listing), str(out)]))
    for process in processes:
        if process.wait() != 0:
            raise RuntimeError("detect-secrets worker failed")
    found: dict[int, list[tuple[str, int, int]]] = {}
    scanned: set[int] = set()
    for output in outputs:
        for line in output.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if "done" in item:
                scanned.add(index[item["done"]])
                continue
            i = index[item["path"]]
            found.setdefault(i, []).append(_locate(texts[i], item))
    return found, scanned


def _locate(text: str, item: dict) -> tuple[str, int, int]:
    """detect-secrets reports a line and the value; the value's offset is found on that line."""
    value = item["value"] or ""
    lines = text.splitlines(keepends=True)
    line_start = sum(len(x) for x in lines[: item["line"] - 1])
    line_text = lines[item["line"] - 1] if item["line"] - 1 < len(lines) else ""
    at = line_text.find(value) if value else -1
    start, end = (line_start + at, line_start + at + len(value)) if at >= 0 else (line_start, line_start + len(line_text))
    return _DS_TYPES.get(item["type"], "KEY"), start, end


def _merge(spans: list[tuple[str, str, int, int]]) -> list[dict]:
    """Overlapping (detector, type, start, end) → one candidate with every detector's view."""
    merged: list[dict] = []
    for detector, entity, start, end in sorted(spans, key=lambda s: (s[2], -s[3])):
        if merged and start < merged[-1]["end"]:
            merged[-1]["end"] = max(merged[-1]["end"], end)
            merged[-1]["views"].append([detector, entity, start, end])
        else:
            merged.append({"start": start, "end": end, "views": [[detector, entity, start, end]]})
    return merged


def candidates(workers: int = 4, scan: bool = True) -> None:
    """Write every candidate; secret candidates only in packages detect-secrets scanned whole (the
    secret scope, written to SCOPE: with `scan=False`, an interrupted scan defines it)."""
    redactor = Redactor(PiiConfig())
    files_dir = WORK / "files"
    files, texts, metas = [], [], []
    for n, item in enumerate(corpus()):
        path = files_dir / str(n) / (item.path.rsplit("/", 1)[-1] or "file")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(item.text, encoding="utf-8")
        files.append(path), texts.append(item.text), metas.append(item)
    secrets, scanned = detect_secrets_findings(files, texts, workers, scan)
    unscanned = {metas[i].package for i in range(len(files)) if i not in scanned}
    scope = sorted({(m.package, m.version) for m in metas if m.package not in unscanned})
    SCOPE.write_text("".join(f"{p}\t{v}\n" for p, v in scope), encoding="utf-8")
    with (WORK / "candidates.jsonl").open("w", encoding="utf-8") as out:
        for i, (item, text) in enumerate(zip(metas, texts)):
            in_scope = item.package not in unscanned
            spans = [("ours", s.entity, s.start, s.end) for s in redactor.find(text, item.language)
                     if in_scope or s.entity in ("EMAIL", "IP_ADDRESS")]
            spans += [("plain", *f) for f in plain_findings(text)]
            spans += [("detect-secrets", *f) for f in secrets.get(i, [])]
            for candidate in _merge(spans):
                candidate.update(package=item.package, version=item.version, path=item.path, language=item.language)
                out.write(json.dumps(candidate) + "\n")


def kind(candidate: dict) -> tuple[str, str]:
    """(agreement | disagreement, type) of a candidate: agreement when ours and an independent
    detector give it the same type (detect-secrets' keyword findings match KEY or PASSWORD)."""
    ours = {view[1] for view in candidate["views"] if view[0] == "ours"}
    theirs = {view[1] for view in candidate["views"] if view[0] != "ours"}
    theirs |= {"KEY", "PASSWORD"} if "SECRET" in theirs else set()
    agreed = ours & theirs
    if agreed:
        return "agreement", sorted(agreed)[0]
    return "disagreement", sorted(ours or theirs - {"SECRET"} or {"KEY"})[0]


def enrich() -> None:
    """Add the value and its line around it to every candidate (in the benchmark cache (bench_paths.py) only, for reading)."""
    path = WORK / "candidates.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    by_file: dict[tuple[str, str, str], list[dict]] = {}
    for row in rows:
        by_file.setdefault((row["package"], row["version"], row["path"]), []).append(row)
    for item in corpus():
        for row in by_file.get(item.key, []):
            text, start, end = item.text, row["start"], row["end"]
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            line_end = len(text) if line_end == -1 else line_end
            row["before"] = text[max(line_start, start - 160) : start]
            row["value"] = text[start:end]
            row["after"] = text[end : min(line_end, end + 100)]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))


def show() -> None:
    """Print candidates for reading: `show TYPE agreement|disagreement [SAMPLE]` (values on screen only)."""
    import random

    wanted_type, wanted_kind = sys.argv[2], sys.argv[3]
    rows = []
    for n, line in enumerate((WORK / "candidates.jsonl").read_text().splitlines()):
        candidate = json.loads(line)
        if kind(candidate) == (wanted_kind, wanted_type):
            rows.append((n, candidate))
    if len(sys.argv) > 4:
        rows = sorted(random.Random(13).sample(rows, min(int(sys.argv[4]), len(rows))))
    for n, candidate in rows:
        views = ",".join(f"{v[0][:2]}:{v[1][:3]}" for v in candidate["views"])
        value = candidate.get("value", "")[:120]
        context = f"{candidate.get('before', '')}【{value}】{candidate.get('after', '')}".replace("\n", "⏎")
        print(f"{n}\t{candidate['package']}\t{candidate['path'][-60:]}\t{views}\t{context}")


def write_labels() -> None:
    """decisions.json: {candidate line number[#secret]: [type, start, end, meaning]} → the committed TSV."""
    decisions = json.loads((WORK / "decisions.json").read_text())
    rows = ["package\tversion\tpath\toffset\tlength\ttype\tsha256\tchanges_meaning"]
    texts: dict[tuple[str, str, str], str] = {}
    wanted = [json.loads(line) for line in (WORK / "candidates.jsonl").read_text().splitlines()]
    decided = {int(key.split("#")[0]) for key in decisions}  # `N#secret`: a second label on candidate N
    keys = {(c["package"], c["version"], c["path"]) for n, c in enumerate(wanted) if n in decided}
    for item in corpus():
        if item.key in keys:
            texts[item.key] = item.text
    for key, (entity, start, end, meaning) in sorted(decisions.items(), key=lambda item: int(item[0].split("#")[0])):
        candidate = wanted[int(key.split("#")[0])]
        value = texts[(candidate["package"], candidate["version"], candidate["path"])][start:end]
        rows.append("\t".join([candidate["package"], candidate["version"], candidate["path"], str(start),
                               str(end - start), entity, hashlib.sha256(value.encode()).hexdigest(), str(int(meaning))]))
    LABELS.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(len(rows) - 1, "labels")


if __name__ == "__main__":
    commands = {"candidates": candidates, "candidates-from-finished-scan": lambda: candidates(scan=False),
                "write-labels": write_labels, "show": show, "enrich": enrich}
    commands[sys.argv[1]]()
