"""Which cluster k8slab talks to: never the current-context by itself, only kind-k8slab or a named one."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from k8slab.cluster.connection import is_lab_namespace, kubeconfig_path, select_target
from k8slab.errors import ContextError


def kubeconfig(tmp_path: Path, contexts: list[str], current: str) -> Path:
    path = tmp_path / "config"
    path.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "current-context": current,
                "clusters": [{"name": "c", "cluster": {"server": "https://127.0.0.1:1"}}],
                "users": [{"name": "u", "user": {"token": "x"}}],
                "contexts": [{"name": n, "context": {"cluster": "c", "user": "u"}} for n in contexts],
            }
        )
    )
    return path


def test_default_is_the_lab_context_not_the_current_one(tmp_path: Path) -> None:
    path = kubeconfig(tmp_path, ["prod", "kind-k8slab"], current="prod")
    target = select_target(path)
    assert target.context == "kind-k8slab" and not target.explicit


def test_current_context_is_never_used_implicitly(tmp_path: Path) -> None:
    path = kubeconfig(tmp_path, ["prod"], current="prod")
    with pytest.raises(ContextError) as info:
        select_target(path)
    assert "kind-k8slab" in info.value.message
    assert info.value.hint and "--context" in info.value.hint


def test_named_context_is_used(tmp_path: Path) -> None:
    path = kubeconfig(tmp_path, ["prod", "test"], current="prod")
    target = select_target(path, "test")
    assert target.context == "test" and target.explicit


def test_context_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = kubeconfig(tmp_path, ["prod", "test"], current="prod")
    monkeypatch.setenv("K8SLAB_CONTEXT", "test")
    assert select_target(path).context == "test"


def test_unknown_named_context_lists_the_ones_there(tmp_path: Path) -> None:
    path = kubeconfig(tmp_path, ["a", "b"], current="a")
    with pytest.raises(ContextError) as info:
        select_target(path, "c")
    assert info.value.hint == "contexts there: a, b"


def test_missing_kubeconfig_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ContextError) as info:
        select_target(tmp_path / "nope")
    assert "no kubeconfig" in info.value.message
    assert info.value.hint and "cluster up" in info.value.hint


def test_kubeconfig_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUBECONFIG", f"{tmp_path / 'one'}:{tmp_path / 'two'}")
    assert kubeconfig_path() == tmp_path / "one"
    monkeypatch.setenv("K8SLAB_KUBECONFIG", str(tmp_path / "mine"))
    assert kubeconfig_path() == tmp_path / "mine"
    assert kubeconfig_path(tmp_path / "flag") == tmp_path / "flag"


def test_kubeconfig_is_never_written(tmp_path: Path) -> None:
    path = kubeconfig(tmp_path, ["kind-k8slab", "prod"], current="prod")
    before = path.read_bytes()
    from k8slab.cluster.client import Cluster

    Cluster.connect(str(path))
    assert path.read_bytes() == before


def test_lab_namespace_label() -> None:
    assert is_lab_namespace({"metadata": {"labels": {"app.kubernetes.io/managed-by": "k8slab"}}})
    assert not is_lab_namespace({"metadata": {"labels": {"app.kubernetes.io/managed-by": "helm"}}})
    assert not is_lab_namespace({"metadata": {}})
