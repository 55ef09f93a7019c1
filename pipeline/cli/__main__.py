import logging
import os
import signal
import sys


def _before_main(signum: int, frame: object) -> None:
    """A signal while the interpreter is still importing the CLI: nothing has started yet."""
    os.write(2, b"codecurate: interrupted; nothing was published\n")
    os._exit(128 + signum)


for _number in (signal.SIGINT, signal.SIGTERM):
    if signal.getsignal(_number) is not signal.SIG_IGN:  # ignored when started so (a script's `&`): stays so
        signal.signal(_number, _before_main)

from pipeline.cli.main import main  # noqa: E402

_code = main()
# Everything is written and published (or reported): skip the interpreter's teardown of Beam's
# gRPC servers, thread pools and thousands of modules (a second or more on a loaded machine).
logging.shutdown()
sys.stdout.flush()
sys.stderr.flush()
os._exit(0 if _code is None else _code)
