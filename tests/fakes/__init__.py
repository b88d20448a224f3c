"""Fake ``kind``, ``docker`` and ``kubectl`` executables, put alone on PATH for unit tests.

``install_fakes`` writes one small launcher per tool into a temporary ``bin`` folder (running the
script next to this file with the interpreter running the tests) and makes that folder the whole
PATH, so a test can also take a tool away (``FakeTools.remove``). The fakes append each call to a
JSON-lines log and share a JSON state file; see ``_fakelib.py``.
"""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

FAKES_DIR = Path(__file__).resolve().parent
TOOLS = ("kind", "docker", "kubectl")


@dataclass
class FakeTools:
    bin_dir: Path
    log: Path
    state_file: Path
    monkeypatch: pytest.MonkeyPatch

    def calls(self, tool: str | None = None) -> list[list[str]]:
        """The argv of each call so far (of one tool, or all as ``[tool, *argv]``)."""
        if not self.log.exists():
            return []
        entries = [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]
        if tool is None:
            return [[e["tool"], *e["argv"]] for e in entries]
        return [e["argv"] for e in entries if e["tool"] == tool]

    def entries(self, tool: str) -> list[dict[str, Any]]:
        """Each logged call of ``tool`` with what the fake recorded (e.g. the kind config it read)."""
        if not self.log.exists():
            return []
        entries = [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines()]
        return [e for e in entries if e["tool"] == tool]

    def state(self) -> dict[str, Any]:
        return dict(json.loads(self.state_file.read_text(encoding="utf-8")))

    def set_state(self, **values: Any) -> None:
        state = self.state()
        state.update(values)
        self.state_file.write_text(json.dumps(state), encoding="utf-8")

    def fail(self, tool: str, mode: str) -> None:
        """Make ``tool`` replay a failure (see the fakes' docstrings)."""
        self.monkeypatch.setenv(f"FAKE_{tool.upper()}_FAIL", mode)

    def remove(self, tool: str) -> None:
        """Take a tool off PATH."""
        (self.bin_dir / tool).unlink()


def install_fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tools: tuple[str, ...] = TOOLS) -> FakeTools:
    bin_dir = tmp_path / "fakebin"
    bin_dir.mkdir()
    for tool in tools:
        launcher = bin_dir / tool
        launcher.write_text(
            f'#!/bin/sh\nexec {shlex.quote(sys.executable)} {shlex.quote(str(FAKES_DIR / tool))} "$@"\n',
            encoding="utf-8",
        )
        launcher.chmod(0o755)
    fakes = FakeTools(bin_dir, tmp_path / "fake-calls.jsonl", tmp_path / "fake-state.json", monkeypatch)
    fakes.state_file.write_text(json.dumps({"clusters": [], "containers": {}, "ports": {}, "loaded": {}}))
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("FAKE_TOOLS_LOG", str(fakes.log))
    monkeypatch.setenv("FAKE_TOOLS_STATE", str(fakes.state_file))
    for tool in TOOLS:
        monkeypatch.delenv(f"FAKE_{tool.upper()}_FAIL", raising=False)
    monkeypatch.delenv("FAKE_KIND_BUSY_PORT", raising=False)
    monkeypatch.delenv("FAKE_DOCKER_PULL_MISSING", raising=False)
    return fakes


def free_ports(count: int) -> list[int]:
    """Distinct TCP ports nothing listens on (each socket is held until all are chosen)."""
    import socket

    socks = [socket.socket() for _ in range(count)]
    try:
        for sock in socks:
            sock.bind(("0.0.0.0", 0))
        return [int(sock.getsockname()[1]) for sock in socks]
    finally:
        for sock in socks:
            sock.close()


@contextmanager
def listening_port() -> Iterator[int]:
    """A real socket listening on all addresses, as a program holding a host port would."""
    import socket

    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("0.0.0.0", 0))
        sock.listen()
        yield int(sock.getsockname()[1])
