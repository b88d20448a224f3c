"""Object and pod checks against a real cluster: each passes on a good pod and diagnoses a bad one.

All pods of the module start once, in one namespace; a second namespace holds the objects
that were created "in the wrong namespace".
"""

from __future__ import annotations

import shlex
import time
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from k8slab.checks.result import CheckResult, Status
from k8slab.cluster.view import ClusterView
from k8slab.errors import ClusterError, ClusterUnreachableError, ResourceNotFoundError
from tests.helpers import run_check as check

if TYPE_CHECKING:
    from k8slab.cluster.client import Cluster

BUSYBOX = {"image": "busybox:1.37", "command": ["sleep", "3600"]}
MANIFESTS = """
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {a: "1"}
---
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  terminationGracePeriodSeconds: 0
  containers: [{name: web, image: "nginx:1.27", ports: [{containerPort: 80, protocol: TCP}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: badimg, labels: {app: bad}}
spec: {containers: [{name: web, image: "nginx:1.277"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: crash, labels: {app: crash}}
spec:
  terminationGracePeriodSeconds: 0
  containers: [{name: c, image: "busybox:1.37", command: [sh, -c, "echo boom; exit 1"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: once, labels: {app: once}}
spec:
  terminationGracePeriodSeconds: 0
  volumes: [{name: data, emptyDir: {}}]
  containers:
  - name: c
    image: "busybox:1.37"
    command: [sh, -c, "[ -f /data/ran ] || { touch /data/ran; exit 1; }; sleep 3600"]
    volumeMounts: [{name: data, mountPath: /data}]
---
apiVersion: v1
kind: Pod
metadata: {name: cm-missing}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: c, image: "busybox:1.37", command: [sleep, "3600"],
     env: [{name: X, valueFrom: {configMapKeyRef: {name: nope, key: k}}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: key-missing}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: c, image: "busybox:1.37", command: [sleep, "3600"],
     env: [{name: X, valueFrom: {configMapKeyRef: {name: cfg, key: k}}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: vol-missing}
spec:
  terminationGracePeriodSeconds: 0
  volumes: [{name: v, configMap: {name: nope}}]
  containers: [{name: c, image: "busybox:1.37", command: [sleep, "3600"], volumeMounts: [{name: v, mountPath: /cfg}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: unsched}
spec:
  nodeSelector: {k8slab.test/disk: ssd}
  containers: [{name: c, image: "busybox:1.37", command: [sleep, "3600"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: notready}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: c, image: "busybox:1.37", command: [sleep, "3600"],
     readinessProbe: {exec: {command: ["false"]}, periodSeconds: 2}}
"""
ELSEWHERE = """
apiVersion: v1
kind: ConfigMap
metadata: {name: lost-config}
data: {a: "1"}
---
apiVersion: v1
kind: Pod
metadata: {name: lost, labels: {app: lost}}
spec:
  terminationGracePeriodSeconds: 0
  containers: [{name: c, image: "busybox:1.37", command: [sleep, "3600"]}]
"""


def waiting_reason(*reasons: str) -> Callable[[dict[str, Any] | None], bool]:
    def condition(pod: dict[str, Any] | None) -> bool:
        for cs in (pod or {}).get("status", {}).get("containerStatuses") or []:
            if (cs.get("state") or {}).get("waiting", {}).get("reason") in reasons:
                return True
        return False

    return condition


def ready(pod: dict[str, Any] | None) -> bool:
    conditions = (pod or {}).get("status", {}).get("conditions") or []
    return any(c.get("type") == "Ready" and c.get("status") == "True" for c in conditions)


def restarted_and_ready(pod: dict[str, Any] | None) -> bool:
    statuses = (pod or {}).get("status", {}).get("containerStatuses") or []
    return ready(pod) and any(cs.get("restartCount", 0) >= 1 for cs in statuses)


def eventually(
    cluster: Cluster, ns: str, fields: dict[str, Any], done: Callable[[CheckResult], bool], timeout: float = 90
) -> CheckResult:
    """Run a check again on every change to the namespace's pods or events until ``done``."""
    deadline = time.monotonic() + timeout
    while True:
        result = check(cluster, ns, **fields)
        if done(result) or time.monotonic() > deadline:
            return result
        rv = cluster.request("GET", f"/api/v1/namespaces/{ns}/events", query={"limit": 1})["metadata"]
        for _ in cluster.watch("Event", ns, resource_version=rv.get("resourceVersion"), timeout=5):
            break


def wait_event(cluster: Cluster, ns: str, pod: str, reason: str) -> None:
    """Wait (watch API) until an event ``reason`` about ``pod`` exists."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if any(
            e.get("reason") == reason and e.get("involvedObject", {}).get("name") == pod
            for e in cluster.list("Event", ns)
        ):
            return
        rv = cluster.request("GET", f"/api/v1/namespaces/{ns}/events", query={"limit": 1})["metadata"]
        for _event in cluster.watch("Event", ns, resource_version=rv.get("resourceVersion"), timeout=5):
            break
    raise AssertionError(f"no {reason} event for pod {pod}")


def namespace(cluster: Cluster, prefix: str) -> str:
    name = f"t-checks-{prefix}-{uuid.uuid4().hex[:5]}"
    cluster.ensure_lab_namespace(name)
    return name


@pytest.fixture(scope="module")
def lab(cluster: Cluster) -> Iterator[tuple[str, str]]:
    # "other" is a namespace of the learner's own (not labelled as a lesson's), where a pod lands
    # when -n is forgotten
    ns, other = namespace(cluster, "pods"), f"t-checks-pods-other-{uuid.uuid4().hex[:5]}"
    cluster.request(
        "POST", "/api/v1/namespaces", body={"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": other}}
    )
    try:
        cluster.apply(list(yaml.safe_load_all(MANIFESTS)), ns)
        cluster.apply(list(yaml.safe_load_all(ELSEWHERE)), other)
        for name in ("web", "notready"):
            cluster.wait_for(
                "Pod", name, ns, lambda p: p is not None and p.get("status", {}).get("phase") == "Running", timeout=90
            )
        cluster.wait_for("Pod", "web", ns, ready, timeout=60)
        cluster.wait_for("Pod", "lost", other, ready, timeout=60)
        cluster.wait_for("Pod", "badimg", ns, waiting_reason("ErrImagePull", "ImagePullBackOff"), timeout=60)
        cluster.wait_for("Pod", "cm-missing", ns, waiting_reason("CreateContainerConfigError"), timeout=60)
        cluster.wait_for("Pod", "key-missing", ns, waiting_reason("CreateContainerConfigError"), timeout=60)
        cluster.wait_for("Pod", "crash", ns, waiting_reason("CrashLoopBackOff"), timeout=90)
        cluster.wait_for("Pod", "once", ns, restarted_and_ready, timeout=90)
        wait_event(cluster, ns, "notready", "Unhealthy")
        yield ns, other
    finally:
        cluster.delete_lab_namespace(ns, wait=False)
        cluster.request("DELETE", f"/api/v1/namespaces/{other}")


def test_exists(cluster: Cluster, lab: tuple[str, str]) -> None:
    ns, other = lab
    assert check(cluster, ns, type="exists", kind="Pod", name="web").status is Status.PASSED
    assert check(cluster, ns, type="exists", kind="pods", selector={"app": "web"}).status is Status.PASSED
    result = check(cluster, ns, type="exists", kind="ConfigMap", name="app-config")
    assert result.status is Status.FAILED and result.diagnosis == "not-found"
    result = check(cluster, ns, type="exists", kind="ConfigMap", name="lost-config")
    assert result.diagnosis == "wrong-namespace" and other in result.actual_text("en")
    assert f"-n {ns}" in result.why.en  # type: ignore[union-attr]
    result = check(cluster, ns, type="exists", kind="Pod", selector={"app": "web"}, min=2)
    assert result.diagnosis == "not-found" and "1 pod" in result.actual_text("en")


def test_absent(cluster: Cluster, lab: tuple[str, str]) -> None:
    ns, _ = lab
    assert check(cluster, ns, type="absent", kind="Pod", name="gone").status is Status.PASSED
    result = check(cluster, ns, type="absent", kind="Pod", name="web")
    assert result.status is Status.FAILED and result.diagnosis == "field-mismatch"
    result = check(cluster, ns, type="absent", kind="Pod", selector={"app": "web"})
    assert result.diagnosis == "field-mismatch" and "web" in result.actual_text("en")


def test_field(cluster: Cluster, lab: tuple[str, str]) -> None:
    ns, _ = lab
    ok = check(cluster, ns, type="field", kind="Pod", name="web", path="spec.containers[0].image", value="nginx:1.27")
    assert ok.status is Status.PASSED
    bad = check(
        cluster, ns, type="field", kind="Pod", name="badimg", path="spec.containers[0].image", value="nginx:1.27"
    )
    assert bad.diagnosis == "field-mismatch" and "nginx:1.277" in bad.actual_text("en")
    unset = check(cluster, ns, type="field", kind="Pod", name="web", path="spec.nodeSelector", op="exists")
    assert unset.diagnosis == "field-mismatch" and "not set" in unset.actual_text("en")
    node = cluster.list("Node")[0]["metadata"]["name"]
    live = check(
        cluster,
        ns,
        type="field",
        kind="Pod",
        name="web",
        path="spec.nodeName",
        value_from={"kind": "Node", "path": "metadata.name"},
    )
    assert live.status is Status.PASSED and node in live.actual_text("en")
    version = check(
        cluster, ns, type="field", kind="Node", name=node, path="status.nodeInfo.kubeletVersion", op=">=", value="v1.19"
    )
    assert version.status is Status.PASSED
    missing = check(cluster, ns, type="field", kind="Pod", name="nothere", path="spec", op="exists")
    assert missing.diagnosis == "not-found"


def test_node_ready(cluster: Cluster, lab: tuple[str, str]) -> None:
    ns, _ = lab
    assert check(cluster, ns, type="node_ready").status is Status.PASSED
    result = check(cluster, ns, type="node_ready", min=50)
    assert result.status is Status.FAILED and result.diagnosis == "node-not-ready"


def test_pod_phase(cluster: Cluster, lab: tuple[str, str]) -> None:
    ns, other = lab
    assert check(cluster, ns, type="pod_phase", name="web").status is Status.PASSED
    # between two restarts the container runs for an instant: the check gets there on a later run
    crash = eventually(cluster, ns, {"type": "pod_phase", "name": "crash"}, lambda r: r.diagnosis == "crash-loop")
    assert crash.diagnosis == "crash-loop" and "exit code 1" in crash.actual_text("en")
    assert check(cluster, ns, type="pod_phase", name="unsched").diagnosis == "unschedulable"
    lost = check(cluster, ns, type="pod_phase", name="lost")
    assert lost.diagnosis == "wrong-namespace" and other in lost.actual_text("en")
    lost = check(cluster, ns, type="pod_phase", selector={"app": "lost"})
    assert lost.diagnosis == "wrong-namespace"


@pytest.mark.parametrize(
    ("pod", "diagnosis", "word"),
    [
        ("badimg", "image-pull", "nginx:1.277"),
        ("cm-missing", "configmap-missing", "nope"),
        ("key-missing", "configmap-key-missing", "key k"),
        ("unsched", "unschedulable", "FailedScheduling"),
        ("notready", "pod-not-ready", "readiness"),
        ("crash", "crash-loop", "exit code 1"),
        ("nothere", "not-found", "nothere"),
    ],
)
def test_pod_ready_diagnoses(cluster: Cluster, lab: tuple[str, str], pod: str, diagnosis: str, word: str) -> None:
    ns, _ = lab
    result = eventually(cluster, ns, {"type": "pod_ready", "name": pod}, lambda r: r.diagnosis == diagnosis)
    assert result.status is Status.FAILED
    assert result.diagnosis == diagnosis
    assert word in result.actual_text("en")
    assert result.why is not None and result.why.fr != result.why.en


def test_pod_ready_mount_failed(cluster: Cluster, lab: tuple[str, str]) -> None:
    ns, _ = lab
    result = eventually(
        cluster, ns, {"type": "pod_ready", "name": "vol-missing"}, lambda r: r.diagnosis == "mount-failed"
    )
    assert result.diagnosis == "mount-failed"
    assert "nope" in result.why.en  # type: ignore[union-attr]


def test_pod_ready_passes(cluster: Cluster, lab: tuple[str, str]) -> None:
    ns, _ = lab
    assert check(cluster, ns, type="pod_ready", name="web").status is Status.PASSED
    assert check(cluster, ns, type="pod_ready", selector={"app": "web"}).status is Status.PASSED


def test_pod_restarts(cluster: Cluster, lab: tuple[str, str]) -> None:
    ns, _ = lab
    assert check(cluster, ns, type="pod_restarts", name="web").status is Status.PASSED
    once = check(cluster, ns, type="pod_restarts", name="once")
    assert once.diagnosis == "too-many-restarts" and "1 restart" in once.actual_text("en")
    assert check(cluster, ns, type="pod_restarts", name="once", max=1).status is Status.PASSED
    crash = eventually(cluster, ns, {"type": "pod_restarts", "name": "crash"}, lambda r: r.diagnosis == "crash-loop")
    assert crash.diagnosis == "crash-loop"


def test_pod_healthy(cluster: Cluster, lab: tuple[str, str]) -> None:
    ns, _ = lab
    assert check(cluster, ns, type="pod_healthy", name="web").status is Status.PASSED
    # A pod that is not Ready but not blocked either is healthy.
    assert check(cluster, ns, type="pod_healthy", name="notready").status is Status.PASSED
    assert check(cluster, ns, type="pod_healthy", selector={"app": "bad"}).diagnosis == "image-pull"
    assert check(cluster, ns, type="pod_healthy", name="key-missing").diagnosis == "configmap-key-missing"


def test_container_image(cluster: Cluster, lab: tuple[str, str]) -> None:
    ns, _ = lab
    assert check(cluster, ns, type="container_image", name="web", image="nginx:1.27").status is Status.PASSED
    result = check(cluster, ns, type="container_image", name="badimg", image="nginx:1.27")
    assert result.diagnosis == "image-mismatch"
    assert result.expected_text("en") == "image nginx:1.27"
    assert result.actual_text("en").startswith("image nginx:1.277 (") and "Image" in result.actual_text("en")
    assert (
        check(cluster, ns, type="container_image", name="web", container="nope", image="nginx:1.27").diagnosis
        == "not-found"
    )


def test_logs_contain(cluster: Cluster, lab: tuple[str, str]) -> None:
    ns, _ = lab
    assert check(cluster, ns, type="logs_contain", name="crash", text="boom").status is Status.PASSED
    result = check(cluster, ns, type="logs_contain", name="crash", text="all good")
    assert result.diagnosis == "text-missing"
    assert check(cluster, ns, type="logs_contain", name="badimg", text="x").diagnosis == "image-pull"


def test_exec_output(cluster: Cluster, lab: tuple[str, str]) -> None:
    ns, _ = lab
    ok = check(cluster, ns, type="exec_output", name="web", command=["cat", "/etc/hostname"], text="web")
    assert ok.status is Status.PASSED
    bad = check(cluster, ns, type="exec_output", name="web", command=["cat", "/etc/hostname"], text="db")
    assert bad.diagnosis == "text-missing" and "web" in bad.actual_text("en")
    blocked = check(cluster, ns, type="exec_output", name="cm-missing", command=["true"], text="x")
    assert blocked.diagnosis == "configmap-missing"


def test_exec_output_says_what_was_printed_and_how_to_run_it(cluster: Cluster, lab: tuple[str, str]) -> None:
    ns, _ = lab
    command = ["sh", "-c", "echo 'hello   world'"]
    result = check(cluster, ns, type="exec_output", name="web", command=command, text="bye")
    assert result.diagnosis == "text-missing" and result.why is not None and result.hint is not None
    assert "(it printed: hello world)" in result.why.en
    assert "(elle a affiché : hello world)" in result.why.fr
    pasted = result.hint.en.split(": ", 1)[1]
    assert shlex.split(pasted) == ["kubectl", "exec", "web", "-n", ns, "--", *command]


def test_exec_in_a_container_that_is_not_running_is_a_refusal(cluster: Cluster, lab: tuple[str, str]) -> None:
    ns, _ = lab
    with pytest.raises(ClusterError) as caught:  # its image cannot be pulled: the container never ran
        cluster.exec(ns, "badimg", ["true"])
    assert not isinstance(caught.value, ClusterUnreachableError)
    assert "exec in pod/badimg" in caught.value.message
    with pytest.raises(ResourceNotFoundError):
        cluster.exec(ns, "nothere", ["true"])
    answer = ClusterView(cluster, ns).exec(ns, "badimg", ["true"])
    assert answer.returncode is None and "badimg" in answer.stderr
