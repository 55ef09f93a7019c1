"""Runs INSIDE the detect-secrets venv (the benchmark cache's venvs/detect-secrets, bench_paths.py): the independent secret
detector of the PII benchmark. Reads file paths (one a line) from the file named by its first argument, scans each with
detect-secrets' `scan_file` (its file-type-aware plugins and default filters), and writes one JSON
line per finding (path, 1-based line number, secret type, secret value) and one `{"done": path}`
line per file to the file named by its second argument, appending, so a run can resume. The value
stays in the benchmark cache; the caller stores offsets and hashes, never the value.

Plugins: all of detect-secrets 1.5.0 except the two high-entropy-string plugins, which flag every
hash, integrity digest and base64 asset (tens of thousands in lock files and bundles) and so would
give a candidate list nobody can read; IPs are judged by the `ipaddress` detector instead of
detect-secrets' own `Public IP (ipv4)` plugin, which is left on and compared too.
"""

import json
import sys

from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
from detect_secrets.core.scan import scan_file
from detect_secrets.settings import transient_settings

_SKIPPED = {"Base64HighEntropyString", "HexHighEntropyString"}


def main() -> None:
    plugins = [{"name": cls.__name__} for cls in get_mapping_from_secret_type_to_class().values()
               if cls.__name__ not in _SKIPPED]
    with transient_settings({"plugins_used": plugins}):
        with open(sys.argv[1], encoding="utf-8") as paths, open(sys.argv[2], "a", encoding="utf-8") as out:
            for line in paths:
                path = line.rstrip("\n")
                try:
                    for secret in scan_file(path):
                        out.write(json.dumps({"path": path, "line": secret.line_number, "type": secret.type,
                                              "value": secret.secret_value}) + "\n")
                except Exception as error:  # noqa: BLE001 - one unreadable file must not stop the scan
                    print(json.dumps({"path": path, "error": type(error).__name__}), file=sys.stderr)
                out.write(json.dumps({"done": path}) + "\n")
                out.flush()


if __name__ == "__main__":
    main()
