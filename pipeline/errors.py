"""Errors a user can act on: the CLI prints their message as one line, without a traceback."""


class UsageError(Exception):
    """A problem the user can fix (bad argument, existing output, nothing to do …)."""
