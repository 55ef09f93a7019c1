"""The `codecurate` command line: argument parsing and the commands.  Nothing imports it back."""

from pipeline.cli.main import main

__all__ = ["main"]
