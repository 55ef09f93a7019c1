"""PII quality and speed: per-type precision / recall / F1 on the planted set, look-alikes kept,
redactions per MB of real unmodified code, and MB/s per core against a plain Presidio loop.

Run `pii_generate.py` first (same `--out`). Precision ignores findings that the unmodified original
file already produced (they are real code, counted in the "unmodified code" table instead, where
most e-mails are genuine author addresses: an upper bound on false redactions). Speed is CPU time
of this single process, so it reads as MB/s per core whatever else the machine is doing.

    python benchmarks/pii_quality.py --out benchmarks/.out/pii
"""

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pii.config import PiiConfig  # noqa: E402
from pii.entities import ALL_ENTITIES  # noqa: E402
from pii.redact import Redactor, Span  # noqa: E402


def _map_offset(offset: int, insertions: list[list[int]]) -> int:
    return offset + sum(length for position, length in insertions if position <= offset)


def _overlaps(span: Span, label: dict) -> bool:
    return span.start < label["end"] and label["start"] < span.end


def evaluate(out: Path, redactor: Redactor) -> tuple[Counter, Counter, Counter, Counter, Counter]:
    planted, found, true_pos, false_pos, lookalike_hits = Counter(), Counter(), Counter(), Counter(), Counter()
    for line in (out / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        labels = json.loads(line)
        text = (out / "files" / labels["file"]).read_text(encoding="utf-8")
        original = (out / "original" / labels["file"]).read_text(encoding="utf-8")
        language = labels["language"]
        spans = redactor.find(text, language)
        existing = {
            (s.entity, _map_offset(s.start, labels["insertions"]), _map_offset(s.end - 1, labels["insertions"]) + 1)
            for s in redactor.find(original, language)
        }
        for label in labels["planted"]:
            planted[label["kind"]] += 1
            if any(s.entity == label["kind"] and s.start <= label["start"] and s.end >= label["end"] for s in spans):
                found[label["kind"]] += 1
        for span in spans:
            if any(_overlaps(span, label) and label["kind"] == span.entity for label in labels["planted"]):
                true_pos[span.entity] += 1
            elif (span.entity, span.start, span.end) not in existing:
                false_pos[span.entity] += 1
                for label in labels["lookalikes"]:
                    if _overlaps(span, label):
                        lookalike_hits[label["kind"]] += 1
    return planted, found, true_pos, false_pos, lookalike_hits


def unmodified(out: Path, redactor: Redactor) -> tuple[Counter, float, list[tuple[str, str | None]]]:
    counts: Counter = Counter()
    texts = []
    for line in (out / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        labels = json.loads(line)
        texts.append(((out / "original" / labels["file"]).read_text(encoding="utf-8"), labels["language"]))
    for text, language in texts:
        counts.update(redactor.redact(text, language).counts)
    megabytes = sum(len(text.encode()) for text, _ in texts) / 1e6
    return counts, megabytes, texts


def stock_presidio_loop(texts: list[tuple[str, str | None]]) -> float:
    """CPU seconds of Presidio with only its stock e-mail and IPv4 recognizers, called in a loop."""
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine
    from presidio_analyzer.predefined_recognizers import EmailRecognizer, IpRecognizer

    ipv4 = [p for p in IpRecognizer.PATTERNS if p.name == "IPv4"]
    registry = RecognizerRegistry(recognizers=[EmailRecognizer(), IpRecognizer(patterns=ipv4)])
    engine = AnalyzerEngine(registry=registry, nlp_engine=NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}]))
    start = time.process_time()
    for text, _ in texts:
        engine.analyze(text, language="en")
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/.out/pii")
    args = parser.parse_args()
    redactor = Redactor(PiiConfig())

    planted, found, true_pos, false_pos, lookalike_hits = evaluate(args.out, redactor)
    print(f"{'entity':12s} {'planted':>7s} {'recall':>7s} {'precision':>9s} {'F1':>6s} {'FP':>4s}")
    for entity in ALL_ENTITIES:
        recall = found[entity] / planted[entity] if planted[entity] else float("nan")
        predicted = true_pos[entity] + false_pos[entity]
        precision = true_pos[entity] / predicted if predicted else float("nan")
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{entity:12s} {planted[entity]:7d} {recall:7.3f} {precision:9.3f} {f1:6.3f} {false_pos[entity]:4d}")
    print("look-alikes redacted (should be 0):", dict(lookalike_hits) or 0)

    counts, megabytes, texts = unmodified(args.out, redactor)
    print(f"\nunmodified real code: {len(texts)} files, {megabytes:.2f} MB; redactions per MB (upper bound on false):")
    print("  " + ", ".join(f"{entity} {counts[entity] / megabytes:.2f}" for entity in ALL_ENTITIES))

    start = time.process_time()
    for text, language in texts:
        redactor.redact(text, language)
    ours = time.process_time() - start
    stock = stock_presidio_loop(texts)
    print(f"\nspeed (CPU, one core): Redactor {megabytes / ours:.1f} MB/s; "
          f"plain Presidio stock e-mail+IPv4 loop {megabytes / stock:.1f} MB/s")


if __name__ == "__main__":
    main()
