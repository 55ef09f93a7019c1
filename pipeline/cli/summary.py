"""The end-of-run summary table, printed from the manifest counts."""

from __future__ import annotations


def _mb(size: int) -> str:
    return f"{size / 1e6:,.2f} MB"


def summary_table(counts: dict) -> str:
    lines = [
        f"{'files in':<34}{counts['files_in']:>12,}  {_mb(counts['bytes_in']):>14}",
        f"{'kept':<34}{counts['kept']:>12,}  {_mb(counts['kept_bytes']):>14}",
        f"{'dropped':<34}{counts['dropped']:>12,}",
    ]
    for reason, count in sorted(counts["reasons"].items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"  {reason:<32}{count:>12,}")
    if counts["languages"]:
        lines.append("kept per language")
        ranked = sorted(counts["languages"].items(), key=lambda kv: (-kv[1]["bytes"], kv[0]))
        for language, value in ranked:
            lines.append(f"  {language:<32}{value['files']:>12,}  {_mb(value['bytes']):>14}")
    if counts["license_types"]:
        lines.append("kept per licence type")
        for license_type, count in sorted(counts["license_types"].items()):
            lines.append(f"  {license_type:<32}{count:>12,}")
    if counts.get("pii"):
        lines.append("PII redactions")
        for entity, count in sorted(counts["pii"].items()):
            lines.append(f"  {entity:<32}{count:>12,}")
    return "\n".join(lines)
