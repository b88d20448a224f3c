"""How long ``k8slab watch`` takes to show a change: spawned in a pseudo-terminal, a step solved
from outside (server-side apply through the engine, as ``kubectl apply`` would), the time until
the screen says the step is done."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench_course import Course

    from k8slab.lessons.schema import Lesson, Step

#: Checks that pass as soon as the object is written (no pod has to start, no controller to act).
IMMEDIATE = frozenset(
    {"exists", "absent", "field", "configmap_data", "service_type", "service_ports", "ingress_rule", "ingress_class"}
)
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07")


@dataclass
class WatchRun:
    seconds: float | None  # apply done -> screen shows it; None when it never did
    apply_seconds: float
    note: str = ""


def pick_step(lessons: list[Lesson], wanted: str | None) -> tuple[Lesson, int] | None:
    """``lesson-N:K`` if given, else the step whose solve is only manifests and whose checks pass
    soonest after they are applied (fewest checks that wait for pods or controllers)."""
    if wanted:
        name, _, number = wanted.partition(":")
        from k8slab.lessons.loader import find_lesson

        lesson = find_lesson(lessons, name)
        return lesson, (int(number) - 1 if number else 0)
    best: tuple[int, int, Lesson, int] | None = None
    for lesson in lessons:
        for index, step in enumerate(lesson.steps):
            if not step.solve.apply or step.solve.actions or step.solve.delete:
                continue
            slow = sum(check.type not in IMMEDIATE for check in step.checks)
            key = (slow, lesson.number * 100 + index)
            if best is None or key < best[:2]:
                best = (slow, key[1], lesson, index)
    return (best[2], best[3]) if best else None


class WatchBench:
    def __init__(self, course: Course, lesson: Lesson, index: int, log: Any) -> None:
        from k8slab.engine.operations import LessonOps

        self.course = course
        self.lesson = lesson
        self.index = index
        self.step: Step = lesson.steps[index]
        self.ops = LessonOps(course.cluster, lesson)
        self.log = log

    def label(self) -> str:
        kinds = ", ".join(sorted({c.type for c in self.step.checks}))
        return f"{self.lesson.label} step {self.index + 1} ({self.step.id}: {kinds})"

    def _unsolve(self, fresh: bool) -> None:
        """Back to the step's starting state, with progress pointing at it."""
        from bench_course import walk_to

        from k8slab.engine import manifests
        from k8slab.engine.checking import check_step
        from k8slab.engine.progress import ProgressStore

        cluster = self.course.cluster
        if not fresh:
            for relative in self.step.solve.apply:
                for key in manifests.object_keys(relative, self.lesson.namespace):
                    cluster.delete(key.kind, key.name, key.namespace, wait=True, grace_period=0)
            self.ops.enter_step(self.index)
            fresh = check_step(cluster, self.lesson, self.step).passed
        if fresh:
            walk_to(self.ops, self.index)
        self.course.prepared.setdefault(self.lesson.id, _created(self.lesson))
        store = ProgressStore.load()
        store.forget(cluster.context, self.lesson.id)
        store.start(cluster.context, self.lesson.id, self.step.id)
        store.save()

    def run(self, runs: int, timeout: float = 30.0) -> list[WatchRun]:
        import pexpect  # type: ignore[import-untyped]

        results = []
        for i in range(runs):
            self._unsolve(fresh=i == 0)
            child = pexpect.spawn(
                self.course.env.executable[0],
                [*self.course.env.executable[1:], "watch", self.lesson.label],
                env={**self.course.env.vars(), "TERM": "xterm-256color"},
                dimensions=(60, 150),
                encoding="utf-8",
                codec_errors="replace",
            )
            try:
                results.append(self._one(child, timeout))
            finally:
                _quit(child)
            self.log(f"  run {i + 1}: {_fmt(results[-1])}")
        return results

    def _one(self, child: Any, timeout: float) -> WatchRun:
        screen = _Screen(child)
        first = screen.wait_for(re.compile(r"(\d+)/(\d+) checks pass"), timeout)
        if first is None:
            return WatchRun(None, 0.0, "the checklist never showed: " + screen.tail())
        time.sleep(0.5)  # let the first check and the watch streams settle
        screen.drain()
        started = time.perf_counter()
        self.ops.solve(self.index)
        applied = time.perf_counter()
        done = re.compile(rf"Step {self.index + 1} done|All \d+ checks pass")
        if screen.wait_for(done, timeout) is None:
            return WatchRun(None, applied - started, "the screen never showed the step done: " + screen.tail())
        return WatchRun(screen.seen_at - applied, applied - started)


def _created(lesson: Lesson) -> Any:
    from bench_course import Prepared

    return Prepared(lesson, created=True)


class _Screen:
    """What the terminal received, without escape sequences, and when a text first appeared."""

    def __init__(self, child: Any) -> None:
        self.child = child
        self.text = ""
        self.seen_at = 0.0

    def _read(self, wait: float) -> bool:
        import pexpect

        try:
            chunk = self.child.read_nonblocking(65536, timeout=wait)
        except pexpect.TIMEOUT:
            return True
        except pexpect.EOF:
            return False
        self.text = (self.text + _ANSI.sub("", chunk))[-20000:]
        return True

    def drain(self) -> None:
        """Forget what was shown so far (reading what is pending)."""
        self._read(0.05)
        self.text = ""

    def wait_for(self, pattern: re.Pattern[str], timeout: float) -> re.Match[str] | None:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            alive = self._read(0.02)
            found = pattern.search(self.text)
            if found:
                self.seen_at = time.perf_counter()
                return found
            if not alive:
                return None
        return None

    def tail(self) -> str:
        return " ".join(self.text.split())[-200:]


def _quit(child: Any) -> None:
    import pexpect

    try:
        child.send("q")
        child.expect(pexpect.EOF, timeout=10)
    except (pexpect.TIMEOUT, pexpect.EOF, OSError):
        pass
    if child.isalive():
        child.terminate(force=True)
    child.close()


def _fmt(run: WatchRun) -> str:
    if run.seconds is None:
        return f"not shown ({run.note})"
    return f"{run.seconds:.3f} s after the apply (apply took {run.apply_seconds:.3f} s)"
