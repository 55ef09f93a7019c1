"""The opt-out copy rule where files are read (`pipeline/optout/copies.py`), without Beam: what
dedup is told about each file once the steps before it ran."""

from __future__ import annotations

import hashlib

from dedup.summaries import ALIVE, COPY_SOURCE, FILTERED, GHOST
from pipeline.config import load_config, parse_config
from pipeline.optout.copies import DedupFlags
from pipeline.optout.entries import parse_optout
from pipeline.records import FileRecord
from pipeline.stages import RunContext, per_file_steps
from pipeline.steps import StepRunner

MODULE = "".join(f"def handler_{n}(event, size={n}):\n    return event.scale(size) + {n * 7}\n" for n in range(40))


def record(repo: str, path: str, content: str) -> FileRecord:
    data = content.encode()
    return FileRecord(id=hashlib.sha256(f"{repo}:{path}".encode()).hexdigest()[:32], repo_name=repo, path=path,
                      commit="c0ffee", content=content, size=len(data), content_sha256=hashlib.sha256(data).hexdigest(),
                      language="Python", license=["MIT"], license_expression="MIT", license_type="permissive")


def flags_of(copies: str, optout_text: str, records: list[FileRecord]) -> list[tuple[int, FileRecord | None]]:
    resolved = load_config("default").resolved()
    resolved["optout"]["copies"] = copies
    config = parse_config(resolved)
    run = RunContext(config, parse_optout(optout_text))
    runner = StepRunner(per_file_steps(run, after_grouping=False))
    runner.setup()
    decide = DedupFlags(runner, config.optout, bool(run.optout))
    found = []
    for item in records:
        content = item.content
        found.append(decide.of(item, content, runner.run(item)))
    return found


def test_each_file_gets_the_role_the_copy_rule_gives_it() -> None:
    kept = record("octo/app", "src/app.py", MODULE)
    opted = record("leaver/lib", "src/lib.py", MODULE + "# leaver\n")
    tiny = record("leaver/lib", "src/tiny.py", "x = 1\n")  # boilerplate-sized: takes no copies along
    licence = record("leaver/lib", "LICENSE", "MIT License\n" + "Permission is hereby granted. " * 40)
    long_line = record("octo/app", "src/data.py", "X = '" + "a" * 5000 + "'\n")  # a filter drops it
    found = flags_of("exact", "leaver\n", [kept, opted, tiny, licence, long_line])
    assert [flags for flags, _ in found] == [ALIVE, COPY_SOURCE, 0, 0, FILTERED]
    assert all(ghost is None for _, ghost in found)
    assert opted.reason == "optout:user" and opted.content == ""


def test_near_copies_make_an_opted_out_file_a_ghost_with_its_content() -> None:
    opted = record("leaver/lib", "src/lib.py", MODULE)
    (flags, ghost), = flags_of("near", "leaver\n", [opted])
    assert flags == COPY_SOURCE | GHOST
    assert ghost is not None and ghost.content == MODULE and ghost.reason is None
    assert opted.content == "" and opted.reason == "optout:user"  # the record itself stays dropped


def test_without_a_list_nothing_is_a_copy_source() -> None:
    found = flags_of("exact", "", [record("octo/app", "src/app.py", MODULE),
                                   record("octo/app", "src/data.py", "X = '" + "a" * 5000 + "'\n")])
    assert [flags for flags, _ in found] == [ALIVE, FILTERED]
