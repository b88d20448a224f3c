"""A connection to one cluster through the official ``kubernetes`` client.

:class:`Cluster` is the only way k8slab talks to a cluster: reading (``api``), changing
(``writing``), waiting on it with the watch API (``waiting``) and looking inside pods (``pods``).
"""

from __future__ import annotations

from k8slab.cluster import connection
from k8slab.cluster.api import ClusterBase, Obj, translate_api_error
from k8slab.cluster.pods import ExecResult, PodAccess
from k8slab.cluster.writing import ApplyOutcome, Writing
from k8slab.errors import ClusterError

__all__ = ["ApplyOutcome", "Cluster", "ClusterBase", "ExecResult", "Obj", "translate_api_error"]


class Cluster(Writing, PodAccess):
    """One cluster, as named by a kubeconfig and a context."""

    @classmethod
    def connect(cls, kubeconfig: str | None = None, context: str | None = None) -> Cluster:
        """Connect to the lab cluster (``kind-k8slab``) or the context named explicitly."""
        target = connection.select_target(kubeconfig, context)
        from kubernetes import config as k8s_config
        from kubernetes.client import Configuration

        cfg = Configuration()
        try:
            k8s_config.load_kube_config(  # type: ignore[no-untyped-call]
                config_file=str(target.kubeconfig),
                context=target.context,
                client_configuration=cfg,
                persist_config=False,
            )
        except Exception as err:  # the loader raises ConfigException, ValueError, OSError...
            raise ClusterError(f"cannot use {target.describe()}: {str(err).splitlines()[0]}") from None
        cfg.retries = 0
        from kubernetes.client import ApiClient

        return cls(target, ApiClient(configuration=cfg))
