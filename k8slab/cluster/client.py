"""A connection to one cluster through the official ``kubernetes`` client.

Objects travel as plain dicts (the JSON the API server speaks), which is what checks read.
Errors from the client are translated here into :mod:`k8slab.errors` with one clear line.
"""

from __future__ import annotations

import builtins
import json
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from k8slab.cluster import connection
from k8slab.cluster.kinds import KINDS, Kind, lookup
from k8slab.errors import (
    AuthError,
    ClusterError,
    ClusterTimeoutError,
    ClusterUnreachableError,
    GuardError,
    InvalidManifestError,
    ManifestError,
    ResourceNotFoundError,
)

Obj = dict[str, Any]
_TIMEOUT = (3.0, 20.0)  # connect, read


@dataclass(frozen=True)
class ApplyOutcome:
    """What applying one object did: created, configured, unchanged or recreated."""

    kind: str
    name: str
    namespace: str | None
    action: str

    def describe(self) -> str:
        where = f" -n {self.namespace}" if self.namespace else ""
        return f"{self.kind.lower()}/{self.name}{where} {self.action}"


@dataclass(frozen=True)
class ExecResult:
    stdout: str
    stderr: str
    returncode: int | None


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


class Cluster:
    """One cluster, as named by a kubeconfig and a context."""

    def __init__(self, target: connection.Target, api_client: Any) -> None:
        self.target = target
        self.api_client = api_client
        self.requests: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._dynamic: Any = None

    # --- connecting -----------------------------------------------------------------------

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

    # --- writing --------------------------------------------------------------------------

    def _dynamic_client(self) -> Any:
        if self._dynamic is None:
            from kubernetes.dynamic import DynamicClient

            try:
                self._dynamic = DynamicClient(self.api_client)  # type: ignore[no-untyped-call]
            except Exception as err:
                raise self._translate(err, "API discovery") from None
        return self._dynamic

    def _translate(self, err: BaseException, what: str) -> ClusterError:
        status = getattr(err, "status", None)
        if isinstance(status, int) and status > 0:
            return translate_api_error(status, getattr(err, "body", None), what, self.target.describe())
        return self._unreachable(err)

    def apply(
        self, docs: builtins.list[Obj], namespace: str | None, *, recreate_immutable: bool = True
    ) -> builtins.list[ApplyOutcome]:
        """Server-side apply (field manager ``k8slab``) each document, through the dynamic client.

        A namespaced object goes to its own ``metadata.namespace`` or else to ``namespace``.
        An object whose change the server refuses as immutable (most of a Pod's spec) is
        deleted and created again when ``recreate_immutable`` is set.
        """
        return [self._apply_one(doc, namespace, recreate_immutable) for doc in docs]

    def _apply_one(self, doc: Obj, namespace: str | None, recreate_immutable: bool) -> ApplyOutcome:
        if not isinstance(doc, dict) or not doc.get("kind") or not doc.get("apiVersion"):
            raise ManifestError("a manifest document has no kind or apiVersion")
        meta = doc.setdefault("metadata", {})
        name = meta.get("name")
        if not name:
            raise ManifestError(f"a {doc['kind']} manifest has no metadata.name")
        known = KINDS.get(doc["kind"])
        namespaced = known.namespaced if known else self._resource(doc).namespaced
        ns = (meta.get("namespace") or namespace) if namespaced else None
        if namespaced:
            if not ns:
                raise ManifestError(f"{doc['kind']}/{name} has no namespace")
            meta["namespace"] = ns
        what = f"{doc['kind'].lower()}/{name}"
        before = self._current_version(doc, name, ns)
        try:
            after = self._ssa(doc, name, ns, what)
        except InvalidManifestError as err:
            if not (recreate_immutable and before is not None and _is_immutable_refusal(err.message)):
                raise
            self.delete(doc["kind"], name, ns, wait=True, timeout=120, grace_period=0)
            self._ssa(doc, name, ns, what)
            return ApplyOutcome(doc["kind"], name, ns, "recreated")
        if before is None:
            action = "created"
        elif before == after:
            action = "unchanged"
        else:
            action = "configured"
        return ApplyOutcome(doc["kind"], name, ns, action)

    def _resource(self, doc: Obj) -> Any:
        from kubernetes.dynamic.exceptions import ResourceNotFoundError as DynNotFound

        try:
            return self._dynamic_client().resources.get(api_version=doc["apiVersion"], kind=doc["kind"])
        except DynNotFound:
            raise InvalidManifestError(f"the cluster does not serve {doc['kind']} in {doc['apiVersion']}") from None

    def _current_version(self, doc: Obj, name: str, ns: str | None) -> str | None:
        k = KINDS.get(doc["kind"])
        if k is None:
            return None
        found = self.find(k.kind, name, ns)
        return None if found is None else str(found["metadata"].get("resourceVersion"))

    def _ssa(self, doc: Obj, name: str, ns: str | None, what: str) -> str:
        resource = self._resource(doc)
        deadline = time.monotonic() + 15
        while True:
            self._count(f"PATCH {resource.name}")
            try:
                result = resource.server_side_apply(
                    body=doc, name=name, namespace=ns, field_manager=connection.FIELD_MANAGER, force_conflicts=True
                )
                return str(result.metadata.resourceVersion)
            except Exception as err:
                error = self._translate(err, what)
                # A namespace that was just created may not have its service account yet; the
                # server says to retry.
                if not (_asks_to_retry(error.message) and time.monotonic() < deadline):
                    raise error from None
            time.sleep(0.5)

    def patch(self, kind: str, name: str, namespace: str | None, patch: Obj) -> Obj:
        """A strategic-merge patch (what ``kubectl rollout restart`` and ``undo`` do)."""
        k = self.kind(kind)
        return dict(
            self.request(
                "PATCH",
                k.path(namespace, name),
                body=patch,
                content_type="application/strategic-merge-patch+json",
                what=f"{k.kind.lower()}/{name}",
            )
        )

    def delete(
        self,
        kind: str,
        name: str,
        namespace: str | None,
        *,
        wait: bool = False,
        timeout: float = 60,
        grace_period: int | None = None,
    ) -> bool:
        """Delete one object; False if it was not there. Namespaces go through the guard."""
        k = self.kind(kind)
        if k.kind == "Namespace":
            return self.delete_lab_namespace(name, wait=wait, timeout=timeout)
        body: Obj = {"propagationPolicy": "Foreground" if wait else "Background"}
        if grace_period is not None:
            body["gracePeriodSeconds"] = grace_period
        try:
            self.request("DELETE", k.path(namespace, name), body=body, what=f"{k.kind.lower()}/{name}")
        except ResourceNotFoundError:
            return False
        if wait:
            self.wait_gone(k.kind, name, namespace, timeout=timeout)
        return True

    def ensure_lab_namespace(self, name: str) -> Obj:
        """Create the namespace with k8slab's label, or check an existing one carries it."""
        found = self.find("Namespace", name)
        if found is not None:
            if found.get("status", {}).get("phase") == "Terminating":
                self.wait_gone("Namespace", name, None, timeout=120)
            elif not connection.is_lab_namespace(found):
                raise GuardError(
                    f"namespace {name!r} exists and was not created by k8slab",
                    f"k8slab only works in namespaces labelled "
                    f"{connection.MANAGED_BY_LABEL}={connection.MANAGED_BY_VALUE}",
                )
            else:
                return found
        doc = {
            "apiVersion": "v1",
            "kind": "Namespace",
            "metadata": {"name": name, "labels": connection.lab_namespace_labels()},
        }
        created = dict(self.request("POST", "/api/v1/namespaces", body=doc, what=f"namespace/{name}"))
        # Pods cannot be created before the namespace's default service account exists.
        self.wait_for(
            "ServiceAccount",
            "default",
            name,
            lambda obj: obj is not None,
            timeout=30,
            what=f"the default service account of namespace/{name}",
        )
        return created

    def delete_lab_namespace(self, name: str, *, wait: bool = True, timeout: float = 120, fast: bool = True) -> bool:
        """Delete a namespace only if k8slab created it (it carries k8slab's label).

        With ``fast``, its pods are deleted first without a grace period: a lab is thrown away.
        """
        found = self.find("Namespace", name)
        if found is None:
            return False
        if not connection.is_lab_namespace(found):
            raise GuardError(
                f"refusing to delete namespace {name!r}: k8slab did not create it",
                f"k8slab deletes only namespaces labelled {connection.MANAGED_BY_LABEL}={connection.MANAGED_BY_VALUE}",
            )
        try:
            if fast:  # pods would otherwise take their grace period (often 30 s) to go
                self.request(
                    "DELETE", KINDS["Pod"].path(name), body={"gracePeriodSeconds": 0}, what=f"pods in namespace/{name}"
                )
            self.request("DELETE", f"/api/v1/namespaces/{name}", what=f"namespace/{name}")
        except ResourceNotFoundError:
            return False
        if wait:
            self.wait_gone("Namespace", name, None, timeout=timeout)
        return True

    # --- waiting --------------------------------------------------------------------------

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

    # --- pods -----------------------------------------------------------------------------

    def logs(
        self,
        namespace: str,
        pod: str,
        container: str | None = None,
        *,
        tail_lines: int | None = None,
        previous: bool = False,
    ) -> str:
        result = self.request(
            "GET",
            KINDS["Pod"].path(namespace, pod, "log"),
            query={"container": container, "tailLines": tail_lines, "previous": "true" if previous else None},
            what=f"logs of pod/{pod}",
        )
        return result if isinstance(result, str) else json.dumps(result)

    def exec(
        self,
        namespace: str,
        pod: str,
        command: builtins.list[str],
        container: str | None = None,
        *,
        timeout: float = 10,
    ) -> ExecResult:
        """Run a command in a container (like ``kubectl exec``) and collect its output.

        The client's websocket transport is used directly: going through ``CoreV1Api`` would build
        the models of the whole core API first, which costs more than the command itself.
        """
        from kubernetes.stream import ws_client

        websocket: Any = ws_client  # untyped

        self._count("EXEC pods")
        query = [("command", part) for part in command]
        query += [("stdout", "true"), ("stderr", "true"), ("stdin", "false"), ("tty", "false")]
        if container:
            query.append(("container", container))
        path = f"{KINDS['Pod'].path(namespace, pod, 'exec')}?{urlencode(query)}"
        try:
            _, url, headers, _, _ = self.api_client.param_serialize(
                "GET", path, header_params={}, auth_settings=["BearerToken"]
            )
            client = websocket.WSClient(self.api_client.configuration, websocket.get_websocket_url(url), headers, True)
        except Exception as err:
            # A refused websocket handshake carries the API server's answer (e.g. 500 "container not
            # found" for a container that is not running): only a failure without one means the
            # cluster cannot be reached. The kubernetes client wraps it in ApiException(status=0,
            # reason="Handshake status 500 ... -+-+- {headers} -+-+- body") and keeps the websocket
            # error (status_code, resp_body) as its context.
            import re

            status, body = getattr(err, "status", None), getattr(err, "body", None)
            cause: BaseException | None = err
            while not (isinstance(status, int) and status > 0) and cause is not None:
                status, body = getattr(cause, "status_code", None), getattr(cause, "resp_body", None)
                cause = cause.__cause__ or cause.__context__
            if not (isinstance(status, int) and status > 0):
                reason = str(getattr(err, "reason", None) or err)
                found = re.search(r"Handshake status (\d{3})", reason)
                status = int(found.group(1)) if found else None
                body = reason.rsplit(" -+-+- ", 1)[-1].strip() if found and " -+-+- " in reason else None
            if isinstance(status, int) and status > 0:
                raise translate_api_error(status, body, f"exec in pod/{pod}", self.target.describe()) from None
            raise self._translate(err, f"exec in pod/{pod}") from None
        try:
            client.run_forever(timeout=timeout)
            out, err_text = client.read_stdout() or "", client.read_stderr() or ""
            code = client.returncode if not client.is_open() else None
        finally:
            client.close()
        return ExecResult(stdout=out, stderr=err_text, returncode=code)


def _kind_of(path: str) -> str:
    parts = [p for p in path.split("/") if p]
    plurals = {k.plural for k in KINDS.values()}
    for part in reversed(parts):
        if part in plurals:
            return part
    return parts[-1] if parts else "/"


def _asks_to_retry(message: str) -> bool:
    lowered = message.lower()
    return "retry after" in lowered or 'serviceaccount "default" not found' in lowered


def _is_immutable_refusal(message: str) -> bool:
    lowered = message.lower()
    return "immutable" in lowered or "may not change fields" in lowered or "forbidden: updates to" in lowered
