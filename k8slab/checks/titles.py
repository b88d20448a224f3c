"""Titles of checks that a lesson does not title itself, in English and French."""

from __future__ import annotations

import shlex
from typing import Any

from k8slab.checks.base import selector_text
from k8slab.checks.fieldpath import short
from k8slab.checks.result import in_language
from k8slab.checks.words import operator
from k8slab.i18n import Text

#: A kind with its French article ("la ConfigMap", "l'Ingress").
FR_KIND = {
    "Pod": "le Pod",
    "Service": "le Service",
    "ConfigMap": "la ConfigMap",
    "Deployment": "le Deployment",
    "ReplicaSet": "le ReplicaSet",
    "Ingress": "l'Ingress",
    "IngressClass": "l'IngressClass",
    "Namespace": "le namespace",
    "Node": "le nœud",
    "Secret": "le Secret",
    "ServiceAccount": "le ServiceAccount",
    "Endpoints": "l'objet Endpoints",
    "Event": "l'événement",
}


def _kind(kind: str) -> str:
    from k8slab.cluster.kinds import lookup

    found = lookup(kind)
    return found.kind if found else kind


def fr_kind(kind: str, capital: bool = False) -> str:
    text = FR_KIND.get(_kind(kind), f"l'objet {kind}")
    return text[0].upper() + text[1:] if capital else text


def _q(text: str) -> tuple[str, str]:
    return f"“{text}”", f"« {text} »"


def _target(spec: Any, kind: str = "Pod") -> tuple[str, str, bool]:
    """(en, fr, plural) naming what a check with name/selector is about."""
    if getattr(spec, "name", None):
        return f"{_kind(kind)} {spec.name}", f"{fr_kind(kind, True)} {spec.name}", False
    sel = selector_text(spec.selector)
    return f"{_kind(kind)}s {sel}", f"Les {_kind(kind)}s {sel}", True


def _generated(spec: Any) -> Text:
    kind = getattr(spec, "kind", "Pod")
    en, fr, plural = _target(spec, kind) if hasattr(spec, "selector") else ("", "", False)
    t = spec.type
    if t == "exists":
        if plural:
            return Text(
                f"At least {spec.min} {_kind(kind)}(s) with {selector_text(spec.selector)}",
                f"Au moins {spec.min} {_kind(kind)}(s) avec {selector_text(spec.selector)}",
            )
        return Text(f"{en} exists", f"{fr} existe")
    if t == "absent":
        if plural:
            return Text(
                f"No {_kind(kind)} with {selector_text(spec.selector)} left",
                f"Plus aucun {_kind(kind)} avec {selector_text(spec.selector)}",
            )
        return Text(f"{en} is gone", f"{fr} n'existe plus")
    if t == "field":
        if spec.op == "exists":
            return Text(f"{en}: {spec.path} is set", f"{fr} : {spec.path} est renseigné")
        value = (
            short(spec.value)
            if spec.value_from is None
            else (
                f"{_kind(spec.value_from.kind)} {spec.value_from.name or ''} {spec.value_from.path}".replace("  ", " ")
            )
        )
        op = operator(spec.op)
        return Text(
            f"{en}: {spec.path} {in_language(op, 'en')} {value}", f"{fr} : {spec.path} {in_language(op, 'fr')} {value}"
        )
    if t == "pod_phase":
        return Text(
            f"{en} {'are' if plural else 'is'} {spec.phase}", f"{fr} {'sont' if plural else 'est'} {spec.phase}"
        )
    if t == "pod_ready":
        if plural:
            return Text(
                f"At least {spec.min} Pod(s) {selector_text(spec.selector)} Ready",
                f"Au moins {spec.min} Pod(s) {selector_text(spec.selector)} Ready",
            )
        return Text(f"{en} is Ready", f"{fr} est Ready")
    if t == "pod_restarts":
        return Text(
            f"{en} restarted at most {spec.max} time(s)",
            f"{fr} {'ont' if plural else 'a'} redémarré au plus {spec.max} fois",
        )
    if t == "pod_healthy":
        verb_fr = "n'ont" if plural else "n'a"
        return Text(f"{en} {'have' if plural else 'has'} no blocking error", f"{fr} {verb_fr} pas d'erreur bloquante")
    if t == "container_image":
        return Text(
            f"{en} {'run' if plural else 'runs'} the image {spec.image}",
            f"{fr} {'utilisent' if plural else 'utilise'} l'image {spec.image}",
        )
    if t == "env_var":
        has_en, has_fr = ("have", "ont") if plural else ("has", "a")
        if spec.configmap:
            return Text(
                f"{en} {'read' if plural else 'reads'} {spec.var} from ConfigMap {spec.configmap} (key {spec.key})",
                f"{fr} {'lisent' if plural else 'lit'} {spec.var} depuis la ConfigMap {spec.configmap} "
                f"(clé {spec.key})",
            )
        if spec.value is not None:
            return Text(f"{en} {has_en} {spec.var}={spec.value}", f"{fr} {has_fr} {spec.var}={spec.value}")
        return Text(f"{en} {has_en} the variable {spec.var}", f"{fr} {has_fr} la variable {spec.var}")
    if t == "volume_mount":
        src_en = f" from ConfigMap {spec.configmap}" if spec.configmap else ""
        src_fr = f" depuis la ConfigMap {spec.configmap}" if spec.configmap else ""
        return Text(
            f"{en} {'mount' if plural else 'mounts'} a volume at {spec.path}{src_en}",
            f"{fr} {'montent' if plural else 'monte'} un volume sur {spec.path}{src_fr}",
        )
    if t == "logs_contain":
        q_en, q_fr = _q(spec.text)
        return Text(f"The logs of {en} contain {q_en}", f"Les logs {_de(fr)} contiennent {q_fr}")
    if t == "exec_output":
        q_en, q_fr = _q(spec.text)
        cmd = shlex.join(spec.command)
        return Text(f"`{cmd}` in {en} prints {q_en}", f"`{cmd}` dans {_lower(fr)} affiche {q_fr}")
    if t == "configmap_consumed":
        via_en, via_fr = (
            ("environment variables", "des variables d'environnement")
            if spec.via == "env"
            else ("a volume", "un volume")
        )
        return Text(
            f"{en} {'read' if plural else 'reads'} ConfigMap {spec.configmap} through {via_en}",
            f"{fr} {'lisent' if plural else 'lit'} la ConfigMap {spec.configmap} par {via_fr}",
        )
    return _generated_other(spec)


def _lower(text: str) -> str:
    return text[0].lower() + text[1:]


def _de(text: str) -> str:
    """French "de" + article: "du Pod web", "des Pods app=web", "de la ConfigMap x"."""
    lowered = _lower(text)
    for article, contracted in (("le ", "du "), ("les ", "des ")):
        if lowered.startswith(article):
            return contracted + lowered[len(article) :]
    return "de " + lowered


def _generated_other(spec: Any) -> Text:
    t = spec.type
    if t == "configmap_data":
        keys = ", ".join(dict.fromkeys([*spec.keys, *spec.data, *spec.contains]))
        if not keys:
            return Text(f"ConfigMap {spec.name} exists", f"La ConfigMap {spec.name} existe")
        return Text(
            f"ConfigMap {spec.name} has the expected keys {keys}",
            f"La ConfigMap {spec.name} a les clés attendues {keys}",
        )
    if t == "service_endpoints":
        return Text(
            f"Service {spec.service} sends traffic to at least {spec.min} ready pod(s)",
            f"Le Service {spec.service} envoie le trafic vers au moins {spec.min} pod(s) prêt(s)",
        )
    if t == "service_ports":
        tp_en = f" to targetPort {spec.target_port}" if spec.target_port is not None else ""
        tp_fr = f" vers le targetPort {spec.target_port}" if spec.target_port is not None else ""
        return Text(
            f"Service {spec.service} exposes port {spec.port}{tp_en}",
            f"Le Service {spec.service} expose le port {spec.port}{tp_fr}",
        )
    if t == "service_type":
        np = f", nodePort {spec.node_port}" if spec.node_port else ""
        return Text(
            f"Service {spec.service} is of type {spec.service_type}{np}",
            f"Le Service {spec.service} est de type {spec.service_type}{np}",
        )
    if t == "deployment_replicas":
        if spec.ready:
            return Text(
                f"Deployment {spec.deployment} has {spec.replicas} ready replica(s)",
                f"Le Deployment {spec.deployment} a {spec.replicas} réplica(s) prêt(s)",
            )
        return Text(
            f"Deployment {spec.deployment} asks for {spec.replicas} replica(s)",
            f"Le Deployment {spec.deployment} demande {spec.replicas} réplica(s)",
        )
    if t == "rollout_complete":
        return Text(
            f"The rollout of Deployment {spec.deployment} is complete",
            f"Le rollout du Deployment {spec.deployment} est terminé",
        )
    if t == "revision_count":
        return Text(
            f"Deployment {spec.deployment} has at least {spec.min} revision(s)",
            f"Le Deployment {spec.deployment} a au moins {spec.min} révision(s)",
        )
    if t == "pod_replaced":
        return Text(
            f"Deployment {spec.deployment} replaced a deleted pod",
            f"Le Deployment {spec.deployment} a remplacé un pod supprimé",
        )
    if t == "ingress_class":
        return Text(
            f"Ingress {spec.ingress} has an IngressClass that serves it",
            f"L'Ingress {spec.ingress} a une IngressClass qui le prend en charge",
        )
    if t == "ingress_rule":
        host = spec.host or "*"
        return Text(
            f"Ingress {spec.ingress} routes {host}{spec.path} to {spec.service}:{spec.port}",
            f"L'Ingress {spec.ingress} dirige {host}{spec.path} vers {spec.service}:{spec.port}",
        )
    if t == "ingress_backends":
        return Text(
            f"Every backend of Ingress {spec.ingress} has ready pods",
            f"Chaque backend de l'Ingress {spec.ingress} a des pods prêts",
        )
    if t == "ingress_address":
        return Text(f"Ingress {spec.ingress} has an address", f"L'Ingress {spec.ingress} a une adresse")
    if t in ("http_service", "http_ingress"):
        q_en, q_fr = _q(spec.text) if spec.text is not None else ("", "")
        with_en, with_fr = (f" with {q_en}", f" avec {q_fr}") if spec.text is not None else ("", "")
        if t == "http_service":
            return Text(
                f"GET {spec.path} on Service {spec.service} answers {spec.status}{with_en}",
                f"GET {spec.path} sur le Service {spec.service} répond {spec.status}{with_fr}",
            )
        url = f"http://{spec.host}{spec.path}" if spec.host else spec.path
        return Text(
            f"GET {url} through Ingress {spec.ingress} answers {spec.status}{with_en}",
            f"GET {url} via l'Ingress {spec.ingress} répond {spec.status}{with_fr}",
        )
    if t == "node_ready":
        return Text(f"At least {spec.min} node(s) Ready", f"Au moins {spec.min} nœud(s) Ready")
    raise KeyError(f"no title for check type {t!r}")


def title_of(check: Any) -> Text:
    """The check's own title, or one generated from its fields (in both languages)."""
    if check.title is not None:
        return Text(en=check.title.en, fr=check.title.fr)
    title = _generated(check)
    namespace = getattr(check, "namespace", None)
    if namespace:
        title = Text(f"{title.en} (namespace {namespace})", f"{title.fr} (namespace {namespace})")
    return title
