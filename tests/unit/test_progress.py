"""Progress is readable JSON, saved atomically, per context; a corrupted file is set aside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from k8slab import paths
from k8slab.engine.progress import ProgressStore


def test_round_trip_per_context(tmp_path: Path) -> None:
    store = ProgressStore.load(tmp_path / "progress.json")
    store.start("kind-k8slab", "01-pod", "write-pod")
    store.mark_done("kind-k8slab", "01-pod", "write-pod", "logs")
    store.save()
    again = ProgressStore.load(tmp_path / "progress.json")
    assert again.peek("kind-k8slab", "01-pod").done_steps == ["write-pod"]
    assert again.peek("kind-k8slab", "01-pod").current_step == "logs"
    assert again.peek("other", "01-pod").done_steps == []
    data = json.loads((tmp_path / "progress.json").read_text())
    assert data["format_version"] == 1
    assert "kind-k8slab" in data["contexts"]


def test_last_step_completes_the_lesson(tmp_path: Path) -> None:
    store = ProgressStore.load(tmp_path / "p.json")
    store.mark_done("c", "l", "only", None)
    assert store.peek("c", "l").completed


def test_save_leaves_no_temporary_file(tmp_path: Path) -> None:
    store = ProgressStore.load(tmp_path / "p.json")
    store.start("c", "l", "s")
    store.save()
    store.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.json"]


@pytest.mark.parametrize("content", ["{not json", "[]", '{"contexts": 3}', '{"format_version": 7, "contexts": {}}'])
def test_corrupted_file_is_set_aside_and_work_goes_on(tmp_path: Path, content: str) -> None:
    path = tmp_path / "progress.json"
    path.write_text(content)
    store = ProgressStore.load(path)
    assert len(store.warnings) == 1 and "set aside" in store.warnings[0]
    assert not path.exists()
    aside = list(tmp_path.glob("progress.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text() == content
    store.start("c", "l", "s")
    store.save()
    assert ProgressStore.load(path).peek("c", "l").current_step == "s"


def test_hints_are_staged_and_stop_at_the_last(tmp_path: Path) -> None:
    store = ProgressStore.load(tmp_path / "p.json")
    shown = [store.next_hint("c", "l", "s", 3) for _ in range(5)]
    assert shown == [0, 1, 2, 2, 2]


def test_default_path_follows_the_data_dir_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("K8SLAB_DATA_DIR", str(tmp_path / "elsewhere"))
    assert paths.progress_file() == tmp_path / "elsewhere" / "progress.json"
    store = ProgressStore.load()
    store.start("c", "l", "s")
    store.save()
    assert (tmp_path / "elsewhere" / "progress.json").is_file()


def test_time_adds_up(tmp_path: Path) -> None:
    store = ProgressStore.load(tmp_path / "p.json")
    store.add_time("c", "l", 10.04)
    store.add_time("c", "l", 5)
    assert store.peek("c", "l").seconds == pytest.approx(15.0, abs=0.1)
