"""Redact one file: analyze with the code-aware Presidio engine, then replace in a single pass.

Overlapping findings (a password inside a connection string that is also a URL, an e-mail inside a
PEM block) are merged into one span labelled with the highest-priority type (`entities.PRIORITY`),
so no part of either value survives and the result does not depend on recognizer order. Nothing
here logs or raises with a matched value: callers get counts and a fraction, never the values.
"""

from dataclasses import dataclass

from presidio_analyzer import RecognizerResult

from pii.config import PiiConfig
from pii.engine import build_analyzer
from pii.email_stand_in import EmailStandIns
from pii.entities import ALL_ENTITIES, EMAIL, IP_ADDRESS, PRIORITY
from pii.ip_stand_in import private_ip_stand_in
from pii.recognizer_base import ANALYZER_LANGUAGE, CodeArtifacts

@dataclass(frozen=True)
class RedactionResult:
    text: str  # redacted text
    counts: dict[str, int]  # per entity type, only non-zero entries
    redacted_fraction: float  # share of the original characters that were replaced


@dataclass(frozen=True)
class Span:
    entity: str
    start: int
    end: int


def merge_overlaps(results: list[RecognizerResult]) -> list[Span]:
    """Sorted, disjoint spans; overlapping findings become one span of the highest-priority type."""
    merged: list[Span] = []
    for result in sorted(results, key=lambda r: (r.start, -r.end, PRIORITY[r.entity_type])):
        if merged and result.start < merged[-1].end:
            last = merged[-1]
            entity = min(last.entity, result.entity_type, key=PRIORITY.__getitem__)
            merged[-1] = Span(entity, last.start, max(last.end, result.end))
        else:
            merged.append(Span(result.entity_type, result.start, result.end))
    return merged


class Redactor:
    """Built once per worker (DoFn.setup); `redact` is called per file."""

    def __init__(self, config: PiiConfig) -> None:
        self._entities = [entity for entity in ALL_ENTITIES if config.entities.get(entity, True)]
        self._replacements = {entity: config.replacements.get(entity, f"<{entity}>") for entity in ALL_ENTITIES}
        self._private_ips = config.ip_replacement == "private"
        self._reserved_emails = config.email_replacement == "reserved"
        self.analyzer = build_analyzer(self._entities)

    def find(self, text: str, language: str | None = None, path: str | None = None) -> list[Span]:
        """The disjoint spans `redact` would replace (offsets and types only, for audits and benchmarks)."""
        if not text or not self._entities:
            return []
        results = self.analyzer.analyze(
            text, language=ANALYZER_LANGUAGE, entities=self._entities, nlp_artifacts=CodeArtifacts(language, path)
        )
        return merge_overlaps(results)

    def redact(self, text: str, language: str | None = None, path: str | None = None) -> RedactionResult:
        spans = self.find(text, language, path)
        if not spans:
            return RedactionResult(text, {}, 0.0)
        pieces: list[str] = []
        counts: dict[str, int] = {}
        position = redacted = 0
        emails = EmailStandIns(text) if self._reserved_emails else None
        for span in spans:
            pieces.append(text[position : span.start])
            if emails is not None and span.entity == EMAIL:
                pieces.append(emails.stand_in(text[span.start : span.end]))
            else:
                pieces.append(self._replacement(span, text))
            counts[span.entity] = counts.get(span.entity, 0) + 1
            redacted += span.end - span.start
            position = span.end
        pieces.append(text[position:])
        return RedactionResult("".join(pieces), counts, redacted / len(text))

    def _replacement(self, span: Span, text: str) -> str:
        if self._private_ips and span.entity == IP_ADDRESS:
            original = text[span.start : span.end]
            if text.startswith(".in-addr.arpa", span.end):
                # A reverse-DNS name holds the address backwards: its stand-in is the forward
                # stand-in backwards, so `ptr("a.b.c.d") == "d.c.b.a.in-addr.arpa"` stays true.
                forward = ".".join(reversed(original.split(".")))
                return ".".join(reversed(private_ip_stand_in(forward).split(".")))
            return private_ip_stand_in(original)
        return self._replacements[span.entity]
