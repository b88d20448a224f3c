"""The kind configuration of the lab cluster and the host ports it publishes (runs nothing)."""

from __future__ import annotations

import errno
import socket
from pathlib import Path
from typing import Any

import yaml

from k8slab import paths
from k8slab.cluster.kind_errors import port_busy_error
from k8slab.errors import UsageError
from k8slab.i18n import t

NODE_PORT = 30080  # the NodePort of lesson 3, published on the same host port


def port_in_use(port: int, host: str = "0.0.0.0") -> bool:
    """Whether something already listens on ``port`` (Docker publishes on all addresses)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except PermissionError:
            return False  # a privileged port: only Docker (root) can tell
        except OSError as err:
            return err.errno == errno.EADDRINUSE
    return False


def port_flags(http_port: int, https_port: int) -> dict[int, str | None]:
    """Each host port the cluster publishes, and the ``cluster up`` flag that changes it."""
    return {http_port: "--http-port", https_port: "--https-port", NODE_PORT: None}


def check_ports(http_port: int, https_port: int) -> None:
    """Refuse bad or busy host ports, naming the port and the flag to change it."""
    for flag, port in (("--http-port", http_port), ("--https-port", https_port)):
        if not 1 <= port <= 65535:
            raise UsageError(
                t(
                    f"{flag} {port}: a port is between 1 and 65535",
                    f"{flag} {port} : un port est compris entre 1 et 65535",
                )
            )
    if len({http_port, https_port, NODE_PORT}) < 3:
        raise UsageError(
            t(
                f"--http-port, --https-port and the NodePort {NODE_PORT} must differ",
                f"--http-port, --https-port et le NodePort {NODE_PORT} doivent être différents",
            )
        )
    for busy, option in port_flags(http_port, https_port).items():
        if port_in_use(busy):
            raise port_busy_error(busy, option)


def kind_config(name: str, http_port: int, https_port: int) -> dict[str, Any]:
    """The kind configuration: one node publishing 80, 443 and the lesson's NodePort."""
    mappings = [(80, http_port), (443, https_port), (NODE_PORT, NODE_PORT)]
    return {
        "kind": "Cluster",
        "apiVersion": "kind.x-k8s.io/v1alpha4",
        "name": name,
        "nodes": [
            {
                "role": "control-plane",
                "extraPortMappings": [
                    {"containerPort": node, "hostPort": host, "protocol": "TCP"} for node, host in mappings
                ],
            }
        ],
    }


def write_kind_config(name: str, http_port: int, https_port: int) -> Path:
    path = paths.kind_config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    config = kind_config(name, http_port, https_port)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path
