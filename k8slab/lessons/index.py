"""A light index of the course, for commands that only show what the lessons are (``k8slab list``).

Listing needs a few fields of each lesson (id, number, slug, namespace, title, duration, step
ids), and the full loader costs pydantic's import and model building on every start. The index
reads those fields straight from the YAML (libyaml's C loader). A file that is not shaped as
expected goes through the full loader instead, whose error names the file, the field and the
problem in one line; a file the full loader accepts is indexed from its validated model.

The entries are kept in a small JSON cache in the data folder, each with its file's size and
modification time: while the lesson files do not change, listing parses no YAML at all.

Only the listing takes this path: ``k8slab lint`` and the commands that read checks, steps or
manifests validate lesson files in full.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from k8slab import __version__, paths
from k8slab.i18n import Text
from k8slab.lessons.loader import check_unique, lesson_files, read_yaml

if TYPE_CHECKING:
    from k8slab.lessons.schema import Lesson

#: The format versions this index reads (kept equal to ``schema.FORMAT_VERSION`` by a test).
INDEX_FORMAT_VERSION = 1
_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_DEFAULT_DURATION = 20
CACHE_FILE = "lesson-index.json"


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
    files = lesson_files(root)
    cache = _Cache.read()
    infos = []
    for path in files:
        info = cache.get(path)
        if info is None:
            info = index_lesson(path)
            cache.put(path, info)
        infos.append(info)
    cache.write(root or paths.lessons_dir())
    infos.sort(key=lambda info: info.number)
    check_unique(infos)
    return infos


def _stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_mtime_ns, st.st_size]


class _Cache:
    """Index entries by lesson file, valid while the file keeps its size and modification time."""

    def __init__(self, entries: dict[str, Any]) -> None:
        self.entries = entries
        self.used: dict[str, Any] = {}

    @classmethod
    def read(cls) -> _Cache:
        try:
            data = json.loads((paths.data_dir() / CACHE_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls({})
        fresh = isinstance(data, dict) and data.get("k8slab") == __version__ and isinstance(data.get("files"), dict)
        return cls(data["files"] if fresh else {})

    def get(self, path: Path) -> LessonInfo | None:
        key = str(path.absolute())
        entry = self.entries.get(key)
        try:
            if not isinstance(entry, dict) or entry.get("stamp") != _stamp(path):
                return None
            info = entry["info"]
            found = LessonInfo(
                id=str(info["id"]),
                number=int(info["number"]),
                slug=str(info["slug"]),
                namespace=str(info["namespace"]),
                title=Text(en=str(info["title"]["en"]), fr=str(info["title"]["fr"])),
                duration_minutes=int(info["duration_minutes"]),
                step_ids=tuple(str(s) for s in info["step_ids"]),
                path=path,
            )
        except (OSError, KeyError, TypeError, ValueError):
            return None
        self.used[key] = entry
        return found

    def put(self, path: Path, info: LessonInfo) -> None:
        with contextlib.suppress(OSError):
            self.used[str(path.absolute())] = {
                "stamp": _stamp(path),
                "info": {
                    "id": info.id,
                    "number": info.number,
                    "slug": info.slug,
                    "namespace": info.namespace,
                    "title": info.title.as_dict(),
                    "duration_minutes": info.duration_minutes,
                    "step_ids": list(info.step_ids),
                },
            }

    def write(self, root: Path) -> None:
        """Save the entries of ``root``'s lessons used this time (others' stay), when they changed.

        A cache that cannot be written is skipped.
        """
        inside = str(root.absolute()) + os.sep
        merged = {key: entry for key, entry in self.entries.items() if not key.startswith(inside)} | self.used
        if merged == self.entries:
            return
        target = paths.data_dir() / CACHE_FILE
        with contextlib.suppress(OSError):
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".lesson-index-", suffix=".json", dir=target.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump({"k8slab": __version__, "files": merged}, handle)
                Path(tmp).replace(target)
            except BaseException:
                with contextlib.suppress(OSError):
                    Path(tmp).unlink()
                raise
