"""Why a pod is not running or not Ready, from its status, its spec and its events.

The decision uses Kubernetes' *reasons* (``ErrImagePull``, ``CrashLoopBackOff``,
``FailedMount``...), never the wording of messages, which differs between versions and
container runtimes. For ``CreateContainerConfigError`` the pod's spec is compared with the
ConfigMaps that exist, to tell a missing ConfigMap from a missing key.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from k8slab.checks.result import Words
from k8slab.checks.words import say
from k8slab.i18n import Text

if TYPE_CHECKING:
    from k8slab.cluster.view import ClusterView

Obj = dict[str, Any]
ConfigMapLookup = Callable[[str], Obj | None]

IMAGE_PULL_REASONS = frozenset({"ErrImagePull", "ImagePullBackOff", "ErrImageNeverPull", "RegistryUnavailable"})
INVALID_IMAGE_REASONS = frozenset({"InvalidImageName"})
START_FAILURE_REASONS = frozenset({"RunContainerError", "CreateContainerError", "StartError", "ContainerCannotRun"})
#: Diagnoses that block a pod for good (it will not get better by waiting).
BLOCKING = frozenset(
    {"image-pull", "crash-loop", "unschedulable", "mount-failed", "configmap-missing", "configmap-key-missing"}
)


@dataclass(frozen=True)
class PodProblem:
    """Why a pod is not fine: a diagnosis id, the text key that explains it, and a short summary."""

    diagnosis: str
    key: str
    summary: Words
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        return self.diagnosis in BLOCKING


def condition(obj: Obj, kind: str) -> Obj | None:
    for cond in obj.get("status", {}).get("conditions") or []:
        if cond.get("type") == kind:
            return dict(cond)
    return None


def is_ready(pod: Obj) -> bool:
    cond = condition(pod, "Ready")
    return cond is not None and cond.get("status") == "True"


def is_running(pod: Obj) -> bool:
    """Running, with every container running (what ``kubectl get pod`` shows as Running)."""
    status = pod.get("status", {})
    if status.get("phase") != "Running" or pod.get("metadata", {}).get("deletionTimestamp"):
        return False
    statuses = status.get("containerStatuses") or []
    return bool(statuses) and all("running" in (cs.get("state") or {}) for cs in statuses)


def container_running(pod: Obj, container: str | None) -> bool:
    for cs in pod.get("status", {}).get("containerStatuses") or []:
        if container is None or cs.get("name") == container:
            return "running" in (cs.get("state") or {})
    return False


def restarts(pod: Obj) -> int:
    return max(
        (int(cs.get("restartCount") or 0) for cs in pod.get("status", {}).get("containerStatuses") or []), default=0
    )


def pod_state(pod: Obj) -> str:
    """What ``kubectl get pod`` would show in STATUS: a waiting reason, else the phase."""
    if pod.get("metadata", {}).get("deletionTimestamp"):
        return "Terminating"
    status = pod.get("status", {})
    for cs in (status.get("initContainerStatuses") or []) + (status.get("containerStatuses") or []):
        state = cs.get("state") or {}
        for part in ("waiting", "terminated"):
            reason = (state.get(part) or {}).get("reason")
            if reason and reason != "Completed":
                return str(reason)
    return str(status.get("phase") or "Pending")


def _warnings(events: Sequence[Obj], reason: str) -> list[Obj]:
    return [e for e in events if e.get("type") == "Warning" and e.get("reason") == reason]


def _spec_image(pod: Obj, container: str) -> str:
    spec = pod.get("spec", {})
    for c in (spec.get("initContainers") or []) + (spec.get("containers") or []):
        if c.get("name") == container:
            return str(c.get("image", "?"))
    return "?"


def _keys(cm: Obj) -> str:
    keys = sorted({*(cm.get("data") or {}), *(cm.get("binaryData") or {})})
    return ", ".join(keys) or "-"


def config_problem(pod: Obj, container: str, message: str, configmap: ConfigMapLookup | None) -> PodProblem | None:
    """Which ConfigMap (or key) a CreateContainerConfigError is about."""
    name, ns = pod["metadata"].get("name"), pod["metadata"].get("namespace", "")
    base = {"pod": name, "container": container, "namespace": ns}
    spec: Obj = next((c for c in pod.get("spec", {}).get("containers") or [] if c.get("name") == container), {})
    if configmap is not None:
        for env in spec.get("env") or []:
            ref = (env.get("valueFrom") or {}).get("configMapKeyRef")
            if not ref or ref.get("optional"):
                continue
            cm = configmap(ref.get("name", ""))
            if cm is None:
                return _cm_missing(base, ref.get("name", ""))
            if ref.get("key") not in (cm.get("data") or {}) and ref.get("key") not in (cm.get("binaryData") or {}):
                return _key_missing(base, ref.get("name", ""), ref.get("key", ""), _keys(cm))
        for env_from in spec.get("envFrom") or []:
            ref = env_from.get("configMapRef")
            if ref and not ref.get("optional") and configmap(ref.get("name", "")) is None:
                return _cm_missing(base, ref.get("name", ""))
    found = re.search(r"configmaps? \"?([a-z0-9.-]+)\"? not found", message, flags=re.IGNORECASE)
    if found:
        return _cm_missing(base, found.group(1))
    found = re.search(r"key (\S+) in ConfigMap (?:\S+/)?([a-z0-9.-]+)", message)
    if found:
        cm = configmap(found.group(2)) if configmap else None
        return _key_missing(base, found.group(2), found.group(1), _keys(cm) if cm else "?")
    return None


def _cm_missing(base: dict[str, Any], cm: str) -> PodProblem:
    return PodProblem(
        "configmap-missing",
        "configmap-missing",
        say(
            "CreateContainerConfigError: configmap {cm} not found",
            "CreateContainerConfigError : configmap {cm} introuvable",
            cm=cm,
        ),
        {**base, "configmap": cm},
    )


def _key_missing(base: dict[str, Any], cm: str, key: str, keys: str) -> PodProblem:
    return PodProblem(
        "configmap-key-missing",
        "configmap-key-missing:pod",
        say(
            "CreateContainerConfigError: key {key} not in configmap {cm}",
            "CreateContainerConfigError : pas de clé {key} dans la configmap {cm}",
            key=key,
            cm=cm,
        ),
        {**base, "configmap": cm, "key": key, "keys": keys},
    )


def exit_summary(reason: str, code: object) -> Text:
    """``CrashLoopBackOff (exit code 1)``, in both languages."""
    return say("{reason} (exit code {code})", "{reason} (code de sortie {code})", reason=reason, code=code)


def _first_line(text: str, limit: int = 160) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def pod_problem(pod: Obj, events: Sequence[Obj] = (), configmap: ConfigMapLookup | None = None) -> PodProblem | None:
    """Why ``pod`` is not running and Ready, or None when it is.

    ``events`` are the events about this pod; ``configmap`` looks a ConfigMap up by name in the
    pod's namespace (to tell a missing ConfigMap from a missing key).
    """
    meta, status = pod.get("metadata", {}), pod.get("status", {})
    name, ns = meta.get("name", "?"), meta.get("namespace", "")
    base: dict[str, Any] = {"pod": name, "namespace": ns}
    if meta.get("deletionTimestamp"):
        return PodProblem("pod-not-ready", "pod-not-ready", "Terminating", {**base, "state": "Terminating"})

    scheduled = condition(pod, "PodScheduled")
    failed_scheduling = _warnings(events, "FailedScheduling")
    if (scheduled is not None and scheduled.get("status") == "False") or (
        scheduled is None and not status.get("containerStatuses") and failed_scheduling
    ):
        message = (scheduled or {}).get("message") or (
            failed_scheduling[-1].get("message") if failed_scheduling else ""
        )
        return PodProblem(
            "unschedulable",
            "unschedulable",
            "Pending (FailedScheduling)",
            {**base, "message": _first_line(str(message)) or "?"},
        )

    init = status.get("initContainerStatuses") or []
    statuses = status.get("containerStatuses") or []
    restart_policy = pod.get("spec", {}).get("restartPolicy", "Always")
    for cs in init + statuses:
        container = str(cs.get("name", "?"))
        state = cs.get("state") or {}
        waiting = state.get("waiting") or {}
        reason = str(waiting.get("reason") or "")
        message = str(waiting.get("message") or "")
        values = {**base, "container": container, "reason": reason}
        if reason in IMAGE_PULL_REASONS or reason in INVALID_IMAGE_REASONS:
            image = _spec_image(pod, container)
            key = "image-pull:invalid" if reason in INVALID_IMAGE_REASONS else "image-pull"
            return PodProblem("image-pull", key, f"image {image} ({reason})", {**values, "image": image})
        if reason == "CreateContainerConfigError":
            problem = config_problem(pod, container, message, configmap)
            if problem is not None:
                return problem
            state = say("{reason}: {message}", "{reason} : {message}", reason=reason, message=_first_line(message))
            return PodProblem("pod-not-ready", "pod-not-ready", reason, {**base, "state": state})
        last = (cs.get("lastState") or {}).get("terminated") or {}
        if reason == "CrashLoopBackOff":
            code = last.get("exitCode", "?")
            return PodProblem(
                "crash-loop", "crash-loop", exit_summary("CrashLoopBackOff", code), {**values, "exit_code": code}
            )
        if reason in START_FAILURE_REASONS:
            return PodProblem(
                "crash-loop", "crash-loop:start", reason, {**values, "message": _first_line(message) or "?"}
            )
        terminated = state.get("terminated") or {}
        restarts_after_exit = restart_policy == "Always" and cs not in init  # an init container completes
        if terminated and (terminated.get("exitCode", 0) != 0 or restarts_after_exit):
            code = terminated.get("exitCode")
            return PodProblem(
                "crash-loop",
                "crash-loop",
                exit_summary(str(terminated.get("reason", "Error")), code),
                {**values, "exit_code": code},
            )

    creating = status.get("phase") == "Pending" and not any(
        "running" in (cs.get("state") or {}) or "terminated" in (cs.get("state") or {}) for cs in statuses
    )
    if creating:
        mounts = _warnings(events, "FailedMount")
        if mounts:
            precise = [e for e in mounts if re.search(r'volume "[^"]+"', str(e.get("message", "")))]
            message = str((precise or mounts)[-1].get("message", ""))
            volume = re.search(r'volume "([^"]+)"', message)
            return PodProblem(
                "mount-failed",
                "mount-failed",
                "ContainerCreating (FailedMount)",
                {
                    **base,
                    "volume": volume.group(1) if volume else "?",
                    "message": _first_line(message.split(" : ", 1)[-1]),
                },
            )
        first = next((str(c.get("name")) for c in pod.get("spec", {}).get("containers") or []), "?")
        for event in _warnings(events, "Failed") + _warnings(events, "InspectFailed"):
            text = str(event.get("message", ""))
            hit = (
                "InvalidImageName"
                if event.get("reason") == "InspectFailed"
                else next((r for r in sorted(IMAGE_PULL_REASONS | INVALID_IMAGE_REASONS) if r in text), None)
            )
            if hit:
                image = _spec_image(pod, first)
                key = "image-pull:invalid" if hit in INVALID_IMAGE_REASONS else "image-pull"
                return PodProblem(
                    "image-pull",
                    key,
                    f"image {image} ({hit})",
                    {**base, "container": first, "image": image, "reason": hit},
                )

    if is_ready(pod) and status.get("phase") == "Running":
        return None
    if status.get("phase") == "Succeeded":
        return PodProblem("pod-not-ready", "pod-not-ready", "Succeeded", {**base, "state": "Completed"})
    unhealthy = [e for e in _warnings(events, "Unhealthy") if "eadiness" in str(e.get("message", ""))]
    if status.get("phase") == "Running" and unhealthy:
        message = _first_line(str(unhealthy[-1].get("message", ""))) or "?"
        return PodProblem(
            "pod-not-ready",
            "pod-not-ready:readiness",
            Text("Running, readiness probe failing", "Running, sonde readiness en échec"),
            {**base, "message": message},
        )
    state = pod_state(pod)
    summary = say("{state}, not Ready", "{state}, pas Ready", state=state)
    return PodProblem("pod-not-ready", "pod-not-ready", summary, {**base, "state": state})


def pod_problem_in(view: ClusterView, pod: Obj) -> PodProblem | None:
    """:func:`pod_problem` with events and ConfigMaps read through a ClusterView."""
    ns = pod.get("metadata", {}).get("namespace")
    if is_ready(pod) and is_running(pod):
        return None
    return pod_problem(pod, view.events_for(pod), lambda name: view.get("ConfigMap", name, ns))
