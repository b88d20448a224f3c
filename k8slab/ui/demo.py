"""``k8slab demo``: an instructor walks a lesson on the projected screen.

For each step: what it is about (narration), the manifest and the kubectl command a learner
would type, a pause for the presenter, then k8slab applies the step and the cluster is shown
converging live until the step's checks pass (or the step's timeout comes, and the diagnosis
is shown). Keys at a pause: Enter or space continues, b goes back a step, q quits.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.align import Align
from rich.console import Group, RenderableType
from rich.live import Live
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from k8slab.i18n import t
from k8slab.ui.cluster_map import mark
from k8slab.ui.demo_view import Converging, step_blocks
from k8slab.ui.keys import ENTER, SPACE

if TYPE_CHECKING:
    from rich.console import Console

    from k8slab.checks.result import StepReport
    from k8slab.cluster.client import Cluster
    from k8slab.engine.operations import LessonOps
    from k8slab.lessons.schema import Lesson
    from k8slab.ui.keys import KeyReader

GO, BACK, QUIT = "go", "back", "quit"
SETTLE_LIMIT = 90.0  # seconds to wait for the earlier steps' pods when starting further in
SETUP_SETTLE = 20.0  # seconds to let a step's setup show (a pod that cannot pull its image...)


class QuitDemo(Exception):  # noqa: N818 - not an error: the presenter pressed q
    """The presenter pressed q."""


@dataclass
class LessonRun:
    """What happened to each step of a lesson (index -> all checks green)."""

    lesson: Lesson
    green: dict[int, bool] = field(default_factory=dict)


class Demo:
    """Runs lessons step by step on one cluster, for an audience."""

    def __init__(self, cluster: Cluster, console: Console, keys: KeyReader, *, auto: bool, delay: float) -> None:
        self.cluster = cluster
        self.console = console
        self.keys = keys
        self.auto = auto
        self.delay = delay
        self.runs: list[LessonRun] = []

    # --- the presenter's keys -----------------------------------------------------------------

    def pause(self, action: str, *, back: str) -> str:
        """Wait for the presenter (or ``delay`` seconds with --auto); returns GO, BACK or QUIT."""
        while self.keys.read(0) is not None:  # keys typed while the cluster moved do not count
            pass
        if self.auto:
            deadline = time.monotonic() + self.delay
            with Live(console=self.console, transient=True, auto_refresh=False) as live:
                while (left := deadline - time.monotonic()) > 0:
                    seconds = math.ceil(left)
                    live.update(Text(t(f"  ▶ {action} in {seconds} s…", f"  ▶ {action} dans {seconds} s…"), "dim"))
                    live.refresh()
                    key = self.keys.read(min(left, 0.25))
                    if key == "q":
                        return QUIT
                    if key in (ENTER, SPACE):
                        break
            return GO
        prompt = Text.assemble(
            ("  ▶ ", "bold cyan"),
            ("Enter", "bold"),
            t(f": {action}   ", f" : {action}   "),
            ("b", "bold"),
            t(f": {back}   ", f" : {back}   "),
            ("q", "bold"),
            t(": quit", " : quitter"),
        )
        with Live(prompt, console=self.console, transient=True, auto_refresh=False):
            while True:
                key = self.keys.read(1.0)
                if key in (ENTER, SPACE):
                    return GO
                if key == "b":
                    return BACK
                if key == "q":
                    return QUIT

    def _quit_requested(self) -> None:
        if self.keys.read(0) == "q":
            raise QuitDemo

    # --- a lesson -----------------------------------------------------------------------------

    def run_lesson(self, lesson: Lesson, start: int = 0) -> LessonRun:
        """Every step from ``start`` (0-based) to the end; raises QuitDemo on q."""
        from k8slab.engine.operations import LessonOps

        run = LessonRun(lesson)
        self.runs.append(run)
        ops = LessonOps(self.cluster, lesson)
        self.intro(lesson)
        self._prepare(ops, start, t("Preparing a fresh lesson…", "Préparation d'une leçon toute neuve…"))
        index, entered = start, True
        while index < len(lesson.steps):
            if not entered:
                with self.console.status(Text(t("Setting up the step…", "Mise en place de l'étape…"), style="bold")):
                    ops.enter_step(index)
                    if not lesson.steps[index].setup.is_empty():
                        self._settle(ops.namespace, SETUP_SETTLE)
            choice = self.present(lesson, index)
            if choice == QUIT:
                raise QuitDemo
            if choice == BACK:
                index = max(index - 1, 0)
                self._prepare(ops, index, t(f"Back to step {index + 1}…", f"Retour à l'étape {index + 1}…"))
                entered = True
                continue
            run.green[index] = self.apply_step(ops, index)
            last = index == len(lesson.steps) - 1
            choice = self.pause(
                t("finish", "terminer") if last else t("next step", "étape suivante"),
                back=t("this step again", "refaire cette étape"),
            )
            if choice == QUIT:
                raise QuitDemo
            if choice == BACK:
                self._prepare(ops, index, t(f"Step {index + 1} again…", f"Étape {index + 1} de nouveau…"))
                entered = True
                continue
            ops.cleanup(index)
            index, entered = index + 1, False
        self.summary(run)
        return run

    def _prepare(self, ops: LessonOps, index: int, message: str) -> None:
        """The lesson as a learner meets step ``index``: fresh, then each earlier step solved and
        converged (as the learner left it, not half-way through a rollout), then its setup."""
        from k8slab.engine.checking import settled

        lesson = ops.lesson
        with self.console.status(Text(message, style="bold")) as status:

            def step_done(earlier: int, report: StepReport) -> None:
                if not settled(report):
                    self.console.print(
                        t(
                            f"[yellow]warning:[/] step {earlier + 1} did not converge in time",
                            f"[yellow]attention :[/] l'étape {earlier + 1} n'a pas convergé à temps",
                        )
                    )
                if earlier + 1 < index:
                    status.update(
                        Text(
                            message + t(f" (step {earlier + 2} of {index})", f" (étape {earlier + 2} sur {index})"),
                            style="bold",
                        )
                    )

            ops.prepare_step(index, fresh=True, on_step=step_done)
            if index > 0 or not lesson.steps[index].setup.is_empty():
                self._settle(ops.namespace)

    def _settle(self, namespace: str, limit: float = SETTLE_LIMIT) -> None:
        """Wait until the Deployments have seen their last change and no pod is still starting
        (ready or failing: either is what the audience should see), at most ``limit`` seconds."""
        from k8slab.cluster.watcher import NamespaceWatcher
        from k8slab.engine.object_state import STARTING, pod_state

        def calm() -> bool:
            for dep in self.cluster.list("Deployment", namespace):
                meta, status = dep["metadata"], dep.get("status") or {}
                if int(status.get("observedGeneration") or 0) < int(meta.get("generation") or 0):
                    return False
            return all(pod_state(p).state != STARTING for p in self.cluster.list("Pod", namespace))

        deadline = time.monotonic() + limit
        with NamespaceWatcher(self.cluster, namespace, ("Pod", "Deployment")) as watcher:
            while not calm() and (left := deadline - time.monotonic()) > 0:
                watcher.wait(min(left, 3.0))

    def _outcome(self, lines: list[str]) -> None:
        for line in lines:
            self.console.print(f"  [dim]• {escape(line)}[/]")

    def intro(self, lesson: Lesson) -> None:
        self._clear()
        self.console.rule(f"[bold]{escape(lesson.label)}[/]", style="cyan")
        self.console.print(Text(lesson.title.get(), style="bold cyan"), justify="center")
        self.console.print(Markdown(lesson.summary.get()))
        self.console.print(
            t(f"[dim]namespace {lesson.namespace}[/]", f"[dim]namespace {lesson.namespace}[/]"), justify="right"
        )

    def pages(self, lesson: Lesson, index: int) -> list[list[RenderableType]]:
        """What to show before applying: the narration, the learner's command, the manifests.

        In a terminal, they are cut into screens that fit (between blocks, under the same
        heading), so that nothing scrolls out of sight before the audience read it.
        """
        step = lesson.steps[index]
        where = t(f"step {index + 1}/{len(lesson.steps)}", f"étape {index + 1}/{len(lesson.steps)}")
        head: list[RenderableType] = [
            Rule(f"[bold]{escape(lesson.label)} · {where}[/]", style="cyan"),
            Align.center(Text(step.title.get(), style="bold cyan")),
        ]
        blocks = step_blocks(step)
        if not step.setup.is_empty():  # the step changed something: show the audience where we start
            from k8slab.engine.object_state import read_namespace
            from k8slab.ui.demo_view import objects_table

            now = objects_table(read_namespace(self.cluster, lesson.namespace), lesson.namespace)
            title = t(f"namespace {lesson.namespace} now", f"namespace {lesson.namespace} maintenant")
            blocks.insert(1, Panel(now, title=f"[bold]{escape(title)}[/]", title_align="left", border_style="cyan"))
        if not self.console.is_terminal:
            return [[*head, *blocks]]

        def height(parts: list[RenderableType]) -> int:
            return len(self.console.render_lines(Group(*parts), self.console.options, pad=False))

        room = self.console.height - 2  # the prompt, and a spare line
        pages: list[list[RenderableType]] = [[*head]]
        for block in blocks:
            if len(pages[-1]) > len(head) and height([*pages[-1], block]) > room:
                pages.append([*head])
            pages[-1].append(block)
        return pages

    def present(self, lesson: Lesson, index: int) -> str:
        """Show the step (screen by screen) and wait; returns GO (apply), BACK (previous step) or QUIT."""
        pages = self.pages(lesson, index)
        page = 0
        while True:
            self._clear()
            for part in pages[page]:
                self.console.print(part)
            last = page == len(pages) - 1
            choice = self.pause(
                t("apply this step", "appliquer cette étape") if last else t("continue", "continuer"),
                back=t("back", "retour") if page else self._back_label(index),
            )
            if choice == GO and not last:
                page += 1
            elif choice == BACK and page > 0:
                page -= 1
            else:
                return choice

    @staticmethod
    def _back_label(index: int) -> str:
        return t("start again", "recommencer") if index == 0 else t("previous step", "étape précédente")

    def stopped(self) -> None:
        """The presenter quit: say how to put the lessons back to their start."""
        commands = ", ".join(f"k8slab reset {run.lesson.label}" for run in self.runs)
        self.console.print(t("Demo stopped.", "Démo arrêtée."))
        if commands:
            self.console.print(
                t(
                    f"[dim]The cluster stays as it is. To start again: {commands}[/]",
                    f"[dim]Le cluster reste tel quel. Pour recommencer : {commands}[/]",
                )
            )

    def apply_step(self, ops: LessonOps, index: int) -> bool:
        """Apply the step's solution and show the cluster until its checks pass (or time runs out)."""
        from k8slab.engine.checking import converge
        from k8slab.engine.object_state import read_namespace
        from k8slab.ui.render import report_view

        lesson = ops.lesson
        step = lesson.steps[index]
        self.console.print(Text(t("  applying…", "  application…"), style="bold"))
        self._outcome(ops.solve(index))
        view = Converging(lesson.namespace, step.timeout)
        view.rows = read_namespace(self.cluster, lesson.namespace)
        with Live(view, console=self.console, refresh_per_second=4, transient=False) as live:

            def on_report(report: StepReport) -> None:
                view.rows = read_namespace(self.cluster, lesson.namespace)
                view.report = report
                live.refresh()
                self._quit_requested()

            report = converge(self.cluster, lesson, step, on_report=on_report)
            view.report, view.finished = report, True
            live.refresh()
        if not self.console.is_terminal:  # the last frame ends without a newline there
            self.console.line()
        if report.passed:
            self.console.print(
                Text.assemble(
                    ("  ✓ ", "bold green"),
                    (
                        t(f"Step {index + 1} done: every check passes.", f"Étape {index + 1} réussie : tout est vert."),
                        "bold green",
                    ),
                )
            )
            return True
        self.console.print(report_view(report, t("What the cluster says", "Ce que dit le cluster")))
        return False

    def summary(self, run: LessonRun) -> None:
        lesson = run.lesson
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()
        for index, step in enumerate(lesson.steps):
            words = f"{index + 1}. {step.title.get()}"
            if index not in run.green:
                grid.add_row(mark("done"), Text(words + t(" (not shown)", " (pas montrée)"), style="dim"))
            else:
                grid.add_row(mark("ready" if run.green[index] else "failing"), Text(words, style="bold"))
        ok = all(run.green.values()) and bool(run.green)
        self.console.print(
            Panel(
                grid,
                title=t(f"[bold]{escape(lesson.label)}: summary[/]", f"[bold]{escape(lesson.label)} : bilan[/]"),
                title_align="left",
                subtitle=t("[bold green]all green[/]", "[bold green]tout est vert[/]")
                if ok
                else t("[bold red]not all green[/]", "[bold red]pas tout vert[/]"),
                subtitle_align="right",
                border_style="green" if ok else "red",
            )
        )

    def offer_reset(self) -> None:
        """At the end: reset the lessons shown (y) or leave them (n); --auto only says how."""
        labels = ", ".join(run.lesson.label for run in self.runs)
        commands = "\n".join(f"  [bold]k8slab reset {run.lesson.label}[/]" for run in self.runs)
        if self.auto:
            self.console.print(
                t(
                    f"The cluster stays as the demo left it. To start again:\n{commands}",
                    f"Le cluster reste tel que la démo l'a laissé. Pour recommencer :\n{commands}",
                )
            )
            return
        while self.keys.read(0) is not None:
            pass
        self.console.print(
            t(
                f"Reset {labels} for learners (namespace deleted and set up again)? [bold]y[/]/[bold]n[/]",
                f"Réinitialiser {labels} (namespace supprimé puis recréé) ? [bold]o[/]/[bold]n[/]",
            )
        )
        while True:
            key = self.keys.read(1.0)
            if key in ("y", "o"):
                break
            if key in ("n", "q", ENTER):
                self.console.print(t(f"Left as it is. Later:\n{commands}", f"Laissé tel quel. Plus tard :\n{commands}"))
                return
        from k8slab.engine.operations import LessonOps

        for run in self.runs:
            self._prepare(
                LessonOps(self.cluster, run.lesson),
                0,
                t(f"Resetting {run.lesson.label}…", f"Réinitialisation de {run.lesson.label}…"),
            )
            self.console.print(
                t(f"  ✓ {run.lesson.label} is ready for learners.", f"  ✓ {run.lesson.label} est prête.")
            )

    @property
    def all_green(self) -> bool:
        return all(all(run.green.values()) for run in self.runs)

    def _clear(self) -> None:
        if self.console.is_terminal:
            self.console.clear()
