"""Generic secrets: random-looking values assigned to secret-sounding names, and bearer tokens.

Most leaked credentials have no provider prefix (Flask `SECRET_KEY`, Django keys, internal API
tokens, Twilio auth tokens). They are recognised by the pair "secret-sounding name + random-looking
value". Both halves are needed: the same random string next to a neutral name is a hash, a UUID, a
test vector or a checksum, and a word next to a secret name is a setting (`token_type = "bearer"`).
Names are compared word by word, and the last word decides (`max_tokens`, `keyboard`, `token_url`
and `secret_name` contain the letters but do not hold a secret); a last word that ends in a secret
word holds one too (`_HKEY`, `appkey`), unless it is public material (`pubkey`, `hostkey`). A salt
is public by design, except a constant one used to sign requests (`_SALT`, `SIGN_SALT`, `api_salt`).

Values: 16+ characters must look random (`looks_random`); the short app keys and secrets that
scrapers hard-code (`_THEPLATFORM_SECRET = '…'`, 8–15 characters) must pass the stricter
`looks_random_short`. The same pair is looked for in URL query strings (`?apikey=…`, `&api_key=…`,
`&access_token=…`, and `key=` on an API host, or anywhere when 20+ random characters), and among the
parameters of a form-encoded request body (`body: client_id=…&client_secret=…`, `form_body`). HMAC
signature test vectors whose key sits in the same test file stay, as HS256 JWTs signed with a key in
the file do (`jwt_evidence`).
"""

import base64
import binascii
import re
from collections.abc import Callable, Iterator

from pii.assignments import (
    Assignment,
    find_assignments,
    keyword_hits,
    name_start,
    name_words,
    names_a_stand_in,
    own_name_words,
    sets_the_secret,
)
from pii.entities import KEY
from pii.form_body import FormBodies
from pii.ip_context import is_test_path
from pii.jwt_evidence import is_public_jwt
from pii.recognizer_base import CODE_LANGUAGES, Finding, PathRecognizer
from pii.served_page_keys import is_served_page, is_service_client_key
from pii.text_checks import (
    counting_run,
    is_placeholder,
    looks_random,
    looks_random_short,
    mixes_four_classes,
    reads_as_words,
)

_STEMS = ("secret", "token", "key", "auth", "credential", "bearer", "salt")
# Signatures, salts and MACs are public by design (they travel with the message), so names ending in
# them do not hold a secret; nor do `encrypted_key`, `wrapped_key`, `public_key` (ciphertext, public
# material). Their last word decides, as for every name.
SECRET_WORDS = frozenset(
    {
        "secret", "secrets", "token", "key", "apikey", "auth", "credential", "credentials", "bearer",
        "secretkey", "accesskey", "privatekey", "authtoken", "accesstoken", "refreshtoken",
        "clientsecret", "apitoken", "authkey", "signingkey", "masterkey",
    }
)
_PUBLIC_FIRST_WORDS = frozenset({"encrypted", "wrapped", "public", "pub", "cache", "sort", "primary", "foreign"})
# A last word that ends in `key` holds a key (`hkey`, `appkey`), except public or non-secret keys.
_PUBLIC_KEY_WORDS = ("pub", "public", "host", "hot", "sort", "cache", "verify", "verifying", "primary", "foreign",
                     "monkey", "turkey", "hockey", "donkey", "jockey", "whiskey")
# Words that make a salt a request-signing secret rather than a public hashing parameter.
_SIGNING_WORDS = frozenset({"sign", "signing", "signature", "api", "app", "secret", "hmac", "request", "auth", "client"})
# `?apikey=v`, `&access_token=v`: a query parameter's value, up to the next `&`, `#`, quote or space.
# `|` joins a Facebook app token's two halves (`access_token=APPID|APPSECRET`).
_QUERY_VALUE = re.compile(r"[\w-]*=([A-Za-z0-9._~+/%|-]{8,512})(?![A-Za-z0-9._~+/%|-])")
_PARAMETER_NAME = re.compile(r"[\w-]*")  # the rest of a parameter's name, as `_QUERY_VALUE` starts
_BADGE = re.compile(r"(?i)\.(?:svg|png|gif)\?")
_FORMAT_CODE = re.compile(r"%(?![0-9A-Fa-f]{2})")  # `%s`, `%(key)s`: a template, not a value
_API_URL = re.compile(r"(?i)://[^\s\"'`?#]*api")
# A test file that checks HMAC signatures: its keys are test vectors (key, message and expected MAC).
_SIGNATURE_TEST = re.compile(r"(?i)\bhmac|signature|\bsign\w*\(|\b(?:en|de)crypt|\bcipher")
# A vector's other half: the expected MAC, signature or ciphertext (hex, base64, a JWT), quoted or not
# (a heredoc's hex lines, a PEM body).
_RANDOM_RUN = re.compile(r"(?<![A-Za-z0-9+/=_.-])[A-Za-z0-9+/=_.-]{16,}(?![A-Za-z0-9+/=_.-])")
_BYTE_ESCAPE = re.compile(r"\\x[0-9a-fA-F]{2}")  # or bytes written with escapes (`b'\xe9W\xe4…'`)
# `_AUTH_KEY = b'\x31\xc2…'`: key bytes written as escapes (8 or more).
_ESCAPED_BYTES = re.compile(
    r"""[\w.$-]*[ \t]*(?::[^=\n]{0,40})?=[ \t]*[bB](["'])((?:\\x[0-9a-fA-F]{2}|\\[\\'"nrt0]|(?!\1)[^\\\n]){8,512})\1"""
)
_CIPHER_KEY_BYTES = (16, 24, 32)  # AES-128/192/256 key sizes
_FILE_NAME = re.compile(
    r"[\w.-]+\.(?:json|pem|key|crt|txt|yaml|yml|der|p12|pfx|jwk)(?:\.(?:enc|gpg|age))?", re.IGNORECASE
)  # a key or config file's name, perhaps encrypted (`…_development.yml.enc`)
# A relative path to a file, perhaps with a cache-busting query: `unicode/1f511.png?v8` (an emoji
# map's `key:` entry), `img/old_key.svg`. No generated secret holds a `/` and then a file extension.
_FILE_PATH = re.compile(r"(?:[\w.@-]+/)+[\w@-][\w.@-]*\.[A-Za-z][A-Za-z0-9]{1,4}(?:\?[\w.=&-]{0,32})?")
# A URN (RFC 8141: `urn:NID:…`) names something — a SAML authentication class, an OAuth grant type
# (`…:TimeSyncToken`, `urn:ietf:params:oauth:grant-type:jwt-bearer`) — and is published in a standard.
_URN = re.compile(r"(?i)urn:[a-z0-9][a-z0-9-]{0,31}:\S+")
# `Authorization: Bearer <token>`, `token <value>`, `# token: <value>` in headers, curl lines, comments.
_BEARER_VALUE = re.compile(r":?[ \t]+([A-Za-z0-9._~+/\-]{20,400}=*)")


def _is_key_word(word: str) -> bool:
    if word in SECRET_WORDS:
        return True
    return any(word.endswith(w) for w in SECRET_WORDS) and not word.startswith(_PUBLIC_KEY_WORDS)


def holds_secret(assignment: Assignment) -> bool:
    """Whether the assignment's name says its value is a secret (module docstring)."""
    name = assignment.name.rsplit(".", 1)[-1]
    words = own_name_words(name)
    if not words or words[0] in _PUBLIC_FIRST_WORDS or names_a_stand_in(words):
        return False
    last = words[-1]
    if is_site_key(words):
        return False
    if last.endswith("salt"):
        constant = name.strip("_").isupper()
        holds = constant or any(word in _SIGNING_WORDS for word in words)
    else:
        holds = (_is_key_word(last) or is_authorization_code(words) or is_access_key_id(words) or is_key_base(words)
                 or names_a_variant(name) or names_a_service_key(words))
    return holds and (not assignment.call or sets_the_secret(words, SECRET_WORDS))


# `API_KEY = "…"  # this is a sample key`, `# example token:` on the line above: the author says so.
# A comment opener is not a URL's `//` (`https://…`) or fragment `#`; the word follows it closely.
_SAMPLE_COMMENT = re.compile(r"(?:(?<!\S)#|(?<!:)//|/\*)[^\n]{0,120}?\b(?:sample|example|dummy|fake)\b", re.IGNORECASE)
_SAMPLE_REACH = 300  # how far from the value a comment on its line may start (a minified line is one script)


def spells_its_name(assignment: Assignment) -> bool:
    """`routing_key: 'someRoutingKeybfa2a7…'`, `$config['des_key'] = 'rcmail-!24ByteDESkey*Str'`: a value
    that spells its own name (the name's last two words run together, or a one-word name of five
    letters or more) is a stand-in that says what goes there; a generated secret does not name itself."""
    words = [word for word in own_name_words(assignment.name) if word]
    if not words:
        return False
    spelled = "".join(words[-2:])
    letters = "".join(c for c in assignment.value.lower() if c.isalpha())
    return len(spelled) >= 5 and spelled in letters


def commented_as_sample(text: str, start: int) -> bool:
    """A comment on the value's line, or on the line above (a key pair written on two lines under
    one remark), calls it a sample, an example, a dummy or a fake: documentation to replace, not a
    working credential."""
    line_start = text.rfind("\n", 0, start) + 1
    previous = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    return _SAMPLE_COMMENT.search(text, max(previous, start - _SAMPLE_REACH), min(line_end, start + _SAMPLE_REACH)) is not None


def patterned_or_truncated(value: str) -> bool:
    """Not a usable generated value: cut short by the author (`AMaB…Xyz...`, `…`), or typed to a
    pattern — one three-character piece four or more times (`abc9…g4d…g4d…g4d…g4d`), which a random
    value of up to 64 characters practically never holds."""
    if value.endswith(("...", "\u2026")):
        return True
    if len(value) > 64:
        return False
    pieces = [value[i : i + 3] for i in range(len(value) - 2)]
    return any(pieces.count(piece) >= 4 for piece in set(pieces) if piece.isalnum())


# Words that name something about a secret rather than the secret itself: where it is, what it is
# called, how it is checked or for how long it lives (`token_url`, `KEY_ID`, `secret_name`,
# `API_KEY_HASH`, `TOKEN_TTL`).  A signature, nonce or IV travels with the message.
_ABOUT_SECRET_WORDS = frozenset(
    {
        "id", "ids", "kid", "uuid", "guid", "name", "names", "type", "types", "kind", "class", "cls", "url", "urls",
        "uri", "endpoint", "host", "path", "file", "filename", "dir", "header", "headers", "prefix", "suffix",
        "field", "fields", "param", "params", "parameter", "env", "var", "variable", "pattern", "regex", "re",
        "format", "length", "len", "size", "bits", "count", "version", "hash", "digest", "fingerprint", "checksum",
        "sha", "md", "label", "alias", "ref", "arn", "location", "expiry", "expires", "expiration", "ttl",
        "lifetime", "timeout", "age", "time", "timestamp", "date", "scope", "scopes", "store", "storage", "cache",
        "provider", "manager", "service", "handler", "loader", "generator", "factory", "validator", "source",
        "method", "algorithm", "alg", "mode", "policy", "index", "idx", "offset", "signature", "sig", "mac", "hmac",
        "nonce", "iv", "salt", "public", "pub", "cert", "certificate", "request", "response", "error", "message",
        "msg", "text", "encoding", "encoded",
    }
)


# The name's last run of capitals joined by underscores (`UUID_TOKEN_DEFAULT` of `self.v3_UUID_TOKEN_DEFAULT`).
_CONSTANT_TAIL = re.compile(r"(?:[A-Z][A-Z0-9]*_)+[A-Z][A-Z0-9]*$")


def names_a_variant(name: str) -> bool:
    """`UUID_TOKEN_DEFAULT`, `TOKEN_UNSCOPED`, `API_KEY_PROD`: in a constant's name a secret word
    followed by words that say which one (a variant, a scope, an environment) still names the
    secret itself, unless a following word names something about it instead (`_ABOUT_SECRET_WORDS`:
    `TOKEN_URL`, `KEY_ID`, `BASIC_AUTH_ENCODING`).  Only constants: written in capitals, a name
    puts its qualifiers after the noun; in camelCase and lower case the last word is the noun
    (`keyLookupValue`, `oauth_verifier`)."""
    tail = _CONSTANT_TAIL.search(name)
    if tail is None:
        return False
    words = [word.rstrip("0123456789") for word in tail.group().lower().split("_")]
    for index in range(len(words) - 2, -1, -1):
        if words[index] in SECRET_WORDS:
            return not any(word in _ABOUT_SECRET_WORDS for word in words[index + 1:])
    return False


def names_a_service_key(words: list[str]) -> bool:
    """`api_key_flickr`, `apiKeyGooglemaps`, `api_token_prod`: an API key (or token, secret) and then the
    service or environment it is for, in any casing; the API key itself, unless that last word names
    something about it (`api_key_header`, `api_key_name`: `_ABOUT_SECRET_WORDS`)."""
    return len(words) >= 3 and words[-3] == "api" and words[-2] in ("key", "token", "secret") \
        and words[-1] not in _ABOUT_SECRET_WORDS


def is_authorization_code(words: list[str]) -> bool:
    """`authorizationCode`, `auth_code`: an OAuth authorization code is a bearer credential — whoever
    holds it (with the client's id) gets the user's tokens — so the name holds a secret although
    `code` alone does not (`status_code`, `country_code`)."""
    return words[-2:] in (["authorization", "code"], ["auth", "code"], ["oauth", "code"])


def is_access_key_id(words: list[str]) -> bool:
    """`aws_access_key_id`, `AccessKeyId`, `accessKeyID`: the identifying half of an access key pair
    (S3-compatible stores, cloud consoles). Written next to its secret it is the account's credential
    as much as the secret is, and a generated id is what detect-secrets flags for AWS; `id` alone, or
    `key_id` (a JWT's `kid`, a key's public fingerprint), is not a secret word."""
    return words[-3:] == ["access", "key", "id"] or words[-1] in ("accesskeyid", "accesskeyids")


def is_key_base(words: list[str]) -> bool:
    """`secret_key_base`, `SECRET_KEY_BASE`: the Rails application secret every signed cookie and
    encrypted credential derives from; the name's last word is `base`, but the value is the key."""
    return words[-2:] == ["key", "base"]


def is_site_key(words: list[str]) -> bool:
    """`sitekey`, `site_key`, `data-sitekey`: a CAPTCHA widget's site key (reCAPTCHA, hCaptcha,
    Turnstile) is public by design — every page that shows the widget embeds it; its secret is the
    separately named `secret`/`secret_key`."""
    return words[-1] == "sitekey" or words[-2:] == ["site", "key"]


# `{"key": "GetBrowsePage_rid", "value": "…"}`, `{"Key": "Name", "Value": …}`: in a key–value pair
# the member named `key` holds the pair's name; a name made of words (`_IDENTIFIER_WORDS`) is an
# identifier, not key material.
_PAIR_VALUE_AFTER = re.compile(r"""["']?[ \t]*,[ \t]*["']?value["']?[ \t]*[:=]""", re.IGNORECASE)
_IDENTIFIER_WORDS = re.compile(r"[A-Za-z]+(?:[_.-][A-Za-z]+)*")


def names_a_field(text: str, assignment: Assignment) -> bool:
    """A member named just `key` that names a field: its object gives the value under a sibling
    `value` member, or the value is an identifier made of words without digits
    (`GetBrowseAlbumDetailPage_rid`, `reads_as_words`)."""
    if assignment.name.strip("\"'`[]$.").lower() != "key":
        return False
    if _PAIR_VALUE_AFTER.match(text, assignment.end):
        return True
    return _IDENTIFIER_WORDS.fullmatch(assignment.value) is not None and reads_as_words(assignment.value)


# Where a test compares a value: `assert …`, `==`, `assertEqual(…)`, `expect(…)`, `called_with(…)`.
_COMPARISON_LINES = 12  # a multi-line `assertEqual(` call spells out a whole token dict
_COMPARISON = re.compile(r"\bassert|[=!]=|\bexpect\(|\.to(?:Be|Equal)\(|called_with\(|\bEqual", re.IGNORECASE)
# A line that starts a function or a test case (Python, Go, JavaScript, Ruby, Java/C#, Rust).
_TEST_START = re.compile(
    r"\n[ \t]*(?:(?:async[ \t]+)?def[ \t]|func[ \t]|function\b|fn[ \t]|it\(|test\(|@Test\b|public[ \t]+void[ \t])"
)


def asserted_back(text: str, value: str) -> bool:
    """A test's mocked token: the value occurs again where the test compares it — twice on one line
    (a parametrize row of input and expected output), a comparison on its line or opening in the
    twelve lines before it (`self.assertEqual(\n    token,\n    {"access_token": "…"`), or, when the
    same test holds the value twice (the input and the expected answer), a comparison in the twelve
    lines after it (`expected = {…"secret": "…"}` then `assert_equal expected, parsed`); never across
    a test's start. A value that only recurs as an argument (`Client.init("id", "secret")`, then
    `client_secret="secret"` in a fallback; the same API key passed in two tests, each then
    asserting on the answer) is the same credential used twice, not a value the test checks."""
    positions = [match.start() for match in re.finditer(re.escape(value), text)]
    if len(positions) < 2:
        return False
    for index, position in enumerate(positions):
        line_start = text.rfind("\n", 0, position) + 1
        line_end = text.find("\n", position)
        line_end = len(text) if line_end == -1 else line_end
        if index + 1 < len(positions) and positions[index + 1] < line_end:
            return True
        window, window_end = line_start, line_end
        for _ in range(_COMPARISON_LINES):
            window = text.rfind("\n", 0, max(0, window - 1)) + 1
            following = text.find("\n", window_end + 1)
            window_end = len(text) if following == -1 else following
        twice_in_test = any(
            _in_one_test(text, other, position) for other in positions[max(0, index - 1) : index + 2] if other != position
        )
        if any(
            _in_one_test(text, comparison.start(), position)
            for comparison in _COMPARISON.finditer(text, window, window_end if twice_in_test else line_end)
        ):
            return True
    return False


def _in_one_test(text: str, first: int, second: int) -> bool:
    """No test or function starts between the two positions: an `assert` closing the test before the
    value, or opening the one after it, says nothing of the value; nor does its copy in another test."""
    low, high = sorted((first, second))
    return _TEST_START.search(text, low, high) is None


_PER_ITEM_VALUES = 5
# The assignment parser reads literals up to 300 characters; OAuth authorization codes and access
# tokens run past 256 (a 260-character code in a held-out example was left).
_LONGEST_VALUE = 300


def per_item_values(text: str, name: str, counts: dict[str, int]) -> bool:
    """In a data file (a captured response, not a program), a name that holds five or more distinct
    values (`"feedbackToken"` on every item of a listing, `"continuation"`, `"pageToken"`) is a
    per-item field the server hands to anyone who asks — a credential is one value per account, not
    one per item. Counted once per name and file. Not a name ending in `key` or `secret`: a captured
    camera listing's snapshot `key` opens that item's image, a credential per item."""
    last = own_name_words(name.strip("\"'"))[-1:]
    if not last or last[0].endswith(("key", "secret")):
        return False  # a key or secret per item (a camera snapshot's access `key`) is each item's credential
    if name not in counts:
        pattern = re.compile(r"[\"']?" + re.escape(name) + r"[\"']?[ \t]*[:=][ \t]*[\"']([^\"'\n]{1,512})[\"']")
        counts[name] = len({match.group(1) for match in pattern.finditer(text)})
    return counts[name] >= _PER_ITEM_VALUES


def _cipher_key_bytes(text: str, assignment: Assignment) -> bool:
    """`_TOKEN_ENCRYPTION_KEY = b"…"` of exactly 16, 24 or 32 bytes: an AES key, random-looking or not."""
    prefix = text[max(0, assignment.start - 2) : assignment.start - 1]
    value = assignment.value
    return (
        prefix in ("b", "B") and len(value) in _CIPHER_KEY_BYTES and value.isascii() and not is_placeholder(value)
        and not counting_run(value, 5)
        and assignment.name.lstrip("_").isupper() and not value.isdigit()
    )


# A constant whose name says it holds a cipher key or a service secret: its value is the secret
# whatever it looks like (`_DECRYPTION_KEY = 'IFYOUWANT…'`, `_THEPLATFORM_SECRET = 's3cr3t'`).
_CIPHER_WORDS = frozenset({"encryption", "decryption", "encrypt", "decrypt", "aes", "cipher", "crypt", "crypto", "hmac"})
_SECRET_LAST_WORDS = frozenset({"secret", "clientsecret", "appsecret", "apisecret"})
_TOY_MARKERS = ("test", "demo", "sample", "dummy", "fake", "mock", "key", "secret", "token", "abc", "123", "foo")
_NAMED_VALUE = re.compile(r"[^\s'\"`]{6,256}")
_IDENTIFIER_LIKE = re.compile(r"[a-z][a-z0-9]*(?:[_.:/-][a-z0-9]+)+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")


def named_constant_secret(assignment: Assignment) -> bool:
    """An UPPER_CASE constant named as a cipher key (`_AES_KEY`, `_ENCRYPTION_KEY`) or a secret
    (`_CLIENT_SECRET`), or an API key under any casing (`'apiKey': '…'`), holding any literal that is
    not a placeholder, a word of its own name or an identifier (`'session_key'`, `'DEMO_KEY'`). Like
    a password, such a value is a credential because the name says so, whatever it looks like."""
    name = assignment.name.rsplit(".", 1)[-1].strip("\"'")
    words = own_name_words(name)
    if assignment.call or not words or words[0] in _PUBLIC_FIRST_WORDS:
        return False
    api_key = words[-1] == "apikey" or words[-2:] == ["api", "key"]  # `'apiKey': '…'`, any casing
    if not (api_key or name.strip("_").isupper()):
        return False
    cipher_key = _is_key_word(words[-1]) and any(word in _CIPHER_WORDS for word in words)
    if not (api_key or cipher_key or words[-1] in _SECRET_LAST_WORDS):
        return False
    value = assignment.value
    if not _NAMED_VALUE.fullmatch(value) or is_placeholder(value) or _IDENTIFIER_LIKE.fullmatch(value):
        return False
    if counting_run(value, 5) or any(marker in value.lower() for marker in _TOY_MARKERS):
        return False  # `0123456789abcdef`, `testkey123`, `demo-secret`: a stand-in
    if not any(c.isdigit() for c in value) and set(re.findall(r"[a-z]+", value.lower())) <= set(words):
        return False  # `DATA_API_KEY = '.data-api'` (Bootstrap's event namespace): the name's own words
    return value.lower() not in ("secret", "changeme", "password", "none", "null")


def is_public_ec_point(value: str) -> bool:
    """A P-256 public key as web push writes it (RFC 8292's VAPID `applicationServerKey`,
    `vapid_key`, `p256dh`): base64url of 65 bytes, 0x04 then the point's two coordinates. A public
    key is handed to every browser that subscribes; its private half is 32 bytes and never has this
    shape."""
    if len(value.rstrip("=")) != 87 or value[0] != "B":
        return False
    try:
        point = base64.urlsafe_b64decode(value.rstrip("=") + "=")
    except (binascii.Error, ValueError):
        return False
    return len(point) == 65 and point[0] == 4


# A value of a few lower-case ASCII letters and nothing else (`'first'`, `'unused'`, `'inherited'`).
_SHORT_WORD = re.compile(r"[a-z]{1,12}")


def _random_enough(value: str) -> bool:
    return looks_random(value) if len(value) >= 16 else looks_random_short(value)


class SecretRecognizer(PathRecognizer):

    def __init__(self) -> None:
        super().__init__([KEY])

    def find_at(self, text: str, language: str | None, path: str | None) -> Iterator[Finding]:
        """Each secret once, though `_AUTH_KEY` holds two keyword hits."""
        return iter(dict.fromkeys(self._candidates(text, language, path)))

    def _candidates(self, text: str, language: str | None, path: str | None) -> Iterator[Finding]:
        hits = keyword_hits(text, _STEMS)
        # Test code (a program under a test folder, not a key file there); if it checks signatures,
        # the keys in it are test vectors.
        test_code = is_test_path(path) and language in CODE_LANGUAGES
        checks_signatures: list[bool] = []  # searched once, and only when a candidate needs it

        def vectors() -> bool:
            if not checks_signatures:
                checks_signatures.append(test_code and _SIGNATURE_TEST.search(text) is not None)
            return checks_signatures[0]

        # The file's random-looking runs and whether it writes bytes as escapes: gathered once, and
        # only when a candidate needs them.
        other_halves: list[tuple[set[str], bool]] = []

        def vector_key(value: str) -> bool:
            """A key of the test's vectors: the file checks signatures or ciphers and also holds the
            vector's other half, a random-looking run that is not the key (the expected MAC)."""
            if not vectors():
                return False
            if not other_halves:
                runs = {found for found in _RANDOM_RUN.findall(text) if looks_random(found)}
                other_halves.append((runs, len(_BYTE_ESCAPE.findall(text)) >= 8))
            runs, escaped_bytes = other_halves[0]
            return bool(runs - {value}) or escaped_bytes

        has_escapes = "\\x" in text
        served_page: list[bool] = []  # whether the file is a whole HTML page; looked at once, when needed

        def page_key(name: str) -> bool:
            if not is_service_client_key(name_words(name.rsplit(".", 1)[-1].strip("\"'"))):
                return False
            if not served_page:
                served_page.append(language not in CODE_LANGUAGES and is_served_page(text))
            return served_page[0]

        value_counts: dict[str, int] = {}
        for assignment in find_assignments(text, hits, language):
            value = assignment.value
            if len(value) <= _LONGEST_VALUE and holds_secret(assignment) and (
                _random_enough(value)
                or _cipher_key_bytes(text, assignment)
                or (not test_code and (named_constant_secret(assignment) or mixes_four_classes(value)))
            ):
                if _FILE_NAME.fullmatch(value) or _FILE_PATH.fullmatch(value) or _URN.fullmatch(value) \
                        or vector_key(value) or names_a_field(text, assignment):
                    continue  # a key file's name or a file's path, a URN; a signature or cipher test vector's
                    # key; a field's name
                if page_key(assignment.name):
                    continue  # a service's client key in a page every visitor is sent (served_page_keys)
                if language not in CODE_LANGUAGES and per_item_values(text, assignment.name, value_counts):
                    continue  # one value per item of a captured listing, not a credential
                if patterned_or_truncated(value) or commented_as_sample(text, assignment.start) \
                        or spells_its_name(assignment) or _SHORT_WORD.fullmatch(value):
                    continue  # a sample the author marks, types to a pattern, cuts short or names after itself;
                    # a short lower-case word (`{'api_key': 'inherited'}`): no service generates such a key
                if test_code and asserted_back(text, value):
                    continue  # a mocked token the test feeds in and asserts back: a fixture
                if value.startswith("eyJ") and is_public_jwt(value, text, language, test_code):
                    continue  # a JWT is judged by its own evidence (jwt_evidence), whatever holds it
                if is_public_ec_point(value):
                    continue  # a web-push VAPID key: an uncompressed EC public point, public by design
                yield Finding(KEY, assignment.start, assignment.end)
        form_bodies = FormBodies(text)
        parameter_read_to = -1  # every hit inside one parameter name reads the same `name=value`: read it once
        for hit_start, hit_end in hits:
            if hit_end > parameter_read_to:
                parameter_read_to = _PARAMETER_NAME.match(text, hit_end).end()
                yield from self._query_value(text, hit_start, hit_end, language, test_code, form_bodies)
            if has_escapes:
                yield from self._escaped_bytes(text, hit_start, hit_end, vectors)
            if hit_end - hit_start in (5, 6) and text[hit_start:hit_end].lower() in ("bearer", "token"):
                match = _BEARER_VALUE.match(text, hit_end)
                if match and looks_random(match.group(1)) and not (
                    match.group(1).startswith("eyJ") and is_public_jwt(match.group(1), text, language, test_code)
                ):
                    yield Finding(KEY, match.start(1), match.end(1))

    @staticmethod
    def _escaped_bytes(
        text: str, hit_start: int, hit_end: int, vectors: Callable[[], bool]
    ) -> Iterator[Finding]:
        """A secret-like name holding key bytes written with `\\xHH` escapes (8 or more, 6 distinct),
        alone or mixed with printable bytes (`b'\\xe9W\\xe4.<*\\xb8…'`)."""
        match = _ESCAPED_BYTES.match(text, hit_end)
        if match is None or vectors():
            return
        name = text[name_start(text, hit_start) : hit_end] + match.group()[: match.group().find("=")].strip(" \t:")
        words = name_words(name.split(":")[0])
        if not words or not _is_key_word(words[-1]) or words[0] in _PUBLIC_FIRST_WORDS:
            return
        body = match.group(2)
        escapes = re.findall(r"\\x[0-9a-fA-F]{2}", body)
        if len(escapes) >= 8 and len({escape.lower() for escape in escapes}) >= 6:
            yield Finding(KEY, match.start(2), match.end(2))

    @staticmethod
    def _query_value(
        text: str, hit_start: int, hit_end: int, language: str | None, test_code: bool, form_bodies: FormBodies
    ) -> Iterator[Finding]:
        """`?apikey=v`, `&access_token=v`, `key=v` on an API host: a credential in a URL; and
        `client_secret=v` among a form-encoded body's parameters (`form_body`)."""
        match = _QUERY_VALUE.match(text, hit_end)
        if match is None:
            return
        start = name_start(text, hit_start)
        line_start = text.rfind("\n", 0, start) + 1
        query = text.rfind("?", line_start, start) if start and text[start - 1] in "?&" else -1
        # `a&&key=v` in code: only a parameter after a `?` on the same line is a query's
        if query == -1 and not form_bodies.holds(start):
            return
        name = text[start : match.start(1) - 1]
        words = name_words(name)
        if not words or not _is_key_word(words[-1]) or words[0] in _PUBLIC_FIRST_WORDS:
            return
        if query != -1 and _BADGE.search(text, max(line_start, query - 8), query + 1):
            return  # `badge.svg?token=…`: a read-only token made to be embedded in a README
        value = match.group(1)
        if name.lower() == "key" and not _API_URL.search(text, line_start, start):
            if len(value) < 20 or not looks_random(value):
                return  # off an API host a bare `key=` is a credential only when long and random
        if _FORMAT_CODE.search(value) or not _random_enough(value):
            return
        if value.startswith("eyJ") and is_public_jwt(value, text, language, test_code):
            return
        if test_code and query != -1 and text.find("otpauth://", line_start, query) != -1:
            return  # an `otpauth://` URI in test code: an OTP test vector (the test checks codes made from it)
        yield Finding(KEY, match.start(1), match.end(1))
