"""codecurate: the Beam graph, its CLI and the dataset contract (ingest, write, manifest, verify)."""

__version__ = "0.1.0"
