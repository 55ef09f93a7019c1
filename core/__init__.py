"""The contracts every other package shares, and nothing else.

The record that flows through every stage (`records`), the per-file step protocol and the one
runner that routes drops (`steps`), the base of every config section (`config_base`), and writing
and reading a file through Beam's FileSystems (`files`).  The domain packages (`filters`,
`licenses`, `pii`, `dedup`) and the pipeline both build on these; `core` imports neither, so
dependencies point one way: pipeline → domains → core.
"""
