"""Checks on configuration: ConfigMap contents, and how pods consume them (env, volumes).

``env_var`` looks at the *running* container (``printenv``), so it can tell a pod that still
holds an old value (it started before the ConfigMap changed) from a wrong spec.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from k8slab.checks.base import (
    Verdict,
    container_names,
    container_of,
    failed,
    missing,
    name_of,
    passed,
    register,
    targets,
    unverifiable,
)
from k8slab.checks.diagnose import container_running, pod_problem_in
from k8slab.checks.fieldpath import short
from k8slab.checks.pods import not_running, problem_verdict, subject
from k8slab.checks.result import Status

if TYPE_CHECKING:
    from k8slab.cluster.view import ClusterView
    from k8slab.lessons.schema import ConfigMapConsumedCheck, ConfigMapDataCheck, EnvVarCheck, VolumeMountCheck

Obj = dict[str, Any]


def cm_keys(cm: Obj) -> list[str]:
    return sorted({*(cm.get("data") or {}), *(cm.get("binaryData") or {})})


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


def _describe(source: tuple[str, str, str]) -> str:
    kind, a, b = source
    if kind == "value":
        return f"the literal value {a!r}"
    if kind == "configmap":
        return f"configmap {a} key {b}"
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


def _env_one(spec: EnvVarCheck, view: ClusterView, pod: Obj, ns: str, expected: str, prefix: bool) -> Verdict:
    pod_name = name_of(pod)
    container = container_of(pod.get("spec", {}), spec.container)
    if container is None:
        return failed(
            "not-found:container",
            expected,
            f"containers: {container_names(pod.get('spec', {}))}",
            kind="Pod",
            name=pod_name,
            namespace=ns,
            container=spec.container,
            containers=container_names(pod.get("spec", {})),
        )
    cname = str(container.get("name"))
    values = {"pod": pod_name, "namespace": ns, "container": cname, "var": spec.var}
    source = env_source(view, container, spec.var, ns)
    tag = f"{pod_name}: " if prefix else ""
    if source is None:
        return failed("env-missing", expected, f"{tag}no {spec.var} in container {cname}", **values)
    current: str | None = None
    if spec.configmap is not None:
        if source[0] != "configmap" or source[1:] != (spec.configmap, spec.key):
            return failed(
                "field-mismatch:env-source",
                expected,
                f"{tag}{spec.var} from {_describe(source)}",
                **values,
                got=_describe(source),
                configmap=spec.configmap,
                key=spec.key,
            )
        cm = view.get("ConfigMap", spec.configmap, ns)
        if cm is None:
            return failed(
                "configmap-missing", expected, f"no configmap/{spec.configmap}", **values, configmap=spec.configmap
            )
        if spec.key not in (cm.get("data") or {}):
            return failed(
                "configmap-key-missing:pod",
                expected,
                f"configmap {spec.configmap} has no key {spec.key}",
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
            f"{tag}{spec.var}={short(source[1])}",
            **values,
            got=short(source[1]),
            want=spec.value,
        )
    if not container_running(pod, cname):
        return not_running(view, pod, expected, ns, prefix)
    running, readable = running_env(view, pod, cname, spec.var)
    if not readable:
        return unverifiable("unverifiable:env", expected, "cannot read the environment", **values)
    if spec.configmap is not None and running != current:
        return failed(
            "env-stale",
            expected,
            f"{tag}{spec.var}={short(running)} (configmap says {short(current)})",
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
            f"{tag}{spec.var}={short(running)} in the running container",
            **values,
            got=short(running),
            want=spec.value,
        )
    if running is None:
        return failed("env-missing", expected, f"{tag}no {spec.var} in the running container", **values)
    return passed(expected, f"{spec.var}={short(running)}")


@register("env_var")
def check_env_var(spec: EnvVarCheck, view: ClusterView, ns: str) -> Verdict:
    if spec.configmap is not None:
        want = f"{spec.var} from configmap {spec.configmap} key {spec.key}"
    else:
        want = f"{spec.var}={spec.value}" if spec.value is not None else f"{spec.var} set"
    pods, problem = targets(view, spec, "Pod", ns, want)
    if problem:
        return problem
    verdict = passed(want, "")
    for pod in pods:
        verdict = _env_one(spec, view, pod, ns, want, bool(spec.selector))
        if verdict.status is not Status.PASSED:
            return verdict
    return verdict


def _volume_source(volume: Obj) -> tuple[str, list[str]]:
    """(description, ConfigMap names) of a pod volume."""
    if "configMap" in volume:
        name = str(volume["configMap"].get("name", ""))
        return f"configmap {name}", [name]
    if "projected" in volume:
        names = [
            str(s["configMap"].get("name", "")) for s in volume["projected"].get("sources") or [] if "configMap" in s
        ]
        return "projected volume", names
    kind = next((k for k in volume if k != "name"), "volume")
    return f"{kind} volume", []


@register("volume_mount")
def check_volume_mount(spec: VolumeMountCheck, view: ClusterView, ns: str) -> Verdict:
    expected = f"volume at {spec.path}" + (f" from configmap {spec.configmap}" if spec.configmap else "")
    pods, problem = targets(view, spec, "Pod", ns, expected)
    if problem:
        return problem
    path = spec.path.rstrip("/") or "/"
    for pod in pods:
        pod_spec = pod.get("spec", {})
        container = container_of(pod_spec, spec.container)
        values = {"pod": name_of(pod), "namespace": ns, "path": spec.path, "configmap": spec.configmap}
        if container is None:
            return failed(
                "not-found:container",
                expected,
                f"containers: {container_names(pod_spec)}",
                kind="Pod",
                name=name_of(pod),
                namespace=ns,
                container=spec.container,
                containers=container_names(pod_spec),
            )
        values["container"] = container.get("name")
        mounts = container.get("volumeMounts") or []
        mount = next((m for m in mounts if (str(m.get("mountPath", "")).rstrip("/") or "/") == path), None)
        if mount is None:
            paths = ", ".join(str(m.get("mountPath")) for m in mounts) or "none"
            return failed("mount-missing", expected, f"mounts: {paths}", **values)
        volume: Obj = next((v for v in pod_spec.get("volumes") or [] if v.get("name") == mount.get("name")), {})
        described, configmaps = _volume_source(volume)
        if spec.configmap is not None and spec.configmap not in configmaps:
            return failed("mount-missing:source", expected, f"{spec.path} from {described}", **values, got=described)
        for cm_name in [spec.configmap] if spec.configmap else configmaps:
            if view.get("ConfigMap", cm_name, ns) is None:
                return failed(
                    "configmap-missing:volume", expected, f"no configmap/{cm_name}", **{**values, "configmap": cm_name}
                )
        pod_issue = pod_problem_in(view, pod)
        if pod_issue is not None and pod_issue.diagnosis == "mount-failed":
            return problem_verdict(pod_issue, expected, name_of(pod) if spec.selector else None)
    return passed(expected, f"mounted in {', '.join(name_of(p) for p in pods)}")


@register("configmap_data")
def check_configmap_data(spec: ConfigMapDataCheck, view: ClusterView, ns: str) -> Verdict:
    wanted = [*spec.keys, *spec.data, *spec.contains]
    expected = f"configmap {spec.name} with " + (", ".join(dict.fromkeys(wanted)) or "any data")
    cm = view.get("ConfigMap", spec.name, ns)
    if cm is None:
        return missing(view, "ConfigMap", spec.name, ns, expected)
    data: dict[str, str] = {**(cm.get("binaryData") or {}), **(cm.get("data") or {})}
    keys = ", ".join(cm_keys(cm)) or "-"
    values = {"configmap": spec.name, "namespace": ns, "keys": keys}
    for key in dict.fromkeys(wanted):
        if key not in data:
            return failed("configmap-key-missing", expected, f"keys: {keys}", **values, key=key)
    for key, value in spec.data.items():
        if str(data[key]).rstrip("\n") != value.rstrip("\n"):
            return failed(
                "field-mismatch:configmap",
                expected,
                f"{key}={short(data[key])}",
                **values,
                key=key,
                got=short(data[key]),
                want=short(value),
            )
    for key, text in spec.contains.items():
        if text not in str(data[key]):
            return failed(
                "field-mismatch:configmap-contains",
                expected,
                f"{key}={short(data[key])}",
                **values,
                key=key,
                got=short(data[key]),
                text=text,
            )
    return passed(expected, f"keys: {keys}")


def _consumes_env(pod_spec: Obj, configmap: str) -> bool:
    for c in (pod_spec.get("containers") or []) + (pod_spec.get("initContainers") or []):
        for env in c.get("env") or []:
            if ((env.get("valueFrom") or {}).get("configMapKeyRef") or {}).get("name") == configmap:
                return True
        for env_from in c.get("envFrom") or []:
            if (env_from.get("configMapRef") or {}).get("name") == configmap:
                return True
    return False


def _consumes_volume(pod_spec: Obj, configmap: str) -> bool:
    volumes = {str(v.get("name")) for v in pod_spec.get("volumes") or [] if configmap in _volume_source(v)[1]}
    return any(m.get("name") in volumes for c in pod_spec.get("containers") or [] for m in c.get("volumeMounts") or [])


@register("configmap_consumed")
def check_configmap_consumed(spec: ConfigMapConsumedCheck, view: ClusterView, ns: str) -> Verdict:
    expected = f"{subject(spec)} read configmap {spec.configmap} via {spec.via}"
    pods, problem = targets(view, spec, "Pod", ns, expected)
    if problem:
        return problem
    for pod in pods:
        pod_spec = pod.get("spec", {})
        values = {"pod": name_of(pod), "namespace": ns, "configmap": spec.configmap}
        if spec.via == "env" and not _consumes_env(pod_spec, spec.configmap):
            return failed("env-missing:configmap", expected, f"{name_of(pod)}: no env from {spec.configmap}", **values)
        if spec.via == "volume" and not _consumes_volume(pod_spec, spec.configmap):
            return failed(
                "mount-missing:configmap", expected, f"{name_of(pod)}: no volume from {spec.configmap}", **values
            )
    return passed(expected, f"read by {', '.join(name_of(p) for p in pods)}")
