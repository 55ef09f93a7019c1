"""Fixtures shared by the pipeline tests."""

import socket
from collections.abc import Iterator

import pytest


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any attempt to open a network connection fails the test: a dry run (local or Dataflow's own
    translation) must check the graph and options without contacting anything. The attempt is
    refused at once and also recorded, so that code which swallows the error (a client library's
    retry loop, a "manifest unreadable means none" fallback) still fails the test afterwards."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args[1:] if args and isinstance(args[0], socket.socket) else args)
        raise AssertionError(f"the dry run tried to connect: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield
    assert not attempts, f"the dry run tried to connect {len(attempts)} time(s), first to {attempts[0]}"
