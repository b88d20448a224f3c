"""The cluster picture, built from objects as the API server returns them (no cluster needed)."""

from __future__ import annotations

from typing import Any

import pytest
from rich.cells import cell_len

from k8slab.engine.cluster_picture import ApiHealth, build_picture, needs_api_health
from k8slab.engine.object_state import namespace_rows, pod_state
from k8slab.i18n import set_language
from k8slab.ui.cluster_map import picture_lines

LAB = {"app.kubernetes.io/managed-by": "k8slab"}


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")


def node(name: str, *, ready: bool = True, control_plane: bool = False) -> dict[str, Any]:
    labels = {"kubernetes.io/hostname": name}
    if control_plane:
        labels["node-role.kubernetes.io/control-plane"] = ""
    return {
        "metadata": {"name": name, "labels": labels},
        "status": {
            "conditions": [
                {"type": "MemoryPressure", "status": "False"},
                {
                    "type": "Ready",
                    "status": "True" if ready else "Unknown",
                    "reason": "KubeletReady" if ready else "NodeStatusUnknown",
                },
            ],
            "addresses": [{"type": "InternalIP", "address": "172.18.0.2"}, {"type": "Hostname", "address": name}],
            "nodeInfo": {"kubeletVersion": "v1.33.1", "containerRuntimeVersion": "containerd://2.1.1"},
        },
    }


def namespace(name: str, labels: dict[str, str] | None = None) -> dict[str, Any]:
    return {"metadata": {"name": name, "labels": labels or {}}, "status": {"phase": "Active"}}


def pod(
    name: str,
    ns: str,
    node_name: str | None = "k8slab-control-plane",
    *,
    ready: bool = True,
    waiting: str | None = None,
    labels: dict[str, str] | None = None,
    phase: str | None = None,
) -> dict[str, Any]:
    state: dict[str, Any] = (
        {"waiting": {"reason": waiting}} if waiting else {"running": {"startedAt": "2024-01-01T00:00:00Z"}}
    )
    status: dict[str, Any] = {
        "phase": phase or ("Running" if ready or waiting is None else "Pending"),
        "conditions": [{"type": "Ready", "status": "True" if ready else "False"}],
        "containerStatuses": [{"name": "c", "ready": ready, "restartCount": 0, "state": state}],
    }
    spec: dict[str, Any] = {"containers": [{"name": "c", "image": "nginx:1.27"}]}
    if node_name:
        spec["nodeName"] = node_name
    return {"metadata": {"name": name, "namespace": ns, "labels": labels or {}}, "spec": spec, "status": status}


def static_pod(component: str, node_name: str = "k8slab-control-plane") -> dict[str, Any]:
    return pod(
        f"{component}-{node_name}", "kube-system", node_name, labels={"component": component, "tier": "control-plane"}
    )


def service(name: str, ns: str, *, node_port: int | None = None) -> dict[str, Any]:
    port: dict[str, Any] = {"port": 80, "targetPort": 8080, "protocol": "TCP"}
    if node_port:
        port["nodePort"] = node_port
    return {
        "metadata": {"name": name, "namespace": ns},
        "spec": {
            "type": "NodePort" if node_port else "ClusterIP",
            "clusterIP": "10.96.0.10",
            "selector": {"app": name},
            "ports": [port],
        },
    }


def endpoints(name: str, ns: str, ready: list[str], not_ready: tuple[str, ...] | list[str] = ()) -> dict[str, Any]:
    def addr(pod_name: str, i: int) -> dict[str, Any]:
        return {"ip": f"10.244.0.{i}", "targetRef": {"kind": "Pod", "name": pod_name, "namespace": ns}}

    subset: dict[str, Any] = {"ports": [{"port": 8080, "protocol": "TCP"}]}
    if ready:
        subset["addresses"] = [addr(p, i) for i, p in enumerate(ready)]
    if not_ready:
        subset["notReadyAddresses"] = [addr(p, 50 + i) for i, p in enumerate(not_ready)]
    return {"metadata": {"name": name, "namespace": ns}, "subsets": [subset]}


def kind_cluster() -> dict[str, Any]:
    """A kind cluster: one control-plane node with static pods, one worker, a lab namespace."""
    pods = [static_pod(c) for c in ("kube-apiserver", "etcd", "kube-controller-manager", "kube-scheduler")]
    pods += [
        pod("kube-proxy-abcde", "kube-system", "k8slab-worker"),
        pod("coredns-7db6d8ff4d-xyz12", "kube-system", "k8slab-worker", ready=False, waiting="CrashLoopBackOff"),
        pod("web-1", "k8slab-service", "k8slab-worker"),
        pod("web-2", "k8slab-service", "k8slab-worker", ready=False, waiting="ContainerCreating"),
        pod("client", "k8slab-service", "k8slab-control-plane"),
        pod("stray", "default", "k8slab-worker"),  # not a lab namespace: not drawn
        pod("pending", "k8slab-service", None, ready=False, phase="Pending"),
    ]
    return {
        "nodes": [node("k8slab-worker"), node("k8slab-control-plane", control_plane=True)],
        "namespaces": [namespace("k8slab-service", LAB), namespace("default"), namespace("kube-system")],
        "pods": pods,
        "services": [service("web", "k8slab-service", node_port=30080), service("kubernetes", "default")],
        "endpoints": [endpoints("web", "k8slab-service", ["web-1"], ["web-2"]), endpoints("kubernetes", "default", [])],
        "ingresses": [
            {
                "metadata": {"name": "web", "namespace": "k8slab-service"},
                "spec": {
                    "rules": [
                        {
                            "host": "web.k8slab.test",
                            "http": {
                                "paths": [
                                    {"path": "/", "backend": {"service": {"name": "web", "port": {"number": 80}}}}
                                ]
                            },
                        }
                    ]
                },
                "status": {"loadBalancer": {"ingress": [{"ip": "172.18.0.5"}]}},
            }
        ],
        "health": ApiHealth(version="v1.33.1"),
        "context": "kind-k8slab",
    }


def test_kind_control_plane_comes_from_static_pods() -> None:
    picture = build_picture(**kind_cluster())
    cp = picture.control_plane
    assert [c.name for c in cp.components] == ["kube-apiserver", "etcd", "kube-controller-manager", "kube-scheduler"]
    assert all(c.source == "pod" and c.state == "ready" for c in cp.components)
    assert cp.nodes == ("k8slab-control-plane",)
    assert cp.from_pods and not cp.from_api
    assert cp.components[0].pods == ("kube-apiserver-k8slab-control-plane",)


def test_nodes_carry_their_lab_pods_by_namespace() -> None:
    picture = build_picture(**kind_cluster())
    # the control-plane node comes first, like the workshop's diagram
    assert [n.name for n in picture.nodes] == ["k8slab-control-plane", "k8slab-worker"]
    worker = picture.node("k8slab-worker")
    assert worker.ready and worker.kubelet == "v1.33.1" and worker.runtime == "containerd://2.1.1"
    assert worker.address == "172.18.0.2"
    assert [(ns, [p.name for p in pods]) for ns, pods in worker.namespaces] == [("k8slab-service", ["web-1", "web-2"])]
    states = {p.name: (p.state, p.reason) for _, pods in worker.namespaces for p in pods}
    assert states == {"web-1": ("ready", "Running"), "web-2": ("starting", "ContainerCreating")}
    # system pods of the node, without the static control plane pods; default is not a lab namespace
    assert [p.name for p in worker.system] == ["coredns-7db6d8ff4d-xyz12", "kube-proxy-abcde"]
    assert "stray" not in [p.name for p in picture.pods()]
    control = picture.node("k8slab-control-plane")
    assert control.control_plane and [p.name for _, ps in control.namespaces for p in ps] == ["client"]
    assert [p.name for p in picture.unscheduled] == ["pending"]


def test_services_point_to_their_pods_through_endpoints() -> None:
    picture = build_picture(**kind_cluster())
    assert [(s.namespace, s.name) for s in picture.services] == [("k8slab-service", "web")]
    web = picture.services[0]
    assert web.ready == ("web-1",) and web.not_ready == ("web-2",)
    assert web.type == "NodePort" and web.ports == "80:30080/TCP"
    ing = picture.ingresses[0]
    assert ing.routes == ("web.k8slab.test/ → web:80",) and ing.address == "172.18.0.5"


def test_without_static_pods_the_api_tells_and_says_so() -> None:
    readyz = "[+]ping ok\n[+]etcd ok\n[+]informer-sync ok\nreadyz check passed\n"
    statuses = (
        {"metadata": {"name": "controller-manager"}, "conditions": [{"type": "Healthy", "status": "True"}]},
        {
            "metadata": {"name": "scheduler"},
            "conditions": [{"type": "Healthy", "status": "False", "message": "refused"}],
        },
        {"metadata": {"name": "etcd-0"}, "conditions": [{"type": "Healthy", "status": "True"}]},
    )
    assert needs_api_health([pod("coredns-1", "kube-system")])
    assert not needs_api_health(kind_cluster()["pods"])
    picture = build_picture(
        nodes=[node("localhost")],
        namespaces=[],
        pods=[],
        health=ApiHealth(version="v1.20.2", readyz=readyz, component_statuses=statuses),
    )
    by_name = {c.name: c for c in picture.control_plane.components}
    assert (by_name["kube-apiserver"].state, by_name["kube-apiserver"].source) == ("ready", "/version")
    assert by_name["kube-apiserver"].detail == "v1.20.2"
    assert (by_name["etcd"].state, by_name["etcd"].source) == ("ready", "/readyz")
    assert (by_name["kube-controller-manager"].state, by_name["kube-controller-manager"].source) == (
        "ready",
        "componentstatuses",
    )
    assert by_name["kube-scheduler"].state == "failing"
    assert picture.control_plane.from_api and not picture.control_plane.from_pods
    assert picture.server_version == "v1.20.2"


def test_components_the_api_does_not_report_are_unknown() -> None:
    picture = build_picture(
        nodes=[],
        namespaces=[],
        pods=[],
        health=ApiHealth(version="v1.30.0", readyz="[-]etcd failed: reason withheld\n"),
    )
    by_name = {c.name: c for c in picture.control_plane.components}
    assert by_name["etcd"].state == "failing"
    assert by_name["kube-apiserver"].state == "failing"  # a readyz check fails
    assert (by_name["kube-scheduler"].state, by_name["kube-scheduler"].source) == ("unknown", "")


def test_pod_states_read_like_kubectl() -> None:
    assert pod_state(pod("a", "ns", waiting="ErrImagePull", ready=False)).state == "failing"
    crash = pod_state(pod("a", "ns", waiting="CrashLoopBackOff", ready=False))
    assert (crash.state, crash.reason, crash.ready) == ("failing", "CrashLoopBackOff", "0/1")
    unschedulable = pod("u", "ns", None, ready=False, phase="Pending")
    unschedulable["status"]["conditions"] = [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable"}]
    unschedulable["status"].pop("containerStatuses")
    assert (pod_state(unschedulable).state, pod_state(unschedulable).reason) == ("failing", "Unschedulable")
    done = pod("d", "ns", phase="Succeeded", ready=False)
    assert pod_state(done).state == "done"
    going = pod("g", "ns")
    going["metadata"]["deletionTimestamp"] = "2024-01-01T00:00:00Z"
    assert pod_state(going).state == "terminating"
    not_ready = pod("n", "ns", ready=False)
    assert (pod_state(not_ready).state, pod_state(not_ready).reason) == ("starting", "Running")


def test_namespace_rows_show_replicas_counting_up_and_endpoints_filling() -> None:
    template = {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.28"}]}}
    dep = {
        "metadata": {"name": "web"},
        "spec": {"replicas": 3, "template": template},
        "status": {"replicas": 3, "updatedReplicas": 3, "readyReplicas": 1},
    }
    old_rs = {"metadata": {"name": "web-1"}, "spec": {"replicas": 0}, "status": {"replicas": 0}}
    new_rs = {
        "metadata": {"name": "web-2"},
        "spec": {"replicas": 3, "template": template},
        "status": {"replicas": 3, "readyReplicas": 1},
    }
    rows = namespace_rows(
        deployments=[dep],
        replicasets=[new_rs, old_rs],
        pods=[pod("web-b", "ns"), pod("web-a", "ns", ready=False, waiting="ContainerCreating")],
        services=[service("web", "ns")],
        endpoints=[endpoints("web", "ns", ["web-b"], ["web-a"])],
        configmaps=[
            {"metadata": {"name": "kube-root-ca.crt"}, "data": {"ca.crt": "x"}},
            {"metadata": {"name": "conf"}, "data": {"b": "1", "a": "2"}},
        ],
    )
    assert [(r.kind, r.name) for r in rows] == [
        ("deployment", "web"),
        ("replicaset", "web-2"),  # the old revision, scaled to 0, is left out
        ("pod", "web-a"),
        ("pod", "web-b"),
        ("service", "web"),
        ("endpoints", "web"),
        ("configmap", "conf"),
    ]
    assert (rows[0].state, rows[0].summary) == ("starting", "1/3 ready · nginx:1.28")
    assert (rows[1].state, rows[1].summary) == ("starting", "1/3 ready · nginx:1.28")
    assert rows[2].state == "starting" and rows[3].state == "ready"
    assert rows[5].summary == "1 ready: web-b (1 not ready)"
    assert rows[6].summary == "2 key(s): a, b"
    dep["status"]["readyReplicas"] = 3
    assert namespace_rows(deployments=[dep])[0].state == "ready"


def test_the_drawing_fits_80_columns_and_keeps_the_diagram_order() -> None:
    lines = picture_lines(build_picture(**kind_cluster()), 80)
    assert all(cell_len(line) <= 80 for line in lines)
    text = "\n".join(lines)
    order = [
        "kind-k8slab",
        "control plane",
        "kube-apiserver",
        "node k8slab-control-plane",
        "client",
        "node k8slab-worker",
    ]
    order += ["web-1", "web-2", "on no node", "pending", "Services", "k8slab-service/web", "web.k8slab.test"]
    positions = [text.index(word) for word in order]
    assert positions == sorted(positions), order
    assert "CrashLoopBackOff" in text  # a failing system pod is named
    assert "stray" not in text


def test_wide_terminals_put_the_control_plane_beside_the_nodes() -> None:
    lines = picture_lines(build_picture(**kind_cluster()), 160)
    assert all(cell_len(line) <= 160 for line in lines)
    assert any("control plane" in line and "node k8slab-control-plane" in line for line in lines)
