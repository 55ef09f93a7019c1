"""`python -m pipeline.cli`: the same process as the `codecurate` console script (`entry.py`)."""

from pipeline.cli.entry import console

console()
