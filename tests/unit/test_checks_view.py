"""The cluster view's cache, and checks run against an in-memory cluster."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from k8slab.checks.result import Status
from k8slab.checks.runner import run_checks
from k8slab.cluster.client import ExecResult
from k8slab.cluster.kinds import Kind, lookup
from k8slab.cluster.view import PROBE_NAME, ClusterView, parse_wget
from k8slab.errors import ClusterError, ClusterUnreachableError, ResourceNotFoundError
from tests.helpers import check_spec

NS = "k8slab-service"
Objs = list[dict[str, Any]]


class FakeCluster:
    """Enough of Cluster for a view: objects in memory, every list counted."""

    def __init__(self, objects: Objs) -> None:
        self.objects = objects
        self.lists: Counter[tuple[str, str | None]] = Counter()
        self.applied: Objs = []
        self.execs: list[Any] = []

    def kind(self, kind: str) -> Kind:
        found = lookup(kind)
        assert found is not None
        return found

    def list(self, kind: str, namespace: str | None = None) -> Objs:
        self.lists[(kind, namespace)] += 1
        return [
            o
            for o in self.objects
            if o["kind"] == kind and (namespace is None or o["metadata"].get("namespace") == namespace)
        ]

    def exec(
        self, namespace: str, pod: str, command: Any, container: str | None = None, timeout: float = 10
    ) -> ExecResult:
        self.execs.append(command)
        return ExecResult("", "", 0)

    def apply(self, docs: Objs, namespace: str | None, **_: Any) -> Any:
        self.applied.extend(docs)
        return []

    def wait_for(self, kind: str, name: str, namespace: str | None, condition: Any, **_: Any) -> Any:
        pod = {
            "metadata": {"name": name},
            "status": {
                "phase": "Pending",
                "containerStatuses": [{"name": "probe", "state": {"waiting": {"reason": "ImagePullBackOff"}}}],
            },
        }
        assert condition(pod)
        return pod


def obj(kind: str, name: str, ns: str | None = NS, **fields: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name, "uid": f"uid-{kind}-{name}-{ns}"}
    if ns:
        meta["namespace"] = ns
    meta.update(fields.pop("metadata", {}))
    return {"kind": kind, "apiVersion": "v1", "metadata": meta, **fields}


def running_pod(name: str, labels: dict[str, str], ns: str = NS, ip: str = "172.17.0.5") -> dict[str, Any]:
    return obj(
        "Pod",
        name,
        ns,
        metadata={"labels": labels},
        spec={
            "containers": [
                {
                    "name": "web",
                    "image": "nginx:1.27",
                    "ports": [{"containerPort": 80, "name": "http", "protocol": "TCP"}],
                }
            ]
        },
        status={
            "phase": "Running",
            "podIP": ip,
            "conditions": [{"type": "Ready", "status": "True"}],
            "containerStatuses": [{"name": "web", "ready": True, "restartCount": 0, "state": {"running": {}}}],
        },
    )


def service(name: str, selector: dict[str, str], target: int | str = 80) -> dict[str, Any]:
    return obj(
        "Service",
        name,
        spec={
            "type": "ClusterIP",
            "clusterIP": "10.0.0.12",
            "selector": selector,
            "ports": [{"port": 80, "targetPort": target, "protocol": "TCP"}],
        },
    )


def endpoints(name: str, ips: list[str]) -> dict[str, Any]:
    subsets = [{"addresses": [{"ip": ip} for ip in ips], "ports": [{"port": 80, "protocol": "TCP"}]}] if ips else []
    return obj("Endpoints", name, subsets=subsets)


def checks(*specs: dict[str, Any]) -> list[Any]:
    return [check_spec(s) for s in specs]


def run(cluster: FakeCluster, *specs: dict[str, Any]) -> list[Any]:
    parsed = checks(*specs)
    return run_checks(ClusterView(cluster, NS), parsed, [f"c{i}" for i in range(len(parsed))], NS)  # type: ignore[arg-type]


def test_one_list_per_kind_and_namespace() -> None:
    cluster = FakeCluster(
        [running_pod("web-1", {"app": "web"}), service("web", {"app": "web"}), endpoints("web", ["172.17.0.5"])]
    )
    results = run(
        cluster,
        {"type": "pod_ready", "selector": {"app": "web"}},
        {"type": "pod_phase", "name": "web-1"},
        {"type": "exists", "kind": "Service", "name": "web"},
        {"type": "service_endpoints", "service": "web"},
        {"type": "service_ports", "service": "web", "port": 80, "target_port": 80},
        {"type": "service_type", "service": "web", "service_type": "ClusterIP"},
    )
    assert [r.status for r in results] == [Status.PASSED] * 6
    assert cluster.lists == Counter({("Pod", NS): 1, ("Service", NS): 1, ("Endpoints", NS): 1})


def test_stale_endpoints_do_not_count() -> None:
    # The Service's selector changed a moment ago: its Endpoints still list the old pod.
    cluster = FakeCluster(
        [running_pod("web-1", {"app": "web"}), service("web", {"app": "webb"}), endpoints("web", ["172.17.0.5"])]
    )
    (result,) = run(cluster, {"type": "service_endpoints", "service": "web"})
    assert result.status is Status.FAILED
    assert result.diagnosis == "selector-mismatch"


def test_cluster_wide_list_serves_later_namespace_lists() -> None:
    cluster = FakeCluster([obj("ConfigMap", "a", "default"), obj("ConfigMap", "b", "other")])
    view = ClusterView(cluster, NS)  # type: ignore[arg-type]
    assert view.elsewhere("ConfigMap", "a") == ["default"]
    assert view.get("ConfigMap", "b", "other") is not None
    assert view.list("configmaps", "default")[0]["metadata"]["name"] == "a"
    # the namespaces are read once too, to tell other lessons' namespaces apart
    assert cluster.lists == Counter({("ConfigMap", None): 1, ("Namespace", None): 1})


def test_other_lessons_namespaces_are_not_a_wrong_namespace() -> None:
    lab = {"labels": {"app.kubernetes.io/managed-by": "k8slab"}}
    cluster = FakeCluster(
        [
            running_pod("web", {"app": "web"}, "k8slab-configmap"),
            running_pod("web", {"app": "web"}, "scratch"),
            obj("Namespace", "k8slab-configmap", None, metadata=lab),
            obj("Namespace", "scratch", None),
        ]
    )
    view = ClusterView(cluster, NS)  # type: ignore[arg-type]
    assert view.elsewhere("Pod", "web") == ["scratch"]
    assert view.elsewhere_matching("Pod", {"app": "web"}) == ["scratch"]


def test_default_is_the_first_other_namespace_named() -> None:
    pods = [running_pod("web", {"app": "web"}, ns) for ns in ("zzz", "default", "aaa")]
    view = ClusterView(FakeCluster(pods), NS)  # type: ignore[arg-type]
    assert view.elsewhere("Pod", "web") == ["default", "aaa", "zzz"]
    assert view.elsewhere_matching("Pod", {"app": "web"}) == ["default", "aaa", "zzz"]
    (result,) = run(FakeCluster(pods), {"type": "pod_ready", "selector": {"app": "web"}})
    assert result.diagnosis == "wrong-namespace"
    assert result.actual_text("en") == "pod with app=web in namespace default (and 2 others: aaa, zzz)"
    assert result.actual_text("fr") == "pod avec app=web dans le namespace default (et 2 autres : aaa, zzz)"


def test_missing_object_found_in_another_namespace_is_wrong_namespace() -> None:
    cluster = FakeCluster([obj("ConfigMap", "app-config", "default", data={"color": "blue"})])
    (result,) = run(cluster, {"type": "configmap_data", "name": "app-config", "keys": ["color"]})
    assert result.status is Status.FAILED and result.diagnosis == "wrong-namespace"
    assert "default" in result.actual_text("en")
    assert f"-n {NS}" in result.why.en and f"-n {NS}" in result.why.fr


def test_probe_pod_is_ignored_by_pod_checks() -> None:
    probe = running_pod(PROBE_NAME, {"app.kubernetes.io/name": PROBE_NAME})
    cluster = FakeCluster([probe])
    (result,) = run(cluster, {"type": "exists", "kind": "Pod", "selector": {"app.kubernetes.io/name": PROBE_NAME}})
    assert result.status is Status.FAILED and result.diagnosis == "not-found"


def test_selector_mismatch_says_which_label_differs() -> None:
    cluster = FakeCluster(
        [
            running_pod("web-1", {"app": "web", "tier": "front"}),
            service("web", {"app": "webapp", "tier": "front"}),
            endpoints("web", []),
        ]
    )
    (result,) = run(cluster, {"type": "service_endpoints", "service": "web"})
    assert result.diagnosis == "selector-mismatch"
    assert "app=web, not app=webapp" in result.why.en
    assert "app=web et non app=webapp" in result.why.fr


def test_matching_pods_not_ready_give_no_ready_endpoints() -> None:
    pod = running_pod("web-1", {"app": "web"})
    pod["status"]["conditions"] = [{"type": "Ready", "status": "False"}]
    cluster = FakeCluster([pod, service("web", {"app": "web"}), endpoints("web", [])])
    (result,) = run(cluster, {"type": "service_endpoints", "service": "web"})
    assert result.diagnosis == "no-ready-endpoints"


def test_target_port_that_no_container_exposes() -> None:
    cluster = FakeCluster([running_pod("web-1", {"app": "web"}), service("web", {"app": "web"}, target=8080)])
    (result,) = run(cluster, {"type": "service_ports", "service": "web", "port": 80})
    assert result.diagnosis == "target-port-mismatch"
    assert "80 (http)" in result.actual_text("en")


def test_named_target_port_matches_a_named_container_port() -> None:
    cluster = FakeCluster([running_pod("web-1", {"app": "web"}), service("web", {"app": "web"}, target="http")])
    (result,) = run(cluster, {"type": "service_ports", "service": "web", "port": 80})
    assert result.status is Status.PASSED


def test_ingress_checks_cannot_be_verified_without_any_ingress_class() -> None:
    ingress = obj(
        "Ingress",
        "web",
        spec={
            "rules": [
                {
                    "host": "web.k8slab.test",
                    "http": {
                        "paths": [
                            {
                                "path": "/",
                                "pathType": "Prefix",
                                "backend": {"service": {"name": "web", "port": {"number": 80}}},
                            }
                        ]
                    },
                }
            ]
        },
    )
    cluster = FakeCluster([ingress])
    results = run(
        cluster,
        {"type": "ingress_class", "ingress": "web"},
        {"type": "ingress_address", "ingress": "web"},
        {"type": "http_ingress", "ingress": "web"},
    )
    assert [r.status for r in results] == [Status.UNVERIFIABLE] * 3
    assert all(r.diagnosis is None and r.why is not None for r in results)


def test_default_ingress_class_serves_an_ingress_without_class() -> None:
    cls = obj(
        "IngressClass", "nginx", None, metadata={"annotations": {"ingressclass.kubernetes.io/is-default-class": "true"}}
    )
    cluster = FakeCluster([cls, obj("Ingress", "web", spec={})])
    (result,) = run(cluster, {"type": "ingress_class", "ingress": "web"})
    assert result.status is Status.PASSED and "nginx" in result.actual_text("en")
    cls["metadata"]["annotations"] = {}
    (result,) = run(cluster, {"type": "ingress_class", "ingress": "web"})
    assert result.diagnosis == "ingress-no-class"


def test_probe_that_cannot_pull_its_image_makes_http_service_unverifiable() -> None:
    cluster = FakeCluster([service("web", {"app": "web"})])
    (result,) = run(cluster, {"type": "http_service", "service": "web"})
    assert result.status is Status.UNVERIFIABLE
    assert "busybox:1.37" in result.actual_text("en")
    assert cluster.applied and cluster.applied[0]["metadata"]["name"] == PROBE_NAME
    labels = cluster.applied[0]["metadata"]["labels"]
    assert labels == {"app.kubernetes.io/name": PROBE_NAME, "app.kubernetes.io/managed-by": "k8slab"}
    assert cluster.applied[0]["spec"]["terminationGracePeriodSeconds"] == 0
    assert cluster.execs == []


def test_events_are_those_of_this_very_pod() -> None:
    pod = running_pod("web-1", {"app": "web"})
    mine = obj(
        "Event",
        "web-1.1",
        reason="Failed",
        involvedObject={"kind": "Pod", "name": "web-1", "uid": pod["metadata"]["uid"]},
    )
    older = obj(
        "Event",
        "web-1.2",
        reason="Failed",
        involvedObject={"kind": "Pod", "name": "web-1", "uid": "uid-of-a-deleted-pod"},
    )
    view = ClusterView(FakeCluster([mine, older]), NS)  # type: ignore[arg-type]
    assert view.events_for(pod) == [mine]


def test_parse_wget_answers() -> None:
    ok = ExecResult("<h1>Welcome to nginx!</h1>", "  HTTP/1.1 200 OK\n  Server: nginx/1.22.1\n\n", 0)
    answer = parse_wget(ok, "http://10.0.0.12:80/")
    assert answer.status == 200 and "Welcome" in answer.body
    missing = ExecResult("", "  HTTP/1.1 404 Not Found\nwget: server returned error: HTTP/1.1 404 Not Found\n", 1)
    assert parse_wget(missing, "u").status == 404
    refused = ExecResult("", "wget: can't connect to remote host (10.0.0.12): Connection refused\n", 1)
    answer = parse_wget(refused, "u")
    assert answer.status is None and answer.error == "connection refused"
    assert parse_wget(ExecResult("", "", 143), "u").error == "timed out"
    assert parse_wget(ExecResult("", "wget: bad address 'web'\n", 1), "u").error == "unknown host"


def test_exec_refusals_become_answers_but_an_unreachable_cluster_raises() -> None:
    class Refusing(FakeCluster):
        def __init__(self, error: Exception) -> None:
            super().__init__([])
            self.error = error

        def exec(self, *args: Any, **kwargs: Any) -> ExecResult:
            raise self.error

    refused = ClusterError('exec in pod/web: the API server answered 500: container not found ("web")')
    answer = ClusterView(Refusing(refused), NS).exec(NS, "web", ["true"])  # type: ignore[arg-type]
    assert answer.returncode is None and "container not found" in answer.stderr
    down = ClusterUnreachableError("cannot reach the cluster")
    with pytest.raises(ClusterUnreachableError):
        ClusterView(Refusing(down), NS).exec(NS, "web", ["true"])  # type: ignore[arg-type]


def handshake_refused(status: int, reason: str, body: bytes) -> Exception:
    from websocket import WebSocketBadStatusException

    return WebSocketBadStatusException(f"Handshake status {status} {reason}", status, reason, {}, body)


@pytest.mark.parametrize(
    ("error", "raised"),
    [
        # what the websocket library raises when the API server refuses the handshake
        (handshake_refused(500, "Internal Server Error", b'container not found ("web")'), ClusterError),
        (handshake_refused(404, "Not Found", b"pods not found"), ResourceNotFoundError),
        (ConnectionRefusedError(111, "Connection refused"), ClusterUnreachableError),
    ],
)
def test_exec_tells_a_refused_handshake_from_an_unreachable_cluster(
    error: Exception, raised: type[Exception], monkeypatch: pytest.MonkeyPatch
) -> None:
    import kubernetes.stream.ws_client
    from kubernetes.client import ApiClient, Configuration

    from k8slab.cluster.client import Cluster
    from k8slab.cluster.connection import Target

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(kubernetes.stream.ws_client, "WSClient", refuse)
    configuration = Configuration(host="https://127.0.0.1:6443")
    cluster = Cluster(Target(kubeconfig=Path("/nonexistent"), context="test", explicit=True), ApiClient(configuration))
    with pytest.raises(raised) as caught:
        cluster.exec(NS, "web", ["true"])
    assert type(caught.value) is raised
    if raised is ClusterError:
        assert str(caught.value) == 'exec in pod/web: the API server answered 500: container not found ("web")'
