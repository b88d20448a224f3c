"""Drive ``k8slab demo`` and ``k8slab map --watch`` through a pseudo-terminal of 80x24, as a presenter would.

Keys at a demo pause: Enter or space goes on, b goes back a step, q quits (exit code 0 when
every step shown was green). ``map --watch`` redraws on change and quits on q.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from k8slab.cluster.client import Cluster
from tests.helpers import FIXTURES
from tests.tty.conftest import CTRL_C, ENTER, Term, terminal_env

pytestmark = pytest.mark.tty

COURSE = FIXTURES / "demo-course"
NAMESPACE = "k8slab-fixture-demo"

Spawn = Callable[..., Term]


def is_ready(cluster: Cluster, name: str) -> bool:
    pod = cluster.find("Pod", name, NAMESPACE)
    conditions = (pod or {}).get("status", {}).get("conditions") or []
    return any(c["type"] == "Ready" and c["status"] == "True" for c in conditions)


@pytest.fixture
def presenter(cli_cluster_env: tuple[str, str], cluster: Cluster, tmp_path: Path) -> Iterator[Spawn]:
    """``k8slab ARGS`` in a terminal of 24 lines by 80 columns, on the demo fixture course."""
    pexpect = pytest.importorskip("pexpect")
    cluster.delete_lab_namespace(NAMESPACE, wait=True)
    env = terminal_env(COURSE, tmp_path / "data")

    def spawn(*args: str, timeout: float = 90) -> Term:
        child = pexpect.spawn(sys.executable, ["-m", "k8slab", *args], env=env, dimensions=(24, 80), encoding="utf-8")
        return Term(child, timeout)

    yield spawn
    cluster.delete_lab_namespace(NAMESPACE, wait=False)


def test_demo_waits_goes_on_goes_back_and_quits(presenter: Spawn, cluster: Cluster) -> None:
    term = presenter("demo", "lesson-1")
    term.expect("lesson-1 · step 1/3")
    term.expect("Run the pod web")
    term.expect("kubectl apply -n k8slab-fixture-demo -f pod.yaml")
    term.expect("Enter: apply this step")
    # the demo waits for the presenter: nothing is applied yet
    assert cluster.find("Namespace", NAMESPACE) is not None
    assert cluster.find("Pod", "web", NAMESPACE) is None

    term.send(ENTER)
    term.expect("pod/web -n k8slab-fixture-demo created")
    term.expect("Step 1 done: every check passes.")
    assert is_ready(cluster, "web")
    term.expect("Enter: next step")

    term.send(" ")  # space goes on too
    term.expect("lesson-1 · step 2/3")
    term.expect("Expose it with a Service")
    term.expect("Enter: apply this step")

    term.send("b")  # back to step 1: the lesson as a learner meets step 1 (no pod yet)
    term.expect("lesson-1 · step 1/3")
    term.expect("Enter: apply this step")
    assert cluster.find("Pod", "web", NAMESPACE) is None

    term.send("q")
    term.expect("Demo stopped.")
    assert term.wait_exit() == 0  # every step shown went green


def test_demo_ends_green_and_resets_on_y(presenter: Spawn, cluster: Cluster) -> None:
    term = presenter("demo", "lesson-1", "--from-step", "3", "--lang", "fr")
    term.expect("lesson-1 · étape 3/3")
    term.expect("Enter : appliquer cette étape")
    assert is_ready(cluster, "web")  # steps 1 and 2 were applied, their pod started
    term.send(ENTER)
    term.expect("Étape 3 réussie")
    term.expect("Enter : terminer")
    term.send(ENTER)
    term.expect("tout est vert")
    term.expect("Réinitialiser lesson-1 (namespace supprimé puis recréé)")
    assert cluster.find("ConfigMap", "web-config", NAMESPACE) is not None
    term.send("o")
    term.expect("lesson-1 est prête.")
    assert term.wait_exit() == 0
    # the lesson is back at its start: the namespace is there, what the steps made is gone
    assert cluster.find("Namespace", NAMESPACE) is not None
    assert cluster.find("ConfigMap", "web-config", NAMESPACE) is None
    assert cluster.find("Pod", "web", NAMESPACE) is None


def test_ctrl_c_stops_the_demo_with_130(presenter: Spawn) -> None:
    term = presenter("demo", "lesson-1")
    term.expect("Enter: apply this step")
    term.send(CTRL_C)
    assert term.wait_exit() == 130


def test_map_watch_redraws_on_change_and_quits_on_q(presenter: Spawn, cluster: Cluster) -> None:
    cluster.ensure_lab_namespace(NAMESPACE)
    term = presenter("map", "--watch")
    term.expect("control plane")
    term.expect("q quits")
    cluster.apply(
        [
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": "drawn-live", "labels": {"app": "drawn-live"}},
                "spec": {
                    "terminationGracePeriodSeconds": 0,
                    "containers": [{"name": "c", "image": "busybox:1.37", "command": ["sleep", "3600"]}],
                },
            }
        ],
        NAMESPACE,
    )
    term.expect(NAMESPACE)  # redrawn without a key press: the namespace now has a pod
    term.send("q")
    assert term.wait_exit() == 0
