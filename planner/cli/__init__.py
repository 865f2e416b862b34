"""The `planner` command. Each sub-command family lives in its own module with `register(app)`."""

from __future__ import annotations

import importlib

import typer

from planner.cli.localise import LocalisedGroup, install, lang_option, localise_commands
from planner.i18n import N_

HELP = N_("Sales-resource planner: validate, segment, solve and analyse scenario files.")

app = typer.Typer(
    name="planner",
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=LocalisedGroup,
)



@app.callback(help=HELP)
def _root(lang: str | None = lang_option()) -> None:
    """Sales-resource planner: validate, segment, solve and analyse scenario files."""


# Modules under planner/cli/ that add sub-commands, in help order.
COMMAND_MODULES = ("validate", "segment", "solve", "fit", "books", "bundle", "analysis")

for _name in COMMAND_MODULES:
    importlib.import_module(f"planner.cli.{_name}").register(app)
localise_commands(app)
install()


def main() -> None:
    app()
