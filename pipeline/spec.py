"""What one `codecurate run` is asked to do: the graph, the finalize step and the CLI share it."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.config import Config
from pipeline.optout.entries import OptoutList
from pipeline.records import RepoSource
from pipeline.stages import RunContext


@dataclass(frozen=True)
class RunSpec:
    sources: list[RepoSource]
    source_names: list[str]
    config: Config
    optout: OptoutList
    output: str
    progress: bool = True
    skipped: tuple[str, ...] = ()
    """Files in input folders that are not dumps (recorded in the manifest)."""

    @property
    def context(self) -> RunContext:
        return RunContext(self.config, self.optout)
