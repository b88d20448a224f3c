"""Service, Ingress and HTTP checks against a real cluster, and the view's one LIST per kind.

One namespace holds a Deployment ``web`` (ready) and ``slow`` (never Ready), Services that are
right or wrong in one way each, and Ingresses likewise.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from k8slab.checks.result import Status
from k8slab.checks.runner import run_checks
from k8slab.cluster.view import PROBE_NAME, ClusterView
from tests.helpers import check_spec
from tests.helpers import run_check as check

if TYPE_CHECKING:
    from k8slab.cluster.client import Cluster


WORKLOADS = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, tier: front}}
    spec:
      terminationGracePeriodSeconds: 0
      containers: [{name: web, image: "nginx:1.27", ports: [{containerPort: 80, name: http, protocol: TCP}]}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: slow}
spec:
  replicas: 1
  selector: {matchLabels: {app: slow}}
  template:
    metadata: {labels: {app: slow}}
    spec:
      terminationGracePeriodSeconds: 0
      containers:
      - {name: web, image: "nginx:1.27", readinessProbe: {exec: {command: ["false"]}, periodSeconds: 2}}
"""


def services() -> list[dict[str, Any]]:
    def svc(name: str, selector: dict[str, str], target: int | str = 80, kind: str = "ClusterIP") -> dict[str, Any]:
        return {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {"name": name},
            "spec": {
                "type": kind,
                "selector": selector,
                "ports": [{"port": 80, "targetPort": target, "protocol": "TCP"}],
            },
        }

    return [
        svc("web", {"app": "web"}),
        svc("web-np", {"app": "web"}, "http", "NodePort"),
        svc("wrong-selector", {"app": "webapp"}),
        svc("wrong-port", {"app": "web"}, 8080),
        svc("slow", {"app": "slow"}),
    ]


def ingress(name: str, host: str, service: str, port: int = 80, cls: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "rules": [
            {
                "host": host,
                "http": {
                    "paths": [
                        {
                            "path": "/",
                            "pathType": "Prefix",
                            "backend": {"service": {"name": service, "port": {"number": port}}},
                        }
                    ]
                },
            }
        ]
    }
    if cls:
        spec["ingressClassName"] = cls
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": name}, "spec": spec}


def has_address(obj: dict[str, Any] | None) -> bool:
    return bool((obj or {}).get("status", {}).get("loadBalancer", {}).get("ingress"))


def endpoints_ready(count: int) -> Any:
    def condition(obj: dict[str, Any] | None) -> bool:
        return sum(len(s.get("addresses") or []) for s in (obj or {}).get("subsets") or []) >= count

    return condition


def wait_unhealthy(cluster: Cluster, ns: str) -> None:
    """Wait (watch API) until the readiness probe of the ``slow`` pod has failed once."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if any(e.get("reason") == "Unhealthy" for e in cluster.list("Event", ns)):
            return
        rv = cluster.request("GET", f"/api/v1/namespaces/{ns}/events", query={"limit": 1})["metadata"]
        for _event in cluster.watch("Event", ns, resource_version=rv.get("resourceVersion"), timeout=5):
            break
    raise AssertionError("the readiness probe of pod slow never failed")


@pytest.fixture(scope="module")
def ns(cluster: Cluster) -> Iterator[str]:
    name = f"t-checks-net-{uuid.uuid4().hex[:5]}"
    cluster.ensure_lab_namespace(name)
    try:
        cluster.apply(list(yaml.safe_load_all(WORKLOADS)) + services(), name)
        cluster.apply(
            [
                ingress("web", f"web.{name}.test", "web"),
                ingress("ghost", f"ghost.{name}.test", "ghost"),
                ingress("slow", f"slow.{name}.test", "slow"),
                ingress("classless", f"none.{name}.test", "web", cls="nope"),
            ],
            name,
        )
        cluster.wait_for("Endpoints", "web", name, endpoints_ready(2), timeout=90)
        cluster.wait_for("Ingress", "web", name, has_address, timeout=60)
        cluster.wait_for("Ingress", "slow", name, has_address, timeout=60)
        wait_unhealthy(cluster, name)
        yield name
    finally:
        cluster.delete_lab_namespace(name, wait=False)


def test_service_endpoints(cluster: Cluster, ns: str) -> None:
    ok = check(cluster, ns, type="service_endpoints", service="web", min=2)
    assert ok.status is Status.PASSED and "2 ready" in ok.actual_text("en")
    too_many = check(cluster, ns, type="service_endpoints", service="web", max=1)
    assert too_many.diagnosis == "selector-mismatch"
    selector = check(cluster, ns, type="service_endpoints", service="wrong-selector")
    assert selector.diagnosis == "selector-mismatch" and "app=web" in selector.actual_text("en")
    assert "app=web, not app=webapp" in selector.why.en  # type: ignore[union-attr]
    slow = check(cluster, ns, type="service_endpoints", service="slow")
    assert slow.diagnosis == "no-ready-endpoints" and "readiness" in slow.actual_text("en")
    assert check(cluster, ns, type="service_endpoints", service="nope").diagnosis == "not-found"


def test_service_ports(cluster: Cluster, ns: str) -> None:
    assert check(cluster, ns, type="service_ports", service="web", port=80, target_port=80).status is Status.PASSED
    assert check(cluster, ns, type="service_ports", service="web-np", port=80).status is Status.PASSED
    port = check(cluster, ns, type="service_ports", service="web", port=8080)
    assert port.diagnosis == "port-mismatch" and "80" in port.actual_text("en")
    target = check(cluster, ns, type="service_ports", service="wrong-port", port=80)
    assert target.diagnosis == "target-port-mismatch" and "80 (http)" in target.actual_text("en")
    expected = check(cluster, ns, type="service_ports", service="web-np", port=80, target_port=80)
    assert expected.diagnosis == "target-port-mismatch"


def test_service_type(cluster: Cluster, ns: str) -> None:
    node_port = cluster.get("Service", "web-np", ns)["spec"]["ports"][0]["nodePort"]
    assert (
        check(cluster, ns, type="service_type", service="web-np", service_type="NodePort", node_port=node_port).status
        is Status.PASSED
    )
    kind = check(cluster, ns, type="service_type", service="web", service_type="NodePort")
    assert kind.diagnosis == "wrong-service-type" and "ClusterIP" in kind.actual_text("en")
    other = 30000 if node_port != 30000 else 30001
    wrong = check(cluster, ns, type="service_type", service="web-np", service_type="NodePort", node_port=other)
    assert wrong.diagnosis == "wrong-service-type" and str(node_port) in wrong.actual_text("en")


def test_http_service(cluster: Cluster, ns: str) -> None:
    ok = check(cluster, ns, type="http_service", service="web", text="nginx")
    assert ok.status is Status.PASSED
    probe = cluster.get("Pod", PROBE_NAME, ns)
    assert probe["metadata"]["labels"]["app.kubernetes.io/managed-by"] == "k8slab"
    missing = check(cluster, ns, type="http_service", service="web", path="/nope")
    assert missing.diagnosis == "http-failed" and missing.actual_text("en") == "HTTP 404"
    text = check(cluster, ns, type="http_service", service="web", text="no such words")
    assert text.diagnosis == "text-missing"
    refused = check(cluster, ns, type="http_service", service="wrong-port")
    assert refused.diagnosis == "http-failed" and "refused" in refused.actual_text("en")
    # the probe pod is reused, and pod checks do not see it
    assert cluster.get("Pod", PROBE_NAME, ns)["metadata"]["uid"] == probe["metadata"]["uid"]
    assert check(cluster, ns, type="absent", kind="Pod", selector={"app.kubernetes.io/name": PROBE_NAME}).passed


def test_ingress_class(cluster: Cluster, ns: str) -> None:
    assert check(cluster, ns, type="ingress_class", ingress="web").status is Status.PASSED
    result = check(cluster, ns, type="ingress_class", ingress="classless")
    assert result.diagnosis == "ingress-no-class" and "nope" in result.actual_text("en")


def test_ingress_rule(cluster: Cluster, ns: str) -> None:
    host = f"web.{ns}.test"
    assert (
        check(cluster, ns, type="ingress_rule", ingress="web", host=host, service="web", port=80).status
        is Status.PASSED
    )
    assert check(cluster, ns, type="ingress_rule", ingress="web", service="web", port=80).status is Status.PASSED
    rule = check(cluster, ns, type="ingress_rule", ingress="web", host="other.test", service="web", port=80)
    assert rule.diagnosis == "ingress-rule-missing" and host in rule.actual_text("en")
    backend = check(cluster, ns, type="ingress_rule", ingress="web", host=host, service="api", port=80)
    assert backend.diagnosis == "ingress-backend-wrong" and "web" in backend.actual_text("en")


def test_ingress_backends(cluster: Cluster, ns: str) -> None:
    assert check(cluster, ns, type="ingress_backends", ingress="web").status is Status.PASSED
    ghost = check(cluster, ns, type="ingress_backends", ingress="ghost")
    assert ghost.diagnosis == "ingress-backend-wrong" and "ghost" in ghost.actual_text("en")
    slow = check(cluster, ns, type="ingress_backends", ingress="slow")
    assert slow.diagnosis == "ingress-backend-no-endpoints"


def test_ingress_address(cluster: Cluster, ns: str) -> None:
    assert check(cluster, ns, type="ingress_address", ingress="web").status is Status.PASSED
    result = check(cluster, ns, type="ingress_address", ingress="classless")
    assert result.diagnosis == "ingress-not-served"


def test_http_ingress(cluster: Cluster, ns: str) -> None:
    ok = check(cluster, ns, type="http_ingress", ingress="web", text="nginx")
    assert ok.status is Status.PASSED
    missing = check(cluster, ns, type="http_ingress", ingress="web", path="/nope")
    assert missing.diagnosis == "http-failed" and missing.actual_text("en") == "HTTP 404"
    unavailable = check(cluster, ns, type="http_ingress", ingress="slow")
    assert unavailable.diagnosis == "http-failed" and unavailable.actual_text("en") == "HTTP 503"
    text = check(cluster, ns, type="http_ingress", ingress="web", host=f"web.{ns}.test", text="absent words")
    assert text.diagnosis == "text-missing"


def test_one_list_per_kind_for_a_whole_run(cluster: Cluster, ns: str) -> None:
    specs = [
        {"type": "exists", "kind": "Deployment", "name": "web"},
        {"type": "pod_ready", "selector": {"app": "web"}, "min": 2},
        {"type": "pod_healthy", "selector": {"app": "web"}},
        {"type": "container_image", "selector": {"app": "web"}, "image": "nginx:1.27"},
        {"type": "deployment_replicas", "deployment": "web", "replicas": 2},
        {"type": "rollout_complete", "deployment": "web"},
        {"type": "revision_count", "deployment": "web", "min": 1},
        {"type": "service_endpoints", "service": "web", "min": 2},
        {"type": "service_ports", "service": "web", "port": 80},
        {"type": "service_type", "service": "web", "service_type": "ClusterIP"},
        {"type": "ingress_class", "ingress": "web"},
        {"type": "ingress_rule", "ingress": "web", "service": "web", "port": 80},
        {"type": "ingress_backends", "ingress": "web"},
        {"type": "ingress_address", "ingress": "web"},
        {"type": "http_service", "service": "web"},
        {"type": "http_ingress", "ingress": "web"},
        {"type": "node_ready"},
        {"type": "field", "kind": "Service", "name": "web", "path": "spec.type", "value": "ClusterIP"},
    ]
    checks = [check_spec(s) for s in specs]
    ids = [f"c{i}" for i in range(len(checks))]
    run_checks(ClusterView(cluster, ns), checks, ids, ns)  # the probe pod exists after this run
    before = cluster.requests.copy()
    results = run_checks(ClusterView(cluster, ns), checks, ids, ns)
    made = cluster.requests - before
    assert [r.check_id for r in results if not r.passed] == []
    lists = {key: count for key, count in made.items() if key.startswith("GET ")}
    assert lists, made
    assert all(count == 1 for count in lists.values()), lists
    assert made["EXEC pods"] == 1
