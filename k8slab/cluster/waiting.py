"""Waiting on the cluster with the watch API (no polling loops)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator

from k8slab.cluster.api import ClusterBase, Obj
from k8slab.errors import (
    ClusterTimeoutError,
)


class Waiting(ClusterBase):
    def watch(
        self,
        kind: str,
        namespace: str | None,
        *,
        resource_version: str | None = None,
        field_selector: str | None = None,
        label_selector: str | None = None,
        timeout: float = 30,
    ) -> Iterator[tuple[str, Obj]]:
        """Events from the watch API as (type, object) until the server closes the stream."""
        k = self.kind(kind)
        resp = self.request(
            "GET",
            k.path(namespace),
            query={
                "watch": "1",
                "resourceVersion": resource_version,
                "fieldSelector": field_selector,
                "labelSelector": label_selector,
                "timeoutSeconds": max(1, int(timeout)),
                "allowWatchBookmarks": "true",
            },
            what=f"watch {k.plural}",
            timeout=(3.0, timeout + 5),
            stream=True,
        )
        try:
            buffer = b""
            for chunk in resp.stream(4096, decode_content=True):
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    if line.strip():
                        event = json.loads(line)
                        yield str(event.get("type")), dict(event.get("object") or {})
        except Exception as err:
            import urllib3

            if isinstance(err, urllib3.exceptions.HTTPError | OSError):
                return  # the stream ended (timeout or server closing); the caller lists again
            raise
        finally:
            resp.release_conn()

    def wait_for(
        self,
        kind: str,
        name: str,
        namespace: str | None,
        condition: Callable[[Obj | None], bool],
        *,
        timeout: float = 60,
        what: str = "",
    ) -> Obj | None:
        """Wait, with the watch API, until ``condition(obj)`` holds (obj is None when absent)."""
        deadline = time.monotonic() + timeout
        selector = f"metadata.name={name}"
        while True:
            items = self.list(kind, namespace, field_selector=selector)
            current: Obj | None = items[0] if items else None
            if condition(current):
                return current
            left = deadline - time.monotonic()
            if left <= 0:
                raise ClusterTimeoutError(f"timed out after {timeout:.0f}s waiting for {what or f'{kind}/{name}'}")
            rv = self.request(
                "GET",
                self.kind(kind).path(namespace),
                query={"fieldSelector": selector, "limit": 1},
                what=f"{kind}/{name}",
            )["metadata"].get("resourceVersion")
            for etype, obj in self.watch(
                kind, namespace, field_selector=selector, resource_version=rv, timeout=max(1.0, left)
            ):
                if etype == "BOOKMARK":
                    continue
                current = None if etype == "DELETED" else obj
                if condition(current):
                    return current
                if time.monotonic() >= deadline:
                    break

    def wait_gone(self, kind: str, name: str, namespace: str | None, *, timeout: float = 60) -> None:
        self.wait_for(
            kind, name, namespace, lambda obj: obj is None, timeout=timeout, what=f"{kind.lower()}/{name} to be deleted"
        )
