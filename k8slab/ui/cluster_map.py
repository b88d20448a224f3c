"""Draw the cluster as the workshop's diagram: a cluster box holding the control plane and the nodes.

Narrow terminals (80 columns) get the boxes stacked; wide ones get the control plane on the
left and the nodes on the right. Every state is a mark and a word, so it reads without colour.
Also draws the rows of a lesson namespace for the demo (:func:`objects_table`).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from k8slab.i18n import t

if TYPE_CHECKING:
    from k8slab.cluster.client import Cluster
    from k8slab.engine.cluster_picture import ClusterPicture, Component, ControlPlane, NodeBox
    from k8slab.engine.object_state import IngressLink, PodState, ServiceLink

#: state -> (mark, style)
MARKS = {
    "ready": ("✓", "green"),
    "starting": ("◐", "yellow"),
    "failing": ("✗", "bold red"),
    "done": ("·", "dim"),
    "terminating": ("◌", "dim"),
    "unknown": ("?", "yellow"),
}
WIDE = 140  # from this width on, the control plane sits left of the nodes


def legend() -> str:
    return t(
        "✓ ready  ◐ starting  ✗ failing  ◌ terminating  · completed",
        "✓ prêt  ◐ démarre  ✗ en échec  ◌ s'arrête  · terminé",
    )


def mark(state: str) -> Text:
    symbol, style = MARKS.get(state, MARKS["unknown"])
    return Text(symbol, style=style)


class Flow:
    """Items laid out left to right, wrapping between items (never inside one)."""

    def __init__(self, items: Sequence[Text], gap: int = 2) -> None:
        self.items = list(items)
        self.gap = gap

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if not self.items:
            return Measurement(0, 0)
        widths = [i.cell_len for i in self.items]
        return Measurement(min(max(widths), options.max_width), sum(widths) + self.gap * (len(widths) - 1))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        line = Text()
        for item in self.items:
            needed = item.cell_len + (self.gap if line.cell_len else 0)
            if line.cell_len and line.cell_len + needed > width:
                yield line
                line = Text()
            if line.cell_len:
                line.append(" " * self.gap)
            line.append_text(item)
        if line.cell_len:
            yield line


def pod_item(pod: PodState) -> Text:
    text = Text.assemble(mark(pod.state), " ", (pod.name, "bold" if pod.state == "ready" else ""))
    if pod.state != "ready":
        text.append(f" ({pod.reason}{'' if pod.state in ('failing', 'terminating') else ' ' + pod.ready})", "dim")
    return text


# --- the boxes -------------------------------------------------------------------------------


def _source_label(component: Component) -> str:
    if component.source == "pod":
        return ""
    if not component.source:
        return t("(the API does not say)", "(l'API ne le dit pas)")
    return t(f"(from {component.source})", f"(selon {component.source})")


def control_plane_box(cp: ControlPlane, dense: int = 0) -> Panel:
    grid = Table.grid(padding=(0, 2))
    if dense:  # two components a line, without where each fact comes from
        for _ in range(4):
            grid.add_column(no_wrap=True)
        cells = [(Text.assemble(mark(c.state), " ", (c.name, "bold")), Text(c.detail, "dim")) for c in cp.components]
        for i in range(0, len(cells), 2):
            grid.add_row(*cells[i], *(cells[i + 1] if i + 1 < len(cells) else ("", "")))
    else:
        grid.add_column(no_wrap=True)
        grid.add_column()
        grid.add_column(style="dim")
        for comp in cp.components:
            grid.add_row(Text.assemble(mark(comp.state), " ", (comp.name, "bold")), comp.detail, _source_label(comp))
    if cp.from_pods and not cp.from_api:
        where = ", ".join(cp.nodes)
        note = t(f"static pods in kube-system, on {where}", f"pods statiques dans kube-system, sur {where}")
    elif cp.from_pods:
        note = t("some are pods, the rest as the API reports", "des pods, et le reste selon l'API")
    else:
        note = t(
            "not pods here: health as the API server reports it",
            "pas des pods ici : santé selon l'API server",
        )
    failing = any(c.state == "failing" for c in cp.components)
    return Panel(
        grid,
        title=t("[bold]control plane[/]", "[bold]control plane (plan de contrôle)[/]"),
        title_align="left",
        subtitle=f"[dim]{note}[/]",
        subtitle_align="left",
        border_style="red" if failing else "magenta",
    )


def _system_line(pods: Sequence[PodState]) -> Text:
    bad = [p for p in pods if p.state not in ("ready", "done")]
    text = Text(t(f"{len(pods)} pods", f"{len(pods)} pods"), style="dim")
    if not bad:
        text.append(t(", all ready", ", tous prêts"), style="dim")
        return text
    text.append(", ")
    for pod in bad:
        text.append_text(pod_item(pod))
        text.append(" ")
    return text


def pod_items(pods: Sequence[PodState], dense: int) -> list[Text]:
    """Each pod, or (``dense``) a count of the ready ones and only the others by name."""
    ready = [p for p in pods if p.state == "ready"]
    if not dense or len(ready) <= 2:
        return [pod_item(p) for p in pods]
    count = Text.assemble(mark("ready"), " ", (t(f"{len(ready)} ready", f"{len(ready)} prêts"), "bold"))
    return [count] + [pod_item(p) for p in pods if p.state != "ready"]


def node_box(node: NodeBox, dense: int = 0) -> Panel:
    state = Text("✓ Ready", style="green") if node.ready else Text(f"✗ {node.condition}", style="bold red")
    title = Text.assemble(("node ", "bold"), (node.name, "bold"), "  ", state)
    if node.control_plane:
        title.append(t("  (runs the control plane)", "  (porte le control plane)"), style="dim")
    facts = [f"kubelet {node.kubelet}", node.runtime] + ([node.address] if node.address else [])
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="cyan")
    grid.add_column()
    shown = node.namespaces
    if dense >= 2:  # namespaces whose pods are all fine share one line
        fine = [(ns, pods) for ns, pods in shown if all(p.state in ("ready", "done") for p in pods)]
        if fine:
            grid.add_row(
                Text.assemble(mark("ready"), (t(" all ready", " tout prêt"), "green")),
                Flow([Text(f"{ns} ({len(pods)})") for ns, pods in fine]),
            )
        shown = tuple(item for item in shown if item not in fine)
    for namespace, pods in shown:
        grid.add_row(namespace, Flow(pod_items(pods, dense)))
    if not node.namespaces:
        grid.add_row(Text(t("no lab pod here yet", "pas encore de pod du lab ici"), style="dim"), "")
    if node.system:
        grid.add_row(Text("kube-system", style="dim"), _system_line(node.system))
    body = Group(Text(" · ".join(f for f in facts if f), style="dim"), grid)
    return Panel(body, title=title, title_align="left", border_style="cyan" if node.ready else "red")


def unscheduled_box(pods: Sequence[PodState]) -> Panel:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="cyan")
    grid.add_column()
    namespaces = dict.fromkeys(p.namespace for p in pods)
    for ns in namespaces:
        grid.add_row(ns, Flow([pod_item(p) for p in pods if p.namespace == ns]))
    return Panel(
        grid,
        title=t("[bold]on no node (yet)[/]", "[bold]sur aucun nœud (pour l'instant)[/]"),
        title_align="left",
        border_style="yellow",
    )


def _service_targets(link: ServiceLink, dense: int = 0) -> Flow:
    if dense and len(link.ready) > 2:
        items = [Text.assemble(mark("ready"), " ", (t(f"{len(link.ready)} pods", f"{len(link.ready)} pods"), "bold"))]
    else:
        items = [Text.assemble(mark("ready"), " ", (p, "bold")) for p in link.ready]
    items += [
        Text.assemble(mark("starting"), " ", p, (t(" (not ready)", " (pas prêt)"), "dim")) for p in link.not_ready
    ]
    if not items:
        why = t("no pod behind it", "aucun pod derrière") if link.selector else t("no selector", "pas de sélecteur")
        items = [Text.assemble(mark("failing"), " ", (why, "yellow"))]
    return Flow(items)


def services_box(services: Sequence[ServiceLink], ingresses: Sequence[IngressLink], dense: int = 0) -> Panel:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column()
    if dense >= 2:  # Services whose pods are all ready share one line
        fine = [s for s in services if s.ready and not s.not_ready]
        if fine:
            grid.add_row(
                Text.assemble(mark("ready"), (t(" with ready pods", " avec pods prêts"), "green")),
                "",
                Flow([Text(f"{s.namespace}/{s.name} ({len(s.ready)})") for s in fine]),
            )
        services = [s for s in services if s not in fine]
    for namespace in dict.fromkeys([s.namespace for s in services] + [i.namespace for i in ingresses]):
        for link in (s for s in services if s.namespace == namespace):
            name = Text.assemble((f"{namespace}/", "dim"), (link.name, "bold"))
            if not dense:
                name.append(f"\n  {link.type} {link.ports}", "dim")
            grid.add_row(name, "→", _service_targets(link, dense))
        for ing in (i for i in ingresses if i.namespace == namespace):
            served = f"@ {ing.address}" if ing.address else t("no address yet", "pas encore d'adresse")
            name = Text.assemble((f"{namespace}/", "dim"), (ing.name, "bold"))
            routes = [Text(r) for r in ing.routes]
            if dense:
                routes.append(Text(served, "dim"))
            else:
                name.append(f"\n  Ingress {served}", "dim")
            grid.add_row(name, "", Flow(routes, gap=3))
    title = t("[bold]Services → pods[/]", "[bold]Services → pods[/]")
    if ingresses:
        title = t("[bold]Services → pods, Ingress → Services[/]", "[bold]Services → pods, Ingress → Services[/]")
    return Panel(grid, title=title, title_align="left", border_style="blue")


# --- the whole picture -----------------------------------------------------------------------


def _stack(parts: Iterable[RenderableType]) -> Group:
    return Group(*parts)


def picture_view(picture: ClusterPicture, width: int = 80, dense: int = 0) -> RenderableType:
    """The cluster box: control plane, nodes, pods not yet on a node, Services and Ingresses.

    ``dense`` (0, 1, 2) trades detail for height: ready pods counted rather than named, one
    line per Service, two components a line.
    """
    nodes: list[RenderableType] = [node_box(n, dense) for n in picture.nodes]
    if not picture.nodes:
        nodes.append(Panel(t("no node has joined the cluster", "aucun nœud n'a rejoint le cluster"), style="red"))
    if picture.unscheduled:
        nodes.append(unscheduled_box(picture.unscheduled))
    top: RenderableType
    if width >= WIDE:
        row = Table.grid(padding=(0, 1), expand=True)
        row.add_column(no_wrap=True)
        row.add_column()
        row.add_row(control_plane_box(picture.control_plane, dense), _stack(nodes))
        top = row
    else:
        top = _stack([control_plane_box(picture.control_plane, dense), *nodes])
    parts: list[RenderableType] = [top]
    if picture.services or picture.ingresses:
        parts.append(services_box(picture.services, picture.ingresses, dense))
    elif picture.lab_namespaces:
        parts.append(Text(t("  no Service in the lab namespaces", "  aucun Service dans les namespaces du lab"), "dim"))
    for note in picture.notes:
        parts.append(Text(f"  {note}", style="dim"))
    heading = Text.assemble(
        (t("cluster", "cluster"), "bold"),
        " ",
        (picture.context, "bold cyan"),
        f" · Kubernetes {picture.server_version}",
    )
    return Panel(
        Group(*parts), title=heading, title_align="left", subtitle=f"[dim]{legend()}[/]", subtitle_align="left"
    )


def picture_lines(picture: ClusterPicture, width: int = 80, dense: int = 0) -> list[str]:
    """The picture as plain text lines (no colour), ``width`` columns wide."""
    console = Console(width=width, no_color=True, color_system=None, file=io.StringIO())
    with console.capture() as capture:
        console.print(picture_view(picture, width, dense))
    return capture.get().splitlines()


def fitting_view(picture: ClusterPicture, console: Console, height: int) -> tuple[RenderableType, int]:
    """The most detailed picture that fits ``height`` lines (else the densest), and its density."""
    for dense in (0, 1, 2):
        view = picture_view(picture, console.width, dense)
        if len(console.render_lines(view, console.options, pad=False)) <= height:
            break
    return view, dense


# --- k8slab map ------------------------------------------------------------------------------

WATCHED = ("Pod", "Service", "Endpoints", "Node", "Namespace", "Ingress")
DEBOUNCE = 0.5  # seconds: a burst of events gives one redraw
FALLBACK = 15.0  # seconds: redraw anyway (if a watch cannot be opened, the picture still moves)


def run_map(cluster: Cluster, console: Console, *, watch: bool) -> None:
    """Print the picture once, or keep it up to date until q or Ctrl-C (``watch``).

    In a terminal the picture is redrawn in place (condensed to fit the screen); without one,
    each new picture is printed after the previous one.
    """
    import time

    from rich.live import Live

    from k8slab.cluster.watcher import NamespaceWatcher
    from k8slab.engine.cluster_picture import read_picture
    from k8slab.ui.keys import KeyReader

    if not watch:
        console.print(picture_view(read_picture(cluster), console.width))
        return

    def frame() -> RenderableType:
        now = time.strftime("%H:%M:%S")
        status = t(f"  {now} · redrawn on each change · q quits", f"  {now} · redessiné à chaque changement · q quitte")
        view, dense = fitting_view(read_picture(cluster), console, console.height - 1)
        if dense:
            status += t(" · condensed", " · condensé")
        return Group(Text(status, style="dim", overflow="ellipsis", no_wrap=True), view)  # cut at the bottom

    # an empty namespace: the kinds are watched across the whole cluster
    with NamespaceWatcher(cluster, "", WATCHED) as watcher, KeyReader() as keys:
        if not console.is_terminal:
            while True:
                console.print(picture_view(read_picture(cluster), console.width))
                while not watcher.wait(FALLBACK, settle=DEBOUNCE):
                    pass
        with Live(frame(), console=console, screen=True, auto_refresh=False, transient=True) as live:
            drawn = time.monotonic()
            while keys.read(0.2) not in ("q", "escape"):
                if watcher.wait(0, settle=DEBOUNCE) or time.monotonic() - drawn > FALLBACK:
                    live.update(frame(), refresh=True)
                    drawn = time.monotonic()
    console.print(picture_view(read_picture(cluster), console.width))
