"""Fixtures shared by all tests.

Unit tests need nothing. Tests that use the ``cluster`` fixture (marked ``cluster`` automatically)
run against the cluster named by ``K8SLAB_TEST_KUBECONFIG`` (context ``K8SLAB_TEST_CONTEXT``,
default: that file's current-context) and are skipped with one line when it is unset, unless
``K8SLAB_REQUIRE_CLUSTER=1`` (as in CI), where a missing cluster is an error.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

if TYPE_CHECKING:
    from k8slab.cluster.client import Cluster

REPO = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "cluster" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.cluster)


@pytest.fixture(autouse=True)
def _isolated_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own data dir and reads the course from this checkout."""
    monkeypatch.setenv("K8SLAB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(REPO))
    monkeypatch.setenv("K8SLAB_LANG", "en")
    monkeypatch.delenv("K8SLAB_CONTEXT", raising=False)
    monkeypatch.delenv("K8SLAB_KUBECONFIG", raising=False)
    from k8slab.i18n import set_language

    set_language(None)  # --lang in one test must not leak into the next


@pytest.fixture(scope="session")
def cluster_args() -> tuple[str, str]:
    """(kubeconfig, context) of the test cluster, or skip."""
    kubeconfig = os.environ.get("K8SLAB_TEST_KUBECONFIG", "")
    if not kubeconfig:
        if os.environ.get("K8SLAB_REQUIRE_CLUSTER") == "1":
            pytest.fail("K8SLAB_REQUIRE_CLUSTER=1 but K8SLAB_TEST_KUBECONFIG is not set")
        pytest.skip("no test cluster: set K8SLAB_TEST_KUBECONFIG to run cluster tests")
    context = os.environ.get("K8SLAB_TEST_CONTEXT", "")
    if not context:
        data = yaml.safe_load(Path(kubeconfig).read_text()) or {}
        context = data.get("current-context", "")
    return kubeconfig, context


@pytest.fixture(scope="session")
def cluster(cluster_args: tuple[str, str]) -> Cluster:
    from k8slab.cluster.client import Cluster

    return Cluster.connect(*cluster_args)


@pytest.fixture
def cli_cluster_env(cluster_args: tuple[str, str], monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """Point the k8slab command (in-process or subprocess) at the test cluster."""
    monkeypatch.setenv("K8SLAB_KUBECONFIG", cluster_args[0])
    monkeypatch.setenv("K8SLAB_CONTEXT", cluster_args[1])
    return cluster_args


@pytest.fixture
def lab_namespace(cluster: Cluster, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh namespace labelled as k8slab's, deleted after the test."""
    base = request.node.name.lower().replace("_", "-")
    name = f"t-{''.join(c for c in base if c.isalnum() or c == '-')[:40].strip('-')}-{uuid.uuid4().hex[:5]}"
    cluster.ensure_lab_namespace(name)
    yield name
    cluster.delete_lab_namespace(name, wait=False)
