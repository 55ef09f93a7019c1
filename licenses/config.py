"""Licence detection and policy settings (docs/ARCHITECTURE.md §7)."""

from typing import Literal

from pydantic import Field

from core.config_base import Section

LicenseType = Literal["permissive", "declared_only", "no_license", "non_permissive"]
Choice = Literal["any_allowed", "all_allowed"]
ManifestTrust = Literal["with_text", "alone"]


class LicensesConfig(Section):
    enabled: bool = Field(True, description="Run this stage.")
    allow: list[str] = Field(default_factory=list, description="SPDX ids always treated as permissive.")
    deny: list[str] = Field(default_factory=list, description="SPDX ids always treated as non-permissive.")
    choose: Choice = Field(
        "any_allowed",
        description="How an OR of licences (`MIT OR GPL-2.0-only`) is judged: `any_allowed` when one alternative is "
        "permissive (the user may pick it), `all_allowed` only when every alternative is.",
    )
    manifests: ManifestTrust = Field(
        "with_text",
        description="When a package manifest's licence field (package.json `license`, pyproject, setup.py, Cargo.toml "
        "…) counts: `with_text` only beside licence text that applies to the file (a licence file, NOTICE or README "
        "statement in its folder or above, a per-path declaration, its own header); a permissive licence that manifests "
        "alone declare gives `declared_only`, since the licence text and copyright notice such licences require to "
        "travel with copies are not there. `alone` trusts the declaration: such files are `permissive` "
        "(licenses/DECISIONS.md).",
    )
    coverage_threshold: float = Field(
        75.0, ge=1.0, le=100.0,
        description="Percent of a licence file that recognised licence text must cover to be read as that licence "
        "alone; below it the unread rest is recorded as an unknown licence.",
    )
    max_license_chars: int = Field(65_536, ge=1_024, description="Characters of a licence file, README or manifest classified.")
    header_lines: int = Field(50, ge=1, description="Leading lines of each file searched for SPDX tags and licence headers.")
    header_chars: int = Field(8_192, ge=256, description="Leading characters of each file searched for licence headers.")


class PolicyConfig(Section):
    enabled: bool = Field(True, description="Run this stage.")
    keep: list[LicenseType] = Field(default_factory=lambda: ["permissive"], description="Licence types kept in the dataset.")
