"""The object kinds k8slab reads and writes, and their REST paths.

A small static table keeps the hot path (checks) free of API discovery; kinds outside it are
resolved through the dynamic client's discovery when applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class Kind:
    kind: str
    api_version: str
    plural: str
    namespaced: bool

    def path(self, namespace: str | None = None, name: str | None = None, sub: str | None = None) -> str:
        base = f"/api/{self.api_version}" if "/" not in self.api_version else f"/apis/{self.api_version}"
        if self.namespaced and namespace:
            base += f"/namespaces/{quote(namespace, safe='')}"
        base += f"/{self.plural}"
        if name:
            base += f"/{quote(name, safe='')}"
            if sub:
                base += f"/{sub}"
        return base


_TABLE = [
    Kind("Namespace", "v1", "namespaces", False),
    Kind("Node", "v1", "nodes", False),
    Kind("Pod", "v1", "pods", True),
    Kind("Service", "v1", "services", True),
    Kind("Endpoints", "v1", "endpoints", True),
    Kind("ConfigMap", "v1", "configmaps", True),
    Kind("Secret", "v1", "secrets", True),
    Kind("ServiceAccount", "v1", "serviceaccounts", True),
    Kind("Event", "v1", "events", True),
    Kind("Deployment", "apps/v1", "deployments", True),
    Kind("ReplicaSet", "apps/v1", "replicasets", True),
    Kind("Ingress", "networking.k8s.io/v1", "ingresses", True),
    Kind("IngressClass", "networking.k8s.io/v1", "ingressclasses", False),
]

KINDS: dict[str, Kind] = {k.kind: k for k in _TABLE}
_ALIASES = {k.kind.lower(): k for k in _TABLE} | {k.plural: k for k in _TABLE}
_ALIASES |= {"po": KINDS["Pod"], "svc": KINDS["Service"], "cm": KINDS["ConfigMap"], "ep": KINDS["Endpoints"]}
_ALIASES |= {
    "deploy": KINDS["Deployment"],
    "rs": KINDS["ReplicaSet"],
    "ing": KINDS["Ingress"],
    "ns": KINDS["Namespace"],
}


def lookup(kind: str) -> Kind | None:
    """A kind by its name (``Pod``), lower-case name, plural or kubectl short name."""
    return KINDS.get(kind) or _ALIASES.get(kind.lower())
