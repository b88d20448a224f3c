"""What lessons do to the cluster: set up, solve, reset, clean up.

Every function returns the lines that describe what it did (``pod/web created``), for the CLI
to show; nothing here prints.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from k8slab.engine import manifests
from k8slab.errors import ResourceNotFoundError, UsageError

if TYPE_CHECKING:
    from collections.abc import Callable

    from k8slab.checks.result import StepReport
    from k8slab.cluster.client import Cluster
    from k8slab.lessons.schema import Action, Lesson, Operations, Step

REVISION = "deployment.kubernetes.io/revision"


class LessonOps:
    """Operations on one lesson in one cluster."""

    def __init__(self, cluster: Cluster, lesson: Lesson) -> None:
        self.cluster = cluster
        self.lesson = lesson
        self.namespace = lesson.namespace
        self._variables: dict[str, str] | None = None

    # --- manifests ------------------------------------------------------------------------

    def variables(self) -> dict[str, str]:
        if self._variables is None:
            self._variables = manifests.cluster_variables(self.cluster, self.namespace)
        return self._variables

    def documents(self, relative: str) -> list[dict[str, Any]]:
        needs = "${" in manifests.manifest_text(relative)
        return manifests.load_manifest(relative, self.variables() if needs else None)

    def apply_manifest(self, relative: str) -> list[str]:
        outcomes = self.cluster.apply(self.documents(relative), self.namespace)
        return [o.describe() for o in outcomes]

    def delete_manifest(self, relative: str, *, wait: bool = True) -> list[str]:
        lines = []
        for key in manifests.object_keys(relative, self.namespace):
            if self.cluster.delete(key.kind, key.name, key.namespace, wait=wait, grace_period=0):
                lines.append(f"{key.kind.lower()}/{key.name} deleted")
        return lines

    # --- operations -----------------------------------------------------------------------

    def run(self, ops: Operations) -> list[str]:
        """Apply ``ops.apply``, then run ``ops.actions`` in order, then delete ``ops.delete``."""
        lines: list[str] = []
        for relative in ops.apply:
            lines += self.apply_manifest(relative)
        for action in ops.actions:
            lines += self.run_action(action)
        for relative in ops.delete:
            lines += self.delete_manifest(relative)
        return lines

    def run_action(self, action: Action) -> list[str]:
        ns = getattr(action, "namespace", None) or self.namespace
        if action.do == "apply":
            return self.apply_manifest(action.manifest)
        if action.do == "delete":
            return self._delete(action.kind, action.name, action.selector, ns, one=action.one, wait=action.wait)
        if action.do == "rollout_undo":
            return [self.rollout_undo(action.deployment, ns)]
        return [self.rollout_restart(action.deployment, ns)]

    def _delete(
        self, kind: str, name: str | None, selector: dict[str, str] | None, ns: str, *, one: bool, wait: bool
    ) -> list[str]:
        if name is not None:
            names = [name]
        else:
            items = self.cluster.list(kind, ns, label_selector=selector)
            names = sorted(i["metadata"]["name"] for i in items if not i["metadata"].get("deletionTimestamp"))
            if one:
                names = names[:1]
        lines = []
        for each in names:
            if self.cluster.delete(kind, each, ns, wait=wait):
                lines.append(f"{kind.lower()}/{each} deleted")
        return lines

    def rollout_undo(self, deployment: str, ns: str) -> str:
        """Roll back to the previous revision, as ``kubectl rollout undo`` does."""
        # The controller may not have created the latest ReplicaSet yet (right after an update).
        dep = self.cluster.wait_for(
            "Deployment",
            deployment,
            ns,
            lambda d: d is None or d.get("status", {}).get("observedGeneration", 0) >= d["metadata"]["generation"],
            timeout=60,
            what=f"deployment/{deployment} to take its last change into account",
        )
        if dep is None:
            raise ResourceNotFoundError(f"deployment/{deployment}: not found in namespace {ns}")
        uid = dep["metadata"]["uid"]
        sets = [
            rs
            for rs in self.cluster.list("ReplicaSet", ns)
            if any(ref.get("uid") == uid for ref in rs["metadata"].get("ownerReferences") or [])
        ]
        sets.sort(key=lambda rs: int(rs["metadata"].get("annotations", {}).get(REVISION, "0")))
        if len(sets) < 2:
            raise ResourceNotFoundError(f"deployment/{deployment} has no previous revision to roll back to")
        template = sets[-2]["spec"]["template"]
        labels = dict(template.get("metadata", {}).get("labels") or {})
        labels.pop("pod-template-hash", None)
        template = {**template, "metadata": {**template.get("metadata", {}), "labels": labels}}
        self.cluster.request(
            "PATCH",
            self.cluster.kind("Deployment").path(ns, deployment),
            body=[{"op": "replace", "path": "/spec/template", "value": template}],
            content_type="application/json-patch+json",
            what=f"deployment/{deployment}",
        )
        revision = sets[-2]["metadata"].get("annotations", {}).get(REVISION, "?")
        return f"deployment/{deployment} rolled back (to the template of revision {revision})"

    def rollout_restart(self, deployment: str, ns: str) -> str:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        patch = {"spec": {"template": {"metadata": {"annotations": {"kubectl.kubernetes.io/restartedAt": now}}}}}
        self.cluster.patch("Deployment", deployment, ns, patch)
        return f"deployment/{deployment} restarted"

    # --- lesson lifecycle -----------------------------------------------------------------

    def setup(self) -> list[str]:
        """Create the lesson's namespace (labelled as k8slab's) and apply its prerequisites."""
        self.cluster.ensure_lab_namespace(self.namespace)
        lines = [f"namespace/{self.namespace} ready"]
        for relative in self.lesson.prerequisites:
            lines += self.apply_manifest(relative)
        return lines

    def reset(self) -> list[str]:
        """Delete the lesson's namespace (only if k8slab created it) and set the lesson up again."""
        lines = []
        if self.cluster.delete_lab_namespace(self.namespace, wait=True):
            lines.append(f"namespace/{self.namespace} deleted")
        return lines + self.setup()

    def step(self, index: int) -> Step:
        if not 0 <= index < len(self.lesson.steps):
            raise UsageError(f"{self.lesson.label} has no step {index + 1}", f"steps: 1 to {len(self.lesson.steps)}")
        return self.lesson.steps[index]

    def enter_step(self, index: int) -> list[str]:
        """Apply the step's setup (the starting state it needs)."""
        return self.run(self.step(index).setup)

    def solve(self, index: int) -> list[str]:
        return self.run(self.step(index).solve)

    def cleanup(self, index: int) -> list[str]:
        return self.run(self.step(index).cleanup)

    def prepare_step(
        self, index: int, *, fresh: bool = True, on_step: Callable[[int, StepReport], None] | None = None
    ) -> list[str]:
        """The state a learner meets at step ``index``: earlier steps solved, this one set up.

        After each earlier step's solve, the cluster is given time to converge (its checks pass),
        so that the next step starts from what the learner would have had; ``on_step(i, report)``
        hears how each earlier step ended.
        """
        from k8slab.engine.checking import converge

        self.step(index)
        lines = self.reset() if fresh else self.setup()
        for earlier in range(index):
            lines += self.enter_step(earlier)
            lines += self.solve(earlier)
            report = converge(self.cluster, self.lesson, self.lesson.steps[earlier])
            if on_step:
                on_step(earlier, report)
            lines += self.cleanup(earlier)
        return lines + self.enter_step(index)
