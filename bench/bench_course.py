"""The course the benchmark runs on: a copy whose lesson namespaces carry a prefix, set up and solved.

With a prefix (the default), the benchmark never touches the lesson namespaces a learner (or
anyone else on the cluster) is working in: it copies ``lessons/`` and ``manifests/`` into a
temporary folder, renames every lesson namespace ``k8slab-pod`` to ``<prefix>k8slab-pod`` in
them, and points k8slab at the copy with ``K8SLAB_COURSE_DIR``.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from k8slab.checks.result import StepReport
    from k8slab.cluster.client import Cluster
    from k8slab.engine.operations import LessonOps
    from k8slab.lessons.schema import Lesson


@dataclass
class Env:
    """Where the benchmark points k8slab: cluster, course copy, private progress file."""

    kubeconfig: str
    context: str
    course_dir: Path
    data_dir: Path
    executable: list[str]

    def vars(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            K8SLAB_KUBECONFIG=self.kubeconfig,
            K8SLAB_CONTEXT=self.context,
            K8SLAB_COURSE_DIR=str(self.course_dir),
            K8SLAB_DATA_DIR=str(self.data_dir),
            K8SLAB_LANG="en",
            NO_COLOR="1",
            COLUMNS="120",
        )
        env.pop("K8SLAB_DEBUG", None)
        return env

    def use_here(self) -> None:
        """Point this process's k8slab (the engine used in-process) at the same places."""
        os.environ.update({k: v for k, v in self.vars().items() if k.startswith("K8SLAB_")})


def k8slab_command() -> list[str]:
    """The installed ``k8slab`` next to this interpreter, else ``python -m k8slab``."""
    script = Path(sys.executable).parent / "k8slab"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "k8slab"]


def copy_course(source: Path, target: Path, prefix: str) -> Path:
    """``lessons/`` and ``manifests/`` of ``source`` in ``target``, lesson namespaces prefixed."""
    import yaml

    lesson_files = sorted((source / "lessons").glob("*/lesson.yaml"))
    names = []
    for path in lesson_files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("namespace"), str):
            names.append(data["namespace"])
    pattern = re.compile(r"(?<![-\w])(" + "|".join(map(re.escape, names)) + r")(?![-\w])") if names else None

    def rename(text: str) -> str:
        return pattern.sub(lambda m: prefix + m.group(1), text) if pattern and prefix else text

    for folder in ("lessons", "manifests"):
        for path in sorted((source / folder).rglob("*")):
            dest = target / folder / path.relative_to(source / folder)
            if path.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
            elif path.suffix in (".yaml", ".yml"):
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_text(rename(path.read_text(encoding="utf-8")), encoding="utf-8")
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, dest)
    return target


def settle(cluster: Cluster, namespace: str, timeout: float = 30.0) -> None:
    """Wait until the Deployment controller has seen every Deployment's latest spec.

    A solution such as ``rollout undo`` picks "the previous revision" among the ReplicaSets; made
    right after the step's setup changed the Deployment, it would run before the controller has
    created the new ReplicaSet (a learner types it seconds later).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = [
            d
            for d in cluster.list("Deployment", namespace)
            if d.get("status", {}).get("observedGeneration", 0) < d["metadata"].get("generation", 0)
        ]
        if not pending:
            return
        time.sleep(0.2)


def walk_to(ops: LessonOps, index: int) -> None:
    """The state a learner meets at step ``index`` (as ``LessonOps.prepare_step``), letting the
    Deployment controller catch up after each step's changes, as it does while a learner types."""
    ops.reset()
    settle(ops.cluster, ops.namespace)
    for earlier in range(index):
        for run in (ops.enter_step, ops.solve, ops.cleanup):
            run(earlier)
            settle(ops.cluster, ops.namespace)
    ops.enter_step(index)
    settle(ops.cluster, ops.namespace)


@dataclass
class Prepared:
    """One lesson, set up with every step's solution applied."""

    lesson: Lesson
    seconds: float = 0.0
    report: StepReport | None = None
    error: str = ""
    created: bool = False

    @property
    def converged(self) -> bool:
        return self.report is not None and not self.error and not self.report.failed

    def state(self) -> str:
        if self.error:
            return f"set-up failed: {self.error}"
        if self.report is None:
            return "not checked"
        failing = [f"{r.check_id} ({r.diagnosis or r.status.value})" for r in self.report.results if not r.passed]
        return "all checks pass" if not failing else "still failing: " + ", ".join(failing)


@dataclass
class Course:
    env: Env
    cluster: Cluster
    lessons: list[Lesson]
    prepared: dict[str, Prepared] = field(default_factory=dict)

    def prepare(self, lesson: Lesson, log: Callable[[str], None]) -> Prepared:
        """Reset the lesson, apply every step's setup, solve and cleanup, and wait until its last step settles."""
        from k8slab.engine.checking import converge
        from k8slab.engine.operations import LessonOps
        from k8slab.engine.progress import ProgressStore
        from k8slab.errors import K8sLabError

        started = time.monotonic()
        prepared = Prepared(lesson)
        self.prepared[lesson.id] = prepared
        last = len(lesson.steps) - 1
        ops = LessonOps(self.cluster, lesson)
        try:
            prepared.created = True
            walk_to(ops, last)
            ops.solve(last)
            prepared.report = converge(self.cluster, lesson, lesson.steps[last])
        except K8sLabError as err:
            prepared.error = err.message
        prepared.seconds = time.monotonic() - started
        store = ProgressStore.load()
        store.start(self.cluster.context, lesson.id, lesson.steps[last].id)
        store.save()
        log(f"  {lesson.label}: {prepared.state()} ({prepared.seconds:.0f} s)")
        return prepared

    def cleanup(self, log: Callable[[str], None]) -> None:
        """Delete the namespaces the benchmark set up (only k8slab's own, through the guarded delete)."""
        from k8slab.errors import K8sLabError

        for prepared in self.prepared.values():
            if not prepared.created:
                continue
            try:
                self.cluster.delete_lab_namespace(prepared.lesson.namespace, wait=False)
                log(f"  namespace {prepared.lesson.namespace} deleted")
            except K8sLabError as err:
                log(f"  namespace {prepared.lesson.namespace}: {err.message}")
