"""Errors a user can act on: the CLI prints their message as one line, without a traceback."""


class UsageError(Exception):
    """A problem the user can fix (bad argument, existing output, nothing to do …)."""


class RunFailed(Exception):
    """The run could not finish for a reason outside the user's input (a worker process died)."""
