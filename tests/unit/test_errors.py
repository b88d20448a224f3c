"""Errors are translated at the cluster boundary and shown as one line with an exit code."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import yaml

from k8slab.cluster.client import Cluster, translate_api_error
from k8slab.errors import (
    AuthError,
    ClusterError,
    ClusterUnreachableError,
    InvalidManifestError,
    ResourceNotFoundError,
)
from tests.helpers import FIXTURES, run_cli


@pytest.fixture(autouse=True)
def _mini_course(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(FIXTURES / "mini-course"))


BODY_422 = (
    '{"kind":"Status","status":"Failure","message":"Service \\"web\\" is invalid: spec.ports[0].port: '
    'Invalid value: 0: must be between 1 and 65535, inclusive","reason":"Invalid","code":422}'
)


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (401, AuthError),
        (403, AuthError),
        (404, ResourceNotFoundError),
        (422, InvalidManifestError),
        (503, ClusterError),
    ],
)
def test_status_codes_become_k8slab_errors(status: int, kind: type[ClusterError]) -> None:
    err = translate_api_error(status, BODY_422, "service/web", "context 'x'")
    assert type(err) is kind
    assert "\n" not in err.message


def test_invalid_manifest_keeps_the_servers_field_message() -> None:
    err = translate_api_error(422, BODY_422, "service/web", "context 'x'")
    assert "spec.ports[0].port: Invalid value: 0" in err.message
    assert err.message.startswith("service/web")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def unreachable_kubeconfig(tmp_path: Path) -> Path:
    path = tmp_path / "config"
    path.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "current-context": "kind-k8slab",
                "clusters": [{"name": "c", "cluster": {"server": f"https://127.0.0.1:{closed_port()}"}}],
                "users": [{"name": "u", "user": {"token": "x"}}],
                "contexts": [{"name": "kind-k8slab", "context": {"cluster": "c", "user": "u"}}],
            }
        )
    )
    return path


def test_unreachable_cluster_is_one_clear_error(tmp_path: Path) -> None:
    cluster = Cluster.connect(str(unreachable_kubeconfig(tmp_path)))
    with pytest.raises(ClusterUnreachableError) as info:
        cluster.list("Pod", "default")
    assert "cannot reach the cluster" in info.value.message and "connection refused" in info.value.message
    assert info.value.hint and "cluster status" in info.value.hint


def test_cli_shows_one_line_and_exit_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(["check", "lesson-1", "--kubeconfig", str(unreachable_kubeconfig(tmp_path))], capsys)
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[0].startswith("error: cannot reach the cluster")
    assert lines[1].startswith("hint:")


def test_debug_shows_the_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ClusterUnreachableError):
        run_cli(["--debug", "check", "lesson-1", "--kubeconfig", str(unreachable_kubeconfig(tmp_path))], capsys)


def test_missing_kubeconfig_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(["check", "lesson-1", "--kubeconfig", str(tmp_path / "none")], capsys)
    assert result.exit_code == 1
    assert "error: no kubeconfig at" in result.stderr


def test_unknown_lesson_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(["hint", "lesson-99"], capsys)
    assert result.exit_code == 2
    assert "no lesson named 'lesson-99'" in result.stderr
