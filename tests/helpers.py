"""Helpers shared by tests."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> CliResult:
    """Run ``k8slab ARGS`` in this process through the real entry point."""
    from k8slab.cli.app import main

    code = 0
    try:
        main(args)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    out = capsys.readouterr()
    return CliResult(code, out.out, out.err)


def copy_course(name: str, tmp_path: Path) -> Path:
    """A writable copy of a fixture course."""
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    return target
