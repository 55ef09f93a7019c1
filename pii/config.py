"""PII redaction settings (docs/ARCHITECTURE.md §6, pii/DECISIONS.md)."""

from typing import Literal

from pydantic import Field, field_validator

from pii.entities import ALL_ENTITIES
from core.config_base import Section


class PiiConfig(Section):
    enabled: bool = Field(True, description="Run this stage.")
    entities: dict[str, bool] = Field(
        default_factory=lambda: {"EMAIL": True, "IP_ADDRESS": True, "KEY": True, "PASSWORD": True, "PRIVATE_KEY": True},
        description="Entity types to redact.",
    )
    replacements: dict[str, str] = Field(
        default_factory=lambda: {
            "EMAIL": "<EMAIL>",
            "IP_ADDRESS": "<IP_ADDRESS>",
            "KEY": "<KEY>",
            "PASSWORD": "<PASSWORD>",
            "PRIVATE_KEY": "<PRIVATE_KEY>",
        },
        description="Replacement text per entity type.",
    )
    max_redacted_fraction: float = Field(
        0.3, gt=0, le=1, description="Drop a file (pii:too_many) when more than this share of it would be redacted."
    )
    ip_replacement: Literal["tag", "private"] = Field(
        "private",
        description="`private`: replace each public IP address with a private address of the same length and "
        "family, stable per original (no string changes length, code that parses it still runs; chosen on real "
        "code, see benchmarks/README.md); `tag`: with replacements['IP_ADDRESS'].",
    )

    email_replacement: Literal["tag", "reserved"] = Field(
        "reserved",
        description="`reserved`: replace each e-mail address with `redactedN@example.com` (RFC 2606 reserved domain; N "
        "counts distinct addresses per file, so one address keeps one stand-in within a file and nothing of the "
        "original is kept; validators and URL code still see an address, see pii/DECISIONS.md); `tag`: with "
        "replacements['EMAIL'].",
    )

    @field_validator("entities", "replacements")
    @classmethod
    def _known_entity_types(cls, value: dict[str, object]) -> dict[str, object]:
        unknown = sorted(set(value) - set(ALL_ENTITIES))
        if unknown:
            raise ValueError(f"unknown PII entity types {unknown}; known: {list(ALL_ENTITIES)}")
        return value
