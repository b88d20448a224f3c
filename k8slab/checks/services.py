"""Checks on Services: endpoints (does the selector find Ready pods?), ports, type."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any

from k8slab.checks.base import Verdict, failed, is_terminating, missing, name_of, passed, register, selector_text
from k8slab.checks.diagnose import is_ready, pod_problem_in, pod_state
from k8slab.checks.result import Words
from k8slab.checks.words import joined, prefixed, say
from k8slab.cluster.view import labels_match
from k8slab.i18n import Text

if TYPE_CHECKING:
    from k8slab.cluster.view import ClusterView
    from k8slab.lessons.check_specs import ServiceEndpointsCheck, ServicePortsCheck, ServiceTypeCheck

Obj = dict[str, Any]


def ready_addresses(endpoints: Obj | None) -> list[str]:
    """The distinct ready addresses of an Endpoints object."""
    found: dict[str, None] = {}
    for subset in (endpoints or {}).get("subsets") or []:
        for address in subset.get("addresses") or []:
            found[str(address.get("ip"))] = None
    return list(found)


def live_pods(view: ClusterView, ns: str) -> list[Obj]:
    return sorted((p for p in view.list("Pod", ns) if not is_terminating(p)), key=name_of)


def label_diff(selector: dict[str, str], pods: list[Obj]) -> Text:
    """How the pod closest to ``selector`` differs from it, e.g. ``web: app=webapp ≠ app=web``."""

    def score(pod: Obj) -> tuple[int, float]:
        labels = pod["metadata"].get("labels") or {}
        keys = sum(2 if labels.get(k) == v else 1 if k in labels else 0 for k, v in selector.items())
        similar = sum(SequenceMatcher(None, str(labels.get(k, "")), v).ratio() for k, v in selector.items())
        return keys, similar

    best = max(pods, key=score)
    labels = best["metadata"].get("labels") or {}
    en, fr = [], []
    for key, value in selector.items():
        if labels.get(key) == value:
            continue
        if key in labels:
            en.append(f"pod {name_of(best)} has {key}={labels[key]}, not {key}={value}")
            fr.append(f"le pod {name_of(best)} a {key}={labels[key]} et non {key}={value}")
        else:
            en.append(f"pod {name_of(best)} has no label {key}")
            fr.append(f"le pod {name_of(best)} n'a pas de label {key}")
    return Text(en="; ".join(en), fr=" ; ".join(fr))


@register("service_endpoints")
def check_service_endpoints(spec: ServiceEndpointsCheck, view: ClusterView, ns: str) -> Verdict:
    expected = say(
        "service {name} with at least {n} ready endpoint(s)",
        "service {name} avec au moins {n} endpoint(s) prêt(s)",
        name=spec.service,
        n=spec.min,
    )
    if spec.max is not None:
        expected = say("{e} and at most {max}", "{e} et au plus {max}", e=expected, max=spec.max)
    svc = view.get("Service", spec.service, ns)
    if svc is None:
        return missing(view, "Service", spec.service, ns, expected)
    ready = ready_addresses(view.get("Endpoints", spec.service, ns))
    selector: dict[str, str] = svc.get("spec", {}).get("selector") or {}
    if selector:
        # The Endpoints object lags a change of selector or labels by a moment: count only the
        # addresses of Ready pods that the selector matches now.
        current = {
            str(p.get("status", {}).get("podIP"))
            for p in live_pods(view, ns)
            if labels_match(p, selector) and is_ready(p)
        }
        ready = [ip for ip in ready if ip in current]
    actual = say("{n} ready endpoint(s)", "{n} endpoint(s) prêt(s)", n=len(ready))
    sel = selector_text(selector)
    values = {"service": spec.service, "namespace": ns, "selector": sel or "-"}
    if spec.max is not None and len(ready) > spec.max:
        return failed("selector-mismatch:too-many", expected, actual, **values, count=len(ready), max=spec.max)
    if len(ready) >= spec.min:
        return passed(expected, actual)
    if not selector:
        return failed("selector-mismatch:no-selector", expected, Text("no selector", "pas de sélecteur"), **values)
    pods = live_pods(view, ns)
    matching = [p for p in pods if labels_match(p, selector)]
    if not pods:
        no_pod = say("no pod in {ns}", "aucun pod dans {ns}", ns=ns)
        return failed("selector-mismatch:no-pods", expected, joined([actual, no_pod]), **values)
    if not matching:
        diff = label_diff(selector, pods)
        found = say("selector {sel}: {diff}", "sélecteur {sel} : {diff}", sel=sel, diff=diff)
        return failed("selector-mismatch", expected, joined([actual, found]), **values, diff=diff)
    not_ready = [p for p in matching if not is_ready(p)]
    state: Words = Text("endpoints not updated yet", "endpoints pas encore mis à jour")
    if not_ready:
        problem = pod_problem_in(view, not_ready[0])
        state = prefixed(name_of(not_ready[0]), problem.summary if problem else pod_state(not_ready[0]))
    key = "no-ready-endpoints" if not ready else "no-ready-endpoints:few"
    return failed(key, expected, joined([actual, state]), **values, ready=len(ready), count=spec.min, state=state)


def container_ports(pods: list[Obj]) -> list[tuple[int, str]]:
    found: dict[tuple[int, str], None] = {}
    for pod in pods:
        for c in pod.get("spec", {}).get("containers") or []:
            for port in c.get("ports") or []:
                found[(int(port.get("containerPort", 0)), str(port.get("name") or ""))] = None
    return list(found)


def _ports_text(ports: list[tuple[int, str]]) -> str:
    return ", ".join(f"{n} ({name})" if name else str(n) for n, name in ports) or "-"


def _service_port(svc: Obj, port: int) -> Obj | None:
    return next((p for p in svc.get("spec", {}).get("ports") or [] if p.get("port") == port), None)


def ports_found(ports: str) -> Text:
    """``ports: 80, 443`` (French: ``ports : 80, 443``)."""
    return say("ports: {ports}", "ports : {ports}", ports=ports)


def service_ports_text(svc: Obj) -> str:
    ports = svc.get("spec", {}).get("ports") or []
    return ", ".join(f"{p.get('port')}" + (f" ({p['name']})" if p.get("name") else "") for p in ports) or "-"


@register("service_ports")
def check_service_ports(spec: ServicePortsCheck, view: ClusterView, ns: str) -> Verdict:
    expected = f"service {spec.service} port {spec.port}" + (
        f" -> targetPort {spec.target_port}" if spec.target_port is not None else ""
    )
    svc = view.get("Service", spec.service, ns)
    if svc is None:
        return missing(view, "Service", spec.service, ns, expected)
    values = {"service": spec.service, "namespace": ns, "port": spec.port}
    port = _service_port(svc, spec.port)
    if port is None:
        ports = service_ports_text(svc)
        return failed("port-mismatch", expected, ports_found(ports), **values, ports=ports)
    target = port.get("targetPort", port.get("port"))
    actual = f"port {spec.port} -> targetPort {target}"
    if spec.target_port is not None and str(target) != str(spec.target_port):
        return failed("target-port-mismatch:expected", expected, actual, **values, target=target, want=spec.target_port)
    selector = svc.get("spec", {}).get("selector") or {}
    pods = [p for p in live_pods(view, ns) if selector and labels_match(p, selector)]
    declared = container_ports(pods)
    if not declared:
        return passed(expected, actual)
    if str(target).isdigit():
        ok = any(n == int(str(target)) for n, _ in declared)
    else:
        ok = any(name == str(target) for _, name in declared)
    if not ok:
        shown = _ports_text(declared)
        return failed(
            "target-port-mismatch",
            expected,
            joined([actual, say("pods listen on {ports}", "les pods écoutent sur {ports}", ports=shown)]),
            **values,
            target=target,
            container_ports=shown,
        )
    return passed(expected, actual)


@register("service_type")
def check_service_type(spec: ServiceTypeCheck, view: ClusterView, ns: str) -> Verdict:
    expected = say(
        "service {name} of type {type}", "service {name} de type {type}", name=spec.service, type=spec.service_type
    )
    if spec.node_port:
        expected = say("{e} on nodePort {port}", "{e} sur le nodePort {port}", e=expected, port=spec.node_port)
    svc = view.get("Service", spec.service, ns)
    if svc is None:
        return missing(view, "Service", spec.service, ns, expected)
    kind = svc.get("spec", {}).get("type") or "ClusterIP"
    values = {"service": spec.service, "namespace": ns}
    if kind != spec.service_type:
        return failed("wrong-service-type", expected, f"type {kind}", **values, got=kind, want=spec.service_type)
    if spec.node_port is not None:
        node_ports = [p.get("nodePort") for p in svc.get("spec", {}).get("ports") or [] if p.get("nodePort")]
        if spec.node_port not in node_ports:
            shown = ", ".join(str(n) for n in node_ports) or "-"
            return failed(
                "wrong-service-type:node-port", expected, f"nodePort {shown}", **values, got=shown, want=spec.node_port
            )
        return passed(expected, f"type {kind}, nodePort {spec.node_port}")
    return passed(expected, f"type {kind}")
