"""Options shared by commands, and the objects every command builds from them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from k8slab.cluster.client import Cluster

KubeconfigOpt = Annotated[
    str | None,
    typer.Option(
        "--kubeconfig",
        envvar="K8SLAB_KUBECONFIG",
        help="Kubeconfig file (default: $KUBECONFIG, ~/.kube/config).",
        show_default=False,
    ),
]
ContextOpt = Annotated[
    str | None,
    typer.Option(
        "--context", envvar="K8SLAB_CONTEXT", help="Cluster context to use (default: kind-k8slab).", show_default=False
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", help="Language: fr or en (default: from the locale).", show_default=False),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts and graders.")]
StepOpt = Annotated[int | None, typer.Option("--step", "-s", help="Step number (1, 2, ...).", show_default=False)]


def use_language(lang: str | None) -> None:
    from k8slab.i18n import set_language

    set_language(lang)


def connect(kubeconfig: str | None, context: str | None) -> Cluster:
    """Connect to the lab cluster, or to the context named explicitly."""
    from k8slab.cluster.client import Cluster

    return Cluster.connect(kubeconfig, context)


def console(stderr: bool = False) -> Console:
    """A rich console that honours NO_COLOR and fits narrow terminals."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)
