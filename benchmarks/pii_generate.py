"""Generate the labelled PII benchmark: real source files with planted values and look-alikes.

Real files (Python, JavaScript, C headers, shell, YAML, JSON, TOML/INI …) are taken from the
virtualenv and the system's /usr/lib and /usr/share; into each, a few lines are inserted at random
line boundaries, written the way each language carries such values (string literals, comments,
config lines, connection strings, PEM blocks). Alongside them go look-alikes that must survive
redaction (versions, private and documentation IPs, example.com addresses, git hashes, UUIDs,
sha256 sums, slices, base64 blobs, placeholders). Output: `DIR/files/NNNNN.EXT` and
`DIR/labels.jsonl` with, per file, its language, the planted spans, the look-alike spans, and the
insertions (to map findings on the unmodified original onto the planted file).

    python benchmarks/pii_generate.py --seed 1 --files 400 --out benchmarks/.out/pii
"""

import argparse
import json
import random
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pii_values as v  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / ".venv/lib/python3.11/site-packages", Path("/usr/lib"), Path("/usr/share"))
LANGUAGES = {  # extension → (go-enry language, comment prefix, family)
    ".py": ("Python", "# ", "code"), ".js": ("JavaScript", "// ", "code"), ".h": ("C", "/* ", "code"),
    ".c": ("C", "/* ", "code"), ".sh": ("Shell", "# ", "shell"), ".yaml": ("YAML", "# ", "yaml"),
    ".yml": ("YAML", "# ", "yaml"), ".json": ("JSON", "", "json"), ".toml": ("TOML", "# ", "config"),
    ".cfg": ("INI", "# ", "config"), ".conf": (None, "# ", "config"),
}
# (entity or look-alike kind, prefix, value, suffix); value None marks a multi-line PEM block.
Piece = tuple[str, str, str, str]


def _comment(prefix: str, body: str) -> str:
    return prefix + body + (" */" if prefix == "/* " else "")


def _assign(family: str, name: str, rng: random.Random) -> tuple[str, str]:
    """(text before, text after) the value for `name = value` in the file's family."""
    upper = name.upper()
    return {
        "code": rng.choice(((f'{name} = "', '"'), (f"    {name}: '", "',"), (f'config["{name}"] = "', '"'))),
        "shell": rng.choice(((f'export {upper}="', '"'), (f"{upper}=", ""))),
        "yaml": rng.choice(((f"  {name}: ", ""), (f'{name}: "', '"'))),
        "json": (f'  "{name}": "', '",'),
        "config": rng.choice(((f"{name} = ", ""), (f"{upper}=", ""))),
    }[family]


def planted(rng: random.Random, family: str, comment: str) -> list[Piece]:
    """One line (or block) carrying one value of a random supported type."""
    kind = rng.choice(("EMAIL", "IP_ADDRESS", "KEY", "KEY", "PASSWORD", "PASSWORD", "PRIVATE_KEY"))
    if kind == "EMAIL":
        value = v.email(rng)
        if rng.random() < 0.5 and comment:
            return [(kind, _comment(comment, f"Maintainer: {rng.choice(v.FIRST).title()} <"), value, ">")]
        return [(kind, *_place(family, rng.choice(("email", "author_email", "contact")), value, value, rng))]
    if kind == "IP_ADDRESS":
        value = v.public_ipv4(rng) if rng.random() < 0.75 else v.public_ipv6(rng)
        style = rng.randrange(3)
        if style == 0 and comment:
            return [(kind, _comment(comment, "production server: "), value, "")]
        if style == 1 and ":" not in value:
            return [(kind, *_place(family, "endpoint", f"http://{value}:8080/api", value, rng))]
        return [(kind, *_place(family, rng.choice(("host", "server_ip", "address")), value, value, rng))]
    if kind == "KEY":
        if rng.random() < 0.6:
            value = v.provider_key(rng)
            if len(value) == 88 and value.endswith("=="):  # Azure keys travel in connection strings
                conn = f"DefaultEndpointsProtocol=https;AccountName=prodlogs;AccountKey={value};EndpointSuffix=core.windows.net"
                return [(kind, *_place(family, "storage_connection", conn, value, rng))]
            if rng.random() < 0.3 and comment:
                return [(kind, _comment(comment, "token: "), value, "")]
            name = rng.choice(("token", "api_key", "auth", "client_key", "github_token", "openai_key"))
        else:
            value = v.generic_secret(rng)
            name = rng.choice(("secret_key", "api_key", "auth_token", "client_secret", "access_token", "SECRET_KEY"))
        return [(kind, *_place(family, name, value, value, rng))]
    if kind == "PASSWORD":
        style = rng.randrange(4)
        if style == 0:
            value = v.password(rng, url_safe=True)
            url = f"postgresql://app_user:{value}@db.internal.acmecorp.io:5432/orders"
            return [(kind, *_place(family, "database_url", url, value, rng))]
        value = v.password(rng)
        if style == 1 and family in ("code", "json"):
            conn = f"Server=sql01;Database=shop;User Id=svc;Password={value};"
            return [(kind, *_place(family, "connection_string", conn, value, rng))]
        if style == 1 and family == "shell":
            return [(kind, "mysql -u root --password='", value, "' shop < dump.sql")]
        name = rng.choice(("password", "db_password", "DB_PASS", "smtp_password", "adminPassword"))
        return [(kind, *_place(family, name, value, value, rng))]
    label, lines = v.private_key(rng)
    block = "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"])
    if family == "code":
        return [(kind, 'PRIVATE_KEY = """', block, '"""')]
    if family == "json":
        return [(kind, '  "private_key": "', block.replace("\n", "\\n"), '\\n",')]
    if family == "yaml":
        return [(kind, "private_key: |\n  ", block.replace("\n", "\n  "), "")]
    return [(kind, "cat > id_rsa <<'EOF'\n", block, "\nEOF")]


def _place(family: str, name: str, whole: str, value: str, rng: random.Random) -> tuple[str, str, str]:
    """(before, value, after) for `name = whole`, where `whole` contains `value` (URLs, DSNs)."""
    before, after = _assign(family, name, rng)
    at = whole.index(value)
    return before + whole[:at], value, whole[at + len(value) :] + after


def lookalike(rng: random.Random, family: str, comment: str) -> list[Piece]:
    kinds: dict[str, Callable[[], list[Piece]]] = {
        "version": lambda: [("version", *_place(family, rng.choice(("version", "__version__")),
                                                val := v.version(rng), val, rng))],
        "pinned": lambda: [("version", "requirement = \"numpy==", v.version(rng), '"')],
        "private_ip": lambda: [("private_ip", *_place(family, "host", val := v.private_ip(rng), val, rng))],
        "example_email": lambda: [("example_email", _comment(comment, "e.g. ") if comment else "email = \"",
                                   v.example_email(rng), "" if comment else '"')],
        "git_hash": lambda: [("git_hash", *_place(family, "commit", val := v.git_hash(rng), val, rng))],
        "uuid": lambda: [("uuid", *_place(family, "request_id", val := v.a_uuid(rng), val, rng))],
        "sha256": lambda: [("sha256", *_place(family, "sha256", val := v.sha256(rng), val, rng))],
        "slice": lambda: [("slice", "evens = values", rng.choice(("[::2]", "[1::3]", "[::-1]", "[::4]")), "")],
        "blob": lambda: [("blob", 'icon = "data:image/png;base64,', v.base64_blob(rng), '"')],
        "placeholder": lambda: [("placeholder", *_place(family, rng.choice(("api_key", "password")),
                                 val := rng.choice(("YOUR_API_KEY", "changeme", "<password>", "${DB_PASSWORD}",
                                                    "AKIAIOSFODNN7EXAMPLE", "xxxxxxxxxxxxxxxx")), val, rng))],
        "test_vector": lambda: [("test_vector", *_place(family, "expected_digest", val := v.generic_secret(rng, False),
                                                        val, rng))],
    }
    return kinds[rng.choice(sorted(kinds))]()


def collect(rng: random.Random, per_language: int) -> list[Path]:
    by_language: dict[str, list[Path]] = {}
    for source in SOURCES:
        for ext in LANGUAGES:
            for path in sorted(source.rglob(f"*{ext}")):
                if path.is_file() and not path.is_symlink() and 500 < path.stat().st_size < 200_000:
                    by_language.setdefault(ext, []).append(path)
    chosen = []
    for ext in sorted(by_language):
        paths = by_language[ext]
        chosen += rng.sample(paths, min(per_language, len(paths)))
    return chosen


def plant(text: str, family: str, comment: str, rng: random.Random) -> tuple[str, dict]:
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    pieces = [("planted", planted(rng, family, comment)) for _ in range(rng.randint(1, 4))]
    pieces += [("lookalike", lookalike(rng, family, comment)) for _ in range(rng.randint(1, 3))]
    slots = sorted(rng.randrange(len(lines) + 1) for _ in pieces)
    out: list[str] = []
    length = original = 0
    labels: dict[str, list] = {"planted": [], "lookalikes": [], "insertions": []}
    cursor = 0
    for slot, (role, piece) in zip(slots, pieces):
        for line in lines[cursor:slot]:
            out.append(line)
            length += len(line)
            original += len(line)
        cursor = slot
        inserted_from = length
        for kind, before, value, after in piece:
            start = length + len(before)
            chunk = before + value + after + "\n"
            out.append(chunk)
            length += len(chunk)
            target = labels["planted"] if role == "planted" else labels["lookalikes"]
            target.append({"kind": kind, "start": start, "end": start + len(value)})
        labels["insertions"].append([original, length - inserted_from])
    out += lines[cursor:]
    return "".join(out), labels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--files", type=int, default=60, help="files per language (at most)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/.out/pii")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    if args.out.exists():
        shutil.rmtree(args.out)
    (args.out / "files").mkdir(parents=True)
    (args.out / "original").mkdir()
    written = 0
    with open(args.out / "labels.jsonl", "w", encoding="utf-8") as labels_file:
        for path in collect(rng, args.files):
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            language, comment, family = LANGUAGES[path.suffix]
            planted_text, labels = plant(text, family, comment, rng)
            name = f"{written:05d}{path.suffix}"
            (args.out / "files" / name).write_text(planted_text, encoding="utf-8")
            (args.out / "original" / name).write_text(text, encoding="utf-8")
            labels_file.write(json.dumps({"file": name, "language": language, **labels}) + "\n")
            written += 1
    print(f"wrote {written} files with labels to {args.out}")


if __name__ == "__main__":
    main()
