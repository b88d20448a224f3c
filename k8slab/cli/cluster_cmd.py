"""``k8slab cluster up|down|status``: the lab's kind cluster and its cloud-provider-kind helper."""

from __future__ import annotations

from typing import Annotated

import typer

from k8slab.cli.options import ContextOpt, KubeconfigOpt, LangOpt, console, use_language

NameOpt = Annotated[
    str | None,
    typer.Option("--name", help="Name of the kind cluster (default: k8slab).", show_default=False),
]
HttpPortOpt = Annotated[int, typer.Option("--http-port", help="Host port that reaches the node's port 80.")]
HttpsPortOpt = Annotated[int, typer.Option("--https-port", help="Host port that reaches the node's port 443.")]
PreloadOpt = Annotated[
    bool,
    typer.Option("--preload", help="Pull the course's images and load them into the cluster (to work offline)."),
]


def _ok(text: str) -> str:
    from rich.markup import escape

    return f"[green]✓[/] {escape(text)}"


def _warn(text: str) -> str:
    from rich.markup import escape

    return f"[yellow]![/] {escape(text)}"


def up(
    name: NameOpt = None,
    http_port: HttpPortOpt = 80,
    https_port: HttpsPortOpt = 443,
    preload: PreloadOpt = False,
    kubeconfig: KubeconfigOpt = None,
    lang: LangOpt = None,
) -> None:
    """Create the lab's kind cluster (or reuse it), wait for its node, start cloud-provider-kind."""
    use_language(lang)
    from k8slab.cluster import kind, kind_config
    from k8slab.i18n import t

    con = console()
    cluster = name or kind.DEFAULT_CLUSTER_NAME
    images = None
    if preload:
        from k8slab.cluster.view import PROBE_IMAGE
        from k8slab.engine.manifests import images_in_manifests

        images = sorted({*images_in_manifests(), PROBE_IMAGE})
    with con.status(t("Starting…", "Démarrage…")) as spinner:
        result = kind.up(
            cluster,
            http_port=http_port,
            https_port=https_port,
            preload_images=images,
            kubeconfig=kubeconfig,
            progress=lambda text: spinner.update(text),
        )
    where = t(f"context {result.context} in {result.kubeconfig}", f"contexte {result.context} dans {result.kubeconfig}")
    if result.created:
        node_port = kind_config.NODE_PORT
        con.print(_ok(t(f"kind cluster {cluster} created ({where})", f"cluster kind {cluster} créé ({where})")))
        con.print(
            _ok(
                t(
                    f"host ports: {http_port} → 80, {https_port} → 443, {node_port} → {node_port}",
                    f"ports de l'hôte : {http_port} → 80, {https_port} → 443, {node_port} → {node_port}",
                )
            )
        )
    else:
        con.print(
            _ok(
                t(
                    f"kind cluster {cluster} already exists: reusing it ({where})",
                    f"le cluster kind {cluster} existe déjà : il est réutilisé ({where})",
                )
            )
        )
    node = kind.node_container(cluster)
    con.print(_ok(t(f"node {node} is Ready", f"le nœud {node} est Ready")))
    started = t("restarted", "redémarré") if result.helper_restarted else t("started", "démarré")
    con.print(
        _ok(
            t(
                f"cloud-provider-kind {started} (container {kind.CLOUD_PROVIDER_CONTAINER}): Ingress "
                "(IngressClass cloud-provider-kind) and LoadBalancer Services work",
                f"cloud-provider-kind {started} (conteneur {kind.CLOUD_PROVIDER_CONTAINER}) : les Ingress "
                "(IngressClass cloud-provider-kind) et les Services LoadBalancer fonctionnent",
            )
        )
    )
    if preload:
        if result.loaded:
            con.print(
                _ok(
                    t(
                        f"images loaded into the cluster: {', '.join(result.loaded)}",
                        f"images chargées dans le cluster : {', '.join(result.loaded)}",
                    )
                )
            )
        for image, why in result.skipped.items():
            con.print(_warn(t(f"{image} not preloaded: {why}", f"{image} non préchargée : {why}")))
    con.print(t("Next: [bold]k8slab start[/]", "Ensuite : [bold]k8slab start[/]"))


def down(name: NameOpt = None, kubeconfig: KubeconfigOpt = None, lang: LangOpt = None) -> None:
    """Delete the lab's kind cluster and the cloud-provider-kind container."""
    use_language(lang)
    from k8slab.cluster import kind
    from k8slab.i18n import t

    con = console()
    cluster = name or kind.DEFAULT_CLUSTER_NAME
    with con.status(t(f"Deleting the kind cluster {cluster}…", f"Suppression du cluster kind {cluster}…")):
        result = kind.down(cluster, kubeconfig=kubeconfig)
    if result.cluster_deleted:
        con.print(_ok(t(f"kind cluster {cluster} deleted", f"cluster kind {cluster} supprimé")))
    else:
        con.print(
            _ok(
                t(
                    f"no kind cluster named {cluster}: nothing to delete",
                    f"pas de cluster kind nommé {cluster} : rien à supprimer",
                )
            )
        )
    if result.helper_removed:
        con.print(
            _ok(
                t(
                    f"container {kind.CLOUD_PROVIDER_CONTAINER} removed",
                    f"conteneur {kind.CLOUD_PROVIDER_CONTAINER} supprimé",
                )
            )
        )


def status(
    name: NameOpt = None,
    kubeconfig: KubeconfigOpt = None,
    context: ContextOpt = None,
    lang: LangOpt = None,
) -> None:
    """Does the lab's cluster exist, is its node Ready, does cloud-provider-kind run? Exit 1 if not."""
    use_language(lang)
    from rich.markup import escape
    from rich.table import Table

    from k8slab.cluster import kind
    from k8slab.i18n import t

    con = console()
    cluster = name or kind.DEFAULT_CLUSTER_NAME
    result = kind.status(cluster, kubeconfig=kubeconfig, context=context)
    yes, no = "[green]OK[/]", f"[red]{t('NO', 'NON')}[/]"
    table = Table(show_header=True, header_style="bold")
    table.add_column("", no_wrap=True)
    table.add_column(t("what", "quoi"), overflow="fold")
    table.add_column(t("state", "état"), overflow="fold")
    table.add_row(
        yes if result.cluster_exists else no,
        t(f"kind cluster {cluster}", f"cluster kind {cluster}"),
        t("exists", "existe") if result.cluster_exists else t("absent", "absent"),
    )
    if result.node_ready is None:
        node_state = t("no cluster", "pas de cluster")
    else:
        node_state = t("Ready", "Ready") if result.node_ready else t("not Ready", "pas Ready")
        node_state += f" ({escape(result.node_detail)}, {t('context', 'contexte')} {escape(result.context)})"
    table.add_row(yes if result.node_ready else no, t("node", "nœud"), node_state)
    helper = result.helper_state
    table.add_row(
        yes if helper == "running" else no,
        f"cloud-provider-kind ({kind.CLOUD_PROVIDER_CONTAINER})",
        escape(helper) if helper else t("absent", "absent"),
    )
    con.print(table)
    if not result.healthy:
        con.print(
            t(
                "Fix: [bold]k8slab cluster up[/]"
                + ("" if cluster == kind.DEFAULT_CLUSTER_NAME else f" --name {escape(cluster)}"),
                "Pour réparer : [bold]k8slab cluster up[/]"
                + ("" if cluster == kind.DEFAULT_CLUSTER_NAME else f" --name {escape(cluster)}"),
            )
        )
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    cluster = typer.Typer(
        name="cluster", no_args_is_help=True, help="Create, delete or inspect the lab's local kind cluster."
    )
    cluster.command("up")(up)
    cluster.command("down")(down)
    cluster.command("status")(status)
    app.add_typer(cluster, name="cluster")
