"""Know when something changes in a namespace, through the watch API.

One background thread per kind keeps a watch open and sets a flag on every event; callers wait
on the flag (debounced) instead of polling the cluster.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterable
from types import TracebackType
from typing import TYPE_CHECKING

from k8slab.errors import K8sLabError

if TYPE_CHECKING:
    from k8slab.cluster.client import Cluster

WATCHED_KINDS = ("Pod", "Service", "Endpoints", "ConfigMap", "Deployment", "ReplicaSet", "Ingress")


class NamespaceWatcher:
    """Signals changes to objects of ``kinds`` in ``namespace``."""

    def __init__(
        self, cluster: Cluster, namespace: str, kinds: Iterable[str] = WATCHED_KINDS, *, server_timeout: float = 30
    ) -> None:
        self.cluster = cluster
        self.namespace = namespace
        self.kinds = tuple(kinds)
        self.server_timeout = server_timeout
        self._changed = threading.Event()
        self._stopped = threading.Event()
        self._ready = threading.Barrier(len(self.kinds) + 1, timeout=10)
        self._threads: list[threading.Thread] = []
        self.last_kinds: set[str] = set()
        self._lock = threading.Lock()
        self.errors: list[str] = []

    def __enter__(self) -> NamespaceWatcher:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> None:
        for kind in self.kinds:
            thread = threading.Thread(target=self._run, args=(kind,), name=f"watch-{kind}", daemon=True)
            thread.start()
            self._threads.append(thread)
        # wait until every watch is open, so that no change made after start() is missed
        with contextlib.suppress(threading.BrokenBarrierError):
            self._ready.wait()

    def stop(self) -> None:
        self._stopped.set()
        self._changed.set()

    def _arrive(self, first: bool) -> bool:
        if first:
            with contextlib.suppress(threading.BrokenBarrierError):
                self._ready.wait()
        return False

    def _run(self, kind: str) -> None:
        first = True
        path = self.cluster.kind(kind).path(self.namespace)
        while not self._stopped.is_set():
            try:
                listing = self.cluster.request("GET", path, query={"limit": 1}, what=f"list {kind}")
                version = listing.get("metadata", {}).get("resourceVersion")
                first = self._arrive(first)
                for etype, _obj in self.cluster.watch(
                    kind, self.namespace, resource_version=version, timeout=self.server_timeout
                ):
                    if self._stopped.is_set():
                        return
                    if etype == "ERROR":  # e.g. 410 Gone: list again
                        break
                    if etype != "BOOKMARK":
                        with self._lock:
                            self.last_kinds.add(kind)
                        self._changed.set()
            except K8sLabError as err:
                first = self._arrive(first)
                with self._lock:
                    self.errors.append(err.message)
                if self._stopped.wait(2.0):
                    return

    def wait(self, timeout: float, *, settle: float = 0.15) -> bool:
        """Wait up to ``timeout`` s for a change; True if one came. Bursts are merged (``settle``)."""
        changed = self._changed.wait(timeout)
        if changed and not self._stopped.is_set():
            time.sleep(settle)
        self._changed.clear()
        return changed and not self._stopped.is_set()

    def take_kinds(self) -> set[str]:
        """The kinds that changed since the last call."""
        with self._lock:
            kinds, self.last_kinds = self.last_kinds, set()
        return kinds
