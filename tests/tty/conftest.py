"""Drive ``k8slab start`` and ``k8slab watch`` through a pseudo-terminal of 80x24, as a learner would."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.fixtures.course_fixture import COURSE, NAMESPACES

if TYPE_CHECKING:
    import pexpect

    from k8slab.cluster.client import Cluster

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
CTRL_C = "\x03"


#: Terminal control sequences (colours, bold, cursor moves, screen switches): what is left is the text.
CONTROL = re.compile(
    r"\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\\\)|\x1b[()][A-Za-z0-9]|\x1b[=>78]|\r"
)


class Term:
    """The program in a pseudo-terminal; ``expect`` finds text on screen, whatever styles or
    cursor moves surround it, in order."""

    def __init__(self, child: pexpect.spawn | Any, timeout: float) -> None:
        self.child = child
        self.timeout = timeout
        self.raw = ""
        self.seen = 0
        self.eof = False

    def text(self) -> str:
        return CONTROL.sub("", self.raw)

    def _read(self, timeout: float) -> None:
        import pexpect

        try:
            self.raw += self.child.read_nonblocking(65536, timeout=max(0.05, timeout))
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:
            self.eof = True

    def expect(self, text: str, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            found = self.text().find(text, self.seen)
            if found >= 0:
                self.seen = found + len(text)
                return
            left = deadline - time.monotonic()
            if left <= 0 or self.eof:
                tail = self.text()[self.seen :][-1500:]
                raise AssertionError(f"{text!r} not on screen; after the last match it shows:\n{tail}")
            self._read(min(left, 0.5))

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def wait_exit(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while not self.eof and time.monotonic() < deadline:
            self._read(0.5)
        assert self.eof, "the program did not exit"
        if hasattr(self.child, "close"):
            self.child.close()
            return int(self.child.exitstatus if self.child.exitstatus is not None else -1)
        return int(self.child.wait())


class Learner:
    """The program under test in a terminal, plus the learner's second terminal (kubectl)."""

    def __init__(self, kubeconfig: str, context: str, data_dir: Path, env: dict[str, str]) -> None:
        self.kubeconfig = kubeconfig
        self.context = context
        self.data_dir = data_dir
        self.env = env

    def spawn(self, *args: str, timeout: float = 30) -> Term:
        """``k8slab ARGS`` in a terminal of 24 lines by 80 columns."""
        import pexpect

        child = pexpect.spawn(
            sys.executable, ["-m", "k8slab", *args], env=self.env, dimensions=(24, 80), encoding="utf-8"
        )
        return Term(child, timeout)

    def run_piped(self, *args: str, timeout: float = 60) -> Term:
        """``k8slab ARGS`` without a terminal (pipes for stdin and stdout)."""
        from pexpect.popen_spawn import PopenSpawn

        return Term(PopenSpawn([sys.executable, "-m", "k8slab", *args], env=self.env, encoding="utf-8"), timeout)

    def kubectl(self, *args: str) -> str:
        binary = shutil.which("kubectl") or "/usr/bin/kubectl"
        proc = subprocess.run(
            [binary, "--kubeconfig", self.kubeconfig, "--context", self.context, *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    def progress(self, lesson_id: str) -> dict[str, Any]:
        data = json.loads((self.data_dir / "progress.json").read_text())
        return dict(data["contexts"][self.context]["lessons"][lesson_id])


def terminal_env(course: Path, data_dir: Path) -> dict[str, str]:
    """The environment of k8slab in a plain 80x24 terminal, on ``course``, keeping its data in ``data_dir``."""
    env = dict(os.environ)
    env.update(
        {
            "K8SLAB_COURSE_DIR": str(course),
            "K8SLAB_DATA_DIR": str(data_dir),
            "NO_COLOR": "1",
            "TERM": "xterm-256color",
            "COLUMNS": "80",
            "LINES": "24",
        }
    )
    return env


@pytest.fixture
def learner(cli_cluster_env: tuple[str, str], cluster: Cluster, tmp_path: Path) -> Iterator[Learner]:
    """The fixture course on the test cluster, with fresh lesson namespaces and fresh progress."""
    pytest.importorskip("pexpect")
    if not (shutil.which("kubectl") or Path("/usr/bin/kubectl").exists()):
        pytest.skip("kubectl is not installed")
    for namespace in NAMESPACES:
        cluster.delete_lab_namespace(namespace, wait=True)
    env = terminal_env(COURSE, tmp_path / "data")
    yield Learner(cli_cluster_env[0], cli_cluster_env[1], tmp_path / "data", env)
    for namespace in NAMESPACES:
        cluster.delete_lab_namespace(namespace, wait=False)
