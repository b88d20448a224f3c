"""Checks on Ingresses: class, rules, backends, address.

A cluster without any IngressClass has no Ingress controller: what needs one cannot be verified
there (UNVERIFIABLE), which is never a pass.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from k8slab.checks.base import Verdict, failed, missing, name_of, passed, register, unverifiable
from k8slab.checks.result import Words
from k8slab.checks.services import ready_addresses, service_ports_text
from k8slab.checks.words import prefixed, say
from k8slab.i18n import Text

if TYPE_CHECKING:
    from k8slab.cluster.view import ClusterView
    from k8slab.lessons.check_specs import (
        IngressAddressCheck,
        IngressBackendsCheck,
        IngressClassCheck,
        IngressRuleCheck,
    )

Obj = dict[str, Any]
DEFAULT_CLASS = "ingressclass.kubernetes.io/is-default-class"
LEGACY_CLASS = "kubernetes.io/ingress.class"


def classes(view: ClusterView) -> list[Obj]:
    return view.cluster_list("IngressClass")


def default_class(view: ClusterView) -> str | None:
    for cls in classes(view):
        if (cls.get("metadata", {}).get("annotations") or {}).get(DEFAULT_CLASS) == "true":
            return name_of(cls)
    return None


def no_controller(expected: Words, ns: str) -> Verdict:
    none = Text("no IngressClass in the cluster", "aucune IngressClass dans le cluster")
    return unverifiable("unverifiable:no-ingress-class", expected, none, namespace=ns)


def address(ingress: Obj) -> str | None:
    for entry in ingress.get("status", {}).get("loadBalancer", {}).get("ingress") or []:
        if entry.get("ip") or entry.get("hostname"):
            return str(entry.get("ip") or entry.get("hostname"))
    return None


def backends(ingress: Obj) -> list[tuple[str, str, str, int | str]]:
    """(host, path, service, port) of every backend; the default backend has host "*"."""
    found: list[tuple[str, str, str, int | str]] = []
    spec = ingress.get("spec", {})
    for rule in spec.get("rules") or []:
        for path in (rule.get("http") or {}).get("paths") or []:
            service = (path.get("backend") or {}).get("service") or {}
            port = service.get("port") or {}
            found.append(
                (
                    str(rule.get("host") or "*"),
                    str(path.get("path") or "/"),
                    str(service.get("name", "")),
                    port.get("number") or port.get("name") or "?",
                )
            )
    default = (spec.get("defaultBackend") or {}).get("service")
    if default:
        port = default.get("port") or {}
        found.append(("*", "/", str(default.get("name", "")), port.get("number") or port.get("name") or "?"))
    return found


def _norm(path: str) -> str:
    return path.rstrip("/") or "/"


def _rules_text(found: list[tuple[str, str, str, int | str]]) -> str:
    return "; ".join(f"{h}{p} -> {s}:{port}" for h, p, s, port in found) or "-"


def _port_on(svc: Obj | None, port: int | str) -> Obj | None:
    for entry in (svc or {}).get("spec", {}).get("ports") or []:
        if str(entry.get("port")) == str(port) or (entry.get("name") and entry.get("name") == str(port)):
            return dict(entry)
    return None


@register("ingress_class")
def check_ingress_class(spec: IngressClassCheck, view: ClusterView, ns: str) -> Verdict:
    expected = say(
        "ingress {name} served by an existing IngressClass",
        "ingress {name} pris en charge par une IngressClass existante",
        name=spec.ingress,
    )
    ingress = view.get("Ingress", spec.ingress, ns)
    if ingress is None:
        return missing(view, "Ingress", spec.ingress, ns, expected)
    names = [name_of(c) for c in classes(view)]
    if not names:
        return no_controller(expected, ns)
    values = {"ingress": spec.ingress, "namespace": ns, "classes": ", ".join(names)}
    wanted = ingress.get("spec", {}).get("ingressClassName") or (
        ingress.get("metadata", {}).get("annotations") or {}
    ).get(LEGACY_CLASS)
    if wanted:
        if wanted in names:
            return passed(expected, say("class {name}", "classe {name}", name=wanted))
        absent = say("class {name} does not exist", "la classe {name} n'existe pas", name=wanted)
        return failed("ingress-no-class", expected, absent, **values, ingress_class=wanted)
    default = default_class(view)
    if default:
        return passed(expected, say("default class {name}", "classe par défaut {name}", name=default))
    neither = Text("no class, no default class", "aucune classe, pas de classe par défaut")
    return failed("ingress-no-class:no-default", expected, neither, **values)


@register("ingress_rule")
def check_ingress_rule(spec: IngressRuleCheck, view: ClusterView, ns: str) -> Verdict:
    host = spec.host or "*"
    expected = f"{host}{spec.path} -> service {spec.service} port {spec.port}"
    ingress = view.get("Ingress", spec.ingress, ns)
    if ingress is None:
        return missing(view, "Ingress", spec.ingress, ns, expected)
    found = backends(ingress)
    same_route = [b for b in found if (spec.host is None or b[0] == spec.host) and _norm(b[1]) == _norm(spec.path)]
    values = {
        "ingress": spec.ingress,
        "namespace": ns,
        "host": host,
        "path": spec.path,
        "service": spec.service,
        "port": spec.port,
    }
    if not same_route:
        rules = _rules_text(found)
        return failed(
            "ingress-rule-missing", expected, say("rules: {r}", "règles : {r}", r=rules), **values, rules=rules
        )
    svc = view.get("Service", spec.service, ns)
    wanted_port = _port_on(svc, spec.port)
    for _, _, service, port in same_route:
        if service != spec.service:
            continue
        if str(port) == str(spec.port) or (
            wanted_port is not None and str(port) in (str(wanted_port.get("port")), str(wanted_port.get("name")))
        ):
            return passed(expected, f"{host}{spec.path} -> {service}:{port}")
    got = ", ".join(f"service {s} port {p}" for _, _, s, p in same_route)
    return failed("ingress-backend-wrong", expected, got, **values, got=got)


@register("ingress_backends")
def check_ingress_backends(spec: IngressBackendsCheck, view: ClusterView, ns: str) -> Verdict:
    expected = say(
        "every backend of ingress {name} has ready endpoints",
        "chaque backend de l'ingress {name} a des endpoints prêts",
        name=spec.ingress,
    )
    ingress = view.get("Ingress", spec.ingress, ns)
    if ingress is None:
        return missing(view, "Ingress", spec.ingress, ns, expected)
    found = backends(ingress)
    values = {"ingress": spec.ingress, "namespace": ns}
    if not found:
        none = Text("no backend", "aucun backend")
        return failed("ingress-rule-missing", expected, none, **values, host="*", path="/", rules="-")
    for host, path, service, port in found:
        route = {**values, "service": service, "port": port, "host": host, "path": path}
        svc = view.get("Service", service, ns)
        if svc is None:
            gone = prefixed(f"{host}{path}", say("no service/{s}", "pas de service/{s}", s=service))
            return failed("ingress-backend-wrong:missing-service", expected, gone, **route)
        if _port_on(svc, port) is None:
            ports = service_ports_text(svc)
            return failed(
                "ingress-backend-wrong:missing-port",
                expected,
                say(
                    "{s} has no port {port} ({ports})",
                    "{s} n'a pas de port {port} ({ports})",
                    s=service,
                    port=port,
                    ports=ports,
                ),
                **route,
                ports=ports,
            )
        if not ready_addresses(view.get("Endpoints", service, ns)):
            empty = prefixed(service, Text("0 ready endpoints", "0 endpoint prêt"))
            return failed("ingress-backend-no-endpoints", expected, empty, **route)
    return passed(expected, _rules_text(found))


@register("ingress_address")
def check_ingress_address(spec: IngressAddressCheck, view: ClusterView, ns: str) -> Verdict:
    expected = say("ingress {name} has an address", "l'ingress {name} a une adresse", name=spec.ingress)
    ingress = view.get("Ingress", spec.ingress, ns)
    if ingress is None:
        return missing(view, "Ingress", spec.ingress, ns, expected)
    if not classes(view):
        return no_controller(expected, ns)
    where = address(ingress)
    if where:
        return passed(expected, say("address {a}", "adresse {a}", a=where))
    none = Text("no address", "pas d'adresse")
    return failed("ingress-not-served", expected, none, ingress=spec.ingress, namespace=ns)
