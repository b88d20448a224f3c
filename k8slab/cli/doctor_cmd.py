"""``k8slab doctor``: a table of what the lab needs, each with its state and its fix."""

from __future__ import annotations

import typer

from k8slab.cli.cluster_cmd import HttpPortOpt, HttpsPortOpt
from k8slab.cli.options import ContextOpt, KubeconfigOpt, LangOpt, console, use_language


def doctor(
    http_port: HttpPortOpt = 80,
    https_port: HttpsPortOpt = 443,
    kubeconfig: KubeconfigOpt = None,
    context: ContextOpt = None,
    lang: LangOpt = None,
) -> None:
    """Check Docker, kind, kubectl, free host ports, inotify limits and the lab cluster. Exit 1 if one
    the lab needs fails."""
    use_language(lang)
    from rich.markup import escape
    from rich.table import Table

    from k8slab import doctor as checks
    from k8slab.i18n import t

    con = console()
    with con.status(t("Checking…", "Vérification…")):
        rows = checks.run_checks(http_port=http_port, https_port=https_port, kubeconfig=kubeconfig, context=context)
    table = Table(show_header=True, header_style="bold", expand=True)
    table.add_column("", no_wrap=True)
    table.add_column(t("check", "vérification"), overflow="fold", ratio=2)
    table.add_column(t("found", "constaté"), overflow="fold", ratio=2)
    table.add_column(t("fix", "correction"), overflow="fold", ratio=3)  # commands stay whole
    for row in rows:
        if row.ok:
            state = "[green]OK[/]"
        elif row.required:
            state = f"[red]{t('missing', 'manquant')}[/]"
        else:
            state = f"[yellow]{t('missing (optional)', 'manquant (facultatif)')}[/]"
        table.add_row(
            state,
            escape(str(row.name)),
            escape(str(row.detail)),
            "" if row.ok or row.fix is None else escape(str(row.fix)),
        )
    con.print(table)
    failed = checks.failed_required(rows)
    if failed:
        con.print(
            t(
                f"[red]{len(failed)} required item(s) to fix[/], then run [bold]k8slab doctor[/] again.",
                f"[red]{len(failed)} point(s) indispensable(s) à corriger[/], puis relancez [bold]k8slab doctor[/].",
            )
        )
        raise typer.Exit(1)
    con.print(
        t("[green]All set.[/] Next: [bold]k8slab start[/]", "[green]Tout est prêt.[/] Ensuite : [bold]k8slab start[/]")
    )


def register(app: typer.Typer) -> None:
    app.command("doctor")(doctor)
