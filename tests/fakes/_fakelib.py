"""What the fake ``kind``, ``docker`` and ``kubectl`` share: the call log and a small state file.

- ``FAKE_TOOLS_LOG``: each call is appended as one JSON line ``{"tool": ..., "argv": [...]}``;
- ``FAKE_TOOLS_STATE``: a JSON file ``{"clusters": [...], "containers": {name: state},
  "ports": {container: [host ports]}, "loaded": {cluster: [images]}}`` that the fakes read and
  update, so that ``kind create`` is seen by a later ``kind get clusters``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

DAEMON_DOWN = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?"
PERMISSION_DENIED = (
    "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: "
    'Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.24/version": dial unix /var/run/docker.sock: connect: permission denied'
)


def record(tool: str, argv: list[str], extra: dict[str, Any] | None = None) -> None:
    log = os.environ.get("FAKE_TOOLS_LOG")
    if log:
        with Path(log).open("a", encoding="utf-8") as out:
            out.write(json.dumps({"tool": tool, "argv": argv, **(extra or {})}) + "\n")


def load_state() -> dict[str, Any]:
    path = os.environ.get("FAKE_TOOLS_STATE")
    data: dict[str, Any] = {}
    if path and Path(path).exists():
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    data.setdefault("clusters", [])
    data.setdefault("containers", {})
    data.setdefault("ports", {})
    data.setdefault("loaded", {})
    return data


def save_state(data: dict[str, Any]) -> None:
    path = os.environ.get("FAKE_TOOLS_STATE")
    if path:
        Path(path).write_text(json.dumps(data), encoding="utf-8")


def fail(message: str, code: int = 1) -> None:
    print(message, file=sys.stderr)
    sys.exit(code)


def option(argv: list[str], name: str, default: str | None = None) -> str | None:
    """The value of ``--name VALUE`` or ``--name=VALUE`` in argv."""
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return default
