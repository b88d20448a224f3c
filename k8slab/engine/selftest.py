"""Prove the course on a live cluster.

For every step: after its setup its checks do not all pass; after its solve they do (or cannot
be verified on this cluster, reported as such); each known mistake yields its diagnosis, and the
solve repairs it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from k8slab.checks.result import StepReport
from k8slab.engine import manifests
from k8slab.engine.checking import check_step, converge, has_diagnosis, settled
from k8slab.engine.operations import LessonOps
from k8slab.errors import K8sLabError

if TYPE_CHECKING:
    from k8slab.cluster.client import Cluster
    from k8slab.lessons.schema import Lesson, Mistake, Step

OK, FAILED, UNVERIFIABLE = "ok", "failed", "cannot-verify-here"


@dataclass(frozen=True)
class SelftestRow:
    lesson: str
    step: str
    phase: str  # "before solve", "after solve", "mistake <id>"
    outcome: str  # OK, FAILED or UNVERIFIABLE
    detail: str
    seconds: float


def _summary(report: StepReport) -> str:
    parts = []
    for r in report.results:
        mark = {"passed": "✓", "failed": "✗"}.get(r.status.value, "?")
        extra = f" [{r.diagnosis}]" if r.diagnosis and not r.passed else ""
        parts.append(f"{mark} {r.check_id}{extra}")
    return ", ".join(parts)


class Selftest:
    """Runs the self-test of lessons and collects rows."""

    def __init__(
        self, cluster: Cluster, *, on_row: Callable[[SelftestRow], None] | None = None, timeout_factor: float = 1.0
    ) -> None:
        self.cluster = cluster
        self.rows: list[SelftestRow] = []
        self.on_row = on_row
        self.timeout_factor = timeout_factor

    def _add(self, lesson: Lesson, step: Step, phase: str, outcome: str, detail: str, started: float) -> None:
        row = SelftestRow(lesson.label, step.id, phase, outcome, detail, round(time.monotonic() - started, 1))
        self.rows.append(row)
        if self.on_row:
            self.on_row(row)

    @property
    def passed(self) -> bool:
        return all(row.outcome != FAILED for row in self.rows)

    def run_lesson(self, lesson: Lesson, *, keep: bool = False) -> None:
        ops = LessonOps(self.cluster, lesson)
        ops.reset()
        try:
            for index, step in enumerate(lesson.steps):
                self._run_step(ops, lesson, index, step)
        finally:
            if not keep:
                self.cluster.delete_lab_namespace(lesson.namespace, wait=False)

    def _timeout(self, step: Step) -> float:
        return step.timeout * self.timeout_factor

    def _run_step(self, ops: LessonOps, lesson: Lesson, index: int, step: Step) -> None:
        started = time.monotonic()
        try:
            ops.enter_step(index)
            before = check_step(self.cluster, lesson, step)
        except K8sLabError as err:
            self._add(lesson, step, "setup", FAILED, err.message, started)
            return
        if before.passed:
            self._add(
                lesson,
                step,
                "before solve",
                FAILED,
                "every check passes before the solve: " + _summary(before),
                started,
            )
        elif not before.failed:
            self._add(lesson, step, "before solve", UNVERIFIABLE, _summary(before), started)
        else:
            self._add(lesson, step, "before solve", OK, _summary(before), started)

        if not self._solve(ops, lesson, index, step, "after solve"):
            return
        for mistake in step.mistakes:
            self._run_mistake(ops, lesson, index, step, mistake)
        try:
            ops.cleanup(index)
        except K8sLabError as err:
            self._add(lesson, step, "cleanup", FAILED, err.message, time.monotonic())

    def _solve(self, ops: LessonOps, lesson: Lesson, index: int, step: Step, phase: str) -> bool:
        started = time.monotonic()
        try:
            ops.solve(index)
            after = converge(self.cluster, lesson, step, timeout=self._timeout(step))
        except K8sLabError as err:
            self._add(lesson, step, phase, FAILED, err.message, started)
            return False
        if after.passed:
            self._add(lesson, step, phase, OK, _summary(after), started)
        elif settled(after):
            self._add(lesson, step, phase, UNVERIFIABLE, _summary(after), started)
        else:
            details = "; ".join(f"{r.check_id}: expected {r.expected}, got {r.actual}" for r in after.failed)
            self._add(lesson, step, phase, FAILED, f"checks still fail after the solve: {details}", started)
            return False
        return True

    def _run_mistake(self, ops: LessonOps, lesson: Lesson, index: int, step: Step, mistake: Mistake) -> None:
        started = time.monotonic()
        phase = f"mistake {mistake.id}"
        try:
            ops.run(mistake)
            report = converge(
                self.cluster,
                lesson,
                step,
                timeout=self._timeout(step),
                until=has_diagnosis(mistake.diagnosis, mistake.check),
            )
        except K8sLabError as err:
            self._add(lesson, step, phase, FAILED, err.message, started)
            return
        if has_diagnosis(mistake.diagnosis, mistake.check)(report):
            self._add(lesson, step, phase, OK, f"diagnosed as {mistake.diagnosis}", started)
        elif settled(report) and report.unverifiable:
            self._add(lesson, step, phase, UNVERIFIABLE, _summary(report), started)
        else:
            got = sorted(report.diagnoses()) or ["no failing check"]
            self._add(
                lesson,
                step,
                phase,
                FAILED,
                f"expected diagnosis {mistake.diagnosis}, got {', '.join(got)}: {_summary(report)}",
                started,
            )
        self._restore(ops, lesson, index, step, mistake)

    def _restore(self, ops: LessonOps, lesson: Lesson, index: int, step: Step, mistake: Mistake) -> None:
        """Undo a mistake: remove objects only it created, then solve again."""
        solved = {key for rel in step.solve.apply for key in manifests.object_keys(rel, lesson.namespace)}
        solved |= {
            key
            for action in step.solve.actions
            if action.do == "apply"
            for key in manifests.object_keys(action.manifest, lesson.namespace)
        }
        for relative in mistake.apply:
            for key in manifests.object_keys(relative, lesson.namespace):
                if key not in solved:
                    self.cluster.delete(key.kind, key.name, key.namespace, wait=True, grace_period=0)
        self._solve(ops, lesson, index, step, f"repaired after {mistake.id}")
