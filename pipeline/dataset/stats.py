"""Counts per stage, reason, language, licence and PII type, combined from provenance rows.

A CombineFn so that the counts are computed where the rows are, and only the small totals
travel to the finalize step; the same numbers feed the manifest, the card and the summary table.
"""

from __future__ import annotations

import hashlib

import apache_beam as beam

_MOD = 2**256


def _bump(table: dict, key, by: int = 1) -> None:
    table[key] = table.get(key, 0) + by


def empty_stats() -> dict:
    return {"files_in": 0, "bytes_in": 0, "kept": 0, "kept_bytes": 0, "dropped": 0, "reasons": {},
            "stages": {}, "languages": {}, "license_types": {}, "licenses": {}, "pii": {},
            "fingerprint": 0}


class DatasetStats(beam.CombineFn):
    def create_accumulator(self) -> dict:
        return empty_stats()

    def add_input(self, acc: dict, row: dict) -> dict:
        acc["files_in"] += 1
        acc["bytes_in"] += row["size"] or 0
        identity = f'{row["id"]}:{row["content_sha256"]}'.encode()
        acc["fingerprint"] = (acc["fingerprint"] + int(hashlib.sha256(identity).hexdigest(), 16)) % _MOD
        if row["status"] == "kept":
            acc["kept"] += 1
            acc["kept_bytes"] += row["size"] or 0
            language = acc["languages"].setdefault(row["language"] or "unknown", [0, 0])
            language[0] += 1
            language[1] += row["size"] or 0
            _bump(acc["license_types"], row["license_type"])
            for spdx in row["license"] or ["(none)"]:
                _bump(acc["licenses"], spdx)
            for entity, count in row["pii"] or []:
                _bump(acc["pii"], entity, count)
        else:
            acc["dropped"] += 1
            _bump(acc["reasons"], row["reason"])
            _bump(acc["stages"], row["reason"].split(":", 1)[0])
        return acc

    def merge_accumulators(self, accumulators) -> dict:
        merged = empty_stats()
        for acc in accumulators:
            for key in ("files_in", "bytes_in", "kept", "kept_bytes", "dropped"):
                merged[key] += acc[key]
            merged["fingerprint"] = (merged["fingerprint"] + acc["fingerprint"]) % _MOD
            for key in ("reasons", "stages", "license_types", "licenses", "pii"):
                for name, count in acc[key].items():
                    _bump(merged[key], name, count)
            for name, (files, size) in acc["languages"].items():
                language = merged["languages"].setdefault(name, [0, 0])
                language[0] += files
                language[1] += size
        return merged

    def extract_output(self, acc: dict) -> dict:
        result = dict(acc)
        result["fingerprint"] = f'{acc["fingerprint"]:064x}'
        result["languages"] = {name: {"files": f, "bytes": b} for name, (f, b) in sorted(acc["languages"].items())}
        for key in ("reasons", "stages", "license_types", "licenses", "pii"):
            result[key] = dict(sorted(result[key].items()))
        return result
