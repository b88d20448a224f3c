"""The core of a connection to one cluster: requests, reads and error translation.

Objects travel as plain dicts (the JSON the API server speaks), which is what checks read.
Errors from the client are translated here into :mod:`k8slab.errors` with one clear line.
"""

from __future__ import annotations

import builtins
import json
import threading
from collections import Counter
from typing import Any
from urllib.parse import urlencode

from k8slab.cluster import connection
from k8slab.cluster.kinds import KINDS, Kind, lookup
from k8slab.errors import (
    AuthError,
    ClusterError,
    ClusterUnreachableError,
    InvalidManifestError,
    ResourceNotFoundError,
)

Obj = dict[str, Any]
_TIMEOUT = (3.0, 20.0)  # connect, read


def _server_message(body: str | bytes | None) -> str:
    if not body:
        return ""
    try:
        data = json.loads(body)
    except (ValueError, TypeError):
        return body.decode(errors="replace") if isinstance(body, bytes) else str(body)
    return str(data.get("message", "")) if isinstance(data, dict) else ""


def translate_api_error(status: int, body: str | bytes | None, what: str, context: str) -> ClusterError:
    """An API server answer (status + body) as a k8slab error with one clear line."""
    message = _server_message(body) or f"HTTP {status}"
    if status == 401:
        return AuthError(f"the cluster refused k8slab's credentials ({context})", "check the kubeconfig")
    if status == 403:
        return AuthError(f"forbidden: {message}", f"the user of {context} may not do this")
    if status == 404:
        return ResourceNotFoundError(f"{what}: not found ({message})")
    if status in (400, 409, 422) or (status == 500 and "typed patch" in message):
        return InvalidManifestError(f"{what}: the API server refused it: {message}")
    return ClusterError(f"{what}: the API server answered {status}: {message}")


class ClusterBase:
    """What every part of :class:`k8slab.cluster.client.Cluster` builds on: requests and reads."""

    def __init__(self, target: connection.Target, api_client: Any) -> None:
        self.target = target
        self.api_client = api_client
        self.requests: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._dynamic: Any = None

    @property
    def context(self) -> str:
        return self.target.context

    @property
    def host(self) -> str:
        return str(self.api_client.configuration.host)

    # --- raw requests ---------------------------------------------------------------------

    def _count(self, key: str) -> None:
        with self._lock:
            self.requests[key] += 1

    def request(
        self,
        method: str,
        path: str,
        *,
        query: dict[str, Any] | None = None,
        body: Any = None,
        content_type: str = "application/json",
        what: str = "",
        timeout: Any = _TIMEOUT,
        stream: bool = False,
    ) -> Any:
        """One API request; returns the decoded JSON (or text, or the open response if ``stream``)."""
        import urllib3

        url_path = path + ("?" + urlencode({k: v for k, v in query.items() if v is not None}) if query else "")
        headers = {"Accept": "application/json", "Content-Type": content_type}
        self._count(f"{method} {path.rsplit('/', 1)[-1] if method != 'GET' else _kind_of(path)}")
        try:
            _, url, headers, _, _ = self.api_client.param_serialize(
                method, url_path, header_params=headers, auth_settings=["BearerToken"]
            )
            data = body if isinstance(body, str | bytes) or body is None else json.dumps(body)
            resp = self.api_client.rest_client.pool_manager.request(
                method,
                url,
                body=data,
                headers=headers,
                timeout=urllib3.Timeout(connect=timeout[0], read=timeout[1]),
                preload_content=not stream,
                retries=False,
            )
        except (urllib3.exceptions.HTTPError, OSError) as err:
            raise self._unreachable(err) from None
        if resp.status >= 400:
            payload = resp.data if not stream else resp.read()
            raise translate_api_error(resp.status, payload, what or f"{method} {path}", self.target.describe())
        if stream:
            return resp
        text = resp.data.decode("utf-8", errors="replace")
        if resp.headers.get("content-type", "").startswith("application/json"):
            return json.loads(text)
        return text

    def _unreachable(self, err: BaseException) -> ClusterUnreachableError:
        reason = str(getattr(err, "reason", None) or err).splitlines()[0]
        if "Connection refused" in reason or "NewConnectionError" in reason:
            reason = "connection refused"
        return ClusterUnreachableError(
            f"cannot reach the cluster at {self.host} ({self.context}): {reason}",
            "is it running? `k8slab cluster status` tells; `k8slab cluster up` starts it",
        )

    def raw(self, path: str) -> str:
        """GET a raw API path (e.g. ``/version`` or a node proxy path) as text."""
        result = self.request("GET", path, what=path)
        return result if isinstance(result, str) else json.dumps(result)

    def version(self) -> str:
        data = self.request("GET", "/version", what="server version")
        return str(data.get("gitVersion", "?"))

    # --- reading --------------------------------------------------------------------------

    def kind(self, kind: str) -> Kind:
        found = lookup(kind)
        if found is None:
            raise ClusterError(f"k8slab does not know the kind {kind!r}")
        return found

    def list(
        self,
        kind: str,
        namespace: str | None = None,
        *,
        label_selector: str | dict[str, str] | None = None,
        field_selector: str | None = None,
    ) -> builtins.list[Obj]:
        """Objects of a kind (in ``namespace``, or cluster-wide when it is None)."""
        k = self.kind(kind)
        if isinstance(label_selector, dict):
            label_selector = ",".join(f"{a}={b}" for a, b in label_selector.items())
        data = self.request(
            "GET",
            k.path(namespace),
            query={"labelSelector": label_selector, "fieldSelector": field_selector},
            what=f"list {k.plural}",
        )
        items: builtins.list[Obj] = data.get("items") or []
        for item in items:  # list items carry no kind/apiVersion
            item.setdefault("kind", k.kind)
            item.setdefault("apiVersion", k.api_version)
        return items

    def get(self, kind: str, name: str, namespace: str | None = None) -> Obj:
        k = self.kind(kind)
        return dict(self.request("GET", k.path(namespace, name), what=f"{k.kind.lower()}/{name}"))

    def find(self, kind: str, name: str, namespace: str | None = None) -> Obj | None:
        try:
            return self.get(kind, name, namespace)
        except ResourceNotFoundError:
            return None

    def _translate(self, err: BaseException, what: str) -> ClusterError:
        status = getattr(err, "status", None)
        if isinstance(status, int) and status > 0:
            return translate_api_error(status, getattr(err, "body", None), what, self.target.describe())
        return self._unreachable(err)


def _kind_of(path: str) -> str:
    parts = [p for p in path.split("/") if p]
    plurals = {k.plural for k in KINDS.values()}
    for part in reversed(parts):
        if part in plurals:
            return part
    return parts[-1] if parts else "/"
