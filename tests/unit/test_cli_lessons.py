"""The lesson commands that need no cluster: list, hint, solve --show."""

from __future__ import annotations

import json

import pytest

from k8slab import paths
from tests.helpers import FIXTURES, run_cli


@pytest.fixture(autouse=True)
def _mini_course(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(FIXTURES / "mini-course"))


def test_list_works_without_a_cluster(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(["list"], capsys)
    assert result.exit_code == 0
    assert "lesson-1 (mini)" in result.stdout and "A tiny lesson" in result.stdout
    assert "0/2" in result.stdout and "new" in result.stdout


def test_list_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(["list", "--lang", "fr"], capsys)
    assert "Une toute petite leçon" in result.stdout and "nouvelle" in result.stdout


def test_list_shows_progress(capsys: pytest.CaptureFixture[str]) -> None:
    paths.progress_file().parent.mkdir(parents=True)
    paths.progress_file().write_text(
        json.dumps(
            {
                "format_version": 1,
                "contexts": {"kind-k8slab": {"lessons": {"01-mini": {"done_steps": ["make-config"]}}}},
            }
        )
    )
    result = run_cli(["list"], capsys)
    assert "1/2" in result.stdout and "in progress" in result.stdout
    other = run_cli(["list", "--context", "elsewhere"], capsys)
    assert "0/2" in other.stdout


def test_list_survives_a_corrupted_progress_file(capsys: pytest.CaptureFixture[str]) -> None:
    paths.progress_file().parent.mkdir(parents=True)
    paths.progress_file().write_text("{{{")
    result = run_cli(["list"], capsys)
    assert result.exit_code == 0
    assert "set aside" in result.stderr
    assert "lesson-1 (mini)" in result.stdout


def test_hints_come_one_after_the_other(capsys: pytest.CaptureFixture[str]) -> None:
    first = run_cli(["hint", "mini"], capsys)
    second = run_cli(["hint", "lesson-1"], capsys)
    third = run_cli(["hint", "1"], capsys)
    assert "Hint 1/2" in first.stdout and "Think of kubectl create." in first.stdout
    assert "Hint 2/2" in second.stdout and "--from-literal=color=blue" in second.stdout
    assert "Hint 2/2" in third.stdout and "solve lesson-1 --step 1 --show" in third.stdout


def test_hint_for_a_named_step(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(["hint", "mini", "--step", "2", "--lang", "fr"], capsys)
    assert "Indice 1/1" in result.stdout and "Modifiez-la." in result.stdout


def test_hint_for_a_step_that_does_not_exist(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(["hint", "mini", "--step", "7"], capsys)
    assert result.exit_code == 2 and "has no step 7" in result.stderr


def test_solve_show_needs_no_cluster(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(["solve", "mini", "--show"], capsys)
    assert result.exit_code == 0
    assert "manifests/01-mini/settings.yaml" in result.stdout
    assert "color: blue" in result.stdout
    assert "kubectl -n k8slab-fixture-mini create configmap settings" in result.stdout


def test_check_without_a_lesson_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(["check"], capsys)
    assert result.exit_code == 2 and "--all" in result.stderr
