"""Run a step's checks through one shared view of the cluster."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from k8slab.checks.base import REGISTRY, CheckFn
from k8slab.checks.result import CheckResult, Status
from k8slab.checks.titles import title_of

if TYPE_CHECKING:
    from k8slab.cluster.view import ClusterView
    from k8slab.lessons.check_specs import CheckSpec

__all__ = ["registry", "run_check", "run_checks", "title_of"]


def registry() -> dict[str, CheckFn]:
    """Every check type, by name, with the function that runs it."""
    from k8slab.checks import configmaps, deployments, env, http, ingress, objects, pods, services  # noqa: F401

    return dict(REGISTRY)


def run_check(view: ClusterView, check: Any, check_id: str, namespace: str) -> CheckResult:
    """One check. ``namespace`` is the lesson's; a check's own ``namespace`` wins."""
    fn = registry()[check.type]
    ns = getattr(check, "namespace", None) or namespace
    verdict = fn(check, view, ns)
    hint = verdict.hint
    if verdict.status is Status.FAILED and check.hint is not None:
        hint = check.hint.text()
    passed = verdict.status is Status.PASSED
    return CheckResult(
        check_id=check_id,
        title=title_of(check),
        status=verdict.status,
        expected=verdict.expected,
        actual=verdict.actual,
        why=None if passed else verdict.why,
        hint=None if passed else hint,
        diagnosis=None if passed else verdict.diagnosis,
    )


def run_checks(
    view: ClusterView, checks: Sequence[CheckSpec], check_ids: Sequence[str], namespace: str
) -> list[CheckResult]:
    """Every check in order, all reading the cluster through ``view`` (one read per kind)."""
    if len(checks) != len(check_ids):
        raise ValueError("run_checks: one id per check")
    return [run_check(view, check, check_id, namespace) for check, check_id in zip(checks, check_ids, strict=True)]
