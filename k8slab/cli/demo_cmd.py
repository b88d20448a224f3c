"""``k8slab demo`` and ``k8slab map``: the instructor's demo mode and the cluster as a picture."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from k8slab.cli.options import ContextOpt, KubeconfigOpt, LangOpt, connect, console, use_language


def demo(
    lesson: Annotated[str | None, typer.Argument(help="A lesson: lesson-3, 3 or service.", show_default=False)] = None,
    all_lessons: Annotated[bool, typer.Option("--all", help="Demonstrate every lesson, one after the other.")] = False,
    auto: Annotated[
        bool, typer.Option("--auto", help="Do not wait for keys: go on by itself after --delay seconds.")
    ] = False,
    delay: Annotated[float, typer.Option("--delay", min=0, help="Seconds between steps with --auto.")] = 3.0,
    from_step: Annotated[
        int, typer.Option("--from-step", min=1, help="Start at this step (earlier steps are applied first).")
    ] = 1,
    kubeconfig: KubeconfigOpt = None,
    context: ContextOpt = None,
    lang: LangOpt = None,
) -> None:
    """Demonstrate a lesson on the live cluster, step by step, for an audience.

    Each step shows what it is about, the command a learner would type and the manifest, then waits.

    Keys: Enter or space goes on, b goes back a step, q quits. With --auto it goes on by itself.

    k8slab then applies the step and shows the cluster converging until the step's checks pass.

    Starts from a fresh lesson. Exit code 0 when every step shown went green, 1 otherwise.
    """
    use_language(lang)
    from k8slab.engine import course
    from k8slab.errors import InteractiveSessionError, UsageError
    from k8slab.i18n import t
    from k8slab.ui.demo import Demo, QuitDemo
    from k8slab.ui.keys import KeyReader

    if lesson is None and not all_lessons:
        raise UsageError(
            t(
                "name a lesson (e.g. `k8slab demo lesson-1`) or use --all",
                "nommez une leçon (par exemple `k8slab demo lesson-1`) ou utilisez --all",
            )
        )
    if lesson is not None and all_lessons:
        raise UsageError(t("name a lesson or use --all, not both", "nommez une leçon ou utilisez --all, pas les deux"))
    if all_lessons and from_step != 1:
        raise UsageError(
            t("--from-step goes with one lesson, not --all", "--from-step va avec une leçon, pas avec --all")
        )
    if not auto and not sys.stdin.isatty():
        raise InteractiveSessionError(
            t(
                "k8slab demo waits for keys between steps and needs a terminal",
                "k8slab demo attend des touches entre les étapes et a besoin d'un terminal",
            ),
            t(
                "without a terminal, use --auto (e.g. k8slab demo lesson-1 --auto --delay 0)",
                "sans terminal, utilisez --auto (par exemple k8slab demo lesson-1 --auto --delay 0)",
            ),
        )
    lessons = course.load_lessons()
    chosen = lessons if all_lessons else [course.find(lessons, lesson or "")]
    steps = len(chosen[0].steps)
    if not 1 <= from_step <= steps:
        raise UsageError(
            t(f"{chosen[0].label} has no step {from_step}", f"{chosen[0].label} n'a pas d'étape {from_step}"),
            t(f"steps: 1 to {steps}", f"étapes : 1 à {steps}"),
        )
    cluster = connect(kubeconfig, context)
    out = console()
    try:
        with KeyReader() as keys:
            show = Demo(cluster, out, keys, auto=auto, delay=delay)
            try:
                for each in chosen:
                    show.run_lesson(each, from_step - 1)
            except QuitDemo:
                show.stopped()
                raise typer.Exit(0 if show.all_green else 1) from None
            show.offer_reset()
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    raise typer.Exit(0 if show.all_green else 1)


def map_cluster(
    watch: Annotated[
        bool, typer.Option("--watch", "-w", help="Redraw whenever the cluster changes (q quits).")
    ] = False,
    kubeconfig: KubeconfigOpt = None,
    context: ContextOpt = None,
    lang: LangOpt = None,
) -> None:
    """Draw the cluster: control plane, nodes (kubelet, runtime, lab pods), Services and their pods."""
    use_language(lang)
    from k8slab.ui.cluster_map import run_map

    cluster = connect(kubeconfig, context)
    try:
        run_map(cluster, console(), watch=watch)
    except KeyboardInterrupt:
        raise typer.Exit(130) from None


def register(app: typer.Typer) -> None:
    app.command()(demo)
    app.command("map")(map_cluster)
