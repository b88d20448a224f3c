"""The learner's progress: readable JSON in the user data dir, per cluster context.

Written atomically (a temporary file renamed over the old one). A file that cannot be read is
set aside under a timestamped name, a warning says so, and k8slab starts afresh.

    {"format_version": 1,
     "contexts": {"kind-k8slab": {"lessons": {"01-pod": {
         "done_steps": ["write-pod"], "current_step": "logs", "hints": {"logs": 1},
         "started_at": "...", "completed_at": null, "seconds": 312}}}}}
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from k8slab import paths
from k8slab.errors import ProgressError

FORMAT_VERSION = 1


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass
class LessonProgress:
    """Progress in one lesson (a view on the stored JSON)."""

    data: dict[str, Any]

    @property
    def done_steps(self) -> list[str]:
        return list(self.data.setdefault("done_steps", []))

    @property
    def current_step(self) -> str | None:
        value = self.data.get("current_step")
        return value if isinstance(value, str) else None

    @property
    def completed(self) -> bool:
        return bool(self.data.get("completed_at"))

    @property
    def started(self) -> bool:
        return bool(self.data.get("started_at") or self.data.get("done_steps"))

    @property
    def seconds(self) -> float:
        return float(self.data.get("seconds", 0))

    def hints_shown(self, step_id: str) -> int:
        return int(self.data.get("hints", {}).get(step_id, 0))


@dataclass
class ProgressStore:
    """Loads, changes and saves the progress file."""

    path: Path = field(default_factory=paths.progress_file)
    warnings: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> ProgressStore:
        store = cls(path=path or paths.progress_file())
        store.data = store._read()
        return store

    def _fresh(self) -> dict[str, Any]:
        return {"format_version": FORMAT_VERSION, "contexts": {}}

    def _read(self) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return self._fresh()
        except OSError as err:
            raise ProgressError(f"cannot read progress file {self.path}: {err.strerror}") from None
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or not isinstance(data.get("contexts"), dict):
                raise ValueError("unexpected structure")
            if int(data.get("format_version", 0)) > FORMAT_VERSION:
                raise ValueError(f"format_version {data['format_version']} is newer than this k8slab")
        except (ValueError, TypeError) as err:
            aside = self.path.with_name(f"{self.path.name}.corrupt-{dt.datetime.now():%Y%m%dT%H%M%S}")
            with contextlib.suppress(OSError):
                self.path.replace(aside)
            self.warnings.append(
                f"progress file {self.path} could not be read ({err}); it was set aside as {aside.name} "
                "and progress starts afresh"
            )
            return self._fresh()
        return data

    def save(self) -> None:
        """Write the file atomically (never leaves a half-written file behind)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".json", dir=self.path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(self.data, handle, indent=2, sort_keys=True)
                    handle.write("\n")
                    handle.flush()
                    os.fsync(handle.fileno())
                Path(tmp).replace(self.path)
            except BaseException:
                with contextlib.suppress(OSError):
                    Path(tmp).unlink()
                raise
        except OSError as err:
            raise ProgressError(f"cannot save progress to {self.path}: {err.strerror}") from None

    # --- reading and changing -------------------------------------------------------------

    def lesson(self, context: str, lesson_id: str) -> LessonProgress:
        contexts = self.data.setdefault("contexts", {})
        lessons = contexts.setdefault(context, {}).setdefault("lessons", {})
        entry = lessons.setdefault(lesson_id, {})
        if not isinstance(entry, dict):
            entry = lessons[lesson_id] = {}
        return LessonProgress(entry)

    def peek(self, context: str, lesson_id: str) -> LessonProgress:
        """Progress in a lesson without creating an entry."""
        entry = self.data.get("contexts", {}).get(context, {}).get("lessons", {}).get(lesson_id)
        return LessonProgress(dict(entry) if isinstance(entry, dict) else {})

    def start(self, context: str, lesson_id: str, step_id: str) -> None:
        entry = self.lesson(context, lesson_id).data
        entry.setdefault("started_at", _now())
        entry["current_step"] = step_id

    def mark_done(self, context: str, lesson_id: str, step_id: str, next_step: str | None) -> None:
        entry = self.lesson(context, lesson_id).data
        entry.setdefault("started_at", _now())
        done = entry.setdefault("done_steps", [])
        if step_id not in done:
            done.append(step_id)
        if next_step is None:
            entry.setdefault("completed_at", _now())
            entry["current_step"] = step_id
        else:
            entry["current_step"] = next_step

    def add_time(self, context: str, lesson_id: str, seconds: float) -> None:
        entry = self.lesson(context, lesson_id).data
        entry["seconds"] = round(float(entry.get("seconds", 0)) + max(0.0, seconds), 1)

    def next_hint(self, context: str, lesson_id: str, step_id: str, available: int) -> int:
        """The index of the next hint to show (stays on the last one)."""
        entry = self.lesson(context, lesson_id).data
        hints = entry.setdefault("hints", {})
        shown = int(hints.get(step_id, 0))
        index = min(shown, available - 1)
        hints[step_id] = min(shown + 1, available)
        return index

    def forget(self, context: str, lesson_id: str) -> None:
        self.data.get("contexts", {}).get(context, {}).get("lessons", {}).pop(lesson_id, None)
