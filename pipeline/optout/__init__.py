"""Opt-out requests: the list format, its semantics (`rules`), and the next dataset version."""
