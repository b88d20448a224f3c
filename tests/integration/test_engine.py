"""The engine on a live cluster, with the small fixture course: check, solve, reset, selftest."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from k8slab.cluster.client import Cluster
from k8slab.engine.progress import ProgressStore
from k8slab.engine.selftest import FAILED, OK, Selftest
from k8slab.lessons.loader import load_lesson
from tests.helpers import FIXTURES, copy_course, run_cli

NAMESPACE = "k8slab-fixture-mini"


@pytest.fixture
def mini(cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(FIXTURES / "mini-course"))
    yield FIXTURES / "mini-course"
    cluster.delete_lab_namespace(NAMESPACE, wait=True)


def test_check_solve_and_progress(
    mini: Path, cli_cluster_env: tuple[str, str], cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    reset = run_cli(["reset", "mini"], capsys)
    assert reset.exit_code == 0, reset.stderr
    assert f"namespace/{NAMESPACE} ready" in reset.stdout

    before = run_cli(["check", "mini", "--json"], capsys)
    assert before.exit_code == 1
    report = json.loads(before.stdout)
    assert report["passed"] is False
    checks = report["steps"][0]["checks"]
    assert [c["id"] for c in checks] == ["settings-exists", "settings-color"]
    assert checks[0]["status"] == "failed" and checks[0]["diagnosis"] == "not-found"

    solved = run_cli(["solve", "mini"], capsys)
    assert solved.exit_code == 0
    assert "configmap/settings" in solved.stdout and "created" in solved.stdout

    after = run_cli(["check", "mini"], capsys)
    assert after.exit_code == 0, after.stdout
    assert "All 2 checks pass" in after.stdout
    progress = ProgressStore.load().peek(cli_cluster_env[1], "01-mini")
    assert progress.done_steps == ["make-config"]
    assert progress.current_step == "second"

    step2 = run_cli(["check", "mini", "--lang", "fr"], capsys)
    assert step2.exit_code == 1
    assert "étape 2/2" in step2.stdout and "attendu" in step2.stdout


def test_reset_starts_from_a_fresh_namespace(
    mini: Path, cli_cluster_env: tuple[str, str], cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["reset", "mini", "--step", "2"], capsys).exit_code == 0
    assert cluster.get("ConfigMap", "settings", NAMESPACE)["data"] == {"color": "blue"}
    assert run_cli(["reset", "mini"], capsys).exit_code == 0
    assert cluster.find("ConfigMap", "settings", NAMESPACE) is None
    namespace = cluster.get("Namespace", NAMESPACE)
    assert namespace["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "k8slab"


def test_selftest_passes_on_a_sound_lesson(mini: Path, cluster: Cluster) -> None:
    test = Selftest(cluster)
    test.run_lesson(load_lesson(mini / "lessons" / "01-mini"))
    phases = [(row.step, row.phase, row.outcome) for row in test.rows]
    assert phases == [
        ("make-config", "before solve", OK),
        ("make-config", "after solve", OK),
        ("make-config", "mistake wrong-color", OK),
        ("make-config", "repaired after wrong-color", OK),
        ("second", "before solve", OK),
        ("second", "after solve", OK),
    ]
    assert test.passed


def test_selftest_catches_an_unsound_lesson(cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    course = copy_course("mini-course", tmp_path)
    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(course))
    path = course / "lessons" / "01-mini" / "lesson.yaml"
    data = yaml.safe_load(path.read_text())
    data["steps"][0]["mistakes"][0]["diagnosis"] = "not-found"  # the wrong color is not "not found"
    data["steps"][1]["checks"][0]["data"] = {"color": "blue"}  # already true before the solve
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    test = Selftest(cluster, timeout_factor=0.1)
    try:
        test.run_lesson(load_lesson(path))
    finally:
        cluster.delete_lab_namespace(NAMESPACE, wait=True)
    failed = {(row.step, row.phase) for row in test.rows if row.outcome == FAILED}
    assert ("make-config", "mistake wrong-color") in failed
    assert ("second", "before solve") in failed
    assert not test.passed


def test_check_says_when_a_lesson_is_not_set_up(
    mini: Path, cli_cluster_env: tuple[str, str], cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    cluster.delete_lab_namespace(NAMESPACE, wait=True)
    result = run_cli(["check", "mini"], capsys)
    assert result.exit_code == 1
    assert "not set up on this cluster yet" in result.stderr and "k8slab setup lesson-1" in result.stderr
