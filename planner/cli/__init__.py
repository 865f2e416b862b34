"""The `planner` command. Each sub-command family lives in its own module with `register(app)`."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="planner",
    help="Sales-resource planner: validate, segment, solve and analyse scenario files.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)



@app.callback()
def _root() -> None:
    """Sales-resource planner: validate, segment, solve and analyse scenario files."""


# Modules under planner/cli/ that add sub-commands, in help order.
COMMAND_MODULES = ("validate", "segment", "solve", "fit", "books", "analysis")

for _name in COMMAND_MODULES:
    importlib.import_module(f"planner.cli.{_name}").register(app)


def main() -> None:
    app()
