"""What the demo shows while the cluster converges: the lesson namespace's objects and the checklist."""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from k8slab.i18n import t
from k8slab.ui.cluster_map import MARKS, mark

if TYPE_CHECKING:
    from k8slab.checks.result import StepReport
    from k8slab.engine.object_state import ObjectRow
    from k8slab.lessons.schema import Step

STATES = {"passed": "ready", "failed": "failing", "cannot-verify-here": "unknown"}
NARRATION = 300  # characters of prose the demo reads out of a step's text


def short_narration(markdown: str, limit: int = NARRATION) -> str:
    """The opening prose of a step's text, for the audience: code blocks, lists and tables left
    out (the demo shows the command and the manifest itself), whole paragraphs up to about
    ``limit`` characters; a paragraph that announced what was left out ends with a full stop."""
    paragraphs: list[str] = []
    fenced = False
    for block in re.split(r"\n\s*\n", markdown.strip()):
        starts_fence = block.lstrip().startswith("```")
        if fenced or starts_fence:
            fenced = (block.count("```") % 2 == 1) != fenced
            continue
        if re.match(r"\s*([|#>]|[-*+] |\d+\. | {4})", block):  # tables, headings, quotes, lists, code
            continue
        if paragraphs and sum(len(p) for p in paragraphs) + len(block) > limit:
            break
        block = block.strip()
        paragraphs.append(re.sub(r"\s*:$", ".", block))  # French puts a space before the colon
        if sum(len(p) for p in paragraphs) >= limit:
            break
    return "\n\n".join(paragraphs)


def step_blocks(step: Step) -> list[RenderableType]:
    """The narration, the command a learner would type, and the manifests k8slab applies."""
    from k8slab.ui.render import manifests_view

    blocks: list[RenderableType] = [Markdown(short_narration(step.text.get()))]
    if step.solve.commands:
        blocks.append(
            Panel(
                Syntax("\n".join(step.solve.commands), "bash", theme="ansi_dark", word_wrap=True),
                title=t("what a learner types", "ce qu'un participant tape"),
                title_align="left",
                border_style="blue",
            )
        )
    files = list(step.solve.apply) + [a.manifest for a in step.solve.actions if a.do == "apply"]
    return blocks + manifests_view(dict.fromkeys(files))


def objects_table(rows: Sequence[ObjectRow], namespace: str) -> RenderableType:
    """``kind/name`` and its state, one line each (what `kubectl get all` would show, briefly)."""
    if not rows:
        return Text(t(f"  namespace {namespace} is empty", f"  le namespace {namespace} est vide"), style="dim")
    grid = Table.grid(padding=(0, 2))
    names = [len(r.kind) + len(r.name) + 3 for r in rows]
    grid.add_column(no_wrap=True, min_width=min(max(names), 44))
    grid.add_column(overflow="ellipsis", no_wrap=True)
    for row in rows:
        grid.add_row(
            Text.assemble(mark(row.state), " ", (f"{row.kind}/", "dim"), (row.name, "bold")),
            Text(row.summary, style="" if row.state == "ready" else MARKS.get(row.state, MARKS["unknown"])[1]),
        )
    return grid


class Converging:
    """The live view while the cluster converges: the namespace's objects, then the checklist."""

    def __init__(self, namespace: str, timeout: int) -> None:
        self.namespace = namespace
        self.timeout = timeout
        self.started = time.monotonic()
        self.rows: list[ObjectRow] = []
        self.report: StepReport | None = None
        self.finished = False

    def __rich__(self) -> RenderableType:
        elapsed = time.monotonic() - self.started
        report = self.report
        if report is not None and report.passed:
            head = Text.assemble(mark("ready"), " ", (t("the cluster is there", "le cluster y est"), "bold green"))
        elif self.finished and report is not None and not report.failed:
            words = t("some checks cannot be verified on this cluster", "certaines vérifications sont impossibles ici")
            head = Text.assemble(mark("unknown"), " ", (words, "bold yellow"))
        elif self.finished:
            head = Text.assemble(mark("failing"), " ", (t("not there in time", "pas atteint à temps"), "bold red"))
        else:
            head = Text.assemble(
                mark("starting"), " ", (t("the cluster converges…", "le cluster converge…"), "bold yellow")
            )
        head.append(f"  {elapsed:.0f}s / {self.timeout}s", style="dim")
        objects = Panel(
            objects_table(self.rows, self.namespace),
            title=f"[bold]namespace {escape(self.namespace)}[/]",
            title_align="left",
            border_style="cyan",
        )
        return Group(head, objects, checklist(report))


def checklist(report: StepReport | None) -> RenderableType:
    """One line per check: its mark and its title (what failed shows what was found)."""
    if report is None:
        return Text(t("  checking…", "  vérification…"), style="dim")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, min_width=1)
    grid.add_column(overflow="ellipsis", no_wrap=True)
    for result in report.results:
        title = Text(result.title.get(), style="bold" if result.passed else "")
        if not result.passed and result.actual:
            title.append(f"  ({t('found', 'trouvé')}: {result.actual})", style="dim")
        grid.add_row(mark(STATES.get(result.status.value, "unknown")), title)
    passed = sum(r.passed for r in report.results)
    colour = "green" if report.passed else "yellow"
    return Panel(
        grid,
        title=t(
            f"[bold]checks {passed}/{len(report.results)}[/]", f"[bold]vérifications {passed}/{len(report.results)}[/]"
        ),
        title_align="left",
        border_style=colour,
    )
