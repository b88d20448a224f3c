"""`check --all` checks several steps at once: reports stay in order, threads never share a connection."""

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


class FakeCluster:
    def __init__(self, name: str) -> None:
        self.name = name
        self.threads: set[int] = set()


def test_reports_in_order_and_one_connection_per_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    lessons = load_course(FIXTURES / "course" / "lessons")
    positions = [Position(lesson, i) for lesson in lessons for i in range(len(lesson.steps))] * 3
    shared = FakeCluster("shared")
    made: list[FakeCluster] = []

    def connect(kubeconfig: str | None, context: str | None) -> FakeCluster:
        cluster = FakeCluster(f"worker-{len(made)}")
        made.append(cluster)
        return cluster

    def check_step(cluster: FakeCluster, lesson: Any, step: Any) -> tuple[str, str]:
        cluster.threads.add(threading.get_ident())
        time.sleep(0.01)  # let the workers overlap
        return lesson.id, step.id

    monkeypatch.setattr(lessons_cmd, "connect", connect)
    monkeypatch.setattr(checking, "check_step", check_step)
    reports: list[Any] = list(lessons_cmd.check_positions(positions, shared, None, None))  # type: ignore[arg-type]
    assert reports == [(pos.lesson.id, pos.step.id) for pos in positions]
    assert not shared.threads, "worker threads used the command's own connection"
    assert made and all(len(cluster.threads) == 1 for cluster in made)
    assert len({next(iter(c.threads)) for c in made}) == len(made)


def test_one_step_is_checked_in_this_thread_with_the_given_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    lesson = load_course(FIXTURES / "course" / "lessons")[0]
    shared = FakeCluster("shared")
    monkeypatch.setattr(lessons_cmd, "connect", lambda *_: pytest.fail("no new connection for one step"))
    monkeypatch.setattr(checking, "check_step", lambda cluster, lesson, step: (cluster.name, threading.get_ident()))
    reports: list[Any] = list(lessons_cmd.check_positions([Position(lesson, 0)], shared, None, None))  # type: ignore[arg-type]
    assert reports == [("shared", threading.get_ident())]
