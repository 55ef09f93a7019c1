"""PII and secret redaction for source code (docs/ARCHITECTURE.md §6, pii/DECISIONS.md).

Importing any module of this package first pins tldextract (imported by Presidio) to its bundled
public-suffix snapshot: without this, the first e-mail check would try to download the list, and the
pipeline must never touch the network. An operator who really wants a live list can still set the
variable before the import.
"""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
