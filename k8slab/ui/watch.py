"""``k8slab watch``: a live checklist of the current step.

The checks run again as soon as something changes in the lesson's namespace (watch API events,
merged when they come in bursts); a slow periodic re-check is only a fallback. When every check
passes, the step is recorded as done and the next one is set up. In a terminal it takes keys;
without one it prints the checklist each time it changes and stops when the lesson is done.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.text import Text as RichText

from k8slab.engine import course
from k8slab.errors import K8sLabError, UsageError
from k8slab.i18n import t
from k8slab.ui.watch_view import KEYS, Screen

if TYPE_CHECKING:
    from k8slab.checks.result import StepReport
    from k8slab.cluster.client import Cluster
    from k8slab.cluster.watcher import NamespaceWatcher
    from k8slab.engine.progress import ProgressStore
    from k8slab.lessons.schema import Lesson
    from k8slab.ui.keys import KeyReader

FALLBACK = 5.0  # seconds between re-checks when no event comes (events are what normally triggers one)
KEY_POLL = 0.2
STEP_DONE_PAUSE = 1.2
IDLE_CAP = 30 * 60.0


def _nothing() -> None:
    pass


def default_lesson(lessons: list[Lesson], store: ProgressStore, context: str) -> Lesson:
    """The lesson in progress started last, else the first one not done."""
    progress = {ls.id: store.peek(context, ls.id) for ls in lessons}
    marks = {ls.id: course.status_mark(ls, progress[ls.id]) for ls in lessons}
    started = [ls for ls in lessons if marks[ls.id] == "in progress"]
    if started:
        return max(started, key=lambda ls: (str(progress[ls.id].data.get("started_at") or ""), ls.number))
    fresh = [ls for ls in lessons if marks[ls.id] == "new"]
    if fresh:
        return fresh[0]
    raise UsageError(
        t("every lesson is done: name the one to watch", "toutes les leçons sont terminées : nommez celle à suivre"),
        t("e.g. k8slab watch lesson-1", "par exemple : k8slab watch lesson-1"),
    )


class Watch:
    """The checklist of one lesson's current step, kept up to date."""

    def __init__(self, cluster: Cluster, lesson: Lesson, store: ProgressStore, console: Console) -> None:
        from k8slab.engine.operations import LessonOps

        self.cluster = cluster
        self.lesson = lesson
        self.store = store
        self.console = console
        self.context = cluster.context
        self.ops = LessonOps(cluster, lesson)
        self.pos = course.position(lesson, store, self.context, None)
        self.report: StepReport | None = None
        self.finished = False
        self.error: str | None = None
        self.screen = Screen()
        self.solution = False
        self.message_until = 0.0
        self.checked_at = ""
        self._since = time.monotonic()
        self.refresh: Callable[[], None] = _nothing

    # --- progress -----------------------------------------------------------------------------

    def save(self) -> None:
        now = time.monotonic()
        self.store.add_time(self.context, self.lesson.id, min(now - self._since, IDLE_CAP))
        self._since = now
        self.store.save()

    def setup(self) -> None:
        with self.console.status(t(f"Setting up {self.lesson.label}…", f"Préparation de {self.lesson.label}…")):
            self.ops.setup()
            self.ops.enter_step(self.pos.index)
        self.store.start(self.context, self.lesson.id, self.pos.step.id)
        self.save()

    def title(self) -> str:
        return f"{self.pos.label()}{t(':', ' :')} {self.pos.step.title.get()}"

    # --- checking -----------------------------------------------------------------------------

    def recheck(self) -> None:
        from k8slab.engine.checking import check_step

        self.screen.status = t("checking…", "vérification…")
        self.refresh()
        self.error = None
        try:
            self.report = check_step(self.cluster, self.lesson, self.pos.step)
        except K8sLabError as err:  # the cluster went away: say so and keep trying
            self.error = err.message
            self.say(
                t(
                    f"✗ cannot check: {err.message} (trying again)",
                    f"✗ vérification impossible : {err.message} (nouvel essai)",
                ),
                "red",
                30,
            )
        self.checked_at = time.strftime("%H:%M:%S")
        if self.report is not None and self.report.passed and not self.should_advance() and not self.finished:
            self.say(
                t(
                    f"Step {self.pos.number} is already done: press n for the next step.",
                    f"L'étape {self.pos.number} est déjà faite : appuyez sur n pour la suivante.",
                ),
                "bold green",
                FALLBACK + 1,
            )
        if self.report is not None and self.report.unverifiable and not self.report.failed:
            self.say(
                t(
                    "Nothing fails, but this cluster cannot verify every check: the step is not recorded as done. "
                    "Press n to go on.",
                    "Rien n'échoue, mais ce cluster ne peut pas tout vérifier : l'étape n'est pas enregistrée comme "
                    "faite. Appuyez sur n pour continuer.",
                ),
                "bold yellow",
                FALLBACK + 1,
            )
        self.update()

    def advance(self) -> course.Position | None:
        """Record the step as done, clean it up, set the next one up."""
        done = self.pos
        nxt = course.record_pass(self.store, self.context, done)
        self.save()
        self.ops.cleanup(done.index)
        if nxt is None:
            self.finished = True
            return None
        self.ops.enter_step(nxt.index)
        self.go(nxt)
        return nxt

    def go(self, pos: course.Position) -> None:
        self.pos = pos
        self.report = None
        self.solution = False
        self.screen.hint = None
        self.store.start(self.context, self.lesson.id, pos.step.id)
        self.save()

    # --- the screen ---------------------------------------------------------------------------

    def say(self, text: str, style: str = "bold", seconds: float = 8.0) -> None:
        self.screen.message = RichText(text, style=style)
        self.message_until = time.monotonic() + seconds

    def update(self) -> None:
        from rich.markdown import Markdown

        from k8slab.ui.render import report_view, solution_view
        from k8slab.ui.watch_view import recap_view

        if self.screen.message is not None and time.monotonic() > self.message_until:
            self.screen.message = None
        self.screen.title = f"k8slab watch · {self.title()}"
        self.screen.status = t(
            f"watching namespace {self.lesson.namespace} · last check {self.checked_at or '-'}",
            f"surveillance du namespace {self.lesson.namespace} · dernière vérification {self.checked_at or '-'}",
        )
        self.screen.more = t(
            f"(cut: see it all with k8slab check {self.lesson.label})",
            f"(coupé : tout voir avec k8slab check {self.lesson.label})",
        )
        self.screen.intro = None
        if self.finished:
            self.screen.title = t(
                f"k8slab watch · {self.lesson.label} complete", f"k8slab watch · {self.lesson.label} terminée"
            )
            self.screen.body = recap_view(self.lesson.title.get(), self.lesson.recap.get(), self.next_words())
            self.screen.keys = (("q", "quit", "quitter"),)
            return self.refresh()
        self.screen.keys = tuple(
            (key, "checklist", "vérifications") if key == "s" and self.solution else (key, en, fr)
            for key, en, fr in KEYS
        )
        if self.solution:
            self.screen.body = solution_view(self.pos.step)
            self.screen.more = t(
                f"(cut: see it all with k8slab solve {self.lesson.label} --step {self.pos.number} --show)",
                f"(coupé : tout voir avec k8slab solve {self.lesson.label} --step {self.pos.number} --show)",
            )
        elif self.report is not None:
            self.screen.body = report_view(self.report)
            self.screen.intro = Markdown(self.pos.step.text.get())
        else:
            self.screen.body = RichText(t("Checking…", "Vérification…"))
        self.refresh()

    # --- keys ---------------------------------------------------------------------------------

    def on_key(self, key: str, keys: KeyReader) -> bool:
        """Act on one key; False means quit."""
        if self.finished:
            return key not in ("q", "escape")
        if key == "q":
            return False
        if key == "h":
            hints = self.pos.step.hints
            index = self.store.next_hint(self.context, self.lesson.id, self.pos.step.id, len(hints))
            self.save()
            from k8slab.ui.watch_view import hint_panel

            self.screen.hint = hint_panel(hints[index].get(), index + 1, len(hints))
        elif key == "s":
            self.solution = not self.solution
        elif key in ("n", "p"):
            self.move(1 if key == "n" else -1)
        elif key == "r":
            self.reset(keys)
        self.update()
        return True

    def move(self, delta: int) -> None:
        index = self.pos.index + delta
        if not 0 <= index < len(self.lesson.steps):
            self.say(
                t("This is the last step.", "C'est la dernière étape.")
                if delta > 0
                else t("This is the first step.", "C'est la première étape.")
            )
            return
        target = course.Position(self.lesson, index)
        self.say(t(f"Preparing step {target.number}…", f"Préparation de l'étape {target.number}…"))
        self.update()
        self.ops.enter_step(index)
        self.go(target)
        self.say(t(f"Step {target.number}.", f"Étape {target.number}."))
        self.recheck()

    def reset(self, keys: KeyReader) -> None:
        self.screen.prompt = t(
            f"Reset step {self.pos.number}? Namespace {self.lesson.namespace} is deleted and set up again. "
            "y: yes, any other key: no",
            f"Réinitialiser l'étape {self.pos.number} ? Le namespace {self.lesson.namespace} est supprimé puis "
            "recréé. o : oui, autre touche : non",
        )
        self.update()
        answer = None
        while answer is None:
            answer = keys.read(1.0)
        self.screen.prompt = None
        if answer not in ("y", "o"):
            self.say(t("Reset cancelled.", "Réinitialisation annulée."))
            return
        self.say(t("Resetting…", "Réinitialisation…"))
        self.update()
        self.ops.prepare_step(self.pos.index, fresh=True)
        self.go(self.pos)
        self.say(t(f"Step {self.pos.number} reset.", f"Étape {self.pos.number} réinitialisée."))
        self.recheck()

    # --- the two ways of running --------------------------------------------------------------

    def should_advance(self) -> bool:
        """All checks pass on a step not yet done (a done step visited again with p stays put)."""
        if self.finished or self.report is None or not self.report.passed:
            return False
        return self.pos.step.id not in self.store.peek(self.context, self.lesson.id).done_steps

    def step_done(self, keys: KeyReader | None) -> bool:
        """The current step passed: show it, move on. False when the learner quit meanwhile."""
        number = self.pos.number
        self.say(t(f"✓ Step {number} done!", f"✓ Étape {number} réussie !"), "bold green")
        self.update()
        key = keys.read(STEP_DONE_PAUSE) if keys else None
        nxt = self.advance()
        if nxt is None:
            self.say(
                t(f"✓ {self.lesson.label} complete. Well done!", f"✓ {self.lesson.label} terminée. Bravo !"),
                "bold green",
                3600,
            )
            self.update()
        else:
            self.say(
                t(
                    f"✓ Step {number} done. Now step {nxt.number}: {nxt.step.title.get()}",
                    f"✓ Étape {number} réussie. Maintenant l'étape {nxt.number} : {nxt.step.title.get()}",
                ),
                "bold green",
                15,
            )
            self.recheck()
        return key != "q"

    def run_live(self, watcher: NamespaceWatcher) -> None:
        from rich.live import Live

        from k8slab.ui.keys import KeyReader
        from k8slab.ui.watch_view import LayoutView

        with (
            KeyReader() as keys,
            Live(
                LayoutView(self.screen),
                console=self.console,
                screen=True,
                auto_refresh=False,
                redirect_stdout=False,
                redirect_stderr=False,
            ) as live,
        ):
            self.refresh = live.refresh
            self.recheck()
            last = time.monotonic()
            while True:
                if self.should_advance():
                    if not self.step_done(keys):
                        return
                    last = time.monotonic()
                key = keys.read(KEY_POLL)
                if key is not None:
                    if not self.on_key(key, keys):
                        return
                elif self.finished:
                    continue
                elif watcher.wait(0, settle=0.15) or time.monotonic() - last >= FALLBACK:
                    self.recheck()
                    last = time.monotonic()
                elif self.screen.message is not None and time.monotonic() > self.message_until:
                    self.update()

    def next_words(self) -> str:
        quiz = t(" for its quiz", " pour son quiz") if self.lesson.quiz else ""
        return t(
            f"Next: k8slab watch (the next lesson), or k8slab start{quiz}.",
            f"Ensuite : k8slab watch (la leçon suivante), ou k8slab start{quiz}.",
        )

    def print_summary(self) -> None:
        """What stays on the screen after the live view closes."""
        from k8slab.ui.render import report_view

        if self.finished:
            self.console.print(
                t(f"{self.lesson.label} is complete. Well done!", f"{self.lesson.label} est terminée. Bravo !")
            )
            self.console.print(self.next_words())
            return
        if self.report is not None:
            self.console.print(report_view(self.report, self.title()))
        self.console.print(
            t(
                f"Progress saved ({self.pos.label()}). To go on: k8slab watch {self.lesson.label}",
                f"Progression enregistrée ({self.pos.label()}). Pour continuer : k8slab watch {self.lesson.label}",
            )
        )


def run(lesson_name: str | None, kubeconfig: str | None, context: str | None, console: Console) -> int:
    from k8slab.cli.options import connect
    from k8slab.cluster.watcher import NamespaceWatcher
    from k8slab.engine.progress import ProgressStore

    lessons = course.load_lessons()
    store = ProgressStore.load()
    for warning in store.warnings:
        console.print(f"[yellow]{t('warning:', 'attention :')}[/] {escape(warning)}")
    cluster = connect(kubeconfig, context)
    lesson = course.find(lessons, lesson_name) if lesson_name else default_lesson(lessons, store, cluster.context)
    watch = Watch(cluster, lesson, store, console)
    watch.setup()
    interactive = sys.stdin.isatty() and console.is_terminal
    try:
        with NamespaceWatcher(cluster, lesson.namespace) as watcher:
            if interactive:
                watch.run_live(watcher)
            else:
                from k8slab.ui.watch_plain import run_plain

                run_plain(watch, watcher)
    finally:
        watch.save()
        if interactive:
            watch.print_summary()
    return 0
