"""``k8slab lint`` and ``k8slab selftest``: tools for whoever writes or maintains the course."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from k8slab.cli.options import ContextOpt, KubeconfigOpt, LangOpt, connect, console, use_language


def lint(
    path: Annotated[
        Path | None, typer.Argument(help="A course folder, lessons folder or lesson folder.", show_default=False)
    ] = None,
    lang: LangOpt = None,
) -> None:
    """Validate lesson files and their manifests offline (schema, manifests, files, languages, ids)."""
    use_language(lang)
    from k8slab.i18n import t
    from k8slab.lessons.lint import lint_course

    if path is not None and not path.exists():
        from k8slab.errors import UsageError

        raise UsageError(f"{path}: no such file or folder")
    if path is not None and path.is_file():
        path = path.parent
    problems, count = lint_course(path)
    out = console()
    for problem in problems:
        out.print(f"[red]✗[/] {problem}", highlight=False, soft_wrap=True)
    if problems:
        out.print(
            t(
                f"{len(problems)} problem(s) in {count} lesson(s).",
                f"{len(problems)} problème(s) dans {count} leçon(s).",
            )
        )
        raise typer.Exit(1)
    out.print(t(f"[green]✓[/] {count} lesson(s), no problem.", f"[green]✓[/] {count} leçon(s), aucun problème."))


def selftest(
    lessons: Annotated[
        list[str] | None, typer.Argument(help="Lessons to test (default: all).", show_default=False)
    ] = None,
    keep: Annotated[bool, typer.Option("--keep", help="Keep the lesson namespaces afterwards.")] = False,
    kubeconfig: KubeconfigOpt = None,
    context: ContextOpt = None,
    lang: LangOpt = None,
) -> None:
    """Prove the course on a live cluster: each step fails before its solve and passes after it,
    and each known mistake gets its diagnosis."""
    use_language(lang)
    from rich.table import Table

    from k8slab.engine import course
    from k8slab.engine.selftest import FAILED, OK, Selftest, SelftestRow
    from k8slab.i18n import t

    all_lessons = course.load_lessons()
    chosen = [course.find(all_lessons, name) for name in lessons] if lessons else all_lessons
    cluster = connect(kubeconfig, context)
    out = console()
    marks = {OK: "[green]✓[/]", FAILED: "[red]✗[/]"}

    def show(row: SelftestRow) -> None:
        mark = marks.get(row.outcome, "[yellow]?[/]")
        detail = f" [dim]{row.detail}[/]" if row.outcome != OK else ""
        out.print(f"{mark} {row.lesson} {row.step}: {row.phase} ({row.seconds:.1f}s){detail}", soft_wrap=True)

    test = Selftest(cluster, on_row=show)
    for lesson in chosen:
        out.rule(f"{lesson.label} — {lesson.title.get()}")
        test.run_lesson(lesson, keep=keep)

    table = Table(title=t("selftest summary", "résumé du selftest"), title_justify="left")
    table.add_column(t("lesson", "leçon"))
    for column in (t("ok", "ok"), t("failed", "échoué"), t("cannot verify", "invérifiable")):
        table.add_column(column, justify="right")
    for lesson in chosen:
        rows = [r for r in test.rows if r.lesson == lesson.label]
        counts = [sum(r.outcome == kind for r in rows) for kind in (OK, FAILED, "cannot-verify-here")]
        table.add_row(lesson.label, *(str(c) for c in counts))
    out.print(table)
    raise typer.Exit(0 if test.passed else 1)


def register(app: typer.Typer) -> None:
    app.command()(lint)
    app.command()(selftest)
