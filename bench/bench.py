"""How fast k8slab starts and checks, on a real cluster.

    K8SLAB_KUBECONFIG=... K8SLAB_CONTEXT=... python bench/bench.py [--runs 10]

Prints medians (with min and max) of: cold start (``k8slab --help``, ``k8slab list`` beside
``python -c pass``); ``k8slab check lesson-N`` per lesson and ``k8slab check --all`` with the
solutions applied, beside a shell script making the same checks with one ``kubectl`` call each;
the API requests one check makes; where the time of one check goes; how soon ``k8slab watch``
shows a change. Ends with the targets, each MET or NOT MET. Always exits 0 (it reports).

It works on a copy of the course whose lesson namespaces are prefixed (``bench-k8slab-pod``...),
so it never touches the namespaces a learner works in, and deletes them when done.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_course import Course, Env, copy_course, k8slab_command
from bench_measure import (
    RequestCount,
    Series,
    breakdown,
    check_summary,
    count_requests,
    run_timed,
    script_summary,
)

if TYPE_CHECKING:
    from bench_watch import WatchRun

    from k8slab.lessons.schema import Lesson

REPO = Path(__file__).resolve().parent.parent


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


_NUMBER = re.compile(r"^[-+]?[\d.]+( s)?$|^\d+/\d+( pass)?$|^-$")


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    """A plain-text table: numbers right-aligned, words left-aligned."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    numeric = [all(_NUMBER.match(str(r[i])) for r in rows) if rows else False for i in range(len(header))]
    print(f"\n{title}")
    for n, row in enumerate([header, *rows]):
        cells = [str(c).rjust(w) if num else str(c).ljust(w) for c, w, num in zip(row, widths, numeric, strict=True)]
        print("  " + "  ".join(cells).rstrip())
        if n == 0:
            print("  " + "  ".join("-" * w for w in widths))
    sys.stdout.flush()


def ratio(a: Series, b: Series) -> str:
    return f"{a.median / b.median:.2f}" if a.seconds and b.seconds and b.median > 0 else "-"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kubeconfig", default=os.environ.get("K8SLAB_KUBECONFIG"), help="kubeconfig file")
    parser.add_argument("--context", default=os.environ.get("K8SLAB_CONTEXT"), help="context (default: kind-k8slab)")
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each command (default 10)")
    parser.add_argument("--watch-runs", type=int, default=5, help="runs of the watch measurement (default 5)")
    parser.add_argument("--watch-step", help="the step watch sees solved, as lesson-N:K (default: picked)")
    parser.add_argument("--lessons", help="only these lessons, e.g. 1,3 (check --all still checks them all)")
    parser.add_argument("--prefix", default="bench-", help="prefix of the lesson namespaces (default bench-)")
    parser.add_argument("--course", type=Path, default=None, help="course folder (default: this checkout)")
    parser.add_argument("--no-cluster", action="store_true", help="only the cold start")
    parser.add_argument("--no-watch", action="store_true", help="skip the watch measurement")
    parser.add_argument("--keep", action="store_true", help="keep the lesson namespaces")
    args = parser.parse_args(argv)
    args.runs = max(1, args.runs)
    return args


def cold_start(executable: list[str], env: dict[str, str], runs: int) -> dict[str, Series]:
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "k8slab --help": [*executable, "--help"],
        "k8slab list": [*executable, "list"],
    }
    series = {name: Series(name) for name in commands}
    for name, command in commands.items():  # warm the disk cache and the bytecode
        run_timed(Series(name), command, env)
    for _ in range(runs):
        for name, command in commands.items():
            run_timed(series[name], command, env)
    table(
        f"cold start, {runs} runs (seconds)",
        ["command", "median", "min", "max", "exit"],
        [[s.name, *s.cells(), s.exit_codes()] for s in series.values()],
    )
    return series


def check_times(
    course: Course, lessons: list[Lesson], tmp: Path, runs: int
) -> tuple[dict[str, tuple[Series, Series]], tuple[Series, Series]]:
    from bench_kubectl import Generator

    env = course.env.vars()
    gen = Generator(course.cluster)
    exe = course.env.executable
    pairs: dict[str, tuple[list[str], list[str]]] = {}
    counts: dict[str, int] = {}
    for lesson in lessons:
        text, counts[lesson.label] = gen.script(course.env.kubeconfig, course.env.context, [(lesson, lesson.steps[-1])])
        path = tmp / f"kubectl-{lesson.label}.sh"
        path.write_text(text, encoding="utf-8")
        pairs[lesson.label] = ([*exe, "check", lesson.label], ["bash", str(path)])
    every = [(lesson, step) for lesson in course.lessons for step in lesson.steps]
    text, counts["--all"] = gen.script(course.env.kubeconfig, course.env.context, every)
    (tmp / "kubectl-all.sh").write_text(text, encoding="utf-8")
    pairs["--all"] = ([*exe, "check", "--all"], ["bash", str(tmp / "kubectl-all.sh")])
    log(f"kubectl scripts: {tmp}/kubectl-*.sh")

    results = {name: (Series(f"k8slab check {name}"), Series(name)) for name in pairs}
    for our_cmd, their_cmd in pairs.values():  # warm-up (and the probe pod, for HTTP checks)
        run_timed(Series("warm-up"), our_cmd, env)
        run_timed(Series("warm-up"), their_cmd, env)
    for i in range(runs):
        log(f"check run {i + 1}/{runs}")
        for name, (our_cmd, their_cmd) in pairs.items():
            run_timed(results[name][0], our_cmd, env)
            run_timed(results[name][1], their_cmd, env)
    rows = []
    for name, (ours, theirs) in results.items():
        what = name if name == "--all" else f"{name} step {len(_lesson(lessons, name).steps)}"
        rows.append(
            [
                what,
                str(counts[name]),
                *ours.cells(),
                *theirs.cells(),
                ratio(ours, theirs),
                check_summary(ours.last_output),
                script_summary(theirs.last_output),
            ]
        )
    table(
        f"check with the solutions applied, {runs} runs (seconds; ratio = k8slab / kubectl script)",
        ["check", "checks", "k8slab", "min", "max", "kubectl", "min", "max", "ratio", "k8slab", "script"],
        rows,
    )
    every_pair = results.pop("--all")
    return results, every_pair


def _lesson(lessons: list[Lesson], label: str) -> Lesson:
    return next(lesson for lesson in lessons if lesson.label == label)


def requests_section(course: Course, lessons: list[Lesson]) -> list[RequestCount]:
    from k8slab.cluster.client import Cluster

    cluster = Cluster.connect(course.env.kubeconfig, course.env.context)
    counts = [
        count_requests(cluster, f"{lesson.label} step {len(lesson.steps)}", [(lesson, lesson.steps[-1])])
        for lesson in lessons
    ]
    rows = []
    for c in counts:
        per_kind = ", ".join(f"{key} {n}" for key, n in sorted(c.counted.items()))
        lists = ", ".join(f"{kind} {n}" + ("" if n == 1 else " !") for kind, n in sorted(c.lists.items()))
        rows.append([c.label, str(c.total), per_kind, lists, "yes" if c.most_lists <= 1 else "NO"])
    table(
        "API requests of one check run (in-process through the engine, counted by Cluster.requests)",
        ["check", "total", "requests by kind", "LISTs by kind", "<= 1 LIST/kind"],
        rows,
    )
    every = count_requests(cluster, "--all", [(lesson, step) for lesson in course.lessons for step in lesson.steps])
    steps = sum(len(lesson.steps) for lesson in course.lessons)
    print(
        f"  check --all ({steps} steps, one run of checks per step): {every.total} requests; "
        + ", ".join(f"LIST {kind} x{n}" for kind, n in every.lists.most_common())
    )
    for c in counts:
        for kind, scopes in sorted(c.scopes.items()):
            if len(scopes) > 1:
                print(f"  {c.label}: {kind} listed {len(scopes)} times, in: {', '.join(scopes)}")
    return counts


def breakdown_section(course: Course, label: str, runs: int, start: Series) -> None:
    stages = breakdown(label, course.env.vars(), runs)
    rows = [["interpreter start (python -c pass)", f"{start.median:.3f}"]]
    medians = {name: statistics.median(v) for name, v in stages.items() if name != "requests"}
    rows += [[name, f"{value:.3f}"] for name, value in medians.items()]
    rows.append(["sum", f"{start.median + sum(medians.values()):.3f}"])
    if stages.get("requests") and statistics.median(stages["requests"]) > 0:
        rows.append(["(API requests made)", f"{statistics.median(stages['requests']):.0f}"])
    title = f"where the time of `k8slab check {label}` goes (in stages, median of {runs} runs, seconds)"
    table(title, ["stage", "s"], rows)


def watch_section(course: Course, wanted: str | None, runs: int) -> list[WatchRun] | None:
    try:
        import pexpect  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        print("\nwatch: not measured, pexpect is not installed (pip install pexpect)")
        return None
    from bench_watch import WatchBench, pick_step

    picked = pick_step(course.lessons, wanted)
    if picked is None:
        print("\nwatch: no step whose solve only applies manifests; use --watch-step lesson-N:K")
        return []
    bench = WatchBench(course, picked[0], picked[1], log)
    log(f"watch: {bench.label()}")
    results = bench.run(runs)
    shown = [r.seconds for r in results if r.seconds is not None]
    series = Series("watch")
    for value in shown:
        series.add(value, 0, "")
    table(
        f"k8slab watch: apply -> screen shows the step done, {runs} runs (seconds)",
        ["step", "median", "min", "max", "shown"],
        [[bench.label(), *series.cells(), f"{len(shown)}/{len(results)}"]],
    )
    for r in results:
        if r.seconds is None:
            print(f"  not shown: {r.note}")
    return results


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("MET" if ok else "NOT MET")


def targets(
    start: dict[str, Series],
    checks: dict[str, tuple[Series, Series]] | None,
    every: tuple[Series, Series] | None,
    counts: list[RequestCount] | None,
    watch: list[WatchRun] | None,
) -> None:
    rows: list[list[str]] = []
    for name in ("k8slab --help", "k8slab list"):
        value = start[name].median
        rows.append([f"{name} <= 0.25 s", f"{value:.3f} s", verdict(value <= 0.25)])
    if checks:
        slowest = max(checks.values(), key=lambda pair: pair[0].median)[0]
        measured = f"{slowest.median:.3f} s ({slowest.name})"
        rows.append(["check lesson-N <= 1.0 s (slowest lesson)", measured, verdict(slowest.median <= 1.0)])
    if every:
        ours, theirs = every
        rows.append(["check --all <= 2.0 s", f"{ours.median:.3f} s", verdict(ours.median <= 2.0)])
        measured = f"{ours.median:.3f} / {theirs.median:.3f} s"
        rows.append(["check --all <= half the kubectl script", measured, verdict(ours.median <= theirs.median / 2)])
    if counts:
        worst = max(counts, key=lambda c: c.most_lists)
        measured = f"max {worst.most_lists} ({worst.label})"
        rows.append(["<= 1 LIST per kind per check run", measured, verdict(worst.most_lists <= 1)])
    if watch is not None:
        shown = [r.seconds for r in watch if r.seconds is not None]
        if shown and len(shown) == len(watch):
            median = statistics.median(shown)
            rows.append(["watch shows a change within 1 s", f"{median:.3f} s (median)", verdict(median <= 1.0)])
        else:
            rows.append(["watch shows a change within 1 s", f"shown in {len(shown)}/{len(watch)} runs", verdict(False)])
    table("targets", ["target", "measured", ""], rows)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from k8slab.cluster.connection import select_target
    from k8slab.errors import K8sLabError

    with tempfile.TemporaryDirectory(prefix="k8slab-bench-") as tmpdir:
        tmp = Path(tmpdir)
        source = args.course or REPO
        course_dir = copy_course(source, tmp / "course", args.prefix)
        try:
            target = select_target(args.kubeconfig, args.context)
            kubeconfig, context = str(target.kubeconfig), target.context
        except K8sLabError as err:
            if not args.no_cluster:
                log(f"error: {err.message}")
                return 0
            kubeconfig, context = "", ""
        env = Env(kubeconfig, context, course_dir, tmp / "data", k8slab_command())
        env.use_here()
        print(f"k8slab benchmark · {time.strftime('%Y-%m-%d %H:%M')} · python {sys.version.split()[0]}")
        print(f"k8slab: {' '.join(env.executable)} · {os.cpu_count()} CPUs · load {os.getloadavg()[0]:.2f}")
        start = cold_start(env.executable, env.vars(), args.runs)
        if args.no_cluster:
            targets(start, None, None, None, None)
            return 0
        return run_cluster(args, env, tmp, start)


def run_cluster(args: argparse.Namespace, env: Env, tmp: Path, start: dict[str, Series]) -> int:
    from k8slab.cluster.client import Cluster
    from k8slab.engine.course import load_lessons
    from k8slab.errors import K8sLabError

    try:
        cluster = Cluster.connect(env.kubeconfig, env.context)
        print(f"cluster: {env.context} ({cluster.host}, {cluster.version()}) · namespaces prefixed {args.prefix!r}")
        course = Course(env, cluster, load_lessons())
    except K8sLabError as err:
        log(f"error: {err.message}")
        return 0
    chosen = course.lessons
    if args.lessons:
        wanted = {f"lesson-{n.strip().removeprefix('lesson-')}" for n in args.lessons.split(",")}
        chosen = [lesson for lesson in course.lessons if lesson.label in wanted]
    checks = every = counts = watch = None
    try:
        log("setting up every lesson with its solutions applied…")
        for lesson in course.lessons:
            course.prepare(lesson, log)
        print("\nlessons set up with every step solved (then: check their last step):")
        for prepared in course.prepared.values():
            print(f"  {prepared.lesson.label}: {prepared.state()} ({prepared.seconds:.0f} s to set up)")
        checks, every = check_times(course, chosen, tmp, args.runs)
        counts = requests_section(course, chosen)
        slowest = max(checks.values(), key=lambda pair: pair[0].median)[0].name.split()[-1]
        breakdown_section(course, slowest, args.runs, start["python -c pass"])
        breakdown_section(course, "--all", args.runs, start["python -c pass"])
        if not args.no_watch:
            watch = watch_section(course, args.watch_step, args.watch_runs)
    except K8sLabError as err:
        log(f"error: {err.message}")
    except KeyboardInterrupt:
        log("interrupted")
    finally:
        targets(start, checks, every, counts, watch)
        if not args.keep:
            log("cleaning up…")
            course.cleanup(log)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
