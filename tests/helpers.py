"""Helpers shared by tests."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from k8slab.checks.result import CheckResult
    from k8slab.cluster.client import Cluster

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


def check_spec(fields: dict[str, Any]) -> Any:
    """A check spec from its fields, as a lesson file would give them."""
    from pydantic import TypeAdapter

    from k8slab.lessons.check_specs import CheckSpec

    return TypeAdapter(CheckSpec).validate_python(fields)


def run_check(cluster: Cluster, ns: str, **fields: Any) -> CheckResult:
    """Run one check, given by its fields, against namespace ``ns``."""
    from k8slab.checks.runner import run_checks
    from k8slab.cluster.view import ClusterView

    return run_checks(ClusterView(cluster, ns), [check_spec(fields)], ["c"], ns)[0]
