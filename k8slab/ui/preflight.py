"""Before the course starts: is the lab cluster there and reachable? If it is missing, offer to create it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape

from k8slab.errors import ClusterUnreachableError, ContextError, K8sLabError
from k8slab.i18n import t

if TYPE_CHECKING:
    from k8slab.cluster.client import Cluster

#: Asks a yes/no question: (question, default) -> answer.
Confirm = Callable[[str, bool], bool]


@dataclass(frozen=True)
class Line:
    """One line of the summary: OK or not, what, what was found, how to fix it."""

    ok: bool
    name: str
    detail: str
    fix: str | None = None
    required: bool = True


def print_lines(console: Console, lines: list[Line]) -> None:
    for line in lines:
        mark = "[green]✓[/]" if line.ok else "[red]✗[/]" if line.required else "[yellow]![/]"
        console.print(f"{mark} {escape(line.name)}{t(':', ' :')} {escape(line.detail)}")
        if not line.ok and line.fix:
            console.print(f"  [dim]{t('fix:', 'correction :')}[/] {escape(line.fix)}")


def _doctor() -> object | None:
    try:
        from k8slab import doctor
    except ImportError:
        return None
    return doctor


def kubectl_line() -> Line:
    """kubectl is what the learner types; without it the lessons cannot be done."""
    doctor = _doctor()
    row_fn = getattr(doctor, "kubectl_row", None)
    if callable(row_fn):
        row = row_fn()
        return Line(row.ok, str(row.name), str(row.detail), str(row.fix) if row.fix else None, required=False)
    found = shutil.which("kubectl")
    return Line(
        found is not None,
        t("kubectl installed (to do the exercises)", "kubectl installé (pour faire les exercices)"),
        found or t("not on PATH", "absent du PATH"),
        t(
            "install it: https://kubernetes.io/docs/tasks/tools/",
            "installez-le : https://kubernetes.io/docs/tasks/tools/",
        ),
        required=False,
    )


def creation_lines() -> list[Line]:
    """What ``k8slab cluster up`` needs (Docker, kind), from the doctor when it is there."""
    doctor = _doctor()
    docker_rows = getattr(doctor, "docker_rows", None)
    kind_row = getattr(doctor, "kind_row", None)
    if not (callable(docker_rows) and callable(kind_row)):
        return []
    rows, _usable = docker_rows()
    rows = [*rows, kind_row()]
    return [Line(r.ok, str(r.name), str(r.detail), str(r.fix) if r.fix else None, r.required) for r in rows]


def _ask_confirm(question: str, default: bool) -> bool:
    from k8slab.ui.prompts import confirm

    return confirm(question, default)


def explicit_context(context: str | None) -> bool:
    return bool(context or os.environ.get("K8SLAB_CONTEXT"))


def create_cluster(console: Console, kubeconfig: str | None) -> bool:
    """Run what ``k8slab cluster up`` runs; False when this build cannot create clusters."""
    try:
        from k8slab.cluster import kind
    except ImportError:
        return False
    up = getattr(kind, "up", None)
    if not callable(up):
        return False
    with console.status(t("Creating the lab cluster…", "Création du cluster du lab…")) as status:
        up(kubeconfig=kubeconfig, progress=lambda text: status.update(escape(text)))
    console.print(f"[green]✓[/] {t('lab cluster ready', 'cluster du lab prêt')}")
    return True


def connect(
    console: Console,
    kubeconfig: str | None,
    context: str | None,
    confirm: Confirm = _ask_confirm,
    needs: Callable[[], list[Line]] = creation_lines,
) -> Cluster:
    """Connect to the lab and print a short summary; offer to create the lab cluster when it is missing."""
    from k8slab.cluster.client import Cluster

    try:
        with console.status(t("Looking for the lab cluster…", "Recherche du cluster du lab…")):
            cluster = Cluster.connect(kubeconfig, context)
            version = cluster.version()
    except (ContextError, ClusterUnreachableError) as err:
        problem: K8sLabError = err
    else:
        print_lines(
            console,
            [
                Line(
                    True,
                    t("lab cluster reachable", "cluster du lab joignable"),
                    t(
                        f"Kubernetes {version} (context {cluster.context})",
                        f"Kubernetes {version} (contexte {cluster.context})",
                    ),
                ),
                kubectl_line(),
            ],
        )
        return cluster

    print_lines(console, [Line(False, t("lab cluster", "cluster du lab"), problem.message, problem.hint)])
    if explicit_context(context):
        raise problem  # never create or change a cluster that was named explicitly
    missing = [line for line in needs() if not line.ok]
    print_lines(console, missing)
    if any(line.required for line in missing):
        raise K8sLabError(
            t("the lab cluster cannot be created yet", "le cluster du lab ne peut pas encore être créé"),
            t(
                "fix what is marked ✗ above, then run `k8slab start` again",
                "corrigez ce qui est marqué ✗ ci-dessus, puis relancez `k8slab start`",
            ),
        )
    question = t(
        "Create (or start) the lab cluster now with kind? It takes a few minutes the first time.",
        "Créer (ou démarrer) le cluster du lab maintenant avec kind ? La première fois, cela prend quelques minutes.",
    )
    if not confirm(question, True):
        raise K8sLabError(problem.message, t("create it with `k8slab cluster up`", "créez-le avec `k8slab cluster up`"))
    if not create_cluster(console, kubeconfig):
        raise K8sLabError(problem.message, t("run `k8slab cluster up`", "lancez `k8slab cluster up`"))
    cluster = Cluster.connect(kubeconfig, context)
    cluster.version()
    return cluster
