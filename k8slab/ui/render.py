"""Rich renderables shared by the commands: checklists, steps, solutions, the lesson list.

Everything fits 80 columns and reads without colour (NO_COLOR): status is carried by a mark
and a word, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text as RichText

from k8slab.i18n import colon, t

if TYPE_CHECKING:
    from k8slab.checks.result import CheckResult, StepReport
    from k8slab.engine.course import Position
    from k8slab.engine.progress import ProgressStore
    from k8slab.lessons.index import LessonInfo
    from k8slab.lessons.schema import Step

MARKS = {"passed": ("✓", "green"), "failed": ("✗", "red"), "cannot-verify-here": ("?", "yellow")}


def result_lines(result: CheckResult, *, same_cause: bool = False) -> RenderableType:
    """One check: its mark and title; for a failure, what was expected and found, why, what to try.

    Labels sit in their own column, so a long explanation wraps under itself, not under the label.
    """
    mark, colour = MARKS[result.status.value]
    head = RichText.assemble((f"{mark} ", f"bold {colour}"), (result.title.get(), "bold" if not result.passed else ""))
    if result.passed:
        return head
    rows: list[tuple[str, str]] = []
    if result.expected or result.actual:
        rows.append((t("expected", "attendu"), result.expected_text() or "-"))
        rows.append((t("found", "trouvé"), result.actual_text() or "-"))
    if same_cause:  # a missing object fails every check about it: explain it once
        rows.append((t("why", "pourquoi"), t("the same cause as above", "la même cause que ci-dessus")))
    else:
        if result.why:
            rows.append((t("why", "pourquoi"), result.why.get()))
        if result.hint:
            rows.append((t("try", "essayez"), result.hint.get()))
    if result.status.value == "cannot-verify-here":
        rows.append(("", t("(this is not counted as passed)", "(ce n'est pas compté comme réussi)")))
    details = Table.grid(padding=(0, 1))
    details.add_column(style="dim", no_wrap=True)
    details.add_column(overflow="fold")
    colon_text = colon()
    for label, value in rows:
        details.add_row(f"  {label}{colon_text}" if label else "", RichText(value))
    return Group(head, details)


def report_view(report: StepReport, title: str | None = None) -> RenderableType:
    """The checklist of one step: a mark per check and, for each failure, why and what to try."""
    table = Table(show_header=False, box=None, padding=(0, 0, 1, 0), expand=False)
    table.add_column(overflow="fold")
    explained: set[str] = set()
    for result in report.results:
        why = result.why.get() if result.why and not result.passed else None
        table.add_row(result_lines(result, same_cause=why in explained))
        if why:
            explained.add(why)
    passed = sum(r.passed for r in report.results)
    total = len(report.results)
    if report.passed and total == 1:
        footer = RichText(t("The check passes.", "La vérification réussit."), style="bold green")
    elif report.passed:
        footer = RichText(t(f"All {total} checks pass.", f"Les {total} vérifications réussissent."), style="bold green")
    else:
        footer = RichText(
            t(f"{passed}/{total} checks pass.", f"{passed}/{total} vérifications réussissent."), style="bold yellow"
        )
    return Panel(
        Group(table, footer),
        title=escape(title) if title else None,
        title_align="left",
        border_style="green" if report.passed else "yellow",
    )


def step_view(pos: Position) -> RenderableType:
    from rich.markdown import Markdown  # markdown-it and pygments: imported only when shown

    step = pos.step
    heading = (
        f"{pos.lesson.title.get()} — {t('step', 'étape')} {pos.number}/{len(pos.lesson.steps)}{colon()} "
        f"{step.title.get()}"
    )
    return Panel(Markdown(step.text.get()), title=escape(heading), title_align="left", border_style="cyan")


def manifests_view(paths: Iterable[str]) -> list[RenderableType]:
    from rich.syntax import Syntax

    from k8slab.engine.manifests import manifest_text

    out: list[RenderableType] = []
    for relative in paths:
        out.append(
            Panel(
                Syntax(manifest_text(relative).rstrip(), "yaml", theme="ansi_dark", word_wrap=True),
                title=escape(f"manifests/{relative}"),
                title_align="left",
                border_style="blue",
            )
        )
    return out


def solution_view(step: Step) -> RenderableType:
    """The solution: the manifests (highlighted) and the kubectl commands a learner would type."""
    from rich.syntax import Syntax

    parts: list[RenderableType] = []
    files = list(step.solve.apply) + [a.manifest for a in step.solve.actions if a.do == "apply"]
    parts += manifests_view(dict.fromkeys(files))
    if step.solve.commands:
        commands = "\n".join(step.solve.commands)
        parts.append(
            Panel(
                Syntax(commands, "bash", theme="ansi_dark", word_wrap=True),
                title=t("kubectl commands", "commandes kubectl"),
                title_align="left",
                border_style="blue",
            )
        )
    return Group(*parts)


def outcome_view(lines: Iterable[str]) -> RenderableType:
    return RichText("\n".join(f"  • {line}" for line in lines) or t("  (nothing to do)", "  (rien à faire)"))


def mark_for(status: str) -> str:
    return {"done": "✓", "in progress": "◐", "new": "·"}[status]


def status_label(status: str) -> str:
    return {"done": t("done", "terminée"), "in progress": t("in progress", "en cours"), "new": t("new", "nouvelle")}[
        status
    ]


def lessons_table(lessons: list[LessonInfo], store: ProgressStore, context: str) -> Table:
    """The lesson list (from the light index: no full validation needed)."""
    from k8slab.engine.course import status_of, steps_done

    table = Table(title=t("k8slab course", "Cours k8slab"), title_justify="left", expand=False)
    table.add_column(t("lesson", "leçon"), no_wrap=True)
    table.add_column(t("title", "titre"))
    table.add_column(t("steps", "étapes"), justify="right")
    table.add_column(t("progress", "progression"), no_wrap=True)
    for lesson in lessons:
        progress = store.peek(context, lesson.id)
        status = status_of(lesson.step_ids, progress)
        table.add_row(
            f"{lesson.label} ({lesson.slug})",
            f"{lesson.title.get()} [dim]~{lesson.duration_minutes} min[/]",
            f"{steps_done(lesson.step_ids, progress)}/{len(lesson.step_ids)}",
            f"{mark_for(status)} {status_label(status)}",
        )
    return table
