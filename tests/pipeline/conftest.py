"""Fixtures shared by the pipeline tests."""

import socket

import pytest


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails the test: a dry run (local or Dataflow's own
    translation) must check the graph and options without contacting anything."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the dry run tried to connect: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
