"""``k8slab start``'s screens with a stand-in cluster: menus are scripted, output is read."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

import pytest
from rich.console import Console

from k8slab.checks.result import CheckResult, Status, StepReport
from k8slab.engine.progress import ProgressStore
from k8slab.errors import ContextError, K8sLabError
from k8slab.i18n import Text
from k8slab.lessons.loader import load_course
from k8slab.ui import preflight, prompts, start
from tests.fixtures.course_fixture import COURSE


class FakeOps:
    calls: ClassVar[list[tuple[str, int]]] = []

    def __init__(self, cluster: Any, lesson: Any) -> None:
        self.lesson = lesson

    def setup(self) -> list[str]:
        FakeOps.calls.append(("setup", -1))
        return [f"namespace/{self.lesson.namespace} ready"]

    def enter_step(self, index: int) -> list[str]:
        FakeOps.calls.append(("enter", index))
        return []

    def cleanup(self, index: int) -> list[str]:
        FakeOps.calls.append(("cleanup", index))
        return []

    def solve(self, index: int) -> list[str]:
        FakeOps.calls.append(("solve", index))
        return ["configmap/x created"]

    def prepare_step(self, index: int, *, fresh: bool = True) -> list[str]:
        FakeOps.calls.append(("prepare", index))
        return []


def step_report(lesson_id: str, step_id: str, passed: bool) -> StepReport:
    status = Status.PASSED if passed else Status.FAILED
    why = None if passed else Text("the ConfigMap greeting does not exist", "la ConfigMap greeting n'existe pas")
    result = CheckResult("exists-1", Text("ConfigMap greeting exists", "La ConfigMap greeting existe"), status, why=why)
    return StepReport(lesson_id, step_id, (result,))


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> start.Session:
    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(COURSE))
    FakeOps.calls = []
    monkeypatch.setattr("k8slab.engine.operations.LessonOps", FakeOps)
    console = Console(file=io.StringIO(), record=True, width=80, color_system=None)
    cluster: Any = SimpleNamespace(context="test")
    return start.Session(cluster, load_course(COURSE / "lessons"), ProgressStore.load(tmp_path / "p.json"), console)


def script(monkeypatch: pytest.MonkeyPatch, answers: list[Any], confirms: list[bool] | None = None) -> list[str]:
    asked: list[str] = []

    def select(prompt: str, choices: list[tuple[str, Any]], default: Any = None) -> Any:
        asked.append(prompt)
        values = [value for _, value in choices]
        answer = answers.pop(0)
        assert answer in values, (answer, values)
        return answer

    monkeypatch.setattr(prompts, "select", select)
    monkeypatch.setattr(prompts, "pause", lambda message: asked.append(message))
    monkeypatch.setattr(prompts, "confirm", lambda question, default=False: (confirms or [True]).pop(0))
    return asked


def test_lesson_menu_shows_marks_and_words(session: start.Session) -> None:
    session.store.mark_done("test", "00-intro", "hello", None)
    session.store.start("test", "01-config", "farewell")
    assert [title for title, _ in session.lesson_choices(76)] == [
        "lesson-0  ✓ done             Fixture intro",
        "lesson-1  ◐ in progress 0/2  Fixture ConfigMaps",
        "lesson-2  · new              Fixture watch",
    ]
    assert session.lesson_choices(31)[1][0] == "lesson-1  ◐ in progress 0/2  F…"
    assert session.default_lesson() is session.lessons[1]


def test_a_lesson_from_start_to_recap(session: start.Session, monkeypatch: pytest.MonkeyPatch) -> None:
    results = [False, True, True]
    monkeypatch.setattr(
        "k8slab.engine.checking.check_step", lambda c, lesson, step: step_report(lesson.id, step.id, results.pop(0))
    )
    script(monkeypatch, ["check", "hint", "check", "solution", "check"])
    lesson = session.lessons[1]
    assert session.run_lesson(lesson) == start.MENU
    out = session.console.export_text()
    assert re.search(r"why:\s+the ConfigMap greeting does not exist", out)
    assert "Hint 1/2" in out and "A ConfigMap is made with kubectl create configmap." in out
    assert "✓ Step 1 done." in out and "✓ Step 2 done." in out
    assert "manifests/01-config/farewell.yaml" in out  # the solution of step 2
    assert "lesson-1 complete: Fixture ConfigMaps" in out and "You created two ConfigMaps." in out
    saved = ProgressStore.load(session.store.path).peek("test", lesson.id)
    assert saved.done_steps == ["greeting", "farewell"] and saved.completed
    assert saved.hints_shown("greeting") == 1
    assert "seconds" in saved.data
    assert FakeOps.calls == [("setup", -1), ("enter", 0), ("cleanup", 0), ("enter", 1), ("cleanup", 1)]


def test_resume_moves_and_quit_record_nothing_as_done(session: start.Session, monkeypatch: pytest.MonkeyPatch) -> None:
    session.store.start("test", "01-config", "farewell")
    asked = script(monkeypatch, ["previous", "next", "reset", start.QUIT], confirms=[True])
    assert session.run_lesson(session.lessons[1]) == start.QUIT
    out = session.console.export_text()
    assert "Resuming at step 2." in out
    assert asked[0] == "lesson-1 step 2/2 — what now?" and asked[1] == "lesson-1 step 1/2 — what now?"
    saved = ProgressStore.load(session.store.path).peek("test", "01-config")
    assert saved.done_steps == [] and saved.current_step == "farewell"
    assert ("prepare", 1) in FakeOps.calls


def test_quiz_after_the_last_step(session: start.Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "k8slab.engine.checking.check_step", lambda c, lesson, step: step_report(lesson.id, step.id, True)
    )
    script(monkeypatch, ["check"], confirms=[True])
    answers = [0, 1]
    monkeypatch.setattr("k8slab.ui.quiz.ask_with_questionary", lambda prompt, choices: answers.pop(0))
    session.run_lesson(session.lessons[0])
    out = session.console.export_text()
    assert "Quiz: 2/2. All right, well done!" in out


def test_course_summary_lists_objectives_and_time(session: start.Session) -> None:
    for lesson in session.lessons:
        for step in lesson.steps:
            session.store.mark_done("test", lesson.id, step.id, None)
        session.store.add_time("test", lesson.id, 1500)
    assert session.all_done()
    session.course_summary()
    out = session.console.export_text()
    assert "Course complete: what you learned" in out
    assert "Create a ConfigMap with kubectl" in out and "Run a Pod" in out
    assert "Time spent: 1 h 15" in out


def test_start_without_a_terminal_names_the_other_commands(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "k8slab", "start"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "k8slab start needs a terminal" in proc.stderr
    for command in ("k8slab list", "k8slab check LESSON", "k8slab hint LESSON", "k8slab watch LESSON"):
        assert command in proc.stderr


def kubeconfig(tmp_path: Path) -> str:
    path = tmp_path / "config"
    path.write_text(
        "apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: 'https://127.0.0.1:1'}}]\n"
        "users: [{name: u, user: {token: x}}]\ncontexts: [{name: other, context: {cluster: c, user: u}}]\n"
        "current-context: other\n"
    )
    return str(path)


def test_missing_lab_cluster_offers_to_create_it(tmp_path: Path) -> None:
    console = Console(file=io.StringIO(), record=True, width=80, color_system=None)
    asked: list[str] = []

    def refuse(question: str, default: bool) -> bool:
        asked.append(question)
        return False

    with pytest.raises(K8sLabError) as err:
        preflight.connect(console, kubeconfig(tmp_path), None, confirm=refuse, needs=lambda: [])
    assert asked and "Create (or start) the lab cluster now" in asked[0]
    assert err.value.hint == "create it with `k8slab cluster up`"
    assert "✗ lab cluster: the lab cluster (kind-k8slab) is not in" in console.export_text()


def test_an_explicit_context_is_never_created(tmp_path: Path) -> None:
    console = Console(file=io.StringIO(), record=True, width=80, color_system=None)

    def never(question: str, default: bool) -> bool:
        raise AssertionError("must not offer to create a cluster for an explicit context")

    with pytest.raises(ContextError, match="context 'missing' not found"):
        preflight.connect(console, kubeconfig(tmp_path), "missing", confirm=never, needs=lambda: [])
