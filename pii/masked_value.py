"""A value that says it was masked: `'*MASKED*'`, `[REDACTED]`, `<hidden>`, `••••••`, `#####`.

Tools print credentials masked (`PGPASSWORD='*MASKED*' psql …` in a deploy tool's log line, a
log scrubber's `[REDACTED]`) and their tests compare against the masked form. What stands there is
the mask, not a credential: only mask characters, or a word that names the masking once mask
characters, brackets and quotes around it are stripped. A value that merely contains such a word
among other characters (`unmasked42`, `Masked-9xQ`) is judged as before.
"""

_MASK_CHARS = "*•●·#"
_WRAPPERS = "[](){}<>_-. '\"" + _MASK_CHARS
_MASK_WORDS = frozenset(
    {
        "masked", "redacted", "hidden", "removed", "censored", "omitted", "obfuscated", "sanitized",
        "sanitised", "scrubbed", "filtered", "elided",
    }
)


def is_masked(value: str) -> bool:
    """Only mask characters (`******`, `••••`, `#####`), or one masking word, bare or wrapped in
    mask characters, brackets or quotes (`*MASKED*`, `[REDACTED]`, `<hidden>`, `***removed***`)."""
    if value and all(c in _MASK_CHARS for c in value):
        return True
    return value.strip(_WRAPPERS).lower() in _MASK_WORDS
