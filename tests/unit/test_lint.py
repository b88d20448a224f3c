"""`k8slab lint` validates a course offline and names each problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from k8slab.lessons.lint import lint_course
from tests.helpers import copy_course, run_cli

REPO = Path(__file__).resolve().parents[2]


def problems_of(course: Path) -> list[str]:
    problems, _ = lint_course(course)
    return [str(p) for p in problems]


def test_fixture_course_is_clean(tmp_path: Path) -> None:
    assert problems_of(copy_course("mini-course", tmp_path)) == []


def test_missing_manifest_is_reported(tmp_path: Path) -> None:
    course = copy_course("mini-course", tmp_path)
    (course / "manifests" / "01-mini" / "settings-green.yaml").unlink()
    found = problems_of(course)
    assert any("settings-green.yaml does not exist" in p for p in found)


def test_unpinned_image_and_port_without_protocol(tmp_path: Path) -> None:
    course = copy_course("mini-course", tmp_path)
    (course / "manifests" / "01-mini" / "settings.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - {name: n, image: nginx}\n"
        "---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports:\n  - {port: 80}\n"
    )
    found = problems_of(course)
    assert any("image 'nginx' is not pinned" in p for p in found)
    assert any("Service/web: a port has no protocol" in p for p in found)


def test_broken_manifest_yaml(tmp_path: Path) -> None:
    course = copy_course("mini-course", tmp_path)
    (course / "manifests" / "01-mini" / "settings.yaml").write_text("kind: ConfigMap\n  bad: [\n")
    assert any("settings.yaml" in p and "not valid YAML" in p for p in problems_of(course))


def test_broken_lesson_file_is_reported_not_raised(tmp_path: Path) -> None:
    course = copy_course("mini-course", tmp_path)
    lesson = course / "lessons" / "01-mini" / "lesson.yaml"
    lesson.write_text(lesson.read_text().replace("slug: mini", "slug: mini\nsluggish: yes"))
    found = problems_of(course)
    assert len(found) == 1 and "field sluggish: unknown field" in found[0]


def test_folder_must_match_id(tmp_path: Path) -> None:
    course = copy_course("mini-course", tmp_path)
    (course / "lessons" / "01-mini").rename(course / "lessons" / "01-other")
    assert any("differs from id '01-mini'" in p for p in problems_of(course))


def test_unknown_template_variable(tmp_path: Path) -> None:
    course = copy_course("mini-course", tmp_path)
    path = course / "manifests" / "01-mini" / "settings.yaml"
    path.write_text(path.read_text().replace("blue", "${NODE_COLOUR}"))
    assert any("unknown variable ${NODE_COLOUR}" in p for p in problems_of(course))


def test_cli_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    course = copy_course("mini-course", tmp_path)
    assert run_cli(["lint", str(course)], capsys).exit_code == 0
    (course / "manifests" / "01-mini" / "settings-green.yaml").unlink()
    result = run_cli(["lint", str(course)], capsys)
    assert result.exit_code == 1
    assert "settings-green.yaml does not exist" in result.stdout


def test_the_course_itself_is_clean() -> None:
    if not (REPO / "lessons").is_dir() or not any((REPO / "lessons").glob("*/lesson.yaml")):
        pytest.skip("no lessons in this checkout")
    assert problems_of(REPO) == []
