"""The course as the commands see it: lessons, where the learner is, what comes next."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from k8slab.engine.progress import LessonProgress, ProgressStore
from k8slab.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from k8slab.lessons.index import LessonInfo
    from k8slab.lessons.schema import Lesson, Step


def load_lessons() -> list[Lesson]:
    """Every lesson, fully validated."""
    from k8slab.lessons.loader import load_course

    return load_course()


def load_index() -> list[LessonInfo]:
    """What the lesson list shows about each lesson, read without full validation (fast)."""
    from k8slab.lessons.index import load_index as index

    return index()


def find(lessons: list[Lesson], name: str) -> Lesson:
    from k8slab.lessons.loader import find_lesson

    return find_lesson(lessons, name)


def progress_context(context: str | None) -> str:
    """The context progress is stored under, without reading any kubeconfig."""
    from k8slab.cluster.connection import DEFAULT_CONTEXT

    return context or os.environ.get("K8SLAB_CONTEXT") or DEFAULT_CONTEXT


@dataclass(frozen=True)
class Position:
    """Where a learner is in a lesson."""

    lesson: Lesson
    index: int

    @property
    def step(self) -> Step:
        return self.lesson.steps[self.index]

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def is_last(self) -> bool:
        return self.index == len(self.lesson.steps) - 1

    def label(self) -> str:
        from k8slab.i18n import t

        return f"{self.lesson.label} {t('step', 'étape')} {self.number}/{len(self.lesson.steps)}"


def current_index(lesson: Lesson, progress: LessonProgress) -> int:
    """The step to work on: the recorded current step, else the first one not done."""
    ids = [s.id for s in lesson.steps]
    if progress.current_step in ids:
        return ids.index(progress.current_step)
    done = set(progress.done_steps)
    return next((i for i, s in enumerate(lesson.steps) if s.id not in done), 0)


def position(lesson: Lesson, store: ProgressStore, context: str, step: int | None) -> Position:
    """The step named by ``--step`` (1-based), else the learner's current step."""
    if step is not None:
        if not 1 <= step <= len(lesson.steps):
            raise UsageError(f"{lesson.label} has no step {step}", f"steps: 1 to {len(lesson.steps)}")
        return Position(lesson, step - 1)
    return Position(lesson, current_index(lesson, store.peek(context, lesson.id)))


def status_mark(lesson: Lesson, progress: LessonProgress) -> str:
    """ "done", "in progress" or "new"."""
    return status_of([s.id for s in lesson.steps], progress)


def steps_done(step_ids: Iterable[str], progress: LessonProgress) -> int:
    """How many of the lesson's steps (by id) are done."""
    return len(set(progress.done_steps) & set(step_ids))


def status_of(step_ids: Iterable[str], progress: LessonProgress) -> str:
    """ "done", "in progress" or "new", for a lesson with these step ids."""
    ids = set(step_ids)
    if progress.completed or steps_done(ids, progress) == len(ids):
        return "done"
    if progress.started:
        return "in progress"
    return "new"


def record_pass(store: ProgressStore, context: str, pos: Position) -> Position | None:
    """Mark the step done and move to the next one; returns the next position, if any."""
    nxt = None if pos.is_last else Position(pos.lesson, pos.index + 1)
    store.mark_done(context, pos.lesson.id, pos.step.id, nxt.step.id if nxt else None)
    return nxt
