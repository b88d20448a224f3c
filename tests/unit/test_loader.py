"""The lesson loader accepts a good file and refuses each kind of bad one, naming file and field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from k8slab.errors import LessonFileError, UsageError
from k8slab.lessons.loader import find_lesson, load_course, load_lesson
from tests.helpers import FIXTURES

GOOD = FIXTURES / "mini-course" / "lessons" / "01-mini" / "lesson.yaml"


def good_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(GOOD.read_text())
    return data


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "01-mini" / "lesson.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True) if not isinstance(data, str) else data)
    return path


def error_of(path: Path) -> str:
    with pytest.raises(LessonFileError) as info:
        load_lesson(path)
    message = info.value.message
    assert str(path) in message
    assert "\n" not in message
    return message


def test_good_lesson_loads_with_both_languages() -> None:
    lesson = load_lesson(GOOD)
    assert lesson.id == "01-mini"
    assert lesson.label == "lesson-1"
    assert lesson.steps[0].check_ids() == ["settings-exists", "settings-color"]
    assert lesson.steps[1].check_ids() == ["configmap_data-1"]
    assert lesson.title.get("fr") == "Une toute petite leçon"
    assert lesson.steps[0].mistakes[0].diagnosis == "field-mismatch"


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    message = error_of(write(tmp_path, "format_version: 1\nid: [unclosed\n"))
    assert "line" in message and "not valid YAML" in message


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    assert "mapping" in error_of(write(tmp_path, "- just\n- a list\n"))


def test_missing_format_version(tmp_path: Path) -> None:
    data = good_data()
    del data["format_version"]
    assert "format_version" in error_of(write(tmp_path, data))


def test_newer_format_version_is_refused(tmp_path: Path) -> None:
    data = good_data()
    data["format_version"] = 99
    path = write(tmp_path, data)
    with pytest.raises(LessonFileError) as info:
        load_lesson(path)
    assert "newer" in info.value.message and "format_version" in info.value.message
    assert info.value.hint and "upgrade" in info.value.hint


def test_unknown_field_is_named(tmp_path: Path) -> None:
    data = good_data()
    data["steps"][0]["hintz"] = []
    message = error_of(write(tmp_path, data))
    assert "steps[0].hintz" in message and "unknown field" in message


def test_missing_required_field_is_named(tmp_path: Path) -> None:
    data = good_data()
    del data["steps"][1]["solve"]
    message = error_of(write(tmp_path, data))
    assert "steps[1].solve" in message and "missing" in message


def test_missing_language_is_refused(tmp_path: Path) -> None:
    data = good_data()
    del data["steps"][0]["hints"][1]["fr"]
    message = error_of(write(tmp_path, data))
    assert "steps[0].hints[1].fr" in message


def test_empty_text_is_refused(tmp_path: Path) -> None:
    data = good_data()
    data["recap"]["en"] = ""
    assert "recap.en" in error_of(write(tmp_path, data))


def test_unknown_check_type_lists_known_ones(tmp_path: Path) -> None:
    data = good_data()
    data["steps"][0]["checks"][0]["type"] = "pod_happy"
    message = error_of(write(tmp_path, data))
    assert "steps[0].checks[0]" in message and "pod_happy" in message and "pod_ready" in message


def test_wrong_value_type_is_named(tmp_path: Path) -> None:
    data = good_data()
    data["number"] = "one"
    assert "field number" in error_of(write(tmp_path, data))


def test_check_needs_name_or_selector(tmp_path: Path) -> None:
    data = good_data()
    data["steps"][0]["checks"][0]["selector"] = {"app": "web"}
    message = error_of(write(tmp_path, data))
    assert "steps[0].checks[0]" in message and "exactly one of 'name' or 'selector'" in message


def test_unknown_diagnosis_is_refused(tmp_path: Path) -> None:
    data = good_data()
    data["steps"][0]["mistakes"][0]["diagnosis"] = "bad-vibes"
    message = error_of(write(tmp_path, data))
    assert "mistakes[0].diagnosis" in message and "bad-vibes" in message


def test_duplicate_step_ids_are_refused(tmp_path: Path) -> None:
    data = good_data()
    data["steps"][1]["id"] = data["steps"][0]["id"]
    assert "used twice" in error_of(write(tmp_path, data))


def test_mistake_naming_unknown_check_is_refused(tmp_path: Path) -> None:
    data = good_data()
    data["steps"][0]["mistakes"][0]["check"] = "no-such-check"
    assert "no-such-check" in error_of(write(tmp_path, data))


def test_steps_need_hints(tmp_path: Path) -> None:
    data = good_data()
    data["steps"][0]["hints"] = []
    assert "steps[0].hints" in error_of(write(tmp_path, data))


def test_course_refuses_two_lessons_with_one_number(tmp_path: Path) -> None:
    data = good_data()
    write(tmp_path, data)
    other = dict(data, id="02-other", slug="other", namespace="k8slab-other")
    (tmp_path / "02-other").mkdir()
    (tmp_path / "02-other" / "lesson.yaml").write_text(yaml.safe_dump(other))
    with pytest.raises(LessonFileError) as info:
        load_course(tmp_path)
    assert "same number 1" in info.value.message


@pytest.mark.parametrize("name", ["lesson-1", "1", "mini", "01-mini", "LESSON-1"])
def test_find_lesson_by_any_name(name: str) -> None:
    lessons = load_course(FIXTURES / "mini-course" / "lessons")
    assert find_lesson(lessons, name).id == "01-mini"


def test_find_unknown_lesson_lists_the_others() -> None:
    lessons = load_course(FIXTURES / "mini-course" / "lessons")
    with pytest.raises(UsageError) as info:
        find_lesson(lessons, "lesson-9")
    assert info.value.hint and "lesson-1 (mini)" in info.value.hint
