"""The kind lifecycle (`k8slab cluster up|down|status`) against fake `kind` and `docker` executables."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from k8slab import paths
from k8slab.cluster import kind, kind_config
from k8slab.cluster.kind_errors import translate_failure
from k8slab.engine.manifests import images_in_manifests
from k8slab.errors import KindError, ToolMissingError
from tests.fakes import FakeTools, free_ports, install_fakes, listening_port

HELPER = kind.CLOUD_PROVIDER_CONTAINER
DOCKER_RUN = [
    "run",
    "-d",
    "--restart",
    "unless-stopped",
    "--name",
    HELPER,
    "--network",
    "kind",
    "-v",
    "/var/run/docker.sock:/var/run/docker.sock",
    kind.CLOUD_PROVIDER_IMAGE,
]


def free_port() -> int:
    return free_ports(1)[0]


@pytest.fixture(autouse=True)
def _fresh_language(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--lang` sets the language for the process: start each test from K8SLAB_LANG again."""
    from k8slab import i18n

    monkeypatch.setattr(i18n, "_current", None)


@pytest.fixture
def fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeTools:
    monkeypatch.setenv("COLUMNS", "250")  # keep rich from wrapping the lines tests read
    real = kind_config.port_in_use
    # The NodePort's host port is fixed (30080) and may be held on a machine that runs a real
    # cluster; the busy-port tests use ports they bind themselves.
    monkeypatch.setattr(
        kind_config, "port_in_use", lambda port, host="0.0.0.0": port != kind_config.NODE_PORT and real(port, host)
    )
    return install_fakes(tmp_path, monkeypatch)


@pytest.fixture
def waited(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Path]]:
    """Replace the wait for the node (it needs a cluster) and record what it was asked."""
    calls: list[tuple[str, Path]] = []
    monkeypatch.setattr(kind, "wait_node_ready", lambda name, kubeconfig: calls.append((name, kubeconfig)))
    return calls


@pytest.fixture
def ports() -> tuple[int, int]:
    first, second = free_ports(2)
    return first, second


@pytest.fixture
def busy_port() -> Iterator[int]:
    with listening_port() as port:
        yield port


def k8slab(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from k8slab.cli.app import main

    try:
        main(list(args))
        code = 0
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    out = capsys.readouterr()
    return code, out.out, out.err


def up_args(tmp_path: Path, ports: tuple[int, int], *extra: str) -> list[str]:
    return [
        "cluster",
        "up",
        "--http-port",
        str(ports[0]),
        "--https-port",
        str(ports[1]),
        "--kubeconfig",
        str(tmp_path / "kubeconfig"),
        *extra,
    ]


# --- up ------------------------------------------------------------------------------------


def test_up_creates_the_cluster_from_a_config_and_starts_cloud_provider_kind(
    fakes: FakeTools,
    waited: list[tuple[str, Path]],
    ports: tuple[int, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = k8slab(capsys, *up_args(tmp_path, ports))
    assert code == 0, err
    config_file = paths.kind_config_file()
    creates = [argv for argv in fakes.calls("kind") if argv[:2] == ["create", "cluster"]]
    assert creates == [
        [
            "create",
            "cluster",
            "--name",
            "k8slab",
            "--config",
            str(config_file),
            "--kubeconfig",
            str(tmp_path / "kubeconfig"),
            "--wait",
            kind.KIND_WAIT,
        ]
    ]
    config = yaml.safe_load(config_file.read_text())
    assert config == fakes.entries("kind")[-1]["config"]  # what kind read is what k8slab wrote
    assert config["kind"] == "Cluster" and config["apiVersion"] == "kind.x-k8s.io/v1alpha4"
    mappings = [(m["containerPort"], m["hostPort"], m["protocol"]) for m in config["nodes"][0]["extraPortMappings"]]
    assert mappings == [(80, ports[0], "TCP"), (443, ports[1], "TCP"), (30080, 30080, "TCP")]
    assert waited == [("k8slab", tmp_path / "kubeconfig")]
    docker = fakes.calls("docker")
    assert DOCKER_RUN in docker
    assert ["rm", "-f", HELPER] not in docker
    assert fakes.state()["containers"][HELPER] == "running"
    assert "kind cluster k8slab created" in out
    assert "cloud-provider-kind started" in out


def test_up_restarts_cloud_provider_kind_when_its_container_is_there(
    fakes: FakeTools,
    waited: list[tuple[str, Path]],
    ports: tuple[int, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fakes.set_state(containers={HELPER: "exited"})
    code, out, err = k8slab(capsys, *up_args(tmp_path, ports))
    assert code == 0, err
    docker = fakes.calls("docker")
    assert docker.index(["rm", "-f", HELPER]) < docker.index(DOCKER_RUN)
    assert fakes.state()["containers"][HELPER] == "running"
    assert "cloud-provider-kind restarted" in out


def test_up_reuses_an_existing_cluster_and_says_so(
    fakes: FakeTools,
    waited: list[tuple[str, Path]],
    busy_port: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fakes.set_state(clusters=["k8slab"], containers={"k8slab-control-plane": "running"})
    # the existing cluster holds its own ports: a busy port must not stop a reuse
    code, out, err = k8slab(capsys, *up_args(tmp_path, (busy_port, free_port())))
    assert code == 0, err
    kind_calls = fakes.calls("kind")
    assert not [argv for argv in kind_calls if argv[:1] == ["create"]]
    assert ["export", "kubeconfig", "--name", "k8slab", "--kubeconfig", str(tmp_path / "kubeconfig")] in kind_calls
    assert "already exists: reusing it" in out
    assert waited == [("k8slab", tmp_path / "kubeconfig")]
    assert DOCKER_RUN in fakes.calls("docker")


def test_up_starts_the_node_of_a_stopped_cluster(
    fakes: FakeTools,
    waited: list[tuple[str, Path]],
    ports: tuple[int, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fakes.set_state(clusters=["k8slab"], containers={"k8slab-control-plane": "exited"})
    code, _, err = k8slab(capsys, *up_args(tmp_path, ports))
    assert code == 0, err
    assert ["start", "k8slab-control-plane"] in fakes.calls("docker")


def test_up_name_is_overridable(
    fakes: FakeTools,
    waited: list[tuple[str, Path]],
    ports: tuple[int, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = k8slab(capsys, *up_args(tmp_path, ports, "--name", "classroom"))
    assert code == 0, err
    create = next(argv for argv in fakes.calls("kind") if argv[:1] == ["create"])
    assert create[create.index("--name") + 1] == "classroom"
    assert yaml.safe_load(paths.kind_config_file().read_text())["name"] == "classroom"
    assert waited == [("classroom", tmp_path / "kubeconfig")]
    assert "context kind-classroom" in out


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "course"
    manifests = root / "manifests"
    pod = "apiVersion: v1\nkind: Pod\nmetadata: {{name: web}}\nspec:\n  containers:\n  - {{name: web, image: {}}}\n"
    write(manifests / "01-pod" / "pod.yaml", pod.format("nginx:1.27"))
    write(
        manifests / "04-deployment" / "deploy.yml",
        """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      initContainers: [{name: init, image: "busybox:1.37"}]
      containers: [{name: web, image: "nginx:1.28"}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: notes}
data: {image: "not-an-image:1"}
""",
    )
    write(manifests / "04-deployment" / "mistakes" / "typo.yaml", pod.format("nginx:9.99"))
    write(manifests / "README.txt", "image: not-yaml-scanned:1\n")
    monkeypatch.setenv("K8SLAB_COURSE_DIR", str(root))
    return manifests


def test_course_images_are_read_from_container_fields(course: Path) -> None:
    # the mistakes' images are left out: they are often deliberately wrong
    assert images_in_manifests() == ["busybox:1.37", "nginx:1.27", "nginx:1.28"]


def test_up_preload_pulls_and_loads_each_course_image(
    fakes: FakeTools,
    waited: list[tuple[str, Path]],
    ports: tuple[int, int],
    tmp_path: Path,
    course: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FAKE_DOCKER_PULL_MISSING", "nginx:1.28")  # a tag the registry does not have
    code, out, err = k8slab(capsys, *up_args(tmp_path, ports, "--preload"))
    assert code == 0, err
    pulls = [argv[1] for argv in fakes.calls("docker") if argv[0] == "pull"]
    assert pulls == ["busybox:1.37", "nginx:1.27", "nginx:1.28"]
    loads = [argv for argv in fakes.calls("kind") if argv[:2] == ["load", "docker-image"]]
    assert loads == [["load", "docker-image", image, "--name", "k8slab"] for image in ("busybox:1.37", "nginx:1.27")]
    assert fakes.state()["loaded"]["k8slab"] == ["busybox:1.37", "nginx:1.27"]
    assert "nginx:1.28 not preloaded" in out


def test_up_reports_each_step_and_uses_the_wait_it_is_given(
    fakes: FakeTools,
    ports: tuple[int, int],
    tmp_path: Path,
) -> None:
    steps: list[str] = []
    waits: list[str] = []
    result = kind.up(
        "k8slab",
        http_port=ports[0],
        https_port=ports[1],
        kubeconfig=str(tmp_path / "kc"),
        progress=steps.append,
        wait_ready=lambda name, _: waits.append(name),
    )
    assert result.created and not result.helper_restarted
    assert result.context == "kind-k8slab"
    assert waits == ["k8slab"]
    assert any("Creating the kind cluster k8slab" in s for s in steps)
    assert any("Waiting for the node k8slab-control-plane" in s for s in steps)


# --- failures, through the real CLI ----------------------------------------------------------


def one_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize("which", ["http", "https"])
def test_busy_host_port_is_caught_before_kind_runs(
    which: str,
    fakes: FakeTools,
    waited: list[tuple[str, Path]],
    busy_port: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    chosen = (busy_port, free_port()) if which == "http" else (free_port(), busy_port)
    code, _, err = k8slab(capsys, *up_args(tmp_path, chosen))
    assert code == 1
    line = one_error(err)
    assert f"host port {busy_port} is already in use" in line
    assert f"--{which}-port" in line
    assert not [argv for argv in fakes.calls("kind") if argv[:1] == ["create"]]
    assert waited == []


@pytest.mark.parametrize(
    ("tool", "mode", "expected"),
    [
        ("kind", "exists", "a kind cluster named 'k8slab' already exists"),
        ("kind", "docker-info", "Docker is not running"),
        ("kind", "docker", "Docker is not running"),
        ("docker", "daemon", "Docker is not running"),
        ("docker", "permission", "permission denied on the Docker socket"),
    ],
)
def test_kind_and_docker_failures_become_one_line(
    tool: str,
    mode: str,
    expected: str,
    fakes: FakeTools,
    waited: list[tuple[str, Path]],
    ports: tuple[int, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fakes.fail(tool, mode)
    code, _, err = k8slab(capsys, *up_args(tmp_path, ports))
    assert code == 1
    assert expected in one_error(err)
    assert "hint:" in err
    assert DOCKER_RUN not in fakes.calls("docker")


def test_kind_port_already_allocated_names_the_port_and_flag(
    fakes: FakeTools,
    waited: list[tuple[str, Path]],
    ports: tuple[int, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # free when k8slab looked, taken when Docker published it
    fakes.fail("kind", "port")
    monkeypatch.setenv("FAKE_KIND_BUSY_PORT", str(ports[1]))
    code, _, err = k8slab(capsys, *up_args(tmp_path, ports))
    assert code == 1
    line = one_error(err)
    assert f"host port {ports[1]} is already in use" in line and "--https-port" in line
    assert "hint: for example: k8slab cluster up --https-port 8443" in err


@pytest.mark.parametrize("missing", ["kind", "docker"])
def test_missing_tool_says_how_to_install_it(
    missing: str,
    fakes: FakeTools,
    ports: tuple[int, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fakes.remove(missing)
    code, _, err = k8slab(capsys, *up_args(tmp_path, ports))
    assert code == 1
    assert f"{'kind' if missing == 'kind' else 'Docker'} is not installed" in one_error(err)
    url = "https://kind.sigs.k8s.io/docs/user/quick-start/#installation" if missing == "kind" else "docs.docker.com"
    assert url in err
    assert fakes.calls() == []  # nothing ran: the tools are checked first


def test_errors_speak_french_with_lang_fr(
    fakes: FakeTools,
    ports: tuple[int, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fakes.fail("docker", "daemon")
    code, _, err = k8slab(capsys, *up_args(tmp_path, ports, "--lang", "fr"))
    assert code == 1
    assert "Docker ne tourne pas" in one_error(err)


REAL_OUTPUTS = {
    "port": (
        'ERROR: failed to create cluster: command "docker run --name k8slab-control-plane '
        '--publish=0.0.0.0:80:80/TCP --publish=0.0.0.0:443:443/TCP kindest/node:v1.37.0" failed with error: '
        "exit status 125\nCommand Output: 4c1e\ndocker: Error response from daemon: driver failed programming "
        "external connectivity on endpoint k8slab-control-plane (8a1f): Bind for 0.0.0.0:443 failed: port is "
        "already allocated."
    ),
    "port-new-docker": (
        "docker: Error response from daemon: failed to set up container networking: driver failed "
        "programming external connectivity on endpoint k8slab-control-plane (1b2c): failed to bind "
        "host port for 0.0.0.0:443:172.18.0.2:443/tcp: address already in use"
    ),
    "userland-proxy": ("Error starting userland proxy: listen tcp4 0.0.0.0:443: bind: address already in use"),
}


@pytest.mark.parametrize("sample", sorted(REAL_OUTPUTS))
def test_every_port_message_names_port_443_and_its_flag(sample: str) -> None:
    error = translate_failure("kind", REAL_OUTPUTS[sample], kind.port_flags(80, 443))
    assert isinstance(error, KindError)
    assert "host port 443 is already in use" in error.message and "--https-port" in error.message


def test_kind_without_docker_on_its_path_is_docker_missing() -> None:
    output = (
        'ERROR: failed to create cluster: failed to get docker info: command "docker info --format '
        '\'{{json .}}\'" failed with error: exec: "docker": executable file not found in $PATH'
    )
    assert isinstance(translate_failure("kind", output), ToolMissingError)


def test_unknown_failure_keeps_kinds_error_line() -> None:
    error = translate_failure("kind", "Creating cluster ...\nERROR: failed to create cluster: something new\nStack")
    assert error.message == "kind failed: ERROR: failed to create cluster: something new"


def test_port_in_use_sees_a_real_listener(busy_port: int) -> None:
    assert kind_config.port_in_use(busy_port)
    assert not kind_config.port_in_use(free_port())


# --- down and status -----------------------------------------------------------------------


def test_down_deletes_the_cluster_and_the_helper(
    fakes: FakeTools,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fakes.set_state(clusters=["k8slab"], containers={"k8slab-control-plane": "running", HELPER: "running"})
    code, out, err = k8slab(capsys, "cluster", "down", "--kubeconfig", str(tmp_path / "kc"))
    assert code == 0, err
    assert ["delete", "cluster", "--name", "k8slab", "--kubeconfig", str(tmp_path / "kc")] in fakes.calls("kind")
    assert ["rm", "-f", HELPER] in fakes.calls("docker")
    assert fakes.state()["clusters"] == [] and HELPER not in fakes.state()["containers"]
    assert "kind cluster k8slab deleted" in out


def test_down_without_a_cluster_deletes_nothing(fakes: FakeTools, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = k8slab(capsys, "cluster", "down")
    assert code == 0
    assert not [argv for argv in fakes.calls("kind") if argv[:1] == ["delete"]]
    assert ["rm", "-f", HELPER] not in fakes.calls("docker")
    assert "nothing to delete" in out


def test_status_reports_cluster_node_and_helper(
    fakes: FakeTools,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    asked: list[tuple[str | None, str]] = []

    def ready(kubeconfig: str | None, context: str) -> tuple[bool, str]:
        asked.append((kubeconfig, context))
        return True, "1/1 Ready"

    monkeypatch.setattr(kind, "node_ready", ready)
    fakes.set_state(clusters=["k8slab"], containers={"k8slab-control-plane": "running", HELPER: "running"})
    code, out, err = k8slab(capsys, "cluster", "status")
    assert code == 0, err
    assert asked == [(None, "kind-k8slab")]
    assert "exists" in out and "1/1 Ready" in out and "running" in out


def test_status_exits_1_when_something_is_missing(
    fakes: FakeTools,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(kind, "node_ready", lambda *_: pytest.fail("no cluster: nothing to ask"))
    code, out, _ = k8slab(capsys, "cluster", "status", "--lang", "fr")
    assert code == 1
    assert "absent" in out and "pas de cluster" in out
    assert "k8slab cluster up" in out


def test_node_is_ready_reads_the_ready_condition() -> None:
    ready = {
        "status": {"conditions": [{"type": "MemoryPressure", "status": "False"}, {"type": "Ready", "status": "True"}]}
    }
    assert kind.node_is_ready(ready)
    assert not kind.node_is_ready({"status": {"conditions": [{"type": "Ready", "status": "False"}]}})
    assert not kind.node_is_ready(None)
