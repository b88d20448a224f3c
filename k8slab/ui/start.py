"""``k8slab start``: the guided course in the terminal.

A menu of lessons with progress marks; inside a lesson, one step at a time: the step's text,
then check / hint / solution / apply / reset / previous / next. Progress is saved after every
change, so Ctrl-C (which ends the program) never loses work or records unfinished work as done.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel

from k8slab.engine import course
from k8slab.i18n import t
from k8slab.ui import prompts

if TYPE_CHECKING:
    from k8slab.checks.result import StepReport
    from k8slab.cluster.client import Cluster
    from k8slab.engine.operations import LessonOps
    from k8slab.engine.progress import ProgressStore
    from k8slab.lessons.schema import Lesson

IDLE_CAP = 30 * 60.0  # longer gaps between two actions count as a break, not as time on the lesson
SUMMARY = "summary"
QUIT = "quit"
MENU = "menu"


class Session:
    """One learner, one cluster, the whole course."""

    def __init__(self, cluster: Cluster, lessons: list[Lesson], store: ProgressStore, console: Console) -> None:
        self.cluster = cluster
        self.lessons = lessons
        self.store = store
        self.console = console
        self.context = cluster.context
        self._timed: str | None = None
        self._since = time.monotonic()

    # --- progress and time --------------------------------------------------------------------

    def _account_time(self) -> None:
        now = time.monotonic()
        if self._timed is not None:
            self.store.add_time(self.context, self._timed, min(now - self._since, IDLE_CAP))
        self._since = now

    def save(self) -> None:
        """Record the time spent so far and write the progress file."""
        self._account_time()
        self.store.save()

    def time_lesson(self, lesson_id: str | None) -> None:
        self._account_time()
        self._timed = lesson_id

    # --- the menu of lessons ------------------------------------------------------------------

    def all_done(self) -> bool:
        return all(course.status_mark(ls, self.store.peek(self.context, ls.id)) == "done" for ls in self.lessons)

    def lesson_status(self, lesson: Lesson) -> str:
        """The mark and the words: ``✓ done``, ``◐ in progress 2/5``, ``· new``."""
        from k8slab.ui.render import mark_for, status_label

        progress = self.store.peek(self.context, lesson.id)
        status = course.status_mark(lesson, progress)
        done = len(set(progress.done_steps) & {s.id for s in lesson.steps})
        count = f" {done}/{len(lesson.steps)}" if status == "in progress" else ""
        return f"{mark_for(status)} {status_label(status)}{count}"

    def lesson_choices(self, width: int) -> list[tuple[str, Any]]:
        """One line per lesson, cut to ``width`` columns: status first, then the title."""
        statuses = [self.lesson_status(ls) for ls in self.lessons]
        column = max(len(s) for s in statuses)
        out: list[tuple[str, Any]] = []
        for lesson, status in zip(self.lessons, statuses, strict=True):
            line = f"{lesson.label:<9} {status:<{column}}  {lesson.title.get()}"
            if len(line) > width:
                line = line[: width - 1].rstrip() + "…"
            out.append((line, lesson.id))
        return out

    def default_lesson(self) -> Lesson | None:
        marks = [(ls, course.status_mark(ls, self.store.peek(self.context, ls.id))) for ls in self.lessons]
        return next((ls for ls, m in marks if m == "in progress"), None) or next(
            (ls for ls, m in marks if m == "new"), None
        )

    def run(self) -> None:
        self.console.print(
            t(
                "[bold]k8slab[/]: learn Kubernetes on a real cluster. Do each step with kubectl in another "
                "terminal; k8slab checks your work. Ctrl-C quits at any time (progress is saved).",
                "[bold]k8slab[/] : apprenez Kubernetes sur un vrai cluster. Faites chaque étape avec kubectl "
                "dans un autre terminal ; k8slab vérifie votre travail. Ctrl-C quitte à tout moment "
                "(la progression est enregistrée).",
            )
        )
        while True:
            self.console.print()
            choices = self.lesson_choices(self.console.width - 4)  # questionary's pointer takes 3
            if self.all_done():
                choices.append((t("What you learned (course summary)", "Ce que vous avez appris (bilan)"), SUMMARY))
            choices.append((t("Quit", "Quitter"), QUIT))
            default = self.default_lesson()
            picked = prompts.select(
                t("Choose a lesson:", "Choisissez une leçon :"), choices, default.id if default else None
            )
            if picked == QUIT:
                break
            if picked == SUMMARY:
                self.course_summary()
                continue
            lesson = next(ls for ls in self.lessons if ls.id == picked)
            if self.run_lesson(lesson) == QUIT:
                break
        self.console.print(t("Progress saved. See you soon!", "Progression enregistrée. À bientôt !"))

    # --- one lesson ---------------------------------------------------------------------------

    def run_lesson(self, lesson: Lesson) -> str:
        from k8slab.engine.operations import LessonOps
        from k8slab.ui.render import outcome_view

        ops = LessonOps(self.cluster, lesson)
        progress = self.store.peek(self.context, lesson.id)
        index = course.current_index(lesson, progress)
        fresh = False
        if course.status_mark(lesson, progress) == "done":
            again = prompts.confirm(
                t(
                    "You have finished this lesson. Start it again from step 1 (its namespace is reset)?",
                    "Vous avez terminé cette leçon. La recommencer à l'étape 1 (son namespace est réinitialisé) ?",
                ),
                default=True,
            )
            if again:
                index, fresh = 0, True
        self.console.print()
        self.console.rule(escape(f"{lesson.label}: {lesson.title.get()}"))
        if not progress.started or fresh:
            self.introduce(lesson)
            prompts.pause(
                t(
                    f"Press any key to start step {index + 1}…",
                    f"Appuyez sur une touche pour commencer l'étape {index + 1}…",
                )
            )
        elif index:
            self.console.print(t(f"Resuming at step {index + 1}.", f"Reprise à l'étape {index + 1}."), style="bold")
        self.time_lesson(lesson.id)
        try:
            with self.console.status(t(f"Setting up {lesson.label}…", f"Préparation de {lesson.label}…")):
                lines = ops.prepare_step(index, fresh=True) if fresh else ops.setup() + ops.enter_step(index)
            self.console.print(outcome_view(lines), style="dim")
            pos = course.Position(lesson, index)
            self.store.start(self.context, lesson.id, pos.step.id)
            self.save()
            return self.step_loop(ops, pos)
        finally:
            self.time_lesson(None)
            self.store.save()

    def introduce(self, lesson: Lesson) -> None:
        objectives = "\n".join(f"- {o.get()}" for o in lesson.objectives)
        body = (
            f"{lesson.theory.get()}\n\n**{t('In this lesson you will:', 'Dans cette leçon, vous allez :')}**\n\n"
            f"{objectives}"
        )
        title = t(
            f"{lesson.title.get()} (about {lesson.duration_minutes} min)",
            f"{lesson.title.get()} (environ {lesson.duration_minutes} min)",
        )
        self.console.print(Panel(Markdown(body), title=escape(title), title_align="left", border_style="cyan"))

    def show_step(self, pos: course.Position) -> None:
        from k8slab.ui.render import step_view

        self.console.print()
        self.console.print(step_view(pos))
        self.console.print(
            t(
                f"Use kubectl in another terminal (namespace [bold]{pos.lesson.namespace}[/]), then check.",
                f"Utilisez kubectl dans un autre terminal (namespace [bold]{pos.lesson.namespace}[/]), puis vérifiez.",
            )
        )

    def step_menu(self, pos: course.Position) -> str:
        total = len(pos.step.hints)
        shown = self.store.peek(self.context, pos.lesson.id).hints_shown(pos.step.id)
        if shown < total:
            hint = t(f"Show a hint ({shown + 1}/{total})", f"Voir un indice ({shown + 1}/{total})")
        else:
            hint = t(f"Show the last hint again ({total}/{total})", f"Revoir le dernier indice ({total}/{total})")
        choices: list[tuple[str, Any]] = [
            (t("Check my work", "Vérifier mon travail"), "check"),
            (hint, "hint"),
            (t("Show the solution", "Voir la solution"), "solution"),
            (t("Apply the solution for me", "Appliquer la solution pour moi"), "apply"),
            (t("Reset this step (start it again)", "Réinitialiser cette étape (recommencer)"), "reset"),
            (t("Read the step again", "Relire l'étape"), "read"),
        ]
        if pos.index > 0:
            choices.append((t("Previous step", "Étape précédente"), "previous"))
        if not pos.is_last:
            choices.append((t("Skip to the next step", "Passer à l'étape suivante"), "next"))
        choices += [(t("Back to the lessons", "Retour aux leçons"), MENU), (t("Quit", "Quitter"), QUIT)]
        self.console.print()
        return str(prompts.select(f"{pos.label()} — {t('what now?', 'et maintenant ?')}", choices, "check"))

    def step_loop(self, ops: LessonOps, pos: course.Position) -> str:
        from k8slab.engine.checking import check_step

        show = True
        while True:
            if show:
                self.show_step(pos)
            show = False
            action = self.step_menu(pos)
            if action in (MENU, QUIT):
                return action
            report: StepReport | None = None
            if action == "check":
                with self.console.status(t("Checking…", "Vérification…")):
                    report = check_step(self.cluster, pos.lesson, pos.step)
            elif action == "hint":
                self.show_hint(pos)
            elif action == "solution":
                from k8slab.ui.render import solution_view

                self.console.print(solution_view(pos.step))
            elif action == "apply":
                report = self.apply_solution(ops, pos)
            elif action == "reset":
                show = self.reset_step(ops, pos)
            elif action == "read":
                show = True
            else:
                pos = self.move(ops, pos, -1 if action == "previous" else 1)
                show = True
            if report is not None:
                nxt = self.show_report(ops, pos, report)
                if nxt is None:
                    return MENU
                show = nxt != pos
                pos = nxt

    def show_hint(self, pos: course.Position) -> None:
        hints = pos.step.hints
        index = self.store.next_hint(self.context, pos.lesson.id, pos.step.id, len(hints))
        self.save()
        self.console.print(
            Panel(
                Markdown(hints[index].get()),
                title=t(f"Hint {index + 1}/{len(hints)}", f"Indice {index + 1}/{len(hints)}"),
                title_align="left",
                border_style="magenta",
            )
        )
        if index == len(hints) - 1:
            self.console.print(
                t("Still stuck? “Show the solution” shows it.", "Toujours bloqué ? « Voir la solution » la montre."),
                style="dim",
            )

    def apply_solution(self, ops: LessonOps, pos: course.Position) -> StepReport:
        from k8slab.engine.checking import converge
        from k8slab.ui.render import outcome_view, solution_view

        self.console.print(solution_view(pos.step))
        with self.console.status(t("Applying the solution…", "Application de la solution…")):
            lines = ops.solve(pos.index)
        self.console.print(outcome_view(lines))
        wait = t(
            f"Waiting until the checks pass (at most {pos.step.timeout} s)…",
            f"Attente de la réussite des vérifications ({pos.step.timeout} s au plus)…",
        )
        with self.console.status(wait):
            return converge(self.cluster, pos.lesson, pos.step)

    def reset_step(self, ops: LessonOps, pos: course.Position) -> bool:
        from k8slab.ui.render import outcome_view

        if not prompts.confirm(
            t(
                f"Reset step {pos.number}? The namespace {pos.lesson.namespace} is deleted and set up again.",
                f"Réinitialiser l'étape {pos.number} ? Le namespace {pos.lesson.namespace} est supprimé puis recréé.",
            )
        ):
            return False
        with self.console.status(t("Resetting the step…", "Réinitialisation de l'étape…")):
            lines = ops.prepare_step(pos.index, fresh=True)
        self.console.print(outcome_view(lines), style="dim")
        self.store.start(self.context, pos.lesson.id, pos.step.id)
        self.save()
        return True

    def move(self, ops: LessonOps, pos: course.Position, delta: int) -> course.Position:
        from k8slab.ui.render import outcome_view

        target = course.Position(pos.lesson, pos.index + delta)
        with self.console.status(t(f"Preparing step {target.number}…", f"Préparation de l'étape {target.number}…")):
            lines = ops.enter_step(target.index)
        if lines:
            self.console.print(outcome_view(lines), style="dim")
        self.store.start(self.context, pos.lesson.id, target.step.id)
        self.save()
        return target

    def show_report(self, ops: LessonOps, pos: course.Position, report: StepReport) -> course.Position | None:
        """Print the checklist; when it all passes, record the step and go on. None: lesson over."""
        from k8slab.ui.render import outcome_view, report_view

        self.console.print(report_view(report, f"{pos.label()}: {pos.step.title.get()}"))
        if not report.passed:
            if report.results and not report.failed:
                self.console.print(
                    t(
                        "Nothing fails, but this cluster cannot verify every check, so the step is not recorded "
                        "as done. You can skip to the next step.",
                        "Rien n'échoue, mais ce cluster ne peut pas tout vérifier : l'étape n'est pas enregistrée "
                        "comme faite. Vous pouvez passer à l'étape suivante.",
                    )
                )
            return pos
        nxt = course.record_pass(self.store, self.context, pos)
        self.save()
        self.console.print(t(f"✓ Step {pos.number} done.", f"✓ Étape {pos.number} réussie."), style="bold green")
        with self.console.status(t("Preparing what comes next…", "Préparation de la suite…")):
            lines = ops.cleanup(pos.index)
            if nxt is not None:
                lines += ops.enter_step(nxt.index)
        if lines:
            self.console.print(outcome_view(lines), style="dim")
        if nxt is None:
            self.finish_lesson(pos.lesson)
        return nxt

    # --- endings ------------------------------------------------------------------------------

    def finish_lesson(self, lesson: Lesson) -> None:
        from k8slab.ui.quiz import run_quiz

        self.save()
        spent = self.store.peek(self.context, lesson.id).seconds
        title = t(f"{lesson.label} complete: {lesson.title.get()}", f"{lesson.label} terminée : {lesson.title.get()}")
        self.console.print()
        self.console.print(
            Panel(Markdown(lesson.recap.get()), title=escape(title), title_align="left", border_style="green")
        )
        self.console.print(
            t(
                f"Time on this lesson: {prompts.duration(spent)}.",
                f"Temps passé sur cette leçon : {prompts.duration(spent)}.",
            )
        )
        if lesson.quiz and prompts.confirm(
            t(f"Take the quiz ({len(lesson.quiz)} questions)?", f"Faire le quiz ({len(lesson.quiz)} questions) ?"),
            default=True,
        ):
            run_quiz(lesson.quiz, self.console)
        if self.all_done():
            self.course_summary()

    def course_summary(self) -> None:
        total = sum(self.store.peek(self.context, ls.id).seconds for ls in self.lessons)
        parts = []
        for lesson in self.lessons:
            parts.append(f"**{lesson.label} — {lesson.title.get()}**\n")
            parts += [f"- {o.get()}" for o in lesson.objectives]
            parts.append("")
        parts.append(t(f"Time spent: **{prompts.duration(total)}**.", f"Temps passé : **{prompts.duration(total)}**."))
        self.console.print()
        self.console.print(
            Panel(
                Markdown("\n".join(parts)),
                title=t("Course complete: what you learned", "Cours terminé : ce que vous avez appris"),
                title_align="left",
                border_style="green",
            )
        )


def run(kubeconfig: str | None, context: str | None, console: Console) -> None:
    from k8slab.engine.progress import ProgressStore
    from k8slab.ui import preflight

    lessons = course.load_lessons()
    store = ProgressStore.load()
    for warning in store.warnings:
        console.print(f"[yellow]{t('warning:', 'attention :')}[/] {escape(warning)}")
    cluster = preflight.connect(console, kubeconfig, context)
    Session(cluster, lessons, store, console).run()
