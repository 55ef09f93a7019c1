"""API keys and tokens whose shape the issuing provider fixes (prefix, alphabet, length).

A shape match is strong evidence whatever the surrounding name, so these are redacted wherever they
appear: string literals, comments, URLs, shell history. Every shape has literal trigger strings; a
shape's regex only runs on texts that contain one of them, which keeps the common case (no key at
all) at a few substring searches. Providers' documentation keys (AWS's `…EXAMPLE`, `xxxx` runs) are
skipped. The AWS secret access key has no prefix, so it is only taken near AWS context.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pii.entities import KEY
from pii.recognizer_base import CodeRecognizer, Finding
from pii.text_checks import is_placeholder, looks_random

_B = r"(?<![A-Za-z0-9_\-])"  # start boundary: keys are never glued to a longer token
_E = r"(?![A-Za-z0-9_\-])"


@dataclass(frozen=True)
class KeyShape:
    """One provider's token format. `group` selects the secret part when a label precedes it."""

    name: str
    triggers: tuple[str, ...]
    pattern: re.Pattern[str]
    group: int = 0
    check_random: bool = False


SHAPES: tuple[KeyShape, ...] = (
    KeyShape("aws_access_key_id", ("AKIA", "ASIA", "AROA", "AIDA", "AGPA", "ANPA", "ANVA", "APKA"),
             re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA|AROA|AIDA|AGPA|ANPA|ANVA|APKA)[A-Z2-7]{16}(?![A-Z0-9])")),
    KeyShape("github", ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"), re.compile(_B + r"gh[pousr]_[A-Za-z0-9]{36,251}" + _E)),
    KeyShape("github_fine_grained", ("github_pat_",), re.compile(_B + r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}" + _E)),
    KeyShape("gitlab", ("glpat-", "gldt-", "glrt-", "glptt-"), re.compile(_B + r"gl(?:pat|dt|rt|ptt)-[A-Za-z0-9_\-]{20,64}" + _E)),
    KeyShape("slack", ("xox",), re.compile(_B + r"xox[abposre]-[0-9A-Za-z\-]{10,250}" + _E), check_random=True),
    KeyShape("slack_webhook", ("hooks.slack.com",),
             re.compile(r"hooks\.slack\.com/services/(T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{20,32})"), group=1),
    KeyShape("stripe", ("sk_live_", "rk_live_"), re.compile(_B + r"[rs]k_live_[0-9A-Za-z]{24,247}" + _E)),
    KeyShape("google_api", ("AIza",), re.compile(_B + r"AIza[0-9A-Za-z_\-]{35}" + _E)),
    KeyShape("openai_anthropic", ("sk-",),
             re.compile(_B + r"sk-(?:proj-|svcacct-|admin-|ant-(?:api|admin)\d\d-)?[A-Za-z0-9_\-]{32,200}" + _E),
             check_random=True),
    KeyShape("npm", ("npm_",), re.compile(_B + r"npm_[A-Za-z0-9]{36}" + _E)),
    KeyShape("sendgrid", ("SG.",), re.compile(_B + r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}" + _E)),
    KeyShape("twilio_api_key", ("SK",), re.compile(r"(?<![A-Za-z0-9])SK[0-9a-f]{32}(?![A-Za-z0-9])"), check_random=True),
    KeyShape("azure_storage", ("AccountKey=", "SharedAccessKey="),
             re.compile(r"(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{40,100}={0,2})"), group=1),
    KeyShape("huggingface", ("hf_",), re.compile(_B + r"hf_[A-Za-z]{34}" + _E), check_random=True),
    KeyShape("pypi", ("pypi-AgE",), re.compile(_B + r"pypi-AgE[A-Za-z0-9_\-]{50,}" + _E)),
    KeyShape("jwt", ("eyJ",), re.compile(_B + r"eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}" + _E)),
)

_AWS_SECRET = re.compile(r"(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])")
_AWS_CONTEXT = re.compile(r"(?i)aws|secret_?access|AKIA|ASIA")


class KeyRecognizer(CodeRecognizer):
    def __init__(self) -> None:
        super().__init__([KEY])

    def find(self, text: str, language: str | None = None) -> Iterator[Finding]:
        for shape in SHAPES:
            if not any(trigger in text for trigger in shape.triggers):
                continue
            for match in shape.pattern.finditer(text):
                value = match.group(shape.group)
                if is_placeholder(value) or (shape.check_random and not looks_random(value)):
                    continue
                yield Finding(KEY, match.start(shape.group), match.end(shape.group))
        if "aws" in text or "AWS" in text or "Aws" in text:
            yield from self._aws_secrets(text)

    @staticmethod
    def _aws_secrets(text: str) -> Iterator[Finding]:
        """40-character base64 strings with AWS wording shortly before them on the page."""
        for match in _AWS_SECRET.finditer(text):
            value = match.group()
            if value.isdigit() or (value.lower() == value and all(c in "0123456789abcdef" for c in value)):
                continue  # git SHA-1 and other hex digests
            if not looks_random(value, min_length=40):
                continue
            if _AWS_CONTEXT.search(text, max(0, match.start() - 300), match.start()):
                yield Finding(KEY, match.start(), match.end())
