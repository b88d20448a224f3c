"""Changing the cluster: server-side apply, patch, delete, and the lab namespaces' guard."""

from __future__ import annotations

import builtins
import time
from dataclasses import dataclass
from typing import Any

from k8slab.cluster import connection
from k8slab.cluster.api import Obj
from k8slab.cluster.kinds import KINDS
from k8slab.cluster.waiting import Waiting
from k8slab.errors import (
    GuardError,
    InvalidManifestError,
    ManifestError,
    ResourceNotFoundError,
)


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


class Writing(Waiting):
    def _dynamic_client(self) -> Any:
        if self._dynamic is None:
            from kubernetes.dynamic import DynamicClient

            try:
                self._dynamic = DynamicClient(self.api_client)  # type: ignore[no-untyped-call]
            except Exception as err:
                raise self._translate(err, "API discovery") from None
        return self._dynamic

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


def _asks_to_retry(message: str) -> bool:
    lowered = message.lower()
    return "retry after" in lowered or 'serviceaccount "default" not found' in lowered


def _is_immutable_refusal(message: str) -> bool:
    lowered = message.lower()
    return "immutable" in lowered or "may not change fields" in lowered or "forbidden: updates to" in lowered
