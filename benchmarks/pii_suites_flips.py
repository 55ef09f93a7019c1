"""Attribute each pass->fail flip of the test-suite benchmark to the redactions that caused it.

A flip's files are its test file and every file of the package its failure traceback names. The
original and published versions of those files are diffed line by line; each replaced token gives
the entity type (from the placeholder, or an IP literal replaced by a stand-in), the file and line,
the enclosing function, and the kind of value ("public IPv4", "e-mail address", "40-char token").
The value itself is never kept. The rule behind a flip ("an IP in a test of is_global") is read by
hand from those diffs and stored in `pii_suites_causes.tsv` (package, test-id glob, cause); a flip
no cause covers is reported as "not read yet".

Nothing here imports `pii/`: the kinds come from `ipaddress` and the placeholders in the output.
"""

from __future__ import annotations

import ast
import difflib
import hashlib
import fnmatch
import ipaddress
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
CAUSES = HERE / "pii_suites_causes.tsv"
PLACEHOLDERS = {"<EMAIL>": "EMAIL", "<KEY>": "KEY", "<PASSWORD>": "PASSWORD", "<PRIVATE_KEY>": "PRIVATE_KEY",
                "<IP_ADDRESS>": "IP_ADDRESS"}
# The e-mail stand-in of `pii.email_replacement: reserved` (the default since issue 23's flips work).
EMAIL_STAND_IN = re.compile(r"redacted\d+@example\.com")
TOKEN = re.compile(r"[\w.:%+@<>\-]+")
IPV4 = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
IPV6 = re.compile(r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\d{1,3}(?:\.\d{1,3}){3})?")
TRACEBACK_FILE = re.compile(r"([\w./\\-]+\.py):(\d+)")
UNREAD = "not read yet"
DEF = re.compile(r"^\s*(?:async\s+)?(?:def|class)\s+(\w+)")


def load_causes() -> list[tuple[str, str, str, str]]:
    """(package, test-id glob, cause, outcome after or "" for any): the first row that matches wins,
    so one test can have different causes on different checkouts (a module that no longer imports
    on one, a single failing assertion on another)."""
    if not CAUSES.exists():
        return []
    rows = [line.split("\t") for line in CAUSES.read_text(encoding="utf-8").splitlines()[1:] if line.strip()]
    return [(row[0], row[1], row[2], row[3] if len(row) > 3 else "") for row in rows]


def _ip_kind(token: str) -> str | None:
    for match in [*IPV4.finditer(token), *IPV6.finditer(token)]:
        try:
            address = ipaddress.ip_address(match.group(0))
        except ValueError:
            continue
        family = f"IPv{address.version}"
        if address.is_global:
            return f"public {family}"
        if address.is_loopback:
            return f"loopback {family}"
        return f"non-global {family} (private, reserved or documentation)"
    return None


def classify(old: str, new: str) -> tuple[str, str]:
    """(entity type, kind of the original value) of one replaced token."""
    for placeholder, entity in PLACEHOLDERS.items():
        if placeholder in new and placeholder not in old:
            if entity == "EMAIL":
                return entity, "e-mail address"
            if entity == "IP_ADDRESS":
                return entity, _ip_kind(old) or "address"
            return entity, f"{len(old)}-char token" if entity != "PRIVATE_KEY" else "PEM private key"
    if EMAIL_STAND_IN.search(new) and not EMAIL_STAND_IN.search(old):
        return "EMAIL", "e-mail address"
    kind = _ip_kind(old)
    if kind and _ip_kind(new):
        return "IP_ADDRESS", kind
    return "OTHER", f"{len(old)}-char text"


def _function_at(lines: list[str], index: int) -> str:
    for line in reversed(lines[: index + 1]):
        match = DEF.match(line)
        if match:
            return match.group(1)
    return "(module level)"


def redactions_in(original: str, published: str) -> list[dict]:
    """Every replaced token between the two versions of a file: line (1-based, original), entity,
    kind, enclosing function, whether the line is a comment. No values."""
    old_lines, new_lines = original.splitlines(), published.splitlines()
    found: list[dict] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = list(zip(range(a0, a1), range(b0, b1)))
        if a1 - a0 != b1 - b0:  # a multi-line value (a PEM block) became one placeholder
            pairs = [(a0, b0)] if b1 > b0 else []
            old_text, new_text = "\n".join(old_lines[a0:a1]), "\n".join(new_lines[b0:b1])
            entity, kind = classify(old_text, new_text)
            found.append({"line": a0 + 1, "entity": entity, "kind": kind,
                          "function": _function_at(old_lines, a0), "comment": False})
            continue
        for i, j in pairs:
            old_tokens, new_tokens = TOKEN.findall(old_lines[i]), TOKEN.findall(new_lines[j])
            tokens = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
            for t_op, t0, t1, u0, u1 in tokens.get_opcodes():
                if t_op == "equal":
                    continue
                entity, kind = classify(" ".join(old_tokens[t0:t1]), " ".join(new_tokens[u0:u1]))
                found.append({"line": i + 1, "entity": entity, "kind": kind,
                              "function": _function_at(old_lines, i),
                              "comment": old_lines[i].lstrip().startswith("#")})
    return found


def _test_file(test_id: str, tree: Path) -> str | None:
    """tests.test_x.TestY::test_z -> tests/test_x.py (the longest dotted prefix that is a file)."""
    classname = test_id.split("::", 1)[0]
    parts = classname.split(".")
    for end in range(len(parts), 0, -1):
        candidate = "/".join(parts[:end]) + ".py"
        if (tree / candidate).is_file():
            return candidate
    return None


def _named_files(text: str, tree: Path) -> list[str]:
    root = str(tree.resolve())
    names = []
    for match in TRACEBACK_FILE.finditer(text):
        name = match.group(1)
        if name.startswith(root):
            name = name[len(root):].lstrip("/")
        inside = (tree / name).resolve()
        if inside.is_relative_to(tree.resolve()) and inside.is_file():
            relative = str(inside.relative_to(tree.resolve()))
            if relative not in names:
                names.append(relative)
    return names


def _cause(package: str, test_id: str, outcome: str, causes: list[tuple[str, str, str, str]]) -> str:
    for name, pattern, cause, when in causes:
        if name == package and fnmatch.fnmatchcase(test_id, pattern) and when in ("", outcome):
            return cause
    return UNREAD


def _base(test_id: str) -> str:
    return test_id.split("[", 1)[0]


def _module(test_id: str) -> str:
    """tests.test_x.TestY::test_z -> tests.test_x.TestY (the classname part of the id)."""
    return test_id.split("::", 1)[0]


def masked(test_id: str) -> str:
    """A test id fit for a committed file: a parametrize id (which may hold the very value that was
    redacted) becomes a short hash of itself."""
    if "[" not in test_id:
        return test_id
    base, param = test_id.split("[", 1)
    return f"{base}[#{hashlib.sha256(param.encode()).hexdigest()[:8]}]"


def renamed(before_ids: list[str], after_ids: list[str]) -> dict[str, str]:
    """Old id -> new id for parametrized tests whose id changed because a redaction changed the
    parameter: within one test function, the n-th case that is gone after is the n-th case that is
    new after (collection order), when both runs collected the same number of cases. An id present
    in both runs is itself: suites whose parameters come from a set or dict (python-jose) collect
    the same cases in another order from run to run, and pairing every case by position read that
    order as 12 flips on main."""
    def groups(ids: list[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for test_id in ids:
            found.setdefault(_base(test_id), []).append(test_id)
        return found
    old, new = groups(before_ids), groups(after_ids)
    mapping = {}
    for base, cases in old.items():
        after = new.get(base, [])
        if len(after) == len(cases):
            both = set(cases) & set(after)
            mapping.update({case: case for case in both})
            mapping.update(zip([c for c in cases if c not in both], [c for c in after if c not in both]))
    return mapping


def _region(source: str, function: str) -> tuple[int, int] | None:
    """First and last line of the test function, decorators (parametrize lists) included."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == function:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            return first, node.end_lineno or node.lineno
    return None


def _traceback_lines(text: str, tree: Path) -> set[tuple[str, int]]:
    lines = set()
    for match in TRACEBACK_FILE.finditer(text):
        for name in _named_files(match.group(0), tree):
            lines.add((name, int(match.group(2))))
    return lines


def describe_flips(suite, flipped: list[str], run, before_ids: list[str], original: Path, tree: Path,  # type: ignore[no-untyped-def]
                   causes) -> list[dict]:
    """One entry per flipped test: its outcome after (under its new id when a redaction renamed a
    parametrized case), the redactions that can have caused it, the cause read by hand.

    Redactions that can have caused it: those on a line its failure traceback names, or inside the
    test function (decorators included); when neither holds any, every redaction in the files its
    report names (a module that no longer imports, a shared constant)."""
    mapping = renamed(before_ids, list(run.outcomes))
    flips = []
    for test_id in flipped:
        new_id = mapping.get(test_id, test_id)
        outcome = run.outcomes.get(new_id, "not collected")
        text = run.failures.get(new_id, "")
        if outcome == "not collected":
            text += "\n".join(run.collection_errors.values())
        test_file = _test_file(test_id, tree)
        files = list(dict.fromkeys(f for f in [test_file, *_named_files(text, tree)] if f))
        named_lines = _traceback_lines(text, tree)
        function = _base(test_id).rsplit("::", 1)[-1]
        everything, close = [], []
        for name in files:
            before_text = (original / name).read_text(encoding="utf-8", errors="replace")
            after_text = (tree / name).read_text(encoding="utf-8", errors="replace")
            if before_text == after_text:
                continue
            region = _region(before_text, function) if name == test_file else None
            for r in redactions_in(before_text, after_text):
                entry = {"file": name, **r}
                everything.append(entry)
                inside = region is not None and region[0] <= r["line"] <= region[1]
                if inside or (name, r["line"]) in named_lines:
                    close.append(entry)
        flips.append({"test": test_id, "test_after": new_id, "after": outcome, "files": files,
                      "redactions": close or everything, "narrowed": bool(close),
                      "cause": _cause(suite.name, test_id, outcome, causes)})
    return flips


def render_flips(results: list[dict]) -> str:
    """Flips grouped by package, test function and cause; redactions listed once per group."""
    lines = ["Flips (passed before, not after), grouped by test class or module and cause (read by hand);",
             "parametrize ids are shown as hashes (they can hold the redacted value). Redactions listed: those",
             "in the test function or on a line its traceback names; '(file-wide)' when none was, so every",
             "redaction of its files is listed (a fixture file the test reads is named in the cause).", ""]
    for result in results:
        groups: dict[tuple[str, str], list[dict]] = {}
        for flip in result["flips"]:  # one cause read by hand covers a module; unread ones stay apart
            read = flip["cause"] != UNREAD
            groups.setdefault((_module(flip["test"]) if read else _base(flip["test"]), flip["cause"]), []).append(flip)
        for (name, cause), flips in groups.items():
            outcomes = ", ".join(sorted({f["after"] for f in flips}))
            functions = len({_base(f["test"]) for f in flips})
            cases = f"{len(flips)} case{'s' if len(flips) > 1 else ''} of {functions} test function{'s' if functions > 1 else ''}"
            lines.append(f"- **{result['package']}** `{masked(name)}` ({cases}, now {outcomes}): {cause}")
            seen: dict[tuple, None] = {}
            for flip in flips:
                for r in flip["redactions"]:
                    where = "comment" if r["comment"] else r["function"]
                    scope = "" if flip["narrowed"] else " (file-wide)"
                    seen[(r["entity"], r["kind"], r["file"], r["line"], where, scope)] = None
            listed = list(seen)
            for entity, kind, file, line, where, scope in listed[:8]:
                lines.append(f"  - {entity} ({kind}) at {file}:{line} in {where}{scope}")
            if len(listed) > 8:
                lines.append(f"  - … {len(listed) - 8} more")
            if not listed:
                lines.append(f"  - no redaction in the files it names ({', '.join(flips[0]['files']) or 'none'})")
    if len(lines) == 5:
        lines.append("none")
    return "\n".join(lines)
