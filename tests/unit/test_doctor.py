"""`k8slab doctor`: its rows computed with fake tools on PATH, a fake /proc and a fake cluster probe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from k8slab import doctor
from k8slab.cluster import kind_config
from k8slab.errors import ClusterUnreachableError
from tests.fakes import FakeTools, free_ports, install_fakes, listening_port


@pytest.fixture(autouse=True)
def _fresh_language(monkeypatch: pytest.MonkeyPatch) -> None:
    from k8slab import i18n

    monkeypatch.setattr(i18n, "_current", None)


@pytest.fixture
def fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeTools:
    monkeypatch.setenv("COLUMNS", "250")
    real = kind_config.port_in_use
    # 30080 is fixed and may be held by a real cluster on this machine; port tests bind their own ports
    monkeypatch.setattr(
        kind_config, "port_in_use", lambda port, host="0.0.0.0": port != kind_config.NODE_PORT and real(port, host)
    )
    return install_fakes(tmp_path, monkeypatch)


def make_proc(tmp_path: Path, watches: int, instances: int) -> Path:
    folder = tmp_path / "proc" / "sys" / "fs" / "inotify"
    folder.mkdir(parents=True)
    (folder / "max_user_watches").write_text(f"{watches}\n")
    (folder / "max_user_instances").write_text(f"{instances}\n")
    return folder


@pytest.fixture
def good_proc(tmp_path: Path) -> Path:
    return make_proc(tmp_path, 524288, 512)


def reachable(kubeconfig: str | None, context: str | None) -> tuple[str, str]:
    return context or "kind-k8slab", "v1.37.0"


def unreachable(kubeconfig: str | None, context: str | None) -> tuple[str, str]:
    raise ClusterUnreachableError(
        "cannot reach the cluster at https://127.0.0.1:6443 (kind-k8slab): connection refused",
        "is it running? `k8slab cluster status` tells; `k8slab cluster up` starts it",
    )


@pytest.fixture
def http_ports() -> tuple[int, int]:
    first, second = free_ports(2)
    return first, second


def checks(http_ports: tuple[int, int], proc: Path, probe: doctor.Probe = reachable) -> dict[str, doctor.Row]:
    rows = doctor.run_checks(http_port=http_ports[0], https_port=http_ports[1], inotify_dir=proc, probe=probe)
    return {row.name.en: row for row in rows}


def test_all_good(fakes: FakeTools, good_proc: Path, http_ports: tuple[int, int]) -> None:
    rows = checks(http_ports, good_proc)
    assert all(row.ok for row in rows.values()), [r for r in rows.values() if not r.ok]
    assert doctor.failed_required(list(rows.values())) == []
    assert rows["kind installed"].detail.en == "kind v0.33.0"
    assert rows["Docker daemon reachable"].detail.en == "Docker Engine 20.10.24+dfsg1"
    assert rows["kubectl installed (to do the exercises)"].detail.en == "kubectl v1.37.0"
    assert rows[f"host port {http_ports[0]} free"].detail.en == "free"
    assert "Kubernetes v1.37.0" in rows["lab cluster reachable"].detail.en
    assert not rows["kubectl installed (to do the exercises)"].required


def test_docker_missing(fakes: FakeTools, good_proc: Path, http_ports: tuple[int, int]) -> None:
    fakes.remove("docker")
    rows = checks(http_ports, good_proc)
    assert not rows["Docker installed"].ok
    assert rows["Docker installed"].fix is not None and "docs.docker.com" in rows["Docker installed"].fix.en
    assert not rows["Docker daemon reachable"].ok
    assert fakes.calls("docker") == []
    assert doctor.failed_required(list(rows.values()))


def test_docker_daemon_down(fakes: FakeTools, good_proc: Path, http_ports: tuple[int, int]) -> None:
    fakes.fail("docker", "daemon")
    rows = checks(http_ports, good_proc)
    assert rows["Docker installed"].ok
    daemon = rows["Docker daemon reachable"]
    assert not daemon.ok and daemon.required
    assert "Docker is not running" in daemon.detail.en
    assert daemon.fix is not None and "systemctl start docker" in daemon.fix.en


def test_kind_missing(fakes: FakeTools, good_proc: Path, http_ports: tuple[int, int]) -> None:
    fakes.remove("kind")
    row = checks(http_ports, good_proc)["kind installed"]
    assert not row.ok and row.required
    assert row.fix is not None and "https://kind.sigs.k8s.io/docs/user/quick-start/#installation" in row.fix.en


def test_kubectl_missing_is_optional(fakes: FakeTools, good_proc: Path, http_ports: tuple[int, int]) -> None:
    fakes.remove("kubectl")
    rows = checks(http_ports, good_proc)
    row = rows["kubectl installed (to do the exercises)"]
    assert not row.ok and not row.required
    assert doctor.failed_required(list(rows.values())) == []


def test_low_inotify_limits_give_the_sysctl_fix(fakes: FakeTools, tmp_path: Path, http_ports: tuple[int, int]) -> None:
    rows = checks(http_ports, make_proc(tmp_path, 524288, 128))
    row = rows["inotify limits"]
    assert not row.ok and not row.required  # a warning: one lab cluster usually runs with the defaults
    assert row not in doctor.failed_required(list(rows.values()))
    assert row.detail.en == "max_user_watches=524288, max_user_instances=128"
    assert row.fix is not None
    assert "sudo sysctl fs.inotify.max_user_instances=512" in row.fix.en
    assert "max_user_watches" not in row.fix.en  # that one is high enough


def test_no_proc_inotify_is_nothing_to_check(fakes: FakeTools, tmp_path: Path, http_ports: tuple[int, int]) -> None:
    row = checks(http_ports, tmp_path / "nowhere")["inotify limits"]
    assert row.ok


@pytest.fixture
def listener() -> Iterator[int]:
    with listening_port() as port:
        yield port


def test_busy_port_row(fakes: FakeTools, good_proc: Path, listener: int) -> None:
    other = free_ports(1)[0]
    rows = checks((other, listener), good_proc)
    row = rows[f"host port {listener} free"]
    assert not row.ok and row.required
    assert row.fix is not None and "--https-port" in row.fix.en
    assert rows[f"host port {other} free"].ok


def test_port_held_by_the_lab_cluster_is_fine(fakes: FakeTools, good_proc: Path, listener: int) -> None:
    fakes.set_state(
        clusters=["k8slab"],
        containers={"k8slab-control-plane": "running"},
        ports={"k8slab-control-plane": [listener, 30080]},
    )
    row = checks((listener, free_ports(1)[0]), good_proc)[f"host port {listener} free"]
    assert row.ok
    assert "used by the lab cluster k8slab" in row.detail.en


def test_unreachable_cluster_is_a_required_failure(
    fakes: FakeTools, good_proc: Path, http_ports: tuple[int, int]
) -> None:
    rows = checks(http_ports, good_proc, probe=unreachable)
    row = rows["lab cluster reachable"]
    assert not row.ok and row.required
    assert "connection refused" in row.detail.en
    assert row.fix is not None and "k8slab cluster up" in row.fix.en


def test_real_probe_with_a_missing_kubeconfig(fakes: FakeTools, good_proc: Path, tmp_path: Path) -> None:
    row = doctor.cluster_row(str(tmp_path / "no-kubeconfig"), None)
    assert not row.ok
    assert "no kubeconfig at" in row.detail.en


# --- through the CLI -------------------------------------------------------------------------


def run_doctor(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    from k8slab.cli.app import main

    try:
        main(["doctor", *args])
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    out = capsys.readouterr()
    return code, out.out + out.err


def test_cli_exits_0_when_all_required_rows_pass(
    fakes: FakeTools,
    good_proc: Path,
    http_ports: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(doctor, "INOTIFY_DIR", good_proc)
    monkeypatch.setattr(doctor, "probe_cluster", reachable)
    fakes.remove("kubectl")  # optional: still exit 0
    code, out = run_doctor(capsys, "--http-port", str(http_ports[0]), "--https-port", str(http_ports[1]))
    assert code == 0, out
    assert "missing (optional)" in out
    assert "All set" in out


def test_cli_exits_1_when_a_required_row_fails_in_french(
    fakes: FakeTools,
    good_proc: Path,
    http_ports: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(doctor, "INOTIFY_DIR", good_proc)
    code, out = run_doctor(
        capsys,
        "--http-port",
        str(http_ports[0]),
        "--https-port",
        str(http_ports[1]),
        "--kubeconfig",
        str(tmp_path / "absent"),
        "--lang",
        "fr",
    )
    assert code == 1
    assert "cluster du lab joignable" in out and "manquant" in out
    assert "1 point(s) indispensable(s) à corriger" in out
