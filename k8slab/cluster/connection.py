"""Which cluster to talk to: kubeconfig and context selection, and the guard.

k8slab never uses the kubeconfig's current-context on its own: the lab context is
``kind-k8slab`` unless another one is named explicitly (``--context`` or ``K8SLAB_CONTEXT``).
It never writes the kubeconfig either.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

from k8slab.errors import ContextError

DEFAULT_CLUSTER_NAME = "k8slab"
DEFAULT_CONTEXT = f"kind-{DEFAULT_CLUSTER_NAME}"
MANAGED_BY_LABEL = "app.kubernetes.io/managed-by"
MANAGED_BY_VALUE = "k8slab"
FIELD_MANAGER = "k8slab"


@dataclass(frozen=True)
class Target:
    """A kubeconfig file and a context in it."""

    kubeconfig: Path
    context: str
    explicit: bool  # the context was named by the user, not the default

    def describe(self) -> str:
        return f"context {self.context!r} in {self.kubeconfig}"


def kubeconfig_path(kubeconfig: str | os.PathLike[str] | None = None) -> Path:
    """``--kubeconfig``, else ``K8SLAB_KUBECONFIG``, else the first file of ``KUBECONFIG``,
    else ``~/.kube/config``."""
    if kubeconfig:
        return Path(kubeconfig).expanduser()
    for var in ("K8SLAB_KUBECONFIG", "KUBECONFIG"):
        value = os.environ.get(var, "")
        first = next((p for p in value.split(os.pathsep) if p), "")
        if first:
            return Path(first).expanduser()
    return Path.home() / ".kube" / "config"


def kubeconfig_contexts(path: Path) -> list[str]:
    """The context names a kubeconfig file defines."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ContextError(
            f"no kubeconfig at {path}",
            "create the lab with `k8slab cluster up`, or pass --kubeconfig",
        ) from None
    except (OSError, yaml.YAMLError) as err:
        raise ContextError(f"cannot read kubeconfig {path}: {str(err).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise ContextError(f"kubeconfig {path} is not a mapping")
    return [c["name"] for c in data.get("contexts") or [] if isinstance(c, dict) and "name" in c]


def select_target(kubeconfig: str | os.PathLike[str] | None = None, context: str | None = None) -> Target:
    """Resolve kubeconfig and context; refuse a context that does not exist.

    The context is ``context`` if given, else ``K8SLAB_CONTEXT``, else ``kind-k8slab``; the
    kubeconfig's current-context is never used implicitly.
    """
    path = kubeconfig_path(kubeconfig)
    chosen = context or os.environ.get("K8SLAB_CONTEXT") or None
    explicit = chosen is not None
    name = chosen or DEFAULT_CONTEXT
    contexts = kubeconfig_contexts(path)
    if name not in contexts:
        if explicit:
            raise ContextError(
                f"context {name!r} not found in {path}",
                f"contexts there: {', '.join(contexts) or 'none'}",
            )
        raise ContextError(
            f"the lab cluster ({DEFAULT_CONTEXT}) is not in {path}",
            "create it with `k8slab cluster up`, or name another cluster with --context "
            "(k8slab only uses a context you name)",
        )
    return Target(kubeconfig=path, context=name, explicit=explicit)


def lab_namespace_labels() -> dict[str, str]:
    """The labels k8slab puts on the namespaces it creates (and requires before deleting one)."""
    return {MANAGED_BY_LABEL: MANAGED_BY_VALUE}


def is_lab_namespace(namespace: dict[str, object]) -> bool:
    """Whether a namespace object carries k8slab's label."""
    metadata = namespace.get("metadata") or {}
    labels = metadata.get("labels") if isinstance(metadata, dict) else None
    return isinstance(labels, dict) and labels.get(MANAGED_BY_LABEL) == MANAGED_BY_VALUE
