"""Every path k8slab reads or writes, in one place.

Tests and users can move each of them with an environment variable:

- ``K8SLAB_DATA_DIR``: where progress and other state are kept (default: the platform's user
  data dir, e.g. ``~/.local/share/k8slab``);
- ``K8SLAB_COURSE_DIR``: the folder holding ``lessons/`` and ``manifests/`` (default: the
  checkout or the installed package's data).
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """The folder for progress and state (created on first write, not here)."""
    override = os.environ.get("K8SLAB_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("k8slab", appauthor=False)


def progress_file() -> Path:
    """The JSON file holding the learner's progress, per cluster context."""
    return data_dir() / "progress.json"


def course_dir() -> Path:
    """The folder that holds ``lessons/`` and ``manifests/``."""
    override = os.environ.get("K8SLAB_COURSE_DIR")
    if override:
        return Path(override)
    bundled = _PACKAGE_DIR / "course"
    if (bundled / "lessons").is_dir():
        return bundled
    return _PACKAGE_DIR.parent


def lessons_dir() -> Path:
    """The folder with one sub-folder per lesson."""
    return course_dir() / "lessons"


def manifests_dir() -> Path:
    """The folder with the YAML the lessons apply."""
    return course_dir() / "manifests"


def kind_config_file() -> Path:
    """Where ``k8slab cluster up`` writes the kind configuration it uses."""
    return data_dir() / "kind-config.yaml"
