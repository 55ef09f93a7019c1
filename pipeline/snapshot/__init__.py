"""The next snapshot: the state a dataset keeps for its next version, and `codecurate update`."""
