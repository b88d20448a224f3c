"""Checks on pods: phase, readiness, restarts, health, image, logs, command output.

A pod that is not as expected is diagnosed (image pull, crash loop, missing ConfigMap...) from
its status and events, rather than reported as merely "not ready".
"""

from __future__ import annotations

import shlex
from typing import TYPE_CHECKING, Any

from k8slab.checks.base import (
    Verdict,
    container_names,
    container_of,
    failed,
    is_terminating,
    name_of,
    passed,
    register,
    selector_text,
    targets,
)
from k8slab.checks.diagnose import (
    PodProblem,
    container_running,
    is_ready,
    is_running,
    pod_problem_in,
    pod_state,
    restarts,
)
from k8slab.checks.fieldpath import short
from k8slab.checks.result import Words
from k8slab.checks.words import joined, prefixed, quoted, say
from k8slab.i18n import Text

if TYPE_CHECKING:
    from k8slab.cluster.view import ClusterView
    from k8slab.lessons.check_specs import (
        ContainerImageCheck,
        ExecOutputCheck,
        LogsContainCheck,
        PodHealthyCheck,
        PodPhaseCheck,
        PodReadyCheck,
        PodRestartsCheck,
    )

Obj = dict[str, Any]


def subject(spec: Any, kind: str = "pod") -> Words:
    """``pod web``, or ``pods with app=web`` (``pods avec app=web``)."""
    if spec.name:
        return f"{kind} {spec.name}"
    return say("{kind}s with {sel}", "{kind}s avec {sel}", kind=kind, sel=selector_text(spec.selector))


def of_subject(spec: Any) -> Text:
    """``of pod web`` / ``du pod web``, ``of pods with app=web`` / ``des pods avec app=web``."""
    if spec.name:
        return Text(f"of pod {spec.name}", f"du pod {spec.name}")
    sel = selector_text(spec.selector)
    return Text(f"of pods with {sel}", f"des pods avec {sel}")


def problem_verdict(problem: PodProblem, expected: Words, pod: str | None = None) -> Verdict:
    """The failure for a diagnosed pod; ``pod`` prefixes ``actual`` (checks on several pods)."""
    return failed(problem.key, expected, prefixed(pod, problem.summary), **problem.values)


def not_running(view: ClusterView, pod: Obj, expected: Words, ns: str, prefix: bool) -> Verdict:
    """A pod k8slab needs to look into is not running: say why."""
    problem = pod_problem_in(view, pod)
    if problem is not None and problem.blocking:
        return problem_verdict(problem, expected, name_of(pod) if prefix else None)
    state = pod_state(pod)
    return failed(
        "pod-not-ready:not-running",
        expected,
        prefixed(name_of(pod) if prefix else None, state),
        pod=name_of(pod),
        namespace=ns,
        state=state,
    )


def _in_phase(pod: Obj, phase: str) -> bool:
    if phase == "Running":
        return is_running(pod)
    return bool(pod.get("status", {}).get("phase") == phase)


@register("pod_phase")
def check_pod_phase(spec: PodPhaseCheck, view: ClusterView, ns: str) -> Verdict:
    expected = say("{subject} {phase}", "{subject} {phase}", subject=subject(spec), phase=spec.phase)
    pods, missing = targets(view, spec, "Pod", ns, expected)
    if missing:
        return missing
    for pod in pods:
        if _in_phase(pod, spec.phase):
            continue
        prefix = name_of(pod) if spec.selector else None
        problem = pod_problem_in(view, pod)
        if problem is not None and problem.diagnosis != "pod-not-ready":
            return problem_verdict(problem, expected, prefix)
        state = pod_state(pod)
        return failed(
            "pod-not-ready:phase",
            expected,
            prefixed(prefix, state),
            pod=name_of(pod),
            namespace=ns,
            phase=spec.phase,
            state=state,
        )
    return passed(expected, ", ".join(f"{name_of(p)} {pod_state(p)}" for p in pods))


@register("pod_ready")
def check_pod_ready(spec: PodReadyCheck, view: ClusterView, ns: str) -> Verdict:
    minimum = 1 if spec.name else spec.min
    if spec.selector and minimum > 1:
        expected: Words = say(
            "{subject} Ready (at least {n})", "{subject} Ready (au moins {n})", subject=subject(spec), n=minimum
        )
    else:
        expected = say("{subject} Ready", "{subject} Ready", subject=subject(spec))
    pods, missing = targets(view, spec, "Pod", ns, expected, minimum)
    if missing:
        return missing
    ready = [p for p in pods if is_ready(p)]
    actual = f"{len(ready)}/{len(pods)} Ready"
    if len(ready) >= minimum:
        return passed(expected, actual if spec.selector else "Ready")
    for pod in pods:
        if is_ready(pod):
            continue
        problem = pod_problem_in(view, pod)
        if problem is None:  # became ready between reads: say what we saw
            continue
        return problem_verdict(problem, expected, name_of(pod) if spec.selector else None)
    return failed(
        "pod-not-ready", expected, actual, pod=", ".join(name_of(p) for p in pods), namespace=ns, state=actual
    )


@register("pod_restarts")
def check_pod_restarts(spec: PodRestartsCheck, view: ClusterView, ns: str) -> Verdict:
    expected = say(
        "{subject} restarted at most {max} time(s)",
        "{subject} redémarré(s) au plus {max} fois",
        subject=subject(spec),
        max=spec.max,
    )
    pods, missing = targets(view, spec, "Pod", ns, expected)
    if missing:
        return missing
    for pod in pods:
        count = restarts(pod)
        if count <= spec.max:
            continue
        actual = say("{pod}: {count} restart(s)", "{pod} : {count} redémarrage(s)", pod=name_of(pod), count=count)
        problem = pod_problem_in(view, pod)
        if problem is not None and problem.diagnosis == "crash-loop":
            both = say("{actual}, {summary}", "{actual}, {summary}", actual=actual, summary=problem.summary)
            return failed(problem.key, expected, both, **problem.values)
        return failed(
            "too-many-restarts", expected, actual, pod=name_of(pod), namespace=ns, restarts=count, max=spec.max
        )
    return passed(expected, joined([prefixed(name_of(p), str(restarts(p))) for p in pods], ", ", ", "))


@register("pod_healthy")
def check_pod_healthy(spec: PodHealthyCheck, view: ClusterView, ns: str) -> Verdict:
    expected = say("{subject} without blocking errors", "{subject} sans erreur bloquante", subject=subject(spec))
    pods, missing = targets(view, spec, "Pod", ns, expected)
    if missing:
        return missing
    for pod in pods:
        problem = pod_problem_in(view, pod)
        if problem is not None and problem.blocking:
            return problem_verdict(problem, expected, name_of(pod) if spec.selector else None)
    return passed(expected, ", ".join(f"{name_of(p)} {pod_state(p)}" for p in pods))


def _template(obj: Obj, kind: str) -> Obj:
    if kind == "Deployment":
        return dict(obj.get("spec", {}).get("template", {}).get("spec", {}))
    return dict(obj.get("spec", {}))


@register("container_image")
def check_container_image(spec: ContainerImageCheck, view: ClusterView, ns: str) -> Verdict:
    expected = f"image {spec.image}"
    objs, missing = targets(view, spec, spec.kind, ns, expected)
    if missing:
        return missing
    images = []
    for obj in objs:
        pod_spec = _template(obj, spec.kind)
        container = container_of(pod_spec, spec.container)
        if container is None:
            return failed(
                "not-found:container",
                expected,
                containers_found(pod_spec),
                kind=spec.kind,
                name=name_of(obj),
                namespace=ns,
                container=spec.container,
                containers=container_names(pod_spec),
            )
        image = str(container.get("image", ""))
        images.append(image)
        if image == spec.image:
            continue
        actual = f"image {image}"
        if spec.kind == "Pod":
            problem = pod_problem_in(view, obj)
            if problem is not None and problem.diagnosis == "image-pull":
                actual += f" ({problem.values.get('reason')})"
        return failed(
            "image-mismatch",
            expected,
            prefixed(name_of(obj) if spec.selector else None, actual),
            kind=spec.kind,
            name=name_of(obj),
            namespace=ns,
            container=container.get("name"),
            want=spec.image,
            got=image,
        )
    return passed(expected, "image " + ", ".join(dict.fromkeys(images)))


def _container_name(pod: Obj, container: str | None) -> str | None:
    """The container named, or the pod's first one (as kubectl does)."""
    found = container_of(pod.get("spec", {}), container)
    return str(found.get("name")) if found else container


def _logs(view: ClusterView, pod: Obj, container: str | None) -> str | None:
    ns, name = pod["metadata"].get("namespace", ""), name_of(pod)
    container = _container_name(pod, container)
    current = view.logs(ns, name, container)
    if current is None or (not current and restarts(pod) > 0):
        previous = view.logs(ns, name, container, previous=True)
        if previous is not None:
            return (previous or "") + (current or "")
    return current


@register("logs_contain")
def check_logs_contain(spec: LogsContainCheck, view: ClusterView, ns: str) -> Verdict:
    expected = say(
        "logs {of} contain {text}",
        "les logs {of} contiennent {text}",
        of=of_subject(spec),
        text=quoted(spec.text),
    )
    pods, missing = targets(view, spec, "Pod", ns, expected)
    if missing:
        return missing
    readable: list[tuple[Obj, str]] = []
    for pod in pods:
        text = _logs(view, pod, spec.container)
        if text is not None:
            if spec.text in text:
                return passed(
                    expected, say("found in the logs of {pod}", "trouvé dans les logs de {pod}", pod=name_of(pod))
                )
            readable.append((pod, text))
    if not readable:
        return not_running(view, pods[0], expected, ns, bool(spec.selector))
    pod, text = readable[0]
    if text.strip():
        last: Words = say("last line: {line}", "dernière ligne : {line}", line=short(text.strip().splitlines()[-1]))
    else:
        last = Text("no logs", "aucun log")
    return failed(
        "text-missing:logs",
        expected,
        last,
        pod=name_of(pod),
        namespace=ns,
        text=quoted(spec.text),
    )


def exec_in(view: ClusterView, pods: list[Obj], container: str | None) -> Obj | None:
    """The first pod (by name) whose container is running, to run a command in."""
    for pod in pods:
        if not is_terminating(pod) and container_running(pod, container):
            return pod
    return None


@register("exec_output")
def check_exec_output(spec: ExecOutputCheck, view: ClusterView, ns: str) -> Verdict:
    command = shlex.join(spec.command)
    expected = say("`{command}` prints {text}", "`{command}` affiche {text}", command=command, text=quoted(spec.text))
    pods, missing = targets(view, spec, "Pod", ns, expected)
    if missing:
        return missing
    pod = exec_in(view, pods, spec.container)
    if pod is None:
        return not_running(view, pods[0], expected, ns, bool(spec.selector))
    result = view.exec(ns, name_of(pod), list(spec.command), _container_name(pod, spec.container))
    if result.returncode is None and not result.stdout:
        answer = short(result.stderr.strip(), 160) or "?"
        state = say(
            "no answer from its container: {answer}", "pas de réponse de son conteneur : {answer}", answer=answer
        )
        return failed("pod-not-ready:not-running", expected, state, pod=name_of(pod), namespace=ns, state=state)
    output = result.stdout + result.stderr
    if spec.text in output:
        return passed(expected, say("found in the output of {pod}", "trouvé dans la sortie de {pod}", pod=name_of(pod)))
    printed: Words = short(" ".join(output.split()), 80) or say(
        "nothing (exit code {code})", "rien (code de sortie {code})", code=result.returncode
    )
    return failed(
        "text-missing:exec",
        expected,
        printed,
        pod=name_of(pod),
        namespace=ns,
        command=command,
        text=quoted(spec.text),
        got=printed,
    )


def containers_found(pod_spec: Obj) -> Text:
    """``containers: web, sidecar`` (what a pod has when the container asked for is not there)."""
    return say("containers: {names}", "conteneurs : {names}", names=container_names(pod_spec))
