"""ConfigMap checks against a real cluster: contents, consumption, env in the running container."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from k8slab.checks.result import Status
from tests.helpers import run_check as check

if TYPE_CHECKING:
    from k8slab.cluster.client import Cluster

MANIFESTS = """
apiVersion: v1
kind: ConfigMap
metadata: {name: app-config}
data: {color: blue, greeting: "hello world"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: stale-config}
data: {color: blue}
---
apiVersion: v1
kind: Pod
metadata: {name: app, labels: {app: app}}
spec:
  terminationGracePeriodSeconds: 0
  volumes: [{name: config, configMap: {name: app-config}}]
  containers:
  - name: app
    image: "busybox:1.37"
    command: [sleep, "3600"]
    env:
    - {name: COLOR, valueFrom: {configMapKeyRef: {name: app-config, key: color}}}
    - {name: MODE, value: demo}
    envFrom: [{configMapRef: {name: app-config}, prefix: CFG_}]
    volumeMounts: [{name: config, mountPath: /etc/config}]
---
apiVersion: v1
kind: Pod
metadata: {name: stale}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: app
    image: "nginx:1.27"
    env: [{name: COLOR, valueFrom: {configMapKeyRef: {name: stale-config, key: color}}}]
---
apiVersion: v1
kind: Pod
metadata: {name: key-missing}
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - {name: app, image: "busybox:1.37", command: [sleep, "3600"],
     env: [{name: COLOR, valueFrom: {configMapKeyRef: {name: app-config, key: colour}}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: vol-ghost}
spec:
  terminationGracePeriodSeconds: 0
  volumes: [{name: config, configMap: {name: ghost}}]
  containers: [{name: app, image: "busybox:1.37", command: [sleep, "3600"],
                volumeMounts: [{name: config, mountPath: /etc/config}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: vol-key}
spec:
  terminationGracePeriodSeconds: 0
  volumes: [{name: config, configMap: {name: app-config, items: [{key: size, path: size}]}}]
  containers: [{name: app, image: "busybox:1.37", command: [sleep, "3600"],
                volumeMounts: [{name: config, mountPath: /etc/config}]}]
"""


def ready(pod: dict[str, Any] | None) -> bool:
    conditions = (pod or {}).get("status", {}).get("conditions") or []
    return any(c.get("type") == "Ready" and c.get("status") == "True" for c in conditions)


def waiting(reason: str) -> Callable[[dict[str, Any] | None], bool]:
    def condition(pod: dict[str, Any] | None) -> bool:
        statuses = (pod or {}).get("status", {}).get("containerStatuses") or []
        return any((cs.get("state") or {}).get("waiting", {}).get("reason") == reason for cs in statuses)

    return condition


def has_event(cluster: Cluster, ns: str, pod: str, reason: str) -> None:
    """Wait (watch API) until an event ``reason`` about ``pod`` exists."""

    def found() -> bool:
        return any(
            e.get("reason") == reason and e.get("involvedObject", {}).get("name") == pod
            for e in cluster.list("Event", ns)
        )

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if found():
            return
        rv = cluster.request("GET", f"/api/v1/namespaces/{ns}/events", query={"limit": 1})["metadata"]
        for _event in cluster.watch("Event", ns, resource_version=rv.get("resourceVersion"), timeout=5):
            break
    raise AssertionError(f"no {reason} event for pod {pod}")


@pytest.fixture(scope="module")
def ns(cluster: Cluster) -> Iterator[str]:
    name = f"t-checks-config-{uuid.uuid4().hex[:5]}"
    cluster.ensure_lab_namespace(name)
    try:
        cluster.apply(list(yaml.safe_load_all(MANIFESTS)), name)
        cluster.wait_for("Pod", "app", name, ready, timeout=90)
        cluster.wait_for("Pod", "stale", name, ready, timeout=90)
        cluster.wait_for("Pod", "key-missing", name, waiting("CreateContainerConfigError"), timeout=60)
        has_event(cluster, name, "vol-key", "FailedMount")
        yield name
    finally:
        cluster.delete_lab_namespace(name, wait=False)


def test_configmap_data(cluster: Cluster, ns: str) -> None:
    ok = check(
        cluster,
        ns,
        type="configmap_data",
        name="app-config",
        keys=["color"],
        data={"color": "blue"},
        contains={"greeting": "world"},
    )
    assert ok.status is Status.PASSED
    key = check(cluster, ns, type="configmap_data", name="app-config", keys=["size"])
    assert key.diagnosis == "configmap-key-missing" and "color, greeting" in key.actual_text("en")
    value = check(cluster, ns, type="configmap_data", name="app-config", data={"color": "red"})
    assert value.diagnosis == "field-mismatch" and "color=blue" in value.actual_text("en")
    text = check(cluster, ns, type="configmap_data", name="app-config", contains={"greeting": "bonjour"})
    assert text.diagnosis == "field-mismatch"
    assert check(cluster, ns, type="configmap_data", name="nope").diagnosis == "not-found"


def test_configmap_consumed(cluster: Cluster, ns: str) -> None:
    assert (
        check(cluster, ns, type="configmap_consumed", name="app", configmap="app-config", via="env").status
        is Status.PASSED
    )
    assert (
        check(
            cluster, ns, type="configmap_consumed", selector={"app": "app"}, configmap="app-config", via="volume"
        ).status
        is Status.PASSED
    )
    env = check(cluster, ns, type="configmap_consumed", name="vol-ghost", configmap="ghost", via="env")
    assert env.diagnosis == "env-missing"
    volume = check(cluster, ns, type="configmap_consumed", name="stale", configmap="stale-config", via="volume")
    assert volume.diagnosis == "mount-missing"
    assert check(cluster, ns, type="configmap_consumed", name="nope", configmap="x", via="env").diagnosis == "not-found"


def test_env_var_from_configmap(cluster: Cluster, ns: str) -> None:
    ok = check(cluster, ns, type="env_var", name="app", var="COLOR", configmap="app-config", key="color")
    assert ok.status is Status.PASSED and "COLOR=blue" in ok.actual_text("en")
    prefixed = check(
        cluster, ns, type="env_var", name="app", var="CFG_greeting", configmap="app-config", key="greeting"
    )
    assert prefixed.status is Status.PASSED
    source = check(cluster, ns, type="env_var", name="app", var="MODE", configmap="app-config", key="mode")
    assert source.diagnosis == "field-mismatch" and "literal" in source.actual_text("en")
    missing_key = check(
        cluster, ns, type="env_var", name="key-missing", var="COLOR", configmap="app-config", key="colour"
    )
    assert missing_key.diagnosis == "configmap-key-missing"


def test_env_var_literal(cluster: Cluster, ns: str) -> None:
    assert check(cluster, ns, type="env_var", name="app", var="MODE", value="demo").status is Status.PASSED
    wrong = check(cluster, ns, type="env_var", name="app", var="MODE", value="prod")
    assert wrong.diagnosis == "field-mismatch" and "MODE=demo" in wrong.actual_text("en")
    missing = check(cluster, ns, type="env_var", name="app", var="DEBUG")
    assert missing.diagnosis == "env-missing"
    # the nginx image has no printenv: the value is read with env
    assert check(cluster, ns, type="env_var", name="stale", var="COLOR").status is Status.PASSED


def test_env_var_stale_after_the_configmap_changed(cluster: Cluster, ns: str) -> None:
    before = check(cluster, ns, type="env_var", name="stale", var="COLOR", configmap="stale-config", key="color")
    assert before.status is Status.PASSED
    cluster.apply(
        [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "stale-config"}, "data": {"color": "red"}}], ns
    )
    after = check(cluster, ns, type="env_var", name="stale", var="COLOR", configmap="stale-config", key="color")
    assert after.status is Status.FAILED and after.diagnosis == "env-stale"
    assert "COLOR=blue" in after.actual_text("en") and "red" in after.actual_text("en")
    assert "red" in after.why.fr  # type: ignore[union-attr]


def test_volume_mount(cluster: Cluster, ns: str) -> None:
    ok = check(cluster, ns, type="volume_mount", name="app", path="/etc/config/", configmap="app-config")
    assert ok.status is Status.PASSED
    missing = check(cluster, ns, type="volume_mount", name="app", path="/config")
    assert missing.diagnosis == "mount-missing" and "/etc/config" in missing.actual_text("en")
    other = check(cluster, ns, type="volume_mount", name="app", path="/etc/config", configmap="stale-config")
    assert other.diagnosis == "mount-missing"
    ghost = check(cluster, ns, type="volume_mount", name="vol-ghost", path="/etc/config", configmap="ghost")
    assert ghost.diagnosis == "configmap-missing"
    failed_mount = check(cluster, ns, type="volume_mount", name="vol-key", path="/etc/config", configmap="app-config")
    assert failed_mount.diagnosis == "mount-failed" and "FailedMount" in failed_mount.actual_text("en")
    assert check(cluster, ns, type="volume_mount", name="nope", path="/x").diagnosis == "not-found"
