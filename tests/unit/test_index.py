"""The light lesson index (what `k8slab list` reads) agrees with the full loader, and a broken
file still gets the full loader's one-line error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from k8slab.errors import LessonFileError
from k8slab.lessons import schema
from k8slab.lessons.index import INDEX_FORMAT_VERSION, LessonInfo, index_lesson, info_from_lesson, load_index
from k8slab.lessons.loader import load_course
from tests.helpers import FIXTURES, CliResult, run_cli

REPO = Path(__file__).resolve().parents[2]
GOOD = FIXTURES / "mini-course" / "lessons" / "01-mini" / "lesson.yaml"


def as_tuple(info: LessonInfo) -> tuple[Any, ...]:
    return (info.id, info.number, info.slug, info.namespace, info.title, info.duration_minutes, info.step_ids)


def courses() -> list[Path]:
    found = [FIXTURES / "mini-course" / "lessons", FIXTURES / "course" / "lessons"]
    if any((REPO / "lessons").glob("*/lesson.yaml")):
        found.append(REPO / "lessons")
    return found


@pytest.mark.parametrize("root", courses(), ids=lambda p: p.parent.name)
def test_index_has_the_same_data_as_the_full_loader(root: Path) -> None:
    full = load_course(root)
    index = load_index(root)
    assert [as_tuple(i) for i in index] == [as_tuple(info_from_lesson(lesson, Path())) for lesson in full]
    assert [i.label for i in index] == [lesson.label for lesson in full]


def test_the_index_reads_the_format_the_schema_defines() -> None:
    assert INDEX_FORMAT_VERSION == schema.FORMAT_VERSION


def write(tmp_path: Path, data: Any, folder: str = "01-mini") -> Path:
    path = tmp_path / folder / "lesson.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def good() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(GOOD.read_text(encoding="utf-8"))
    return data


def one_line_error(path: Path) -> str:
    with pytest.raises(LessonFileError) as info:
        index_lesson(path)
    message = info.value.message
    assert str(path) in message and "\n" not in message
    return message


def test_a_good_file_is_indexed_without_the_full_loader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import k8slab.lessons.loader as loader

    def refuse(path: Path) -> None:
        raise AssertionError("the full loader was used for a well-shaped file")

    monkeypatch.setattr(loader, "load_lesson", refuse)
    info = index_lesson(write(tmp_path, good()))
    assert info.id == "01-mini" and info.label == "lesson-1"
    assert info.title.get("fr") == "Une toute petite leçon"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d: d["title"].pop("fr"), "title.fr"),
        (lambda d: d.__setitem__("number", "one"), "number"),
        (lambda d: d["steps"][0].pop("id"), "steps[0].id"),
        (lambda d: d.__setitem__("steps", []), "steps"),
        (lambda d: d.__setitem__("id", "Not A Name"), "id"),
    ],
)
def test_a_badly_shaped_file_gets_the_full_loaders_error(tmp_path: Path, change: Any, field: str) -> None:
    data = good()
    change(data)
    assert f"field {field}:" in one_line_error(write(tmp_path, data))


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    message = one_line_error(write(tmp_path, "format_version: 1\nid: [unclosed\n"))
    assert "not valid YAML" in message and "line" in message


def test_a_newer_format_is_refused_with_the_upgrade_hint(tmp_path: Path) -> None:
    data = good()
    data["format_version"] = 99
    with pytest.raises(LessonFileError) as info:
        index_lesson(write(tmp_path, data))
    assert "newer" in info.value.message and info.value.hint and "upgrade" in info.value.hint


def test_two_lessons_with_the_same_number_are_refused(tmp_path: Path) -> None:
    write(tmp_path, good(), "01-mini")
    other = good()
    other.update(id="02-other", slug="other", namespace="k8slab-other")
    write(tmp_path, other, "02-other")
    with pytest.raises(LessonFileError) as info:
        load_index(tmp_path)
    assert "same number" in info.value.message


def test_list_reads_the_index(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(FIXTURES / "course"))
    result: CliResult = run_cli(["list"], capsys)
    assert result.exit_code == 0, result.stderr
    assert "lesson-1 (config)" in result.stdout and "0/2" in result.stdout


def test_list_with_a_broken_lesson_fails_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = good()
    del data["title"]
    path = write(tmp_path / "lessons", data)
    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(tmp_path))
    result = run_cli(["list"], capsys)
    assert result.exit_code != 0
    assert f"{path}: field title: required field is missing" in " ".join(result.stderr.split())


PROBE = """
import sys
from k8slab.cli.app import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("IMPORTED", sorted({m.split(".")[0] for m in sys.modules} & {"pydantic", "kubernetes"}))
"""


@pytest.mark.parametrize("args", [["--help"], ["list"]], ids=" ".join)
def test_help_and_list_do_not_import_pydantic_or_kubernetes(args: list[str]) -> None:
    env = {**os.environ, "K8SLAB_COURSE_DIR": str(FIXTURES / "course")}
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, check=True)
    assert "IMPORTED []" in proc.stdout, proc.stdout[-300:] + proc.stderr[-300:]


def test_options_are_still_converted_and_checked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(FIXTURES / "course"))
    bad = run_cli(["hint", "--step", "two", "lesson-1"], capsys)
    assert bad.exit_code == 2 and "--step" in bad.stderr and "'two'" in bad.stderr
    out_of_range = run_cli(["hint", "--step", " 9", "lesson-1"], capsys)
    assert out_of_range.exit_code != 0 and "has no step 9" in out_of_range.stderr
    shown = run_cli(["hint", "--step", "2", "lesson-1"], capsys)
    assert shown.exit_code == 0 and "step 2/2" in shown.stdout


# --- the cache ----------------------------------------------------------------------------------


def course_copy(tmp_path: Path) -> Path:
    root = tmp_path / "course" / "lessons"
    write(root, good(), "01-mini")
    return root


def no_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    import k8slab.lessons.index as index

    def refuse(path: Path) -> None:
        raise AssertionError(f"{path} was parsed again")

    monkeypatch.setattr(index, "read_yaml", refuse)


def test_unchanged_files_are_not_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = course_copy(tmp_path)
    first = load_index(root)
    no_yaml(monkeypatch)
    assert load_index(root) == first


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    root = course_copy(tmp_path)
    assert load_index(root)[0].title.get("en") != "Renamed"
    data = good()
    data["title"]["en"] = "Renamed"
    path = write(root, data, "01-mini")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_index(root)[0].title.get("en") == "Renamed"


def test_a_corrupt_or_foreign_cache_is_ignored(tmp_path: Path) -> None:
    from k8slab import paths
    from k8slab.lessons.index import CACHE_FILE

    root = course_copy(tmp_path)
    expected = load_index(root)
    cache = paths.data_dir() / CACHE_FILE
    cache.write_text("{not json", encoding="utf-8")
    assert load_index(root) == expected
    data = json.loads(cache.read_text(encoding="utf-8"))  # rewritten
    data["k8slab"] = "0.0.0-other"
    for entry in data["files"].values():
        entry["info"]["number"] = 7
    cache.write_text(json.dumps(data), encoding="utf-8")
    assert load_index(root) == expected


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("K8SLAB_DATA_DIR", str(blocker / "data"))
    root = course_copy(tmp_path)
    assert [i.id for i in load_index(root)] == ["01-mini"]
    assert [i.id for i in load_index(root)] == ["01-mini"]
