"""Licence detection and policy settings (DESIGN §4 licenses)."""

from typing import Literal

from pydantic import Field

from pipeline.config_base import Section

LicenseType = Literal["permissive", "no_license", "non_permissive"]


class LicensesConfig(Section):
    enabled: bool = True
    allow: list[str] = Field(default_factory=list, description="SPDX ids always treated as permissive.")
    deny: list[str] = Field(default_factory=list, description="SPDX ids always treated as non-permissive.")


class PolicyConfig(Section):
    enabled: bool = True
    keep: list[LicenseType] = Field(default_factory=lambda: ["permissive"], description="Licence types kept in the dataset.")
