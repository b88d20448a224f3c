"""The cluster layer against a real cluster: apply, wait, exec, logs, the namespace guard, errors."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest

from k8slab.cluster.client import Cluster
from k8slab.cluster.watcher import NamespaceWatcher
from k8slab.errors import GuardError, InvalidManifestError, ResourceNotFoundError


def deployment(replicas: int = 2, image: str = "nginx:1.27") -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "labels": {"app": "web"}},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {
                    "terminationGracePeriodSeconds": 0,
                    "containers": [{"name": "nginx", "image": image, "ports": [{"containerPort": 80}]}],
                },
            },
        },
    }


def configmap(value: str) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"}, "data": {"color": value}}


def ready(replicas: int) -> Any:
    return lambda obj: obj is not None and (obj.get("status") or {}).get("readyReplicas") == replicas


def test_apply_creates_updates_and_is_a_no_op_when_unchanged(cluster: Cluster, lab_namespace: str) -> None:
    first = cluster.apply([configmap("blue")], lab_namespace)
    assert [o.action for o in first] == ["created"]
    version = cluster.get("ConfigMap", "settings", lab_namespace)["metadata"]["resourceVersion"]
    again = cluster.apply([configmap("blue")], lab_namespace)
    assert [o.action for o in again] == ["unchanged"]
    assert cluster.get("ConfigMap", "settings", lab_namespace)["metadata"]["resourceVersion"] == version
    changed = cluster.apply([configmap("green")], lab_namespace)
    assert [o.action for o in changed] == ["configured"]
    assert cluster.get("ConfigMap", "settings", lab_namespace)["data"] == {"color": "green"}


def test_apply_keeps_the_manifests_own_namespace(cluster: Cluster, lab_namespace: str) -> None:
    other = f"{lab_namespace}-b"
    cluster.ensure_lab_namespace(other)
    try:
        doc = configmap("blue")
        doc["metadata"]["namespace"] = other
        outcome = cluster.apply([doc], lab_namespace)
        assert outcome[0].namespace == other
        assert cluster.find("ConfigMap", "settings", other) is not None
        assert cluster.find("ConfigMap", "settings", lab_namespace) is None
    finally:
        cluster.delete_lab_namespace(other, wait=False)


def test_pod_spec_change_recreates_the_pod(cluster: Cluster, lab_namespace: str) -> None:
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p"},
        "spec": {
            "terminationGracePeriodSeconds": 0,
            "containers": [
                {
                    "name": "c",
                    "image": "busybox:1.37",
                    "command": ["sleep", "300"],
                    "env": [{"name": "A", "value": "1"}],
                }
            ],
        },
    }
    cluster.apply([copy.deepcopy(pod)], lab_namespace)
    pod["spec"]["containers"][0]["env"][0]["value"] = "2"
    outcome = cluster.apply([pod], lab_namespace)
    assert outcome[0].action == "recreated"
    assert cluster.get("Pod", "p", lab_namespace)["spec"]["containers"][0]["env"][0]["value"] == "2"


def test_wait_exec_and_logs(cluster: Cluster, lab_namespace: str) -> None:
    cluster.apply([deployment(2)], lab_namespace)
    cluster.wait_for("Deployment", "web", lab_namespace, ready(2), timeout=90)
    pods = cluster.list("Pod", lab_namespace, label_selector={"app": "web"})
    assert len(pods) == 2
    name = pods[0]["metadata"]["name"]
    result = cluster.exec(lab_namespace, name, ["sh", "-c", "echo hello; wget -qO- http://127.0.0.1/"])
    assert result.returncode == 0
    assert result.stdout.startswith("hello") and "Welcome to nginx" in result.stdout
    failing = cluster.exec(lab_namespace, name, ["sh", "-c", "exit 3"])
    assert failing.returncode == 3
    assert "GET /" in cluster.logs(lab_namespace, name)


def test_scaling_is_seen_through_the_watch_api(cluster: Cluster, lab_namespace: str) -> None:
    cluster.apply([deployment(1)], lab_namespace)
    cluster.wait_for("Deployment", "web", lab_namespace, ready(1), timeout=90)
    with NamespaceWatcher(cluster, lab_namespace, kinds=("Deployment",)) as watcher:
        cluster.apply([deployment(3)], lab_namespace)
        assert watcher.wait(10)
        assert "Deployment" in watcher.take_kinds()
    cluster.wait_for("Deployment", "web", lab_namespace, ready(3), timeout=90)


def test_deleting_a_lab_namespace_works(cluster: Cluster) -> None:
    name = f"t-delete-{uuid.uuid4().hex[:6]}"
    cluster.ensure_lab_namespace(name)
    assert cluster.delete_lab_namespace(name, wait=True)
    assert cluster.find("Namespace", name) is None
    assert not cluster.delete_lab_namespace(name)


def test_deleting_an_unlabelled_namespace_is_refused(cluster: Cluster) -> None:
    with pytest.raises(GuardError):
        cluster.delete_lab_namespace("default")
    with pytest.raises(GuardError):
        cluster.delete("Namespace", "kube-system", None)
    assert cluster.find("Namespace", "default") is not None


def test_a_foreign_namespace_is_not_adopted(cluster: Cluster) -> None:
    name = f"t-foreign-{uuid.uuid4().hex[:6]}"
    cluster.request(
        "POST", "/api/v1/namespaces", body={"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}
    )
    try:
        with pytest.raises(GuardError):
            cluster.ensure_lab_namespace(name)
    finally:
        cluster.request("DELETE", f"/api/v1/namespaces/{name}")


def test_invalid_manifest_yields_the_servers_message(cluster: Cluster, lab_namespace: str) -> None:
    bad = {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "bad"},
        "spec": {"selector": {"app": "web"}, "ports": [{"port": 70000, "protocol": "TCP"}]},
    }
    with pytest.raises(InvalidManifestError) as info:
        cluster.apply([bad], lab_namespace)
    assert "spec.ports[0].port" in info.value.message
    assert "\n" not in info.value.message


def test_missing_object_is_not_found(cluster: Cluster, lab_namespace: str) -> None:
    with pytest.raises(ResourceNotFoundError):
        cluster.get("Pod", "nope", lab_namespace)
    assert cluster.find("Pod", "nope", lab_namespace) is None
    assert cluster.delete("Pod", "nope", lab_namespace) is False
