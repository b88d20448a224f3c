"""Checks on Deployments: replicas, rollouts, revisions, self-healing."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from k8slab.checks.base import Verdict, failed, is_terminating, missing, name_of, passed, register
from k8slab.checks.diagnose import PodProblem, is_ready, pod_problem_in
from k8slab.checks.result import Words
from k8slab.checks.words import joined, prefixed, say
from k8slab.i18n import Text

if TYPE_CHECKING:
    from k8slab.cluster.view import ClusterView
    from k8slab.lessons.check_specs import (
        DeploymentReplicasCheck,
        PodReplacedCheck,
        RevisionCountCheck,
        RolloutCompleteCheck,
    )

Obj = dict[str, Any]
REVISION = "deployment.kubernetes.io/revision"


def _owned_by(obj: Obj, owner: Obj) -> bool:
    uid = owner.get("metadata", {}).get("uid")
    return any(ref.get("uid") == uid for ref in obj.get("metadata", {}).get("ownerReferences") or [])


def replicasets(view: ClusterView, deployment: Obj, ns: str) -> list[Obj]:
    """The ReplicaSets of a Deployment, oldest revision first."""
    owned = [rs for rs in view.list("ReplicaSet", ns) if _owned_by(rs, deployment)]
    return sorted(owned, key=revision)


def revision(obj: Obj) -> int:
    value = (obj.get("metadata", {}).get("annotations") or {}).get(REVISION, "0")
    return int(value) if str(value).isdigit() else 0


def pods_of(view: ClusterView, owners: list[Obj], ns: str) -> list[Obj]:
    return sorted(
        (p for p in view.list("Pod", ns) if any(_owned_by(p, rs) for rs in owners) and not is_terminating(p)),
        key=name_of,
    )


def first_problem(view: ClusterView, pods: list[Obj]) -> tuple[Obj, PodProblem] | None:
    """The first pod (by name) that is not Ready, and why."""
    for pod in pods:
        if is_ready(pod):
            continue
        problem = pod_problem_in(view, pod)
        if problem is not None:
            return pod, problem
    return None


def _counts(deployment: Obj) -> tuple[int, int, int, int, int]:
    """(wanted, total, updated, ready, available) replicas."""
    spec, status = deployment.get("spec", {}), deployment.get("status", {})
    wanted = int(spec.get("replicas", 1))
    return (
        wanted,
        int(status.get("replicas") or 0),
        int(status.get("updatedReplicas") or 0),
        int(status.get("readyReplicas") or 0),
        int(status.get("availableReplicas") or 0),
    )


@register("deployment_replicas")
def check_deployment_replicas(spec: DeploymentReplicasCheck, view: ClusterView, ns: str) -> Verdict:
    if spec.ready:
        expected = say(
            "deployment {name} with {n} ready replica(s)",
            "deployment {name} avec {n} réplica(s) prêt(s)",
            name=spec.deployment,
            n=spec.replicas,
        )
    else:
        expected = say(
            "deployment {name} with {n} replica(s)",
            "deployment {name} avec {n} réplica(s)",
            name=spec.deployment,
            n=spec.replicas,
        )
    deployment = view.get("Deployment", spec.deployment, ns)
    if deployment is None:
        return missing(view, "Deployment", spec.deployment, ns, expected)
    wanted, total, updated, ready, available = _counts(deployment)
    values = {"deployment": spec.deployment, "namespace": ns}
    if wanted != spec.replicas:
        return failed(
            "replicas-mismatch", expected, f"spec.replicas {wanted}", **values, got=wanted, want=spec.replicas
        )
    state = say(
        "{ready}/{wanted} ready, {updated} up to date, {available} available",
        "{ready}/{wanted} prêt(s), {updated} à jour, {available} disponible(s)",
        ready=ready,
        wanted=wanted,
        updated=updated,
        available=available,
    )
    if not spec.ready or (total == updated == ready == available == wanted):
        return passed(expected, state if spec.ready else f"spec.replicas {wanted}")
    found = first_problem(view, pods_of(view, replicasets(view, deployment, ns), ns))
    if found is not None and found[1].blocking:
        pod, problem = found
        return failed(problem.key, expected, joined([state, prefixed(name_of(pod), problem.summary)]), **problem.values)
    return failed("replicas-mismatch:ready", expected, state, **values, state=state, want=spec.replicas)


def rollout_state(view: ClusterView, deployment: Obj, ns: str) -> tuple[bool, Words, PodProblem | None]:
    """(complete, what the rollout is at, why its new pods fail)."""
    meta, status = deployment.get("metadata", {}), deployment.get("status", {})
    wanted, total, updated, _, available = _counts(deployment)
    observed = int(status.get("observedGeneration") or 0) >= int(meta.get("generation") or 0)
    counts = {"updated": updated, "wanted": wanted, "available": available}
    if observed and total == updated == available == wanted:
        complete = say(
            "complete: {updated}/{wanted} up to date and available",
            "terminé : {updated}/{wanted} à jour et disponible(s)",
            **counts,
        )
        return True, complete, None
    rs_list = replicasets(view, deployment, ns)
    old = total - updated
    state: Words = say(
        "{updated}/{wanted} up to date, {available} available",
        "{updated}/{wanted} à jour, {available} disponible(s)",
        **counts,
    )
    if old > 0:
        state = say(
            "{state}, {old} old pod(s) left", "{state}, {old} ancien(s) pod(s) restant(s)", state=state, old=old
        )
    if not observed:
        state = Text(
            "the controller has not seen the last change yet",
            "le contrôleur n'a pas encore pris en compte la dernière modification",
        )
    newest = rs_list[-1:] if rs_list else []
    found = first_problem(view, pods_of(view, newest, ns))
    if found is not None and found[1].blocking:
        return False, joined([state, prefixed(name_of(found[0]), found[1].summary)]), found[1]
    for cond in status.get("conditions") or []:
        if cond.get("type") == "Progressing" and cond.get("reason") == "ProgressDeadlineExceeded":
            state = say("{state} (progress deadline exceeded)", "{state} (délai de progression dépassé)", state=state)
    return False, state, None


@register("rollout_complete")
def check_rollout_complete(spec: RolloutCompleteCheck, view: ClusterView, ns: str) -> Verdict:
    expected = say(
        "rollout of deployment {name} complete", "rollout du deployment {name} terminé", name=spec.deployment
    )
    deployment = view.get("Deployment", spec.deployment, ns)
    if deployment is None:
        return missing(view, "Deployment", spec.deployment, ns, expected)
    complete, state, problem = rollout_state(view, deployment, ns)
    if complete:
        return passed(
            expected, say("{state} (revision {n})", "{state} (révision {n})", state=state, n=revision(deployment))
        )
    values = {"deployment": spec.deployment, "namespace": ns}
    if problem is not None:
        stuck = say("rollout stuck: {state}", "rollout bloqué : {state}", state=state)
        return failed("rollout-stuck:pods", expected, stuck, **values, cause=problem.summary)
    return failed("rollout-stuck", expected, state, **values, state=state)


@register("revision_count")
def check_revision_count(spec: RevisionCountCheck, view: ClusterView, ns: str) -> Verdict:
    expected = say(
        "deployment {name} with at least {n} revision(s)",
        "deployment {name} avec au moins {n} révision(s)",
        name=spec.deployment,
        n=spec.min,
    )
    deployment = view.get("Deployment", spec.deployment, ns)
    if deployment is None:
        return missing(view, "Deployment", spec.deployment, ns, expected)
    rs_list = replicasets(view, deployment, ns)
    count = max([len(rs_list), revision(deployment), *(revision(rs) for rs in rs_list)])
    actual = say("{n} revision(s)", "{n} révision(s)", n=count)
    if count >= spec.min:
        return passed(expected, actual)
    return failed(
        "revision-missing", expected, actual, deployment=spec.deployment, namespace=ns, count=count, min=spec.min
    )


def _pods_named(events: list[Obj], reason: str) -> set[str]:
    names = set()
    for event in events:
        if event.get("reason") == reason:
            found = re.search(r"pod: (\S+)", str(event.get("message", "")))
            if found:
                names.add(found.group(1))
    return names


def replaced_pods(view: ClusterView, deployment: Obj, ns: str) -> tuple[int, Words]:
    """How many pods the Deployment's ReplicaSets created to replace pods that disappeared.

    A ReplicaSet records each pod it creates (event SuccessfulCreate) and each pod it removes
    itself when scaled down (SuccessfulDelete). Pods created beyond those removed and the
    wanted count replaced pods that were deleted from outside (or that died).
    """
    replaced, live_extra = 0, 0
    details: list[Words] = []
    for rs in replicasets(view, deployment, ns):
        events = view.events_for(rs)
        created, deleted = _pods_named(events, "SuccessfulCreate"), _pods_named(events, "SuccessfulDelete")
        wanted = int(rs.get("spec", {}).get("replicas") or 0)
        extra = max(0, len(created - deleted) - wanted)
        replaced += extra
        owned = [p for p in view.list("Pod", ns) if _owned_by(p, rs)]
        live_extra += len([p for p in owned if is_terminating(p) and name_of(p) not in deleted])
        details.append(
            say(
                "{rs}: {created} created, {deleted} scaled down, {wanted} wanted",
                "{rs} : {created} créé(s), {deleted} retiré(s) par réduction, {wanted} voulu(s)",
                rs=name_of(rs),
                created=len(created),
                deleted=len(deleted),
                wanted=wanted,
            )
        )
    return max(replaced, live_extra), joined(details) if details else Text("no ReplicaSet", "aucun ReplicaSet")


@register("pod_replaced")
def check_pod_replaced(spec: PodReplacedCheck, view: ClusterView, ns: str) -> Verdict:
    expected = say("a pod of deployment {name} replaced", "un pod du deployment {name} remplacé", name=spec.deployment)
    deployment = view.get("Deployment", spec.deployment, ns)
    if deployment is None:
        return missing(view, "Deployment", spec.deployment, ns, expected)
    count, details = replaced_pods(view, deployment, ns)
    if count > 0:
        return passed(
            expected,
            say("{n} pod(s) replaced ({details})", "{n} pod(s) remplacé(s) ({details})", n=count, details=details),
        )
    return failed("pod-not-replaced", expected, details, deployment=spec.deployment, namespace=ns, state=details)
