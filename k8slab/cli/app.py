"""The ``k8slab`` command: assembles the command modules and handles errors in one place."""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Annotated

import typer

from k8slab import __version__

app = typer.Typer(
    name="k8slab",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain help: typer's rich help imports rich's markdown, traceback and syntax modules (and
    # pygments), which roughly doubles the time `k8slab --help` takes.
    rich_markup_mode=None,
    help="Learn Kubernetes on a real local cluster: lessons, checks that explain, a demo mode.",
)

#: One module per command group; each has ``register(app)``.
COMMAND_MODULES = (
    "k8slab.cli.course_cmd",  # start, watch
    "k8slab.cli.lessons_cmd",  # list, check, hint, solve, reset
    "k8slab.cli.demo_cmd",  # demo, map
    "k8slab.cli.author_cmd",  # lint, selftest
    "k8slab.cli.cluster_cmd",  # cluster up|down|status
    "k8slab.cli.doctor_cmd",  # doctor
)

_debug = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"k8slab {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.", envvar="K8SLAB_DEBUG")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """k8slab: learn Kubernetes on a real local cluster."""
    global _debug
    _debug = _debug or debug


for _name in COMMAND_MODULES:
    try:
        _module = import_module(_name)
    except ModuleNotFoundError as _err:  # a command group not installed in this build
        if _err.name != _name:
            raise
        continue
    _module.register(app)


def _print_error(message: str, hint: str | None) -> None:
    from rich.console import Console
    from rich.markup import escape

    err = Console(stderr=True, highlight=False)
    err.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    if hint:
        err.print(f"[dim]hint:[/] {escape(hint)}", soft_wrap=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app, turn k8slab errors into one line and an exit code."""
    from k8slab.errors import K8sLabError

    global _debug
    args = list(sys.argv[1:] if argv is None else argv)
    _debug = "--debug" in args or os.environ.get("K8SLAB_DEBUG", "") not in ("", "0", "false")
    command = typer.main.get_command(app)
    try:
        code = command.main(args=args, prog_name="k8slab", standalone_mode=False)
    except K8sLabError as err:
        if _debug:
            raise
        _print_error(err.message, err.hint)
        sys.exit(err.exit_code)
    except typer.TyperException as err:  # usage errors: wrong option, missing argument
        show = getattr(err, "show", None)
        if callable(show):
            show()
        else:
            _print_error(err.message, None)
        sys.exit(getattr(err, "exit_code", 2))
    except typer.Abort:
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(1)
    if code == 130:  # Ctrl-C (the command saved what it had finished)
        from k8slab.i18n import t

        print(t("interrupted.", "interrompu."), file=sys.stderr)
    sys.exit(code if isinstance(code, int) else 0)
