"""``k8slab map`` on the live cluster: the control plane, the node, the lab's pods, a Service and its pods."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rich.cells import cell_len

from k8slab.cluster.client import Cluster
from k8slab.engine.checking import converge
from k8slab.engine.cluster_picture import COMPONENTS, read_picture
from k8slab.engine.operations import LessonOps
from k8slab.lessons.loader import load_lesson
from k8slab.lessons.schema import Lesson
from tests.helpers import FIXTURES, run_cli

COURSE = FIXTURES / "demo-course"
NAMESPACE = "k8slab-fixture-demo"


@pytest.fixture
def served_pod(cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[Lesson]:
    """The fixture lesson at the end of its step 2: pod web, and Service web in front of it."""
    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(COURSE))
    lesson = load_lesson(COURSE / "lessons" / "01-web")
    ops = LessonOps(cluster, lesson)
    ops.prepare_step(1, fresh=True)
    ops.solve(1)
    assert converge(cluster, lesson, lesson.steps[1]).passed
    yield lesson
    cluster.delete_lab_namespace(NAMESPACE, wait=False)


def test_picture_of_the_live_cluster(served_pod: Lesson, cluster: Cluster) -> None:
    picture = read_picture(cluster)
    nodes = sorted(n["metadata"]["name"] for n in cluster.list("Node"))
    assert sorted(n.name for n in picture.nodes) == nodes
    assert picture.server_version == cluster.version()
    # the control plane: the four components, whatever the cluster shows them through
    assert [c.name for c in picture.control_plane.components] == list(COMPONENTS)
    apiserver = picture.control_plane.components[0]
    assert apiserver.state == "ready" and apiserver.source in ("pod", "/version")
    # the lab pod is drawn on the node that runs it
    assert NAMESPACE in picture.lab_namespaces
    pod = cluster.get("Pod", "web", NAMESPACE)
    node = picture.node(pod["spec"]["nodeName"])
    assert node.ready and node.kubelet.startswith("v") and node.runtime
    lab = dict(node.namespaces)
    assert [(p.name, p.state) for p in lab[NAMESPACE]] == [("web", "ready")]
    # the Service points to it
    web = next(s for s in picture.services if (s.namespace, s.name) == (NAMESPACE, "web"))
    assert web.ready == ("web",) and web.not_ready == ()
    assert web.ports == "80→80/TCP"
    # namespaces that are not k8slab's are not drawn
    assert "default" not in picture.lab_namespaces and "kube-system" not in picture.lab_namespaces


def test_map_command_draws_it_in_80_columns(
    served_pod: Lesson, cluster: Cluster, cli_cluster_env: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    node = cluster.get("Pod", "web", NAMESPACE)["spec"]["nodeName"]
    result = run_cli(["map"], capsys)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(cell_len(line) <= 80 for line in lines)
    text = result.stdout
    order = ["control plane", "kube-apiserver", "etcd", "kube-controller-manager", "kube-scheduler", f"node {node}"]
    order += [NAMESPACE, "Services → pods", f"{NAMESPACE}/web"]
    positions = [text.find(word) for word in order]
    assert -1 not in positions, list(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    # inside the node box, the lab namespace and its pod share a line
    assert any(NAMESPACE in line and "✓ web" in line for line in lines[: text[: positions[-2]].count("\n")])
    # the Service line points to the pod
    service_line = next(line for line in lines if f"{NAMESPACE}/web" in line)
    assert "→" in service_line and service_line.index("→") < service_line.index("✓ web")


def test_map_speaks_french(
    served_pod: Lesson, cli_cluster_env: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(["map", "--lang", "fr"], capsys)
    assert result.exit_code == 0, result.stderr
    assert "plan de contrôle" in result.stdout and "✓ prêt" in result.stdout
