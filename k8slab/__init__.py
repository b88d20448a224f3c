"""k8slab: learn Kubernetes on a real local cluster."""

from __future__ import annotations

__version__ = "0.1.0"
