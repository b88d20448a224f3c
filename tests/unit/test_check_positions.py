"""`check --all` checks several steps at once, and reports them in order."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from k8slab.cli import lessons_cmd
from k8slab.engine import checking
from k8slab.engine.course import Position
from k8slab.lessons.loader import load_course
from tests.helpers import FIXTURES


def test_reports_in_order_from_several_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    lessons = load_course(FIXTURES / "course" / "lessons")
    positions = [Position(lesson, i) for lesson in lessons for i in range(len(lesson.steps))] * 3
    threads: set[int] = set()
    cluster = object()

    def check_step(used: Any, lesson: Any, step: Any) -> tuple[str, str]:
        assert used is cluster
        threads.add(threading.get_ident())
        time.sleep(0.01)  # let the workers overlap
        return lesson.id, step.id

    monkeypatch.setattr(checking, "check_step", check_step)
    reports: list[Any] = list(lessons_cmd.check_positions(positions, cluster))  # type: ignore[arg-type]
    assert reports == [(pos.lesson.id, pos.step.id) for pos in positions]
    assert len(threads) > 1


def test_one_step_is_checked_in_this_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    lesson = load_course(FIXTURES / "course" / "lessons")[0]
    monkeypatch.setattr(checking, "check_step", lambda cluster, lesson, step: threading.get_ident())
    reports: list[Any] = list(lessons_cmd.check_positions([Position(lesson, 0)], object()))  # type: ignore[arg-type]
    assert reports == [threading.get_ident()]
