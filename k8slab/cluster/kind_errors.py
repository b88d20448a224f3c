"""kind's and Docker's failures as one clear line and a fix.

The patterns match what kind and the Docker CLI really print, e.g. ``Bind for 0.0.0.0:80 failed:
port is already allocated``, ``node(s) already exist for a cluster with the name "k8slab"``,
``Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon
running?`` and kind's ``failed to get docker info`` that wraps it.
"""

from __future__ import annotations

import re

from k8slab.errors import K8sLabError, KindError, ToolMissingError
from k8slab.i18n import t

KIND_INSTALL_URL = "https://kind.sigs.k8s.io/docs/user/quick-start/#installation"
DOCKER_INSTALL_URL = "https://docs.docker.com/get-docker/"

_PORT_PATTERNS = (
    re.compile(r"Bind for \S*?:(\d+) failed: port is already allocated"),
    re.compile(r"listen tcp[46]? \S*?:(\d+): bind: address already in use"),
    re.compile(r"failed to bind (?:host )?port (?:for )?\S*?:(\d+)\S*?: address already in use"),
)
_EXISTS = re.compile(r'node\(s\) already exist for a cluster with the name "([^"]+)"')
_NO_NODES = re.compile(r'no nodes found for cluster "([^"]+)"')
_NO_DOCKER = re.compile(r'exec: "?docker"?: executable file not found')


def missing_tool(tool: str) -> ToolMissingError:
    """The error for a program that is not on PATH, with where to get it."""
    if tool == "kind":
        return ToolMissingError(
            t("kind is not installed (no `kind` on PATH)", "kind n'est pas installé (pas de `kind` dans le PATH)"),
            t(f"install it: {KIND_INSTALL_URL}", f"installez-le : {KIND_INSTALL_URL}"),
        )
    if tool == "docker":
        return ToolMissingError(
            t(
                "Docker is not installed (no `docker` on PATH)",
                "Docker n'est pas installé (pas de `docker` dans le PATH)",
            ),
            t(f"install Docker: {DOCKER_INSTALL_URL}", f"installez Docker : {DOCKER_INSTALL_URL}"),
        )
    return ToolMissingError(t(f"{tool} is not installed (not on PATH)", f"{tool} n'est pas installé (absent du PATH)"))


def port_busy_error(port: int, flag: str | None) -> KindError:
    """A busy host port, named, with the ``cluster up`` flag that changes it (when there is one)."""
    if flag:
        other = {"--http-port": 8080, "--https-port": 8443}.get(flag, port + 1)
        return KindError(
            t(
                f"host port {port} is already in use: free it, or choose another port with {flag}",
                f"le port {port} de l'hôte est déjà utilisé : libérez-le, ou choisissez-en un autre avec {flag}",
            ),
            t(f"for example: k8slab cluster up {flag} {other}", f"par exemple : k8slab cluster up {flag} {other}"),
        )
    return KindError(
        t(
            f"host port {port} is already in use: stop the program that uses it",
            f"le port {port} de l'hôte est déjà utilisé : arrêtez le programme qui l'utilise",
        ),
        t(f"see which one: sudo ss -ltnp 'sport = :{port}'", f"pour le trouver : sudo ss -ltnp 'sport = :{port}'"),
    )


def docker_is_down(output: str) -> bool:
    """Whether kind's or Docker's output says the Docker daemon cannot be reached."""
    lowered = output.lower()
    return (
        "cannot connect to the docker daemon" in lowered
        or "is the docker daemon running" in lowered
        or "failed to get docker info" in lowered
    )


def docker_denied(output: str) -> bool:
    """Whether the output says the user may not use the Docker socket."""
    lowered = output.lower()
    return "permission denied" in lowered and "docker" in lowered and ".sock" in lowered


def translate_failure(tool: str, output: str, flags: dict[int, str | None] | None = None) -> K8sLabError:
    """kind's or Docker's failure output as one k8slab error (message + fix).

    ``flags`` maps each host port the cluster publishes to the option that changes it.
    """
    if _NO_DOCKER.search(output):
        return missing_tool("docker")
    if docker_denied(output):
        return KindError(
            t(
                "Docker refused access: permission denied on the Docker socket",
                "Docker refuse l'accès : permission refusée sur le socket Docker",
            ),
            t(
                "add yourself to the docker group: sudo usermod -aG docker $USER (then log in again)",
                "ajoutez-vous au groupe docker : sudo usermod -aG docker $USER (puis reconnectez-vous)",
            ),
        )
    if docker_is_down(output):
        return KindError(
            t(
                "Docker is not running (cannot connect to the Docker daemon)",
                "Docker ne tourne pas (impossible de joindre le démon Docker)",
            ),
            t(
                "start Docker (Docker Desktop, or: sudo systemctl start docker), then run the command again",
                "démarrez Docker (Docker Desktop, ou : sudo systemctl start docker), puis relancez la commande",
            ),
        )
    for pattern in _PORT_PATTERNS:
        found = pattern.search(output)
        if found:
            port = int(found.group(1))
            return port_busy_error(port, (flags or {}).get(port))
    found = _EXISTS.search(output)
    if found:
        name = found.group(1)
        return KindError(
            t(f"a kind cluster named {name!r} already exists", f"un cluster kind nommé {name!r} existe déjà"),
            t(
                f"reuse it: k8slab cluster up --name {name}; or delete it: k8slab cluster down --name {name}",
                f"réutilisez-le : k8slab cluster up --name {name} ; "
                f"ou supprimez-le : k8slab cluster down --name {name}",
            ),
        )
    found = _NO_NODES.search(output)
    if found:
        name = found.group(1)
        return KindError(
            t(f"there is no kind cluster named {name!r}", f"il n'y a pas de cluster kind nommé {name!r}"),
            t(f"create it: k8slab cluster up --name {name}", f"créez-le : k8slab cluster up --name {name}"),
        )
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith(("ERROR", "Error", "docker:"))]
    line = (errors or lines or ["?"])[0 if errors else -1]
    return KindError(t(f"{tool} failed: {line}", f"{tool} a échoué : {line}"))
