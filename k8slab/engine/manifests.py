"""Manifests under ``manifests/``: read, fill in cluster facts, list what they contain.

A manifest may use ``${NAMESPACE}``, ``${NODE_NAME}``, ``${KUBELET_VERSION}``,
``${CONTAINER_RUNTIME}`` and ``${SERVER_VERSION}``; they are filled from the live cluster when
the manifest is applied (:func:`cluster_variables`) and shown as-is otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any

import yaml

from k8slab import paths
from k8slab.errors import ManifestError

if TYPE_CHECKING:
    from k8slab.cluster.client import Cluster

VARIABLES = ("NAMESPACE", "NODE_NAME", "KUBELET_VERSION", "CONTAINER_RUNTIME", "SERVER_VERSION")
_VAR = re.compile(r"\$\{([A-Z_]+)\}")


@dataclass(frozen=True)
class ObjectKey:
    kind: str
    name: str
    namespace: str | None

    def __str__(self) -> str:
        where = f" (namespace {self.namespace})" if self.namespace else ""
        return f"{self.kind}/{self.name}{where}"


def manifest_path(relative: str) -> Path:
    path = paths.manifests_dir() / relative
    if not path.is_file():
        raise ManifestError(f"manifest {relative} not found in {paths.manifests_dir()}")
    return path


def manifest_text(relative: str) -> str:
    """The manifest as written (for display)."""
    return manifest_path(relative).read_text(encoding="utf-8")


def unknown_variables(text: str) -> set[str]:
    return {name for name in _VAR.findall(text) if name not in VARIABLES}


def parse_documents(text: str, source: str) -> list[dict[str, Any]]:
    """The non-empty YAML documents of a manifest, each a mapping with kind and apiVersion."""
    try:
        docs = [d for d in yaml.safe_load_all(text) if d is not None]
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ManifestError(f"{source}{where}: not valid YAML: {getattr(err, 'problem', err)}") from None
    for doc in docs:
        if not isinstance(doc, dict) or "kind" not in doc or "apiVersion" not in doc:
            raise ManifestError(f"{source}: every document needs apiVersion and kind")
        if not (doc.get("metadata") or {}).get("name"):
            raise ManifestError(f"{source}: a {doc['kind']} has no metadata.name")
    return docs


def load_manifest(relative: str, variables: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The documents of ``manifests/<relative>``, with variables filled in when given."""
    text = manifest_text(relative)
    if variables is not None and "${" in text:
        text = Template(text).safe_substitute(variables)
    return parse_documents(text, relative)


def object_keys(relative: str, namespace: str) -> list[ObjectKey]:
    """Which objects a manifest holds (namespaced ones default to ``namespace``)."""
    from k8slab.cluster.kinds import lookup

    keys = []
    for doc in load_manifest(relative):
        kind = lookup(doc["kind"])
        ns = (doc["metadata"].get("namespace") or namespace) if (kind is None or kind.namespaced) else None
        keys.append(ObjectKey(doc["kind"], doc["metadata"]["name"], ns))
    return keys


def cluster_variables(cluster: Cluster, namespace: str) -> dict[str, str]:
    """Facts of the live cluster that manifests can refer to."""
    values = {"NAMESPACE": namespace}
    nodes = cluster.list("Node")
    if nodes:
        node = sorted(nodes, key=lambda n: n["metadata"]["name"])[0]
        info = node.get("status", {}).get("nodeInfo", {})
        values["NODE_NAME"] = node["metadata"]["name"]
        values["KUBELET_VERSION"] = str(info.get("kubeletVersion", ""))
        values["CONTAINER_RUNTIME"] = str(info.get("containerRuntimeVersion", ""))
    values["SERVER_VERSION"] = cluster.version()
    return values


def containers(node: Any) -> Iterator[dict[str, Any]]:
    """Every container spec (containers, initContainers, ephemeralContainers) inside a document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("containers", "initContainers", "ephemeralContainers") and isinstance(value, list):
                yield from (c for c in value if isinstance(c, dict))
            else:
                yield from containers(value)
    elif isinstance(node, list):
        for item in node:
            yield from containers(item)


def images_in_manifests(root: Path | None = None) -> list[str]:
    """Every container image the course's manifests use (for preloading), known mistakes aside:
    their images are often deliberately wrong."""
    root = root or paths.manifests_dir()
    found: set[str] = set()
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()):
        if "mistakes" in path.relative_to(root).parts:
            continue
        try:
            docs = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
        except (OSError, yaml.YAMLError) as err:
            raise ManifestError(f"cannot read {path}: {str(err).splitlines()[0]}") from None
        found.update(c["image"] for c in containers(docs) if isinstance(c.get("image"), str) and "${" not in c["image"])
    return sorted(found)
