"""PII on real code: precision, recall, redactions per MB and meaning-changing redactions per type,
on hand-labelled real packages; the IP replacement styles compared; speed against plain Presidio.

Data: the pinned PyPI sdists and npm tarballs of `pii_real_packages.tsv` (chosen for density of
personal data and secrets), downloaded at run time by `pii_registry.py` (sha256 checked, no package
code run), every UTF-8 text file ≤ 1 MB. Labels: `pii_real_labels.tsv`, made by reading candidates
from our recognizers, a plain RFC 5322-style address pattern, `ipaddress` parsing and detect-secrets
(`pii_real_label.py`, rules in `pii_real_labels.md`). A finding counts as correct when it overlaps a
label of its type; a finding no label covers (the recognizers changed after labelling) is counted
as wrong and reported. Recall is over labelled positives: addresses or secrets that no detector
found are not in it.

Speed is CPU time of this one process (MB/s per core), the Redactor against two plain Presidio loops
over the same files: Presidio's AnalyzerEngine + AnonymizerEngine with our recognizers (the same
recognizers' work, with Presidio's own result handling and anonymizer instead of ours), and stock
Presidio (its EmailRecognizer and IpRecognizer, what a plain Presidio user would run).

    python benchmarks/pii_real.py [--skip-speed]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from pii_corpus import CorpusFile, corpus  # noqa: E402

from pii.config import PiiConfig  # noqa: E402
from pii.entities import ALL_ENTITIES, IP_ADDRESS  # noqa: E402
from pii.redact import Redactor, Span  # noqa: E402

LABELS = HERE / "pii_real_labels.tsv"
SCOPE = HERE / "pii_real_secret_scope.tsv"  # packages whose secrets were labelled (see pii_real_labels.md)
SECRET_TYPES = ("KEY", "PASSWORD", "PRIVATE_KEY")
Label = tuple[int, int, str, str, bool]  # start, end, type, sha256, changes meaning


def load_labels() -> dict[tuple[str, str, str], list[Label]]:
    labels: dict[tuple[str, str, str], list[Label]] = {}
    for row in LABELS.read_text(encoding="utf-8").splitlines()[1:]:
        package, version, path, offset, length, entity, digest, meaning = row.split("\t")
        start = int(offset)
        labels.setdefault((package, version, path), []).append((start, start + int(length), entity, digest, meaning == "1"))
    return labels


def _overlaps(span: Span, label: Label) -> bool:
    return span.start < label[1] and label[0] < span.end


def score(files: list[CorpusFile], redactor: Redactor, labels: dict) -> None:
    positives, found, predicted, correct, unlabelled, meaning = (Counter() for _ in range(6))
    bad_hashes = 0
    scope = {tuple(line.split("\t")) for line in SCOPE.read_text(encoding="utf-8").splitlines() if line}
    secret_megabytes = 0.0
    for item in files:
        in_scope = (item.package, item.version) in scope
        secret_megabytes += len(item.text.encode()) / 1e6 if in_scope else 0
        spans = [s for s in redactor.find(item.text, item.language, item.path)
                 if in_scope or s.entity not in SECRET_TYPES]
        file_labels = labels.get(item.key, [])
        for start, end, entity, digest, changes_meaning in file_labels:
            bad_hashes += hashlib.sha256(item.text[start:end].encode()).hexdigest() != digest
            if entity in ALL_ENTITIES:
                hit = any(s.entity == entity and s.start < end and start < s.end for s in spans)
                positives[entity] += 1
                found[entity] += hit
                if entity == IP_ADDRESS and not changes_meaning:
                    positives["IP_KEEPS"] += 1
                    found["IP_KEEPS"] += hit
        for span in spans:
            predicted[span.entity] += 1
            hits = [label for label in file_labels if _overlaps(span, label)]
            correct[span.entity] += any(label[2] == span.entity for label in hits)
            unlabelled[span.entity] += not hits
            meaning[span.entity] += any(label[4] for label in hits)
    megabytes = sum(len(item.text.encode()) for item in files) / 1e6
    print(f"real code: {len({f.package for f in files})} packages, {len(files)} files, {megabytes:.1f} MB; "
          f"{sum(map(len, labels.values()))} labels ({bad_hashes} whose value hash no longer matches)")
    print(f"{'type':12s} {'labelled':>8s} {'recall':>7s} {'found':>6s} {'precision':>9s} {'per MB':>7s} "
          f"{'unlabelled':>10s} {'changes meaning':>15s}")
    for entity in ALL_ENTITIES:
        recall = found[entity] / positives[entity] if positives[entity] else float("nan")
        precision = correct[entity] / predicted[entity] if predicted[entity] else float("nan")
        size = secret_megabytes if entity in SECRET_TYPES else megabytes
        print(f"{entity:12s} {positives[entity]:8d} {recall:7.3f} {predicted[entity]:6d} {precision:9.3f} "
              f"{predicted[entity] / size:7.2f} {unlabelled[entity]:10d} {meaning[entity]:15d}")
    print(f"(KEY, PASSWORD, PRIVATE_KEY over the {len(scope)} packages of the secret scope, {secret_megabytes:.1f} MB; "
          f"IP recall counting only values whose redaction keeps the program's meaning: "
          f"{found['IP_KEEPS'] / positives['IP_KEEPS'] if positives['IP_KEEPS'] else float('nan'):.3f})")


def _parses(text: str, language: str | None) -> bool | None:
    """Whether the text still parses in its language (None: no parser here for it)."""
    try:
        if language == "Python":
            compile(text, "<file>", "exec", dont_inherit=True)
        elif language == "JSON":
            json.loads(text)
        elif language == "TOML":
            tomllib.loads(text)
        else:
            return None
    except (SyntaxError, ValueError, tomllib.TOMLDecodeError):
        return False
    return True


def ip_replacement_styles(files: list[CorpusFile]) -> None:
    """Per style: files with IP redactions that still parse, and redactions that change a length."""
    print("\nIP replacement styles, over files where IP addresses were redacted:")
    for style in ("tag", "private"):
        redactor = Redactor(PiiConfig(entities={e: e == IP_ADDRESS for e in ALL_ENTITIES}, ip_replacement=style))
        files_with, parsed_before, parse_after, redactions, length_changed = 0, 0, 0, 0, 0
        for item in files:
            spans = redactor.find(item.text, item.language, item.path)
            if not spans:
                continue
            files_with += 1
            result = redactor.redact(item.text, item.language, item.path)
            redactions += len(spans)
            length_changed += sum(
                1 for s in spans if len(redactor._replacement(s, item.text)) != s.end - s.start  # noqa: SLF001
            )
            if _parses(item.text, item.language):
                parsed_before += 1
                parse_after += bool(_parses(result.text, item.language))
        print(f"  {style:8s} files {files_with}, parseable before {parsed_before}, still parse {parse_after}; "
              f"redactions {redactions}, changing the text's length {length_changed}")


def _stock_presidio():  # type: ignore[no-untyped-def]
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine
    from presidio_analyzer.predefined_recognizers import EmailRecognizer, IpRecognizer

    registry = RecognizerRegistry(recognizers=[EmailRecognizer(), IpRecognizer()])
    return AnalyzerEngine(registry=registry, nlp_engine=NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}]))


def speed(files: list[CorpusFile]) -> None:
    from presidio_anonymizer import AnonymizerEngine

    from pii.recognizer_base import ANALYZER_LANGUAGE, CodeArtifacts

    megabytes = sum(len(item.text.encode()) for item in files) / 1e6
    redactor = Redactor(PiiConfig())
    start = time.process_time()
    for item in files:
        redactor.redact(item.text, item.language, item.path)
    ours = time.process_time() - start

    analyzer, anonymizer = Redactor(PiiConfig()).analyzer, AnonymizerEngine()
    start = time.process_time()
    for item in files:
        results = analyzer.analyze(item.text, language=ANALYZER_LANGUAGE,
                                   nlp_artifacts=CodeArtifacts(item.language, item.path))
        anonymizer.anonymize(item.text, results)
    plain = time.process_time() - start

    stock = _stock_presidio()
    start = time.process_time()
    for item in files:
        anonymizer.anonymize(item.text, stock.analyze(item.text, language="en"))
    stock_seconds = time.process_time() - start
    print(f"\nspeed over {megabytes:.1f} MB (CPU time, one core): Redactor {megabytes / ours:.1f} MB/s; "
          f"plain Presidio analyze+anonymize loop, same recognizers {megabytes / plain:.1f} MB/s; "
          f"stock Presidio e-mail+IP recognizers {megabytes / stock_seconds:.1f} MB/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args()
    files = list(corpus())
    score(files, Redactor(PiiConfig()), load_labels())
    ip_replacement_styles(files)
    if not args.skip_speed:
        speed(files)


if __name__ == "__main__":
    main()
