"""``k8slab demo`` on the live cluster: every step applied, converged and green, or diagnosed."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from k8slab.cluster.client import Cluster
from k8slab.lessons.loader import load_course
from tests.conftest import REPO
from tests.helpers import FIXTURES, run_cli

COURSE = FIXTURES / "demo-course"
NAMESPACES = ("k8slab-fixture-demo", "k8slab-fixture-demo-deploy")
REAL_LESSONS = sorted(p.parent.name for p in (REPO / "lessons").glob("*/lesson.yaml"))


@pytest.fixture
def demo_course(cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(COURSE))
    yield COURSE
    for ns in NAMESPACES:
        cluster.delete_lab_namespace(ns, wait=False)


def ready_pods(cluster: Cluster, namespace: str, selector: str) -> list[str]:
    pods = cluster.list("Pod", namespace, label_selector=selector)
    return [
        p["metadata"]["name"]
        for p in pods
        if any(c["type"] == "Ready" and c["status"] == "True" for c in p["status"].get("conditions") or [])
    ]


def test_auto_demo_runs_every_lesson_to_green(
    demo_course: Path, cli_cluster_env: tuple[str, str], cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(["demo", "--all", "--auto", "--delay", "0"], capsys)
    assert result.exit_code == 0, result.stdout + result.stderr
    out = result.stdout
    # each step: narration, manifest, the learner's command, then green
    for label, steps in (("lesson-1", 3), ("lesson-2", 2)):
        for n in range(1, steps + 1):
            assert f"{label} · step {n}/{steps}" in out
    assert out.count("Step 1 done: every check passes.") == 2
    assert "Step 3 done: every check passes." in out
    assert "manifests/01-web/pod.yaml" in out and "kubectl apply -n k8slab-fixture-demo -f pod.yaml" in out
    # the live table of the namespace ends with the objects the step made
    assert re.search(r"endpoints/web +1 ready: web", out)
    assert re.search(r"deployment/web +3/3 ready", out)
    assert out.count("all green") == 2
    # order: lesson 1 before lesson 2, narration before the result
    assert out.index("Run the pod web") < out.index("Step 1 done") < out.index("Create the Deployment web")
    # --auto does not reset, and says how to
    assert "k8slab reset lesson-1" in out and "k8slab reset lesson-2" in out
    assert all(cell_len(line) <= 80 for line in out.splitlines())
    # the cluster is really in the final state
    assert cluster.find("ConfigMap", "web-config", NAMESPACES[0]) is not None
    assert len(ready_pods(cluster, NAMESPACES[1], "app=web")) == 3


def test_from_step_prepares_the_earlier_steps(
    demo_course: Path, cli_cluster_env: tuple[str, str], cluster: Cluster, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(["demo", "lesson-1", "--from-step", "3", "--auto", "--delay", "0", "--lang", "fr"], capsys)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "étape 3/3" in result.stdout and "étape 1/3" not in result.stdout
    assert "Étape 3 réussie" in result.stdout
    # steps 1 and 2 were applied first: their objects are in the live table
    assert re.search(r"pod/web +Running 1/1", result.stdout)
    assert re.search(r"endpoints/web +1 prêt\(s\) : web", result.stdout)
    assert "(pas montrée)" in result.stdout  # the summary marks steps 1 and 2 as not shown


def test_a_step_that_does_not_converge_is_diagnosed(
    cluster: Cluster,
    cli_cluster_env: tuple[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    course = tmp_path / "course"
    (course / "lessons" / "01-broken").mkdir(parents=True)
    shutil.copytree(COURSE / "manifests" / "01-web", course / "manifests" / "01-broken")
    pod = course / "manifests" / "01-broken" / "pod.yaml"
    pod.write_text(pod.read_text().replace("nginx:1.27", "nginx:0.0-no-such-tag"))
    lesson = (COURSE / "lessons" / "01-web" / "lesson.yaml").read_text()
    lesson = lesson.replace("id: 01-web", "id: 01-broken").replace("01-web/", "01-broken/")
    lesson = lesson.replace("k8slab-fixture-demo", "k8slab-fixture-demo-broken").replace("timeout: 60", "timeout: 8")
    (course / "lessons" / "01-broken" / "lesson.yaml").write_text(lesson)
    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(course))
    try:
        result = run_cli(["demo", "lesson-1", "--auto", "--delay", "0"], capsys)
    finally:
        cluster.delete_lab_namespace("k8slab-fixture-demo-broken", wait=False)
    # the first step fails (bad image): the diagnosis is shown, the demo goes on, exit code 1
    assert result.exit_code == 1, result.stdout + result.stderr
    out = result.stdout
    assert "What the cluster says" in out and "not there in time" in out
    assert re.search(r"pod/web +(ErrImagePull|ImagePullBackOff) 0/1", out)  # the live table says why
    assert "why:" in out  # the diagnosis of the failing check
    assert "not all green" in out


def test_without_a_terminal_demo_needs_auto(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(COURSE))
    result = run_cli(["demo", "lesson-1"], capsys)
    assert result.exit_code == 2
    assert "--auto" in result.stderr and "terminal" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["demo"], "name a lesson"),
        (["demo", "lesson-1", "--all"], "not both"),
        (["demo", "lesson-1", "--from-step", "9", "--auto"], "has no step 9"),
        (["demo", "--all", "--from-step", "2", "--auto"], "--from-step"),
        (["demo", "lesson-7", "--auto"], "no lesson named"),
    ],
)
def test_bad_demo_arguments_get_one_line(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(COURSE))
    result = run_cli(args, capsys)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_long_steps_are_shown_in_two_screens(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a 24-line screen the narration is not scrolled away by a long manifest."""
    from k8slab.lessons.loader import load_lesson
    from k8slab.ui.demo import Demo
    from k8slab.ui.keys import KeyReader

    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(COURSE))
    lesson = load_lesson(COURSE / "lessons" / "02-replicas")
    small = Console(width=80, height=24, force_terminal=True)
    pages = Demo(None, small, KeyReader(), auto=True, delay=0).pages(lesson, 0)  # type: ignore[arg-type]
    assert len(pages) == 2
    big = Console(width=80, height=60, force_terminal=True)
    assert len(Demo(None, big, KeyReader(), auto=True, delay=0).pages(lesson, 0)) == 1  # type: ignore[arg-type]


@pytest.mark.skipif(
    len(REAL_LESSONS) < 6, reason=f"the course has {len(REAL_LESSONS)} of its 6 lessons: demo tested on the fixture"
)
def test_auto_demo_of_the_real_course_is_all_green(
    cluster: Cluster,
    cli_cluster_env: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # lesson 3 opens node port 30080, which is unique in a cluster: another copy of the course
    # running on the same cluster (a benchmark, say) would hold it
    holders = [
        f"{s['metadata']['namespace']}/{s['metadata']['name']}"
        for s in cluster.list("Service")
        if s["metadata"]["namespace"] != "k8slab-service"
        and any(p.get("nodePort") == 30080 for p in s["spec"].get("ports") or [])
    ]
    if holders:
        pytest.skip(f"node port 30080 is held by {holders[0]}, outside the course's namespaces")
    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(REPO))
    try:
        result = run_cli(["demo", "--all", "--auto", "--delay", "0"], capsys)
    finally:
        for lesson in load_course(REPO / "lessons"):
            cluster.delete_lab_namespace(lesson.namespace, wait=False)
    assert result.exit_code == 0, result.stdout[-4000:] + result.stderr
    for n in range(6):
        assert f"k8slab reset lesson-{n}" in result.stdout
    assert result.stdout.count("all green") == 6
    assert "not all green" not in result.stdout


def test_the_narration_is_the_opening_prose_of_the_step() -> None:
    from k8slab.ui.demo_view import short_narration

    text = (
        "A **Service** gives pods one address. Look at the pods:\n\n"
        "```bash\nkubectl get pods\n\nkubectl get svc\n```\n\n"
        "Both carry `app=web` :\n\n"
        "| column | meaning |\n| --- | --- |\n\n"
        "- a list item\n- another\n\n"
        "Then a long paragraph that goes past the limit. " * 10
    )
    narration = short_narration(text, limit=120)
    assert narration == "A **Service** gives pods one address. Look at the pods.\n\nBoth carry `app=web`."
    assert "kubectl" not in narration and "column" not in narration and "list item" not in narration
    # a first paragraph longer than the limit is kept whole rather than cut
    assert short_narration("x" * 500, limit=100) == "x" * 500
