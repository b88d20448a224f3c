"""Offline checks of a course: lesson files, the manifests they name, ids, languages.

``lint_course`` returns problems (file + message); it never touches a cluster.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from k8slab import paths
from k8slab.errors import K8sLabError

if TYPE_CHECKING:
    from k8slab.lessons.schema import Lesson, Operations


@dataclass(frozen=True)
class LintProblem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _operations(lesson: Lesson) -> Iterator[tuple[str, Operations]]:
    from k8slab.lessons.schema import Operations

    yield "prerequisites", Operations(apply=list(lesson.prerequisites))
    for i, step in enumerate(lesson.steps):
        where = f"steps[{i}] ({step.id})"
        yield f"{where}.setup", step.setup
        yield f"{where}.solve", step.solve
        yield f"{where}.cleanup", step.cleanup
        for m, mistake in enumerate(step.mistakes):
            yield f"{where}.mistakes[{m}] ({mistake.id})", mistake


def _manifest_refs(ops: Operations) -> list[str]:
    refs = list(ops.apply) + list(ops.delete)
    refs += [a.manifest for a in ops.actions if a.do == "apply"]
    return refs


def lint_manifest(relative: str, manifests_root: Path) -> list[str]:
    """Problems of one manifest file (empty when it is fine)."""
    from k8slab.engine.manifests import containers, parse_documents, unknown_variables

    path = manifests_root / relative
    if not path.is_file():
        return [f"manifest {relative} does not exist under {manifests_root}"]
    text = path.read_text(encoding="utf-8")
    problems = [f"{relative}: unknown variable ${{{name}}}" for name in sorted(unknown_variables(text))]
    try:
        docs = parse_documents(text, relative)
    except K8sLabError as err:
        return [*problems, err.message]
    for doc in docs:
        name = f"{relative}: {doc['kind']}/{doc['metadata']['name']}"
        for container in containers(doc):
            image = str(container.get("image", ""))
            tag = image.rsplit("/", 1)[-1]
            if ":" not in tag or tag.endswith(":latest"):
                problems.append(f"{name}: image {image!r} is not pinned to a tag")
        if doc["kind"] == "Service":
            for port in (doc.get("spec") or {}).get("ports") or []:
                if isinstance(port, dict) and "protocol" not in port:
                    problems.append(
                        f"{name}: a port has no protocol (write protocol: TCP; some API servers "
                        "refuse a server-side apply without it)"
                    )
    return problems


def lint_lesson(lesson: Lesson, lesson_file: Path, manifests_root: Path) -> list[LintProblem]:
    problems = []
    where = str(lesson_file)
    if lesson_file.parent.name != lesson.id:
        problems.append(LintProblem(where, f"folder name {lesson_file.parent.name!r} differs from id {lesson.id!r}"))
    checked: set[str] = set()
    for label, ops in _operations(lesson):
        for relative in _manifest_refs(ops):
            if relative in checked:
                continue
            checked.add(relative)
            problems += [LintProblem(f"{where} {label}", msg) for msg in lint_manifest(relative, manifests_root)]
    for i, step in enumerate(lesson.steps):
        if step.solve.is_empty():
            problems.append(LintProblem(where, f"steps[{i}] ({step.id}): solve does nothing"))
        if not step.solve.commands:
            problems.append(LintProblem(where, f"steps[{i}] ({step.id}): solve.commands is empty"))
        texts = [h.en.strip() for h in step.hints]
        if len(set(texts)) != len(texts):
            problems.append(LintProblem(where, f"steps[{i}] ({step.id}): two hints are the same"))
    return problems


def lint_course(root: Path | None = None) -> tuple[list[LintProblem], int]:
    """All problems of the course at ``root`` (a course folder or a lessons folder), and how
    many lessons were read."""
    from k8slab.lessons.loader import LESSON_FILE, lesson_files, load_lesson

    root = root or paths.course_dir()
    if (root / LESSON_FILE).is_file():
        files, manifests_root = [root / LESSON_FILE], root.parent.parent / "manifests"
    elif (root / "lessons").is_dir():
        files, manifests_root = lesson_files(root / "lessons"), root / "manifests"
    else:
        files, manifests_root = lesson_files(root), root.parent / "manifests"
    problems: list[LintProblem] = []
    lessons: list[tuple[Lesson, Path]] = []
    for file in files:
        try:
            lessons.append((load_lesson(file), file))
        except K8sLabError as err:
            problems.append(LintProblem(str(file), err.message.removeprefix(f"{file}: ")))
    for attr in ("id", "number", "slug", "namespace"):
        seen: dict[Any, Path] = {}
        for lesson, file in lessons:
            value = getattr(lesson, attr)
            if value in seen:
                problems.append(LintProblem(str(file), f"{attr} {value!r} is also used by {seen[value]}"))
            seen[value] = file
    for lesson, file in lessons:
        problems += lint_lesson(lesson, file, manifests_root)
    if not files:
        problems.append(LintProblem(str(root), "no lesson files found"))
    return problems, len(files)
