"""Licence detection accuracy and throughput over every template licenseclassifier ships.

For each template (rendered as plain text by `licenses.template_texts`):
  1. as a repository's LICENSE file: a fresh RepoLicenseScanner observes it, then decides a source
     file with no header;
  2. as the comment header of a source file in a repository with no other evidence.
Reports top-1 SPDX accuracy (the decision's ids are exactly the template's canonical id), the
confusion list, and the false-permissive count (a text whose licence is not permissive under the
default policy, decided permissive): the product's worst error, which must be 0. Then throughput
in repositories/s for a small repository (LICENSE, README, package.json, 20 source files).

Run: .venv/bin/python benchmarks/license_accuracy.py [--show N]
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from licenses.config import LicensesConfig  # noqa: E402
from licenses.policy import PERMISSIVE, LicensePolicy  # noqa: E402
from licenses.repo_licenses import LicenseDecision, RepoLicenseScanner  # noqa: E402
from licenses.spdx import canonical_id  # noqa: E402
from licenses.template_texts import Template, templates  # noqa: E402

COPYRIGHT = "Copyright (c) 2024 Example Author\n\n"
CODE = "int main(void) {\n    return 0;\n}\n"


def as_license_file(config: LicensesConfig, template: Template) -> LicenseDecision:
    scanner = RepoLicenseScanner(config)
    scanner.observe("LICENSE", COPYRIGHT + template.text)
    return scanner.decide("src/main.c", CODE)


def as_header(config: LicensesConfig, template: Template) -> LicenseDecision:
    body = "\n".join(f" * {line}".rstrip() for line in (COPYRIGHT + template.text).splitlines())
    return RepoLicenseScanner(config).decide("src/main.c", f"/*\n{body}\n */\n\n{CODE}")


def evaluate(name: str, decide, config: LicensesConfig, show: int, header_mode: bool) -> None:  # type: ignore[no-untyped-def]
    policy = LicensePolicy(config)
    correct = 0
    fitting = fitting_correct = 0
    confusion: collections.Counter[tuple[str, str]] = collections.Counter()
    false_permissive: list[tuple[str, LicenseDecision]] = []
    false_non_permissive = 0
    types: collections.Counter[str] = collections.Counter()
    started = time.perf_counter()
    items = templates()
    for template in items:
        expected = canonical_id(template.spdx_id) or template.spdx_id
        decision = decide(config, template)
        types[decision.license_type] += 1
        fits = len(template.text.splitlines()) + 4 <= config.header_lines and len(template.text) + 200 <= config.header_chars
        fitting += fits
        if decision.license == [expected]:
            correct += 1
            fitting_correct += fits
        else:
            confusion[(expected, ",".join(decision.license) or "-")] += 1
        expected_permissive = policy.is_permissive(expected)
        if decision.license_type == PERMISSIVE and not expected_permissive:
            false_permissive.append((expected, decision))
        if expected_permissive and decision.license_type != PERMISSIVE:
            false_non_permissive += 1
    elapsed = time.perf_counter() - started
    print(f"== {name}: {len(items)} templates, {elapsed:.1f}s")
    print(f"top-1 SPDX accuracy: {correct}/{len(items)} = {100 * correct / len(items):.1f}%")
    if header_mode:
        print(f"  on texts within the header limits ({config.header_lines} lines / {config.header_chars} chars): "
              f"{fitting_correct}/{fitting} = {100 * fitting_correct / fitting:.1f}%")
    print(f"license_type: {dict(sorted(types.items()))}")
    print(f"false permissive (non-permissive text -> permissive): {len(false_permissive)}")
    for expected, decision in false_permissive:
        print(f"  !! {expected} -> {decision.license} ({decision.evidence})")
    print(f"permissive text decided not permissive (lesser error): {false_non_permissive}")
    print(f"confusions: {sum(confusion.values())} (expected -> decided ids), top {show}:")
    for (expected, got), count in confusion.most_common(show):
        print(f"  {expected} -> {got}" + (f"  x{count}" if count > 1 else ""))


def throughput(config: LicensesConfig, repositories: int) -> None:
    items = templates()
    readme = "# Demo\n\nSome text.\n\n## License\n\nMIT, see LICENSE.\n"
    header = "// Copyright 2024 Example Author\n// SPDX-License-Identifier: MIT\n"
    sources = [(f"src/module_{index}.c", header + CODE * 20) for index in range(10)]
    sources += [(f"lib/part_{index}.c", f"/* part {index} */\n" + CODE * 20) for index in range(10)]
    started = time.perf_counter()
    for number in range(repositories):
        template = items[number % len(items)]
        scanner = RepoLicenseScanner(config, "MIT")
        for path, text in (("LICENSE", COPYRIGHT + template.text), ("README.md", readme), ("package.json", '{"license": "MIT"}')):
            if scanner.wants(path):
                scanner.observe(path, text)
        for path, text in sources:
            scanner.decide(path, text)
    elapsed = time.perf_counter() - started
    print(f"== throughput: {repositories} repositories (LICENSE + README + package.json + 20 files), {elapsed:.2f}s")
    print(f"{repositories / elapsed:.1f} repositories/s, {repositories * 23 / elapsed:.0f} files/s "
          "(licence texts cached after the first pass over the templates)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", type=int, default=40, help="confusions to print per mode")
    parser.add_argument("--repositories", type=int, default=2000, help="repositories for the throughput run")
    args = parser.parse_args()
    config = LicensesConfig()
    evaluate("LICENSE file", as_license_file, config, args.show, header_mode=False)
    evaluate("comment header of a source file", as_header, config, args.show, header_mode=True)
    throughput(config, args.repositories)


if __name__ == "__main__":
    main()
