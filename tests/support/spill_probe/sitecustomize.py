"""Loaded by every Python process of a test's child run (this folder is put on PYTHONPATH):
records each spill of a `tempfile.SpooledTemporaryFile` to disk, with the path of the file it
spilled to, in the file named by CODECURATE_SPILL_LOG.

The ingest spool spills to an anonymous file (O_TMPFILE, or unlinked at once) that no directory
listing can show; /proc/self/fd still names the directory it lives in, which is what the leak
test needs to know: that the spill happened, and where.
"""

import os
import tempfile

_LOG = os.environ.get("CODECURATE_SPILL_LOG")

if _LOG:
    _rollover = tempfile.SpooledTemporaryFile.rollover

    def rollover(self):
        spilled = not self._rolled
        _rollover(self)
        if spilled:
            target = os.readlink(f"/proc/self/fd/{self._file.fileno()}")
            with open(_LOG, "a", encoding="utf-8") as handle:
                handle.write(f"{os.getpid()}\t{target}\n")

    tempfile.SpooledTemporaryFile.rollover = rollover
