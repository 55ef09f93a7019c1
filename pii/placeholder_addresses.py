"""Made-up addresses that a reader recognises by their words: a persona on an invented domain.

A domain is invented when its registrable label (the one before the public suffix) is made only of
placeholder words, run together or joined by hyphens, and names at least one of them outright:
`test-example.com`, `testdomain.net`, `thisisthebaddomain.com`, `fake-mail.org`. Such a
domain may well be registrable — somebody may own `test.it` — but the fixture's author wrote it to
stand for "some domain". The local part decides whether a person is still there: a fixture's
author who swaps a captured mail's domain for `test.it` or `fake.com` leaves the recipient's real
local part behind (a surname, a handle with digits), so only a local part
that is itself made up — placeholder and role words (`try`, `trytwo`, `evilreply`), counting
runs (`Abc.123`), numbers — goes with it. A masked local part on a masked or made-up domain
(`xxx@xxx.com`) holds no address.

An address of words alone (`email@bad.com`, `attacker@evil.org`: role and filler words on both sides
of the `@`) is a scenario's cast too, except on a mail provider's own word domain (`my@email.com`).

Names never count as placeholder words here (`john`, `alice`): with a real surname they are a person.
"""

import re

# Words whose only job in an address is to say "this is not a real one".
PLACEHOLDER_NOUNS = frozenset(
    {
        "test", "tests", "testing", "example", "examples", "sample", "samples", "dummy", "fake", "mock",
        "placeholder", "domain", "bogus", "invalid", "nonexistent", "madeup", "fictional", "fictitious", "nowhere",
    }
)
# Words that fill out a made-up address around them: articles, numbers, pronouns, the roles of a
# message and of a test scenario. None is a personal name; one-letter pieces are read apart (`a.b`),
# never inside a word (`ana` is not `an` + `a`).
_FILLER_WORDS = frozenset(
    {
        "the", "an", "is", "are", "this", "that", "one", "two", "three", "four", "five", "first",
        "second", "third", "my", "your", "our", "their", "his", "her", "its", "some", "any", "no", "not",
        "other", "another", "new", "old", "here", "there", "of", "for", "and", "to", "from",
        "user", "users", "name", "someone", "somebody", "anyone", "nobody", "noone", "person", "guy", "guys",
        "sender", "recipient", "receiver", "reply", "author", "admin", "attacker", "victim", "spammer",
        "phisher", "hacker", "malicious", "evil", "bad", "good", "real", "valid", "mailbox", "address",
        "account", "customer", "client", "member", "owner", "try", "check", "verify", "mail", "email",
        "site", "host", "company", "org", "web", "net", "sub", "master", "main", "parent", "child", "you",
    }
)
WORDS = PLACEHOLDER_NOUNS | _FILLER_WORDS
_LONGEST_WORD = max(map(len, WORDS))
_MASK = re.compile(r"[xX*#]{3,}|\*+")
_LOCAL_PIECES = re.compile(r"[._+-]+")
# Second-level public suffixes written under a country code (`example.co.uk`, `test.com.au`).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "or", "ne", "go"})


def split_words(text: str, vocabulary: frozenset[str] = WORDS) -> list[str] | None:
    """`trytwo` → ['try', 'two']: the text read as a run of vocabulary words, or None (fewest words)."""
    best: list[list[str] | None] = [[]] + [None] * len(text)
    for end in range(1, len(text) + 1):
        for start in range(max(0, end - _LONGEST_WORD), end):
            before = best[start]
            if before is not None and text[start:end] in vocabulary:
                candidate = before + [text[start:end]]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
    return best[len(text)]


def registrable_label(domain: str) -> str:
    """The label a registrant chose: `test-example` of `mail.test-example.com` or `test.co.uk`."""
    labels = domain.lower().split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def is_placeholder_label(label: str) -> bool:
    """Only placeholder words, at least one of them a placeholder noun (a masked label, `ggg`, is not:
    a fixture's author masks a real organisation's domain and leaves its `noreply@` behind)."""
    words: list[str] = []
    for part in label.split("-"):
        split = split_words(part)
        if not part or split is None:
            return False
        words += split
    return any(word in PLACEHOLDER_NOUNS for word in words)


def _counting(piece: str) -> bool:
    """`abc`, `123`, `xyz`: three or more characters counting up by one."""
    return len(piece) >= 3 and all(ord(b) - ord(a) == 1 for a, b in zip(piece, piece[1:]))


def is_made_up_local(local: str) -> bool:
    """Placeholder and role words, counting runs, one letter repeated (`aaa`, `bbb`) and numbers only
    (`Abc.123`, `trytwo`, `test2`, `subaccount1`, `master`)."""
    pieces = [piece for piece in _LOCAL_PIECES.split(local.lower()) if piece]
    if not pieces:
        return False
    for piece in pieces:
        letters = piece.rstrip("0123456789")
        if len(letters) <= 1 or _counting(letters) or len(set(letters)) == 1 or split_words(letters) is not None:
            continue
        return False
    return True


def is_masked_address(local: str, domain: str) -> bool:
    """`xxx@xxx.com`, `***@test.com`: the author masked the mailbox and its domain; nothing of an
    address is left. A masked local part on a real domain (`xxx@` on a mail provider) still counts as a
    mailbox there (the independent labels decide so)."""
    if _MASK.fullmatch(local) is None:
        return False
    label = registrable_label(domain)
    return _MASK.fullmatch(label) is not None or is_placeholder_label(label)


# Registrable labels made of filler words that are mail providers' own domains (`email.com`,
# `mail.com`): an address there is a deliverable mailbox, whatever its words.
_MAIL_PROVIDER_LABELS = frozenset({"email", "mail", "mymail", "yourmail"})


def is_invented_persona(local: str, domain: str) -> bool:
    """A made-up local part on a domain whose registrable label is made of placeholder words; or an
    address of words alone, its mailbox and its domain's label both role and filler words
    (`email@bad.com`, `attacker@evil.com`, `nobody@the-company.org`): a scenario's cast, no person."""
    label = registrable_label(domain)
    if is_placeholder_label(label) and is_made_up_local(local):
        return True
    return label not in _MAIL_PROVIDER_LABELS and _words_only(label) and _words_only(local)


def _words_only(text: str) -> bool:
    """Every piece between `.`, `_`, `+`, `-` is one placeholder or filler word. Not words run together:
    `mailto.al` is a registry's domain, not `mail` + `to`."""
    pieces = [piece for piece in _LOCAL_PIECES.split(text.lower()) if piece]
    return bool(pieces) and all(piece in WORDS for piece in pieces)


def is_readers_own_domain(domain: str) -> bool:
    """`your-domain.org`, `yourcompany.com`, `you-domain.org`, `my-site.com`: a domain that tells the
    reader to put in their own (its registrable label is `your`/`you`/`my` and placeholder words).
    Any mailbox on it is a template slot — `root@`, `mailing-lists@` in a settings file's commented
    defaults — whatever the local part says."""
    words: list[str] = []
    for part in registrable_label(domain).split("-"):
        split = split_words(part)
        if not part or split is None:
            return False
        words += split
    return len(words) >= 2 and words[0] in ("your", "you", "my")
