"""The cluster as a picture: plain data built from what the API returns, for ``k8slab map``.

:func:`build_picture` turns objects (dicts, as the API server sends them) into a
:class:`ClusterPicture`: the control plane and its components, each node with its kubelet,
container runtime and the lab pods it runs (grouped by namespace), the Services of the lab with
the pods behind them, and the Ingresses. :func:`read_picture` makes the reads. Nothing here
prints; :mod:`k8slab.ui.cluster_map` draws the picture.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from k8slab.cluster.connection import MANAGED_BY_LABEL, MANAGED_BY_VALUE
from k8slab.cluster.view import is_probe
from k8slab.engine.object_state import (
    DONE,
    FAILING,
    READY,
    STARTING,
    TERMINATING,
    UNKNOWN,
    IngressLink,
    PodState,
    ServiceLink,
    condition,
    ingress_link,
    pod_state,
    service_link,
)
from k8slab.i18n import t

if TYPE_CHECKING:
    from k8slab.cluster.client import Cluster

Obj = dict[str, Any]

__all__ = ["ClusterPicture", "Component", "ControlPlane", "IngressLink", "NodeBox", "PodState", "ServiceLink"]

#: The control plane components, as the workshop names them.
COMPONENTS = ("kube-apiserver", "etcd", "kube-controller-manager", "kube-scheduler")

# --- the control plane -----------------------------------------------------------------------


@dataclass(frozen=True)
class Component:
    """One control plane component and what is known of it."""

    name: str
    state: str  # READY, STARTING, FAILING or UNKNOWN
    detail: str  # "Running", "v1.20.2", "ok", "Healthy", "not reported"
    source: str  # "pod" (a static pod in kube-system), "/version", "/readyz", "componentstatuses" or ""
    pods: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApiHealth:
    """What the API server tells about itself when the components are not pods to look at."""

    version: str | None = None  # /version answered with this
    readyz: str | None = None  # the text of /readyz?verbose
    component_statuses: tuple[Obj, ...] | None = None  # items of /api/v1/componentstatuses


def _component_of(pod: Obj) -> str | None:
    meta = pod.get("metadata") or {}
    label = (meta.get("labels") or {}).get("component")
    if label in COMPONENTS:
        return str(label)
    name = str(meta.get("name", ""))
    return next((c for c in COMPONENTS if name.startswith(c + "-")), None)


def _readyz_checks(text: str | None) -> dict[str, bool]:
    """``[+]etcd ok`` / ``[-]etcd failed`` lines of /readyz?verbose, by check name."""
    found: dict[str, bool] = {}
    for line in (text or "").splitlines():
        line = line.strip()
        if line[:3] in ("[+]", "[-]"):
            found[line[3:].split(" ", 1)[0]] = line.startswith("[+]")
    return found


def _from_component_status(name: str, items: Iterable[Obj]) -> Component | None:
    wanted = {"etcd": "etcd-", "kube-controller-manager": "controller-manager", "kube-scheduler": "scheduler"}.get(name)
    if wanted is None:
        return None
    for item in items:
        item_name = str((item.get("metadata") or {}).get("name", ""))
        if item_name == wanted or (wanted.endswith("-") and item_name.startswith(wanted)):
            healthy: Obj = next((c for c in item.get("conditions") or [] if c.get("type") == "Healthy"), {})
            ok = healthy.get("status") == "True"
            return Component(name, READY if ok else FAILING, "Healthy" if ok else "Unhealthy", "componentstatuses")
    return None


def _from_api(name: str, health: ApiHealth) -> Component:
    checks = _readyz_checks(health.readyz)
    if name == "kube-apiserver":
        if health.version is None:
            return Component(name, UNKNOWN, t("no answer", "pas de réponse"), "/version")
        if health.readyz is not None and not all(checks.values()):
            return Component(name, FAILING, t(f"{health.version}, not ready", f"{health.version}, pas prêt"), "/readyz")
        return Component(name, READY, health.version, "/version")
    if name == "etcd" and "etcd" in checks:
        return Component(name, READY if checks["etcd"] else FAILING, "ok" if checks["etcd"] else "failed", "/readyz")
    found = _from_component_status(name, health.component_statuses or ())
    return found or Component(name, UNKNOWN, t("not reported", "non signalé"), "")


def _from_pods(name: str, pods: list[Obj]) -> Component:
    states = [pod_state(p) for p in pods]
    order = (FAILING, STARTING, TERMINATING, DONE, READY)
    worst = min(states, key=lambda s: order.index(s.state) if s.state in order else 0)
    return Component(name, worst.state, worst.reason, "pod", tuple(s.name for s in states))


@dataclass(frozen=True)
class ControlPlane:
    components: tuple[Component, ...]
    nodes: tuple[str, ...] = ()  # the nodes it runs on (when its components are pods)

    @property
    def from_pods(self) -> bool:
        return any(c.source == "pod" for c in self.components)

    @property
    def from_api(self) -> bool:
        return any(c.source not in ("pod", "") for c in self.components)


def build_control_plane(system_pods: Iterable[Obj], health: ApiHealth) -> ControlPlane:
    """Each component from its static pod in kube-system if there is one, else from the API."""
    by_component: dict[str, list[Obj]] = {}
    for pod in system_pods:
        comp = _component_of(pod)
        if comp:
            by_component.setdefault(comp, []).append(pod)
    components = tuple(
        _from_pods(name, by_component[name]) if name in by_component else _from_api(name, health) for name in COMPONENTS
    )
    nodes = sorted({str((p.get("spec") or {}).get("nodeName")) for ps in by_component.values() for p in ps} - {"None"})
    return ControlPlane(components, tuple(nodes))


def needs_api_health(system_pods: Iterable[Obj]) -> bool:
    """Whether some component has no static pod, so the API must be asked about it."""
    return not {c for c in map(_component_of, system_pods) if c} >= set(COMPONENTS)


# --- nodes, services, ingresses --------------------------------------------------------------


@dataclass(frozen=True)
class NodeBox:
    name: str
    ready: bool
    condition: str  # "Ready", or why not ("KubeletNotReady", "Unknown")
    kubelet: str
    runtime: str
    roles: tuple[str, ...]
    address: str
    namespaces: tuple[tuple[str, tuple[PodState, ...]], ...] = ()  # lab pods by namespace
    system: tuple[PodState, ...] = ()  # kube-system pods on the node (kube-proxy, DNS...)

    @property
    def control_plane(self) -> bool:
        return "control-plane" in self.roles or "master" in self.roles


@dataclass(frozen=True)
class ClusterPicture:
    context: str
    server_version: str
    control_plane: ControlPlane
    nodes: tuple[NodeBox, ...]
    lab_namespaces: tuple[str, ...]
    unscheduled: tuple[PodState, ...] = ()  # lab pods on no node yet
    services: tuple[ServiceLink, ...] = ()
    ingresses: tuple[IngressLink, ...] = ()
    notes: tuple[str, ...] = field(default=())  # reads that failed (e.g. Ingress not served)

    def node(self, name: str) -> NodeBox:
        return next(n for n in self.nodes if n.name == name)

    def pods(self) -> list[PodState]:
        return [p for n in self.nodes for _, ps in n.namespaces for p in ps] + list(self.unscheduled)


def node_box(node: Obj, pods: Iterable[PodState], system: Iterable[PodState] = ()) -> NodeBox:
    meta, status = node.get("metadata") or {}, node.get("status") or {}
    info = status.get("nodeInfo") or {}
    ready = condition(node, "Ready") or {}
    roles = tuple(
        sorted(k.split("/", 1)[1] for k in (meta.get("labels") or {}) if k.startswith("node-role.kubernetes.io/"))
    )
    address = next((a.get("address", "") for a in status.get("addresses") or [] if a.get("type") == "InternalIP"), "")
    grouped: dict[str, list[PodState]] = {}
    for pod in sorted(pods, key=lambda p: (p.namespace, p.name)):
        grouped.setdefault(pod.namespace, []).append(pod)
    ok = ready.get("status") == "True"
    return NodeBox(
        name=str(meta.get("name", "?")),
        ready=ok,
        condition="Ready" if ok else str(ready.get("reason") or "NotReady"),
        kubelet=str(info.get("kubeletVersion", "")),
        runtime=str(info.get("containerRuntimeVersion", "")),
        roles=roles,
        address=str(address),
        namespaces=tuple((ns, tuple(ps)) for ns, ps in grouped.items()),
        system=tuple(sorted(system, key=lambda p: p.name)),
    )


def _key(obj: Obj) -> tuple[str, str]:
    meta = obj.get("metadata") or {}
    return str(meta.get("namespace", "")), str(meta.get("name", ""))


def build_picture(
    *,
    nodes: Iterable[Obj],
    namespaces: Iterable[Obj],
    pods: Iterable[Obj],
    services: Iterable[Obj] = (),
    endpoints: Iterable[Obj] = (),
    ingresses: Iterable[Obj] = (),
    health: ApiHealth | None = None,
    context: str = "",
    notes: Iterable[str] = (),
) -> ClusterPicture:
    """The picture from objects as the API returns them (cluster-wide lists are fine).

    Lab namespaces are those labelled ``app.kubernetes.io/managed-by=k8slab``; their pods are
    drawn on their nodes. kube-system pods give the control plane (static pods, as on kind) and
    the system pods of each node.
    """
    health = health or ApiHealth()
    lab = sorted(
        _key(ns)[1]
        for ns in namespaces
        if ((ns.get("metadata") or {}).get("labels") or {}).get(MANAGED_BY_LABEL) == MANAGED_BY_VALUE
    )
    lab_set = set(lab)
    all_pods = list(pods)
    system = [p for p in all_pods if _key(p)[0] == "kube-system"]
    lab_pods = [pod_state(p) for p in all_pods if _key(p)[0] in lab_set and not is_probe(p)]
    system_states = [pod_state(p) for p in system if _component_of(p) is None]
    boxes = tuple(
        node_box(
            n,
            [p for p in lab_pods if p.node == _key(n)[1]],
            [p for p in system_states if p.node == _key(n)[1]],
        )
        for n in sorted(nodes, key=lambda n: (_node_rank(n), _key(n)[1]))
    )
    known_nodes = {b.name for b in boxes}
    by_key = {_key(e): e for e in endpoints}
    links = tuple(service_link(s, by_key.get(_key(s))) for s in sorted(services, key=_key) if _key(s)[0] in lab_set)
    ing = tuple(ingress_link(i) for i in sorted(ingresses, key=_key) if _key(i)[0] in lab_set)
    return ClusterPicture(
        context=context,
        server_version=health.version or "?",
        control_plane=build_control_plane(system, health),
        nodes=boxes,
        lab_namespaces=tuple(lab),
        unscheduled=tuple(
            sorted((p for p in lab_pods if p.node not in known_nodes), key=lambda p: (p.namespace, p.name))
        ),
        services=links,
        ingresses=ing,
        notes=tuple(notes),
    )


def _node_rank(node: Obj) -> int:
    labels = (node.get("metadata") or {}).get("labels") or {}
    control = any(k in labels for k in ("node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master"))
    return 0 if control else 1


# --- reading the cluster ---------------------------------------------------------------------


def read_api_health(cluster: Cluster) -> ApiHealth:
    """Ask the API server about itself: /version, /readyz?verbose, componentstatuses."""
    from k8slab.errors import ClusterError, ClusterUnreachableError

    version: str | None
    try:
        version = cluster.version()
    except ClusterUnreachableError:
        raise
    except ClusterError:
        version = None
    readyz: str | None
    try:
        readyz = cluster.raw("/readyz?verbose")
    except ClusterError as err:  # 500 when a check fails: the message carries the text
        readyz = err.message if "[-]" in err.message else None
    statuses: tuple[Obj, ...] | None
    try:
        statuses = tuple(json.loads(cluster.raw("/api/v1/componentstatuses")).get("items") or [])
    except (ClusterError, ValueError, AttributeError):
        statuses = None
    return ApiHealth(version=version, readyz=readyz, component_statuses=statuses)


def read_picture(cluster: Cluster) -> ClusterPicture:
    """Read the cluster (a few cluster-wide lists) and build its picture."""
    from k8slab.errors import ClusterError, ClusterUnreachableError

    nodes = cluster.list("Node")
    namespaces = cluster.list("Namespace", label_selector=f"{MANAGED_BY_LABEL}={MANAGED_BY_VALUE}")
    pods = cluster.list("Pod")
    services = cluster.list("Service")
    endpoints = cluster.list("Endpoints")
    notes: list[str] = []
    try:
        ingresses = cluster.list("Ingress")
    except ClusterUnreachableError:
        raise
    except ClusterError as err:
        ingresses, notes = [], [f"ingresses: {err.message}"]
    system = [p for p in pods if _key(p)[0] == "kube-system"]
    health = read_api_health(cluster) if needs_api_health(system) else ApiHealth(version=cluster.version())
    return build_picture(
        nodes=nodes,
        namespaces=namespaces,
        pods=pods,
        services=services,
        endpoints=endpoints,
        ingresses=ingresses,
        health=health,
        context=cluster.context,
        notes=notes,
    )
