"""The lab cluster's lifecycle: the one module that runs ``kind`` and ``docker``.

``up`` creates (or reuses) a kind cluster whose node publishes ports 80, 443 and 30080 on the
host, waits until its node is Ready and (re)starts cloud-provider-kind next to it, which serves
Ingress and LoadBalancer Services. ``down`` removes both; ``status`` reports both.

kind and Docker failures are turned into one clear line and a fix (:func:`translate_failure`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from k8slab.cluster import connection
from k8slab.cluster.kind_config import check_ports, port_flags, write_kind_config
from k8slab.cluster.kind_errors import docker_is_down, missing_tool, translate_failure
from k8slab.errors import K8sLabError, KindError
from k8slab.i18n import t

DEFAULT_CLUSTER_NAME = connection.DEFAULT_CLUSTER_NAME
CLOUD_PROVIDER_IMAGE = "registry.k8s.io/cloud-provider-kind/cloud-controller-manager:v0.11.1"
CLOUD_PROVIDER_CONTAINER = "k8slab-cloud-provider-kind"
KIND_WAIT = "180s"
READY_TIMEOUT = 180.0
_QUICK = 60.0  # seconds for commands that only ask something

Progress = Callable[[str], None]


# --- running the tools --------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    argv: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return "\n".join(part for part in (self.stdout.strip(), self.stderr.strip()) if part)


def tool_path(tool: str) -> str | None:
    """Where ``tool`` is on PATH, or None."""
    return shutil.which(tool)


def run(
    tool: str,
    *args: str,
    timeout: float | None = _QUICK,
    check: bool = True,
    flags: dict[int, str | None] | None = None,
) -> Run:
    """Run ``tool args...``; with ``check``, a failure becomes a k8slab error with one clear line."""
    exe = tool_path(tool)
    if exe is None:
        raise missing_tool(tool)
    argv = [exe, *args]
    try:
        proc = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            stdin=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise missing_tool(tool) from None
    except subprocess.TimeoutExpired:
        raise KindError(
            t(
                f"`{tool} {' '.join(args[:2])}` did not answer within {timeout:.0f}s",
                f"`{tool} {' '.join(args[:2])}` n'a pas répondu en {timeout:.0f} s",
            ),
            t("is Docker healthy? try `docker ps`", "Docker va-t-il bien ? essayez `docker ps`"),
        ) from None
    result = Run([tool, *args], proc.returncode, proc.stdout or "", proc.stderr or "")
    if check and result.returncode != 0:
        raise translate_failure(tool, result.output, flags)
    return result


# --- what the tools say ---------------------------------------------------------------------


def docker_server_version() -> str:
    """The Docker engine's version; raises when Docker is missing or its daemon unreachable."""
    return run("docker", "version", "--format", "{{.Server.Version}}").stdout.strip() or "?"


def kind_version() -> str:
    """kind's version, e.g. ``v0.33.0`` (from ``kind version``)."""
    out = run("kind", "version").stdout
    found = re.search(r"v\d+\.\d+\.\d+[\w.+-]*", out)
    return found.group(0) if found else (out.strip() or "?")


def kubectl_version() -> str:
    """kubectl's client version, e.g. ``v1.37.0``."""
    out = run("kubectl", "version", "--client", "-o", "json").stdout
    found = re.search(r'"gitVersion"\s*:\s*"([^"]+)"', out)
    return found.group(1) if found else "?"


def clusters() -> list[str]:
    """The kind clusters that exist (``kind get clusters``)."""
    out = run("kind", "get", "clusters").stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


def container_state(name: str) -> str | None:
    """A container's state (``running``, ``exited``...), or None when there is none by that name."""
    result = run("docker", "container", "inspect", "--format", "{{.State.Status}}", name, check=False)
    if result.returncode != 0:
        if "no such" in result.output.lower():
            return None
        raise translate_failure("docker", result.output)
    return result.stdout.strip() or None


def node_container(name: str) -> str:
    return f"{name}-control-plane"


def published_ports(name: str) -> set[int]:
    """The host ports the cluster's node container publishes (empty when it has none)."""
    result = run("docker", "port", node_container(name), check=False)
    return {int(p) for p in re.findall(r"->\s*\S*?:(\d+)\s*$", result.stdout, re.MULTILINE)}


# --- waiting for the node -------------------------------------------------------------------


def node_is_ready(node: dict[str, Any] | None) -> bool:
    conditions = ((node or {}).get("status") or {}).get("conditions") or []
    return any(isinstance(c, dict) and c.get("type") == "Ready" and c.get("status") == "True" for c in conditions)


def wait_node_ready(name: str, kubeconfig: Path, timeout: float = READY_TIMEOUT) -> None:
    """Wait, through the Kubernetes API, until the cluster's node is Ready."""
    from k8slab.cluster.client import Cluster

    node = node_container(name)
    cluster = Cluster.connect(str(kubeconfig), f"kind-{name}")
    cluster.wait_for(
        "Node",
        node,
        None,
        node_is_ready,
        timeout=timeout,
        what=t(f"node {node} to be Ready", f"que le nœud {node} soit Ready"),
    )


def node_ready(kubeconfig: str | None, context: str) -> tuple[bool, str]:
    """Whether every node of the cluster is Ready, and a short detail (the error if unreachable)."""
    from k8slab.cluster.client import Cluster

    try:
        nodes = Cluster.connect(kubeconfig, context).list("Node")
    except K8sLabError as err:
        return False, err.message
    ready = [n["metadata"]["name"] for n in nodes if node_is_ready(n)]
    return bool(nodes) and len(ready) == len(nodes), f"{len(ready)}/{len(nodes)} Ready"


# --- up, down, status -----------------------------------------------------------------------


@dataclass
class UpResult:
    name: str
    context: str
    kubeconfig: Path
    created: bool = False
    helper_restarted: bool = False
    loaded: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # image -> why it could not be pulled


def _noop(_: str) -> None:
    pass


def start_cloud_provider() -> bool:
    """(Re)start cloud-provider-kind; True when a previous container was replaced."""
    present = container_state(CLOUD_PROVIDER_CONTAINER) is not None
    if present:
        run("docker", "rm", "-f", CLOUD_PROVIDER_CONTAINER)
    run(
        "docker",
        "run",
        "-d",
        "--restart",
        "unless-stopped",
        "--name",
        CLOUD_PROVIDER_CONTAINER,
        "--network",
        "kind",
        "-v",
        "/var/run/docker.sock:/var/run/docker.sock",
        CLOUD_PROVIDER_IMAGE,
        # Docker Desktop does not route its networks to the host: publish the load balancers'
        # ports on the host instead.
        *(["--enable-lb-port-mapping"] if sys.platform in ("darwin", "win32") else []),
        timeout=None,
    )
    return present


def preload(name: str, images: list[str], progress: Progress = _noop) -> tuple[list[str], dict[str, str]]:
    """``docker pull`` each image and load it into the cluster's node; returns (loaded, skipped)."""
    loaded: list[str] = []
    skipped: dict[str, str] = {}
    for image in images:
        progress(t(f"Pulling {image}", f"Téléchargement de {image}"))
        pulled = run("docker", "pull", image, timeout=None, check=False)
        if pulled.returncode != 0:
            error = translate_failure("docker", pulled.output)
            if docker_is_down(pulled.output):
                raise error  # Docker itself is down: stop here
            skipped[image] = error.message
            continue
        progress(t(f"Loading {image} into the cluster", f"Chargement de {image} dans le cluster"))
        run("kind", "load", "docker-image", image, "--name", name, timeout=None)
        loaded.append(image)
    return loaded, skipped


def up(
    name: str = DEFAULT_CLUSTER_NAME,
    *,
    http_port: int = 80,
    https_port: int = 443,
    preload_images: list[str] | None = None,
    kubeconfig: str | None = None,
    progress: Progress = _noop,
    wait_ready: Callable[[str, Path], None] | None = None,
) -> UpResult:
    """Create (or reuse) the kind cluster, wait for its node, start cloud-provider-kind, and load
    ``preload_images`` into it when given."""
    for tool in ("docker", "kind"):
        if tool_path(tool) is None:
            raise missing_tool(tool)
    flags = port_flags(http_port, https_port)
    progress(t("Checking Docker", "Vérification de Docker"))
    docker_server_version()
    config_path = connection.kubeconfig_path(kubeconfig)
    result = UpResult(name=name, context=f"kind-{name}", kubeconfig=config_path)
    if name in clusters():
        state = container_state(node_container(name))
        if state not in (None, "running"):
            progress(t(f"Starting the node of cluster {name}", f"Démarrage du nœud du cluster {name}"))
            run("docker", "start", node_container(name))
        # the kubeconfig may have lost the cluster's context: write it again
        run("kind", "export", "kubeconfig", "--name", name, "--kubeconfig", str(config_path))
    else:
        check_ports(http_port, https_port)
        config_file = write_kind_config(name, http_port, https_port)
        progress(
            t(
                f"Creating the kind cluster {name} (the first time, kind downloads its node image)",
                f"Création du cluster kind {name} (la première fois, kind télécharge l'image du nœud)",
            )
        )
        run(
            "kind",
            "create",
            "cluster",
            "--name",
            name,
            "--config",
            str(config_file),
            "--kubeconfig",
            str(config_path),
            "--wait",
            KIND_WAIT,
            timeout=None,
            flags=flags,
        )
        result.created = True
    progress(
        t(f"Waiting for the node {node_container(name)} to be Ready", f"Attente du nœud {node_container(name)} (Ready)")
    )
    (wait_ready or wait_node_ready)(name, config_path)
    progress(
        t(
            "Starting cloud-provider-kind (Ingress, LoadBalancer)",
            "Démarrage de cloud-provider-kind (Ingress, LoadBalancer)",
        )
    )
    result.helper_restarted = start_cloud_provider()
    if preload_images:
        result.loaded, result.skipped = preload(name, preload_images, progress)
    return result


@dataclass(frozen=True)
class DownResult:
    name: str
    cluster_deleted: bool
    helper_removed: bool


def down(name: str = DEFAULT_CLUSTER_NAME, *, kubeconfig: str | None = None) -> DownResult:
    """Delete the kind cluster and the cloud-provider-kind container (each only if present)."""
    existed = name in clusters()
    if existed:
        run(
            "kind",
            "delete",
            "cluster",
            "--name",
            name,
            "--kubeconfig",
            str(connection.kubeconfig_path(kubeconfig)),
            timeout=None,
        )
    helper = container_state(CLOUD_PROVIDER_CONTAINER) is not None
    if helper:
        run("docker", "rm", "-f", CLOUD_PROVIDER_CONTAINER)
    return DownResult(name, existed, helper)


@dataclass(frozen=True)
class StatusResult:
    name: str
    context: str
    cluster_exists: bool
    node_ready: bool | None  # None: no cluster to ask
    node_detail: str
    helper_state: str | None

    @property
    def healthy(self) -> bool:
        return self.cluster_exists and bool(self.node_ready) and self.helper_state == "running"


def status(
    name: str = DEFAULT_CLUSTER_NAME,
    *,
    kubeconfig: str | None = None,
    context: str | None = None,
    ready: Callable[[str | None, str], tuple[bool, str]] | None = None,
) -> StatusResult:
    """Does the cluster exist, is its node Ready, does cloud-provider-kind run?"""
    ctx = context or f"kind-{name}"
    exists = name in clusters()
    is_ready: bool | None = None
    detail = ""
    if exists:
        is_ready, detail = (ready or node_ready)(kubeconfig, ctx)
    return StatusResult(name, ctx, exists, is_ready, detail, container_state(CLOUD_PROVIDER_CONTAINER))
