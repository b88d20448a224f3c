"""A light index of the course, for commands that only show what the lessons are (``k8slab list``).

Listing needs a few fields of each lesson (id, number, slug, namespace, title, duration, step
ids), and the full loader costs pydantic's import and model building on every start. The index
reads those fields straight from the YAML (libyaml's C loader). A file that is not shaped as
expected goes through the full loader instead, whose error names the file, the field and the
problem in one line; a file the full loader accepts is indexed from its validated model.

Only the listing takes this path: ``k8slab lint`` and the commands that read checks, steps or
manifests validate lesson files in full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from k8slab.i18n import Text
from k8slab.lessons.loader import check_unique, lesson_files, read_yaml

if TYPE_CHECKING:
    from k8slab.lessons.schema import Lesson

#: The format versions this index reads (kept equal to ``schema.FORMAT_VERSION`` by a test).
INDEX_FORMAT_VERSION = 1
_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_DEFAULT_DURATION = 20


@dataclass(frozen=True)
class LessonInfo:
    """What the lesson list shows about a lesson."""

    id: str
    number: int
    slug: str
    namespace: str
    title: Text
    duration_minutes: int
    step_ids: tuple[str, ...]
    path: Path

    @property
    def label(self) -> str:
        return f"lesson-{self.number}"


def info_from_lesson(lesson: Lesson, path: Path) -> LessonInfo:
    """The index entry of a fully validated lesson."""
    return LessonInfo(
        id=lesson.id,
        number=lesson.number,
        slug=lesson.slug,
        namespace=lesson.namespace,
        title=lesson.title.text(),
        duration_minutes=lesson.duration_minutes,
        step_ids=tuple(step.id for step in lesson.steps),
        path=path,
    )


def _name(value: Any) -> str | None:
    return value if isinstance(value, str) and _NAME.match(value) else None


def _count(value: Any, minimum: int) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= minimum else None


def _localized(value: Any) -> Text | None:
    if not isinstance(value, dict) or set(value) != {"en", "fr"}:
        return None
    en, fr = value["en"], value["fr"]
    if not (isinstance(en, str) and isinstance(fr, str) and en and fr):
        return None
    return Text(en=en, fr=fr)


def quick_info(data: Any, path: Path) -> LessonInfo | None:
    """The index entry read from a lesson file's raw data, or None when it is not shaped as expected."""
    if not isinstance(data, dict) or data.get("format_version") != INDEX_FORMAT_VERSION:
        return None
    lesson_id, slug, namespace = _name(data.get("id")), _name(data.get("slug")), _name(data.get("namespace"))
    number = _count(data.get("number"), 0)
    duration = _count(data.get("duration_minutes", _DEFAULT_DURATION), 1)
    title = _localized(data.get("title"))
    steps = data.get("steps")
    if (
        lesson_id is None
        or slug is None
        or namespace is None
        or number is None
        or duration is None
        or title is None
        or not isinstance(steps, list)
        or not steps
    ):
        return None
    step_ids = [_name(step.get("id")) if isinstance(step, dict) else None for step in steps]
    known = [s for s in step_ids if s is not None]
    if len(known) != len(step_ids) or len(set(known)) != len(known):
        return None
    return LessonInfo(lesson_id, number, slug, namespace, title, duration, tuple(known), path)


def index_lesson(path: Path) -> LessonInfo:
    """One lesson's index entry; a file of an unexpected shape is validated in full (clear errors)."""
    from k8slab.lessons.loader import LESSON_FILE

    if path.is_dir():
        path = path / LESSON_FILE
    info = quick_info(read_yaml(path), path)
    if info is not None:
        return info
    from k8slab.lessons.loader import load_lesson

    return info_from_lesson(load_lesson(path), path)


def load_index(root: Path | None = None) -> list[LessonInfo]:
    """The index of every lesson, ordered by number; ids, numbers, slugs and namespaces are unique."""
    infos = sorted((index_lesson(p) for p in lesson_files(root)), key=lambda info: info.number)
    check_unique(infos)
    return infos
