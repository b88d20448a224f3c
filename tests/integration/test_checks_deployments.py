"""Deployment checks against a real cluster: replicas, rollouts, revisions, self-healing.

Three Deployments start once: ``steady`` (a pod of it is deleted: it replaces it), ``calm``
(left alone) and ``broken`` (updated to an image that does not exist: its rollout is stuck).
"""

from __future__ import annotations

import copy
import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from k8slab.checks.result import Status
from tests.helpers import run_check as check

if TYPE_CHECKING:
    from k8slab.cluster.client import Cluster


def deployment(name: str, replicas: int, image: str = "nginx:1.27") -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": name}},
            "template": {
                "metadata": {"labels": {"app": name}},
                "spec": {
                    "terminationGracePeriodSeconds": 0,
                    "containers": [
                        {"name": "web", "image": image, "ports": [{"containerPort": 80, "protocol": "TCP"}]}
                    ],
                },
            },
        },
    }


def rolled_out(replicas: int) -> Any:
    def condition(obj: dict[str, Any] | None) -> bool:
        if obj is None:
            return False
        status = obj.get("status", {})
        return bool(
            status.get("observedGeneration", 0) >= obj["metadata"].get("generation", 0)
            and status.get("updatedReplicas") == status.get("availableReplicas") == replicas
            and status.get("replicas") == replicas
        )

    return condition


def pulling(pod: dict[str, Any] | None) -> bool:
    statuses = (pod or {}).get("status", {}).get("containerStatuses") or []
    return any(
        (cs.get("state") or {}).get("waiting", {}).get("reason") in ("ErrImagePull", "ImagePullBackOff")
        for cs in statuses
    )


def wait_new_pod_stuck(cluster: Cluster, ns: str) -> None:
    cluster.wait_for(
        "Deployment",
        "broken",
        ns,
        lambda d: d is not None and d.get("status", {}).get("updatedReplicas", 0) >= 1,
        timeout=60,
    )
    deadline = time.monotonic() + 60
    while True:  # the ReplicaSet may count its new pod before the pod can be listed
        pods = cluster.list("Pod", ns, label_selector={"app": "broken"})
        new = [p for p in pods if p["spec"]["containers"][0]["image"] == "nginx:1.277"]
        if new or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert new, "the new pod of deployment broken never appeared"
    cluster.wait_for("Pod", new[0]["metadata"]["name"], ns, pulling, timeout=60)


@pytest.fixture(scope="module")
def ns(cluster: Cluster) -> Iterator[str]:
    name = f"t-checks-deploy-{uuid.uuid4().hex[:5]}"
    cluster.ensure_lab_namespace(name)
    try:
        cluster.apply([deployment("steady", 2), deployment("calm", 1), deployment("broken", 2)], name)
        for deploy, replicas in (("steady", 2), ("calm", 1), ("broken", 2)):
            cluster.wait_for("Deployment", deploy, name, rolled_out(replicas), timeout=90)
        victim = cluster.list("Pod", name, label_selector={"app": "steady"})[0]["metadata"]["name"]
        cluster.delete("Pod", victim, name, wait=True)
        cluster.wait_for("Deployment", "steady", name, rolled_out(2), timeout=90)
        cluster.apply([deployment("broken", 2, image="nginx:1.277")], name)
        wait_new_pod_stuck(cluster, name)
        yield name
    finally:
        cluster.delete_lab_namespace(name, wait=False)


def test_deployment_replicas(cluster: Cluster, ns: str) -> None:
    ok = check(cluster, ns, type="deployment_replicas", deployment="steady", replicas=2)
    assert ok.status is Status.PASSED and "2/2 ready" in ok.actual_text("en")
    scale = check(cluster, ns, type="deployment_replicas", deployment="calm", replicas=3)
    assert scale.diagnosis == "replicas-mismatch" and "1" in scale.actual_text("en")
    assert "--replicas=3" in scale.hint.en  # type: ignore[union-attr]
    spec_only = check(cluster, ns, type="deployment_replicas", deployment="broken", replicas=2, ready=False)
    assert spec_only.status is Status.PASSED
    pulling = check(cluster, ns, type="deployment_replicas", deployment="broken", replicas=2)
    assert pulling.diagnosis == "image-pull" and "nginx:1.277" in pulling.actual_text("en")
    lost = check(cluster, ns, type="deployment_replicas", deployment="steady", replicas=2, namespace="default")
    assert lost.diagnosis == "wrong-namespace" and ns in lost.actual_text("en")


def test_rollout_complete(cluster: Cluster, ns: str) -> None:
    assert check(cluster, ns, type="rollout_complete", deployment="steady").status is Status.PASSED
    stuck = check(cluster, ns, type="rollout_complete", deployment="broken")
    assert stuck.status is Status.FAILED and stuck.diagnosis == "rollout-stuck"
    actual = stuck.actual_text("en")
    assert "nginx:1.277" in actual and ("ErrImagePull" in actual or "ImagePullBackOff" in actual)
    assert "rollout undo" in stuck.hint.en  # type: ignore[union-attr]
    assert check(cluster, ns, type="rollout_complete", deployment="nope").diagnosis == "not-found"


def test_revision_count(cluster: Cluster, ns: str) -> None:
    assert check(cluster, ns, type="revision_count", deployment="broken", min=2).status is Status.PASSED
    result = check(cluster, ns, type="revision_count", deployment="calm", min=2)
    assert result.diagnosis == "revision-missing" and "1 revision" in result.actual_text("en")


def test_pod_replaced(cluster: Cluster, ns: str) -> None:
    assert check(cluster, ns, type="pod_replaced", deployment="steady").status is Status.PASSED
    calm = check(cluster, ns, type="pod_replaced", deployment="calm")
    assert calm.diagnosis == "pod-not-replaced"
    # a rollout replaces pods too, but that is not self-healing
    assert check(cluster, ns, type="pod_replaced", deployment="broken").diagnosis == "pod-not-replaced"


def test_container_image_of_a_deployment(cluster: Cluster, ns: str) -> None:
    assert (
        check(cluster, ns, type="container_image", kind="Deployment", name="steady", image="nginx:1.27").status
        is Status.PASSED
    )
    result = check(cluster, ns, type="container_image", kind="Deployment", name="broken", image="nginx:1.27")
    assert result.diagnosis == "image-mismatch" and result.actual_text("en") == "image nginx:1.277"


def test_rollout_restart_is_not_a_replacement(cluster: Cluster, ns: str) -> None:
    restarted = copy.deepcopy(deployment("calm", 1))
    restarted["spec"]["template"]["metadata"]["annotations"] = {"kubectl.kubernetes.io/restartedAt": "now"}
    cluster.apply([restarted], ns)
    cluster.wait_for("Deployment", "calm", ns, rolled_out(1), timeout=90)
    assert check(cluster, ns, type="rollout_complete", deployment="calm").status is Status.PASSED
    assert check(cluster, ns, type="revision_count", deployment="calm", min=2).status is Status.PASSED
    assert check(cluster, ns, type="pod_replaced", deployment="calm").diagnosis == "pod-not-replaced"
