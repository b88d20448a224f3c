"""Checks on configuration: ConfigMap contents, and how pods consume them (volumes, env).

Environment variables (``env_var``) are checked in :mod:`k8slab.checks.env`.
"""

from __future__ import annotations

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
)
from k8slab.checks.diagnose import pod_problem_in
from k8slab.checks.fieldpath import short
from k8slab.checks.pods import containers_found, problem_verdict, subject
from k8slab.checks.result import Words
from k8slab.checks.words import prefixed, quoted, say
from k8slab.i18n import Text

if TYPE_CHECKING:
    from k8slab.cluster.view import ClusterView
    from k8slab.lessons.check_specs import ConfigMapConsumedCheck, ConfigMapDataCheck, VolumeMountCheck

Obj = dict[str, Any]


def cm_keys(cm: Obj) -> list[str]:
    return sorted({*(cm.get("data") or {}), *(cm.get("binaryData") or {})})


def _volume_source(volume: Obj) -> tuple[Words, list[str]]:
    """(description, ConfigMap names) of a pod volume."""
    if "configMap" in volume:
        name = str(volume["configMap"].get("name", ""))
        return say("configmap {name}", "la configmap {name}", name=name), [name]
    if "projected" in volume:
        names = [
            str(s["configMap"].get("name", "")) for s in volume["projected"].get("sources") or [] if "configMap" in s
        ]
        return Text("a projected volume", "un volume projected"), names
    kind = next((k for k in volume if k != "name"), "volume")
    return say("a {kind} volume", "un volume {kind}", kind=kind), []


@register("volume_mount")
def check_volume_mount(spec: VolumeMountCheck, view: ClusterView, ns: str) -> Verdict:
    expected = say("volume at {path}", "volume sur {path}", path=spec.path)
    if spec.configmap:
        expected = say("{e} from configmap {cm}", "{e} depuis la configmap {cm}", e=expected, cm=spec.configmap)
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
                containers_found(pod_spec),
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
            paths = ", ".join(str(m.get("mountPath")) for m in mounts)
            found: Words = (
                say("mounts: {paths}", "points de montage : {paths}", paths=paths)
                if paths
                else Text("no volume mounted", "aucun volume monté")
            )
            return failed("mount-missing", expected, found, **values)
        volume: Obj = next((v for v in pod_spec.get("volumes") or [] if v.get("name") == mount.get("name")), {})
        described, configmaps = _volume_source(volume)
        if spec.configmap is not None and spec.configmap not in configmaps:
            source = say("{path} from {src}", "{path} depuis {src}", path=spec.path, src=described)
            return failed("mount-missing:source", expected, source, **values, got=described)
        for cm_name in [spec.configmap] if spec.configmap else configmaps:
            if view.get("ConfigMap", cm_name, ns) is None:
                return failed(
                    "configmap-missing:volume", expected, no_configmap(cm_name), **{**values, "configmap": cm_name}
                )
        pod_issue = pod_problem_in(view, pod)
        if pod_issue is not None and pod_issue.diagnosis == "mount-failed":
            return problem_verdict(pod_issue, expected, name_of(pod) if spec.selector else None)
    return passed(expected, say("mounted in {pods}", "monté dans {pods}", pods=", ".join(name_of(p) for p in pods)))


@register("configmap_data")
def check_configmap_data(spec: ConfigMapDataCheck, view: ClusterView, ns: str) -> Verdict:
    wanted = [*spec.keys, *spec.data, *spec.contains]
    keys_wanted = ", ".join(dict.fromkeys(wanted))
    if keys_wanted:
        expected = say("configmap {name} with {keys}", "configmap {name} avec {keys}", name=spec.name, keys=keys_wanted)
    else:
        expected = say("configmap {name}", "configmap {name}", name=spec.name)
    cm = view.get("ConfigMap", spec.name, ns)
    if cm is None:
        return missing(view, "ConfigMap", spec.name, ns, expected)
    data: dict[str, str] = {**(cm.get("binaryData") or {}), **(cm.get("data") or {})}
    keys = ", ".join(cm_keys(cm)) or "-"
    values = {"configmap": spec.name, "namespace": ns, "keys": keys}
    for key in dict.fromkeys(wanted):
        if key not in data:
            return failed("configmap-key-missing", expected, _keys_found(keys), **values, key=key)
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
                text=quoted(text),
            )
    return passed(expected, _keys_found(keys))


def _keys_found(keys: str) -> Text:
    return say("keys: {keys}", "clés : {keys}", keys=keys)


def no_configmap(name: str) -> Text:
    return say("no configmap/{name}", "pas de configmap/{name}", name=name)


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
    expected = say(
        "{subject} reading configmap {cm} via {via}",
        "{subject} lisant la configmap {cm} via {via}",
        subject=subject(spec),
        cm=spec.configmap,
        via=spec.via,
    )
    pods, problem = targets(view, spec, "Pod", ns, expected)
    if problem:
        return problem
    for pod in pods:
        pod_spec = pod.get("spec", {})
        values = {"pod": name_of(pod), "namespace": ns, "configmap": spec.configmap}
        if spec.via == "env" and not _consumes_env(pod_spec, spec.configmap):
            no_env = say("no env from {cm}", "pas d'env depuis {cm}", cm=spec.configmap)
            return failed("env-missing:configmap", expected, prefixed(name_of(pod), no_env), **values)
        if spec.via == "volume" and not _consumes_volume(pod_spec, spec.configmap):
            no_volume = say("no volume from {cm}", "pas de volume depuis {cm}", cm=spec.configmap)
            return failed("mount-missing:configmap", expected, prefixed(name_of(pod), no_volume), **values)
    return passed(expected, say("read by {pods}", "lue par {pods}", pods=", ".join(name_of(p) for p in pods)))
