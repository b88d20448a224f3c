"""Measuring: timed subprocesses, API requests counted in-process, where a ``check`` spends its time."""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from k8slab.cluster.client import Cluster
    from k8slab.lessons.schema import Lesson, Step


@dataclass
class Series:
    """Repeated timings of one command."""

    name: str
    seconds: list[float] = field(default_factory=list)
    codes: list[int] = field(default_factory=list)
    last_output: str = ""

    def add(self, seconds: float, code: int, output: str) -> None:
        self.seconds.append(seconds)
        self.codes.append(code)
        self.last_output = output

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    def cells(self) -> list[str]:
        if not self.seconds:
            return ["-", "-", "-"]
        return [f"{self.median:.3f}", f"{min(self.seconds):.3f}", f"{max(self.seconds):.3f}"]

    def exit_codes(self) -> str:
        return ",".join(str(c) for c in sorted(set(self.codes))) or "-"


def run_timed(series: Series, command: list[str], env: dict[str, str], *, timeout: float = 300) -> None:
    """Run ``command`` once; add its wall time to ``series``."""
    started = time.perf_counter()
    try:
        proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, check=False)
        code, output = proc.returncode, proc.stdout + proc.stderr
    except subprocess.TimeoutExpired:
        code, output = -1, "timed out"
    series.add(time.perf_counter() - started, code, output)


def check_summary(output: str) -> str:
    """``5/5 pass`` from k8slab's checklist output (every step's footer, added up)."""
    passed = total = 0
    for match in re.finditer(r"All (\d+) checks pass|(\d+)/(\d+) checks pass", output):
        if match.group(1):
            passed += int(match.group(1))
            total += int(match.group(1))
        else:
            passed += int(match.group(2))
            total += int(match.group(3))
    return f"{passed}/{total} pass" if total else "?"


def script_summary(output: str) -> str:
    match = re.search(r"(\d+) passed, (\d+) failed", output)
    if not match:
        return "?"
    passed, failed = int(match.group(1)), int(match.group(2))
    return f"{passed}/{passed + failed} pass"


# --- API requests ------------------------------------------------------------------------------


@dataclass
class RequestCount:
    """The requests of one run of checks, as Cluster.requests counts them, and the LISTs by kind."""

    label: str
    counted: Counter[str]
    lists: Counter[str]  # plural -> LIST requests
    scopes: dict[str, list[str]]  # plural -> namespaces listed ("*" = cluster-wide)

    @property
    def total(self) -> int:
        return sum(self.counted.values())

    @property
    def most_lists(self) -> int:
        return max(self.lists.values(), default=0)


def count_requests(cluster: Cluster, label: str, runs: list[tuple[Lesson, Step]]) -> RequestCount:
    """Run the checks of ``runs`` in-process through the engine; count the requests they make."""
    from k8slab.cluster.kinds import KINDS
    from k8slab.engine.checking import check_step

    plurals = {k.plural for k in KINDS.values()}
    seen: list[tuple[str, str, dict[str, Any]]] = []
    original = cluster.request

    def recording(method: str, path: str, **kwargs: Any) -> Any:
        seen.append((method, path, kwargs.get("query") or {}))
        return original(method, path, **kwargs)

    cluster.request = recording  # type: ignore[method-assign]
    cluster.requests.clear()
    try:
        for lesson, step in runs:
            check_step(cluster, lesson, step)
    finally:
        del cluster.request  # back to the class's method
    lists: Counter[str] = Counter()
    scopes: dict[str, list[str]] = {}
    for method, path, query in seen:
        parts = [p for p in path.split("/") if p]
        if method != "GET" or not parts or parts[-1] not in plurals or query.get("watch"):
            continue
        lists[parts[-1]] += 1
        namespace = parts[parts.index("namespaces") + 1] if "namespaces" in parts[:-1] else "*"
        scopes.setdefault(parts[-1], []).append(namespace)
    return RequestCount(label, Counter(cluster.requests), lists, scopes)


# --- where the time of one `check` goes ---------------------------------------------------------

STAGES_CODE = r"""
import json, sys, time
out = {}
t = time.perf_counter()
def stage(name):
    global t
    now = time.perf_counter()
    out[name] = now - t
    t = now
import k8slab.cli.app
stage("typer + k8slab command modules")
from k8slab.engine import course
lessons = course.load_lessons()
if sys.argv[1] == "--all":
    todo = [course.Position(lesson, i) for lesson in lessons for i in range(len(lesson.steps))]
else:
    lesson = course.find(lessons, sys.argv[1])
    todo = [course.Position(lesson, len(lesson.steps) - 1)]
stage("lesson files (pydantic import, full validation)")
import kubernetes.client, kubernetes.config
stage("import kubernetes client")
from k8slab.cli.options import connect
cluster = connect(None, None)
stage("kubeconfig + connect")
from k8slab.checks import runner
runner.registry()
import k8slab.cluster.view
stage("import checks")
from k8slab.cli.lessons_cmd import check_positions
reports = check_positions(todo, cluster)
stage("run the checks (API requests, exec)")
import io
from rich.console import Console
from k8slab.ui.render import report_view
console = Console(file=io.StringIO(), width=100)
for report in reports:
    console.print(report_view(report, "x"))
stage("render the checklist")
out["requests"] = sum(cluster.requests.values())
print(json.dumps(out))
"""


def breakdown(label: str, env: dict[str, str], runs: int) -> dict[str, list[float]]:
    """Each stage of ``k8slab check LABEL`` timed in a fresh interpreter, ``runs`` times."""
    stages: dict[str, list[float]] = {}
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, "-c", STAGES_CODE, label], env=env, capture_output=True, text=True, check=False
        )
        if proc.returncode != 0:
            stages.setdefault("error: " + (proc.stderr.strip().splitlines() or ["?"])[-1], []).append(0.0)
            break
        for name, value in json.loads(proc.stdout.strip().splitlines()[-1]).items():
            stages.setdefault(name, []).append(float(value))
    return stages
