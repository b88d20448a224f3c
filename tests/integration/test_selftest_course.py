"""The course proves itself on the test cluster: `k8slab selftest` for every lesson."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_cli

REPO = Path(__file__).resolve().parents[2]
LESSONS = sorted(p.parent.name for p in (REPO / "lessons").glob("*/lesson.yaml"))


@pytest.mark.parametrize("lesson", LESSONS)
def test_selftest(lesson: str, cli_cluster_env: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(["selftest", lesson], capsys)
    failures = [line for line in result.stdout.splitlines() if line.startswith("✗")]
    unverifiable = [line for line in result.stdout.splitlines() if line.startswith("?")]
    assert failures == [], "\n".join(failures)
    # The test cluster has Service DNS and an Ingress controller: nothing may be left unverified.
    assert unverifiable == [], "\n".join(unverifiable)
    assert result.exit_code == 0, result.stderr
    assert "after solve" in result.stdout
