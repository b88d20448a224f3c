"""How one object is doing, in the words ``kubectl get`` uses, and a verdict for drawing it.

Pods (:func:`pod_state`), Services with the pods behind them (:func:`service_link`), Ingresses
(:func:`ingress_link`), and the rows the demo shows for a lesson namespace
(:func:`namespace_rows`). Plain data from dicts as the API server sends them; nothing prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from k8slab.cluster.view import is_probe
from k8slab.i18n import t

if TYPE_CHECKING:
    from k8slab.cluster.client import Cluster

Obj = dict[str, Any]

#: States, from good to bad; a mark and a word are drawn for each.
READY, STARTING, DONE, TERMINATING, FAILING, UNKNOWN = "ready", "starting", "done", "terminating", "failing", "unknown"

FAILING_REASONS = frozenset(
    {
        "ErrImagePull",
        "ImagePullBackOff",
        "InvalidImageName",
        "ErrImageNeverPull",
        "CrashLoopBackOff",
        "CreateContainerConfigError",
        "CreateContainerError",
        "RunContainerError",
        "Error",
        "OOMKilled",
        "Unschedulable",
    }
)


# --- pods ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PodState:
    """One pod: where it runs and how it is doing, in the words ``kubectl get pods`` uses."""

    name: str
    namespace: str
    node: str | None
    state: str  # READY, STARTING, FAILING, DONE or TERMINATING
    reason: str  # Running, ContainerCreating, ErrImagePull, Completed, Terminating...
    ready: str  # "1/1"
    restarts: int = 0


def condition(obj: Obj, kind: str) -> Obj | None:
    for cond in (obj.get("status") or {}).get("conditions") or []:
        if cond.get("type") == kind:
            return dict(cond)
    return None


def pod_state(pod: Obj) -> PodState:
    """The state of a pod from its status (what ``kubectl get pods`` would say, and a verdict)."""
    meta, spec, status = pod.get("metadata") or {}, pod.get("spec") or {}, pod.get("status") or {}
    statuses = list(status.get("containerStatuses") or [])
    total = len(spec.get("containers") or statuses) or len(statuses)
    ready_count = sum(1 for c in statuses if c.get("ready"))
    restarts = sum(int(c.get("restartCount") or 0) for c in statuses)
    phase = str(status.get("phase") or "Pending")

    def make(state: str, reason: str) -> PodState:
        return PodState(
            name=str(meta.get("name", "?")),
            namespace=str(meta.get("namespace", "")),
            node=spec.get("nodeName") or None,
            state=state,
            reason=reason,
            ready=f"{ready_count}/{total}",
            restarts=restarts,
        )

    if meta.get("deletionTimestamp"):
        return make(TERMINATING, "Terminating")
    if phase == "Succeeded":
        return make(DONE, "Completed")
    if phase == "Failed":
        return make(FAILING, str(status.get("reason") or "Failed"))
    scheduled = condition(pod, "PodScheduled")
    if scheduled and scheduled.get("status") == "False" and scheduled.get("reason") == "Unschedulable":
        return make(FAILING, "Unschedulable")
    for each in list(status.get("initContainerStatuses") or []) + statuses:
        state = each.get("state") or {}
        waiting = (state.get("waiting") or {}).get("reason")
        if waiting in FAILING_REASONS:
            return make(FAILING, str(waiting))
        terminated = (state.get("terminated") or {}).get("reason")
        if terminated in FAILING_REASONS:
            return make(FAILING, str(terminated))
    ready = condition(pod, "Ready")
    if phase == "Running" and ready and ready.get("status") == "True":
        return make(READY, "Running")
    for each in statuses:
        waiting = ((each.get("state") or {}).get("waiting") or {}).get("reason")
        if waiting:
            return make(STARTING, str(waiting))
    return make(STARTING, phase)


# --- services and ingresses ---------------------------------------------------------------


@dataclass(frozen=True)
class ServiceLink:
    """A Service and the pods its Endpoints point to."""

    namespace: str
    name: str
    type: str
    cluster_ip: str
    ports: str  # "80→80/TCP", "80:30080/TCP"
    ready: tuple[str, ...]  # pod names
    not_ready: tuple[str, ...]
    selector: str = ""  # "app=web"; empty for a Service without a selector (endpoints set by hand)


@dataclass(frozen=True)
class IngressLink:
    namespace: str
    name: str
    routes: tuple[str, ...]  # "web.k8slab.test/ → web:80"
    address: str  # "" while not served


def _port_text(port: Obj) -> str:
    target = port.get("targetPort", port.get("port"))
    text = f"{port.get('port')}:{port['nodePort']}" if port.get("nodePort") else f"{port.get('port')}→{target}"
    return f"{text}/{port.get('protocol', 'TCP')}"


def service_link(service: Obj, endpoints: Obj | None) -> ServiceLink:
    meta, spec = service.get("metadata") or {}, service.get("spec") or {}
    ready: list[str] = []
    not_ready: list[str] = []
    for subset in (endpoints or {}).get("subsets") or []:
        for key, bucket in (("addresses", ready), ("notReadyAddresses", not_ready)):
            for address in subset.get(key) or []:
                ref = address.get("targetRef") or {}
                bucket.append(str(ref.get("name") or address.get("ip", "?")))
    return ServiceLink(
        namespace=str(meta.get("namespace", "")),
        name=str(meta.get("name", "?")),
        type=str(spec.get("type", "ClusterIP")),
        cluster_ip=str(spec.get("clusterIP", "")),
        ports=", ".join(_port_text(p) for p in spec.get("ports") or []),
        ready=tuple(sorted(set(ready))),
        not_ready=tuple(sorted(set(not_ready) - set(ready))),
        selector=",".join(f"{k}={v}" for k, v in sorted((spec.get("selector") or {}).items())),
    )


def ingress_link(ingress: Obj) -> IngressLink:
    meta, spec = ingress.get("metadata") or {}, ingress.get("spec") or {}
    routes = []
    for rule in spec.get("rules") or []:
        host = rule.get("host") or "*"
        for path in (rule.get("http") or {}).get("paths") or []:
            svc = (path.get("backend") or {}).get("service") or {}
            port = svc.get("port") or {}
            routes.append(
                f"{host}{path.get('path', '/')} → {svc.get('name', '?')}:{port.get('number', port.get('name', '?'))}"
            )
    default = ((spec.get("defaultBackend") or {}).get("service") or {}).get("name")
    if default:
        routes.append(f"* → {default}")
    lb = ((ingress.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    address = ", ".join(str(x.get("ip") or x.get("hostname") or "") for x in lb)
    return IngressLink(str(meta.get("namespace", "")), str(meta.get("name", "?")), tuple(routes), address)


# --- a lesson namespace, as rows (for the demo's live table) --------------------------------


@dataclass(frozen=True)
class ObjectRow:
    """One object of a namespace: ``kind/name``, a verdict and a few words on its state."""

    kind: str  # deployment, pod, service, endpoints, ingress, configmap
    name: str
    state: str
    summary: str


def deployment_row(dep: Obj) -> ObjectRow:
    spec, status = dep.get("spec") or {}, dep.get("status") or {}
    want = int(spec.get("replicas", 1))
    ready = int(status.get("readyReplicas") or 0)
    updated = int(status.get("updatedReplicas") or 0)
    total = int(status.get("replicas") or 0)
    done = ready == want and updated == want and total == want
    summary = t(f"{ready}/{want} ready", f"{ready}/{want} prêts")
    if updated != want or total != want:
        summary += t(f", {updated} up to date, {total} in all", f", {updated} à jour, {total} en tout")
    return ObjectRow("deployment", str(dep["metadata"]["name"]), READY if done else STARTING, summary + _images(dep))


def _images(obj: Obj) -> str:
    containers = ((((obj.get("spec") or {}).get("template") or {}).get("spec") or {}).get("containers")) or []
    images = ", ".join(str(c.get("image", "?")) for c in containers)
    return f" · {images}" if images else ""


def replicaset_row(rs: Obj) -> ObjectRow | None:
    """A ReplicaSet that has (or wants) pods: old revisions scaled to 0 are left out."""
    want = int((rs.get("spec") or {}).get("replicas") or 0)
    status = rs.get("status") or {}
    have, ready = int(status.get("replicas") or 0), int(status.get("readyReplicas") or 0)
    if not want and not have:
        return None
    state = READY if ready == want == have else (TERMINATING if not want else STARTING)
    summary = t(f"{ready}/{want} ready", f"{ready}/{want} prêts") + _images(rs)
    return ObjectRow("replicaset", str((rs.get("metadata") or {}).get("name", "?")), state, summary)


def pod_row(pod: PodState) -> ObjectRow:
    summary = f"{pod.reason} {pod.ready}"
    if pod.restarts:
        summary += t(f", {pod.restarts} restart(s)", f", {pod.restarts} redémarrage(s)")
    return ObjectRow("pod", pod.name, pod.state, summary)


def service_rows(link: ServiceLink, show_endpoints: bool = True) -> list[ObjectRow]:
    ip = "" if link.cluster_ip in ("", "None") else f" {link.cluster_ip}"
    selects = f" · {link.selector}" if link.selector else ""
    rows = [ObjectRow("service", link.name, READY, f"{link.type}{ip} {link.ports}{selects}".strip())]
    if show_endpoints:
        if link.ready:
            state, summary = (
                READY,
                t(f"{len(link.ready)} ready: ", f"{len(link.ready)} prêt(s) : ") + ", ".join(link.ready),
            )
        elif link.not_ready:
            state, summary = STARTING, t("no ready pod", "aucun pod prêt")
        else:
            state = FAILING
            summary = (
                t("no pod behind it", "aucun pod derrière") if link.selector else t("no selector", "pas de sélecteur")
            )
        if link.not_ready:
            summary += t(f" ({len(link.not_ready)} not ready)", f" ({len(link.not_ready)} pas prêt(s))")
        rows.append(ObjectRow("endpoints", link.name, state, summary))
    return rows


def namespace_rows(
    *,
    pods: Iterable[Obj] = (),
    deployments: Iterable[Obj] = (),
    replicasets: Iterable[Obj] = (),
    services: Iterable[Obj] = (),
    endpoints: Iterable[Obj] = (),
    ingresses: Iterable[Obj] = (),
    configmaps: Iterable[Obj] = (),
) -> list[ObjectRow]:
    """The objects a lesson works with, from lists of one namespace, in a stable order."""

    def name(obj: Obj) -> str:
        return str((obj.get("metadata") or {}).get("name", ""))

    rows = [deployment_row(d) for d in sorted(deployments, key=name)]
    rows += [row for row in map(replicaset_row, sorted(replicasets, key=name)) if row is not None]
    rows += [pod_row(pod_state(p)) for p in sorted(pods, key=name) if not is_probe(p)]  # k8slab's own probe
    by_name = {name(e): e for e in endpoints}
    for svc in sorted(services, key=name):
        rows += service_rows(service_link(svc, by_name.get(name(svc))))
    for ing in sorted(ingresses, key=name):
        link = ingress_link(ing)
        where = f" @ {link.address}" if link.address else t(", no address yet", ", pas encore d'adresse")
        rows.append(
            ObjectRow("ingress", link.name, READY if link.address else STARTING, "; ".join(link.routes) + where)
        )
    for cm in sorted(configmaps, key=name):
        if name(cm) == "kube-root-ca.crt":  # every namespace has it
            continue
        keys = sorted((cm.get("data") or {}) | (cm.get("binaryData") or {}))
        rows.append(
            ObjectRow(
                "configmap", name(cm), READY, t(f"{len(keys)} key(s): ", f"{len(keys)} clé(s) : ") + ", ".join(keys)
            )
        )
    return rows


def read_namespace(cluster: Cluster, namespace: str) -> list[ObjectRow]:
    """Read a lesson namespace (one list per kind) and describe its objects."""
    from k8slab.errors import ClusterError, ClusterUnreachableError

    lists: dict[str, list[Obj]] = {}
    for kind in ("Pod", "Deployment", "ReplicaSet", "Service", "Endpoints", "Ingress", "ConfigMap"):
        try:
            lists[kind] = cluster.list(kind, namespace)
        except ClusterUnreachableError:
            raise
        except ClusterError:
            lists[kind] = []
    return namespace_rows(
        pods=lists["Pod"],
        deployments=lists["Deployment"],
        replicasets=lists["ReplicaSet"],
        services=lists["Service"],
        endpoints=lists["Endpoints"],
        ingresses=lists["Ingress"],
        configmaps=lists["ConfigMap"],
    )
