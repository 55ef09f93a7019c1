"""How a `codecurate` process starts and ends, whichever way it was started: the console script
(`[project.scripts]` in pyproject.toml) and `python -m pipeline.cli` both call `console`.

`main()` (`main.py`) is a function that returns an exit code, for tests and other Python callers;
`console` makes a process of it.  A signal that arrives while the command is still being imported
ends it at once with the one line `interrupt.py` would print (no command has started, nothing
can have been published); once `main` runs, its own handler (`interrupt.py`) takes over.  When
`main` is done, everything it wrote is flushed and the process leaves with `os._exit`: the
interpreter's teardown of Beam's gRPC servers, thread pools and thousands of modules costs a
second or more on a loaded machine and can only lose output or abort in a native library's
thread teardown.  argparse's exits (`--help`, usage errors) and `--debug` tracebacks leave the
same way, with the code Python would give them.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import traceback
from typing import NoReturn

BROKEN_PIPE = 141
"""128 + SIGPIPE: the reader of stdout left (`codecurate audit … | head`), as `main.py` answers it."""


def _before_main(signum: int, frame: object) -> None:
    """A signal while the interpreter is still importing the CLI: nothing has started yet."""
    os.write(2, b"codecurate: interrupted; nothing was published\n")
    os._exit(128 + signum)


def guard_startup() -> None:
    """SIGINT/SIGTERM end the process at once until `main` installs its own handler (a signal
    ignored when the process started, as a script's `&` starts it, stays ignored)."""
    for number in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, _before_main)


def exit_code(code: object) -> int:
    """The process exit code of `main`'s result or a SystemExit's code, as Python would give it."""
    if code is None:
        return 0
    if isinstance(code, bool):
        return int(code)
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)  # sys.exit("message"): Python prints it and exits 1
    return 1


def leave(code: int) -> NoReturn:
    """Flush what was written, then end the process without the interpreter's teardown."""
    runner = sys.modules.get("pipeline.runner")  # imported only by commands that make a pipeline
    if runner is not None:
        runner.remove_temp_dirs()
    logging.shutdown()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        code = BROKEN_PIPE if code == 0 else code
    except (OSError, ValueError):
        pass
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


GRPC_QUIET = {"GRPC_VERBOSITY": "ERROR"}
"""gRPC's C core (the local runner's channels between launcher and workers) logs at INFO by
default; a run that ends while channels are open (Ctrl-C) would print its transport notices into
the user's terminal.  Errors still show; a value the user set wins.  Set before gRPC is loaded,
and inherited by every worker."""


def console(argv: list[str] | None = None) -> NoReturn:
    """The `codecurate` process: `main(argv)` and its exit code."""
    guard_startup()
    for name, value in GRPC_QUIET.items():
        os.environ.setdefault(name, value)
    try:
        from pipeline.cli.main import main

        code = exit_code(main(argv))
    except SystemExit as done:  # argparse: --help (0) and usage errors (2)
        code = exit_code(done.code)
    except KeyboardInterrupt:  # only with --debug does `main` let it through
        traceback.print_exc()
        code = 128 + signal.SIGINT
    except BaseException:  # noqa: BLE001 - `--debug`: the traceback, then Python's exit code
        traceback.print_exc()
        code = 1
    leave(code)
