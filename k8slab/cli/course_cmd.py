"""``k8slab start`` and ``k8slab watch``: the interactive course and the live checklist."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from k8slab.cli.options import ContextOpt, KubeconfigOpt, LangOpt, console, use_language

NON_INTERACTIVE = (
    "k8slab list, k8slab setup LESSON, k8slab check LESSON, k8slab hint LESSON, "
    "k8slab solve LESSON, k8slab reset LESSON, k8slab watch LESSON"
)

START_HELP = (
    "Take the course: pick a lesson, do each step with kubectl, let k8slab check your work.\n\n"
    "Resumes where you left off; Ctrl-C quits at any time with your progress saved. Needs a terminal: "
    "without one, use k8slab list, setup, check, hint, solve, reset or watch."
)
WATCH_HELP = (
    "A live checklist of your step, checked again as soon as something changes in the lesson's namespace.\n\n"
    "Goes on to the next step by itself when every check passes. Keys: h hint, s solution, n next step, "
    "p previous step, r reset the step, q quit.\n\n"
    "Without a terminal (input or output redirected) it has no keys: it prints the checklist each time it "
    "changes and stops when the lesson is done, or on Ctrl-C."
)


def _needs_terminal() -> None:
    from k8slab.errors import InteractiveSessionError
    from k8slab.i18n import t

    if not sys.stdin.isatty():
        raise InteractiveSessionError(
            t(
                "k8slab start needs a terminal: it asks you questions",
                "k8slab start a besoin d'un terminal : il pose des questions",
            ),
            t(f"without a terminal, use: {NON_INTERACTIVE}", f"sans terminal, utilisez : {NON_INTERACTIVE}"),
        )


def start(kubeconfig: KubeconfigOpt = None, context: ContextOpt = None, lang: LangOpt = None) -> None:
    """``k8slab start`` (help: START_HELP)."""
    use_language(lang)
    _needs_terminal()
    from k8slab.ui.start import run

    run(kubeconfig, context, console())


def watch(
    lesson: Annotated[
        str | None,
        typer.Argument(help="A lesson: lesson-3, 3 or service (default: the lesson in progress).", show_default=False),
    ] = None,
    kubeconfig: KubeconfigOpt = None,
    context: ContextOpt = None,
    lang: LangOpt = None,
) -> None:
    """``k8slab watch`` (help: WATCH_HELP)."""
    use_language(lang)
    from k8slab.ui.watch import run

    code = run(lesson, kubeconfig, context, console())
    if code:
        raise typer.Exit(code)


def register(app: typer.Typer) -> None:
    app.command(help=START_HELP)(start)
    app.command(help=WATCH_HELP)(watch)
