"""``k8slab list | check | hint | solve | reset | setup``: the non-interactive lesson commands."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from k8slab.cli.options import ContextOpt, JsonOpt, KubeconfigOpt, LangOpt, StepOpt, connect, console, use_language
from k8slab.i18n import colon

if TYPE_CHECKING:
    from k8slab.checks.result import StepReport
    from k8slab.cluster.client import Cluster
    from k8slab.engine.course import Position

LessonArg = Annotated[str, typer.Argument(help="A lesson: lesson-3, 3 or service.", show_default=False)]


def list_lessons(context: ContextOpt = None, lang: LangOpt = None) -> None:
    """List the lessons, their steps and your progress (no cluster needed)."""
    use_language(lang)
    from k8slab.engine import course
    from k8slab.engine.progress import ProgressStore
    from k8slab.ui.render import lessons_table

    lessons = course.load_index()
    store = ProgressStore.load()
    out = console()
    for warning in store.warnings:
        console(stderr=True).print(f"[yellow]warning:[/] {warning}")
    out.print(lessons_table(lessons, store, course.progress_context(context)))


#: Steps checked at once by ``check --all``: the time goes in waiting for the API server and for
#: commands run in containers, so checks of several steps overlap well.
CHECK_WORKERS = 8


def check_positions(positions: list[Position], cluster: Cluster) -> list[StepReport]:
    """The checks of every position, several at a time; the reports in the positions' order."""
    from k8slab.engine.checking import check_step

    if len(positions) <= 1:
        return [check_step(cluster, pos.lesson, pos.step) for pos in positions]
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=min(CHECK_WORKERS, len(positions)), thread_name_prefix="check")
    try:
        return list(pool.map(lambda pos: check_step(cluster, pos.lesson, pos.step), positions))
    finally:  # on Ctrl-C, do not start the checks still waiting
        pool.shutdown(wait=False, cancel_futures=True)


def check(
    lesson: Annotated[str | None, typer.Argument(help="A lesson: lesson-3, 3 or service.", show_default=False)] = None,
    step: StepOpt = None,
    all_steps: Annotated[
        bool, typer.Option("--all", help="Check every step (of the lesson, or of the course).")
    ] = False,
    as_json: JsonOpt = False,
    kubeconfig: KubeconfigOpt = None,
    context: ContextOpt = None,
    lang: LangOpt = None,
) -> None:
    """Check your work on the live cluster: what is right, what is wrong, and why.

    Exit code 0 only when every check passes.
    """
    use_language(lang)
    from k8slab.engine import course
    from k8slab.engine.progress import ProgressStore
    from k8slab.errors import UsageError
    from k8slab.i18n import language, t
    from k8slab.ui.render import report_view

    lessons = course.load_lessons()
    if lesson is None and not all_steps:
        raise UsageError("name a lesson (e.g. `k8slab check lesson-1`) or use --all")
    chosen = [course.find(lessons, lesson)] if lesson else lessons
    store = ProgressStore.load()
    cluster = connect(kubeconfig, context)
    positions: list[course.Position] = []
    for each in chosen:
        if all_steps:
            positions += [course.Position(each, i) for i in range(len(each.steps))]
        else:
            positions.append(course.position(each, store, cluster.context, step))
    reports = list(zip(positions, check_positions(positions, cluster), strict=True))
    if lesson and not as_json and not all(r.passed for _, r in reports):
        here = chosen[0]
        if cluster.find("Namespace", here.namespace) is None:
            console(stderr=True).print(
                t(
                    f"[yellow]note:[/] {here.label} is not set up on this cluster yet (no namespace "
                    f"{here.namespace}): run `k8slab setup {here.label}`, or `k8slab start`.",
                    f"[yellow]note :[/] {here.label} n'est pas encore installée sur ce cluster (pas de namespace "
                    f"{here.namespace}) : lancez `k8slab setup {here.label}`, ou `k8slab start`.",
                ),
                soft_wrap=True,
            )

    if not all_steps and step is None:
        pos, report = reports[0]
        if report.passed:
            course.record_pass(store, cluster.context, pos)
            store.save()

    ok = all(report.passed for _, report in reports)
    if as_json:
        lang_code = language()
        payload = {
            "context": cluster.context,
            "passed": ok,
            "steps": [
                {
                    "lesson": pos.lesson.id,
                    "label": pos.lesson.label,
                    "step": pos.step.id,
                    "number": pos.number,
                    "passed": report.passed,
                    "checks": [r.to_json(lang_code) for r in report.results],
                }
                for pos, report in reports
            ],
        }
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        out = console()
        for warning in store.warnings:
            console(stderr=True).print(f"[yellow]warning:[/] {warning}")
        for pos, report in reports:
            out.print(report_view(report, f"{pos.label()}{colon()} {pos.step.title.get()}"))
        if ok and not all_steps and step is None and len(reports) == 1:
            pos = reports[0][0]
            if pos.is_last:
                out.print(t(f"{pos.lesson.label} is complete. Well done!", f"{pos.lesson.label} est terminée. Bravo !"))
            else:
                out.print(
                    t(
                        f"Next: step {pos.number + 1}. `k8slab hint {pos.lesson.label}` if you are stuck.",
                        f"Suite : étape {pos.number + 1}. `k8slab hint {pos.lesson.label}` si vous bloquez.",
                    )
                )
    raise typer.Exit(0 if ok else 1)


def hint(lesson: LessonArg, step: StepOpt = None, context: ContextOpt = None, lang: LangOpt = None) -> None:
    """Show the next hint for a step (a nudge first, nearly the answer last)."""
    use_language(lang)
    from k8slab.engine import course
    from k8slab.engine.progress import ProgressStore
    from k8slab.i18n import t

    chosen = course.find(course.load_lessons(), lesson)
    store = ProgressStore.load()
    ctx = course.progress_context(context)
    pos = course.position(chosen, store, ctx, step)
    hints = pos.step.hints
    index = store.next_hint(ctx, chosen.id, pos.step.id, len(hints))
    store.save()
    out = console()
    out.print(f"[bold]{pos.label()}{colon()} {pos.step.title.get()}[/]")
    out.print(f"[cyan]{t('Hint', 'Indice')} {index + 1}/{len(hints)}:[/] {hints[index].get()}")
    if index == len(hints) - 1:
        out.print(
            t(
                f"[dim]Still stuck? `k8slab solve {chosen.label} --step {pos.number} --show` shows the solution.[/]",
                f"[dim]Toujours bloqué ? `k8slab solve {chosen.label} --step {pos.number} --show` montre la "
                "solution.[/]",
            )
        )


def solve(
    lesson: LessonArg,
    step: StepOpt = None,
    show: Annotated[bool, typer.Option("--show", help="Only show the solution; change nothing.")] = False,
    kubeconfig: KubeconfigOpt = None,
    context: ContextOpt = None,
    lang: LangOpt = None,
) -> None:
    """Show a step's solution and apply it for you (or only show it, with --show)."""
    use_language(lang)
    from k8slab.engine import course
    from k8slab.engine.operations import LessonOps
    from k8slab.engine.progress import ProgressStore
    from k8slab.i18n import t
    from k8slab.ui.render import outcome_view, solution_view

    chosen = course.find(course.load_lessons(), lesson)
    store = ProgressStore.load()
    out = console()
    if show:
        pos = course.position(chosen, store, course.progress_context(context), step)
        out.print(f"[bold]{pos.label()}{colon()} {pos.step.title.get()}[/]")
        out.print(solution_view(pos.step))
        return
    cluster = connect(kubeconfig, context)
    pos = course.position(chosen, store, cluster.context, step)
    out.print(f"[bold]{pos.label()}{colon()} {pos.step.title.get()}[/]")
    out.print(solution_view(pos.step))
    ops = LessonOps(cluster, chosen)
    ops.setup()
    out.print(t("Applied:", "Appliqué :"))
    out.print(outcome_view(ops.solve(pos.index)))
    out.print(
        t(
            f"Check it: k8slab check {chosen.label} --step {pos.number}",
            f"Vérifiez : k8slab check {chosen.label} --step {pos.number}",
        )
    )


def _set_up(lesson: str, step: int | None, kubeconfig: str | None, context: str | None, *, fresh: bool) -> None:
    """Bring a lesson to a step and record where the learner is.

    ``fresh``: delete the namespace first and solve the earlier steps (reset); otherwise apply
    what the current step needs on top of what is there (setup).
    """
    from k8slab.engine import course
    from k8slab.engine.operations import LessonOps
    from k8slab.engine.progress import ProgressStore
    from k8slab.i18n import t
    from k8slab.ui.render import outcome_view

    chosen = course.find(course.load_lessons(), lesson)
    store = ProgressStore.load()
    cluster = connect(kubeconfig, context)
    pos = course.position(chosen, store, cluster.context, (step or 1) if fresh else None)
    ops = LessonOps(cluster, chosen)
    out = console()
    if fresh:
        with out.status(t(f"Resetting {chosen.label}…", f"Réinitialisation de {chosen.label}…")):
            lines = ops.prepare_step(pos.index, fresh=True)
        if step is None:
            store.forget(cluster.context, chosen.id)
    else:
        lines = ops.setup() + ops.enter_step(pos.index)
    store.start(cluster.context, chosen.id, pos.step.id)
    store.save()
    out.print(outcome_view(lines))
    out.print(t(f"{pos.label()} is ready.", f"{pos.label()} est prête."))


def reset(
    lesson: LessonArg,
    step: StepOpt = None,
    kubeconfig: KubeconfigOpt = None,
    context: ContextOpt = None,
    lang: LangOpt = None,
) -> None:
    """Start a lesson again: delete its namespace and set it up afresh (at --step K: earlier steps solved)."""
    use_language(lang)
    _set_up(lesson, step, kubeconfig, context, fresh=True)


def setup(
    lesson: LessonArg,
    kubeconfig: KubeconfigOpt = None,
    context: ContextOpt = None,
    lang: LangOpt = None,
) -> None:
    """Set a lesson up where you are in it (its namespace, starting objects), changing nothing else."""
    use_language(lang)
    _set_up(lesson, None, kubeconfig, context, fresh=False)


def register(app: typer.Typer) -> None:
    app.command("list")(list_lessons)
    app.command()(setup)
    app.command()(check)
    app.command()(hint)
    app.command()(solve)
    app.command()(reset)
