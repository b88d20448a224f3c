"""Run a step's checks against the live cluster, once or until they pass."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from k8slab.checks.result import Status, StepReport

if TYPE_CHECKING:
    from k8slab.cluster.client import Cluster
    from k8slab.lessons.schema import Lesson, Step


def check_step(cluster: Cluster, lesson: Lesson, step: Step) -> StepReport:
    """Every check of the step, sharing one read of each kind of object."""
    from k8slab.checks.runner import run_checks
    from k8slab.cluster.view import ClusterView

    view = ClusterView(cluster, lesson.namespace)
    results = run_checks(view, step.checks, step.check_ids(), lesson.namespace)
    return StepReport(lesson.id, step.id, tuple(results))


def settled(report: StepReport) -> bool:
    """All checks pass, or cannot be verified on this cluster: nothing is left failing."""
    return bool(report.results) and not report.failed


def converge(
    cluster: Cluster,
    lesson: Lesson,
    step: Step,
    *,
    timeout: float | None = None,
    until: Callable[[StepReport], bool] = settled,
    on_report: Callable[[StepReport], None] | None = None,
    fallback_interval: float = 3.0,
) -> StepReport:
    """Re-run the checks on every change in the lesson namespace until ``until`` holds.

    Returns the last report (which may still fail, when the timeout came first).
    """
    from k8slab.cluster.watcher import NamespaceWatcher

    limit = step.timeout if timeout is None else timeout
    deadline = time.monotonic() + limit
    report = check_step(cluster, lesson, step)
    if on_report:
        on_report(report)
    if until(report):
        return report
    with NamespaceWatcher(cluster, lesson.namespace) as watcher:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return report
            watcher.wait(min(left, fallback_interval))
            report = check_step(cluster, lesson, step)
            if on_report:
                on_report(report)
            if until(report):
                return report


def has_diagnosis(diagnosis: str, check_id: str | None = None) -> Callable[[StepReport], bool]:
    """A condition for :func:`converge`: a failing check carries ``diagnosis``."""

    def condition(report: StepReport) -> bool:
        return any(
            r.status is Status.FAILED and r.diagnosis == diagnosis and (check_id is None or r.check_id == check_id)
            for r in report.results
        )

    return condition
