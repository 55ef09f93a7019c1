"""The `optout:` config section (how far an opt-out reaches beyond the listed files)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pipeline.config_base import Section


class OptoutConfig(Section):
    copies: Literal["exact", "near", "none"] = Field(
        "exact", description="Also remove copies of opted-out files in other repositories."
    )
    copy_min_bytes: int = Field(
        256, ge=0,
        description="Opted-out files smaller than this remove no copies: an empty __init__.py or a one-line "
                    "stub is everybody's, not the requester's.",
    )
    copy_skip_license_files: bool = Field(
        True,
        description="Licence and notice files (LICENSE, COPYING, NOTICE …) of an opted-out repository remove "
                    "no copies: the same MIT text sits in thousands of other repositories.",
    )
