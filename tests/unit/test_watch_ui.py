"""The watch screen's logic with a stand-in cluster: keys, advancing, the layout at 80x24."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from rich.console import Console

from k8slab.checks.result import CheckResult, Status, StepReport
from k8slab.engine.progress import ProgressStore
from k8slab.i18n import Text, set_language
from k8slab.lessons.loader import load_course
from k8slab.lessons.schema import Lesson
from k8slab.ui import watch as watch_mod
from k8slab.ui.watch_view import Screen, layout
from tests.fixtures.course_fixture import COURSE


class FakeOps:
    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def enter_step(self, index: int) -> list[str]:
        self.calls.append(("enter", index))
        return []

    def cleanup(self, index: int) -> list[str]:
        self.calls.append(("cleanup", index))
        return []

    def prepare_step(self, index: int, *, fresh: bool = True) -> list[str]:
        self.calls.append(("prepare", index))
        return []


class FakeKeys:
    def __init__(self, keys: list[str]) -> None:
        self.keys = keys

    def read(self, timeout: float) -> str | None:
        return self.keys.pop(0) if self.keys else None


def report(lesson: Lesson, step: int, *statuses: Status) -> StepReport:
    results = tuple(
        CheckResult(
            f"c{i}",
            Text(f"check {i} of step {step + 1}", f"vérification {i}"),
            status,
            expected="x",
            actual="y",
            why=None if status is Status.PASSED else Text("because it is missing", "parce qu'elle manque"),
        )
        for i, status in enumerate(statuses)
    )
    return StepReport(lesson.id, lesson.steps[step].id, results)


@pytest.fixture(autouse=True)
def _fixture_course(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(COURSE))


@pytest.fixture
def lesson() -> Lesson:
    return next(ls for ls in load_course(COURSE / "lessons") if ls.id == "01-config")


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore.load(tmp_path / "progress.json")


def make_watch(lesson: Lesson, store: ProgressStore, monkeypatch: pytest.MonkeyPatch, reports: list[StepReport]) -> Any:
    cluster: Any = SimpleNamespace(context="test")
    console = Console(file=io.StringIO(), record=True, width=80, height=24, color_system=None)
    w = watch_mod.Watch(cluster, lesson, store, console)
    w.ops = FakeOps()  # type: ignore[assignment]
    monkeypatch.setattr("k8slab.engine.checking.check_step", lambda c, ls, step: reports.pop(0))
    return w


def test_default_lesson_is_the_one_in_progress(lesson: Lesson, store: ProgressStore) -> None:
    lessons = load_course(COURSE / "lessons")
    assert watch_mod.default_lesson(lessons, store, "test").id == "00-intro"  # nothing started: first new one
    store.start("test", "01-config", "greeting")
    assert watch_mod.default_lesson(lessons, store, "test").id == "01-config"
    for each in lessons:
        for step in each.steps:
            store.mark_done("test", each.id, step.id, None)
    with pytest.raises(watch_mod.UsageError, match="every lesson is done"):
        watch_mod.default_lesson(lessons, store, "test")


def test_passing_step_is_recorded_and_the_next_one_set_up(
    lesson: Lesson, store: ProgressStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = [report(lesson, 0, Status.PASSED, Status.PASSED), report(lesson, 1, Status.FAILED)]
    w = make_watch(lesson, store, monkeypatch, reports)
    w.recheck()
    assert w.report.passed
    assert w.step_done(FakeKeys([]))
    assert w.pos.index == 1
    assert w.ops.calls == [("cleanup", 0), ("enter", 1)]
    saved = ProgressStore.load(store.path).peek("test", "01-config")
    assert saved.done_steps == ["greeting"] and saved.current_step == "farewell"
    assert "Step 1 done. Now step 2" in str(w.screen.message)
    assert not w.report.passed  # the new step's checklist, not the old one


def test_last_step_finishes_the_lesson(lesson: Lesson, store: ProgressStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.mark_done("test", lesson.id, "greeting", "farewell")
    w = make_watch(lesson, store, monkeypatch, [report(lesson, 1, Status.PASSED)])
    w.recheck()
    w.step_done(None)
    assert w.finished
    assert ProgressStore.load(store.path).peek("test", lesson.id).completed
    console = w.console
    console.print(layout(console, w.screen))
    out = console.export_text()
    assert "lesson-1 complete" in out and "You created two ConfigMaps." in out and "q quit" in out


def test_keys_hint_solution_move_reset(lesson: Lesson, store: ProgressStore, monkeypatch: pytest.MonkeyPatch) -> None:
    failing = [report(lesson, i % 2, Status.FAILED) for i in range(6)]
    w = make_watch(lesson, store, monkeypatch, failing)
    w.recheck()
    keys = FakeKeys([])
    assert w.on_key("h", keys)
    assert store.peek("test", lesson.id).hints_shown("greeting") == 1
    w.console.print(layout(w.console, w.screen))
    assert "Hint 1/2" in w.console.export_text(clear=True)
    assert w.on_key("s", keys) and w.solution
    w.console.print(layout(w.console, w.screen))
    screen = w.console.export_text(clear=True)
    assert "manifests/01-config/greeting.yaml" in screen and "s checklist" in screen
    assert w.on_key("n", keys) and w.pos.index == 1 and not w.solution
    assert store.peek("test", lesson.id).current_step == "farewell"
    assert w.on_key("n", keys) and "last step" in str(w.screen.message)
    assert w.on_key("r", FakeKeys(["x"])) and "cancelled" in str(w.screen.message)
    assert w.on_key("r", FakeKeys(["y"])) and ("prepare", 1) in w.ops.calls
    assert not w.on_key("q", keys)
    assert store.peek("test", lesson.id).done_steps == []  # moving around records nothing as done


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_layout_fits_80_by_24_and_cuts_with_a_notice(lang: str) -> None:
    set_language(lang)
    try:
        console = Console(file=io.StringIO(), record=True, width=80, height=24, color_system=None)
        long_body = "\n".join(f"line {i}" for i in range(60))
        screen = Screen(title="k8slab watch · lesson-1 step 1/2", status="watching", body=long_body, more="(cut)")
        console.print(layout(console, screen))
        lines = console.export_text().rstrip("\n").split("\n")
    finally:
        set_language("en")
    assert len(lines) == 24
    assert all(len(line) <= 80 for line in lines)
    assert any(line.startswith("… (cut)") for line in lines)
    legend = lines[-1]
    assert legend.startswith("h ") and ("q quit" in legend or "q quitter" in legend)


def test_a_done_step_visited_again_does_not_bounce_forward(
    lesson: Lesson, store: ProgressStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.mark_done("test", lesson.id, "greeting", "farewell")
    reports = [report(lesson, 1, Status.FAILED), report(lesson, 0, Status.PASSED)]
    w = make_watch(lesson, store, monkeypatch, reports)
    w.recheck()
    assert w.pos.index == 1 and not w.should_advance()
    assert w.on_key("p", FakeKeys([]))
    assert w.pos.index == 0 and w.report.passed
    assert not w.should_advance()
    assert "Step 1 is already done: press n for the next step." in str(w.screen.message)
