"""Loaded by every Python process of a test's child run (this folder is put on PYTHONPATH): when
CODECURATE_SLOW_PUBLISH names a file, the publish step (in whichever process runs it: the
launcher or a worker) creates that file just before it renames the new manifest into place, then
waits there, so that a test can signal the run while it is publishing.
"""

import os

_MARKER = os.environ.get("CODECURATE_SLOW_PUBLISH")

if _MARKER:
    import time

    import pipeline.dataset.publish as publish

    _replace = publish._replace

    def slow_replace(output: str, name: str, data: bytes) -> None:
        if name == "manifest.json":
            open(_MARKER, "w").close()
            time.sleep(60)
        _replace(output, name, data)

    publish._replace = slow_replace
