"""The ``env_var`` check: an environment variable of a pod, in its spec and in its running container.

It looks at the *running* container (``printenv``), so it can tell a pod that still holds an
old value (it started before the ConfigMap changed) from a wrong spec.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from k8slab.checks.base import (
    Verdict,
    container_names,
    container_of,
    failed,
    name_of,
    passed,
    register,
    targets,
    unverifiable,
)
from k8slab.checks.configmaps import cm_keys, no_configmap
from k8slab.checks.diagnose import container_running
from k8slab.checks.fieldpath import short
from k8slab.checks.pods import containers_found, not_running
from k8slab.checks.result import Status, Words
from k8slab.checks.words import prefixed, quoted, say
from k8slab.i18n import Text

if TYPE_CHECKING:
    from k8slab.cluster.view import ClusterView
    from k8slab.lessons.check_specs import EnvVarCheck

Obj = dict[str, Any]


def env_source(view: ClusterView, container: Obj, var: str, ns: str) -> tuple[str, str, str] | None:
    """Where ``var`` comes from: ("value", literal, ""), ("configmap", name, key), ("other", what, "")."""
    for env in container.get("env") or []:
        if env.get("name") != var:
            continue
        source = env.get("valueFrom")
        if not source:
            return "value", str(env.get("value", "")), ""
        if "configMapKeyRef" in source:
            ref = source["configMapKeyRef"]
            return "configmap", str(ref.get("name", "")), str(ref.get("key", ""))
        what = next(iter(source), "valueFrom")
        return "other", what, ""
    for env_from in container.get("envFrom") or []:
        ref = env_from.get("configMapRef")
        prefix = str(env_from.get("prefix") or "")
        if not ref or not var.startswith(prefix):
            continue
        key = var[len(prefix) :]
        cm = view.get("ConfigMap", str(ref.get("name", "")), ns)
        if cm is None or key in cm_keys(cm):
            return "configmap", str(ref.get("name", "")), key
    return None


def _describe(source: tuple[str, str, str]) -> Words:
    kind, a, b = source
    if kind == "value":
        return say("the literal value {v}", "la valeur littérale {v}", v=quoted(a))
    if kind == "configmap":
        return say("configmap {cm} key {key}", "la configmap {cm}, clé {key}", cm=a, key=b)
    return a


def running_env(view: ClusterView, pod: Obj, container: str | None, var: str) -> tuple[str | None, bool]:
    """(value or None when unset, readable) of ``var`` in the running container."""
    ns, name = pod["metadata"].get("namespace", ""), name_of(pod)
    result = view.exec(ns, name, ["printenv", var], container)
    if result.returncode == 0:
        return result.stdout.removesuffix("\n"), True
    if result.returncode == 1:
        return None, True
    result = view.exec(ns, name, ["env"], container)
    if result.returncode != 0:
        return None, False
    value: str | None = None
    for line in result.stdout.splitlines():
        head, sep, rest = line.partition("=")
        if sep and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", head):
            if value is not None:
                break
            if head == var:
                value = rest
        elif value is not None:
            value += "\n" + line
    return value, True


def _env_one(spec: EnvVarCheck, view: ClusterView, pod: Obj, ns: str, expected: Words, prefix: bool) -> Verdict:
    pod_name = name_of(pod)
    container = container_of(pod.get("spec", {}), spec.container)
    if container is None:
        return failed(
            "not-found:container",
            expected,
            containers_found(pod.get("spec", {})),
            kind="Pod",
            name=pod_name,
            namespace=ns,
            container=spec.container,
            containers=container_names(pod.get("spec", {})),
        )
    cname = str(container.get("name"))
    values = {"pod": pod_name, "namespace": ns, "container": cname, "var": spec.var}
    source = env_source(view, container, spec.var, ns)
    tag = pod_name if prefix else None
    if source is None:
        absent = say("no {var} in container {c}", "pas de {var} dans le conteneur {c}", var=spec.var, c=cname)
        return failed("env-missing", expected, prefixed(tag, absent), **values)
    current: str | None = None
    if spec.configmap is not None:
        if source[0] != "configmap" or source[1:] != (spec.configmap, spec.key):
            return failed(
                "field-mismatch:env-source",
                expected,
                prefixed(tag, say("{var} from {src}", "{var} depuis {src}", var=spec.var, src=_describe(source))),
                **values,
                got=_describe(source),
                configmap=spec.configmap,
                key=spec.key,
            )
        cm = view.get("ConfigMap", spec.configmap, ns)
        if cm is None:
            return failed(
                "configmap-missing", expected, no_configmap(spec.configmap), **values, configmap=spec.configmap
            )
        if spec.key not in (cm.get("data") or {}):
            return failed(
                "configmap-key-missing:pod",
                expected,
                say(
                    "configmap {cm} has no key {key}",
                    "la configmap {cm} n'a pas de clé {key}",
                    cm=spec.configmap,
                    key=spec.key,
                ),
                **values,
                configmap=spec.configmap,
                key=spec.key,
                keys=", ".join(cm_keys(cm)) or "-",
            )
        current = str(cm["data"][spec.key])
    elif spec.value is not None and source[0] == "value" and source[1] != spec.value:
        return failed(
            "field-mismatch:env",
            expected,
            prefixed(tag, f"{spec.var}={short(source[1])}"),
            **values,
            got=short(source[1]),
            want=spec.value,
        )
    if not container_running(pod, cname):
        return not_running(view, pod, expected, ns, prefix)
    running, readable = running_env(view, pod, cname, spec.var)
    if not readable:
        unreadable = Text("cannot read the environment", "impossible de lire l'environnement")
        return unverifiable("unverifiable:env", expected, unreadable, **values)
    if spec.configmap is not None and running != current:
        return failed(
            "env-stale",
            expected,
            prefixed(
                tag,
                say(
                    "{var}={running} (configmap says {current})",
                    "{var}={running} (la configmap indique {current})",
                    var=spec.var,
                    running=short(running),
                    current=short(current),
                ),
            ),
            **values,
            running=short(running),
            current=short(current),
            configmap=spec.configmap,
            key=spec.key,
        )
    if spec.value is not None and running != spec.value:
        return failed(
            "field-mismatch:env",
            expected,
            prefixed(
                tag,
                say(
                    "{var}={value} in the running container",
                    "{var}={value} dans le conteneur en marche",
                    var=spec.var,
                    value=short(running),
                ),
            ),
            **values,
            got=short(running),
            want=spec.value,
        )
    if running is None:
        absent = say("no {var} in the running container", "pas de {var} dans le conteneur en marche", var=spec.var)
        return failed("env-missing", expected, prefixed(tag, absent), **values)
    return passed(expected, f"{spec.var}={short(running)}")


@register("env_var")
def check_env_var(spec: EnvVarCheck, view: ClusterView, ns: str) -> Verdict:
    want: Words
    if spec.configmap is not None:
        want = say(
            "{var} from configmap {cm} key {key}",
            "{var} depuis la configmap {cm}, clé {key}",
            var=spec.var,
            cm=spec.configmap,
            key=spec.key,
        )
    elif spec.value is not None:
        want = f"{spec.var}={spec.value}"
    else:
        want = say("{var} set", "{var} définie", var=spec.var)
    pods, problem = targets(view, spec, "Pod", ns, want)
    if problem:
        return problem
    verdict = passed(want, "")
    for pod in pods:
        verdict = _env_one(spec, view, pod, ns, want, bool(spec.selector))
        if verdict.status is not Status.PASSED:
            return verdict
    return verdict
