"""Near-verbatim licence texts: a known licence with small differences, harmless or not.

licenseclassifier matches a licence only when the text follows the template word for word
(allowing the template's own alternatives). Real files drift: an ISC text whose disclaimer says
"LOSS OF MIND, USE, DATA OR PROFITS", a holder's name longer than the template's blank, a year
range. Such a text is that licence. A text that adds or removes a *condition* ("for
non-commercial use only", a dropped notice requirement) is not, and must stay unknown, with the
difference said in the evidence.

The reference texts are licenseclassifier's own templates (shipped with it) and, for licences it
has no template for, ScanCode's licence texts (`scancode_texts`), tokenised here with
their structure kept: optional words, alternatives and `__N__` blanks (names, years) are marked so
that a difference there is known to be allowed by the licence itself. Each difference outside
them is judged by where it is (inside the warranty disclaimer, at the text's edges) and by its
words (any word that can add a restriction makes it operative). Matching is difflib's
SequenceMatcher over words, run only on a handful of candidates picked by shared vocabulary.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import os
import pickle
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from licenses.scancode_texts import ReferenceSource, data_version, licence_ref_sources, reference_sources
from licenses.spdx import PERMISSIVE_CATEGORIES, canonical_id, category
from licenses.wording import OPERATIVE_WORDS, STOP_WORDS, words

_LRE_TOKEN = re.compile(r"//\*\*.*?\*\*//|\(\(|\|\||\)\)|\?\?|__(\d+)__|[^\s()|?_]+|[?_|()]", re.S)
WILD = "\x00"
_MIN_WORDS = 15
MIN_WORDS = _MIN_WORDS
"""Shortest text compared (words): the shortest permissive licences (MIPS, ulem, magaz) have ~20."""
_MIN_SHARE = 0.80
_MIN_MATCHED = 0.85
_CANDIDATES = 8
_GOOD_ENOUGH = 0.97
_MAX_EDGE_WORDS = 40
_MAX_DISCLAIMER_CHANGE = 12
_MAX_ADDED_DISCLAIMER = 120
_MIN_INPUT_READ = 0.8
_DISCLAIMER_WORDS = frozenset(
    "warranty warranties warrant disclaim disclaims disclaimed disclaimer liable liability merchantability damages "
    "negligence tort tortious consequential incidental indemnify".split()
)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Outside a disclaimer, any operative word in a difference makes it operative; inside one (where
# "not", "no", "shall" are everywhere) only the narrower set below.
_OPERATIVE = OPERATIVE_WORDS
_FUNCTION_WORDS = STOP_WORDS
_OPERATIVE_IN_DISCLAIMER = frozenset(
    "commercial commercially noncommercial sell sale sold fee fees royalty royalties military evil prohibit prohibited "
    "forbid forbidden only must personal private internal evaluation educational pay paid purchase terminate".split()
)


@dataclass(frozen=True)
class _Reference:
    spdx_id: str
    words: tuple[str, ...]
    flexible: tuple[bool, ...]
    """Optional words, template alternatives and blanks: the licence itself lets them differ."""
    disclaimer: tuple[bool, ...]
    vocabulary: frozenset[str]
    variants: frozenset[str] = frozenset()
    """Words of the template's other alternatives ("must || shall")."""


@dataclass(frozen=True)
class NearMatch:
    spdx_id: str
    matched: float
    """Share of the reference's required words found in order."""
    harmless: tuple[str, ...]
    operative: tuple[str, ...]
    """Each difference that adds or removes words outside what the licence allows ("+…", "-…")."""

    @property
    def accepted(self) -> bool:
        return not self.operative


@dataclass
class _Group:
    alternatives: list[list[object]]
    optional: bool = False


def _tree(lre: str) -> list[object]:
    """LRE → nested items: (word, paragraph) tuples, WILD markers and `_Group`s of alternatives."""
    root: list[object] = []
    stack: list[tuple[_Group, list[object]]] = []
    current = root
    paragraph, previous_end = 0, 0
    for match in _LRE_TOKEN.finditer(lre):
        token = match.group(0)
        if lre.count("\n", previous_end, match.start()) > 1 and _BLANK_LINE.search(lre, previous_end, match.start()):
            paragraph += 1
        previous_end = match.end()
        if token.startswith("//**"):
            continue
        if token == "((":
            group = _Group([[]])
            current.append(group)
            stack.append((group, current))
            current = group.alternatives[0]
        elif token == "||" and stack:
            stack[-1][0].alternatives.append([])
            current = stack[-1][0].alternatives[-1]
        elif token == "))" and stack:
            _, current = stack.pop()
        elif token == "??":
            if current and isinstance(current[-1], _Group):
                current[-1].optional = True
            elif current:
                current[-1] = _Group([[current[-1]]], optional=True)
        elif match.group(1) is not None:
            current.append((WILD, paragraph))
        else:
            current += [(word, paragraph) for word in _token_words(token)]
    return root


@lru_cache(maxsize=2048)
def _cached_tree(lre: str) -> list[object]:
    return _tree(lre)


@lru_cache(maxsize=65_536)
def _token_words(token: str) -> tuple[str, ...]:
    return tuple(words(token))


def _linear(items: list[object], pick: int, optional: bool, flexible: bool, out: list[tuple[str, bool, int]], variants: set[str]) -> None:
    for item in items:
        if isinstance(item, _Group) and item.optional and not optional:
            _collect([item], variants)
            continue
        if isinstance(item, _Group):
            chosen = item.alternatives[0 if pick == 0 else -1]
            for other in item.alternatives:
                if other is not chosen:
                    _collect(other, variants)
            _linear(chosen, pick, optional, flexible or item.optional or len(item.alternatives) > 1, out, variants)
        else:
            word, paragraph = item  # type: ignore[misc]
            out.append((word, flexible or word == WILD, paragraph))


def _collect(items: list[object], variants: set[str]) -> None:
    for item in items:
        if isinstance(item, _Group):
            for alternative in item.alternatives:
                _collect(alternative, variants)
        else:
            variants.add(item[0])  # type: ignore[index]


def _parse(
    lre: str, variants: set[str] | None = None, pick: int = 0, optional: bool = True
) -> tuple[list[str], list[bool], list[int]]:
    """LRE → words of one reading (first or last alternative of every choice, optional parts in or
    out), each flagged flexible when the template allows it to vary, and its paragraph number."""
    out: list[tuple[str, bool, int]] = []
    _linear(_cached_tree(lre), pick, optional, False, out, variants if variants is not None else set())
    return [word for word, _, _ in out], [flex for _, flex, _ in out], [paragraph for _, _, paragraph in out]


def _disclaimer_mask(tokens: list[str], paragraphs: list[int]) -> list[bool]:
    """True for the words of paragraphs that disclaim warranty or liability (two such words at least)."""
    found: dict[int, set[str]] = {}
    for token, paragraph in zip(tokens, paragraphs):
        if token in _DISCLAIMER_WORDS:
            found.setdefault(paragraph, set()).add(token)
    disclaimers = {paragraph for paragraph, seen in found.items() if len(seen) >= 2}
    return [paragraph in disclaimers for paragraph in paragraphs]


_Tier = tuple[tuple["_Reference", ...], dict[str, tuple[int, ...]], frozenset[str]]


@lru_cache(maxsize=1)
def _tiers() -> tuple[_Tier, _Tier]:
    """The reference readings and their word indexes — SPDX's texts, then ScanCode's `LicenseRef-`
    texts — from the on-disk cache when it is current."""
    path = _cache_path()
    if path is not None and path.exists():
        try:
            with path.open("rb") as handle:
                return pickle.load(handle)  # noqa: S301 — a file this module wrote itself
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
            pass
    built = (_build_references(reference_sources()), _build_references(licence_ref_sources()))
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            part = path.with_name(f"{path.name}.{os.getpid()}.part")
            with part.open("wb") as handle:
                pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
            part.replace(path)
        except OSError:
            pass  # a read-only home: build in each process
    return built


def _references(tier: int = 0) -> _Tier:
    return _tiers()[tier]


_CACHE_FORMAT = 4
"""Bump when the readings change, so that stale caches are not read."""


def _cache_path() -> Path | None:
    """Per user cache of the parsed templates (they take ~1 s to build), keyed by the versions."""
    try:
        version = importlib.metadata.version("licenseclassifier")
    except importlib.metadata.PackageNotFoundError:
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "codecurate" / f"near-references-{_CACHE_FORMAT}-{version}-{data_version()}.pickle"


def _build_references(sources: tuple[ReferenceSource, ...]) -> _Tier:
    references: list[_Reference] = []
    for source in sources:
        spdx_id, lre = source.spdx_id, source.lre
        # Only permissive texts are references: a near copy of a copyleft text is non-permissive
        # whether it is named or unknown, and a permissive reading is the one that must be earned.
        if category(canonical_id(spdx_id) or spdx_id) not in PERMISSIVE_CATEGORIES:
            continue
        seen: set[tuple[str, ...]] = set()
        # Two readings of the template's choices, without its optional parts: first alternatives and
        # last alternatives (optional words present in a text are allowed as the template's own).
        for pick, optional in ((0, False), (-1, False)):
            variants: set[str] = set()
            tokens, flex, paragraphs = _parse(lre, variants, pick, optional)
            flex = [f or token in source.names for token, f in zip(tokens, flex)]
            if tuple(tokens) in seen or len([t for t, f in zip(tokens, flex) if not f]) < _MIN_WORDS:
                continue
            seen.add(tuple(tokens))
            disclaimer = _disclaimer_mask(tokens, paragraphs)
            # Candidates are picked on the grant and conditions: disclaimers are reworded or left out.
            vocabulary = frozenset(t for t, f, d in zip(tokens, flex, disclaimer) if not f and not d and t != WILD)
            references.append(_Reference(spdx_id, tuple(tokens), tuple(flex), tuple(disclaimer), vocabulary,
                                         frozenset(variants)))
    counts = Counter(token for reference in references for token in reference.vocabulary)
    common = frozenset(token for token, count in counts.items() if count > len(references) * 0.3)
    index: dict[str, list[int]] = {}
    for number, reference in enumerate(references):
        for token in reference.vocabulary - common:
            index.setdefault(token, []).append(number)
    return tuple(references), {token: tuple(numbers) for token, numbers in index.items()}, common


@lru_cache(maxsize=2)
def _sizes(tier: int = 0) -> tuple[tuple[int, int], ...]:
    """Per reference: (distinctive vocabulary size, required word count), computed once."""
    references, _, common = _references(tier)
    return tuple((len(reference.vocabulary - common), sum(1 for flex in reference.flexible if not flex)) for reference in references)


def _candidates(tokens: list[str], tier: int = 0) -> list[_Reference]:
    references, index, common = _references(tier)
    sizes = _sizes(tier)
    present = set(tokens)
    shared: Counter[int] = Counter()
    for token in present - common:
        for number in index.get(token, ()):
            shared[number] += 1
    scored = []
    for number, count in shared.items():
        reference = references[number]
        distinctive, required = sizes[number]
        if distinctive and count / distinctive >= _MIN_SHARE and 0.6 * required <= len(tokens) <= 3 * len(reference.words) + 200:
            scored.append((round(count / distinctive, 2), -abs(required - len(tokens)), number))
    scored.sort(reverse=True)
    return [references[number] for _, _, number in scored[:_CANDIDATES]]


def _judge(reference: _Reference, tokens: list[str]) -> NearMatch:
    matcher = difflib.SequenceMatcher(None, reference.words, tokens, autojunk=False)
    # Required: the grant and its conditions; the disclaimer may be reworded or left out.
    required = sum(1 for flex, cover in zip(reference.flexible, reference.disclaimer) if not flex and not cover) or 1
    matched = read = 0
    harmless: list[str] = []
    operative: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            matched += sum(1 for flex, cover in zip(reference.flexible[i1:i2], reference.disclaimer[i1:i2]) if not flex and not cover)
            read += j2 - j1
            continue
        removed, added = reference.words[i1:i2], tokens[j1:j2]
        label = " ".join(part for part in (f"-{' '.join(w for w in removed if w != WILD)}" if any(w != WILD for w in removed) else "",
                                            f"+{' '.join(added)}" if added else "") if part)
        if _is_harmless(reference, i1, i2, removed, added, at_edge=(j1 == 0 and i1 == 0) or (j2 == len(tokens) and i2 == len(reference.words))):
            harmless.append(label)
            read += j2 - j1
            if removed and set(added) <= {"notice"} and _fewer_notice_items(reference, i1, removed):
                # Left out of a notice requirement on purpose: read, not missing.
                matched += sum(1 for flex, cover in zip(reference.flexible[i1:i2], reference.disclaimer[i1:i2]) if not flex and not cover)
        else:
            operative.append(label)
    if read < _MIN_INPUT_READ * len(tokens):
        operative.append(f"+{len(tokens) - read} words not part of {reference.spdx_id}")
    return NearMatch(reference.spdx_id, matched / required, tuple(harmless), tuple(operative))


def _is_harmless(reference: _Reference, i1: int, i2: int, removed: tuple[str, ...], added: list[str], *, at_edge: bool) -> bool:
    if removed and added and "".join(removed) == "".join(added):
        return True  # the same letters split or joined otherwise ("Jean-\nloup" typeset as "Jeanloup", "com mercial")
    flex = reference.flexible[i1:i2]
    neighbours = range(max(0, i1 - 1), min(len(reference.words), max(i2, i1 + 1)))
    in_disclaimer = all(reference.disclaimer[index] for index in neighbours)
    banned = _OPERATIVE_IN_DISCLAIMER if in_disclaimer else _OPERATIVE
    if removed and all(flex) and all(word in reference.variants or word in _FUNCTION_WORDS for word in added):
        return True  # another of the template's own alternatives
    if not removed and added and all(word in reference.variants for word in added):
        return True  # the template's own optional words, left out of this reading
    if (
        not removed
        and len(added) <= _MAX_ADDED_DISCLAIMER
        and len(_DISCLAIMER_WORDS.intersection(added)) >= 2
        and not any(word in _OPERATIVE_IN_DISCLAIMER for word in added)
    ):
        return True  # a warranty disclaimer added: it protects the author, the grant is untouched
    if removed and set(added) <= {"notice"} and _fewer_notice_items(reference, i1, removed):
        return True  # a notice requirement that names fewer texts to carry along: it asks less
    cover = reference.disclaimer[i1:i2]
    if any(word in banned for word in added) or any(
        word in banned and not f and not d for word, f, d in zip(removed, flex, cover)
    ):
        return False
    covered = [f or d for f, d in zip(flex, reference.disclaimer[i1:i2])]
    if at_edge and all(covered) and len(added) <= _MAX_EDGE_WORDS:
        return True  # text before or after the licence ("This file is part of …")
    if all(flex) and (any(word == WILD for word in removed) or len(added) <= max(3, 2 * len(removed))):
        return True  # the template's own optional words, alternatives and blanks
    near_blank = any(reference.words[index] == WILD for index in neighbours)
    if near_blank and len(added) <= 12 and not any(not f for f in flex):
        return True  # a name or year longer than the template's blank
    if all(word.isdigit() or word == "c" for word in (*added, *removed)):
        return True  # years and the copyright sign "(c)" of a copyright statement
    if removed and not added and all(f or d for f, d in zip(flex, cover)):
        return True  # a warranty disclaimer left out: the grant and its conditions are untouched
    if in_disclaimer and len(added) <= _MAX_DISCLAIMER_CHANGE and len(removed) <= _MAX_DISCLAIMER_CHANGE:
        return True  # wording of the warranty disclaimer
    return len(added) <= 1 and len(removed) <= 1 and all(word in _FUNCTION_WORDS for word in (*added, *removed))


_NOTICE_ITEM_WORDS = frozenset("this list of conditions and the following disclaimer".split())
_CARRY_VERBS = frozenset({"retain", "reproduce"})


def _fewer_notice_items(reference: _Reference, i1: int, removed: tuple[str, ...]) -> bool:
    """The words left out are items of a "must retain / reproduce the above copyright notice, this
    list of conditions and the following disclaimer" requirement ("this list of conditions and the
    following disclaimer"), the copyright notice itself still required: the condition asks less.
    ("notice" may stand beside them: the template's own is optional, the text's is the notice kept.)"""
    before = reference.words[max(0, i1 - 8) : i1]
    return (
        set(removed) <= _NOTICE_ITEM_WORDS | {"notice"}
        and bool({"conditions", "disclaimer"} & set(removed))
        and bool(_CARRY_VERBS.intersection(before))
        and "copyright" in before
    )


@lru_cache(maxsize=2048)
def near_match(text: str) -> NearMatch | None:
    """The closest known licence to `text` if it is near-verbatim (≥ 85 % of its words in order).

    `accepted` tells whether every difference is harmless. None when no template is close: the
    caller keeps whatever it knew (an unknown licence).
    """
    tokens = words(text)
    if len(tokens) < _MIN_WORDS:
        return None
    best: NearMatch | None = None
    spdx_best: NearMatch | None = None
    # SPDX's texts first; ScanCode's texts without an SPDX id only when none of those reads the
    # text cleanly (an older dated version of a licence, a licence SPDX never listed), so that a
    # text SPDX names keeps its SPDX id.
    for tier in (0, 1):
        for reference in _candidates(tokens, tier):
            judged = _judge(reference, tokens)
            if judged.matched < _MIN_MATCHED:
                continue
            rank = (judged.accepted, judged.matched, -len(judged.operative))
            if best is None or rank > (best.accepted, best.matched, -len(best.operative)):
                best = judged
            if judged.accepted and judged.matched >= _GOOD_ENOUGH:
                break  # candidates come best first: a clean, near-complete reading is the answer
        if best is not None and best.accepted:
            return best
        if tier == 0:
            spdx_best = best
    # Nothing read cleanly: the nearest SPDX text (or none) names the difference, as before the
    # second tier — a ScanCode text only counts when it reads the text cleanly.
    return spdx_best


def describe(match: NearMatch, limit: int = 120) -> str:
    """Short evidence text: `near ISC: +not for sale; -distribute`."""
    parts = "; ".join(match.operative or match.harmless)
    text = f"near {match.spdx_id}: {parts}" if parts else f"near {match.spdx_id}"
    return text if len(text) <= limit else text[: limit - 1] + "…"
