"""Helpers the tests share: dump writers, reference datasets, a test-only Beam filesystem, the
session-wide verification of every dataset the tests build, and child-process measurement."""
