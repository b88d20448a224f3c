"""The course itself: six lessons, both languages with the same structure, sound lesson data."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from k8slab.cluster.kinds import lookup
from k8slab.engine.manifests import images_in_manifests
from k8slab.lessons.loader import load_course
from k8slab.lessons.schema import Lesson, Localized

REPO = Path(__file__).resolve().parents[2]
CODE_BLOCK = re.compile(r"```")
INLINE_CODE = re.compile(r"`[^`\n]+`")


@pytest.fixture(scope="module")
def lessons() -> list[Lesson]:
    if not any((REPO / "lessons").glob("*/lesson.yaml")):
        pytest.skip("no lessons in this checkout")
    return load_course(REPO / "lessons")


def localized(node: Any, where: str) -> Iterator[tuple[str, Localized]]:
    if isinstance(node, Localized):
        yield where, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from localized(getattr(node, name), f"{where}.{name}")
    elif isinstance(node, list | tuple):
        for i, item in enumerate(node):
            yield from localized(item, f"{where}[{i}]")


def test_six_lessons_in_workshop_order(lessons: list[Lesson]) -> None:
    assert [(lesson.number, lesson.slug) for lesson in lessons] == [
        (0, "architecture"),
        (1, "pod"),
        (2, "configmap"),
        (3, "service"),
        (4, "deployment"),
        (5, "ingress"),
    ]


def test_each_lesson_has_the_expected_shape(lessons: list[Lesson]) -> None:
    for lesson in lessons:
        assert 3 <= len(lesson.steps) <= 6, lesson.id
        assert lesson.objectives and lesson.theory and lesson.recap
        assert sum(len(step.mistakes) for step in lesson.steps) >= 3, f"{lesson.id}: fewer than 3 mistakes"
        for step in lesson.steps:
            assert len(step.hints) >= 2, f"{lesson.id}/{step.id}: hints are not staged"
            assert step.solve.commands, f"{lesson.id}/{step.id}: no kubectl commands in the solution"
    assert lessons[0].quiz, "the architecture lesson has a quiz"


def test_every_text_is_translated_with_the_same_structure(lessons: list[Lesson]) -> None:
    problems = []
    for lesson in lessons:
        for where, text in localized(lesson, lesson.id):
            en, fr = text.en.strip(), text.fr.strip()
            if len(CODE_BLOCK.findall(en)) != len(CODE_BLOCK.findall(fr)):
                problems.append(f"{where}: code blocks differ between en and fr")
            if len(en) > 60 and en == fr:
                problems.append(f"{where}: the French text is the English one")
            if en.count("\n#") != fr.count("\n#"):
                problems.append(f"{where}: headings differ between en and fr")
    assert problems == []


def test_checks_use_known_kinds_and_stable_apis(lessons: list[Lesson]) -> None:
    for lesson in lessons:
        for step in lesson.steps:
            for check in step.checks:
                kind = getattr(check, "kind", None)
                if kind is not None:
                    assert lookup(kind) is not None, f"{lesson.id}/{step.id}: unknown kind {kind}"
    stable = {"v1", "apps/v1", "networking.k8s.io/v1"}
    for path in (REPO / "manifests").rglob("*.yaml"):
        for line in path.read_text().splitlines():
            if line.startswith("apiVersion:"):
                assert line.split(":", 1)[1].strip() in stable, f"{path}: {line}"


def test_images_are_the_pinned_course_images() -> None:
    images = images_in_manifests(REPO / "manifests")
    if not images:
        pytest.skip("no manifests in this checkout")
    assert set(images) <= {"nginx:1.27", "nginx:1.28", "busybox:1.37"}, images


def test_namespaces_are_the_lessons_own(lessons: list[Lesson]) -> None:
    for lesson in lessons:
        assert lesson.namespace == f"k8slab-{lesson.slug}"
