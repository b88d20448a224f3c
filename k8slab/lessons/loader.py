"""Read lesson files, refusing what this version does not understand.

Errors name the file, the field (as a dotted path, e.g. ``steps[1].checks[0].type``) and the
problem, in one line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from k8slab import paths
from k8slab.errors import LessonFileError, UsageError

if TYPE_CHECKING:
    from pydantic import ValidationError

    from k8slab.lessons.schema import Lesson

LESSON_FILE = "lesson.yaml"


def read_yaml(path: Path) -> Any:
    """One YAML document, or a LessonFileError naming the file and the line."""
    import yaml  # here: `k8slab list` reads the lesson index from its cache without it

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C loader when built with it
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LessonFileError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise LessonFileError(f"{path}: cannot read: {err}") from None
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise LessonFileError(f"{path}{where}: not valid YAML: {problem}") from None


def _field_path(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def _clean_loc(loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    # pydantic adds the union member's tag ("exists", "ExistsCheck") to the location: keep only
    # parts that are really in the file.
    return tuple(p for p in loc if not (isinstance(p, str) and (p[:1].isupper() or p.startswith("function-"))))


def describe_validation_error(path: Path, err: ValidationError) -> str:
    """The first problem of a pydantic error as ``FILE: field PATH: problem``."""
    first = err.errors()[0]
    loc = _clean_loc(tuple(first["loc"]))
    msg = str(first["msg"]).removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        msg = "unknown field (a typo, or a newer format?)"
    elif first["type"] == "missing":
        msg = "required field is missing"
    elif first["type"] == "union_tag_invalid":
        ctx = first.get("ctx") or {}
        msg = f"unknown type {ctx.get('tag')!r}; expected one of {ctx.get('expected_tags')}"
    more = len(err.errors()) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"{path}: field {_field_path(loc)}: {msg}{suffix}"


def load_lesson(path: Path) -> Lesson:
    """Load and validate one lesson file (``.../lesson.yaml`` or its folder)."""
    from pydantic import ValidationError

    from k8slab.lessons.schema import FORMAT_VERSION, Lesson

    if path.is_dir():
        path = path / LESSON_FILE
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise LessonFileError(f"{path}: expected a mapping of fields at the top level")
    version = data.get("format_version")
    if version is None:
        raise LessonFileError(f"{path}: field format_version: required field is missing")
    if isinstance(version, int) and version > FORMAT_VERSION:
        raise LessonFileError(
            f"{path}: field format_version: {version} is newer than this k8slab understands ({FORMAT_VERSION})",
            "upgrade k8slab: pip install -U k8slab",
        )
    try:
        return Lesson.model_validate(data)
    except ValidationError as err:
        raise LessonFileError(describe_validation_error(path, err)) from None


def lesson_files(root: Path | None = None) -> list[Path]:
    """Every ``lesson.yaml`` one level under ``root`` (default: the course's lessons/)."""
    root = root or paths.lessons_dir()
    if not root.is_dir():
        raise LessonFileError(f"{root}: lessons folder not found", "set K8SLAB_COURSE_DIR to the course folder")
    return sorted(p for p in root.glob(f"*/{LESSON_FILE}"))


def check_unique(lessons: Sequence[Any]) -> None:
    """Refuse two lessons with the same id, number, slug or namespace."""
    for attr in ("id", "number", "slug", "namespace"):
        seen: dict[Any, str] = {}
        for lesson in lessons:
            value = getattr(lesson, attr)
            if value in seen:
                raise LessonFileError(f"lessons {seen[value]} and {lesson.id}: same {attr} {value!r}")
            seen[value] = lesson.id


def load_course(root: Path | None = None) -> list[Lesson]:
    """All lessons, ordered by number; ids, numbers and slugs must be unique."""
    lessons = [load_lesson(p) for p in lesson_files(root)]
    lessons.sort(key=lambda lesson: lesson.number)
    check_unique(lessons)
    return lessons


class _Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def slug(self) -> str: ...
    @property
    def number(self) -> int: ...
    @property
    def label(self) -> str: ...


_L = TypeVar("_L", bound=_Named)


def find_lesson(lessons: Sequence[_L], name: str) -> _L:
    """A lesson (or index entry) by ``lesson-3``, ``3``, its slug (``service``) or its id (``03-service``)."""
    key = name.strip().lower()
    number = key.removeprefix("lesson-").removeprefix("lesson")
    for lesson in lessons:
        if key in (lesson.id, lesson.slug) or (number.isdigit() and int(number) == lesson.number):
            return lesson
    names = ", ".join(f"{lesson.label} ({lesson.slug})" for lesson in lessons)
    raise UsageError(f"no lesson named {name!r}", f"lessons: {names}")
