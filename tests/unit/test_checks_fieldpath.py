"""Field paths into API objects and the comparison operators of ``field`` checks."""

from __future__ import annotations

from typing import Any

import pytest

from k8slab.checks.fieldpath import compare, parse_path, resolve
from k8slab.errors import LessonFileError

POD: dict[str, Any] = {
    "metadata": {"name": "web", "labels": {"app": "web", "app.kubernetes.io/name": "web"}},
    "spec": {
        "containers": [
            {"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80}]},
            {"name": "sidecar", "image": "busybox:1.37"},
        ],
        "enableServiceLinks": True,
    },
    "status": {"phase": "Running", "containerStatuses": [{"restartCount": 0}]},
}


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("spec.containers[0].image", "nginx:1.27"),
        ("spec.containers[-1].name", "sidecar"),
        ("spec.containers[name=sidecar].image", "busybox:1.37"),
        ("spec.containers[0].ports[0].containerPort", 80),
        ('metadata.labels["app.kubernetes.io/name"]', "web"),
        ("metadata.labels['app']", "web"),
        ("status.containerStatuses[0].restartCount", 0),
        ("spec.enableServiceLinks", True),
    ],
)
def test_resolve(path: str, value: Any) -> None:
    assert resolve(POD, path) == (True, value)


@pytest.mark.parametrize(
    "path",
    [
        "spec.containers[2].image",
        "spec.nodeName",
        "spec.containers[name=db].image",
        "metadata.name.first",
        "spec.containers.image",
    ],
)
def test_resolve_missing(path: str) -> None:
    assert resolve(POD, path) == (False, None)


@pytest.mark.parametrize("path", ["", "spec.", ".spec", "spec..image", "spec.containers[0", "a[0]b"])
def test_invalid_paths_are_refused(path: str) -> None:
    with pytest.raises(LessonFileError, match="invalid field path"):
        parse_path(path)


@pytest.mark.parametrize(
    ("actual", "op", "expected", "result"),
    [
        ("nginx:1.27", "==", "nginx:1.27", True),
        ("nginx:1.277", "==", "nginx:1.27", False),
        (3, "==", "3", True),
        (True, "==", "true", True),
        (False, "==", True, False),
        ("Running", "!=", "Pending", True),
        (3, ">=", 2, True),
        (1, ">", 2, False),
        ("2", "<=", 2, True),
        ("v1.20.2", ">=", "v1.20", True),
        ("v1.20.2", "<", "1.19", False),
        ("docker://20.10.24", ">", "docker://19", True),
        ("abc", ">", 1, False),
        ("nginx:1.27", "contains", "1.27", True),
        (["a", "b"], "contains", "b", True),
        ({"app": "web"}, "contains", "app", True),
        ({"app": "web"}, "contains", "tier", False),
        ("v1.20.2", "matches", r"^v1\.\d+", True),
        ("containerd://1.7", "matches", "^docker", False),
        ("anything", "exists", None, True),
        (None, "exists", None, False),
    ],
)
def test_compare(actual: Any, op: str, expected: Any, result: bool) -> None:
    assert compare(actual, op, expected) is result


def test_bad_regular_expression_is_a_lesson_error() -> None:
    with pytest.raises(LessonFileError, match="regular expression"):
        compare("x", "matches", "(")
