"""A read cache over the cluster for one run of checks.

Checks read the cluster only through a :class:`ClusterView`. Each kind of object is listed at
most once per namespace (and at most once cluster-wide, for the wrong-namespace diagnosis), the
first time a check needs it; every later read of that kind is served from memory. Logs and exec
results are cached too. The view also owns the probe pod that HTTP checks run requests from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from k8slab.cluster.client import ExecResult
from k8slab.cluster.connection import MANAGED_BY_LABEL, MANAGED_BY_VALUE, is_lab_namespace
from k8slab.errors import ClusterError, ClusterTimeoutError, InvalidManifestError, ResourceNotFoundError
from k8slab.i18n import Text

if TYPE_CHECKING:
    from k8slab.cluster.client import Cluster

Obj = dict[str, Any]
Objs = list[Obj]
Names = list[str]

PROBE_NAME = "k8slab-probe"
PROBE_IMAGE = "busybox:1.37"
PROBE_LABEL = "app.kubernetes.io/name"
PROBE_START_TIMEOUT = 60.0
#: Seconds an in-cluster HTTP request may take (``timeout`` kills wget after that).
HTTP_TIMEOUT = 5
_IMAGE_PULL_REASONS = frozenset({"ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull"})


def is_probe(obj: Obj) -> bool:
    """True for k8slab's own probe pod (pod checks ignore it)."""
    return (obj.get("metadata", {}).get("labels") or {}).get(PROBE_LABEL) == PROBE_NAME


def probe_manifest() -> Obj:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": PROBE_NAME,
            "labels": {PROBE_LABEL: PROBE_NAME, MANAGED_BY_LABEL: MANAGED_BY_VALUE},
        },
        "spec": {
            "containers": [{"name": "probe", "image": PROBE_IMAGE, "command": ["sleep", "3600"]}],
            "terminationGracePeriodSeconds": 0,
            "automountServiceAccountToken": False,
        },
    }


@dataclass(frozen=True)
class HttpAnswer:
    """The outcome of one HTTP request.

    ``status`` is None when no HTTP answer came back (``error`` says why). ``unavailable`` is set
    when the request could not even be attempted (the probe pod cannot run): the check cannot be
    verified here; it says why in both languages.
    """

    status: int | None
    body: str = ""
    error: str = ""
    target: str = ""
    unavailable: Text | None = None


class ClusterView:
    """What one run of checks reads from ``cluster``; ``namespace`` is the lesson's namespace."""

    def __init__(self, cluster: Cluster, namespace: str) -> None:
        self.cluster = cluster
        self.namespace = namespace
        self._lists: dict[tuple[str, str | None], Objs] = {}
        self._everywhere: dict[str, Objs] = {}
        self._logs: dict[tuple[str, str, str | None, bool], str | None] = {}
        self._execs: dict[tuple[str, str, str | None, tuple[str, ...]], ExecResult] = {}
        self._raw: dict[str, str] = {}
        self._probe: tuple[str | None, Text | None] | None = None

    # --- objects --------------------------------------------------------------------------

    def _kind(self, kind: str) -> tuple[str, bool]:
        k = self.cluster.kind(kind)
        return k.kind, k.namespaced

    def list(self, kind: str, namespace: str | None = None, *, include_probe: bool = False) -> Objs:
        """Objects of ``kind`` in ``namespace`` (default: the lesson's), one LIST at most.

        Pods exclude k8slab's probe pod unless ``include_probe``.
        """
        name, namespaced = self._kind(kind)
        if not namespaced:
            return self.cluster_list(name)
        ns = namespace or self.namespace
        key = (name, ns)
        if key not in self._lists:
            if name in self._everywhere:
                self._lists[key] = [o for o in self._everywhere[name] if _ns(o) == ns]
            else:
                self._lists[key] = self.cluster.list(name, ns)
        items = self._lists[key]
        if name == "Pod" and not include_probe:
            return [o for o in items if not is_probe(o)]
        return items[:]

    def get(self, kind: str, name: str, namespace: str | None = None) -> Obj | None:
        """One object by name, from the cached list of its kind."""
        for obj in self.list(kind, namespace, include_probe=True):
            if obj.get("metadata", {}).get("name") == name:
                return obj
        return None

    def cluster_list(self, kind: str) -> Objs:
        """Every object of a kind in the whole cluster (Node, IngressClass, or any namespaced kind)."""
        name, _ = self._kind(kind)
        if name not in self._everywhere:
            self._everywhere[name] = self.cluster.list(name, None)
        return self._everywhere[name][:]

    def elsewhere(self, kind: str, name: str, namespace: str | None = None) -> Names:
        """Namespaces other than ``namespace`` (default: the lesson's) holding a ``kind`` named ``name``.

        ``default`` comes first (where an object lands when ``-n`` is forgotten), then the others
        in alphabetical order.
        """
        ns = namespace or self.namespace
        found = {_ns(o) for o in self.cluster_list(kind) if o.get("metadata", {}).get("name") == name}
        return _default_first(n for n in found if n and n != ns and n not in self._other_labs())

    def elsewhere_matching(self, kind: str, selector: dict[str, str], namespace: str | None = None) -> Names:
        """Namespaces other than ``namespace`` holding a ``kind`` whose labels match ``selector``
        (``default`` first, as in :meth:`elsewhere`)."""
        ns = namespace or self.namespace
        found = {_ns(o) for o in self.cluster_list(kind) if labels_match(o, selector) and not is_probe(o)}
        return _default_first(n for n in found if n and n != ns and n not in self._other_labs())

    def _other_labs(self) -> set[str]:
        """The namespaces of k8slab's other lessons: their objects are theirs, not a learner's
        misplaced ones (every lesson has its own ``web``)."""
        return {
            str(n["metadata"]["name"])
            for n in self.cluster_list("Namespace")
            if is_lab_namespace(n) and n["metadata"].get("name") != self.namespace
        }

    def events_for(self, obj: Obj) -> Objs:
        """Events about one object (this very object: same uid), oldest first."""
        meta = obj.get("metadata", {})
        uid, name = meta.get("uid"), meta.get("name")
        kind = obj.get("kind")
        found: Objs = []
        for event in self.list("Event", meta.get("namespace") or self.namespace):
            involved = event.get("involvedObject") or {}
            if uid and involved.get("uid"):
                if involved["uid"] != uid:
                    continue
            elif involved.get("name") != name or (kind and involved.get("kind") != kind):
                continue
            found.append(event)
        return sorted(found, key=event_time)

    # --- inside pods ----------------------------------------------------------------------

    def exec(self, namespace: str, pod: str, command: Names, container: str | None = None) -> ExecResult:
        """Run a command in a container; a container that is gone or not running gives returncode None.

        The API server's refusal is then in ``stderr``; a cluster that cannot be reached still raises.
        """
        key = (namespace, pod, container, tuple(command))
        if key not in self._execs:
            try:
                self._execs[key] = self.cluster.exec(namespace, pod, command, container=container)
            except ClusterError as err:
                if not refused_exec(err):
                    raise
                self._execs[key] = ExecResult(stdout="", stderr=err.message, returncode=None)
        return self._execs[key]

    def logs(self, namespace: str, pod: str, container: str | None = None, *, previous: bool = False) -> str | None:
        """A container's logs, or None when it has none (not started yet, no previous instance)."""
        key = (namespace, pod, container, previous)
        if key not in self._logs:
            try:
                self._logs[key] = self.cluster.logs(namespace, pod, container, previous=previous)
            except (InvalidManifestError, ResourceNotFoundError):
                self._logs[key] = None
        return self._logs[key]

    def raw(self, path: str) -> str:
        if path not in self._raw:
            self._raw[path] = self.cluster.raw(path)
        return self._raw[path]

    # --- the probe pod --------------------------------------------------------------------

    def probe(self) -> tuple[str | None, Text | None]:
        """The running probe pod's name, or (None, why it cannot run).

        The pod ``k8slab-probe`` lives in the lesson namespace and is reused while it runs.
        """
        if self._probe is None:
            self._probe = self._start_probe()
        return self._probe

    def _start_probe(self) -> tuple[str | None, Text | None]:
        current = self.get("Pod", PROBE_NAME)
        if current is not None and _probe_usable(current):
            return PROBE_NAME, None
        if current is not None:
            problem = _probe_problem(current)
            if problem:
                return None, problem
            if current.get("metadata", {}).get("deletionTimestamp") or current.get("status", {}).get("phase") in (
                "Succeeded",
                "Failed",
            ):
                self.cluster.delete("Pod", PROBE_NAME, self.namespace, wait=True)
                current = None
        if current is None:
            self.cluster.apply([probe_manifest()], self.namespace, recreate_immutable=True)
        try:
            pod = self.cluster.wait_for(
                "Pod",
                PROBE_NAME,
                self.namespace,
                lambda obj: obj is not None and (_probe_usable(obj) or bool(_probe_problem(obj))),
                timeout=PROBE_START_TIMEOUT,
                what=f"pod/{PROBE_NAME} to start",
            )
        except ClusterTimeoutError:
            seconds = f"{PROBE_START_TIMEOUT:.0f}"
            return None, Text(
                f"the probe pod did not start within {seconds}s",
                f"le pod de test n'a pas démarré en {seconds} s",
            )
        if pod is not None and _probe_usable(pod):
            return PROBE_NAME, None
        return None, _probe_problem(pod or {}) or Text("the probe pod cannot run", "le pod de test ne peut pas tourner")

    def http_in_cluster(self, host: str, port: int, path: str = "/") -> HttpAnswer:
        """GET http://host:port/path from inside the cluster (from the probe pod)."""
        target = f"http://{_host_port(host, port)}{path if path.startswith('/') else '/' + path}"
        pod, problem = self.probe()
        if pod is None:
            return HttpAnswer(None, target=target, unavailable=problem)
        # `timeout` rather than wget's -T: the busybox builds differ in -T, all have timeout.
        command = ["timeout", str(HTTP_TIMEOUT), "wget", "-q", "-S", "-O", "-", target]
        try:
            result = self.cluster.exec(self.namespace, pod, command, timeout=HTTP_TIMEOUT + 5)
        except ClusterError as err:
            if not refused_exec(err):
                raise
            self._probe = None
            return HttpAnswer(
                None,
                target=target,
                unavailable=Text(
                    f"the probe pod cannot run commands: {err.message}",
                    f"le pod de test ne peut pas exécuter de commande : {err.message}",
                ),
            )
        return parse_wget(result, target)


def refused_exec(err: ClusterError) -> bool:
    """True when the API server refused an exec (no such pod or container, container not running),
    False for an unreachable cluster, refused credentials and the like (those are raised)."""
    return isinstance(err, InvalidManifestError | ResourceNotFoundError) or type(err) is ClusterError


def parse_wget(result: ExecResult, target: str) -> HttpAnswer:
    """Turn busybox ``wget -q -S -O -`` output into an answer."""
    statuses = re.findall(r"^\s*HTTP/\d(?:\.\d)?\s+(\d{3})", result.stderr, flags=re.MULTILINE)
    if statuses:
        return HttpAnswer(int(statuses[-1]), body=result.stdout, target=target)
    text = (result.stderr or result.stdout).strip()
    if result.returncode in (124, 143) or "timed out" in text:
        error = "timed out"
    elif "refused" in text.lower():
        error = "connection refused"
    elif "bad address" in text:
        error = "unknown host"
    elif "unreachable" in text.lower():
        error = "host unreachable"
    else:
        error = text.splitlines()[-1].removeprefix("wget: ") if text else f"wget exit code {result.returncode}"
    return HttpAnswer(None, error=error, target=target)


def labels_match(obj: Obj, selector: dict[str, str]) -> bool:
    labels = obj.get("metadata", {}).get("labels") or {}
    return all(labels.get(k) == v for k, v in selector.items())


def event_time(event: Obj) -> str:
    return str(
        event.get("lastTimestamp")
        or event.get("eventTime")
        or event.get("firstTimestamp")
        or event.get("metadata", {}).get("creationTimestamp")
        or ""
    )


def _default_first(namespaces: Iterable[str | None]) -> Names:
    return sorted({n for n in namespaces if n}, key=lambda n: (n != "default", n))


def _ns(obj: Obj) -> str | None:
    ns = obj.get("metadata", {}).get("namespace")
    return str(ns) if ns else None


def _host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _probe_usable(pod: Obj) -> bool:
    if pod.get("metadata", {}).get("deletionTimestamp"):
        return False
    status = pod.get("status", {})
    if status.get("phase") != "Running":
        return False
    return all("running" in (cs.get("state") or {}) for cs in status.get("containerStatuses") or [{}])


def _probe_problem(pod: Obj) -> Text | None:
    for cs in pod.get("status", {}).get("containerStatuses") or []:
        waiting = (cs.get("state") or {}).get("waiting") or {}
        if waiting.get("reason") in _IMAGE_PULL_REASONS:
            reason = waiting["reason"]
            return Text(
                f"the probe image {PROBE_IMAGE} cannot be pulled ({reason})",
                f"l'image de test {PROBE_IMAGE} ne peut pas être téléchargée ({reason})",
            )
    return None
