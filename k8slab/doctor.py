"""``k8slab doctor``: what the lab needs, as rows of data (the CLI draws the table).

Each row says what is checked, whether it is OK, whether the lab cannot work without it, what
was found, and how to fix it. Nothing here prints.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from k8slab.cluster import kind, kind_config
from k8slab.cluster.kind_errors import missing_tool, port_busy_error
from k8slab.errors import K8sLabError
from k8slab.i18n import Text, same

INOTIFY_DIR = Path("/proc/sys/fs/inotify")
MIN_WATCHES = 524288
MIN_INSTANCES = 512
KUBECTL_INSTALL_URL = "https://kubernetes.io/docs/tasks/tools/"

#: Connects to the cluster and returns (context, server version); raises a K8sLabError.
Probe = Callable[[str | None, str | None], tuple[str, str]]


@dataclass(frozen=True)
class Row:
    name: Text
    ok: bool
    required: bool
    detail: Text
    fix: Text | None = None


def failed_required(rows: list[Row]) -> list[Row]:
    """The rows the lab cannot do without and that are not OK."""
    return [row for row in rows if row.required and not row.ok]


def _error_row(name: Text, err: K8sLabError, required: bool = True) -> Row:
    return Row(name, False, required, same(err.message), same(err.hint) if err.hint else None)


def docker_rows() -> tuple[list[Row], bool]:
    """Docker installed, its daemon reachable; and whether Docker can be used."""
    installed = Text("Docker installed", "Docker installé")
    daemon = Text("Docker daemon reachable", "démon Docker joignable")
    path = kind.tool_path("docker")
    if path is None:
        err = missing_tool("docker")
        return [
            _error_row(installed, err),
            Row(
                daemon,
                False,
                True,
                Text("Docker is not installed", "Docker n'est pas installé"),
                Text("install Docker first", "installez d'abord Docker"),
            ),
        ], False
    rows = [Row(installed, True, True, same(path))]
    try:
        version = kind.docker_server_version()
    except K8sLabError as err:
        return [*rows, _error_row(daemon, err)], False
    return [*rows, Row(daemon, True, True, Text(f"Docker Engine {version}", f"Docker Engine {version}"))], True


def kind_row() -> Row:
    name = Text("kind installed", "kind installé")
    try:
        return Row(name, True, True, same(f"kind {kind.kind_version()}"))
    except K8sLabError as err:
        return _error_row(name, err)


def kubectl_row() -> Row:
    name = Text("kubectl installed (to do the exercises)", "kubectl installé (pour faire les exercices)")
    if kind.tool_path("kubectl") is None:
        return Row(
            name,
            False,
            False,
            Text("not on PATH", "absent du PATH"),
            Text(f"install it: {KUBECTL_INSTALL_URL}", f"installez-le : {KUBECTL_INSTALL_URL}"),
        )
    try:
        return Row(name, True, False, same(f"kubectl {kind.kubectl_version()}"))
    except K8sLabError as err:
        return _error_row(name, err, required=False)


def port_rows(http_port: int, https_port: int, lab_ports: set[int], cluster_name: str) -> list[Row]:
    """One row per host port the lab publishes: free, or already the lab's own."""
    rows = []
    for port, flag in kind_config.port_flags(http_port, https_port).items():
        name = Text(f"host port {port} free", f"port {port} de l'hôte libre")
        if port in lab_ports:
            rows.append(
                Row(
                    name,
                    True,
                    True,
                    Text(f"used by the lab cluster {cluster_name}", f"utilisé par le cluster du lab {cluster_name}"),
                )
            )
        elif not kind_config.port_in_use(port):
            rows.append(Row(name, True, True, Text("free", "libre")))
        else:
            err = port_busy_error(port, flag)
            fix = (
                Text(
                    f"free it, or choose another port: k8slab cluster up {flag} PORT",
                    f"libérez-le, ou prenez un autre port : k8slab cluster up {flag} PORT",
                )
                if flag
                else same(err.hint or "")
            )
            rows.append(
                Row(name, False, True, Text("in use by another program", "utilisé par un autre programme"), fix)
            )
    return rows


def _read_int(path: Path) -> int | None:
    try:
        return int(path.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def inotify_row(directory: Path | None = None) -> Row:
    """fs.inotify limits high enough for kind's node (read from /proc/sys/fs/inotify)."""
    folder = directory or INOTIFY_DIR
    name = Text("inotify limits", "limites inotify")
    if not folder.is_dir():
        return Row(
            name,
            True,
            True,
            Text(f"no {folder} (not Linux): nothing to check", f"pas de {folder} (pas Linux) : rien à vérifier"),
        )
    wanted = {"max_user_watches": MIN_WATCHES, "max_user_instances": MIN_INSTANCES}
    found = {key: _read_int(folder / key) for key in wanted}
    detail = same(", ".join(f"{key}={'?' if value is None else value}" for key, value in found.items()))
    low = [key for key, value in found.items() if value is not None and value < wanted[key]]
    if not low:
        return Row(name, True, True, detail)
    command = "sudo sysctl " + " ".join(f"fs.inotify.{key}={wanted[key]}" for key in low)
    return Row(
        name,
        False,
        False,
        detail,
        Text(
            f"{command} (to keep it after a reboot, add it to /etc/sysctl.conf)",
            f"{command} (pour le garder après un redémarrage, ajoutez-le à /etc/sysctl.conf)",
        ),
    )


def probe_cluster(kubeconfig: str | None, context: str | None) -> tuple[str, str]:
    """Connect to the lab cluster (or the context named) and ask its version."""
    from k8slab.cluster.client import Cluster

    cluster = Cluster.connect(kubeconfig, context)
    return cluster.context, cluster.version()


def cluster_row(kubeconfig: str | None, context: str | None, probe: Probe | None = None) -> Row:
    name = Text("lab cluster reachable", "cluster du lab joignable")
    try:
        ctx, version = (probe or probe_cluster)(kubeconfig, context)
    except K8sLabError as err:
        fix = (
            same(err.hint)
            if err.hint
            else Text("create or start it: k8slab cluster up", "créez-le ou démarrez-le : k8slab cluster up")
        )
        return Row(name, False, True, same(err.message), fix)
    return Row(
        name, True, True, Text(f"Kubernetes {version} (context {ctx})", f"Kubernetes {version} (contexte {ctx})")
    )


def run_checks(
    *,
    http_port: int = 80,
    https_port: int = 443,
    kubeconfig: str | None = None,
    context: str | None = None,
    inotify_dir: Path | None = None,
    probe: Probe | None = None,
) -> list[Row]:
    """Every row of the doctor's table, in order."""
    cluster_name = context[len("kind-") :] if context and context.startswith("kind-") else kind.DEFAULT_CLUSTER_NAME
    rows, docker_ok = docker_rows()
    rows += [kind_row(), kubectl_row()]
    lab_ports = kind.published_ports(cluster_name) if docker_ok else set()
    rows += port_rows(http_port, https_port, lab_ports, cluster_name)
    if sys.platform.startswith("linux") or inotify_dir is not None:
        rows.append(inotify_row(inotify_dir))
    rows.append(cluster_row(kubeconfig, context, probe))
    return rows
