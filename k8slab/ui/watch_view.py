"""What ``k8slab watch`` draws: step title, live checklist (or solution), hint, message, key legend.

The screen is a rich Layout that fills the terminal: the title on top, the key legend at the
bottom, the checklist in between, cut with a notice when the terminal is too small for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.layout import Layout
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel
from rich.segment import Segment
from rich.text import Text as RichText

from k8slab.i18n import t

KEYS = (
    ("h", "hint", "indice"),
    ("s", "solution", "solution"),
    ("n", "next", "suivante"),
    ("p", "previous", "précédente"),
    ("r", "reset", "recommencer"),
    ("q", "quit", "quitter"),
)


@dataclass
class Screen:
    """Everything the watch screen shows, set by the controller."""

    title: str = ""
    status: str = ""
    body: RenderableType | None = None
    intro: RenderableType | None = None  # the step's text, shown above the body when both fit
    more: str = ""  # said when the body is cut
    hint: RenderableType | None = None
    message: RichText | None = None
    prompt: str | None = None  # a question waiting for a key (reset confirmation)
    keys: tuple[tuple[str, str, str], ...] = field(default=KEYS)


class Lines:
    """Pre-rendered lines as a renderable."""

    def __init__(self, lines: Iterable[list[Segment]]) -> None:
        self.lines = list(lines)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines:
            yield from line
            yield Segment.line()


def fit(console: Console, renderable: RenderableType, width: int, height: int, more: str) -> RenderableType:
    """``renderable`` cut to ``height`` lines, the last one saying what was cut."""
    options = console.options.update(width=width, height=None)
    lines = console.render_lines(renderable, options, pad=False)
    if len(lines) <= height:
        return Lines(lines)
    keep = max(0, height - 1)
    notice = console.render_lines(RichText(f"… {more}", style="dim"), options, pad=False)[:1]
    return Lines([*lines[:keep], *notice])


def height_of(console: Console, renderable: RenderableType, width: int) -> int:
    return len(console.render_lines(renderable, console.options.update(width=width, height=None), pad=False))


def legend(keys: Iterable[tuple[str, str, str]]) -> RichText:
    text = RichText()
    for i, (key, en, fr) in enumerate(keys):
        if i:
            text.append("  ")
        text.append(key, style="bold reverse")
        text.append(f" {t(en, fr)}")
    return text


def footer(screen: Screen) -> RenderableType:
    parts: list[RenderableType] = []
    if screen.message is not None:
        parts.append(screen.message)
    if screen.prompt is not None:
        parts.append(RichText(screen.prompt, style="bold"))
    else:
        parts.append(legend(screen.keys))
    return Group(*parts)


def header(screen: Screen) -> RenderableType:
    return Group(
        RichText(screen.title, style="bold", overflow="ellipsis", no_wrap=True),
        RichText(screen.status, style="dim", overflow="ellipsis", no_wrap=True),
    )


def layout(console: Console, screen: Screen) -> Layout:
    """The whole screen at the console's size: the hint goes right under the checklist, which is
    cut first when they do not both fit."""
    width, height = console.size
    bottom = footer(screen)
    bottom_size = min(height_of(console, bottom, width), max(1, height - 6))
    body_size = max(1, height - 2 - bottom_size)
    hint_size = 0 if screen.hint is None else min(height_of(console, screen.hint, width), body_size // 2)
    room = body_size - hint_size
    main = screen.body or RichText("")
    if screen.intro is not None and height_of(console, Group(screen.intro, main), width) <= room:
        main = Group(screen.intro, main)
    body: RenderableType = fit(console, main, width, room, screen.more)
    if screen.hint is not None:
        body = Group(body, screen.hint)
    root = Layout()
    root.split_column(
        Layout(header(screen), size=2),
        Layout(body, size=body_size),
        Layout(bottom, size=bottom_size),
    )
    return root


class LayoutView:
    """Re-lays the screen at the console's current size each time it is drawn."""

    def __init__(self, screen: Screen) -> None:
        self.screen = screen

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        yield layout(console, self.screen)


def hint_panel(text: str, number: int, total: int) -> RenderableType:
    return Panel(
        Markdown(text),
        title=t(f"Hint {number}/{total}", f"Indice {number}/{total}"),
        title_align="left",
        border_style="magenta",
    )


def recap_view(title: str, recap: str, after: str) -> RenderableType:
    return Group(Panel(Markdown(recap), title=escape(title), title_align="left", border_style="green"), RichText(after))
